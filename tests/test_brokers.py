"""Brokers: participation coefficient, betweenness and the flagged bridge between themes."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from synergy.brokers import brokers, participation_coefficient
from synergy.communities import communities, projection
from synergy.graph import build_graph


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
