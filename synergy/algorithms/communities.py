"""Transregional thematic communities of clusters and regions (seeded Louvain, deterministic).

The property graph links clusters to regions, domains and actors, but never directly to each
other, so communities are found on a weighted *projection* (:func:`projection`), an
undirected graph on the Cluster and Region nodes:

cluster -- cluster
    cosine similarity of the two clusters' weighted feature vectors (:func:`cluster_features`):
    their domains (``IN_DOMAIN``, weight :data:`FEATURE_WEIGHTS` ``domain`` = 1), the
    value-chain stages their member actors are active in (``MEMBER_OF`` + ``ACTIVE_IN``,
    weight 0.5) and their member actors themselves (a shared member, weight 1). Only pairs
    that share a feature get an edge; clusters of the same region are linked like any other,
    so communities follow themes, not borders. Each cluster keeps its
    ``max_neighbours`` strongest cluster links (an edge stays if either end keeps it): a
    k-nearest-neighbour sparsification that keeps the themes and bounds the edges at EU scale.
region -- cluster
    cosine similarity of the region's priority-domain profile (each priority split across its
    domains by taxonomy score, as :mod:`synergy.graph.profiles` does; a region without priorities
    uses its own clusters' domains) and the cluster's domain vector, times
    ``region_link_weight``. Each region keeps only its ``region_links`` strongest
    cluster links (:class:`synergy.core.settings.CommunityParams`), so a region joins the
    theme its strategy stresses most.

Louvain (``networkx.community.louvain_communities``) runs with a fixed seed on a projection
built in sorted order (nodes, then edges), so the partition is the same on every run and
whatever the order of the input rows. Communities are numbered 1, 2, ... by size, ties by
their first member. *Defining domains* are the domains whose share of the community's domain
weight most exceeds their share over all clusters and regions (``within - overall``).

Complexity: features O(E) once per graph (:mod:`synergy.graph.incidence`); cluster pairs are one
sparse product, O(sum over features of min(d_f, cap)^2) (features held by more than
``max_feature_degree`` clusters are skipped when pairing, as they say little about who
belongs together); the kNN cut one partial sort per cluster, O(P) for P pairs; region links
O(R * nnz(cluster x domain)); Louvain about O(m log n) on the projection, whose edges are at
most ``C * max_neighbours + R * region_links``. Ties in either cut (equal to 12 decimals)
go to the smaller node id, so float noise never decides.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from synergy.core.model import (
    CLUSTER,
    DOMAIN,
    HAS_PRIORITY,
    IN_DOMAIN,
    LOCATED_IN,
    REGION,
    node_id,
)
from synergy.core.settings import CommunityParams
from synergy.graph.incidence import incidence, of_kind

__all__ = [
    "FEATURE_WEIGHTS",
    "METHODS",
    "COMMUNITY_COLUMNS",
    "cluster_features",
    "region_profiles",
    "projection",
    "communities",
    "membership",
]

FEATURE_WEIGHTS: Mapping[str, float] = {"domain": 1.0, "stage": 0.5, "actor": 1.0}
METHODS = ("louvain", "greedy")
COMMUNITY_COLUMNS = [
    "community",
    "size",
    "n_regions",
    "n_clusters",
    "transregional",
    "regions",
    "clusters",
    "cluster_regions",
    "domains",
    "defining_domains",
    "evidence",
]


def _key(g: nx.MultiDiGraph, node: str) -> str:
    return str(g.nodes[node].get("key") or node.split(":", 1)[-1])


def _out(g: nx.MultiDiGraph, node: str, etype: str, kind: str) -> list[tuple[str, dict]]:
    """Return sorted ``(target, edge data)`` of ``node``'s ``etype`` edges to ``kind`` nodes."""
    found = [
        (v, d)
        for _, v, k, d in g.out_edges(node, keys=True, data=True)
        if k == etype and g.nodes[v].get("kind") == kind
    ]
    return sorted(found, key=lambda item: item[0])


def cluster_features(g: nx.MultiDiGraph) -> dict[str, dict[str, set[str]]]:
    """Return ``{cluster node: {"domain": ..., "stage": ..., "actor": ...}}`` node-id sets.

    Domains come from the cluster's ``IN_DOMAIN`` edges, actors from their ``MEMBER_OF``
    edges, stages from those members' ``ACTIVE_IN`` edges. Read from the shared incidence
    (:meth:`synergy.graph.incidence.Incidence.cluster_features`): O(E) once per graph.
    """
    inc = incidence(g)
    cols, x = inc.cluster_features()
    out = {}
    for i, c in enumerate(inc.nodes.get(CLUSTER, [])):
        feats: dict[str, set[str]] = {"domain": set(), "stage": set(), "actor": set()}
        for j in x.indices[x.indptr[i] : x.indptr[i + 1]].tolist():
            kind, node = cols[j]
            feats[kind].add(node)
        out[c] = feats
    return out


def _cluster_regions(g: nx.MultiDiGraph, c: str) -> list[str]:
    regions = [r for r, _ in _out(g, c, LOCATED_IN, REGION)]
    if not regions and g.nodes[c].get("region_id"):
        rid = node_id(REGION, g.nodes[c]["region_id"])
        regions = [rid] if rid in g else []
    return regions


def region_profiles(g: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    """Return ``{region node: {domain node: share}}``: the region's thematic profile (sums to 1).

    Each priority weighs 1, split across its domains by the ``score`` of its ``IN_DOMAIN``
    edges (missing score = 1). A region with no priority domains uses its clusters' domains.
    """
    by_region: dict[str, list[str]] = defaultdict(list)
    for c in of_kind(g, CLUSTER):
        for r in _cluster_regions(g, c):
            by_region[r].append(c)
    out: dict[str, dict[str, float]] = {}
    for r in of_kind(g, REGION):
        weights: dict[str, float] = defaultdict(float)
        for p, _ in _out(g, r, HAS_PRIORITY, "Priority"):
            doms = {d: _score(e) for d, e in _out(g, p, IN_DOMAIN, DOMAIN)}
            total = sum(doms.values())
            for d, s in doms.items():
                weights[d] += s / total if total > 0 else 1.0 / len(doms)
        if not weights:
            for c in by_region.get(r, []):
                own = [d for d, _ in _out(g, c, IN_DOMAIN, DOMAIN)]
                for d in own:
                    weights[d] += 1.0 / len(own)
        total = sum(weights.values())
        out[r] = {d: w / total for d, w in sorted(weights.items())} if total > 0 else {}
    return out


def _score(edge: Mapping) -> float:
    score = edge.get("score")
    return 1.0 if score is None or score != score else max(float(score), 0.0)


def projection(
    g: nx.MultiDiGraph,
    *,
    params: CommunityParams | None = None,
) -> nx.Graph:
    """Return the weighted cluster/region projection communities are found on.

    Nodes keep ``kind``, ``name`` and ``key`` (clusters also ``region_id``); edges carry
    ``weight`` (similarity, 0-1) and ``distance`` (``1 / weight``, for shortest paths).
    See the module docstring for the weights. Nodes and edges are added in sorted order.

    The cluster-cluster similarities are one sparse product of the clusters x features
    matrix with itself; feature weights are 1 and 0.5, so the dot products and norms are
    exact whatever the order of summation. ``params``: ``max_feature_degree``,
    ``max_neighbours``, ``region_links``, ``region_link_weight``.
    """
    params = params or CommunityParams()
    inc = incidence(g)
    clusters = inc.nodes.get(CLUSTER, [])
    cols, x = inc.cluster_features()
    weight = np.array([FEATURE_WEIGHTS[kind] for kind, _ in cols], dtype=np.float64)
    xw = (x @ sp.diags(weight)).tocsr()
    norms = np.sqrt(np.asarray(xw.multiply(xw).sum(axis=1)).ravel())
    degree = np.diff(x.tocsc().indptr)
    narrow = xw[:, np.flatnonzero(degree <= params.max_feature_degree)]
    dots = sp.triu(narrow @ narrow.T, k=1).tocoo()
    pa, pb = dots.row.astype(np.int64), dots.col.astype(np.int64)
    sims = dots.data / (norms[pa] * norms[pb])
    kept = _knn(pa, pb, sims, len(clusters), params.max_neighbours)
    edges: dict[tuple[str, str], float] = {
        (clusters[i], clusters[j]): w
        for i, j, w in zip(pa[kept].tolist(), pb[kept].tolist(), sims[kept].tolist(), strict=True)
    }
    edges.update(_region_links(g, inc, params.region_links, params.region_link_weight))
    proj = nx.Graph()
    for n in sorted([*of_kind(g, REGION), *clusters]):
        data = g.nodes[n]
        attrs = {"kind": data["kind"], "name": data.get("name", n), "key": _key(g, n)}
        if data["kind"] == CLUSTER:
            regions = _cluster_regions(g, n)
            attrs["region_id"] = _key(g, regions[0]) if regions else ""
        proj.add_node(n, **attrs)
    rounded = []
    for (a, b), w in sorted(edges.items()):
        w = round(w, 12)  # float sums in another order must not flip Louvain's choices
        if w > 0:
            rounded.append((a, b, {"weight": w, "distance": 1.0 / w}))
    proj.add_edges_from(rounded)
    return proj


def _knn(pa: np.ndarray, pb: np.ndarray, sims: np.ndarray, n: int, k: int) -> np.ndarray:
    """Return the positions of the pairs among the ``k`` strongest of at least one end.

    Ties (similarities equal to 12 decimals, so float noise cannot decide) go to the
    neighbour with the smaller node id. One partial sort per node: O(P) for P pairs.
    """
    if not len(pa):
        return np.zeros(0, dtype=np.int64)
    pos = np.arange(len(pa), dtype=np.int64)
    m = sp.csr_matrix(
        (np.concatenate([pos, pos]), (np.concatenate([pa, pb]), np.concatenate([pb, pa]))),
        shape=(n, n),
    )
    m.sort_indices()  # neighbours by id within each row, for the tie-break
    strength = np.rint(sims * 1e12).astype(np.int64)
    keep = np.zeros(len(pa), dtype=bool)
    for i in range(n):
        own = m.data[m.indptr[i] : m.indptr[i + 1]]
        if len(own) <= k:
            keep[own] = True
            continue
        q = strength[own]
        kth = np.partition(q, len(q) - k)[len(q) - k]  # the k-th strongest value
        ties = np.flatnonzero(q == kth)
        better = np.flatnonzero(q > kth)
        keep[own[better]] = True
        keep[own[ties[: k - len(better)]]] = True
    return np.flatnonzero(keep)


def _region_links(
    g: nx.MultiDiGraph, inc, region_links: int, weight: float
) -> dict[tuple[str, str], float]:
    """Return the region-cluster links: each region's ``region_links`` most similar clusters."""
    clusters = inc.nodes.get(CLUSTER, [])
    col = {d: j for j, d in enumerate(inc.nodes.get(DOMAIN, []))}
    cd = inc.cluster_domain
    n_doms = np.diff(cd.indptr)
    out: dict[tuple[str, str], float] = {}
    for r, profile in region_profiles(g).items():
        if not profile:
            continue
        rnorm = math.sqrt(sum(s * s for s in profile.values()))
        vec = np.zeros(len(col))
        for d, share in profile.items():
            vec[col[d]] = share
        dot = cd @ vec
        has = np.flatnonzero(dot > 0)
        sim = dot[has] / (rnorm * np.sqrt(n_doms[has]))
        # best first; ties (equal to 12 decimals, so float noise cannot decide) by cluster id
        order = np.lexsort((has, np.round(-sim, 12)))[:region_links]
        for c, value in zip(has[order].tolist(), sim[order].tolist(), strict=True):
            out[(clusters[c], r)] = weight * value
    return out


def _domain_weights(g: nx.MultiDiGraph, node: str, profiles: Mapping) -> dict[str, float]:
    """Return the node's domain shares (sum 1): a cluster's domains evenly, a region's profile."""
    if g.nodes[node].get("kind") == REGION:
        return dict(profiles.get(node, {}))
    doms = [d for d, _ in _out(g, node, IN_DOMAIN, DOMAIN)]
    return {d: 1.0 / len(doms) for d in doms}


def communities(
    graph: nx.MultiDiGraph,
    *,
    seed: int = 42,
    params: CommunityParams | None = None,
    proj: nx.Graph | None = None,
) -> pd.DataFrame:
    """Return the thematic communities of clusters and regions, one row each, largest first.

    Parameters
    ----------
    graph
        The synergy graph (:func:`synergy.graph.build.build_graph`).
    seed
        Louvain's random seed (fixed: the same seed gives the same communities).
    params
        ``method``: ``"louvain"`` (default) or ``"greedy"`` (Clauset-Newman-Moore, no
        randomness); ``resolution``: modularity resolution, above 1 gives more, smaller
        communities; ``top_domains``: defining domains named per community; the
        projection's parameters when ``proj`` is not given.
    proj
        A projection from :func:`projection`, to reuse one already built.

    Returns
    -------
    DataFrame
        Columns :data:`COMMUNITY_COLUMNS`: ``community`` (1 = largest), ``size`` (members),
        ``n_regions`` (distinct regions among region members and the clusters' regions),
        ``n_clusters``, ``transregional`` (``n_regions >= 2``), ``regions`` (``;`` region ids
        that are members), ``clusters`` (``;`` cluster ids), ``cluster_regions`` (``;`` regions
        of the member clusters), ``domains`` (``;`` defining domain ids),
        ``defining_domains`` (``name share% (all x%)``) and ``evidence`` (one sentence).

    Raises
    ------
    ValueError
        For an unknown ``method`` or a non-positive ``resolution``.
    """
    params = params or CommunityParams()
    method, resolution = params.method, params.resolution
    if method not in METHODS:
        raise ValueError(f"unknown community method {method!r}; use one of {METHODS}")
    if not resolution > 0:
        raise ValueError(f"resolution must be > 0, got {resolution!r}")
    proj = proj if proj is not None else projection(graph, params=params)
    if proj.number_of_nodes() == 0:
        return pd.DataFrame(columns=COMMUNITY_COLUMNS)
    if method == "louvain":
        found = nx.community.louvain_communities(
            proj, weight="weight", resolution=resolution, seed=seed
        )
    else:
        found = nx.community.greedy_modularity_communities(
            proj, weight="weight", resolution=resolution
        )
    groups = sorted((sorted(c) for c in found), key=lambda m: (-len(m), m[0]))
    profiles = region_profiles(graph)
    overall: dict[str, float] = defaultdict(float)
    for n in proj.nodes:
        for d, w in _domain_weights(graph, n, profiles).items():
            overall[d] += w
    overall_total = sum(overall.values()) or 1.0
    rows = []
    for number, members in enumerate(groups, start=1):
        rows.append(
            _row(graph, proj, number, members, profiles, overall, overall_total, params.top_domains)
        )
    return pd.DataFrame(rows, columns=COMMUNITY_COLUMNS)


def _row(g, proj, number, members, profiles, overall, overall_total, top_domains) -> dict:
    regions = [proj.nodes[n]["key"] for n in members if proj.nodes[n]["kind"] == REGION]
    clusters = [proj.nodes[n]["key"] for n in members if proj.nodes[n]["kind"] == CLUSTER]
    cluster_regions = sorted(
        {proj.nodes[n]["region_id"] for n in members if proj.nodes[n]["kind"] == CLUSTER} - {""}
    )
    all_regions = sorted(set(regions) | set(cluster_regions))
    within: dict[str, float] = defaultdict(float)
    for n in members:
        for d, w in _domain_weights(g, n, profiles).items():
            within[d] += w
    total = sum(within.values())
    lifts = []
    for d, w in within.items():
        share, base = w / total, overall[d] / overall_total
        if share > base:
            lifts.append((-(share - base), d, share, base))
    lifts.sort()
    top = lifts[:top_domains]
    named = [
        f"{g.nodes[d].get('name', _key(g, d))} {share:.0%} (all {base:.0%})"
        for _, d, share, base in top
    ]
    theme = ", ".join(named) if named else "no domain data"
    parts = []
    if clusters:
        parts.append(
            f"{len(clusters)} cluster{'s' if len(clusters) != 1 else ''} from "
            f"{len(cluster_regions)} region{'s' if len(cluster_regions) != 1 else ''}"
        )
    if regions:
        parts.append(f"the strateg{'ies' if len(regions) != 1 else 'y'} of {', '.join(regions)}")
    evidence = f"{' and '.join(parts)} around {theme}."
    return {
        "community": number,
        "size": len(members),
        "n_regions": len(all_regions),
        "n_clusters": len(clusters),
        "transregional": len(all_regions) >= 2,
        "regions": ";".join(sorted(regions)),
        "clusters": ";".join(sorted(clusters)),
        "cluster_regions": ";".join(cluster_regions),
        "domains": ";".join(_key(g, d) for _, d, _, _ in top),
        "defining_domains": "; ".join(named),
        "evidence": evidence[0].upper() + evidence[1:],
    }


def membership(communities_df: pd.DataFrame) -> dict[str, int]:
    """Return ``{node id: community}`` for every region and cluster in a :func:`communities` table.

    >>> df = pd.DataFrame({"community": [1], "regions": ["R1"], "clusters": ["c1;c2"]})
    >>> membership(df)
    {'cluster:c1': 1, 'cluster:c2': 1, 'region:R1': 1}
    """
    out: dict[str, int] = {}
    for row in communities_df.itertuples(index=False):
        for kind, cell in ((REGION, row.regions), (CLUSTER, row.clusters)):
            for key in str(cell or "").split(";"):
                if key and key != "nan":
                    out[node_id(kind, key)] = int(row.community)
    return dict(sorted(out.items()))
