"""Joint pilot candidates: cluster pairs and trios from different regions along one value chain.

A cluster *brings* a stage of a value chain when one of its member actors is active in it
(``Actor -MEMBER_OF-> Cluster``, ``Actor -ACTIVE_IN-> Stage``). A pilot is a group of two or
three clusters, each from a different region, in which every cluster brings at least one stage
the others lack: a concrete chain the named actors could test new cluster services along.
Components (each 0–1, documented here and in :data:`COMPONENTS`):

``chain_fit``        stages the group covers together / stages in the chain
``handover``         upstream→downstream steps (stage k → k+1) that only the group closes
                     (no single member holds both ends) / steps in the chain
``domain_fit``       share of the chain's domains found in the members' cluster domain profiles
``actor_readiness``  mean over covered stages of min(1, named actors there / 2)
``link``             (only when link scores are given) mean predicted-link score of the
                     cluster pairs inside the group; absent components do not weigh

The *pilot field* is the taxonomy ``field`` of the chain: a ``pilot_field`` attribute on the
ValueChain node when the data sets one, else the field most of the chain's domains belong to
(ties broken by the domains the members' clusters work in, then by name).

Complexity: one pass over actors, O(A). Per chain with C active clusters and S stages, pairs
are scored vectorised in O(C² · S); each cluster keeps its ``max_partners`` best partners, so
at most C · max_partners pairs survive; trios (kept only where they cover more stages than any
pair on the chain) extend only those pairs by one cluster per distinct stage pattern
(≤ min(C, 2^S)): O(C · max_partners · min(C, 2^S) · S). At EU scale (3000 clusters, a few
hundred active per chain) this stays in the millions of cheap steps.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

import networkx as nx
import numpy as np

from .graph import nodes_of_kind
from .model import ACTOR, CLUSTER, IN_DOMAIN, MEMBER_OF, REGION, VALUE_CHAIN, node_id, slug
from .scoring import Candidate, Weights, composite
from .valuechains import chain_coverage

__all__ = ["COMPONENTS", "PILOT_WEIGHTS", "pilot_candidates", "pilot_field", "link_score_map"]

COMPONENTS = ("chain_fit", "handover", "domain_fit", "actor_readiness", "link")
# Defaults for ``DEFAULT_WEIGHTS["pilot"]``; a completed chain should outrank a richer partial
# one, hence chain_fit leads. ``Weights.of("pilot")`` overrides any of them.
PILOT_WEIGHTS = {
    "chain_fit": 0.45,
    "handover": 0.20,
    "domain_fit": 0.15,
    "actor_readiness": 0.20,
    "link": 0.10,
}
READY_ACTORS = 2  # named actors on a stage beyond which readiness no longer grows
NAMED_PER_CLUSTER = 2  # actors named per cluster in the evidence sentence


def link_score_map(link_scores) -> dict[tuple[str, str], float]:
    """Return ``{(cluster_a, cluster_b): score}`` (sorted input cluster ids) from link scores.

    Accepts a mapping keyed by cluster pairs or a DataFrame with ``cluster_a``, ``cluster_b``,
    ``score`` (as :func:`synergy.linkprediction.predicted_links` returns); ``cluster:``
    prefixes are dropped so node ids and input ids both work.
    """
    if link_scores is None:
        return {}

    def bare(c) -> str:
        c = str(c)
        return c.split(":", 1)[1] if c.startswith("cluster:") else c

    pairs: dict[tuple[str, str], float] = {}
    if isinstance(link_scores, Mapping):
        items = [(a, b, s) for (a, b), s in link_scores.items()]
    else:
        items = list(
            zip(
                link_scores["cluster_a"],
                link_scores["cluster_b"],
                link_scores["score"],
                strict=True,
            )
        )
    for a, b, s in items:
        x, y = sorted((bare(a), bare(b)))
        key = (x, y)
        pairs[key] = max(pairs.get(key, 0.0), min(1.0, max(0.0, float(s))))
    return pairs


def pilot_field(
    g: nx.MultiDiGraph, chain_id: str, prefer: Mapping[str, float] | None = None
) -> str:
    """Return the pilot field of a chain (see the module docstring).

    ``prefer`` weighs domain ids (e.g. how many of the chain's clusters work in each) to
    break ties between fields with as many of the chain's domains.
    """
    cnode = node_id(VALUE_CHAIN, chain_id)
    explicit = g.nodes[cnode].get("pilot_field") if cnode in g else None
    if explicit:
        return slug(str(explicit))
    votes: Counter[str] = Counter()
    preferred: dict[str, float] = defaultdict(float)
    prefer = prefer or {}
    for _, dnode, k in sorted(g.out_edges(cnode, keys=True)) if cnode in g else []:
        if k != IN_DOMAIN:
            continue
        field = g.nodes[dnode].get("field")
        if field:
            votes[field] += 1
            preferred[field] += prefer.get(g.nodes[dnode].get("key"), 0)
    if not votes:
        return ""
    return min(votes, key=lambda f: (-votes[f], -preferred[f], f))


def _cluster_context(g: nx.MultiDiGraph):
    """Return (clusters of each actor, domains of each cluster, region of each cluster)."""
    clusters_of: dict[str, list[str]] = defaultdict(list)
    for a in nodes_of_kind(g, ACTOR):
        for _, c, k in g.out_edges(a, keys=True):
            if k == MEMBER_OF and g.nodes[c].get("kind") == CLUSTER:
                clusters_of[a].append(c)
    domains_of: dict[str, set[str]] = {}
    region_of: dict[str, str] = {}
    for c in nodes_of_kind(g, CLUSTER):
        domains_of[c] = {
            g.nodes[d]["key"] for _, d, k in g.out_edges(c, keys=True) if k == IN_DOMAIN
        }
        region_of[c] = g.nodes[c].get("region_id", "")
    return clusters_of, domains_of, region_of


def pilot_candidates(
    g: nx.MultiDiGraph,
    *,
    weights: Weights | None = None,
    max_per_chain: int = 30,
    max_partners: int = 5,
    max_trios_per_chain: int = 10,
    link_scores=None,
) -> list[Candidate]:
    """Return ``pilot`` candidates: cluster pairs and trios completing a value chain.

    Parameters
    ----------
    g
        The synergy graph.
    weights
        Component weights of kind ``pilot`` (see :data:`COMPONENTS`).
    max_per_chain
        Pilots kept per chain, best first (pairs and trios together).
    max_partners
        Per chain, each cluster keeps its best partners only (bounds the work at EU scale).
    max_trios_per_chain
        Trios kept per chain, best first; a trio must cover more stages than its best pair.
    link_scores
        Optional predicted cluster-cluster links (see :func:`link_score_map`); adds ``link``.

    Returns
    -------
    list of Candidate
        ``extra`` holds ``pilot_field``, ``stages`` (``cluster=stage,stage;...``),
        ``actors`` (``;`` actor node ids) and ``group_size``.
    """
    w = {**PILOT_WEIGHTS, **(weights or Weights()).of("pilot")}
    links = link_score_map(link_scores)
    clusters_of, domains_of, region_of = _cluster_context(g)
    names = {
        n: g.nodes[n].get("name", n)
        for n in g
        if g.nodes[n].get("kind") in (REGION, CLUSTER, ACTOR)
    }
    out: list[Candidate] = []
    for cov in chain_coverage(g):
        if len(cov.stages) < 2:
            continue
        # cluster -> stage index -> actors (only clusters with actors on this chain)
        held: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for (_, stage_id), actors in cov.actors.items():
            k = cov.stages.index(stage_id)
            for a in actors:
                for c in clusters_of.get(a, ()):
                    held[c][k].append(a)
        clusters = sorted(held)
        if len({region_of[c] for c in clusters}) < 2:
            continue
        counts = np.zeros((len(clusters), len(cov.stages)), dtype=np.int64)
        for i, c in enumerate(clusters):
            for k, actors in held[c].items():
                counts[i, k] = len(set(actors))
        chain_domains = set(cov.domains)
        field = pilot_field(g, cov.chain_id, Counter(d for c in clusters for d in domains_of[c]))
        ctx = (cov, clusters, counts, held, chain_domains, field, w, links, names, region_of)
        groups = _pairs(clusters, counts, region_of, max_partners)
        found = [_candidate(ctx, list(p), domains_of) for p in groups]
        # trios only where no pair reaches their coverage: a third partner must earn its place
        cover = counts > 0
        best_pair = max((int((cover[i] | cover[j]).sum()) for i, j in groups), default=0)
        trios = [
            _candidate(ctx, list(t), domains_of)
            for t in (
                _trios(clusters, counts, region_of, groups) if best_pair < len(cov.stages) else []
            )
            if int(cover[list(t)].any(axis=0).sum()) > best_pair
        ]
        trios.sort(key=lambda c: (-c.score, c.clusters))
        found += trios[:max_trios_per_chain]
        found.sort(key=lambda c: (-c.score, len(c.clusters), c.clusters))
        out.extend(found[:max_per_chain])
    return out


def _pairs(clusters, counts, region_of, max_partners) -> list[tuple[int, int]]:
    """Return the kept pairs: different regions, each bringing a stage the other lacks."""
    cover = counts > 0
    n = len(clusters)
    own_ab = (cover[:, None, :] & ~cover[None, :, :]).any(axis=2)  # i brings a stage j lacks
    union = (cover[:, None, :] | cover[None, :, :]).sum(axis=2)
    regions = np.array([region_of[c] for c in clusters], dtype=object)
    ok = own_ab & own_ab.T & (regions[:, None] != regions[None, :])
    depth = counts.sum(axis=1)
    kept: set[tuple[int, int]] = set()
    for i in range(n):
        partners = np.flatnonzero(ok[i])
        ranked = sorted(
            (int(j) for j in partners), key=lambda j, i=i: (-union[i, j], -depth[j], clusters[j])
        )
        for j in ranked[:max_partners]:
            kept.add((min(i, int(j)), max(i, int(j))))
    return sorted(kept)


def _trios(clusters, counts, region_of, pairs) -> list[tuple[int, int, int]]:
    """Return trios extending kept pairs by the cluster that adds the most stages.

    Vectorised over the candidate third members: O(pairs · reps · S), where reps is one
    cluster per (stage pattern, region). Only called when no pair completes the chain.
    """
    cover = counts > 0
    # one representative per (stage pattern, region): the deepest cluster
    reps: dict[tuple, int] = {}
    for k in range(len(clusters)):
        key = (tuple(cover[k]), region_of[clusters[k]])
        if key not in reps or counts[k].sum() > counts[reps[key]].sum():
            reps[key] = k
    cand = np.array(sorted(reps.values()), dtype=np.int64)
    if not len(cand):
        return []
    c_cover = cover[cand]
    c_depth = counts[cand].sum(axis=1)
    c_region = np.array([region_of[clusters[k]] for k in cand], dtype=object)
    c_name = [clusters[k] for k in cand]
    seen: set[tuple[int, int, int]] = set()
    for i, j in pairs:
        pair_union = cover[i] | cover[j]
        added = (c_cover & ~pair_union).sum(axis=1)
        # every member must bring a stage the other two lack
        i_own = (cover[i] & ~(cover[j] | c_cover)).any(axis=1)
        j_own = (cover[j] & ~(cover[i] | c_cover)).any(axis=1)
        other_region = (c_region != region_of[clusters[i]]) & (c_region != region_of[clusters[j]])
        ok = np.flatnonzero((added > 0) & i_own & j_own & other_region)
        if not len(ok):
            continue
        best = min(ok, key=lambda m: (-int(added[m]), -int(c_depth[m]), c_name[m]))
        seen.add(tuple(sorted((i, j, int(cand[best])))))
    return sorted(seen)


def _components(members, counts, held_domains, chain_domains, links, clusters) -> dict:
    cover = counts[members] > 0
    union = cover.any(axis=0)
    n_stages = counts.shape[1]
    closed = sum(
        1
        for k in range(n_stages - 1)
        if union[k] and union[k + 1] and not (cover[:, k] & cover[:, k + 1]).any()
    )
    per_stage = np.minimum(1.0, counts[members].sum(axis=0) / READY_ACTORS)
    comps = {
        "chain_fit": float(union.sum() / n_stages),
        "handover": closed / max(1, n_stages - 1),
        "domain_fit": len(held_domains & chain_domains) / len(chain_domains)
        if chain_domains
        else 0.0,
        "actor_readiness": float(per_stage[union].mean()) if union.any() else 0.0,
    }
    if links:
        bare = [clusters[m].split(":", 1)[1] for m in members]
        pair_scores = [
            links.get(tuple(sorted((a, b))), 0.0) for x, a in enumerate(bare) for b in bare[x + 1 :]
        ]
        comps["link"] = float(sum(pair_scores) / len(pair_scores))
    return comps


def _candidate(ctx, members: list[int], domains_of) -> Candidate:
    cov, clusters, counts, held, chain_domains, field, w, links, names, region_of = ctx
    cover = counts[members] > 0
    member_domains = [domains_of.get(clusters[m], set()) for m in members]
    held_domains = set().union(*member_domains)
    comps = _components(members, counts, held_domains, chain_domains, links, clusters)
    shared = sorted(set.intersection(*member_domains) & chain_domains) if member_domains else []
    topic = sorted(held_domains & chain_domains) or sorted(chain_domains)
    sides, stages_detail, actors_all = [], [], []
    for x, m in enumerate(members):
        c = clusters[m]
        others = np.delete(cover, x, axis=0).any(axis=0)
        own = [k for k in range(len(cov.stages)) if cover[x, k] and not others[k]]
        mine = [k for k in range(len(cov.stages)) if cover[x, k]]
        actors = sorted({a for k in mine for a in held[c][k]})
        actors_all.extend(actors)
        named = ", ".join(names.get(a, a) for a in actors[:NAMED_PER_CLUSTER])
        more = f" +{len(actors) - NAMED_PER_CLUSTER}" if len(actors) > NAMED_PER_CLUSTER else ""
        region = region_of[c]
        rname = names.get(node_id(REGION, region), region)
        stage_names = ", ".join(cov.stage_names[k] for k in own)
        also = [cov.stage_names[k] for k in mine if k not in own]
        if also:
            stage_names += f" (shares {', '.join(also)})"
        sides.append(f"{names.get(c, c)} ({rname}) brings {stage_names} with {named}{more}")
        stages_detail.append(c.split(":", 1)[1] + "=" + ",".join(cov.stages[k] for k in mine))
    union = int(cover.any(axis=0).sum())
    domain_text = (
        f"shared domains {', '.join(shared)}"
        if shared
        else f"complementary domains {', '.join(topic)}"
    )
    evidence = (
        f"{cov.name} pilot ({field or 'no field'}): " + "; ".join(sides)
        + f" — together {union} of {len(cov.stages)} stages, {domain_text}."
    )  # fmt: skip
    regions = sorted({region_of[clusters[m]] for m in members})
    cluster_keys = sorted(clusters[m].split(":", 1)[1] for m in members)
    return Candidate(
        kind="pilot",
        regions=tuple(regions),
        score=composite(comps, w),
        components=comps,
        evidence=evidence,
        clusters=tuple(cluster_keys),
        domains=tuple(topic),
        chain_id=cov.chain_id,
        involves=tuple(
            sorted(
                [node_id(REGION, r) for r in regions]
                + [clusters[m] for m in members]
                + sorted(set(actors_all))
            )
        ),
        extra={
            "pilot_field": field,
            "stages": ";".join(sorted(stages_detail)),
            "actors": ";".join(sorted(set(actors_all))),
            "shared_domains": ";".join(shared),
            "group_size": len(members),
        },
    )
