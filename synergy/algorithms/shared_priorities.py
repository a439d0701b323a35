"""Shared priorities: region pairs whose S3 strategies stress the same *specific* domains.

A region's *priority profile* is the share of its priorities' weight (taxonomy match score)
in each domain. Sharing a domain every strategy names (health, advanced manufacturing) says
little; sharing one few regions prioritise says a lot. So each domain carries a
*specificity*, the smoothed inverse ubiquity of the inverse-document-frequency kind,

``spec_d = ln((R + 1) / n_d) / ln(R + 1)``

with ``n_d`` the regions whose priorities name d among the ``R`` regions with priorities: 0
for a domain in every region (after smoothing, close to 0), towards 1 for a domain only one
region names. A domain named by at least ``broad_share`` of the regions (with at least
``broad_min_regions`` regions, so that "most regions" means something) is *broad*: it is
reported as context in the evidence and the ``broad_domains`` column, never as a reason for a
candidate. Components (each 0-1):

``domain_overlap``   specificity-weighted Jaccard of the two profiles,
                     ``sum_d spec_d min(a_d, b_d) / sum_d spec_d max(a_d, b_d)``
``specificity``      mean specificity of the shared domains, weighted by the smaller share
``cluster_backing``  the part of ``domain_overlap`` that both regions back with a cluster
                     working in the domain, ``sum_{d backed} spec_d min / sum_d spec_d max``
                     (a single backed domain in two broad profiles does not score 1)

A pair is a candidate when it shares at least ``min_shared`` specific (non-broad) domains.
The evidence names, per shared domain, the best-matching priority of each region (highest
taxonomy match score, then title) with that score.

Complexity: O(R² · D) for R regions and D domains (vectorised; 240 regions × 42 domains
is about 2.4 million cells), plus O(P) to read the priorities.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import numpy as np

from synergy.core.model import CLUSTER, DOMAIN, HAS_PRIORITY, IN_DOMAIN, LOCATED_IN, REGION, node_id
from synergy.core.scoring import Candidate, Weights, composite
from synergy.core.settings import SharedPriorityParams
from synergy.graph.incidence import of_kind

__all__ = [
    "priority_profiles",
    "shared_priorities",
    "cluster_domains",
    "domain_specificity",
    "best_priorities",
]


def priority_profiles(g: nx.MultiDiGraph) -> tuple[list[str], list[str], np.ndarray, dict]:
    """Return ``(region_ids, domain_ids, shares, behind)`` from the graph's priorities.

    ``shares[i, j]`` is the share of region i's priority weight in domain j (rows sum to 1
    or 0); ``behind[(region_id, domain_id)]`` lists ``(match score, title)`` of the
    priorities behind it, best match first (then by title).
    """
    regions = [g.nodes[n]["key"] for n in of_kind(g, REGION)]
    domains = [g.nodes[n]["key"] for n in of_kind(g, DOMAIN)]
    ri = {r: i for i, r in enumerate(regions)}
    di = {d: j for j, d in enumerate(domains)}
    weights = np.zeros((len(regions), len(domains)))
    behind: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for rnode in of_kind(g, REGION):
        rid = g.nodes[rnode]["key"]
        for _, pnode, etype in sorted(g.out_edges(rnode, keys=True)):
            if etype != HAS_PRIORITY:
                continue
            for _, dnode, k, data in sorted(g.out_edges(pnode, keys=True, data=True)):
                if k != IN_DOMAIN:
                    continue
                did = g.nodes[dnode]["key"]
                score = float(data.get("score", 1.0))
                weights[ri[rid], di[did]] += score
                behind[(rid, did)].append((score, str(g.nodes[pnode].get("name", pnode))))
    for items in behind.values():
        items.sort(key=lambda item: (-item[0], item[1]))
    totals = weights.sum(axis=1, keepdims=True)
    shares = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    return regions, domains, shares, dict(behind)


def domain_specificity(present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(specificity, regions naming it)`` per domain of a regions x domains 0/1 matrix.

    Only regions with at least one domain count in ``R``.

    >>> spec, n = domain_specificity(np.array([[1, 1], [1, 0], [1, 0]], dtype=bool))
    >>> n.tolist(), spec.round(3).tolist()
    ([3, 1], [0.208, 1.0])
    """
    present = np.asarray(present, dtype=bool)
    n = present.sum(axis=0)
    big_r = int(present.any(axis=1).sum())
    if big_r == 0:
        return np.zeros(present.shape[1]), n
    spec = np.where(n > 0, np.log((big_r + 1) / np.maximum(n, 1)) / np.log(big_r + 1), 0.0)
    return np.clip(spec, 0.0, 1.0), n


def best_priorities(behind: dict, region: str, domain: str) -> tuple[str, float]:
    """Return ``(title, match score)`` of the region's best-matching priority in a domain."""
    items = behind.get((region, domain))
    if not items:
        return "?", 0.0
    score, title = items[0]
    return title, score


def cluster_domains(g: nx.MultiDiGraph) -> dict[str, dict[str, list[str]]]:
    """Return region_id -> domain_id -> sorted cluster ids working in it."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for c in of_kind(g, CLUSTER):
        regions = [g.nodes[v]["key"] for _, v, k in g.out_edges(c, keys=True) if k == LOCATED_IN]
        doms = [g.nodes[v]["key"] for _, v, k in g.out_edges(c, keys=True) if k == IN_DOMAIN]
        for r in regions:
            for d in doms:
                out[r][d].append(g.nodes[c]["key"])
    return out


def shared_priorities(
    g: nx.MultiDiGraph,
    *,
    weights: Weights | None = None,
    params: SharedPriorityParams | None = None,
) -> list[Candidate]:
    """Return ``shared-priority`` candidates: region pairs ranked by specific profile overlap.

    Parameters
    ----------
    g
        The synergy graph.
    weights
        Component weights (``domain_overlap``, ``specificity``, ``cluster_backing``).
    params
        ``max_per_region``: keep, for each region, its best partners only (bounds the
        output at EU scale); ``min_shared``: fewest shared specific domains for a pair to
        be a candidate; ``broad_share``, ``broad_min_regions``: when a domain is broad
        (module docstring); ``max_named``: shared domains named in the evidence.
    """
    weights = weights or Weights()
    params = params or SharedPriorityParams()
    regions, domains, shares, behind = priority_profiles(g)
    if len(regions) < 2 or not domains:
        return []
    names = {g.nodes[n]["key"]: g.nodes[n].get("name", n) for n in of_kind(g, REGION)}
    dnames = {d: g.nodes[node_id(DOMAIN, d)].get("name", d) for d in domains}
    cluster_doms = cluster_domains(g)
    present = shares > 0
    spec, naming = domain_specificity(present)
    with_data = int(present.any(axis=1).sum())
    broad = (naming >= params.broad_share * with_data) & (with_data >= params.broad_min_regions)
    specific = present & ~broad[None, :]
    ws = shares * spec[None, :]
    mins = np.minimum(ws[:, None, :], ws[None, :, :]).sum(axis=2)
    maxs = np.maximum(ws[:, None, :], ws[None, :, :]).sum(axis=2)
    overlap = np.divide(mins, maxs, out=np.zeros_like(mins), where=maxs > 0)
    shared_n = specific.astype(np.int32) @ specific.T.astype(np.int32)

    best: dict[tuple[int, int], float] = {}
    for i in range(len(regions)):
        order = np.lexsort((np.arange(len(regions)), -overlap[i]))
        kept = 0
        for j in order:
            if j == i or shared_n[i, j] < max(1, params.min_shared):
                continue
            best[(min(i, j), max(i, j))] = overlap[i, j]
            kept += 1
            if kept >= params.max_per_region:
                break

    out = []
    w = weights.of("shared-priority")
    dom_index = {d: k for k, d in enumerate(domains)}
    for i, j in sorted(best):
        a, b = regions[i], regions[j]
        low = np.minimum(shares[i], shares[j])
        shared = [domains[k] for k in np.flatnonzero(specific[i] & specific[j])]
        context = [domains[k] for k in np.flatnonzero(present[i] & present[j] & broad)]
        # the most telling shared domains first: specificity x the smaller share, then id
        shared.sort(key=lambda d: (-spec[dom_index[d]] * low[dom_index[d]], d))
        context.sort(key=lambda d: (-int(naming[dom_index[d]]), d))
        backed = [d for d in shared if cluster_doms[a].get(d) and cluster_doms[b].get(d)]
        mass = {d: spec[dom_index[d]] * low[dom_index[d]] for d in shared}
        total_mass = sum(mass.values())
        lows = sum(low[dom_index[d]] for d in shared)
        components = {
            "domain_overlap": float(overlap[i, j]),
            "specificity": float(total_mass / lows) if lows > 0 else 0.0,
            "cluster_backing": float(sum(mass[d] for d in backed) / maxs[i, j])
            if maxs[i, j] > 0
            else 0.0,
        }
        clusters = sorted({c for d in backed for c in cluster_doms[a][d] + cluster_doms[b][d]})
        facts = _Facts(names, dnames, behind, naming, with_data, params.max_named)
        out.append(
            Candidate(
                kind="shared-priority",
                regions=tuple(sorted((a, b))),
                score=composite(components, w),
                components=components,
                evidence=_evidence(facts, a, b, shared, backed, context),
                clusters=tuple(clusters),
                domains=tuple(shared),
                involves=tuple(
                    sorted(
                        [node_id(REGION, r) for r in (a, b)]
                        + [node_id(CLUSTER, c) for c in clusters]
                    )
                ),
                extra={"broad_domains": ";".join(context)},
            )
        )
    return out


class _Facts:
    """What the evidence sentence needs to name regions, domains and priorities."""

    def __init__(self, names, dnames, behind, naming, with_data, cap):
        self.names, self.dnames, self.behind = names, dnames, behind
        self.naming = dict(zip(dnames, naming.tolist(), strict=True))
        self.with_data, self.cap = with_data, cap


def _evidence(f: _Facts, a: str, b: str, shared, backed, context) -> str:
    parts = []
    for d in shared[: f.cap]:
        ta, sa = best_priorities(f.behind, a, d)
        tb, sb = best_priorities(f.behind, b, d)
        parts.append(
            f"{f.dnames[d]} ('{ta}' {sa:.2f} / '{tb}' {sb:.2f}; "
            f"{f.naming[d]} of {f.with_data} regions)"
        )
    more = f" and {len(shared) - f.cap} more" if len(shared) > f.cap else ""
    n = len(shared)
    text = (
        f"{f.names[a]} and {f.names[b]} share {n} specific S3 domain{'s' if n != 1 else ''}: "
        f"{'; '.join(parts)}{more}"
    )
    if backed:
        text += f"; both back {len(backed)} of them with clusters"
    else:
        text += "; neither backs them with clusters in both regions yet"
    if context:
        broad = ", ".join(f.dnames[d] for d in context)
        text += f"; broad overlaps, as context only: {broad}"
    return text + "."
