"""Refresh the tutorial's pictures in docs/img/ from a scan of the Alpine example.

    python tools/screenshots.py            # or: make screenshots
    python tools/screenshots.py --out DIR  # somewhere else, to look before replacing

Scans ``examples/alpine-space`` into a temporary folder, opens its ``report.html`` and
``graph.html`` in Debian's headless Chromium (network blocked, as in the browser tests) and
saves the screenshots the tutorial shows, so it never shows a stale product. Each step checks
what it photographs (the search selects the right cluster, the filter hides nodes, no page
error, no network request) and stops with a message when something is off.
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the browser helper the browser tests use

from helpers.browser import launch_browser, open_page  # noqa: E402

ALPINE = ROOT / "examples" / "alpine-space"
IMG_DIR = ROOT / "docs" / "img"
MAX_PNG_BYTES = 400_000
READY = "() => window.synergyExplorer && window.synergyExplorer.ready === true"


def check(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"screenshots: {what}")


def save_png(data: bytes, name: str) -> Path:
    """Write a screenshot to docs/img, in fewer colours when large; return its path."""
    from PIL import Image

    path = IMG_DIR / name
    image = Image.open(io.BytesIO(data)).convert("RGB")
    out = data
    # Fewer colours until the file leaves headroom below the limit (graph layouts vary a bit).
    for colors in (256, 128, 64):
        if len(out) <= MAX_PNG_BYTES * 3 // 4:
            break
        buf = io.BytesIO()
        small = image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=0)
        small.save(buf, format="PNG", optimize=True)
        out = buf.getvalue()
    path.write_bytes(out)
    size = path.stat().st_size
    check(5_000 < size < MAX_PNG_BYTES, f"{name} has {size} bytes")
    return path


def section_clip(page, first: str, until: str, max_height: int = 760) -> dict:
    """Return the page area from the h2 titled ``first`` to the h2 titled ``until``."""
    box = page.evaluate(
        """([a, b]) => {
          const h2 = t => [...document.querySelectorAll('h2')].find(h => h.textContent === t);
          const top = h2(a).getBoundingClientRect().top + scrollY;
          const end = h2(b).getBoundingClientRect().top + scrollY;
          const main = document.querySelector('main').getBoundingClientRect();
          return {x: main.left, y: top - 8, width: main.width, height: end - top};
        }""",
        [first, until],
    )
    box["height"] = min(box["height"], max_height)
    return box


def report_shots(browser, out: Path) -> None:
    """The report's first screen at 1280x720 (key findings), its figures and two sections."""
    with open_page(browser, out / "report.html", viewport=(1280, 720)) as s:
        page = s.page
        bottom = page.evaluate(
            "document.getElementById('key-findings').getBoundingClientRect().bottom"
        )
        check(bottom <= 720, f"the key findings end at {bottom}px, below the first screen")
        save_png(page.screenshot(), "report-top.png")
        save_png(page.locator("figure").first.screenshot(), "report-heatmap.png")
        save_png(page.locator("figure").nth(1).screenshot(), "report-value-chains.png")
        save_png(
            page.screenshot(
                full_page=True, clip=section_clip(page, "Top candidates", "S3 stress test", 620)
            ),
            "report-candidates.png",
        )
        save_png(
            page.screenshot(
                full_page=True,
                clip=section_clip(page, "Stress-test flags", "Benchmark of the regions"),
            ),
            "report-stress.png",
        )
        check(s.blocked == [] and s.page_errors == [], f"report.html: {s.blocked, s.page_errors}")


def explorer_shots(browser, out: Path) -> None:
    """graph.html at 1280x720: on load, a search, a filter, the best candidate selected."""
    with open_page(browser, out / "graph.html", viewport=(1280, 720)) as s:
        page = s.page
        page.wait_for_function(READY, timeout=120000)
        drawn = page.evaluate("window.synergyExplorer.nodes.length")
        check(drawn <= 150, f"graph.html opens with {drawn} nodes drawn")
        save_png(page.screenshot(), "explorer-on-load.png")
        page.fill("#search", "kunststoff")
        page.click("#search-results button:has-text('Kunststoff-Cluster (Cluster)')")
        page.click("#details-actions button[data-open='cluster:at31-kunststoff']")
        page.wait_for_timeout(500)
        selected = page.evaluate("window.synergyExplorer.network.getSelectedNodes()")
        check(selected == ["cluster:at31-kunststoff"], f"search selected {selected}")
        details = page.inner_text("#details")
        check(details.startswith("Cluster: Kunststoff-Cluster"), f"details show {details[:60]!r}")
        save_png(page.screenshot(), "explorer-search.png")
        page.fill("#search", "")
        page.click("#filters summary")
        page.check("#filter-regions input[value='region:AT31']")
        page.select_option("#filter-chain", label="Circular plastics")
        page.wait_for_timeout(300)
        status = page.inner_text("#filter-status")
        shown, total = re.match(r"(\d+) of (\d+) nodes", status).groups()
        check(0 < int(shown) < int(total), f"the filter shows {status!r}")
        save_png(page.screenshot(), "explorer-filter.png")
        page.click("#filters-reset")
        page.click("#filters summary")
        page.click("#candidates li >> nth=0")
        page.wait_for_timeout(300)
        check(
            page.inner_text("#details").strip() != "Click a node or a candidate.",
            "clicking the best candidate shows no details",
        )
        save_png(page.screenshot(), "explorer-candidate.png")
        check(s.blocked == [] and s.page_errors == [], f"graph.html: {s.blocked, s.page_errors}")


def main(argv: list[str] | None = None) -> int:
    import argparse

    from helpers.browser import chromium_path

    from synergy.outputs.scan_files import write_scan
    from synergy.pipeline import scan

    global IMG_DIR
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=IMG_DIR, help="folder of the pictures")
    IMG_DIR = parser.parse_args(argv).out.resolve()
    check(chromium_path() is not None, "Debian's chromium is missing: run `make browser`")
    check(ALPINE.is_dir(), f"{ALPINE} is missing; the tutorial shows the Alpine example")
    IMG_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="synergy-shots-") as tmp:
        result = scan(ALPINE)
        out = Path(tmp) / "out"
        write_scan(result, out)
        with launch_browser() as browser:
            report_shots(browser, out)
            explorer_shots(browser, out)
    print(f"Refreshed the tutorial's pictures in {IMG_DIR}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
