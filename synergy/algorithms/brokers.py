"""Brokers: clusters and regions that bridge thematic communities.

Computed on the weighted cluster/region projection of :mod:`synergy.algorithms.communities`,
with the communities found there:

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
    (the values of networkx ``betweenness_centrality``, computed by
    :func:`shortest_path_betweenness`: Dijkstra in C, path counts and dependencies as sparse
    products). Exact (Brandes, O(n m + n^2 log n)) up to ``exact_max_nodes`` nodes; above,
    estimated from k seeded source nodes (O(k (m + n log n))), k = ``edge_budget`` / m but
    at least ``min_samples`` (:class:`synergy.core.settings.BrokerParams`),
    drawn as networkx draws them, so results stay reproducible and the time bounded by the
    projection's size, whatever the number of actors.
``broker_score``
    ``0.5 * participation + 0.5 * betweenness / max betweenness`` (0-1), the ranking key.

The top brokers (``is_broker``) are the best ``top`` clusters and the best ``top`` regions
by ``broker_score`` among those
with participation > 0 that link to at least two communities besides their own or lie on
some shortest path; each gets a one-sentence ``reason``.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph

from synergy.algorithms.communities import membership, projection
from synergy.core.settings import BrokerParams

__all__ = [
    "BROKER_COLUMNS",
    "participation_coefficient",
    "shortest_path_betweenness",
    "brokers",
]

# sources per batch of the vectorised Brandes: about this many DAG entries held at once
BETWEENNESS_BATCH_EDGES = 4_000_000
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


def _betweenness(g: nx.Graph, seed: int, params: BrokerParams | None = None) -> dict[str, float]:
    """Return normalised betweenness on ``distance``, exact or from seeded sampled sources.

    Same sources (``random.Random(seed).sample(list(g), k)``, as networkx draws them) and
    the same rescaling as ``networkx.betweenness_centrality(g, k, weight="distance",
    normalized=True, seed=seed)``; only the summation order differs (last-bit noise).
    """
    params = params or BrokerParams()
    n = g.number_of_nodes()
    nodes = list(g)
    k = None
    if n > params.exact_max_nodes:
        k = min(n, max(params.min_samples, params.edge_budget // max(1, g.number_of_edges())))
        if k == n:
            k = None
    sources = nodes if k is None else random.Random(seed).sample(nodes, k)
    raw = shortest_path_betweenness(g, sources, weight="distance")
    out = dict(zip(nodes, raw.tolist(), strict=True))
    if n <= 2:
        return out
    if k is None:
        scale = 1 / ((n - 1) * (n - 2))
        return {v: b * scale for v, b in out.items()}
    # sources cannot lie inside their own paths: networkx scales them by k - 1 sources
    scale_source = 1 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    scale_other = 1 / (k * (n - 2))
    chosen = set(sources)
    return {v: b * (scale_source if v in chosen else scale_other) for v, b in out.items()}


def shortest_path_betweenness(g: nx.Graph, sources: list, *, weight: str) -> np.ndarray:
    """Return Brandes' unnormalised betweenness sums over ``sources`` (in ``list(g)`` order).

    Dijkstra runs in C (``scipy.sparse.csgraph.dijkstra``) for a batch of sources at once;
    path counts and dependencies are then propagated along every source's shortest-path DAG
    with sparse products, batch by batch: O(k (m + n log n)) time for k sources, n nodes and
    m edges, O(batch · (n + m)) memory. Predecessors are the edges with
    ``dist[u] + w(u, v) == dist[v]`` exactly, as networkx's Dijkstra counts equal paths.
    """
    nodes = list(g)
    n = len(nodes)
    if n == 0 or not sources:
        return np.zeros(n)
    pos = {v: i for i, v in enumerate(nodes)}
    rows, cols, lengths = [], [], []
    for u, v, d in g.edges(data=True):
        if u == v:
            continue
        w = float(d.get(weight, 1.0))
        rows += [pos[u], pos[v]]
        cols += [pos[v], pos[u]]
        lengths += [w, w]
    src_e = np.asarray(rows, dtype=np.int64)
    dst_e = np.asarray(cols, dtype=np.int64)
    w_e = np.asarray(lengths, dtype=np.float64)
    adj = sp.csr_matrix((w_e, (src_e, dst_e)), shape=(n, n))
    total = np.zeros(n)
    idx = np.array([pos[s] for s in sources], dtype=np.int64)
    batch = max(1, min(len(idx), BETWEENNESS_BATCH_EDGES // max(1, len(w_e) + n)))
    for lo in range(0, len(idx), batch):
        chunk = idx[lo : lo + batch]
        dist = csgraph.dijkstra(adj, directed=True, indices=chunk)
        b = len(chunk)
        du = dist[:, src_e]
        on_path = np.isfinite(du) & (du + w_e[None, :] == dist[:, dst_e])
        which, e = np.nonzero(on_path)
        # one block per source: node i of source s is row/column s * n + i
        head = which * n + src_e[e]
        tail = which * n + dst_e[e]
        dag = sp.csr_matrix((np.ones(len(e)), (tail, head)), shape=(b * n, b * n))
        start = np.zeros(b * n)
        start[np.arange(b) * n + chunk] = 1.0
        sigma = _propagate(dag, start)
        # delta(v) = sum over DAG successors w of sigma(v) / sigma(w) * (1 + delta(w))
        coeff = sigma[head] / sigma[tail]
        back = sp.csr_matrix((coeff, (head, tail)), shape=(b * n, b * n))
        delta = _propagate(back, back @ np.ones(b * n)) if len(e) else np.zeros(b * n)
        delta[np.arange(b) * n + chunk] = 0.0  # a source is not inside its own paths
        total += delta.reshape(b, n).sum(axis=0)
    return total


def _propagate(step: sp.csr_matrix, start: np.ndarray) -> np.ndarray:
    """Return ``start + step @ start + step @ step @ start + ...`` (``step`` is acyclic)."""
    acc = start.copy()
    term = start
    while True:
        term = step @ term
        if not term.any():
            return acc
        acc += term


def brokers(
    graph: nx.MultiDiGraph,
    communities_df: pd.DataFrame,
    *,
    seed: int = 42,
    params: BrokerParams | None = None,
    proj: nx.Graph | None = None,
) -> pd.DataFrame:
    """Return every cluster and region with its brokerage measures, best broker first.

    Parameters
    ----------
    graph
        The synergy graph.
    communities_df
        The table from :func:`synergy.algorithms.communities.communities` on the same graph.
    seed
        Seed for sampled betweenness (used only above the exact-size threshold).
    params
        ``top``: how many clusters, and how many regions, to flag as brokers (``is_broker``)
        with a ``reason``; the sampling of betweenness (``exact_max_nodes``, ``edge_budget``,
        ``min_samples``).
    proj
        The projection the communities were found on (rebuilt when omitted).

    Returns
    -------
    DataFrame
        Columns :data:`BROKER_COLUMNS`; ``communities_linked`` counts the other communities a
        node has links to. Sorted by ``broker_score`` descending, then node id.
    """
    params = params or BrokerParams()
    proj = proj if proj is not None else projection(graph)
    community_of = membership(communities_df)
    themes = {
        int(r.community): str(r.domains or "").replace(";", ", ") or "no domain data"
        for r in communities_df.itertuples(index=False)
    }
    part = participation_coefficient(proj, community_of)
    within = _within_z(proj, community_of)
    between = _betweenness(proj, seed, params)
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
        i
        for kind in ("Cluster", "Region")
        for i in df.index[eligible & (df["kind"] == kind)][: params.top]
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
