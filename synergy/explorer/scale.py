"""The explorer's view of a graph too big to draw, in one pass over the actors.

At EU scale nearly all nodes (200k of 205k) and edges (415k of 430k) belong to actors, and
the explorer folds every actor into its clusters (or region) anyway. :func:`scaled_view`
therefore reads each actor's edges once, straight from the adjacency, and does all per-node
work (memberships, folding of the other kinds, tooltips) on the few thousand nodes left.
The result equals ``derive_memberships`` + ``collapse_for_scale`` of :mod:`synergy.explorer.prep`
on the whole graph, which remain the reference (and the path for graphs that fit).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from synergy.core import model
from synergy.explorer.prep import COLLAPSE_ORDER, FoldState, fold_kinds, fold_step

__all__ = ["scaled_view"]

_EMPTY: frozenset[str] = frozenset()


class _Typed:
    """Typed adjacency of the non-actor nodes (node -> edge type -> neighbours)."""

    def __init__(self) -> None:
        self.out: dict[str, dict[str, set[str]]] = {}
        self.inn: dict[str, dict[str, set[str]]] = {}
        self.nbrs: dict[str, set[str]] = {}

    def add(self, u: str, v: str, k: str) -> None:
        self.out.setdefault(u, {}).setdefault(k, set()).add(v)
        self.inn.setdefault(v, {}).setdefault(k, set()).add(u)
        self.nbrs.setdefault(u, set()).add(v)
        self.nbrs.setdefault(v, set()).add(u)

    def outs(self, n: str, k: str) -> set[str] | frozenset[str]:
        return self.out.get(n, {}).get(k, _EMPTY)

    def ins(self, n: str, k: str) -> set[str] | frozenset[str]:
        return self.inn.get(n, {}).get(k, _EMPTY)


def _region_of(graph: nx.MultiDiGraph, kind: dict[str, str], n: str, found: set[str]) -> list[str]:
    rid = graph.nodes[n].get("region_id")
    if rid:
        rnode = model.node_id(model.REGION, str(rid))
        if rnode in kind:
            found = found | {rnode}
    return sorted(m for m in found if kind.get(m) == model.REGION)


def scaled_view(
    graph: nx.MultiDiGraph, max_nodes: int, protect: Iterable[str] = ()
) -> tuple[
    dict[str, dict[str, list[str]]],
    nx.MultiDiGraph,
    dict[str, list[str]],
    dict[str, dict[str, int]],
    list[str],
]:
    """Return memberships of the non-actor nodes and the folded view of a graph > ``max_nodes``.

    The second to fifth items are what :func:`synergy.explorer.prep.collapse_for_scale` returns;
    the memberships are those :func:`synergy.explorer.prep.derive_memberships` gives the nodes
    that are not actors. O(nodes + edges), with per-node work only for non-actor nodes.
    """
    data_of = dict(graph.nodes(data=True))
    kind = {n: str(d.get("kind", "")) for n, d in data_of.items()}
    actor = model.ACTOR
    region_prefix = model.node_id(model.REGION, "")
    ix = _Typed()
    kept: dict[tuple[str, str, str], dict[str, Any]] = {}
    actor_out: dict[str, dict[str, dict[str, Any]]] = {}  # actor -> raw adjacency
    actor_in: dict[str, list[tuple[str, str]]] = {}  # actor -> (source, type) of in-edges
    into_actors: list[tuple[str, str, str, dict[str, Any]]] = []
    for u, nbrs in graph.adjacency():
        if kind[u] == actor:
            # Edges between actors add no region, domain or chain to anyone: they only
            # need folding (below), so actors' own adjacency is all we keep of them.
            actor_out[u] = nbrs
            continue
        for v, keyed in nbrs.items():
            if kind[v] == actor:
                actor_in.setdefault(v, []).extend((u, k) for k in keyed)
                into_actors.extend((u, v, k, data) for k, data in keyed.items())
                continue
            for k, data in keyed.items():
                kept[(u, v, k)] = data
                ix.add(u, v, k)
    others = sorted(n for n in kind if kind[n] != actor)
    regions = {
        n: [n]
        if kind[n] == model.REGION
        else _region_of(
            graph,
            kind,
            n,
            ix.outs(n, model.LOCATED_IN) | ix.outs(n, model.RUN_BY) | ix.ins(n, model.HAS_PRIORITY),
        )
        for n in others
    }

    def is_domain(m: str) -> bool:
        return kind[m] == model.DOMAIN

    domains = {
        n: {n} if kind[n] == model.DOMAIN else {m for m in ix.nbrs.get(n, ()) if is_domain(m)}
        for n in others
    }
    chains: dict[str, set[str]] = {n: set() for n in others}
    for n in others:
        if kind[n] == model.VALUE_CHAIN:
            chains[n].add(n)
        elif kind[n] == model.STAGE:
            chains[n] |= ix.outs(n, model.PART_OF)
    stage_chains = {n: set(c) for n, c in chains.items()}  # before actors add theirs

    # One pass over the actors: their regions, chains, domains and the clusters they join.
    linked = {(u, v) for u, v, _ in kept} | {(v, u) for u, v, _ in kept}
    added: dict[tuple[str, str, str], dict[str, Any]] = {}
    later: list[tuple[str, str, str, dict[str, Any]]] = []
    located_types = (model.LOCATED_IN, model.RUN_BY)
    region_kind, domain_kind, cluster_kind = model.REGION, model.DOMAIN, model.CLUSTER
    parents: dict[str, list[str]] = {}
    for a in kind:
        if kind[a] != actor:
            continue
        located: set[str] = set()
        stages: set[str] = set()
        member: set[str] = set()
        near_domains: set[str] = set()
        for v, keyed in actor_out.get(a, {}).items():
            if kind[v] == domain_kind:
                near_domains.add(v)
            for k in keyed:
                if k in located_types:
                    located.add(v)
                elif k == model.ACTIVE_IN:
                    stages.add(v)
                elif k == model.MEMBER_OF:
                    member.add(v)
        for u, k in actor_in.get(a, ()):
            if kind[u] == domain_kind:
                near_domains.add(u)
            if k == model.HAS_PRIORITY:
                located.add(u)
        rid = data_of[a].get("region_id")
        if rid:
            located.add(region_prefix + str(rid))
        own_regions = sorted(r for r in located if kind.get(r) == region_kind)
        own_chains = set().union(*[stage_chains.get(s, ()) for s in stages]) if stages else set()
        own_domains = near_domains.union(*[domains.get(c, ()) for c in member])
        for c in member:
            if c in chains:
                chains[c] |= own_chains
        for r in own_regions:
            if own_domains:
                domains[r] |= own_domains
            if own_chains:
                chains[r] |= own_chains
        clusters = sorted(c for c in member if kind[c] == cluster_kind)
        parents[a] = pa = clusters or own_regions
        # Fold the actor's edges to non-actors now, as the first step of collapse_for_scale
        # does; edges to other actors wait until every actor has its parents.
        for v, keyed in actor_out.get(a, {}).items():
            if kind[v] == actor:
                later.extend((a, v, k, data) for k, data in keyed.items())
                continue
            for k, data in keyed.items():
                for pu in pa:
                    if pu == v or (pu, v) in linked:
                        continue
                    slot = added.get((pu, v, k))
                    if slot is None:
                        slot = added[(pu, v, k)] = {"type": k, "count": 0}
                    slot["count"] += int(data.get("count", 1))
                    if data.get("score") is not None:
                        slot["score"] = max(float(data["score"]), slot.get("score", 0.0))
    for n in others:
        if kind[n] == model.REGION:
            continue
        for r in regions[n]:
            if kind[n] in (model.PRIORITY, model.CLUSTER):
                domains[r] |= domains[n]
            chains[r] |= chains[n]
    for n in others:
        if kind[n] == model.STAGE:
            for ch in stage_chains[n]:
                domains[n] |= {m for m in ix.nbrs.get(ch, ()) if kind[m] == model.DOMAIN}
    members = {
        n: {"regions": regions[n], "domains": sorted(domains[n]), "chains": sorted(chains[n])}
        for n in others
    }

    # Fold every actor, as the first step of collapse_for_scale does.
    counts: dict[str, dict[str, int]] = {}
    for a in sorted(parents):
        for p in parents[a]:
            slot = counts.setdefault(p, {})
            slot["actors"] = slot.get("actors", 0) + 1

    def fold(u: str, v: str, k: str, data: dict[str, Any]) -> None:
        for pu in parents.get(u, (u,)):
            for pv in parents.get(v, (v,)):
                if pu == pv or (pu, pv) in linked:
                    continue
                slot = added.get((pu, pv, k))
                if slot is None:
                    slot = added[(pu, pv, k)] = {"type": k, "count": 0}
                slot["count"] += int(data.get("count", 1))
                if data.get("score") is not None:
                    slot["score"] = max(float(data["score"]), slot.get("score", 0.0))

    for u, v, k, data in later + into_actors:
        fold(u, v, k, data)
    state = FoldState(
        kinds=kind,
        alive=set(others),
        edges={**kept, **added},
        total=len(kind),
        moved={a: list(ps) for a, ps in parents.items()},
        counts=counts,
        steps=[fold_step(actor, len(parents), len(parents))] if parents else [],
    )
    view, moved, folded, notes = fold_kinds(
        graph, state, COLLAPSE_ORDER[1:], max_nodes, regions, {}, protect
    )
    return members, view, moved, folded, notes
