"""Link prediction: Adamic-Adar and resource allocation hand-checked on four clusters."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from synergy.algorithms.communities import cluster_features
from synergy.algorithms.links import predicted_links
from synergy.core.settings import LinkParams
from synergy.graph.build import build_graph


def four_clusters() -> nx.MultiDiGraph:
    """c1 (R1: hydrogen, agrifood), c2 (R2: hydrogen), c3 (R3: both), c4 (R1: agrifood).

    One actor of c2 and one of c3 work on the same stage (h2:prod).
    """
    tables = {
        "regions": pd.DataFrame({"region_id": ["R1", "R2", "R3"], "name": ["A", "B", "C"]}),
        "clusters": pd.DataFrame(
            {
                "cluster_id": ["c1", "c2", "c3", "c4"],
                "name": ["One", "Two", "Three", "Four"],
                "region_id": ["R1", "R2", "R3", "R1"],
                "domains": [
                    ["hydrogen", "agrifood"],
                    ["hydrogen"],
                    ["hydrogen", "agrifood"],
                    ["agrifood"],
                ],
            }
        ),
        "value_chains": pd.DataFrame(
            {
                "chain_id": ["h2"],
                "stage_id": ["prod"],
                "stage_order": [1],
                "stage_name": ["Production"],
                "chain_name": ["Hydrogen"],
                "domains": [["hydrogen"]],
            }
        ),
        "actors": pd.DataFrame(
            {
                "actor_id": ["a2", "a3"],
                "name": ["Two Power", "Three Gas"],
                "region_id": ["R2", "R3"],
                "cluster_ids": [["c2"], ["c3"]],
                "roles": [["h2:prod"], ["h2:prod"]],
            }
        ),
    }
    return build_graph(tables)


def test_predicted_links_hand_checked():
    df = predicted_links(four_clusters(), top=None).set_index(["cluster_a", "cluster_b"])
    ln3, ln2 = math.log(3), math.log(2)
    # hydrogen and agrifood are held by 3 clusters each, the stage by 2
    assert df.loc[("c2", "c3"), "adamic_adar"] == pytest.approx(1 / ln3 + 1 / ln2, abs=1e-6)
    assert df.loc[("c2", "c3"), "resource_allocation"] == pytest.approx(1 / 3 + 1 / 2)
    assert df.loc[("c1", "c3"), "adamic_adar"] == pytest.approx(2 / ln3, abs=1e-6)
    assert df.loc[("c1", "c3"), "resource_allocation"] == pytest.approx(2 / 3, abs=1e-6)
    assert df.loc[("c1", "c2"), "adamic_adar"] == pytest.approx(1 / ln3, abs=1e-6)
    assert df.loc[("c3", "c4"), "resource_allocation"] == pytest.approx(1 / 3, abs=1e-6)
    # c1-c4 share a region; c2-c4 share nothing
    assert set(df.index) == {("c1", "c2"), ("c1", "c3"), ("c2", "c3"), ("c3", "c4")}
    assert df.loc[("c2", "c3"), "score"] == pytest.approx(1.0)
    expected = 0.5 * (2 / ln3) / (1 / ln3 + 1 / ln2) + 0.5 * (2 / 3) / (5 / 6)
    assert df.loc[("c1", "c3"), "score"] == pytest.approx(expected, abs=1e-6)
    assert df.loc[("c2", "c3"), "shared_stages"] == "h2:prod"
    assert "stage Hydrogen: Production" in df.loc[("c2", "c3"), "evidence"]


def test_predicted_links_match_networkx_on_bipartite_graph():
    g = four_clusters()
    b = nx.Graph()
    for c, feats in cluster_features(g).items():
        for items in feats.values():
            b.add_edges_from((c, f) for f in items)
    df = predicted_links(g, top=None)
    pairs = [
        (f"cluster:{a}", f"cluster:{c}") for a, c in zip(df.cluster_a, df.cluster_b, strict=True)
    ]
    aa = {(u, v): s for u, v, s in nx.adamic_adar_index(b, pairs)}
    ra = {(u, v): s for u, v, s in nx.resource_allocation_index(b, pairs)}
    for row, pair in zip(df.itertuples(), pairs, strict=True):
        assert row.adamic_adar == pytest.approx(aa[pair], abs=1e-6)
        assert row.resource_allocation == pytest.approx(ra[pair], abs=1e-6)


def test_predicted_links_skip_existing_and_cap_feature_degree():
    g = four_clusters()
    df = predicted_links(g, existing=[("c3", "c1")], top=None)
    assert ("c1", "c3") not in set(zip(df.cluster_a, df.cluster_b, strict=True))
    capped = predicted_links(g, params=LinkParams(max_feature_degree=2), top=None)
    assert list(zip(capped.cluster_a, capped.cluster_b, strict=True)) == [("c2", "c3")]


def test_predicted_links_top_and_order():
    df = predicted_links(four_clusters(), top=2)
    assert list(df["rank"]) == [1, 2]
    assert list(zip(df.cluster_a, df.cluster_b, strict=True)) == [("c2", "c3"), ("c1", "c3")]
    assert df["score"].between(0, 1).all()


def test_predicted_links_empty_graph():
    assert predicted_links(nx.MultiDiGraph()).empty
