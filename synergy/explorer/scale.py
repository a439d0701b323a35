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
from typing import Any, NamedTuple

import networkx as nx

from synergy.core import model
from synergy.explorer.prep import COLLAPSE_ORDER, FoldState, fold_kinds, fold_step

__all__ = ["ScaledView", "scaled_view"]

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


class ScaledView(NamedTuple):
    """A graph folded to fit the explorer, with the memberships of the nodes left.

    ``view`` to ``notes`` are what :func:`synergy.explorer.prep.collapse_for_scale` returns.
    """

    members: dict[str, dict[str, list[str]]]  # node -> regions, domains, chains it belongs to
    view: nx.MultiDiGraph
    moved: dict[str, list[str]]  # folded node -> the nodes drawn in its place
    folded: dict[str, dict[str, int]]  # drawn node -> kind -> how many were folded into it
    notes: list[str]


def scaled_view(graph: nx.MultiDiGraph, max_nodes: int, protect: Iterable[str] = ()) -> ScaledView:
    """Return memberships of the non-actor nodes and the folded view of a graph > ``max_nodes``.

    The memberships are those :func:`synergy.explorer.prep.derive_memberships` gives the nodes
    that are not actors. O(nodes + edges), with per-node work only for non-actor nodes.
    """
    s = _Scaler(graph)
    regions, domains, chains, stage_chains = s.memberships()
    parents = s.actors(domains, chains, stage_chains)
    s.propagate(regions, domains, chains, stage_chains)
    members = {
        n: {"regions": regions[n], "domains": sorted(domains[n]), "chains": sorted(chains[n])}
        for n in s.others
    }
    counts = s.fold_actor_edges(parents)
    state = FoldState(
        kinds=s.kind,
        alive=set(s.others),
        edges={**s.kept, **s.added},
        total=len(s.kind),
        moved={a: list(ps) for a, ps in parents.items()},
        counts=counts,
        steps=[fold_step(model.ACTOR, len(parents), len(parents))] if parents else [],
    )
    view, moved, folded, notes = fold_kinds(
        graph, state, COLLAPSE_ORDER[1:], max_nodes, regions, {}, protect
    )
    return ScaledView(members, view, moved, folded, notes)


class _Scaler:
    """One pass over the adjacency: non-actor edges kept and typed, actors' edges set aside."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.data_of = dict(graph.nodes(data=True))
        kind = self.kind = {n: str(d.get("kind", "")) for n, d in self.data_of.items()}
        self.ix = _Typed()
        self.kept: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.actor_out: dict[str, dict[str, dict[str, Any]]] = {}  # actor -> raw adjacency
        self.actor_in: dict[str, list[tuple[str, str]]] = {}  # actor -> (source, type) in-edges
        self.into_actors: list[tuple[str, str, str, dict[str, Any]]] = []
        for u, nbrs in graph.adjacency():
            if kind[u] == model.ACTOR:
                # Edges between actors add no region, domain or chain to anyone: they only
                # need folding, so actors' own adjacency is all we keep of them.
                self.actor_out[u] = nbrs
                continue
            for v, keyed in nbrs.items():
                if kind[v] == model.ACTOR:
                    self.actor_in.setdefault(v, []).extend((u, k) for k in keyed)
                    self.into_actors.extend((u, v, k, data) for k, data in keyed.items())
                    continue
                for k, data in keyed.items():
                    self.kept[(u, v, k)] = data
                    self.ix.add(u, v, k)
        self.others = sorted(n for n in kind if kind[n] != model.ACTOR)
        self.linked = {(u, v) for u, v, _ in self.kept} | {(v, u) for u, v, _ in self.kept}
        self.added: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.region_ids: dict[Any, str] = {}  # an actor's region_id -> the region's node id

    def memberships(self):
        """Return regions, domains and chains of the non-actor nodes from their own edges."""
        kind, ix = self.kind, self.ix
        regions = {
            n: [n]
            if kind[n] == model.REGION
            else _region_of(
                self.graph,
                kind,
                n,
                ix.outs(n, model.LOCATED_IN)
                | ix.outs(n, model.RUN_BY)
                | ix.ins(n, model.HAS_PRIORITY),
            )
            for n in self.others
        }
        domains = {
            n: {n}
            if kind[n] == model.DOMAIN
            else {m for m in ix.nbrs.get(n, ()) if kind[m] == model.DOMAIN}
            for n in self.others
        }
        chains: dict[str, set[str]] = {n: set() for n in self.others}
        for n in self.others:
            if kind[n] == model.VALUE_CHAIN:
                chains[n].add(n)
            elif kind[n] == model.STAGE:
                chains[n] |= ix.outs(n, model.PART_OF)
        stage_chains = {n: set(c) for n, c in chains.items()}  # before actors add theirs
        return regions, domains, chains, stage_chains

    def actors(self, domains, chains, stage_chains) -> dict[str, list[str]]:
        """Return actor -> the clusters (else regions) it folds into, in one pass over them.

        Adds what each actor brings to its clusters' and regions' domains and chains, and
        folds its edges to non-actors as the first step of ``collapse_for_scale`` does; edges
        to other actors wait until every actor has its parents.
        """
        kind = self.kind
        parents: dict[str, list[str]] = {}
        self.later: list[tuple[str, str, str, dict[str, Any]]] = []
        for a in kind:
            if kind[a] != model.ACTOR:
                continue
            located, stages, member, near_domains = self._actor_links(a)
            own_regions = sorted(r for r in located if kind.get(r) == model.REGION)
            own_chains = (
                set().union(*[stage_chains.get(s, ()) for s in stages]) if stages else set()
            )
            own_domains = near_domains.union(*[domains.get(c, ()) for c in member])
            for c in member:
                if c in chains:
                    chains[c] |= own_chains
            for r in own_regions:
                if own_domains:
                    domains[r] |= own_domains
                if own_chains:
                    chains[r] |= own_chains
            clusters = sorted(c for c in member if kind[c] == model.CLUSTER)
            parents[a] = pa = clusters or own_regions
            for v, keyed in self.actor_out.get(a, {}).items():
                if kind[v] == model.ACTOR:
                    self.later.extend((a, v, k, data) for k, data in keyed.items())
                    continue
                for k, data in keyed.items():
                    for pu in pa:
                        if pu != v and (pu, v) not in self.linked:
                            self._add(pu, v, k, data)
        return parents

    def _actor_links(self, a: str) -> tuple[set[str], set[str], set[str], set[str]]:
        """Return the regions, stages, clusters and domains an actor links to directly."""
        kind = self.kind
        located: set[str] = set()
        stages: set[str] = set()
        member: set[str] = set()
        near_domains: set[str] = set()
        for v, keyed in self.actor_out.get(a, {}).items():
            if kind[v] == model.DOMAIN:
                near_domains.add(v)
            for k in keyed:
                if k in (model.LOCATED_IN, model.RUN_BY):
                    located.add(v)
                elif k == model.ACTIVE_IN:
                    stages.add(v)
                elif k == model.MEMBER_OF:
                    member.add(v)
        for u, k in self.actor_in.get(a, ()):
            if kind[u] == model.DOMAIN:
                near_domains.add(u)
            if k == model.HAS_PRIORITY:
                located.add(u)
        rid = self.data_of[a].get("region_id")
        if rid:
            region = self.region_ids.get(rid)
            if region is None:  # a few hundred regions for up to millions of actors
                region = self.region_ids[rid] = model.node_id(model.REGION, str(rid))
            located.add(region)
        return located, stages, member, near_domains

    def propagate(self, regions, domains, chains, stage_chains) -> None:
        """Give regions the domains and chains of their nodes, stages their chains' domains."""
        kind = self.kind
        for n in self.others:
            if kind[n] == model.REGION:
                continue
            for r in regions[n]:
                if kind[n] in (model.PRIORITY, model.CLUSTER):
                    domains[r] |= domains[n]
                chains[r] |= chains[n]
        for n in self.others:
            if kind[n] == model.STAGE:
                for ch in stage_chains[n]:
                    domains[n] |= {m for m in self.ix.nbrs.get(ch, ()) if kind[m] == model.DOMAIN}

    def fold_actor_edges(self, parents: dict[str, list[str]]) -> dict[str, dict[str, int]]:
        """Fold the edges between actors and into actors; return parent -> actors folded."""
        counts: dict[str, dict[str, int]] = {}
        for a in sorted(parents):
            for p in parents[a]:
                slot = counts.setdefault(p, {})
                slot["actors"] = slot.get("actors", 0) + 1
        for u, v, k, data in self.later + self.into_actors:
            for pu in parents.get(u, (u,)):
                for pv in parents.get(v, (v,)):
                    if pu != pv and (pu, pv) not in self.linked:
                        self._add(pu, pv, k, data)
        return counts

    def _add(self, u: str, v: str, k: str, data: dict[str, Any]) -> None:
        """Count one more folded ``k`` edge from ``u`` to ``v`` (keeping the best score)."""
        slot = self.added.get((u, v, k))
        if slot is None:
            slot = self.added[(u, v, k)] = {"type": k, "count": 0}
        slot["count"] += int(data.get("count", 1))
        if data.get("score") is not None:
            slot["score"] = max(float(data["score"]), slot.get("score", 0.0))
