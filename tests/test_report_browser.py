"""report.html in real headless Chromium, network blocked: the Alpine example's report renders
offline with decoded plots, candidate tables and the stress test, and hostile names in the
input never become markup. Needs Debian's ``chromium`` (``make browser``).

The tutorial's pictures come from the same Alpine scan through ``make screenshots``
(``tools/screenshots.py``), so the tutorial never shows a stale product.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from helpers.browser import open_page

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

# For every <h3> of one <h2> section (found by its title): its text and its tables.
SECTION_TABLES = """(title) => {
  const out = [];
  const h2 = [...document.querySelectorAll('h2')].find(h => h.textContent === title);
  let el = h2.nextElementSibling;
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
        tables = s.page.evaluate(SECTION_TABLES, "Top candidates")
    by_kind = {KIND_HEADINGS[t["heading"]]: t for t in tables if t["heading"] in KIND_HEADINGS}
    assert set(by_kind) == set(pairings["kind"])
    for kind, table in by_kind.items():
        assert table["head"][:4] == ["#", "candidate", "score", "evidence"], table["head"]
        of_kind = pairings[pairings["kind"] == kind]
        of_kind = of_kind.sort_values("kind_rank", key=lambda c: c.astype(int))
        shown = min(len(of_kind), 10)
        assert len(table["rows"]) == shown, kind
        # The rows are the best of that kind, numbered within the kind, evidence verbatim.
        assert [r[0] for r in table["rows"]] == [str(i) for i in range(1, shown + 1)], kind
        assert [r[3] for r in table["rows"]] == list(of_kind["evidence"][:shown]), kind
        # The other columns are one click away, in each row's details.
        assert table["head"][-1] == "details"


@pytest.mark.slow
def test_report_alpine_stress_section_one_row_per_region(browser, alps):
    stress = pd.read_csv(alps / "stress.csv", dtype=str, keep_default_na=False)
    with open_page(browser, alps / "report.html") as s:
        tables = s.page.evaluate(SECTION_TABLES, "S3 stress test")
    assert len(tables) == 1
    rows = tables[0]["rows"]
    assert len(rows) == len(stress) == 11
    assert {r[0] for r in rows} == set(stress["region_id"])


@pytest.mark.slow
def test_report_alpine_key_findings_fill_the_first_screen(browser, alps):
    """At 1280x720 the first screen is the key findings, naming the best candidate of each
    kind (the kind_rank 1 row of pairings.csv, with its evidence) before any scrolling."""
    pairings = pd.read_csv(alps / "pairings.csv", dtype=str, keep_default_na=False)
    with open_page(browser, alps / "report.html", viewport=(1280, 720)) as s:
        page = s.page
        box = page.evaluate(
            "() => { const r = document.getElementById('key-findings').getBoundingClientRect();"
            " return [r.top, r.bottom, scrollY]; }"
        )
        assert box[2] == 0 and box[0] >= 0 and box[1] <= 720, box
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('#key-findings .kind')].map(k => ({
              title: k.querySelector('h3').textContent,
              lead: k.querySelector('li .lead').textContent,
              text: k.querySelector('li .text').textContent,
              bottom: k.querySelector('li').getBoundingClientRect().bottom}))"""
        )
        regions = dict(pd.read_csv(ALPINE / "regions.csv", dtype=str)[["region_id", "name"]].values)
        assert len(boxes) == len(set(pairings["kind"])) == 5
        titles = {
            "Shared priorities": "shared-priority", "Value-chain complements": "value-chain",
            "Related diversification": "relatedness", "Joint pilots": "pilot",
            "Synchronized calls": "call",
        }  # fmt: skip
        for b in boxes:
            kind = titles[b["title"]]
            best = pairings[(pairings["kind"] == kind) & (pairings["kind_rank"] == "1")].iloc[0]
            assert b["lead"].startswith("#1 ") and b["bottom"] <= 720, b
            assert b["text"] == best["evidence"], kind
            named = [r for r in best["regions"].split(";") if regions.get(r) in b["lead"]]
            assert named, (kind, b["lead"])
        for heading in ("Weak spots (stress test)", "Funding gaps of the best calls",
                        "What to do next"):  # fmt: skip
            assert page.locator(f"#key-findings h3:text-is('{heading}')").count() == 1


@pytest.mark.slow
def test_report_alpine_summary_prints_on_one_page_and_report_prints(browser, alps):
    with open_page(browser, alps / "summary.html") as s:
        assert s.page.title() == "Synergy scan: key findings"
        assert s.page.locator("#key-findings .kind").count() == 5
        pdf = s.page.pdf(format="A4", print_background=True)
        assert s.page_errors == [] and s.blocked == []
    # One /Type /Page object per printed page (/Type /Pages is the page tree).
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    with open_page(browser, alps / "report.html") as s:
        s.page.emulate_media(media="print")
        hidden = s.page.evaluate(
            "() => [getComputedStyle(document.querySelector('nav')).display,"
            " getComputedStyle(document.getElementById('key-findings')).breakAfter]"
        )
        assert hidden == ["none", "page"]
        pages = s.page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pages)) > 5


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
