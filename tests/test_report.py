"""Tests of synergy.report (build, sections, plots, Markdown) on a hand-built scan.

The graph: AT31 has priority P1 (energy) and cluster c1 (energy); ITC4 has P1 (energy,
mobility) and cluster c2 (mobility); DE21 (hostile name) has P1 (mobility). Value chain h2:
stage prod (actor a1 in AT31) -> stage use (actors a2, a3 in ITC4).
"""

from __future__ import annotations

import base64
import re
import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from synergy.report.build import build_report
from synergy.report.markdown import md_escape
from synergy.report.plots import chain_coverage, make_plots, region_domain_matrix

HOSTILE = "<script>alert(1)</script>"
ATTR = '" onmouseover="x'
PIPE = "a|b"


def make_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()

    def node(nid, kind, name, **attrs):
        g.add_node(nid, kind=kind, name=name, key=nid.split(":", 1)[1], **attrs)

    def edge(u, v, etype, **attrs):
        g.add_edge(u, v, key=etype, type=etype, **attrs)

    node("region:AT31", "Region", "Upper Austria", country="AT", development="advanced")
    node("region:ITC4", "Region", "Lombardy", country="IT", development="advanced")
    node("region:DE21", "Region", HOSTILE, country="DE", development="")
    node("domain:energy", "Domain", "Energy")
    node("domain:mobility", "Domain", "Mobility $x$")
    for region, domains in [
        ("AT31", ["energy"]),
        ("ITC4", ["energy", "mobility"]),
        ("DE21", ["mobility"]),
    ]:
        pid = f"priority:{region}:P1"
        node(pid, "Priority", f"{region} priority", region_id=region)
        edge(f"region:{region}", pid, "HAS_PRIORITY")
        for d in domains:
            edge(pid, f"domain:{d}", "IN_DOMAIN", term=d, score=0.9)
    for cid, region, domain, name in [
        ("c1", "AT31", "energy", "Energy cluster"),
        ("c2", "ITC4", "mobility", ATTR),
    ]:
        node(f"cluster:{cid}", "Cluster", name, region_id=region)
        edge(f"cluster:{cid}", f"region:{region}", "LOCATED_IN")
        edge(f"cluster:{cid}", f"domain:{domain}", "IN_DOMAIN", term=domain, score=1.0)
    node("chain:h2", "ValueChain", "Hydrogen")
    node("stage:h2:use", "Stage", "Use", chain_id="h2", stage_order=2)
    node("stage:h2:prod", "Stage", "Production", chain_id="h2", stage_order=1)
    edge("stage:h2:prod", "chain:h2", "PART_OF")
    edge("stage:h2:use", "chain:h2", "PART_OF")
    edge("stage:h2:prod", "stage:h2:use", "NEXT")
    for aid, region, stage in [
        ("a1", "AT31", "prod"),
        ("a2", "ITC4", "use"),
        ("a3", "ITC4", "use"),
    ]:
        node(f"actor:{aid}", "Actor", aid.upper(), region_id=region)
        edge(f"actor:{aid}", f"region:{region}", "LOCATED_IN")
        edge(f"actor:{aid}", f"stage:h2:{stage}", "ACTIVE_IN")
    return g


def make_pairings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rank": [1, 2, 3],
            "kind": ["shared-priority", "value-chain", "shared-priority"],
            "regions": ["AT31;ITC4", "AT31;ITC4", "DE21;ITC4"],
            "clusters": ["c1;c2", "", ""],
            "domains": ["energy", "energy", "mobility"],
            "chain_id": ["", "h2", ""],
            "score": [0.8, 0.7, 0.5],
            "components": ["overlap=0.8", "complement=0.7", "overlap=0.5"],
            "evidence": ["Both prioritise energy.", f"Split {PIPE} chain.", HOSTILE],
            "involves": ["", "", ""],
        }
    )


@dataclass
class FakeDataset:
    root: Path = Path("/data")
    tables: dict = field(
        default_factory=lambda: {
            "regions": pd.DataFrame({"region_id": ["AT31", "ITC4", "DE21"]}),
            "priorities": pd.DataFrame(
                {
                    "region_id": ["AT31", "ITC4", "DE21", "DE21"],
                    "domains": [["energy"], ["energy", "mobility"], ["mobility"], []],
                    "domain_evidence": [
                        [{"domain": "energy", "term": "Energie", "score": 0.9, "source": "text"}],
                        [
                            {"domain": "energy", "term": "energia", "score": 0.7, "source": "text"},
                            {"domain": "mobility", "term": "m", "score": 1.0, "source": "given"},
                        ],
                        [],
                        [],
                    ],
                }
            ),
        }
    )
    unresolved: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            {
                "file": ["actors.csv"],
                "sheet": [""],
                "row": [4],
                "column": ["region_id"],
                "value": [HOSTILE],
                "reason": ["unknown region"],
                "best_guess": ["DE21"],
                "score": [0.41],
            }
        )
    )
    resolutions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            {
                "file": ["clusters.csv", "actors.csv", "priorities.csv"],
                "sheet": ["", "", "p"],
                "row": [2, 3, 7],
                "column": ["region_id", "region_id", "region_id"],
                "value": ["Baviera", ATTR, "Baviera"],
                "resolved_to": ["DE21", "ITC4", "DE21"],
                "score": [0.95, 0.88, 0.95],
                "method": ["alias", "fuzzy", "alias"],
            }
        )
    )
    merges: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            {
                "region_id": ["AT31"],
                "kept_id": ["a1"],
                "merged_id": ["a1b"],
                "kept_name": ["A1 GmbH"],
                "merged_name": ["A1 gmbh"],
                "score": [0.97],
                "reason": ["legal form"],
            }
        )
    )
    files: list = field(
        default_factory=lambda: [
            {
                "path": "regions.csv",
                "sha256": "ab" * 32,
                "table": "regions",
                "sheet": None,
                "rows_read": 3,
            },
            {
                "path": "AT31/priorities.xlsx",
                "sha256": "cd" * 32,
                "table": "priorities",
                "sheet": "priorities",
                "rows_read": 1,
            },
        ]
    )


@dataclass(frozen=True)
class Weights:
    overlap: float = 0.6
    complement: float = 0.4


@dataclass(frozen=True)
class Settings:
    top_n: int = 10
    weights: Weights = Weights()
    label: str = ATTR


@dataclass
class FakeResult:
    dataset: object
    graph: nx.MultiDiGraph
    pairings: pd.DataFrame
    settings: object
    extras: dict | None = None


def make_result(**over) -> FakeResult:
    stress = pd.DataFrame(
        {"region": ["AT31", "DE21"], "orphan_priorities": [0, 1], "note": ["", HOSTILE]}
    )
    kwargs = dict(
        dataset=FakeDataset(),
        graph=make_graph(),
        pairings=make_pairings(),
        settings=Settings(),
        extras={"stress": stress, "communities": pd.DataFrame()},
    )
    kwargs.update(over)
    return FakeResult(**kwargs)


@pytest.fixture(scope="module")
def report():
    return build_report(make_result())


def png_text_keys(png: bytes) -> list[bytes]:
    """Return the keywords of the PNG's tEXt/iTXt/zTXt chunks."""
    keys, pos = [], 8
    while pos < len(png):
        length, ctype = struct.unpack(">I4s", png[pos : pos + 8])
        if ctype in (b"tEXt", b"iTXt", b"zTXt"):
            keys.append(png[pos + 8 : pos + 8 + length].split(b"\0")[0])
        pos += 12 + length
    return keys


# --------------------------------------------------------------------------- plots data


def test_region_domain_matrix_hand_counts():
    matrix = region_domain_matrix(make_graph())
    expected = pd.DataFrame(
        [[2, 0], [0, 1], [1, 2]],
        index=["region:AT31", "region:DE21", "region:ITC4"],
        columns=["domain:energy", "domain:mobility"],
    )
    assert matrix.astype(int).to_dict() == expected.to_dict()
    assert list(matrix.index) == list(expected.index)


def test_chain_coverage_hand_counts_upstream_first():
    table = chain_coverage(make_graph())["chain:h2"]
    assert list(table.index) == ["stage:h2:prod", "stage:h2:use"]
    assert table.astype(int).to_dict() == {
        "region:AT31": {"stage:h2:prod": 1, "stage:h2:use": 0},
        "region:ITC4": {"stage:h2:prod": 0, "stage:h2:use": 2},
    }


def test_make_plots_png_without_software_metadata():
    images = make_plots(make_graph(), make_pairings())
    assert sorted(images) == ["heatmap", "scores", "value-chains"]
    for png in images.values():
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert b"Software" not in png_text_keys(png)


def test_make_plots_empty_inputs_give_no_images():
    assert make_plots(nx.MultiDiGraph(), pd.DataFrame()) == {}


# --------------------------------------------------------------------------- report content


def test_build_report_markdown_sections_and_tables(report):
    md = report.md
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    # Key findings first, then the details; inputs, matching and settings in the appendix.
    assert headings == [
        "Key findings",
        "Top candidates",
        "S3 stress test",
        "Thematic communities",
        "Plots",
        "Appendix A: What was scanned",
        "Appendix B: What was resolved",
        "Appendix C: What could not be resolved",
        "Appendix D: Settings",
    ]
    assert "### Shared priorities" in md and "### Value-chain complements" in md
    # Per kind: the rank within the kind, the title by name, score and evidence.
    assert "| \\# | candidate | score | evidence |" in md
    assert "| 1 | Upper Austria + Lombardy | 0.800 | Both prioritise energy. |" in md
    assert "| AT31/priorities.xlsx | priorities | priorities | 1 | cdcdcdcdcdcd |" in md
    assert "| priorities | 4 | 3 | 1 | given: 1; text: 2 | 0.867 |" in md
    assert "Could not match 1 entry" in md
    assert "| weights.overlap | 0.600 |" in md
    # lowest-scored resolution first
    assert "| value | resolved to | score | method | times | first seen in |" in md
    assert "| Baviera | DE21 | 0.950 | alias | 2 | clusters.csv, row 2 |" in md
    assert "| alias | 2 |" in md and "| fuzzy | 1 |" in md
    assert md.index("| Baviera |") > md.index("onmouseover")


def test_build_report_markdown_escapes_cells(report):
    md = report.md
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "Split a\\|b chain." in md
    rows = [line for line in md.splitlines() if "Split a" in line and line.startswith("| ")]
    assert rows, "the value-chain row is in a table"
    for line in rows:
        assert len(re.split(r"(?<!\\)\|", line)) == 6  # #, candidate, score, evidence


def test_build_report_html_escapes_hostile_names(report):
    page = report.html
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert ATTR not in page and "&quot; onmouseover=&quot;x" in page
    assert "a|b" in page


def test_build_report_html_self_contained_with_images(report):
    assert sorted(report.images) == ["heatmap", "scores", "value-chains"]
    embedded = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', report.html)
    assert sorted(base64.b64decode(e) for e in embedded) == sorted(report.images.values())
    assert not re.search(r'(src|href)="(?!data:|#)', report.html)
    for name in report.images:
        assert f"](img/{name}.png)" in report.md
    assert report.html.count("<thead><tr><th") == report.html.count("<table>")


def test_build_report_deterministic_bytes(report):
    a, b = report, build_report(make_result())
    assert a.md == b.md and a.html == b.html and a.images == b.images


def test_build_report_empty_scan():
    empty = FakeDataset(
        tables={},
        unresolved=pd.DataFrame(),
        resolutions=pd.DataFrame(),
        merges=pd.DataFrame(),
        files=[],
    )
    report = build_report(
        make_result(dataset=empty, graph=nx.MultiDiGraph(), pairings=pd.DataFrame(), extras=None)
    )
    assert report.images == {}
    assert "The scan found no candidates." in report.md
    assert "Everything in the input was matched" in report.md
    assert "<img" not in report.html


def test_md_escape_leading_markup_and_specials():
    assert md_escape("# title") == "\\# title"
    assert md_escape("- item") == "\\- item"
    assert md_escape("1. first") == "1\\. first"
    assert md_escape("0.880") == "0.880"
    assert md_escape("[x](javascript:y)") == "\\[x\\](javascript:y)"
    assert md_escape("line\nbreak | <b>") == "line break \\| &lt;b&gt;"


# --------------------------------------------------------------------------- real browser


@pytest.mark.browser
def test_report_html_in_chromium_runs_nothing_and_loads_nothing(tmp_path, report):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("needs the Debian package `chromium`")
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "report.html"
    path.write_text(report.html, encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        requests, dialogs = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        page.hover("text=Regions")
        widths = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
        n_scripts = page.evaluate("document.scripts.length")
        title = page.title()
        browser.close()
    assert requests == [path.as_uri()]
    assert dialogs == [] and n_scripts == 0
    assert len(widths) == 3 and all(w > 0 for w in widths)
    assert title == "Synergy scan report"


def test_relatedness_plot_drawn_from_scan_metrics(mini):
    from dataclasses import replace

    from synergy.core.settings import ScanSettings
    from synergy.pipeline import scan
    from synergy.report.plots import relatedness_png

    # three regions cannot carry a complexity ranking: no PCI, no relatedness-complexity plot
    plain = scan(mini)
    assert relatedness_png(plain.metrics, {}) is None
    assert "fewer than the 30" in plain.metrics["complexity_note"]
    # with the safeguards lowered the plot is drawn from the scan's metrics
    settings = ScanSettings()
    low = replace(settings.relatedness, complexity_min_regions=2, complexity_min_stability=-1.0)
    result = scan(mini, replace(settings, relatedness=low))
    png = relatedness_png(result.metrics, {})
    assert png is not None and png.startswith(b"\x89PNG")
    assert relatedness_png({}, {}) is None
    # the chart is part of the report when the metrics exist
    from synergy.report.build import build_report

    assert "relatedness" in build_report(result).images


def many_regions_graph(n: int = 70) -> nx.MultiDiGraph:
    g = make_graph()
    for i in range(n - 3):
        rid = f"X{i:02d}"
        g.add_node(f"region:{rid}", kind="Region", name=f"Region {i}", key=rid, country="XX")
        g.add_node(f"priority:{rid}:P1", kind="Priority", name="p", key=f"{rid}:P1")
        g.add_edge(f"region:{rid}", f"priority:{rid}:P1", key="HAS_PRIORITY", type="HAS_PRIORITY")
        g.add_edge(f"priority:{rid}:P1", "domain:energy", key="IN_DOMAIN", type="IN_DOMAIN")
    return g


def test_build_report_at_scale_caps_tables_and_notes_plots():
    flags = pd.DataFrame({"region": [f"R{i}" for i in range(80)], "severity": ["high"] * 80})
    result = make_result(graph=many_regions_graph(), extras={"stress-flags": flags})
    md = build_report(result, top_n=1).md
    regions = md.split("### Regions", 1)[1].split("\n## ", 1)[0]
    assert regions.count("\n| ") == 2 + 60  # header, rule and 60 of the 70 regions
    assert "Showing the first 60 of 70 rows. The per-region indicators" in regions
    assert "Showing the first 50 of 80 rows. All 80 rows are in stress-flags.csv." in md
    assert "_Only the 60 of 70 regions with the most priorities and clusters are drawn._" in md
    assert "All of them are in pairings.csv and pairings.xlsx." in md


def test_chain_plot_numbers_only_small_tables():
    from synergy.report import plots

    small = make_graph()
    big = make_graph()
    for i in range(300):  # 300 regions with an actor in stage "use": 600 cells
        big.add_node(f"region:Y{i}", kind="Region", name=f"Y{i}", key=f"Y{i}")
        big.add_node(f"actor:y{i}", kind="Actor", name=f"y{i}", key=f"y{i}")
        big.add_edge(f"actor:y{i}", f"region:Y{i}", key="LOCATED_IN", type="LOCATED_IN")
        big.add_edge(f"actor:y{i}", "stage:h2:use", key="ACTIVE_IN", type="ACTIVE_IN")
    drawn: list[bool] = []
    original = plots._draw_counts

    def spy(ax, table, xlabels, ylabels, *, numbers=True, vmax=None):
        drawn.append(numbers and table.size <= plots.MAX_NUMBERED_CELLS)
        return original(ax, table, xlabels, ylabels, numbers=numbers, vmax=vmax)

    plots._draw_counts = spy
    try:
        assert plots.chain_coverage_png(small) and plots.chain_coverage_png(big)
    finally:
        plots._draw_counts = original
    assert drawn == [True, True]  # the big chain is cut to MAX_CHAIN_REGIONS regions
    assert len(plots.chain_coverage(big)["chain:h2"].columns) == 302


# --------------------------------------------------------------------------- key findings


def findings_pairings() -> pd.DataFrame:
    """Two kinds; the global rank interleaves them, kind_rank numbers each kind apart."""
    rows = [
        # rank, kind, kind_rank, regions, clusters, domains, chain, score, evidence, gaps
        (1, "call", 1, "AT31;ITC4", "c1;c2", "energy", "", 0.9, "Call one.", "DE21",
         "DE21: no programme on these domains"),
        (2, "shared-priority", 1, "AT31;ITC4", "c1;c2", "energy", "", 0.8, "Shared one.", "", ""),
        (3, "call", 2, "AT31;DE21", "c1", "mobility", "", 0.7, "Call two.", "DE21;ITC4",
         "DE21: no programme on these domains; ITC4: budget too small"),
        (4, "shared-priority", 2, "DE21;ITC4", "", "mobility", "", 0.6, "Shared two.", "", ""),
        (5, "value-chain", 1, "AT31;ITC4", "", "energy", "h2", 0.5, "Chain one.", "", ""),
        (6, "shared-priority", 3, "AT31;DE21", "", "energy", "", 0.4, "Shared three.", "", ""),
        (7, "shared-priority", 4, "AT31;DE21", "", "energy", "", 0.3, "Shared four.", "", ""),
    ]  # fmt: skip
    columns = ["rank", "kind", "kind_rank", "regions", "clusters", "domains", "chain_id",
               "score", "evidence", "gaps", "gap_reasons"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def findings_result() -> FakeResult:
    flags = pd.DataFrame(
        {
            "region_id": ["AT31", "ITC4", "DE21"],
            "name": ["Upper Austria", "Lombardy", "Dee"],
            "indicator": ["coherence", "single_points", "no_cluster"],
            "severity": ["low", "high", "medium"],
            "message": [
                "Among the least coherent portfolios.",
                "2 value-chain stages rest on a single actor: A (x); B (y).",
                "1 of 1 priorities (P) has no cluster behind it.",
            ],
        }
    )
    return make_result(pairings=findings_pairings(), extras={"stress-flags": flags})


def test_key_findings_best_of_each_kind_by_kind_rank():
    from synergy.report.blocks import Bullets, Group, Heading
    from synergy.report.findings import findings_blocks

    result = findings_result()
    blocks = findings_blocks(result.pairings, result.graph, extras=result.extras, unresolved=1)
    (section,) = blocks
    assert isinstance(section, Group) and section.id == "key-findings"

    def boxes(group):
        for block in group.blocks:
            if isinstance(block, Group) and block.css.startswith("fbox"):
                yield block
            elif isinstance(block, Group):
                yield from boxes(block)

    found = {}
    for box in boxes(section):
        title = next(b.text for b in box.blocks if isinstance(b, Heading))
        items = next(b for b in box.blocks if isinstance(b, Bullets)).items
        found[title] = [(i.lead, i.text) for i in items]
    # Kinds in their usual order, at most 3 each, by kind_rank, named, with their evidence.
    assert list(found)[:3] == ["Shared priorities", "Value-chain complements", "Synchronized calls"]
    assert found["Shared priorities"] == [
        ("#1 Upper Austria + Lombardy", "Shared one."),
        (f"#2 {HOSTILE} + Lombardy", "Shared two."),
        (f"#3 Upper Austria + {HOSTILE}", "Shared three."),
    ]
    assert found["Value-chain complements"] == [
        ("#1 Hydrogen: Upper Austria + Lombardy", "Chain one.")
    ]
    assert found["Synchronized calls"][0] == (
        "#1 Call on Energy: Upper Austria, Lombardy",
        "Call one.",
    )
    # Most severe flags first, cut before their list of items.
    assert found["Weak spots (stress test)"] == [
        ("Lombardy (high)", "2 value-chain stages rest on a single actor"),
        ("Dee (medium)", "1 of 1 priorities (P) has no cluster behind it."),
        ("Upper Austria (low)", "Among the least coherent portfolios."),
    ]
    # A region missing from several of the best calls comes first, with every call and why.
    assert found["Funding gaps of the best calls"] == [
        (HOSTILE, "no programme on these domains for call #1 (Energy); call #2 (Mobility $x$)"),
        ("Lombardy", "budget too small for call #2 (Mobility $x$)"),
    ]
    steps = [lead for lead, _ in found["What to do next"]]
    assert steps == ["Prepare a synchronized call", "Hold a cluster workshop",
                     "Discuss the weak spots", "Fix the input"]  # fmt: skip
    assert found["What to do next"][1][1].startswith("Upper Austria (AT31) takes part in 1 ")


def test_report_opens_on_key_findings_and_writes_a_one_page_summary():
    report = build_report(findings_result())
    html = report.html
    assert html.index('id="key-findings"') < html.index("<nav>") < html.index("Top candidates")
    assert html.index("Top candidates") < html.index("Appendix A: What was scanned")
    # The summary page is the key findings alone, and prints on A4.
    assert 'id="key-findings"' in report.summary and "Appendix" not in report.summary
    assert "@page{size:A4" in report.summary and "<img" not in report.summary
    # Print layout: no contents or fold-outs on paper, key findings alone on the first page.
    assert "@media print{" in html and ".findings{break-after:page}" in html


def test_report_candidate_tables_keep_other_columns_in_details():
    pairings = findings_pairings()
    pairings["stability"] = 0.875  # a column added by another part of the engine
    report = build_report(make_result(pairings=pairings))
    shared = report.html.split("<h3>Shared priorities</h3>", 2)[2].split("<h3>", 1)[0]
    assert '<th scope="col">#</th><th scope="col">candidate</th>' in shared
    assert "<details><summary>more</summary>" in shared
    assert "<dt>stability</dt><dd>0.875</dd>" in shared and "<dt>regions</dt>" in shared
    assert "involves" not in shared  # machine ids stay in pairings.csv
    md_shared = report.md.split("### Shared priorities", 2)[2].split("###", 1)[0]
    assert "stability" not in md_shared


def test_heatmap_and_chain_plots_keep_complete_names():
    from synergy.report import plots

    g = make_graph()
    g.nodes["domain:energy"]["name"] = "Energy efficiency and renewable sources in buildings"
    g.nodes["stage:h2:use"]["name"] = "Use in mobility, industry and heating networks"
    seen: list[list[str]] = []
    original = plots._draw_counts

    def spy(ax, table, xlabels, ylabels, **kw):
        seen.append(list(ylabels))
        return original(ax, table, xlabels, ylabels, **kw)

    plots._draw_counts = spy
    try:
        assert plots.heatmap_png(g) and plots.chain_coverage_png(g)
    finally:
        plots._draw_counts = original
    heat, chain = seen
    assert "Energy efficiency and renewable sources in buildings" in heat
    assert any(label.replace("\n", " ") == "Use in mobility, industry and heating networks"
               for label in chain)  # fmt: skip
    assert not any("\u2026" in label for label in heat + chain)


def test_relatedness_targets_from_candidates_best_first():
    from synergy.report.plots import relatedness_targets

    rows = pd.DataFrame(
        {
            "kind": ["relatedness"] * 3 + ["pilot"],
            "kind_rank": [2, 1, 3, 1],
            "rank": [5, 9, 12, 1],
            "focal_region": ["DE1", "DE1", "ITC1", ""],
            "domains": ["wood", "plastics", "wood", "x"],
        }
    )
    assert relatedness_targets(rows) == {"DE1": ["plastics", "wood"], "ITC1": ["wood"]}


def test_key_findings_say_why_a_kind_has_no_candidates():
    from synergy.report.blocks import Bullets, Group, Heading
    from synergy.report.findings import findings_blocks

    why = "No synchronized call: no two regions run a programme on the same domain."
    (section,) = findings_blocks(findings_pairings(), make_graph(), shortfalls={"pilot": why})
    grid = next(b for b in section.blocks if isinstance(b, Group))
    box = next(
        b
        for b in grid.blocks
        if any(isinstance(h, Heading) and h.text == "Kinds without candidates" for h in b.blocks)
    )
    items = next(b for b in box.blocks if isinstance(b, Bullets)).items
    assert [(i.lead, i.text) for i in items] == [("Joint pilots", why)]
