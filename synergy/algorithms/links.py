"""Link prediction: likely new cluster-cluster links across regions.

Clusters and their *features* form a bipartite graph: a cluster is linked to its domains
(``IN_DOMAIN``), to the value-chain stages its member actors are active in, and to its member
actors (:func:`synergy.algorithms.communities.cluster_features`). Two clusters' common
neighbours there are the features they share, and the classic local indices score the pair
(Liben-Nowell & Kleinberg 2007; Zhou, Lü & Zhang 2009):

``adamic_adar``          ``sum over shared features f of 1 / ln(d_f)``
``resource_allocation``  ``sum over shared features f of 1 / d_f``

where ``d_f`` is the number of clusters holding f (at least 2 for a shared feature). A
feature few clusters hold (a niche stage, a common member firm) says more than a domain
everyone is in. ``score`` = ``(AA / max AA + RA / max RA) / 2`` over all candidate pairs, 0-1,
so the best-supported pair scores 1 (normalised before ``top`` cuts the list).

Candidates are pairs of clusters in *different* regions that are not already linked (a
direct edge between the two cluster nodes in the graph, in either direction, or a pair
passed in ``existing``) and share at least one feature. A common member actor is a shared
feature, not an existing link: it is the strongest evidence that two clusters could work
together.

Complexity: features come from the shared clusters x features incidence matrix
(:meth:`synergy.graph.incidence.Incidence.cluster_features`, O(E) once per graph); AA and RA of
all pairs are two sparse products, O(sum over features of min(d_f, cap)^2); features held by
more than ``max_feature_degree`` clusters are skipped (they would add ``d^2 / 2`` pairs for
a contribution of at most ``1 / ln(d)``). The evidence columns are built per returned row.
Each pair's sums run over its features in sorted ``(kind, node)`` order, as before, so the
values are the same floats.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from synergy.core.model import CLUSTER, REGION, node_id
from synergy.core.settings import LinkParams
from synergy.graph.incidence import incidence

__all__ = ["LINK_COLUMNS", "predicted_links"]

LINK_COLUMNS = [
    "rank",
    "cluster_a",
    "cluster_b",
    "region_a",
    "region_b",
    "score",
    "adamic_adar",
    "resource_allocation",
    "shared_domains",
    "shared_stages",
    "shared_actors",
    "evidence",
]
_KIND_ORDER = {"actor": 0, "stage": 1, "domain": 2}


def _linked(graph: nx.MultiDiGraph, existing: Iterable[tuple[str, str]] | None) -> set:
    inc = incidence(graph)
    clusters = inc.nodes.get(CLUSTER, [])
    direct = inc.any_edges(CLUSTER, CLUSTER).tocoo()
    pairs = {
        frozenset((clusters[u], clusters[v]))
        for u, v in zip(direct.row.tolist(), direct.col.tolist(), strict=True)
    }
    for a, b in existing or ():
        a = a if str(a).startswith("cluster:") else node_id(CLUSTER, a)
        b = b if str(b).startswith("cluster:") else node_id(CLUSTER, b)
        pairs.add(frozenset((a, b)))
    return pairs


def _regions(graph: nx.MultiDiGraph, c: str) -> frozenset[str]:
    found = {
        graph.nodes[v].get("key")
        for _, v, d in graph.out_edges(c, data=True)
        if graph.nodes[v].get("kind") == REGION
    }
    if not found and graph.nodes[c].get("region_id"):
        found = {graph.nodes[c]["region_id"]}
    return frozenset(str(r) for r in found if r)


def _name(graph: nx.MultiDiGraph, n: str) -> str:
    data = graph.nodes[n]
    name = str(data.get("name") or data.get("key") or n)
    if data.get("kind") == "Stage":
        chain = node_id("ValueChain", data.get("chain_id", ""))
        chain_name = graph.nodes[chain].get("name", data.get("chain_id")) if chain in graph else ""
        return f"{chain_name}: {name}" if chain_name else name
    return name


def predicted_links(
    graph: nx.MultiDiGraph,
    *,
    top: int | None = 50,
    existing: Iterable[tuple[str, str]] | None = None,
    params: LinkParams | None = None,
) -> pd.DataFrame:
    """Return likely new cross-region cluster-cluster links, best first.

    Parameters
    ----------
    graph
        The synergy graph (:func:`synergy.graph.build.build_graph`).
    top
        Keep the best N pairs (None: all).
    existing
        Cluster pairs already cooperating (cluster ids or ``cluster:`` node ids), left out.
    params
        ``max_feature_degree``: features held by more clusters than this are ignored;
        ``max_named``: shared features named in the evidence.

    Returns
    -------
    DataFrame
        Columns :data:`LINK_COLUMNS`: ``cluster_a < cluster_b`` (cluster ids), their regions
        (``;`` if several), ``score`` (0-1), ``adamic_adar``, ``resource_allocation``, the
        shared features (``;`` ids; actors and stages as ids, domains as domain ids) and an
        ``evidence`` sentence naming them, rarest first. Sorted by score, then ids.

    Examples
    --------
    >>> import pandas as pd
    >>> from synergy.graph.build import build_graph
    >>> t = {"regions": pd.DataFrame({"region_id": ["R1", "R2"], "name": ["A", "B"]}),
    ...      "clusters": pd.DataFrame({"cluster_id": ["c1", "c2"], "name": ["C1", "C2"],
    ...          "region_id": ["R1", "R2"], "domains": [["hydrogen"], ["hydrogen"]]})}
    >>> row = predicted_links(build_graph(t)).iloc[0]
    >>> row.cluster_a, row.cluster_b, round(float(row.adamic_adar), 4)
    ('c1', 'c2', 1.4427)
    >>> float(row.resource_allocation)
    0.5
    """
    inc = incidence(graph)
    clusters = inc.nodes.get(CLUSTER, [])
    cols, x = inc.cluster_features()
    degree = np.diff(x.tocsc().indptr)
    params = params or LinkParams()
    narrow = np.flatnonzero((degree >= 2) & (degree <= params.max_feature_degree))
    xf = x[:, narrow].tocsr()
    xf.sort_indices()
    deg_f = degree[narrow]
    # 1 / ln(d) and 1 / d per feature, computed as the scalar formula does
    table_aa = {d: 1.0 / math.log(d) for d in set(deg_f.tolist())}
    aa_w = np.array([table_aa[d] for d in deg_f.tolist()], dtype=np.float64)
    ra_w = np.array([1.0 / d for d in deg_f.tolist()], dtype=np.float64)
    # sparse products sum each pair's features in column order = sorted (kind, node) order,
    # the order the features were listed in before, so the sums are the same floats
    xt = xf.T.tocsr()
    aa_m = sp.triu((xf @ sp.diags(aa_w)).tocsr() @ xt, k=1).tocoo()
    ra_m = sp.triu((xf @ sp.diags(ra_w)).tocsr() @ xt, k=1).tocsr()
    pa, pb, aa = aa_m.row.astype(np.int64), aa_m.col.astype(np.int64), aa_m.data
    ra = np.asarray(ra_m[pa, pb]).ravel()
    regions = [_regions(graph, c) for c in clusters]
    linked = _linked(graph, existing)
    ok = np.array(
        [
            not (regions[a] & regions[b]) and frozenset((clusters[a], clusters[b])) not in linked
            for a, b in zip(pa.tolist(), pb.tolist(), strict=True)
        ],
        dtype=bool,
    )
    pa, pb, aa, ra = pa[ok], pb[ok], aa[ok], ra[ok]
    if not len(pa):
        return pd.DataFrame(columns=LINK_COLUMNS)
    df = pd.DataFrame(
        {
            "a": pa,
            "b": pb,
            "cluster_a": [inc.data[CLUSTER][a].get("key", clusters[a]) for a in pa.tolist()],
            "cluster_b": [inc.data[CLUSTER][b].get("key", clusters[b]) for b in pb.tolist()],
            "adamic_adar": [round(v, 6) for v in aa.tolist()],
            "resource_allocation": [round(v, 6) for v in ra.tolist()],
        }
    )
    df["score"] = (
        0.5 * df["adamic_adar"] / df["adamic_adar"].max()
        + 0.5 * df["resource_allocation"] / df["resource_allocation"].max()
    ).round(6)
    df = df.sort_values(
        ["score", "cluster_a", "cluster_b"], ascending=[False, True, True], kind="stable"
    )
    if top is not None:
        df = df.head(top)
    text = _Evidence(graph, inc, cols, narrow, deg_f, xf, regions, params.max_named)
    details = [text.row(a, b) for a, b in zip(df["a"].tolist(), df["b"].tolist(), strict=True)]
    for column in (
        "region_a",
        "region_b",
        "shared_domains",
        "shared_stages",
        "shared_actors",
        "evidence",
    ):
        df[column] = [d[column] for d in details]
    df.insert(0, "rank", range(1, len(df) + 1))
    return df[LINK_COLUMNS].reset_index(drop=True)


class _Evidence:
    """Shared features of a pair, named rarest first: built only for the rows returned."""

    def __init__(self, graph, inc, cols, narrow, deg_f, xf, regions, max_named: int):
        self.max_named = max_named
        self.graph, self.cols, self.narrow, self.deg = graph, cols, narrow.tolist(), deg_f.tolist()
        self.xf, self.regions, self.clusters = xf, regions, inc.nodes.get(CLUSTER, [])
        self._names: dict[int, str] = {}
        self._rows: dict[int, set[int]] = {}

    def _features(self, i: int) -> set[int]:
        if i not in self._rows:
            x = self.xf
            self._rows[i] = set(x.indices[x.indptr[i] : x.indptr[i + 1]].tolist())
        return self._rows[i]

    def _name(self, j: int) -> str:
        if j not in self._names:
            self._names[j] = _name(self.graph, self.cols[self.narrow[j]][1])
        return self._names[j]

    def row(self, a: int, b: int) -> dict:
        graph, cols, narrow = self.graph, self.cols, self.narrow
        shared = self._features(a) & self._features(b)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for j in shared:
            kind, f = cols[narrow[j]]
            by_kind[kind].append(f)
        # rarest (most telling) first, then actors before stages before domains
        ordered = sorted(
            shared, key=lambda j: (self.deg[j], _KIND_ORDER[cols[narrow[j]][0]], cols[narrow[j]][1])
        )
        labels = {"actor": "member", "stage": "stage", "domain": "domain"}
        cap = self.max_named
        named = [f"{labels[cols[narrow[j]][0]]} {self._name(j)}" for j in ordered[:cap]]
        more = f" and {len(ordered) - cap} more" if len(ordered) > cap else ""
        ca, cb = self.clusters[a], self.clusters[b]
        evidence = (
            f"{_name(graph, ca)} and {_name(graph, cb)} share {len(shared)} feature"
            f"{'s' if len(shared) != 1 else ''}: {', '.join(named)}{more}."
        )
        key = graph.nodes
        return {
            "region_a": ";".join(sorted(self.regions[a])),
            "region_b": ";".join(sorted(self.regions[b])),
            "shared_domains": ";".join(sorted(key[f].get("key", f) for f in by_kind["domain"])),
            "shared_stages": ";".join(sorted(f.split(":", 1)[-1] for f in by_kind["stage"])),
            "shared_actors": ";".join(sorted(key[f].get("key", f) for f in by_kind["actor"])),
            "evidence": evidence,
        }
