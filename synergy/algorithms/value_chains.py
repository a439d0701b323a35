"""Value-chain complementarity: regions whose actors together cover more of a chain.

For each value chain, a region *holds* a stage when at least one of its actors is active in
it. A pair of regions is complementary on a chain when together they hold more stages than
either alone (A upstream, B downstream); a trio is reported when it completes a chain that no
pair inside it completes. How firmly a stage is held counts: each actor weighs its type times
its size (:class:`synergy.core.settings.ActorWeights`: a large firm 1, a micro firm 0.25, an
intermediary 0.5 at most), and a stage is fully covered at ``depth_saturation`` (2) weighted
actors. Components (each 0–1):

``coverage``  sum over the chain's stages of min(1, weighted actors / 2) / stages in the chain
``gain``      stages added beyond the best single member / stages in the chain
``handover``  upstream→downstream steps (stage k → k+1) that only the group closes / steps
``depth``     mean over held stages of min(1, weighted actors / 2)

A stage the group holds through one actor only is flagged (``single_actor_stages`` and the
evidence): the candidate rests on that actor. Trios that differ in one region only (the same
core pair, one partner swapped) are grouped: the best is kept and the others are named as
its ``alternatives``.

Complexity: O(A + E_active) to read who holds which stage, done once per graph through the
shared :func:`synergy.graph.incidence.incidence` (and reused by pilots and the stress test). Per
chain with S stages and R active regions, pairs are scored vectorised in O(R² · S); trios are
enumerated over the at most 2^S distinct coverage patterns, not over regions. Each candidate
then reads only its own actors: O(K · a) for K candidates naming a actors each.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, replace

import networkx as nx
import numpy as np

from synergy.core.model import (
    ACTOR,
    CLUSTER,
    IN_DOMAIN,
    PART_OF,
    REGION,
    STAGE,
    VALUE_CHAIN,
    node_id,
)
from synergy.core.scoring import Candidate, Weights, composite
from synergy.core.settings import ActorWeights, ValueChainParams
from synergy.graph.incidence import NameLookup, incidence, of_kind

__all__ = [
    "ChainCoverage",
    "chain_coverage",
    "value_chain_complementarity",
    "weighted_counts",
    "group_alternatives",
]


@dataclass(frozen=True)
class ChainCoverage:
    """Which regions' actors hold which stages of one value chain."""

    chain_id: str
    name: str
    stages: tuple[str, ...]  # stage ids, upstream first
    stage_names: tuple[str, ...]
    domains: tuple[str, ...]
    regions: tuple[str, ...]  # regions with at least one actor on the chain
    actors: dict  # (region_id, stage_id) -> sorted actor node ids
    stage_nodes: tuple[str, ...] = ()  # stage node ids, aligned with ``stages``

    def counts(self) -> np.ndarray:
        """Return the regions × stages matrix of actor counts."""
        return np.array(
            [[len(self.actors.get((r, s), ())) for s in self.stages] for r in self.regions],
            dtype=np.int64,
        ).reshape(len(self.regions), len(self.stages))


def chain_coverage(g: nx.MultiDiGraph) -> list[ChainCoverage]:
    """Return the coverage of every value chain in the graph, sorted by chain id.

    Read from the shared :func:`synergy.graph.incidence.incidence` matrices and memoised there, so
    the value-chain, pilot and stress-test stages walk the actors once: O(A + ACTIVE_IN).
    The returned objects are shared between callers: treat them as read-only.
    """
    inc = incidence(g)
    if "chain_coverage" not in inc.memo:
        inc.memo["chain_coverage"] = _chain_coverage(g, inc)
    return inc.memo["chain_coverage"]


def _chain_coverage(g: nx.MultiDiGraph, inc) -> list[ChainCoverage]:
    stage_of: dict[str, tuple[str, str]] = {}
    chains: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    for cnode in of_kind(g, VALUE_CHAIN):
        chain_id = g.nodes[cnode]["key"]
        for snode, _, k in g.in_edges(cnode, keys=True):
            if k != PART_OF:
                continue
            data = g.nodes[snode]
            chains[chain_id].append(
                (data.get("stage_order", 0), data["key"], data.get("name", data["key"]), snode)
            )
            stage_of[snode] = (chain_id, data["key"])
    actors: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    stage_nodes = inc.nodes.get(STAGE, [])
    actor_nodes = inc.nodes.get(ACTOR, [])
    region_of = inc.attr_region(ACTOR, g)
    held = inc.actor_stage.tocoo()  # CSR -> COO keeps rows (actors) in sorted order
    for a, s in zip(held.row.tolist(), held.col.tolist(), strict=True):
        snode = stage_nodes[s]
        if snode in stage_of:
            chain_id, stage_id = stage_of[snode]
            actors[chain_id][(region_of[a], stage_id)].append(actor_nodes[a])
    out = []
    for cnode in of_kind(g, VALUE_CHAIN):
        chain_id = g.nodes[cnode]["key"]
        stages = sorted(chains[chain_id])
        held_by = {k: v for k, v in actors[chain_id].items()}  # already in actor order
        domains = sorted(
            g.nodes[v]["key"] for _, v, k in g.out_edges(cnode, keys=True) if k == IN_DOMAIN
        )
        out.append(
            ChainCoverage(
                chain_id=chain_id,
                name=g.nodes[cnode].get("name", chain_id),
                stages=tuple(s[1] for s in stages),
                stage_names=tuple(s[2] for s in stages),
                domains=tuple(domains),
                regions=tuple(sorted({r for r, _ in held_by})),
                actors=held_by,
                stage_nodes=tuple(s[3] for s in stages),
            )
        )
    return out


def weighted_counts(
    g: nx.MultiDiGraph, cov: ChainCoverage, actor_weights: ActorWeights | None = None
) -> np.ndarray:
    """Return the regions x stages matrix of actors weighted by type and size."""
    aw = actor_weights or ActorWeights()

    def weight(a: str) -> float:
        data = g.nodes[a]
        return aw.of(data.get("type"), data.get("size"))

    return np.array(
        [
            [sum(weight(a) for a in cov.actors.get((r, s), ())) for s in cov.stages]
            for r in cov.regions
        ],
        dtype=np.float64,
    ).reshape(len(cov.regions), len(cov.stages))


def _components(
    cover: np.ndarray, counts: np.ndarray, members: list[int], depth_saturation: float
) -> dict:
    """Return the components of a group of regions (row indices) on one chain.

    ``counts`` holds the weighted actors of each region on each stage.
    """
    # plain Python on the few stages: numpy's per-call overhead dominated at EU scale
    rows = [cover[m].tolist() for m in members]
    union = [any(col) for col in zip(*rows, strict=True)]
    n_union = sum(union)
    n_stages = len(union)
    best_single = max(sum(r) for r in rows)
    closed = sum(
        1
        for k in range(n_stages - 1)
        if union[k] and union[k + 1] and not any(r[k] and r[k + 1] for r in rows)
    )
    per_stage = np.minimum(1.0, counts[members].sum(axis=0) / depth_saturation)
    depth = float(per_stage[np.array(union)].mean()) if n_union else 0.0
    return {
        "coverage": float(per_stage.sum() / n_stages),
        "gain": (n_union - best_single) / n_stages,
        "handover": closed / max(1, n_stages - 1),
        "depth": depth,
    }


def _regions(c: Candidate) -> tuple[str, ...]:
    return c.regions


def group_alternatives(candidates: list[Candidate], key, label) -> list[Candidate]:
    """Return the candidates with near-duplicate trios folded into the best one.

    Two trios are near-duplicates when they share two of their three members (``key(c)``
    gives a candidate's members): the same core pair, one partner swapped. Candidates are
    taken best first (score, then members); a trio whose core pairs a better trio already
    holds becomes one of its ``alternatives`` (``label(member)`` names it in the evidence).
    Pairs are kept as they are.

    >>> c = [Candidate("value-chain", ("A", "B", x), s, {}, "e.") for x, s in [("C", 1), ("D", 0)]]
    >>> [(k.regions, k.extra["alternatives"]) for k in group_alternatives(c, _regions, str)]
    [(('A', 'B', 'C'), 'D')]
    """
    order = sorted(range(len(candidates)), key=lambda i: (-candidates[i].score, key(candidates[i])))
    kept: dict[int, list[str]] = {}
    owner: dict[tuple, int] = {}
    dropped: set[int] = set()
    for i in order:
        members = tuple(key(candidates[i]))
        if len(members) < 3:
            continue
        cores = list(itertools.combinations(sorted(members), len(members) - 1))
        holder = next((owner[core] for core in cores if core in owner), None)
        if holder is None:
            kept[i] = []
            for core in cores:
                owner.setdefault(core, i)
        else:
            extra = sorted(set(members) - set(key(candidates[holder])))
            kept[holder].extend(extra)
            dropped.add(i)
    out = []
    for i, c in enumerate(candidates):
        if i in dropped:
            continue
        if i in kept:
            alts = kept[i]
            evidence = c.evidence
            if alts:
                named = ", ".join(label(a) for a in alts)
                evidence = evidence.rstrip(".") + f"; the same with {named} instead of one partner."
            c = replace(c, evidence=evidence, extra={**c.extra, "alternatives": ";".join(alts)})
        out.append(c)
    return out


def value_chain_complementarity(
    g: nx.MultiDiGraph,
    *,
    weights: Weights | None = None,
    params: ValueChainParams | None = None,
    actor_weights: ActorWeights | None = None,
) -> list[Candidate]:
    """Return ``value-chain`` candidates: region pairs and trios that complete chains.

    Parameters
    ----------
    g
        The synergy graph.
    weights
        Component weights (``coverage``, ``gain``, ``handover``, ``depth``).
    params
        ``max_per_region``: per chain, keep each region's best partners only (bounds
        output at EU scale); ``max_trios_per_chain``: trios kept per chain, best first;
        ``depth_saturation``, ``max_named_actors``, ``max_involved_actors``: see
        :class:`synergy.core.settings.ValueChainParams`.
    actor_weights
        What one actor counts on a stage (:class:`synergy.core.settings.ActorWeights`).

    Notes
    -----
    Complexity: O(A + E_active) once per graph (shared with pilots and the stress test),
    O(R² · S) per chain, O(K · a) for K candidates naming a actors (module docstring).
    """
    weights = weights or Weights()
    params = params or ValueChainParams()
    w = weights.of("value-chain")
    names = {g.nodes[n]["key"]: g.nodes[n].get("name", n) for n in of_kind(g, REGION)}
    context = (_ClustersOf(g), NameLookup(g), params)
    out: list[Candidate] = []
    for cov in chain_coverage(g):
        if len(cov.regions) < 2 or len(cov.stages) < 2:
            continue
        found: list[Candidate] = []
        heads = cov.counts()
        counts = weighted_counts(g, cov, actor_weights)
        cover = heads > 0
        sizes = cover.sum(axis=1)
        union = (cover[:, None, :] | cover[None, :, :]).sum(axis=2)
        gain = union - np.maximum(sizes[:, None], sizes[None, :])
        pair_scores: dict[tuple[int, int], float] = {}
        depth = counts.sum(axis=1).tolist()
        for i in range(len(cov.regions)):
            partners = [j for j in np.flatnonzero(gain[i] > 0).tolist() if j != i]
            u, gi = union[i].tolist(), gain[i].tolist()

            def rank(j: int, u: list = u, gi: list = gi, d: list = depth) -> tuple:
                return (-u[j], -gi[j], -d[j], j)

            ranked = sorted(partners, key=rank)
            for j in ranked[: params.max_per_region]:
                pair_scores[(min(i, j), max(i, j))] = 0.0
        for i, j in sorted(pair_scores):
            found.append(_candidate(cov, [i, j], cover, counts, w, names, context))
        # trios only where a pair is not enough: no two regions complete the chain
        if union.max() < len(cov.stages):
            found.extend(_trios(cov, cover, counts, w, names, context, params.max_trios_per_chain))
        out.extend(group_alternatives(found, _regions, lambda r: names.get(r, r)))
    return out


def _trios(cov, cover, counts, w, names, context, limit) -> list[Candidate]:
    """Return trios that complete the chain while no pair inside them does."""
    full = len(cov.stages)
    by_mask: dict[tuple, list[int]] = defaultdict(list)
    for i, row in enumerate(cover):
        by_mask[tuple(row)].append(i)
    for idx in by_mask.values():
        idx.sort(key=lambda i: (-float(counts[i].sum()), i))
    masks = sorted(by_mask)
    found: list[Candidate] = []
    for m1, m2, m3 in itertools.combinations(masks, 3):
        arr = np.array([m1, m2, m3], dtype=bool)
        if arr.any(axis=0).sum() < full:
            continue
        if any((arr[a] | arr[b]).sum() == full for a, b in ((0, 1), (0, 2), (1, 2))):
            continue
        # every member must bring a stage the other two lack
        if any(
            not (arr[k] & ~(arr[[x for x in range(3) if x != k]].any(axis=0))).any()
            for k in range(3)
        ):
            continue
        members = [by_mask[m1][0], by_mask[m2][0], by_mask[m3][0]]
        found.append(_candidate(cov, sorted(members), cover, counts, w, names, context))
    found.sort(key=lambda c: (-c.score, c.regions))
    return found[:limit]


class _ClustersOf:
    """Cluster ids of the actors a region has on a stage, read from the incidence once."""

    def __init__(self, g: nx.MultiDiGraph):
        inc = incidence(g)
        self._m = inc.actor_cluster
        self._actors = inc.index.get(ACTOR, {})
        self._keys = [g.nodes[c]["key"] for c in inc.nodes.get(CLUSTER, [])]
        self._memo: dict[tuple[str, str, str], set[str]] = {}

    def of_stage(self, cov: ChainCoverage, region: str, k: int) -> set[str]:
        key = (cov.chain_id, region, cov.stages[k])
        if key not in self._memo:
            m, keys = self._m, self._keys
            found: set[str] = set()
            for a in cov.actors.get((region, cov.stages[k]), []):
                i = self._actors[a]
                found.update(keys[j] for j in m.indices[m.indptr[i] : m.indptr[i + 1]].tolist())
            self._memo[key] = found
        return self._memo[key]


def _candidate(
    cov: ChainCoverage, members: list[int], cover, counts, w, names, context
) -> Candidate:
    clusters_of, actor_names, params = context
    comps = _components(cover, counts, members, params.depth_saturation)
    regions = [cov.regions[i] for i in members]
    rows = [cover[m].tolist() for m in members]
    n_stages = len(cov.stages)
    sides = []
    involved_actors: list[str] = []
    clusters: set[str] = set()
    stages_detail = []
    for x, i in enumerate(members):
        mine = rows[x]
        rest = [r for y, r in enumerate(rows) if y != x]
        own = [k for k in range(n_stages) if mine[k] and not any(r[k] for r in rest)]
        region = cov.regions[i]
        # shared stages only: name its actors there
        used = own or [k for k in range(n_stages) if mine[k]]
        held = [cov.actors.get((region, cov.stages[k]), []) for k in used]
        actors = held[0] if len(held) == 1 else sorted({a for acts in held for a in acts})
        involved_actors.extend(actors[: params.max_involved_actors])
        for k in used:
            clusters.update(clusters_of.of_stage(cov, region, k))
        stage_names = [cov.stage_names[k] for k in own] or ["shared stages only"]
        cap = params.max_named_actors
        named = ", ".join(actor_names.get(a, a) for a in actors[:cap])
        more = f" +{len(actors) - cap}" if len(actors) > cap else ""
        sides.append(f"{names.get(region, region)} brings {', '.join(stage_names)} ({named}{more})")
        stages_detail.append(f"{region}=" + ",".join(cov.stages[k] for k in own))
    alone = max(sum(r) for r in rows)
    together = sum(any(col) for col in zip(*rows, strict=True))
    single = []
    for k in range(n_stages):
        held = [a for i in members for a in cov.actors.get((cov.regions[i], cov.stages[k]), ())]
        if len(held) == 1:
            single.append(f"{cov.stage_names[k]} ({actor_names.get(held[0], held[0])})")
    evidence = (
        f"{cov.name}: " + "; ".join(sides) + f" — together {together} of "
        f"{n_stages} stages, the best alone {alone}"
    )
    if single:
        evidence += f"; resting on one actor: {', '.join(single)}"
    evidence += "."
    return Candidate(
        kind="value-chain",
        regions=tuple(sorted(regions)),
        score=composite(comps, w),
        components=comps,
        evidence=evidence,
        clusters=tuple(sorted(clusters)),
        domains=cov.domains,
        chain_id=cov.chain_id,
        involves=tuple(
            sorted(
                [node_id(REGION, r) for r in regions]
                + [node_id(CLUSTER, c) for c in sorted(clusters)]
                + sorted(set(involved_actors))
            )
        ),
        extra={
            "group_size": len(members),
            "stages": ";".join(stages_detail),
            "single_actor_stages": ";".join(single),
        },
    )
