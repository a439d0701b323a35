"""Unit tests of the graph.html explorer (no browser): escaping, offline, determinism, scale."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
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

from synergy.core import model
from synergy.core.errors import InputError
from synergy.explorer.page import json_for_script, render_graph_html
from synergy.explorer.payload import explorer_payload, region_palette
from synergy.explorer.prep import collapse_for_scale, derive_memberships, focus_subgraph


def _data_json(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="synergy-data">(.*?)</script>', page, re.S)
    assert m, "data element missing"
    return json.loads(m.group(1))


def test_render_hostile_names_stay_inert():
    page = render_graph_html(hostile_graph(), hostile_pairings(), title=HOSTILE_IMG)
    for markup in (HOSTILE_IMG, HOSTILE_SCRIPT, "<script>alert(1)", "<img"):
        assert markup not in page
    # Three scripts of our own: vis-network, the data, the explorer; nothing else.
    assert page.count("\n<script") == 3
    assert page.count("</script>") == 3
    names = {n["name"] for n in _data_json(page)["nodes"]}
    assert {HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_QUOTES} <= names
    assert "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in page


def test_render_no_remote_resources():
    page = render_graph_html(hostile_graph(), hostile_pairings())
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<link" not in page
    assert "sourceMappingURL" not in page
    assert "default-src 'none'" in page  # the CSP forbids any request the page might try


def test_render_byte_identical():
    first = render_graph_html(hostile_graph(), hostile_pairings())
    second = render_graph_html(hostile_graph(), hostile_pairings())
    assert first == second
    # Node insertion order must not matter either.
    g = hostile_graph()
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(g.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    assert render_graph_html(shuffled, hostile_pairings()) == first


def test_json_for_script_escapes_breakouts():
    text = json_for_script({"a": "</script><!-- & \u2028\u2029"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029"}


def test_payload_colours_sizes_and_candidates():
    data = explorer_payload(hostile_graph(), hostile_pairings())
    nodes = {n["id"]: n for n in data["nodes"]}
    palette = region_palette(["region:AT31", "region:ITC4", "region:SI03"])
    assert nodes["region:ITC4"]["bg"] == palette["region:ITC4"]
    # Clusters and actors take their region's hue, the domain its kind colour.
    assert nodes["cluster:lom-energy"]["bg"] != nodes["cluster:upa-h2"]["bg"]
    assert nodes["domain:energy"]["bg"] == "#59a14f"
    assert nodes["cluster:lom-energy"]["size"] > nodes["cluster:upa-h2"]["size"]  # 40 vs 9 members
    assert nodes["cluster:lom-energy"]["cands"] == [1]
    # Listed kind by kind (scores of different kinds are not comparable): shared-priority
    # before value-chain, whatever the global rank.
    assert nodes["region:AT31"]["cands"] == [2, 1]
    assert nodes["domain:energy"]["cands"] == []
    assert EVIDENCE_1 in nodes["cluster:upa-h2"]["title"]
    assert [c["rank"] for c in data["candidates"]] == [2, 1]
    assert data["candidates"][0]["chain_id"] == ""  # NaN cell
    links = [e for e in data["edges"] if e.get("candidate")]
    assert {(e["from"], e["to"]) for e in links} == {
        ("cluster:lom-energy", "cluster:upa-h2"),
        ("region:AT31", "region:SI03"),
    }
    widths = {e["from"]: e["width"] for e in links}
    assert widths["cluster:lom-energy"] > widths["region:AT31"]  # score 0.82 vs 0.41
    in_domain = [
        e for e in data["edges"] if e["type"] == model.IN_DOMAIN and e["from"] == "priority:ITC4:P1"
    ]
    assert in_domain[0]["width"] == pytest.approx(1 + 4 * 0.9)
    assert data["stats"] == {"shown": 22, "total": 22}
    # Sorted by name for people ("<" sorts before letters).
    assert [r["id"] for r in data["legend"]["regions"]] == [
        "region:SI03",
        "region:ITC4",
        "region:AT31",
    ]


def test_derive_memberships_regions_domains_chains():
    m = derive_memberships(hostile_graph())
    assert m["actor:alpha"] == {
        "regions": ["region:ITC4"],
        "domains": ["domain:energy"],
        "chains": ["chain:hydrogen"],
    }
    assert m["cluster:upa-h2"]["chains"] == ["chain:hydrogen"]
    assert m["region:AT31"]["domains"] == ["domain:energy", "domain:mobility"]
    assert m["domain:energy"]["regions"] == []  # context node for the region filter
    assert m["stage:hydrogen:use"]["domains"] == ["domain:energy"]


def test_focus_region_keeps_region_and_partners():
    g = hostile_graph()
    sub, rows, note = focus_subgraph(g, hostile_pairings_rows(), ("region", "Upper Austria"))
    assert "region:AT31" in sub and "actor:delta" in sub and "domain:mobility" in sub
    assert "region:SI03" in sub  # partner of candidate 2
    assert "priority:ITC4:P1" not in sub
    assert [r["rank"] for r in rows] == [1, 2]
    assert note.startswith("Focused on region Oberösterreich (AT31)")


def test_focus_chain_keeps_stages_actors_clusters_regions():
    sub, rows, _ = focus_subgraph(hostile_graph(), hostile_pairings_rows(), ("chain", "hydrogen"))
    assert {n for n in sub if sub.nodes[n]["kind"] == model.STAGE} == {
        "stage:hydrogen:production",
        "stage:hydrogen:storage",
        "stage:hydrogen:use",
    }
    assert {"actor:gamma", "cluster:si-food", "region:SI03", "domain:energy"} <= set(sub)
    assert "priority:AT31:P2" not in sub
    assert [r["rank"] for r in rows] == [1]


def test_focus_candidate_keeps_involved_neighbourhood():
    sub, rows, _ = focus_subgraph(hostile_graph(), hostile_pairings_rows(), ("candidate", 2))
    assert {"region:AT31", "region:SI03", "cluster:si-food", "actor:gamma"} <= set(sub)
    assert "actor:alpha" not in sub
    assert [r["rank"] for r in rows] == [2]


@pytest.mark.parametrize(
    ("focus", "closest"),
    [
        (("region", "ITC5"), "ITC4'"),
        (("region", "uper austria"), "AT31' (Upper Austria)"),
        (("chain", "hydrogn"), "hydrogen'"),
        (("candidate", 7), "2'"),
    ],
)
def test_focus_unknown_names_closest(focus, closest):
    with pytest.raises(InputError) as err:
        render_graph_html(hostile_graph(), hostile_pairings(), focus=focus)
    assert f"did you mean '{closest}" in str(err.value)


def test_collapse_folds_actors_above_threshold():
    g = big_graph()  # 20 regions, 200 clusters, 5000 actors, 10 domains
    view, moved, counts, notes = collapse_for_scale(g, 1500)
    assert view.number_of_nodes() == 230
    assert moved["actor:R03-c2-a7"] == ["cluster:R03-c2"]
    assert counts["cluster:R03-c2"] == {"actors": 25}
    assert notes == [
        "This page shows 230 of 5230 nodes (limit 1500): folded 5000 actors into their "
        "clusters or region. Tooltips count what each node holds."
    ]
    small, _, _, none = collapse_for_scale(hostile_graph(), 1500)
    assert none == [] and small.number_of_nodes() == 22


def test_render_large_graph_shows_note_and_stays_small():
    page = render_graph_html(big_graph(), max_nodes=1500)
    data = _data_json(page)
    assert data["notes"] and "folded 5000 actors into their clusters" in data["notes"][0]
    assert data["stats"] == {"shown": 230, "total": 5230}
    assert len(page) < 1_500_000


def test_collapse_actor_candidates_map_to_clusters():
    data = explorer_payload(hostile_graph(), hostile_pairings(), max_nodes=15)
    assert not any(n["kind"] == model.ACTOR for n in data["nodes"])
    value_chain = next(c for c in data["candidates"] if c["rank"] == 1)
    assert "actor:alpha" not in value_chain["involves"]
    assert "cluster:lom-energy" in value_chain["involves"]
    lom = next(n for n in data["nodes"] if n["id"] == "cluster:lom-energy")
    assert "folded here: 1 actors" in lom["title"]


def hostile_pairings_rows():
    from synergy.explorer.prep import candidate_rows

    return candidate_rows(hostile_pairings())


def test_alpine_scale_page_is_compact():
    g, pairings = alpine_like_graph()
    page = render_graph_html(g, pairings)
    data = _data_json(page)
    assert data["notes"] == []  # no folding at this scale
    assert data["stats"]["shown"] == g.number_of_nodes()
    assert len(data["candidates"]) == 20
    assert len(page) < 1_000_000


def _viz_app():
    import typer

    from synergy.commands.viz import viz

    app = typer.Typer()
    app.command()(viz)
    return app


def test_viz_command_writes_focused_view(mini, tmp_path):
    from typer.testing import CliRunner

    out = tmp_path / "views" / "wood.html"
    result = CliRunner().invoke(_viz_app(), [str(mini), "--chain", "wood", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = _data_json(out.read_text(encoding="utf-8"))
    assert data["notes"][0].startswith("Focused on value chain")
    assert "chain:wood" in {n["id"] for n in data["nodes"]}
    assert "chain:h2" not in {n["id"] for n in data["nodes"]}
    assert [p.name for p in out.parent.iterdir()] == ["wood.html"]  # no temp file left


def test_viz_command_unknown_region_names_closest(mini, tmp_path):
    from typer.testing import CliRunner

    out = tmp_path / "r.html"
    result = CliRunner().invoke(_viz_app(), [str(mini), "--region", "R9", "--out", str(out)])
    assert isinstance(result.exception, InputError)
    assert "unknown region 'R9'" in str(result.exception)
    assert "did you mean 'R" in str(result.exception)
    assert not out.exists()


def test_viz_command_rejects_two_focuses(mini, tmp_path):
    from typer.testing import CliRunner

    args = [str(mini), "--region", "R1", "--chain", "wood", "--out", str(tmp_path / "x.html")]
    result = CliRunner().invoke(_viz_app(), args)
    assert result.exit_code == 2
    assert not (tmp_path / "x.html").exists()


def test_render_empty_graph_is_a_valid_page():
    page = render_graph_html(nx.MultiDiGraph())
    data = _data_json(page)
    assert data["nodes"] == [] and data["candidates"] == [] and data["notes"] == []


def test_collapse_folds_only_needed_clusters_keeping_partners():
    view, moved, counts, notes = collapse_for_scale(
        big_graph(), 100, protect=["cluster:R00-c0", "cluster:R00-c1"]
    )
    assert view.number_of_nodes() == 100
    assert "; 130 of 200 clusters (the smallest) into their region." in notes[0]
    assert {"cluster:R00-c0", "cluster:R00-c1"} <= set(view)  # protected top-candidate partners
    assert moved["cluster:R00-c2"] == ["region:R00"]
    assert moved["actor:R00-c2-a0"] == ["region:R00"]  # re-pointed when its cluster folded
    assert counts["region:R00"] == {"actors": 200, "clusters": 8}


def scale_graph() -> nx.MultiDiGraph:
    """big_graph plus value chains, priorities, programmes and awkward actors."""
    g = big_graph(n_regions=6, clusters_per=5, actors_per=12)
    chain = model.node_id(model.VALUE_CHAIN, "h2")
    g.add_node(chain, kind=model.VALUE_CHAIN, name="Hydrogen", key="h2")
    g.add_edge(chain, "domain:d3", key=model.IN_DOMAIN, type=model.IN_DOMAIN, score=0.7)
    for i, stage in enumerate(("prod", "use")):
        sid = model.node_id(model.STAGE, "h2", stage)
        g.add_node(sid, kind=model.STAGE, name=stage, key=f"h2:{stage}", stage_order=i)
        g.add_edge(sid, chain, key=model.PART_OF, type=model.PART_OF)
    for r in range(6):
        rid = f"region:R{r:02d}"
        pid = model.node_id(model.PRIORITY, f"R{r:02d}", "P1")
        g.add_node(pid, kind=model.PRIORITY, name=f"P {r}", key=pid[9:], region_id=f"R{r:02d}")
        g.add_edge(rid, pid, key=model.HAS_PRIORITY, type=model.HAS_PRIORITY)
        g.add_edge(pid, f"domain:d{r}", key=model.IN_DOMAIN, type=model.IN_DOMAIN, score=0.4)
        prog = model.node_id(model.PROGRAMME, f"prog{r}")
        g.add_node(prog, kind=model.PROGRAMME, name=f"Prog {r}", key=f"prog{r}")
        g.add_edge(prog, rid, key=model.RUN_BY, type=model.RUN_BY)
        for a in range(0, 12, 3):  # some actors work in the chain
            g.add_edge(f"actor:R{r:02d}-c1-a{a}", f"stage:h2:{('prod', 'use')[r % 2]}",
                       key=model.ACTIVE_IN, type=model.ACTIVE_IN)  # fmt: skip
    # An actor in two clusters of different regions, one with no cluster and no edge but its
    # region_id, one linked to a domain, and an edge between two actors.
    g.add_edge("actor:R00-c0-a0", "cluster:R01-c2", key=model.MEMBER_OF, type=model.MEMBER_OF)
    g.add_node("actor:lone", kind=model.ACTOR, name="Lone", key="lone", region_id="R02")
    g.add_node("actor:free", kind=model.ACTOR, name="Free", key="free")
    g.add_edge("actor:free", "region:R03", key=model.LOCATED_IN, type=model.LOCATED_IN)
    g.add_edge("actor:free", "stage:h2:use", key=model.ACTIVE_IN, type=model.ACTIVE_IN)
    g.add_edge("actor:free", "domain:d9", key=model.IN_DOMAIN, type=model.IN_DOMAIN, score=0.9)
    g.add_edge("actor:R04-c0-a1", "actor:R05-c3-a2", key="KNOWS", type="KNOWS", score=0.3)
    return g


@pytest.mark.parametrize("max_nodes", [80, 50, 20])
def test_scaled_view_equals_reference_fold(max_nodes):
    from synergy.explorer.scale import scaled_view

    g = scale_graph()
    protect = ["cluster:R00-c0"]
    members, view, moved, counts, notes = scaled_view(g, max_nodes, protect)
    reference = derive_memberships(g)
    regions = {n: m["regions"] for n, m in reference.items()}
    ref_view, ref_moved, ref_counts, ref_notes = collapse_for_scale(g, max_nodes, regions, protect)
    assert notes == ref_notes and "folded 362 actors into their clusters or region" in notes[0]
    assert sorted(view.nodes(data=True)) == sorted(ref_view.nodes(data=True))
    assert sorted(view.edges(keys=True, data=True)) == sorted(ref_view.edges(keys=True, data=True))
    assert moved == ref_moved and counts == ref_counts
    assert members == {n: m for n, m in reference.items() if n in members}
    assert set(members) == {n for n, k in g.nodes(data="kind") if k != model.ACTOR}
    # The awkward cases really are in there.
    assert moved["actor:lone"] == ref_moved["actor:lone"]
    assert "chain:h2" in members["region:R03"]["chains"]
    assert "domain:d9" in members["region:R03"]["domains"]


def test_explorer_payload_scaled_path_matches_reference(monkeypatch):
    import synergy.explorer.payload as viz

    g = scale_graph()
    fast = json_for_script(explorer_payload(g, max_nodes=50))

    def reference(graph, max_nodes, protect=()):
        members = derive_memberships(graph)
        regions = {n: m["regions"] for n, m in members.items()}
        return (members, *collapse_for_scale(graph, max_nodes, regions, protect))

    monkeypatch.setattr(viz, "scaled_view", reference)
    assert json_for_script(explorer_payload(g, max_nodes=50)) == fast


@pytest.fixture(scope="module")
def alpine_scan():
    from pathlib import Path

    from synergy.pipeline import scan

    return scan(Path(__file__).resolve().parents[1] / "examples" / "alpine-space")


def test_focus_views_are_the_focus_plus_one_hop(alpine_scan):
    """A region view holds the region, what it holds, one hop from those and the partner
    regions of its listed candidates; a candidate view its parties and one hop from its
    clusters and actors (plus its chain's stages and its domains). Not half the graph."""
    from synergy.explorer.prep import candidate_rows, derive_memberships, top_per_kind

    g = alpine_scan.graph
    rows = candidate_rows(alpine_scan.pairings)
    sub, kept, _ = focus_subgraph(g, rows, ("region", "ITC4"), top=20)
    members = {n for n, m in derive_memberships(g).items() if "region:ITC4" in m["regions"]}
    near = members.union(*(set(g.pred[n]) | set(g.succ[n]) for n in members))
    partners = {
        n
        for r in top_per_kind(kept, 20)
        for n in split(r["involves"])
        if g.nodes[n]["kind"] == model.REGION
    }
    assert set(sub) <= near | partners and members <= set(sub)
    assert len(sub) < len(g) / 4
    row = next(r for r in rows if r["kind"] == "pilot" and r["kind_rank"] == 1)
    sub, kept, note = focus_subgraph(g, rows, ("candidate", "pilot:1"))
    assert kept == [row] and note.startswith(f"Focused on candidate #{row['rank']} (pilot)")
    parties = [n for n in split(row["involves"]) if n in g]
    specific = [n for n in parties if g.nodes[n]["kind"] != model.REGION]
    chain = f"chain:{row['chain_id']}"
    extra = {chain, *g.pred[chain]} | {f"domain:{d}" for d in split(row["domains"])}
    hop = set(parties).union(*(set(g.pred[n]) | set(g.succ[n]) for n in specific))
    assert set(sub) == hop | extra
    assert len(sub) < len(g) / 10


def split(cell):
    return [p for p in str(cell or "").split(";") if p]


def test_region_colours_come_from_the_whole_graph(alpine_scan):
    g, pairings = alpine_scan.graph, alpine_scan.pairings
    full = explorer_payload(g, pairings)
    expected = region_palette(sorted(n for n, k in g.nodes(data="kind") if k == model.REGION))
    for focus in (None, ("region", "AT32"), ("candidate", "value-chain:1"), ("chain", "h2")):
        data = explorer_payload(g, pairings, focus=focus)
        for n in data["nodes"]:
            if n["kind"] == model.REGION:
                assert n["bg"] == expected[n["id"]], (focus, n["id"])
        assert {r["id"]: r["color"] for r in data["legend"]["regions"]} == {
            r: expected[r] for r in (n["id"] for n in data["nodes"] if n["kind"] == model.REGION)
        }
    assert full["fold"]["start"] == ["Actor", "Priority", "Programme", "Stage"]


def test_fold_parents_say_who_stands_for_a_folded_node(alpine_scan):
    data = explorer_payload(alpine_scan.graph, alpine_scan.pairings)
    g = alpine_scan.graph
    for n in data["nodes"]:
        kind, parents = n["kind"], n["parents"]
        if kind == model.ACTOR:
            clusters = sorted(v for v, k in g.succ[n["id"]].items() if model.MEMBER_OF in k)
            assert parents == (clusters or n["regions"]), n["id"]
        elif kind in (model.PRIORITY, model.PROGRAMME):
            assert parents == n["regions"] and parents
        elif kind == model.STAGE:
            assert parents == [f"chain:{g.nodes[n['id']]['chain_id']}"]
        else:
            assert parents == []
    drawn = [n for n in data["nodes"] if n["kind"] not in data["fold"]["start"]]
    assert len(drawn) <= 150 and data["layout"]["improvedLayout"]


def test_candidates_listed_by_kind_with_rank_in_kind(alpine_scan):
    data = explorer_payload(alpine_scan.graph, alpine_scan.pairings, top=20)
    labels = [c["label"] for c in data["candidates"]]
    assert labels[:4] == [f"shared-priority #{i}" for i in range(1, 5)]
    assert {c["kind"] for c in data["candidates"]} == set(model.CANDIDATE_KINDS)
    assert data["candidates"][0]["title"] == "Bayern + Piemonte"


def test_focus_candidate_by_kind_and_rank_unknown_names_closest(alpine_scan):
    with pytest.raises(InputError) as err:
        render_graph_html(alpine_scan.graph, alpine_scan.pairings, focus=("candidate", "pilot:999"))
    assert "unknown candidate 'pilot:999'" in str(err.value) and "did you mean 'pilot:" in str(
        err.value
    )
