"""synergy.graph.build on the hand-checkable mini set: the graph model, node for node."""

from __future__ import annotations

from synergy.core.model import EDGE_TYPES, NODE_KINDS


def test_graph_every_node_has_kind_and_name_every_edge_type(mini_graph):
    for _, data in mini_graph.nodes(data=True):
        assert data["kind"] in NODE_KINDS and data["name"]
    for _, _, key, data in mini_graph.edges(keys=True, data=True):
        assert data["type"] == key and key in EDGE_TYPES


def test_graph_model_edges(mini_graph):
    assert mini_graph.has_edge("region:R1", "priority:R1:P1", "HAS_PRIORITY")
    assert mini_graph.has_edge("priority:R1:P1", "domain:hydrogen", "IN_DOMAIN")
    assert mini_graph.has_edge("cluster:c-alpha-h2", "region:R1", "LOCATED_IN")
    assert mini_graph.has_edge("cluster:c-alpha-h2", "priority:R1:P1", "SUPPORTS")
    assert mini_graph.has_edge("actor:a1", "cluster:c-alpha-h2", "MEMBER_OF")
    assert mini_graph.has_edge("actor:a1", "stage:h2:prod", "ACTIVE_IN")
    assert mini_graph.has_edge("stage:h2:prod", "chain:h2", "PART_OF")
    assert mini_graph.has_edge("stage:h2:prod", "stage:h2:store", "NEXT")
    assert "actor:a9" not in mini_graph  # merged into a1
    assert mini_graph.nodes["actor:a1"]["source_ids"] == ["a9"]


def test_graph_bulk_actor_edges_match_networkx(mini_graph):
    import networkx as nx

    rebuilt = nx.MultiDiGraph()
    rebuilt.add_nodes_from(mini_graph.nodes(data=True))
    rebuilt.add_edges_from(mini_graph.edges(keys=True, data=True))
    assert sorted(mini_graph.edges(keys=True, data="type")) == sorted(
        rebuilt.edges(keys=True, data="type")
    )
    # successor and predecessor views agree, as networkx's own add_edge keeps them
    for u, v, k in mini_graph.edges(keys=True):
        assert mini_graph.pred[v][u][k] is mini_graph.succ[u][v][k]
    assert sorted(d for _, d in mini_graph.in_degree()) == sorted(d for _, d in rebuilt.in_degree())
    assert mini_graph.in_degree("region:R1") == rebuilt.in_degree("region:R1")
