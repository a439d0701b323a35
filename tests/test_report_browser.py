"""report.html in real headless Chromium, network blocked: the Alpine example's report renders
offline with decoded plots, candidate tables and the stress test, and hostile names in the
input never become markup. Needs Debian's ``chromium`` (``make browser``).

The tutorial's pictures come from the same Alpine scan through ``make screenshots``
(``tools/screenshots.py``), so the tutorial never shows a stale product.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from helpers.browser import launch_browser, open_page, require_chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ALPINE = ROOT / "examples" / "alpine-space"
MINI = Path(__file__).resolve().parent / "data" / "mini"
IMG_DIR = ROOT / "docs" / "img"
MAX_PNG_BYTES = 400_000

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(1)</script>"

# The report's candidate sub-sections, in the order the report lists them.
KIND_HEADINGS = {
    "Shared priorities": "shared-priority",
    "Value-chain complements": "value-chain",
    "Related diversification": "relatedness",
    "Joint pilot candidates": "pilot",
    "Synchronized call candidates": "call",
}

# For every <h3> of one <h2> section: its text, the next table's header and first row.
SECTION_TABLES = """(id) => {
  const out = [];
  let el = document.getElementById(id).nextElementSibling;
  let heading = null;
  while (el && el.tagName !== 'H2') {
    if (el.tagName === 'H3') heading = el.textContent;
    const table = el.matches('div.tablewrap') ? el.querySelector('table') : null;
    if (table) {
      const head = [...table.querySelectorAll('thead th')].map(c => c.textContent);
      const rows = [...table.querySelectorAll('tbody tr')].map(
        r => [...r.cells].map(c => c.textContent));
      out.push({heading, head, rows});
    }
    el = el.nextElementSibling;
  }
  return out;
}"""

# Every image, once decoded: data URIs only, and what the browser made of them.
IMAGES = """async () => {
  const imgs = [...document.images];
  await Promise.all(imgs.map(i => i.decode().catch(() => null)));
  return imgs.map(i => ({
    data: i.src.startsWith('data:image/png;base64,'),
    width: i.naturalWidth, height: i.naturalHeight, alt: i.alt}));
}"""


def _scan(dataset: Path, out: Path) -> Path:
    from synergy.outputs.scan_files import write_scan
    from synergy.pipeline import scan

    write_scan(scan(dataset), out)
    return out


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    with launch_browser() as b:
        yield b


@pytest.fixture(scope="module")
def alps(tmp_path_factory) -> Path:
    """Return the output folder of one scan of the Alpine example."""
    return _scan(ALPINE, tmp_path_factory.mktemp("alps") / "out")


def _edit_csv(path: Path, change) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    for row in rows:
        change(row)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def hostile_dataset(target: Path) -> Path:
    """Return a copy of tests/data/mini with markup in a cluster name, an alias and a title.

    The alias is also used as a cluster's region reference, so it reaches the report's
    resolution table; the title is the one both hydrogen regions share, so it reaches the
    evidence of a shared-priority candidate.
    """
    shutil.copytree(MINI, target)

    def region(row):
        if row["region_id"] == "R2":
            row["aliases"] += ";" + HOSTILE_SCRIPT

    def priority(row):
        if (row["region_id"], row["priority_id"]) == ("R1", "P1"):
            row["title"] = HOSTILE_SCRIPT

    def cluster(row):
        if row["cluster_id"] == "c-alpha-h2":
            row["name"] = HOSTILE_IMG
        if row["cluster_id"] == "c-beta-h2":
            row["region_id"] = HOSTILE_SCRIPT

    _edit_csv(target / "regions.csv", region)
    _edit_csv(target / "priorities.csv", priority)
    _edit_csv(target / "clusters.csv", cluster)
    return target


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    return _scan(hostile_dataset(root / "mini"), root / "out")


# --------------------------------------------------------------------------- Alpine report


@pytest.mark.slow
def test_report_alpine_renders_offline_without_errors(browser, alps):
    with open_page(browser, alps / "report.html") as s:
        assert s.page.title() == "Synergy scan report"
        assert s.blocked == []
        assert s.requests and all(u.startswith(("file:", "data:")) for u in s.requests)
        assert s.console_errors == [] and s.page_errors == []
        assert s.alerts() == []
        assert s.page.evaluate("document.scripts.length") == 0
        # Every contents link lands on a section that exists.
        targets = s.page.eval_on_selector_all("nav a", "as => as.map(a => a.hash.slice(1))")
        assert len(targets) >= 5
        for target in targets:
            assert s.page.locator(f"h2#{target}").count() == 1, target


@pytest.mark.slow
def test_report_alpine_plots_decoded(browser, alps):
    pngs = sorted((alps / "img").glob("*.png"))
    with open_page(browser, alps / "report.html") as s:
        images = s.page.evaluate(IMAGES)
        figures = s.page.locator("figure img").count()
    assert len(images) >= 2
    assert len(images) == len(pngs) == figures
    for image in images:
        assert image["data"], image
        assert image["width"] > 100 and image["height"] > 100, image
        assert image["alt"], image


@pytest.mark.slow
def test_report_alpine_candidate_tables_match_pairings(browser, alps):
    pairings = pd.read_csv(alps / "pairings.csv", dtype=str, keep_default_na=False)
    with open_page(browser, alps / "report.html") as s:
        tables = s.page.evaluate(SECTION_TABLES, "s4")
    by_kind = {KIND_HEADINGS[t["heading"]]: t for t in tables if t["heading"] in KIND_HEADINGS}
    assert set(by_kind) == set(pairings["kind"])
    for kind, table in by_kind.items():
        assert "rank" in table["head"] and "evidence" in table["head"], table["head"]
        of_kind = pairings[pairings["kind"] == kind]
        shown = min(len(of_kind), 10)
        assert len(table["rows"]) == shown, kind
        # The rows are the best of that kind, best first, with their evidence verbatim.
        rank_col, ev_col = table["head"].index("rank"), table["head"].index("evidence")
        assert [r[rank_col] for r in table["rows"]] == list(of_kind["rank"][:shown]), kind
        assert [r[ev_col] for r in table["rows"]] == list(of_kind["evidence"][:shown]), kind


@pytest.mark.slow
def test_report_alpine_stress_section_one_row_per_region(browser, alps):
    stress = pd.read_csv(alps / "stress.csv", dtype=str, keep_default_na=False)
    with open_page(browser, alps / "report.html") as s:
        assert s.page.inner_text("h2#s5") == "S3 stress test"
        tables = s.page.evaluate(SECTION_TABLES, "s5")
    assert len(tables) == 1
    rows = tables[0]["rows"]
    assert len(rows) == len(stress) == 11
    assert {r[0] for r in rows} == set(stress["region_id"])


# --------------------------------------------------------------------------- hostile names


def test_report_hostile_names_stay_text(browser, hostile):
    with open_page(browser, hostile / "report.html") as s:
        page = s.page
        assert s.alerts() == []
        assert s.blocked == [] and s.page_errors == []
        # Nothing the hostile strings would create: no script, no image outside the plots.
        assert page.evaluate("document.scripts.length") == 0
        assert (
            page.evaluate("[...document.images].filter(i => !i.src.startsWith('data:')).length")
            == 0
        )
        assert page.locator("img[src='x'], img[onerror]").count() == 0
        # ... yet the strings are in the report, shown as the text they are.
        text = page.inner_text("body")
        assert text.count(HOSTILE_IMG) >= 2
        assert text.count(HOSTILE_SCRIPT) >= 2
        cells = page.eval_on_selector_all(
            "td", "tds => tds.filter(td => td.children.length === 0).map(td => td.textContent)"
        )
        assert HOSTILE_IMG in cells and HOSTILE_SCRIPT in cells
