"""Value-chain complementarity: regions whose actors together cover more of a chain.

For each value chain, a region *covers* a stage when at least one of its actors is active in
it. A pair of regions is complementary on a chain when together they cover more stages than
either alone (A upstream, B downstream); a trio is reported when it completes a chain that no
pair inside it completes. Components (each 0–1):

``coverage``  stages covered together / stages in the chain
``gain``      stages added beyond the best single member / stages in the chain
``handover``  upstream→downstream steps (stage k → k+1) that only the group closes / steps
``depth``     mean over covered stages of min(1, actors on that stage / 3)

Complexity: per chain with S stages and R active regions, pairs are scored vectorised in
O(R² · S); trios are enumerated over the at most 2^S distinct coverage patterns, not over
regions, so EU scale stays cheap. Actors are read once: O(A).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
import numpy as np

from .graph import nodes_of_kind
from .model import (
    ACTIVE_IN,
    ACTOR,
    CLUSTER,
    IN_DOMAIN,
    MEMBER_OF,
    PART_OF,
    REGION,
    VALUE_CHAIN,
    node_id,
)
from .scoring import Candidate, Weights, composite

__all__ = ["ChainCoverage", "chain_coverage", "value_chain_complementarity"]

DEPTH_SATURATION = 3  # actors on a stage beyond which depth no longer grows
MAX_NAMED_ACTORS = 3  # actors named per side in the evidence sentence
MAX_INVOLVED_ACTORS = 25  # actors per region linked to a candidate


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

    def counts(self) -> np.ndarray:
        """Return the regions × stages matrix of actor counts."""
        return np.array(
            [[len(self.actors.get((r, s), ())) for s in self.stages] for r in self.regions],
            dtype=np.int64,
        ).reshape(len(self.regions), len(self.stages))


def chain_coverage(g: nx.MultiDiGraph) -> list[ChainCoverage]:
    """Return the coverage of every value chain in the graph, sorted by chain id."""
    stage_of: dict[str, tuple[str, str]] = {}
    chains: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for cnode in nodes_of_kind(g, VALUE_CHAIN):
        chain_id = g.nodes[cnode]["key"]
        for snode, _, k in g.in_edges(cnode, keys=True):
            if k != PART_OF:
                continue
            data = g.nodes[snode]
            chains[chain_id].append(
                (data.get("stage_order", 0), data["key"], data.get("name", data["key"]))
            )
            stage_of[snode] = (chain_id, data["key"])
    actors: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for anode in nodes_of_kind(g, ACTOR):
        region = g.nodes[anode].get("region_id")
        for _, snode, k in g.out_edges(anode, keys=True):
            if k == ACTIVE_IN and snode in stage_of:
                chain_id, stage_id = stage_of[snode]
                actors[chain_id][(region, stage_id)].append(anode)
    out = []
    for cnode in nodes_of_kind(g, VALUE_CHAIN):
        chain_id = g.nodes[cnode]["key"]
        stages = sorted(chains[chain_id])
        held = {k: sorted(v) for k, v in actors[chain_id].items()}
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
                regions=tuple(sorted({r for r, _ in held})),
                actors=held,
            )
        )
    return out


def _components(cover: np.ndarray, counts: np.ndarray, members: list[int]) -> dict:
    """Return the components of a group of regions (row indices) on one chain."""
    sub = cover[members]
    union = sub.any(axis=0)
    n_stages = cover.shape[1]
    best_single = sub.sum(axis=1).max()
    steps = max(1, n_stages - 1)
    closed = 0
    for k in range(n_stages - 1):
        if union[k] and union[k + 1] and not (sub[:, k] & sub[:, k + 1]).any():
            closed += 1
    depth_per_stage = np.minimum(1.0, counts[members].sum(axis=0) / DEPTH_SATURATION)
    return {
        "coverage": float(union.sum() / n_stages),
        "gain": float((union.sum() - best_single) / n_stages),
        "handover": closed / steps,
        "depth": float(depth_per_stage[union].mean()) if union.any() else 0.0,
    }


def value_chain_complementarity(
    g: nx.MultiDiGraph,
    *,
    weights: Weights | None = None,
    max_per_region: int = 5,
    max_trios_per_chain: int = 20,
) -> list[Candidate]:
    """Return ``value-chain`` candidates: region pairs and trios that complete chains.

    Parameters
    ----------
    g
        The synergy graph.
    weights
        Component weights (``coverage``, ``gain``, ``handover``, ``depth``).
    max_per_region
        Per chain, keep each region's best partners only (bounds output at EU scale).
    max_trios_per_chain
        Trios kept per chain, best first.
    """
    weights = weights or Weights()
    w = weights.of("value-chain")
    names = {g.nodes[n]["key"]: g.nodes[n].get("name", n) for n in nodes_of_kind(g, REGION)}
    context = (
        _clusters_of_actors(g),
        {n: g.nodes[n].get("name", n) for n in nodes_of_kind(g, ACTOR)},
    )
    out: list[Candidate] = []
    for cov in chain_coverage(g):
        if len(cov.regions) < 2 or len(cov.stages) < 2:
            continue
        counts = cov.counts()
        cover = counts > 0
        sizes = cover.sum(axis=1)
        union = (cover[:, None, :] | cover[None, :, :]).sum(axis=2)
        gain = union - np.maximum(sizes[:, None], sizes[None, :])
        pair_scores: dict[tuple[int, int], float] = {}
        for i in range(len(cov.regions)):
            partners = [j for j in np.flatnonzero(gain[i] > 0) if j != i]
            ranked = sorted(
                partners, key=lambda j, i=i: (-union[i, j], -gain[i, j], -counts[j].sum(), j)
            )
            for j in ranked[:max_per_region]:
                pair_scores[(min(i, j), max(i, j))] = 0.0
        for i, j in sorted(pair_scores):
            out.append(_candidate(cov, [i, j], cover, counts, w, names, context))
        # trios only where a pair is not enough: no two regions complete the chain
        if union.max() < len(cov.stages):
            out.extend(_trios(cov, cover, counts, w, names, context, max_trios_per_chain))
    return out


def _trios(cov, cover, counts, w, names, context, limit) -> list[Candidate]:
    """Return trios that complete the chain while no pair inside them does."""
    full = len(cov.stages)
    by_mask: dict[tuple, list[int]] = defaultdict(list)
    for i, row in enumerate(cover):
        by_mask[tuple(row)].append(i)
    for idx in by_mask.values():
        idx.sort(key=lambda i: (-counts[i].sum(), i))
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


def _clusters_of_actors(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for u, v, k in g.edges(keys=True):
        if k == MEMBER_OF and g.nodes[v].get("kind") == CLUSTER:
            out[u].append(g.nodes[v]["key"])
    return out


def _candidate(
    cov: ChainCoverage, members: list[int], cover, counts, w, names, context
) -> Candidate:
    clusters_of, actor_names = context
    comps = _components(cover, counts, members)
    regions = [cov.regions[i] for i in members]
    union = cover[members].any(axis=0)
    sides = []
    involved_actors: list[str] = []
    clusters: set[str] = set()
    stages_detail = []
    for i in members:
        others = cover[[m for m in members if m != i]].any(axis=0)
        own = [k for k in range(len(cov.stages)) if cover[i, k] and not others[k]]
        region = cov.regions[i]
        actors = sorted({a for k in own for a in cov.actors.get((region, cov.stages[k]), [])})
        if not actors:  # shared stages only: name its actors there
            actors = sorted(
                {
                    a
                    for k in range(len(cov.stages))
                    if cover[i, k]
                    for a in cov.actors.get((region, cov.stages[k]), [])
                }
            )
        involved_actors.extend(actors[:MAX_INVOLVED_ACTORS])
        for a in actors:
            clusters.update(clusters_of.get(a, []))
        stage_names = [cov.stage_names[k] for k in own] or ["shared stages only"]
        named = ", ".join(actor_names.get(a, a) for a in actors[:MAX_NAMED_ACTORS])
        more = f" +{len(actors) - MAX_NAMED_ACTORS}" if len(actors) > MAX_NAMED_ACTORS else ""
        sides.append(f"{names.get(region, region)} brings {', '.join(stage_names)} ({named}{more})")
        stages_detail.append(f"{region}=" + ",".join(cov.stages[k] for k in own))
    alone = int(cover[members].sum(axis=1).max())
    evidence = (
        f"{cov.name}: " + "; ".join(sides) + f" — together {int(union.sum())} of "
        f"{len(cov.stages)} stages, the best alone {alone}."
    )
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
        extra={"group_size": len(members), "stages": ";".join(stages_detail)},
    )
