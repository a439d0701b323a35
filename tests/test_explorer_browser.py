"""graph.html in real headless Chromium, network blocked: it draws, searches, filters, explains
and never runs hostile names. Needs Debian's ``chromium`` (``make browser``)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers.browser import open_page
from helpers.graphs import (
    EVIDENCE_1,
    HOSTILE_IMG,
    HOSTILE_QUOTES,
    HOSTILE_SCRIPT,
    alpine_like_graph,
    big_graph,
    hostile_graph,
    hostile_pairings,
)

from synergy.explorer.page import render_graph_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
READY = "() => window.synergyExplorer && window.synergyExplorer.ready === true"

# Count drawn pixels in vis-network's canvas: anything not transparent and not near-white.
INK = """() => {
  const c = document.querySelector('#network canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 0 && !(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) ink++;
  }
  return ink;
}"""
# Where a node is drawn, in page coordinates.
NODE_XY = """(id) => {
  const net = window.synergyExplorer.network;
  const p = net.canvasToDOM(net.getPositions([id])[id]);
  const r = document.querySelector('#network canvas').getBoundingClientRect();
  return [r.left + p.x, r.top + p.y];
}"""
HIDDEN = "(id) => window.synergyExplorer.network.body.nodes[id].options.hidden === true"


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("viz") / "graph.html"
    html = render_graph_html(hostile_graph(), hostile_pairings(), title=HOSTILE_IMG)
    path.write_text(html, encoding="utf-8")
    return path


@contextmanager
def ready_page(browser, path: Path):
    """Yield the page session once the layout has stabilised and physics is frozen."""
    with open_page(browser, path) as session:
        session.page.wait_for_function(READY, timeout=60000)
        yield session


def _hover_tooltip(page, node_id: str) -> str:
    x, y = page.evaluate(NODE_XY, node_id)
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=4)
    tip = page.locator("div.vis-tooltip")
    page.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility === 'visible'; }"
    )
    # Plain text only: innerText turns line breaks into <br>, and nothing else may appear.
    assert tip.evaluate("t => [...t.children].every(c => c.tagName === 'BR')")
    return tip.inner_text()


def test_graph_draws_offline(browser, hostile_page):
    with ready_page(browser, hostile_page) as s:
        assert s.page.evaluate("window.synergyExplorer.network.body.data.nodes.length") == 22
        assert (
            s.page.evaluate("Object.keys(window.synergyExplorer.network.body.nodes).length") == 22
        )
        assert s.page.evaluate(INK) > 2000
        assert s.blocked == []
        assert all(u.startswith("file:") for u in s.requests), s.requests
        assert s.console_errors == [] and s.page_errors == []
        notes = s.page.locator("#legend-kinds li").all_inner_texts()
        assert any(t.startswith("Region (hexagon") for t in notes)


def test_search_finds_and_selects_node(browser, hostile_page):
    with ready_page(browser, hostile_page) as s:
        page = s.page
        page.fill("#search", "speicher")
        assert page.locator("#search-results button").all_inner_texts() == [
            "Beta Speicher GmbH (Actor)"
        ]
        page.press("#search", "Enter")
        assert page.evaluate("window.synergyExplorer.network.getSelectedNodes()") == ["actor:beta"]
        assert page.inner_text("#details").startswith("Actor: Beta Speicher GmbH")
        # Accent-insensitive, and clicking a result selects it too.
        page.fill("#search", "oberosterreich")
        page.click("#search-results button >> nth=0")
        assert page.evaluate("window.synergyExplorer.network.getSelectedNodes()") == ["region:AT31"]


def test_region_filter_hides_other_regions(browser, hostile_page):
    with ready_page(browser, hostile_page) as s:
        page = s.page
        page.click("#filters summary")  # the filters fold out on demand
        page.check("#filter-regions input[value='region:AT31']")
        for hidden in (
            "region:ITC4",
            "cluster:lom-energy",
            "actor:alpha",
            "region:SI03",
            "actor:gamma",
        ):
            assert page.evaluate(HIDDEN, hidden), hidden
        for shown in (
            "region:AT31",
            "cluster:upa-h2",
            "actor:beta",
            "domain:mobility",
            "stage:hydrogen:storage",
        ):
            assert not page.evaluate(HIDDEN, shown), shown
        assert page.evaluate(HIDDEN, "domain:agri-food")  # only SI03 nodes touch it
        assert page.inner_text("#filter-status").endswith("of 22 nodes shown")
        page.click("#filters-reset")
        assert not page.evaluate(HIDDEN, "region:ITC4")


def test_domain_and_chain_filters(browser, hostile_page):
    with ready_page(browser, hostile_page) as s:
        page = s.page
        page.click("#filters summary")
        page.select_option("#filter-domain", "domain:agri-food")
        for shown in ("region:SI03", "cluster:si-food", "actor:gamma", "priority:SI03:P1"):
            assert not page.evaluate(HIDDEN, shown), shown
        for hidden in ("cluster:lom-energy", "domain:energy", "region:ITC4"):
            assert page.evaluate(HIDDEN, hidden), hidden
        page.select_option("#filter-domain", "")
        page.select_option("#filter-chain", "chain:hydrogen")
        for shown in ("chain:hydrogen", "stage:hydrogen:use", "actor:delta", "domain:energy"):
            assert not page.evaluate(HIDDEN, shown), shown
        assert page.evaluate(HIDDEN, "domain:mobility")


def test_candidate_evidence_in_panel_and_tooltip(browser, hostile_page):
    with ready_page(browser, hostile_page) as s:
        page = s.page
        assert page.locator("#candidates li").count() == 2
        page.click("#candidates li[data-rank='1']")
        assert EVIDENCE_1 in page.inner_text("#details")
        selected = sorted(page.evaluate("window.synergyExplorer.network.getSelectedNodes()"))
        assert selected == [
            "actor:alpha", "cluster:lom-energy", "cluster:upa-h2", "region:AT31", "region:ITC4"
        ]  # fmt: skip
        page.click("#details")  # move the pointer away from the list
        assert EVIDENCE_1 in _hover_tooltip(page, "cluster:upa-h2")


def test_hostile_names_never_execute(browser, hostile_page):
    with ready_page(browser, hostile_page) as s:
        page = s.page
        page.click("#candidates li[data-rank='2']")
        assert HOSTILE_SCRIPT in page.inner_text("#details")
        assert HOSTILE_IMG in _hover_tooltip(page, "region:SI03")
        page.fill("#search", "quotes")
        page.press("#search", "Enter")
        assert HOSTILE_QUOTES in page.inner_text("#details")
        assert page.title() == HOSTILE_IMG
        assert HOSTILE_IMG in page.text_content("#filter-regions")
        assert s.alerts() == []
        assert page.evaluate("window.__errors") == []
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.evaluate("document.scripts.length") == 3
        assert s.page_errors == [] and s.blocked == []


@pytest.mark.slow
def test_alpine_scale_draws_and_large_graph_folds(browser, tmp_path):
    graph, pairings = alpine_like_graph()
    alpine = tmp_path / "alpine.html"
    alpine.write_text(render_graph_html(graph, pairings), encoding="utf-8")
    big = tmp_path / "big.html"
    big.write_text(render_graph_html(big_graph(), max_nodes=1500), encoding="utf-8")
    kinds = {k: 0 for k in ("Region", "Cluster", "Domain", "ValueChain")}
    for _, k in graph.nodes(data="kind"):
        if k in kinds:
            kinds[k] += 1
    with ready_page(browser, alpine) as s:
        # Opens folded: regions, clusters, domains and value chains; the rest on demand.
        assert s.page.evaluate("window.synergyExplorer.nodes.length") == sum(kinds.values())
        assert s.page.evaluate("window.synergyExplorer.data.nodes.length") == len(graph)
        assert s.page.evaluate(INK) > 20000
        assert s.page.locator("#candidates li").count() == 20
        assert s.blocked == [] and s.page_errors == []
    with ready_page(browser, big) as s:
        assert s.page.evaluate("window.synergyExplorer.nodes.length") == 230
        assert "folded 5000 actors into their clusters" in s.page.inner_text("#notes")
        assert s.page.evaluate(INK) > 20000
        assert s.blocked == [] and s.page_errors == []
