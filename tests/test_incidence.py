"""Incidence matrices: hand-checked relations, the memo and its invalidation."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from synergy.graph.build import build_graph
from synergy.graph.incidence import NameLookup, incidence, of_kind


def small_graph() -> nx.MultiDiGraph:
    """R1/R2, clusters c1 (R1) and c2 (R2), chain h2 (prod, use), actors a1..a3.

    a1 (R1) is in c1 and c2 and works on prod; a2 (R2) is in c2 and works on prod and use;
    a3 has no LOCATED_IN edge (removed below), only its ``region_id`` R2.
    """
    tables = {
        "regions": pd.DataFrame({"region_id": ["R1", "R2"], "name": ["One", "Two"]}),
        "clusters": pd.DataFrame(
            {
                "cluster_id": ["c1", "c2"],
                "name": ["C1", "C2"],
                "region_id": ["R1", "R2"],
                "domains": [["hydrogen"], ["hydrogen", "mobility"]],
            }
        ),
        "value_chains": pd.DataFrame(
            {
                "chain_id": ["h2", "h2"],
                "stage_id": ["prod", "use"],
                "stage_order": [1, 2],
                "stage_name": ["Production", "Use"],
                "chain_name": ["Hydrogen", "Hydrogen"],
                "domains": [["hydrogen"], ["hydrogen"]],
            }
        ),
        "actors": pd.DataFrame(
            {
                "actor_id": ["a1", "a2", "a3"],
                "name": ["Alpha", "Beta", "Gamma"],
                "region_id": ["R1", "R2", "R2"],
                "cluster_ids": [["c1", "c2"], ["c2"], []],
                "roles": [["h2:prod"], ["h2:prod", "h2:use"], []],
                "nace": [["35"], ["49", "35"], []],
            }
        ),
    }
    g = build_graph(tables)
    g.remove_edge("actor:a3", "region:R2", "LOCATED_IN")
    return g


def test_incidence_relations_hand_checked():
    g = small_graph()
    inc = incidence(g)
    assert inc.nodes["Actor"] == ["actor:a1", "actor:a2", "actor:a3"]
    assert inc.nodes["Stage"] == ["stage:h2:prod", "stage:h2:use"]
    assert inc.actor_cluster.toarray().tolist() == [[1, 1], [0, 1], [0, 0]]
    assert inc.actor_stage.toarray().tolist() == [[1, 0], [1, 1], [0, 0]]
    assert inc.cluster_domain.toarray().tolist() == [[1, 0], [1, 1]]
    # members per cluster and stage: c2 has a1 and a2 on prod, a2 on use
    assert inc.cluster_stage().toarray().tolist() == [[1, 0], [2, 1]]
    # a3 has no edge: its region_id attribute places it
    assert inc.located("Actor", g).toarray().tolist() == [[1, 0], [0, 1], [0, 1]]
    assert inc.edges("Actor", "LOCATED_IN", "Region").toarray().tolist() == [[1, 0], [0, 1], [0, 0]]


def test_incidence_cluster_features_columns_sorted_by_kind_then_id():
    inc = incidence(small_graph())
    cols, x = inc.cluster_features()
    assert cols == sorted(cols)
    row = {cols[j] for j in x[1].indices}  # c2
    assert row == {
        ("actor", "actor:a1"),
        ("actor", "actor:a2"),
        ("domain", "domain:hydrogen"),
        ("domain", "domain:mobility"),
        ("stage", "stage:h2:prod"),
        ("stage", "stage:h2:use"),
    }


def test_incidence_nace_domains_map_each_code_once():
    calls = []

    def mapper(code: str) -> list[str]:
        calls.append(code)
        return {"35": ["energy", "domain:hydrogen"], "49": ["logistics"]}.get(code, [])

    g = small_graph()
    domains, m = incidence(g).actor_nace_domains(g, mapper)
    assert domains == ["energy", "hydrogen", "logistics"]
    assert m.toarray().tolist() == [[1, 1, 0], [1, 1, 1], [0, 0, 0]]
    assert sorted(calls) == ["35", "49"]
    incidence(g).actor_nace_domains(g, mapper)  # memoised
    assert len(calls) == 2


def test_incidence_memo_reused_and_rebuilt_after_change():
    g = small_graph()
    first = incidence(g)
    assert incidence(g) is first
    g.add_edge("actor:a3", "cluster:c1", key="MEMBER_OF", type="MEMBER_OF")
    second = incidence(g)
    assert second is not first
    assert second.actor_cluster.toarray().tolist() == [[1, 1], [0, 1], [1, 0]]


def test_of_kind_and_names_match_the_graph():
    g = small_graph()
    for kind in ("Region", "Cluster", "Actor", "Stage", "Domain", "Programme"):
        assert of_kind(g, kind) == sorted(n for n, k in g.nodes(data="kind") if k == kind)
    names = NameLookup(g)
    assert names.get("actor:a2") == "Beta"
    assert names.get("actor:missing", "x") == "x"
