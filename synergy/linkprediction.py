"""Link prediction: likely new cluster-cluster links across regions.

Clusters and their *features* form a bipartite graph: a cluster is linked to its domains
(``IN_DOMAIN``), to the value-chain stages its member actors are active in, and to its member
actors (:func:`synergy.communities.cluster_features`). Two clusters' common neighbours there
are the features they share, and the classic local indices score the pair (Liben-Nowell &
Kleinberg 2007; Zhou, Lü & Zhang 2009):

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

Complexity: pairs come from an inverted index, O(sum over features of min(d_f, cap)^2);
features held by more than ``max_feature_degree`` clusters are skipped (they would add
``d^2 / 2`` pairs for a contribution of at most ``1 / ln(d)``).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from .communities import cluster_features
from .graph import nodes_of_kind
from .model import CLUSTER, REGION, node_id

__all__ = ["LINK_COLUMNS", "MAX_FEATURE_DEGREE", "predicted_links"]

MAX_FEATURE_DEGREE = 100
MAX_NAMED = 5
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
    pairs = set()
    for u, v in graph.edges():
        kinds = (graph.nodes[u].get("kind"), graph.nodes[v].get("kind"))
        if kinds == (CLUSTER, CLUSTER):
            pairs.add(frozenset((u, v)))
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
    max_feature_degree: int = MAX_FEATURE_DEGREE,
) -> pd.DataFrame:
    """Return likely new cross-region cluster-cluster links, best first.

    Parameters
    ----------
    graph
        The synergy graph (:func:`synergy.graph.build_graph`).
    top
        Keep the best N pairs (None: all).
    existing
        Cluster pairs already cooperating (cluster ids or ``cluster:`` node ids), left out.
    max_feature_degree
        Features held by more clusters than this are ignored.

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
    >>> from synergy.graph import build_graph
    >>> t = {"regions": pd.DataFrame({"region_id": ["R1", "R2"], "name": ["A", "B"]}),
    ...      "clusters": pd.DataFrame({"cluster_id": ["c1", "c2"], "name": ["C1", "C2"],
    ...          "region_id": ["R1", "R2"], "domains": [["hydrogen"], ["hydrogen"]]})}
    >>> row = predicted_links(build_graph(t)).iloc[0]
    >>> row.cluster_a, row.cluster_b, round(float(row.adamic_adar), 4)
    ('c1', 'c2', 1.4427)
    >>> float(row.resource_allocation)
    0.5
    """
    feats = cluster_features(graph)
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in sorted(feats):
        for kind, items in feats[c].items():
            for f in items:
                holders[(kind, f)].append(c)
    linked = _linked(graph, existing)
    regions = {c: _regions(graph, c) for c in nodes_of_kind(graph, CLUSTER)}
    shared: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for feature in sorted(holders):
        members = holders[feature]
        if len(members) > max_feature_degree:
            continue
        for a, b in itertools.combinations(members, 2):
            if regions[a] & regions[b] or frozenset((a, b)) in linked:
                continue
            shared[(a, b)].append(feature)
    rows = []
    for (a, b), features in shared.items():
        aa = sum(1.0 / math.log(len(holders[f])) for f in features)
        ra = sum(1.0 / len(holders[f]) for f in features)
        rows.append(_row(graph, a, b, regions, features, holders, aa, ra))
    if not rows:
        return pd.DataFrame(columns=LINK_COLUMNS)
    df = pd.DataFrame(rows)
    df["score"] = (
        0.5 * df["adamic_adar"] / df["adamic_adar"].max()
        + 0.5 * df["resource_allocation"] / df["resource_allocation"].max()
    ).round(6)
    df = df.sort_values(
        ["score", "cluster_a", "cluster_b"], ascending=[False, True, True], kind="stable"
    )
    if top is not None:
        df = df.head(top)
    df.insert(0, "rank", range(1, len(df) + 1))
    return df[LINK_COLUMNS].reset_index(drop=True)


def _row(graph, a, b, regions, features, holders, aa, ra) -> dict:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, f in features:
        by_kind[kind].append(f)
    # rarest (most telling) first, then actors before stages before domains
    ordered = sorted(features, key=lambda f: (len(holders[f]), _KIND_ORDER[f[0]], f[1]))
    labels = {"actor": "member", "stage": "stage", "domain": "domain"}
    named = [f"{labels[k]} {_name(graph, f)}" for k, f in ordered[:MAX_NAMED]]
    more = f" and {len(ordered) - MAX_NAMED} more" if len(ordered) > MAX_NAMED else ""
    name_a, name_b = _name(graph, a), _name(graph, b)
    evidence = (
        f"{name_a} and {name_b} share {len(features)} feature"
        f"{'s' if len(features) != 1 else ''}: {', '.join(named)}{more}."
    )
    return {
        "cluster_a": graph.nodes[a].get("key", a),
        "cluster_b": graph.nodes[b].get("key", b),
        "region_a": ";".join(sorted(regions[a])),
        "region_b": ";".join(sorted(regions[b])),
        "adamic_adar": round(aa, 6),
        "resource_allocation": round(ra, 6),
        "shared_domains": ";".join(sorted(graph.nodes[f].get("key", f) for f in by_kind["domain"])),
        "shared_stages": ";".join(sorted(f.split(":", 1)[-1] for f in by_kind["stage"])),
        "shared_actors": ";".join(sorted(graph.nodes[f].get("key", f) for f in by_kind["actor"])),
        "evidence": evidence,
    }
