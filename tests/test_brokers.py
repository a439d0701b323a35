"""Brokers: participation coefficient, betweenness and the flagged bridge between themes."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from synergy.algorithms.brokers import brokers, participation_coefficient
from synergy.algorithms.communities import communities, projection
from synergy.core.settings import BrokerParams
from synergy.graph.build import build_graph


def two_theme_tables() -> dict[str, pd.DataFrame]:
    """Return 3 hydrogen and 3 agri-food clusters in 6 regions, and x (R7) holding both."""
    clusters = [("h1", "R1", ["hydrogen"]), ("h2", "R2", ["hydrogen"]), ("h3", "R3", ["hydrogen"])]
    clusters += [("f1", "R4", ["agrifood"]), ("f2", "R5", ["agrifood"])]
    clusters += [("f3", "R6", ["agrifood"]), ("x", "R7", ["hydrogen", "agrifood"])]
    regions = [r for _, r, _ in clusters]
    return {
        "regions": pd.DataFrame({"region_id": regions, "name": regions}),
        "clusters": pd.DataFrame(
            [
                {"cluster_id": c, "name": c.upper(), "region_id": r, "domains": d}
                for c, r, d in clusters
            ]
        ),
    }


def test_participation_coefficient_hand_checked():
    g = nx.Graph()
    g.add_edge("a", "b", weight=2.0)
    g.add_edge("a", "c", weight=1.0)
    g.add_edge("a", "d", weight=1.0)
    g.add_node("lonely")
    p = participation_coefficient(g, {"a": 1, "b": 1, "c": 2, "d": 3, "lonely": 1})
    # a's weight 4: 2 to community 1, 1 to 2, 1 to 3 -> 1 - (1/4 + 1/16 + 1/16)
    assert p["a"] == pytest.approx(1 - 0.25 - 0.0625 - 0.0625)
    assert p["b"] == 0.0 and p["lonely"] == 0.0


def test_brokers_bridge_has_highest_participation():
    g = build_graph(two_theme_tables())
    proj = projection(g)
    df = brokers(g, communities(g, proj=proj), proj=proj)
    top = df.sort_values("participation", ascending=False).iloc[0]
    assert top["node"] == "cluster:x"
    assert (df.loc[df["node"] != "cluster:x", "participation"] < top["participation"]).all()
    row = df.set_index("node").loc["cluster:x"]
    assert bool(row["is_broker"]) and row["communities_linked"] == 1
    assert "participation" in row["reason"] and "X" in row["reason"]
    # pure theme members keep all their ties inside their community
    assert df.set_index("node").loc["cluster:h1", "participation"] < 0.2


def test_brokers_betweenness_matches_networkx_exact():
    g = build_graph(two_theme_tables())
    proj = projection(g)
    df = brokers(g, communities(g, proj=proj), proj=proj).set_index("node")
    expected = nx.betweenness_centrality(proj, weight="distance", normalized=True)
    for node, value in expected.items():
        assert df.loc[node, "betweenness"] == pytest.approx(value, abs=1e-6)
    # x is the only path between the themes' clusters
    assert df["betweenness"].idxmax() in ("cluster:x", "region:R7")


def test_brokers_sorted_and_deterministic():
    g = build_graph(two_theme_tables())
    comm = communities(g)
    a, b = brokers(g, comm), brokers(g, comm)
    assert a.equals(b)
    assert list(a["broker_score"]) == sorted(a["broker_score"], reverse=True)


def weighted_graph_with_ties(seed: int) -> nx.Graph:
    """Return a random weighted graph whose distances repeat, so equal paths are common."""
    import random

    g = nx.gnm_random_graph(60, 240, seed=seed)
    rng = random.Random(seed)
    for u, v in g.edges:
        g[u][v]["distance"] = rng.choice([1.0, 2.0, 3.0, 4.0])
    return nx.relabel_nodes(g, {i: f"n{i:03d}" for i in g})


def test_betweenness_counts_equal_paths_hand_checked():
    from synergy.algorithms.brokers import shortest_path_betweenness

    # a 4-cycle s-a-t-b-s: from s, t is reached by two equal paths, each through a or b
    g = nx.Graph()
    for u, v in (("s", "a"), ("a", "t"), ("t", "b"), ("b", "s")):
        g.add_edge(u, v, distance=1.0)
    raw = dict(zip(g, shortest_path_betweenness(g, ["s"], weight="distance"), strict=True))
    assert raw == {"s": 0.0, "a": 0.5, "t": 0.0, "b": 0.5}


def test_betweenness_exact_and_sampled_match_networkx():
    import synergy.algorithms.brokers as b

    for seed in (1, 2):
        g = weighted_graph_with_ties(seed)
        exact = nx.betweenness_centrality(g, weight="distance", normalized=True)
        ours = b._betweenness(g, seed=7)
        assert all(ours[v] == pytest.approx(exact[v], abs=1e-12) for v in g)
        # force sampling: 40 seeded sources, drawn as networkx draws them
        sampling = BrokerParams(exact_max_nodes=10, edge_budget=40 * g.number_of_edges())
        sampled = nx.betweenness_centrality(g, k=40, weight="distance", normalized=True, seed=7)
        ours = b._betweenness(g, seed=7, params=sampling)
        assert all(ours[v] == pytest.approx(sampled[v], abs=1e-12) for v in g)
