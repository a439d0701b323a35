"""Graph, shared priorities and value-chain complementarity on the hand-checkable mini set."""

from __future__ import annotations

import pytest

from ingest import load_dataset
from synergy.algorithms.shared_priorities import shared_priorities
from synergy.algorithms.value_chains import chain_coverage, value_chain_complementarity
from synergy.core.model import EDGE_TYPES, NODE_KINDS
from synergy.core.scoring import Weights, parse_weights
from synergy.graph.build import build_graph


@pytest.fixture
def graph(mini, taxonomy):
    return build_graph(load_dataset(mini, taxonomy=taxonomy).tables, taxonomy)


def test_graph_every_node_has_kind_and_name_every_edge_type(graph):
    for _, data in graph.nodes(data=True):
        assert data["kind"] in NODE_KINDS and data["name"]
    for _, _, key, data in graph.edges(keys=True, data=True):
        assert data["type"] == key and key in EDGE_TYPES


def test_graph_model_edges(graph):
    assert graph.has_edge("region:R1", "priority:R1:P1", "HAS_PRIORITY")
    assert graph.has_edge("priority:R1:P1", "domain:hydrogen", "IN_DOMAIN")
    assert graph.has_edge("cluster:c-alpha-h2", "region:R1", "LOCATED_IN")
    assert graph.has_edge("cluster:c-alpha-h2", "priority:R1:P1", "SUPPORTS")
    assert graph.has_edge("actor:a1", "cluster:c-alpha-h2", "MEMBER_OF")
    assert graph.has_edge("actor:a1", "stage:h2:prod", "ACTIVE_IN")
    assert graph.has_edge("stage:h2:prod", "chain:h2", "PART_OF")
    assert graph.has_edge("stage:h2:prod", "stage:h2:store", "NEXT")
    assert "actor:a9" not in graph  # merged into a1
    assert graph.nodes["actor:a1"]["source_ids"] == ["a9"]


def test_shared_priorities_hand_computed(graph):
    found = {c.regions: c for c in shared_priorities(graph)}
    # R1 {hydrogen .5, wood .5} vs R2 {hydrogen .5, agrifood .5}: Σmin .5 / Σmax 1.5
    r1r2 = found[("R1", "R2")]
    assert r1r2.components["domain_overlap"] == pytest.approx(1 / 3)
    assert r1r2.domains == ("hydrogen",)
    # both back hydrogen with a cluster
    assert r1r2.components["cluster_backing"] == 1.0
    assert "Hydrogen economy" in r1r2.evidence and "Idrogeno verde" in r1r2.evidence
    # R2-R3 share agrifood but only R3 has a food cluster
    assert found[("R2", "R3")].components["cluster_backing"] == 0.0
    assert all(0 <= c.score <= 1 for c in found.values())


def test_shared_priorities_weights_change_ranking(graph):
    only_backing = parse_weights("shared-priority.domain_overlap=0,shared-priority.breadth=0")
    found = {c.regions: c.score for c in shared_priorities(graph, weights=only_backing)}
    assert found[("R1", "R2")] == 1.0 and found[("R2", "R3")] == 0.0


def test_chain_coverage(graph):
    cov = {c.chain_id: c for c in chain_coverage(graph)}
    h2 = cov["h2"]
    assert h2.stages == ("prod", "store", "cell", "use")
    assert h2.actors[("R1", "prod")] == ["actor:a1"]
    assert h2.regions == ("R1", "R2", "R3")


def test_value_chain_pair_completes_chain(graph):
    found = {(c.chain_id, c.regions): c for c in value_chain_complementarity(graph)}
    pair = found[("h2", ("R1", "R2"))]
    # R1 prod+store, R2 cell+use: all 4 stages, 2 beyond the best alone, only the
    # store→cell handover is closed by the pair (1 of 3 steps)
    assert pair.components["coverage"] == 1.0
    assert pair.components["gain"] == 0.5
    assert pair.components["handover"] == pytest.approx(1 / 3)
    assert "Alpha" in pair.evidence and "Production, Storage" in pair.evidence
    assert "actor:a3" in pair.involves
    assert "c-beta-h2" in pair.clusters
    # R3 only adds storage, which R1 has: R1-R3 is no candidate
    assert ("h2", ("R1", "R3")) not in found


def test_value_chain_trio_when_no_pair_suffices(graph):
    trios = [c for c in value_chain_complementarity(graph) if len(c.regions) == 3]
    assert [(c.chain_id, c.regions) for c in trios] == [("wood", ("R1", "R2", "R3"))]
    assert trios[0].components["coverage"] == 1.0
    assert trios[0].components["handover"] == 1.0


def test_value_chain_ranks_complete_pair_above_partial(graph):
    cands = value_chain_complementarity(graph, weights=Weights())
    h2 = sorted((c for c in cands if c.chain_id == "h2"), key=lambda c: -c.score)
    assert h2[0].regions == ("R1", "R2")


def test_graph_bulk_actor_edges_match_networkx(graph):
    import networkx as nx

    rebuilt = nx.MultiDiGraph()
    rebuilt.add_nodes_from(graph.nodes(data=True))
    rebuilt.add_edges_from(graph.edges(keys=True, data=True))
    assert sorted(graph.edges(keys=True, data="type")) == sorted(
        rebuilt.edges(keys=True, data="type")
    )
    # successor and predecessor views agree, as networkx's own add_edge keeps them
    for u, v, k in graph.edges(keys=True):
        assert graph.pred[v][u][k] is graph.succ[u][v][k]
    assert sorted(d for _, d in graph.in_degree()) == sorted(d for _, d in rebuilt.in_degree())
    assert graph.in_degree("region:R1") == rebuilt.in_degree("region:R1")
