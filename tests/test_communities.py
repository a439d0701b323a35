"""Communities: two obvious themes are found, the same on every run and in any input order."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from synergy.algorithms.communities import communities, membership, projection
from synergy.core.settings import CommunityParams
from synergy.graph.build import build_graph

DATA = Path(__file__).parent / "data"


def two_theme_tables(reverse: bool = False) -> dict[str, pd.DataFrame]:
    """Return tables: 3 hydrogen and 3 agri-food clusters in 6 regions, plus a mixed one (R7).

    Regions have no priorities, so each follows its own cluster's domains.
    """
    clusters = [
        ("h1", "R1", ["hydrogen"]),
        ("h2", "R2", ["hydrogen"]),
        ("h3", "R3", ["hydrogen"]),
        ("f1", "R4", ["agrifood"]),
        ("f2", "R5", ["agrifood"]),
        ("f3", "R6", ["agrifood"]),
        ("x", "R7", ["hydrogen", "agrifood"]),
    ]
    if reverse:
        clusters = clusters[::-1]
    regions = sorted({r for _, r, _ in clusters}, reverse=reverse)
    return {
        "regions": pd.DataFrame({"region_id": regions, "name": [f"Region {r}" for r in regions]}),
        "clusters": pd.DataFrame(
            [
                {"cluster_id": c, "name": c.upper(), "region_id": r, "domains": d}
                for c, r, d in clusters
            ]
        ),
    }


def test_communities_two_obvious_themes():
    df = communities(build_graph(two_theme_tables()))
    member = membership(df)
    hydrogen = {member[f"cluster:{c}"] for c in ("h1", "h2", "h3")}
    food = {member[f"cluster:{c}"] for c in ("f1", "f2", "f3")}
    assert len(hydrogen) == 1 and len(food) == 1 and hydrogen != food
    # each region follows its own cluster's theme
    assert member["region:R1"] == member["cluster:h1"]
    assert member["region:R4"] == member["cluster:f1"]
    rows = df.set_index("community")
    assert rows.loc[hydrogen.pop(), "domains"].split(";")[0] == "hydrogen"
    assert rows.loc[food.pop(), "domains"].split(";")[0] == "agrifood"
    assert set(df["transregional"]) == {True}
    assert df["size"].sum() == 14  # 7 clusters + 7 regions, each in exactly one community


def test_communities_identical_across_runs():
    g = build_graph(two_theme_tables())
    first = communities(g, seed=7)
    for _ in range(3):
        pd.testing.assert_frame_equal(communities(g, seed=7), first)


def test_communities_identical_across_input_order():
    a = communities(build_graph(two_theme_tables()))
    b = communities(build_graph(two_theme_tables(reverse=True)))
    pd.testing.assert_frame_equal(a, b)


def _reversed_copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    for csv in dst.glob("*.csv"):
        lines = csv.read_text(encoding="utf-8").splitlines()
        csv.write_text("\n".join([lines[0], *lines[:0:-1]]) + "\n", encoding="utf-8")
    return dst


def test_communities_identical_across_row_order_of_files(tmp_path, taxonomy):
    from ingest import load_dataset

    graphs = []
    for folder in (DATA / "stress", _reversed_copy(DATA / "stress", tmp_path / "rev")):
        ds = load_dataset(folder, taxonomy=taxonomy)
        graphs.append(build_graph(ds.tables, taxonomy))
    pd.testing.assert_frame_equal(communities(graphs[0]), communities(graphs[1]))


def test_projection_weights_hand_checked():
    p = projection(build_graph(two_theme_tables()))
    # same single domain: cosine 1; {hydrogen} vs {hydrogen, agrifood}: 1 / sqrt(2)
    assert p["cluster:h1"]["cluster:h2"]["weight"] == pytest.approx(1.0)
    assert p["cluster:h1"]["cluster:x"]["weight"] == pytest.approx(2**-0.5)
    assert not p.has_edge("cluster:h1", "cluster:f1")
    assert p["region:R1"]["cluster:h3"]["weight"] == pytest.approx(1.0)
    assert p["cluster:h1"]["cluster:x"]["distance"] == pytest.approx(2**0.5)


def test_communities_greedy_method_and_bad_arguments():
    g = build_graph(two_theme_tables())
    df = communities(g, params=CommunityParams(method="greedy"))
    member = membership(df)
    assert member["cluster:h1"] == member["cluster:h3"] != member["cluster:f2"]
    with pytest.raises(ValueError, match="unknown community method"):
        communities(g, params=CommunityParams(method="leiden-ish"))
    with pytest.raises(ValueError, match="resolution"):
        communities(g, params=CommunityParams(resolution=0))


def test_communities_empty_graph():
    assert communities(nx.MultiDiGraph()).empty


def test_projection_keeps_strongest_neighbours_only():
    p = projection(build_graph(two_theme_tables()), params=CommunityParams(max_neighbours=1))
    # an edge survives when it is the strongest (ties: smallest id) of either end
    assert p.has_edge("cluster:h1", "cluster:h2") and p.has_edge("cluster:h1", "cluster:h3")
    assert not p.has_edge("cluster:h2", "cluster:h3")
    assert p.has_edge("cluster:x", "cluster:f1") and not p.has_edge("cluster:x", "cluster:h1")


def test_knn_keeps_ties_for_the_smaller_id_and_either_end():
    import numpy as np

    from synergy.algorithms.communities import _knn

    # node 0 ties with 1, 2, 3 (0.5 each, one off by float noise); k = 2 keeps 0-1 and 0-2
    pa = np.array([0, 0, 0, 1])
    pb = np.array([1, 2, 3, 2])
    sims = np.array([0.5, 0.5, 0.5 + 1e-15, 0.1])
    kept = _knn(pa, pb, sims, 4, 2).tolist()
    # 0-3 is kept too: it is one of node 3's two strongest (its only one)
    assert kept == [0, 1, 2, 3]
    # k = 1: 0 keeps 0-1 (tie, smaller id), 2 keeps 0-2, 3 keeps 0-3; 1-2 is nobody's best
    assert _knn(pa, pb, sims, 4, 1).tolist() == [0, 1, 2]
