"""graph.html of the Alpine example in real headless Chromium at 1280x720 (issue 14): it opens
folded at regions and clusters, keeps legend and details on screen, dims all but a candidate's
parties and their neighbours, keeps one colour per region across the scan's and viz's pages,
and shows actors on demand. Needs Debian's ``chromium`` (``make browser``)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from helpers.browser import open_page

from synergy.core import model
from synergy.explorer.page import render_graph_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
ALPINE = ROOT / "examples" / "alpine-space"
READY = "() => window.synergyExplorer && window.synergyExplorer.ready === true"
VIEWPORT = (1280, 720)
DIM = "#eef0f3"

# The drawn picture, read from vis-network's own data sets (not from the explorer's helpers).
DRAWN = """() => {
  const x = window.synergyExplorer;
  const nodes = x.nodes.get().map(n => ({id: n.id, hidden: !!n.hidden,
    bg: n.color && n.color.background, font: n.font && n.font.size}));
  const edges = x.edges.get().map(e => ({from: e.from, to: e.to, candidate: !!e.candidate}));
  return {nodes, edges, scale: x.network.getScale(),
          selected: x.network.getSelectedNodes()};
}"""
# Where each node is drawn, in page coordinates, and the canvas box.
PLACES = """(ids) => {
  const net = window.synergyExplorer.network;
  const box = document.querySelector('#network').getBoundingClientRect();
  const pos = net.getPositions(ids);
  const out = {};
  for (const id of ids) {
    const p = net.canvasToDOM(pos[id]);
    out[id] = [box.left + p.x, box.top + p.y];
  }
  return {box: [box.left, box.top, box.right, box.bottom], at: out};
}"""
RECT = (
    "(sel) => { const r = document.querySelector(sel).getBoundingClientRect();"
    " return [r.left, r.top, r.right, r.bottom]; }"
)


@pytest.fixture(scope="module")
def alpine(tmp_path_factory):
    """Return (scan result, output folder, the viz pages) of the Alpine example."""
    from synergy.outputs.scan_files import write_scan
    from synergy.pipeline import scan

    result = scan(ALPINE)
    out = tmp_path_factory.mktemp("alpine") / "out"
    write_scan(result, out)
    view = result.settings.view
    pages = {"scan": out / "graph.html"}
    for name, focus in (("region", ("region", "ITC4")), ("candidate", ("candidate", "pilot:1"))):
        path = out.parent / f"viz-{name}.html"
        html = render_graph_html(
            result.graph,
            result.pairings,
            top=view.explorer_top,
            max_nodes=view.explorer_max_nodes,
            open_nodes=view.explorer_open_nodes,
            focus=focus,
        )
        path.write_text(html, encoding="utf-8")
        pages[name] = path
    return result, out, pages


@contextmanager
def ready(browser, path: Path):
    with open_page(browser, path, viewport=VIEWPORT) as session:
        session.page.wait_for_function(READY, timeout=120000)
        yield session


def _rgb(colour: str) -> str:
    """Return ``#1f77b4`` as the browser writes it: ``rgb(31, 119, 180)``."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def _adjacency(drawn: dict) -> dict[str, set[str]]:
    adj: dict[str, set[str]] = {n["id"]: set() for n in drawn["nodes"]}
    for e in drawn["edges"]:
        if not e["candidate"]:
            adj[e["from"]].add(e["to"])
            adj[e["to"]].add(e["from"])
    return adj


def test_alpine_explorer_opens_folded_at_regions_and_clusters(browser, alpine):
    result, _, pages = alpine
    with ready(browser, pages["scan"]) as s:
        drawn = s.page.evaluate(DRAWN)
        shown = [n for n in drawn["nodes"] if not n["hidden"]]
        kinds = {n["id"]: result.graph.nodes[n["id"]]["kind"] for n in shown}
        assert len(shown) <= 150
        assert set(kinds.values()) == {model.REGION, model.CLUSTER, model.DOMAIN,
                                       model.VALUE_CHAIN}  # fmt: skip
        # every region and every cluster is there; actors and the rest wait to be asked for
        for kind in (model.REGION, model.CLUSTER):
            assert sum(1 for k in kinds.values() if k == kind) == sum(
                1 for _, k in result.graph.nodes(data="kind") if k == kind
            )
        assert s.page.evaluate("window.synergyExplorer.data.nodes.length") == len(result.graph)
        assert "120 of 406 nodes drawn" in s.page.inner_text("#notes")
        assert s.page_errors == [] and s.blocked == []


def test_alpine_explorer_legend_and_details_visible_without_scrolling(browser, alpine):
    result, _, pages = alpine
    with ready(browser, pages["scan"]) as s:
        page = s.page
        width, height = VIEWPORT
        for box in ("#legend-box", "#details-box", "#candidates", "#search"):
            left, top, right, bottom = page.evaluate(RECT, box)
            assert 0 <= left < right <= width and 0 <= top < bottom <= height, box
        scroll = page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.scrollHeight]"
        )
        assert scroll[0] <= width and scroll[1] <= height
        # The legend lists every region with its colour, and the node kinds.
        regions = page.locator("#legend-regions li[data-region]").all_inner_texts()
        assert len(regions) == 11 and "Oberösterreich" in regions
        assert page.locator("#legend-kinds li[data-kind='Cluster']").count() == 1
        page.click("#candidates li >> nth=0")
        left, top, right, bottom = page.evaluate(RECT, "#details-box")
        assert bottom <= height and "score" in page.inner_text("#details")


def test_alpine_labels_legible_at_1280x720(browser, alpine):
    result, _, pages = alpine
    with ready(browser, pages["scan"]) as s:
        drawn = s.page.evaluate(DRAWN)
        for n in drawn["nodes"]:
            kind = result.graph.nodes[n["id"]]["kind"]
            if kind in (model.REGION, model.CLUSTER, model.DOMAIN, model.VALUE_CHAIN):
                assert n["font"] * drawn["scale"] >= 11.9, (n["id"], n["font"], drawn["scale"])


def test_alpine_candidate_click_dims_all_but_parties_and_neighbours(browser, alpine):
    result, out, pages = alpine
    pairings = pd.read_csv(out / "pairings.csv", dtype=str, keep_default_na=False)
    with ready(browser, pages["scan"]) as s:
        page = s.page
        ranks = page.eval_on_selector_all("#candidates li", "ls => ls.map(l => l.dataset.rank)")
        kinds_seen = set()
        for rank in ranks:
            row = pairings[pairings["rank"] == rank].iloc[0]
            if row["kind"] in kinds_seen:
                continue  # the first listed candidate of each kind
            kinds_seen.add(row["kind"])
            page.click(f"#candidates li[data-rank='{rank}']")
            drawn = page.evaluate(DRAWN)
            parties = set(drawn["selected"])
            assert {f"region:{r}" for r in row["regions"].split(";")} <= parties, row["kind"]
            adj = _adjacency(drawn)
            allowed = parties.union(*(adj[p] for p in parties))
            undimmed = {n["id"] for n in drawn["nodes"] if n["bg"] != DIM}
            assert undimmed <= allowed, (row["kind"], sorted(undimmed - allowed)[:5])
            assert len(undimmed) < len(drawn["nodes"])  # something was dimmed
            # zoomed to the parties: every party is drawn inside the canvas
            places = page.evaluate(PLACES, sorted(parties))
            left, top, right, bottom = places["box"]
            for party, (x, y) in places["at"].items():
                assert left <= x <= right and top <= y <= bottom, party
        assert kinds_seen == set(pairings["kind"])
        page.click("#clear-selection")
        drawn = page.evaluate(DRAWN)
        assert all(n["bg"] != DIM for n in drawn["nodes"]) and drawn["selected"] == []


def test_alpine_region_keeps_its_colour_in_scan_and_viz_pages(browser, alpine):
    colours: dict[str, dict[str, str]] = {}
    sizes: dict[str, int] = {}
    for name, path in alpine[2].items():
        with ready(browser, path) as s:
            drawn = s.page.evaluate(DRAWN)
            sizes[name] = s.page.evaluate("window.synergyExplorer.data.nodes.length")
            colours[name] = {
                n["id"]: n["bg"] for n in drawn["nodes"] if n["id"].startswith("region:")
            }
            legend = s.page.eval_on_selector_all(
                "#legend-regions li[data-region]",
                "ls => ls.map(l => [l.dataset.region,"
                " l.querySelector('.swatch').style.background])",
            )
            # the legend's swatches are the nodes' colours
            assert dict(legend) == {r: _rgb(c) for r, c in colours[name].items()}
    scan = colours["scan"]
    assert len(scan) == 11 and len(set(scan.values())) == 11  # one colour per region
    for name in ("region", "candidate"):
        assert colours[name] and sizes[name] < sizes["scan"]  # a focused view
        for region, colour in colours[name].items():
            assert colour == scan[region], (name, region)


def test_alpine_actors_on_demand(browser, alpine):
    result, _, pages = alpine
    graph = result.graph
    members = sorted(
        a for a, _, k in graph.in_edges("cluster:at31-kunststoff", keys=True) if k == "MEMBER_OF"
    )
    actors = sum(1 for _, k in graph.nodes(data="kind") if k == model.ACTOR)
    with ready(browser, pages["scan"]) as s:
        page = s.page
        before = page.evaluate("window.synergyExplorer.nodes.length")
        # one cluster's actors: from its details
        page.fill("#search", "Kunststoff-Cluster")
        page.click("#search-results button >> nth=0")
        page.click("#details-actions button[data-open='cluster:at31-kunststoff']")
        drawn = {n["id"] for n in page.evaluate(DRAWN)["nodes"]}
        assert set(members) <= drawn and len(drawn) == before + len(members)
        # every actor: the Show box
        page.check("input.show-kind[value='Actor']")
        drawn = {n["id"] for n in page.evaluate(DRAWN)["nodes"]}
        assert len(drawn) == before + actors
        page.uncheck("input.show-kind[value='Actor']")
        assert page.evaluate("window.synergyExplorer.nodes.length") == before
        # a folded actor found by search is drawn and selected
        page.fill("#search", "Kompetenzzentrum Holz")
        page.press("#search", "Enter")
        selected = page.evaluate("window.synergyExplorer.network.getSelectedNodes()")
        assert len(selected) == 1 and graph.nodes[selected[0]]["kind"] == model.ACTOR
        assert page.inner_text("#details").startswith("Actor: Kompetenzzentrum Holz")
        assert s.page_errors == []
