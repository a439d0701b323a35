"""Brokers: clusters and regions that bridge thematic communities.

Computed on the weighted cluster/region projection of :mod:`synergy.communities`, with the
communities found there:

``participation``
    Guimerà & Amaral's (2005) participation coefficient on link weight,
    ``P_i = 1 - sum_s (k_is / k_i)^2`` where ``k_i`` is node i's total link weight and
    ``k_is`` the part going to community s. 0 when all its ties stay in one community; it
    approaches 1 when they spread evenly over many.
``within_z``
    Guimerà & Amaral's within-community degree z-score (strength inside its own community,
    standardised over that community): high for a community's hub.
``betweenness``
    Share of shortest paths (distance ``1 / weight``) passing through the node, normalised
    (networkx ``betweenness_centrality``). Exact (Brandes, O(n m + n^2 log n)) up to
    :data:`EXACT_BETWEENNESS_MAX_NODES` nodes; above, estimated from k seeded source nodes
    (O(k (m + n log n))), k = :data:`BETWEENNESS_EDGE_BUDGET` / m but at least
    :data:`BETWEENNESS_MIN_SAMPLES`, so results stay reproducible and the time bounded.
``broker_score``
    ``0.5 * participation + 0.5 * betweenness / max betweenness`` (0-1), the ranking key.

The top brokers (``is_broker``) are the best ``top`` clusters and the best ``top`` regions
by ``broker_score`` among those
with participation > 0 that link to at least two communities besides their own or lie on
some shortest path; each gets a one-sentence ``reason``.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import pandas as pd

from .communities import membership, projection

__all__ = [
    "EXACT_BETWEENNESS_MAX_NODES",
    "BETWEENNESS_EDGE_BUDGET",
    "BETWEENNESS_MIN_SAMPLES",
    "BROKER_COLUMNS",
    "participation_coefficient",
    "brokers",
]

EXACT_BETWEENNESS_MAX_NODES = 1000
# sampled sources: enough for ~4 million edge relaxations, at least 32 (about 10 s in pure
# Python on the 3,240-node, 78,000-edge projection of 240 regions and 3,000 clusters)
BETWEENNESS_EDGE_BUDGET = 4_000_000
BETWEENNESS_MIN_SAMPLES = 32
BROKER_COLUMNS = [
    "node",
    "kind",
    "id",
    "name",
    "region_id",
    "community",
    "degree",
    "strength",
    "communities_linked",
    "participation",
    "within_z",
    "betweenness",
    "broker_score",
    "is_broker",
    "reason",
]


def participation_coefficient(
    g: nx.Graph, community_of: dict, *, weight: str = "weight"
) -> dict[str, float]:
    """Return Guimerà-Amaral participation ``1 - sum_s (k_is / k_i)^2`` of every node.

    Nodes without links get 0. Neighbours missing from ``community_of`` count as one
    community each (they are their own group).

    >>> g = nx.Graph([("a", "b"), ("a", "c"), ("b", "c"), ("a", "x")])
    >>> participation_coefficient(g, {"a": 1, "b": 1, "c": 1, "x": 2})["a"]
    0.4444444444444444
    """
    out = {}
    for n in sorted(g.nodes):
        per: dict = defaultdict(float)
        for nb, data in g[n].items():
            per[community_of.get(nb, ("alone", nb))] += float(data.get(weight, 1.0))
        total = sum(per.values())
        out[n] = 1.0 - sum((k / total) ** 2 for k in per.values()) if total > 0 else 0.0
    return out


def _within_z(g: nx.Graph, community_of: dict) -> dict[str, float]:
    inside = {
        n: sum(d.get("weight", 1.0) for nb, d in g[n].items() if community_of.get(nb) == c)
        for n, c in community_of.items()
        if n in g
    }
    groups: dict = defaultdict(list)
    for n, c in community_of.items():
        if n in inside:
            groups[c].append(inside[n])
    out = {}
    for n, value in inside.items():
        values = groups[community_of[n]]
        mean = sum(values) / len(values)
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        out[n] = (value - mean) / std if std > 0 else 0.0
    return out


def _betweenness(g: nx.Graph, seed: int) -> dict[str, float]:
    if g.number_of_nodes() <= EXACT_BETWEENNESS_MAX_NODES:
        return nx.betweenness_centrality(g, weight="distance", normalized=True)
    k = min(g.number_of_nodes(), max(BETWEENNESS_MIN_SAMPLES, _sample_size(g)))
    return nx.betweenness_centrality(g, k=k, weight="distance", normalized=True, seed=seed)


def _sample_size(g: nx.Graph) -> int:
    return BETWEENNESS_EDGE_BUDGET // max(1, g.number_of_edges())


def brokers(
    graph: nx.MultiDiGraph,
    communities_df: pd.DataFrame,
    *,
    top: int = 5,
    seed: int = 42,
    proj: nx.Graph | None = None,
) -> pd.DataFrame:
    """Return every cluster and region with its brokerage measures, best broker first.

    Parameters
    ----------
    graph
        The synergy graph.
    communities_df
        The table from :func:`synergy.communities.communities` on the same graph.
    top
        How many clusters, and how many regions, to flag as brokers (``is_broker``) with a
        ``reason``.
    seed
        Seed for sampled betweenness (used only above the exact-size threshold).
    proj
        The projection the communities were found on (rebuilt when omitted).

    Returns
    -------
    DataFrame
        Columns :data:`BROKER_COLUMNS`; ``communities_linked`` counts the other communities a
        node has links to. Sorted by ``broker_score`` descending, then node id.
    """
    proj = proj if proj is not None else projection(graph)
    community_of = membership(communities_df)
    themes = {
        int(r.community): str(r.domains or "").replace(";", ", ") or "no domain data"
        for r in communities_df.itertuples(index=False)
    }
    part = participation_coefficient(proj, community_of)
    within = _within_z(proj, community_of)
    between = _betweenness(proj, seed)
    top_between = max(between.values(), default=0.0)
    rows = []
    for n in sorted(proj.nodes):
        data = proj.nodes[n]
        own = community_of.get(n)
        per: dict = defaultdict(float)
        for nb, d in proj[n].items():
            per[community_of.get(nb)] += d["weight"]
        strength = sum(per.values())
        others = sorted((c for c in per if c != own and c is not None), key=lambda c: (-per[c], c))
        b = between.get(n, 0.0)
        score = 0.5 * part[n] + 0.5 * (b / top_between if top_between > 0 else 0.0)
        rows.append(
            {
                "node": n,
                "kind": data["kind"],
                "id": data["key"],
                "name": data.get("name", data["key"]),
                "region_id": data.get("region_id", data["key"]),
                "community": own,
                "degree": proj.degree(n),
                "strength": round(strength, 6),
                "communities_linked": len(others),
                "participation": round(part[n], 6),
                "within_z": round(within.get(n, 0.0), 6),
                "betweenness": round(b, 6),
                "broker_score": round(score, 6),
                "is_broker": False,
                "reason": "",
                "_outside": 1.0 - per.get(own, 0.0) / strength if strength > 0 else 0.0,
                "_others": others,
            }
        )
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=BROKER_COLUMNS)
    df = df.sort_values(["broker_score", "node"], ascending=[False, True], kind="stable")
    eligible = (df["participation"] > 0) & (
        (df["communities_linked"] >= 2) | (df["betweenness"] > 0)
    )
    chosen = [
        i for kind in ("Cluster", "Region") for i in df.index[eligible & (df["kind"] == kind)][:top]
    ]
    df.loc[chosen, "is_broker"] = True
    df.loc[chosen, "reason"] = [_reason(df.loc[i], themes) for i in chosen]
    return df[BROKER_COLUMNS].reset_index(drop=True)


def _reason(row: pd.Series, themes: dict[int, str]) -> str:
    linked = [f"{c} ({themes.get(c, '')})" for c in row["_others"][:3]]
    what = "Cluster" if row["kind"] == "Cluster" else "Region"
    text = (
        f"{what} {row['name']} (community {row['community']}) links to "
        f"{row['communities_linked']} other communit"
        f"{'y' if row['communities_linked'] == 1 else 'ies'}"
        + (f", most to {', '.join(linked)}" if linked else "")
        + f": {row['_outside']:.0%} of its link weight leaves its own community "
        f"(participation {row['participation']:.2f})"
    )
    if row["betweenness"] > 0:
        text += f" and it lies on {row['betweenness']:.1%} of shortest paths"
    return text + "."
