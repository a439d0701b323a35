"""Graph preparation for the explorer: derived filter attributes, focused views, aggregation.

Pure functions over the property graph. :mod:`synergy.explorer.payload` turns their results into the
self-contained ``graph.html``; they live apart so that the rules deciding *what* is shown
(which nodes a focused view keeps, which nodes collapse into which at scale) can be tested
without any HTML.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from synergy.core import model
from synergy.core.errors import SETTINGS, InputError, Problem
from synergy.graph.nodes import adjacent, neighbours

__all__ = [
    "COLLAPSE_ORDER",
    "FoldState",
    "fold_kinds",
    "fold_step",
    "split_ids",
    "candidate_rows",
    "collapse_for_scale",
    "derive_memberships",
    "derive_region",
    "focus_subgraph",
    "top_per_kind",
    "fold_projects",
]

# Kinds folded into their parents, in this order, until the graph fits ``max_nodes``.
# Actors go first: they are the most numerous and their clusters already stand for them.
COLLAPSE_ORDER = (model.ACTOR, model.PRIORITY, model.PROGRAMME, model.CLUSTER)

_KIND_WORD = {
    model.ACTOR: "actors",
    model.PRIORITY: "priorities",
    model.PROGRAMME: "programmes",
    model.CLUSTER: "clusters",
}


_ROW_COLUMNS = frozenset(
    ("rank", "kind", "kind_rank", "score", "evidence", "regions", "clusters", "domains",
     "chain_id", "components", "involves", "focal_region")
)  # fmt: skip


def candidate_rows(pairings: Any) -> list[dict[str, Any]]:
    """Return the scan's candidates as plain dicts sorted by rank, NaN cells as ``""``.

    ``pairings`` is the scan's DataFrame, any iterable of mappings, or ``None``.
    """
    if pairings is None:
        return []
    records: Iterable[Mapping[str, Any]]
    if hasattr(pairings, "to_dict"):
        # Only the columns the explorer shows: an EU scan has 25 columns x 8,500 rows.
        used = [c for c in pairings.columns if c in _ROW_COLUMNS]
        records = pairings[used].to_dict("records")
    else:
        records = pairings
    rows = []
    for rec in records:
        row = {str(k): _clean(v) for k, v in rec.items()}
        try:
            row["rank"] = int(row.get("rank") or 0)
        except (TypeError, ValueError):
            row["rank"] = 0
        try:
            row["score"] = float(row.get("score") or 0.0)
        except (TypeError, ValueError):
            row["score"] = 0.0
        rows.append(row)
    return sorted(rows, key=lambda r: (r["rank"], str(r.get("kind", ""))))


def _clean(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value


def top_per_kind(rows: list[dict[str, Any]], top: int) -> list[dict[str, Any]]:
    """Return about ``top`` candidates: the best of each kind in turn (by ``kind_rank``).

    Scores of different kinds are not comparable, so the list is not the ``top`` highest
    scores: each kind gets an equal share (the rest of a kind's share goes to the others),
    listed kind by kind in the usual order, best first.

    >>> rows = [{"rank": i, "kind": k, "kind_rank": r} for i, (k, r) in enumerate(
    ...     [("call", 1), ("call", 2), ("call", 3), ("pilot", 1), ("pilot", 2)], start=1)]
    >>> [(r["kind"], r["kind_rank"]) for r in top_per_kind(rows, 3)]
    [('pilot', 1), ('pilot', 2), ('call', 1)]
    """
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_kind.setdefault(str(row.get("kind", "")), []).append(row)
    order = [k for k in model.CANDIDATE_KINDS if k in by_kind] + sorted(
        set(by_kind) - set(model.CANDIDATE_KINDS)
    )
    for kind in order:
        by_kind[kind].sort(key=lambda r: (_rank_in_kind(r), r["rank"]))
    share = {k: 0 for k in order}
    left = max(0, top)
    while left and any(share[k] < len(by_kind[k]) for k in order):
        for kind in order:
            if left and share[kind] < len(by_kind[kind]):
                share[kind] += 1
                left -= 1
    return [row for kind in order for row in by_kind[kind][: share[kind]]]


def _rank_in_kind(row: dict[str, Any]) -> int:
    try:
        return int(row.get("kind_rank") or row["rank"])
    except (TypeError, ValueError):
        return int(row["rank"])


def split_ids(cell: Any) -> list[str]:
    """Return the non-empty parts of a ``;``-joined cell, stripped, in their order."""
    if cell is None or cell == "":
        return []
    if isinstance(cell, (list, tuple)):
        return [str(p).strip() for p in cell if str(p).strip()]
    return [p.strip() for p in str(cell).split(";") if p.strip()]


def _kind(graph: nx.MultiDiGraph, n: str) -> str:
    return str(graph.nodes[n].get("kind", ""))


def derive_region(graph: nx.MultiDiGraph, n: str) -> list[str]:
    """Return the region node ids a node belongs to (itself for a region)."""
    if _kind(graph, n) == model.REGION:
        return [n]
    found = {*neighbours(graph, n, model.LOCATED_IN), *neighbours(graph, n, model.RUN_BY)}
    found |= set(neighbours(graph, n, model.HAS_PRIORITY, out=False))
    rid = graph.nodes[n].get("region_id")
    if rid and model.node_id(model.REGION, str(rid)) in graph:
        found.add(model.node_id(model.REGION, str(rid)))
    return sorted(m for m in found if _kind(graph, m) == model.REGION)


class _Index:
    """Typed adjacency (node -> edge type -> neighbours) built in one pass over the edges."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.kind = {m: str(d.get("kind", "")) for m, d in graph.nodes(data=True)}
        self.out: dict[str, dict[str, set[str]]] = {}
        self.inn: dict[str, dict[str, set[str]]] = {}
        self.nbrs: dict[str, set[str]] = {m: set() for m in graph}
        for u, v, k in graph.edges(keys=True):
            self.out.setdefault(u, {}).setdefault(k, set()).add(v)
            self.inn.setdefault(v, {}).setdefault(k, set()).add(u)
            self.nbrs[u].add(v)
            self.nbrs[v].add(u)

    def outs(self, n: str, etype: str) -> set[str]:
        return self.out.get(n, {}).get(etype, set())

    def ins(self, n: str, etype: str) -> set[str]:
        return self.inn.get(n, {}).get(etype, set())

    def regions(self, graph: nx.MultiDiGraph, n: str) -> list[str]:
        """Return what :func:`derive_region` returns, from the index."""
        if self.kind[n] == model.REGION:
            return [n]
        found = self.outs(n, model.LOCATED_IN) | self.outs(n, model.RUN_BY)
        found = found | self.ins(n, model.HAS_PRIORITY)
        rid = graph.nodes[n].get("region_id")
        if rid and model.node_id(model.REGION, str(rid)) in graph:
            found = found | {model.node_id(model.REGION, str(rid))}
        return sorted(m for m in found if self.kind[m] == model.REGION)


def derive_memberships(graph: nx.MultiDiGraph) -> dict[str, dict[str, list[str]]]:
    """Return, per node, the region, domain and chain node ids the explorer filters on.

    Regions come from the node itself (``LOCATED_IN``, ``RUN_BY``, ``HAS_PRIORITY``,
    ``region_id``); domains from adjacent Domain nodes, and for regions and actors from their
    priorities and clusters; chains from ``PART_OF``/``ACTIVE_IN`` and, for clusters and
    regions, from their actors. An empty list means "not tied to that dimension": such nodes
    are shown as context next to the nodes a filter keeps. O(nodes + edges).
    """
    ix = _Index(graph)
    kind = ix.kind
    nodes = sorted(graph)
    regions = {n: ix.regions(graph, n) for n in nodes}
    domains: dict[str, set[str]] = {
        n: {n} if kind[n] == model.DOMAIN else {m for m in ix.nbrs[n] if kind[m] == model.DOMAIN}
        for n in nodes
    }
    chains: dict[str, set[str]] = {n: set() for n in nodes}
    for n in nodes:
        if kind[n] == model.VALUE_CHAIN:
            chains[n].add(n)
        elif kind[n] == model.STAGE:
            chains[n] |= ix.outs(n, model.PART_OF)
    actors = [n for n in nodes if kind[n] == model.ACTOR]
    for n in actors:
        for stage in ix.outs(n, model.ACTIVE_IN):
            chains[n] |= chains[stage]
    # Second-level inheritance: actors take their clusters' domains, clusters their actors'
    # chains, regions everything of their priorities, clusters and actors.
    for n in actors:
        for cl in ix.outs(n, model.MEMBER_OF):
            domains[n] |= domains[cl]
            chains[cl] |= chains[n]
    for n in nodes:
        if kind[n] == model.REGION:
            continue
        for r in regions[n]:
            if kind[n] in (model.PRIORITY, model.CLUSTER, model.ACTOR):
                domains[r] |= domains[n]
            chains[r] |= chains[n]
    for n in nodes:
        if kind[n] == model.STAGE:
            for ch in chains[n]:
                domains[n] |= {m for m in ix.nbrs[ch] if kind[m] == model.DOMAIN}
    return {
        n: {"regions": regions[n], "domains": sorted(domains[n]), "chains": sorted(chains[n])}
        for n in nodes
    }


def _unknown(option: str, what: str, value: str, choices: Mapping[str, str]) -> InputError:
    """Return the error for an unknown focus, suggesting the closest of ``choices``.

    ``choices`` maps every accepted spelling (id, name, alias) to the id to suggest, so a
    misspelt name ("Lombardei") still points at the right id.
    """
    folded = {k.casefold(): (k, v) for k, v in sorted(choices.items()) if k}
    close = difflib.get_close_matches(value.casefold(), sorted(folded), n=1, cutoff=0.0)
    if close:
        spelling, best = folded[close[0]]
        named = f" ({spelling})" if spelling != best else ""
        fix = f"did you mean '{best}'{named}?"
    else:
        fix = f"the dataset has no {what} to focus on"
    return InputError(
        Problem(
            file=SETTINGS,
            column=option,
            message=f"unknown {what} '{value}'.",
            fix=fix,
            code="unknown-value",
        )
    )


def _resolve(graph: nx.MultiDiGraph, kind: str, value: str, option: str, what: str) -> str:
    """Return the node id of ``kind`` named by an input id, a node id, a name or an alias."""
    text = str(value).strip()
    choices: dict[str, str] = {}
    for n in sorted(n for n in graph if _kind(graph, n) == kind):
        attrs = graph.nodes[n]
        key = str(attrs.get("key") or n.split(":", 1)[-1])
        spellings = [n, key, str(attrs.get("name", "")), *split_ids(attrs.get("aliases"))]
        if any(text.casefold() == s.casefold() for s in spellings if s):
            return n
        for s in spellings[1:]:
            choices.setdefault(s, key)
    raise _unknown(option, what, text, choices)


def focus_subgraph(
    graph: nx.MultiDiGraph,
    rows: list[dict[str, Any]],
    focus: tuple[str, Any],
    *,
    top: int | None = None,
) -> tuple[nx.MultiDiGraph, list[dict[str, Any]], str]:
    """Return the subgraph, the candidates and a one-line description of a focused view.

    ``focus`` is ``("region", id)``, ``("chain", id)`` or ``("candidate", rank)``; ids may be
    input ids, node ids or names. Each view is its focus plus one hop, not half the graph:

    - a region: the region and what it holds (its priorities, clusters, actors, programmes),
      the nodes one hop from those (domains, stages, partner clusters of its actors), and the
      partner regions of its best ``top`` candidates (all of them when ``top`` is None);
    - a chain: its stages, the actors active in them, their clusters and regions, its domains;
    - a candidate: the regions, clusters and actors it involves and the nodes one hop from
      its clusters and actors (from its regions only when it involves nothing else), plus its
      chain with the stages and the domains it names.

    Raises
    ------
    InputError
        When the region, chain or rank is unknown; the message names the closest valid one.
    """
    what, value = focus
    if what == "region":
        target = _resolve(graph, model.REGION, str(value), "region", "region")
        key = str(graph.nodes[target].get("key") or target.split(":", 1)[-1])
        members = derive_memberships(graph)
        core = {n for n, m in members.items() if target in m["regions"]}
        kept_rows = [
            r
            for r in rows
            if key in split_ids(r.get("regions")) or target in split_ids(r.get("involves"))
        ]
        keep = set(core)
        for n in core:
            keep.update(adjacent(graph, n))
        for r in top_per_kind(kept_rows, top) if top is not None else kept_rows:
            keep.update(
                n
                for n in split_ids(r.get("involves"))
                if n in graph and _kind(graph, n) == model.REGION
            )
        label = f"region {graph.nodes[target].get('name', key)} ({key})"
    elif what == "chain":
        target = _resolve(graph, model.VALUE_CHAIN, str(value), "chain", "value chain")
        key = str(graph.nodes[target].get("key") or target.split(":", 1)[-1])
        stages = neighbours(graph, target, model.PART_OF, out=False)
        actors = sorted(
            {a for s in stages for a in neighbours(graph, s, model.ACTIVE_IN, out=False)}
        )
        keep = {target, *stages, *actors}
        keep.update(m for m in adjacent(graph, target) if _kind(graph, m) == model.DOMAIN)
        for a in actors:
            keep.update(neighbours(graph, a, model.MEMBER_OF))
        keep.update(r for n in sorted(keep) for r in derive_region(graph, n))
        kept_rows = [r for r in rows if str(r.get("chain_id", "")) == key]
        label = f"value chain {graph.nodes[target].get('name', key)} ({key})"
    elif what == "candidate":
        row = _candidate_row(rows, value)
        involved = [n for n in split_ids(row.get("involves")) if n in graph]
        specific = [n for n in involved if _kind(graph, n) != model.REGION] or involved
        keep = set(involved)
        for n in specific:
            keep.update(adjacent(graph, n))
        chain = model.node_id(model.VALUE_CHAIN, str(row.get("chain_id", "")))
        if row.get("chain_id") and chain in graph:
            keep.add(chain)
            keep.update(neighbours(graph, chain, model.PART_OF, out=False))
        for d in split_ids(row.get("domains")):
            if model.node_id(model.DOMAIN, d) in graph:
                keep.add(model.node_id(model.DOMAIN, d))
        kept_rows = [row]
        label = f"candidate #{row['rank']} ({row.get('kind', '')})"
    else:
        raise ValueError(f"focus must be region, chain or candidate, not {what!r}")
    sub = graph.subgraph(sorted(keep)).copy()
    return sub, kept_rows, f"Focused on {label}: {sub.number_of_nodes()} of {len(graph)} nodes."


def _candidate_row(rows: list[dict[str, Any]], value: Any) -> dict[str, Any]:
    """Return the candidate named by its rank (``5``) or by kind and rank in the kind
    (``pilot:1``, ``pilot 1``), or raise the error naming the closest one."""
    text = str(value).strip()
    kind, _, number = text.rpartition(":") if ":" in text else text.rpartition(" ")
    try:
        rank = int(number)
    except ValueError:
        rank = -1
    if kind:
        kind = kind.strip()
        match = [r for r in rows if str(r.get("kind")) == kind and _int(r.get("kind_rank")) == rank]
        spellings = [
            f"{r.get('kind')}:{_int(r.get('kind_rank'))}" for r in rows if r.get("kind_rank")
        ]
        if not match:
            raise _unknown("candidate", "candidate", text, {s: s for s in spellings})
        return match[0]
    match = [r for r in rows if r["rank"] == rank]
    if not match:
        ranks = sorted(r["rank"] for r in rows)
        nearest = str(min(ranks, key=lambda r: (abs(r - rank), r))) if ranks else ""
        raise _unknown("candidate", "candidate rank", text, {nearest: nearest})
    return match[0]


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def collapse_for_scale(
    graph: nx.MultiDiGraph,
    max_nodes: int,
    regions: Mapping[str, list[str]] | None = None,
    protect: Iterable[str] = (),
) -> tuple[nx.MultiDiGraph, dict[str, list[str]], dict[str, dict[str, int]], list[str]]:
    """Return the graph with kinds folded into their parents until it has <= ``max_nodes``.

    Kinds are folded in :data:`COLLAPSE_ORDER` (actors into their clusters, or their region
    when they have none; priorities, programmes and clusters into their region). Edges of a
    folded node move to its parents, keeping the highest score; no edge is added between two
    nodes that are already linked. ``regions`` (node -> region node ids, as from
    :func:`derive_memberships`) saves recomputing them. The last kind (clusters) is folded
    only as far as needed, smallest first, keeping the nodes in ``protect`` (the top
    candidates' partners). O(steps x edges).

    Returns
    -------
    graph, moved, counts, notes
        The smaller graph (``graph`` itself when it fits); for each folded node the nodes now
        standing for it; per parent the number of folded nodes by kind word; the note for the
        page (one sentence, none when nothing was folded).
    """
    if graph.number_of_nodes() <= max_nodes:
        return graph, {}, {}, []
    kinds = {n: str(d.get("kind", "")) for n, d in graph.nodes(data=True)}
    if regions is None:
        regions = {n: derive_region(graph, n) for n in graph}
    # Plain dicts instead of networkx edits: folding an EU-scale graph edits 100k+ edges.
    edges = {(u, v, k): data for u, v, k, data in graph.edges(keys=True, data=True)}
    member_of: dict[str, list[str]] = {}
    for u, v, k in sorted(edges):
        if k == model.MEMBER_OF and kinds[u] == model.ACTOR:
            member_of.setdefault(u, []).append(v)
    state = FoldState(kinds=kinds, alive=set(kinds), edges=edges, total=graph.number_of_nodes())
    return fold_kinds(graph, state, COLLAPSE_ORDER, max_nodes, regions, member_of, protect)


def fold_projects(
    graph: nx.MultiDiGraph,
) -> tuple[nx.MultiDiGraph, dict[str, list[str]], list[str]]:
    """Return the graph without its projects, each actor's projects, and the page's note.

    A CORDIS import brings thousands of projects: the page starts with them folded (a click
    shows them), and a graph too large to draw leaves them out altogether
    (:func:`synergy.explorer.payload.explorer_payload`). Either way the tooltips name each
    actor's projects ("ACRONYM (year)", newest first). ``graph`` itself comes back when it
    holds no projects.
    """
    projects = sorted(n for n, k in graph.nodes(data="kind") if k == model.PROJECT)
    if not projects:
        return graph, {}, []
    taking_part: dict[str, list[tuple[str, str]]] = {}
    for p in projects:
        data = graph.nodes[p]
        start = str(data.get("start") or "")
        label = str(data.get("acronym") or data.get("name") or p) + (
            f" ({start[:4]})" if start else ""
        )
        for a, _, k in graph.in_edges(p, keys=True):
            if k == model.PARTICIPATES_IN:
                taking_part.setdefault(a, []).append((start, label))
    folded = set(projects)
    view = graph.subgraph([n for n in graph if n not in folded])
    of_actor = {a: [x for _, x in sorted(v, key=lambda t: (t[0], t[1]), reverse=True)]
                for a, v in taking_part.items()}  # fmt: skip
    note = (
        f"{len(projects)} projects are folded into the actors taking part in them: tooltips "
        "name them; graph.graphml and the Neo4j query track-record hold them whole."
    )
    return view, of_actor, [note]


@dataclass
class FoldState:
    """Where folding stands: live nodes, current edges, and what was folded into what."""

    kinds: dict[str, str]
    alive: set[str]
    edges: dict[tuple[str, str, str], dict[str, Any]]
    total: int
    moved: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)


def fold_kinds(
    graph: nx.MultiDiGraph,
    state: FoldState,
    order: Iterable[str],
    max_nodes: int,
    regions: Mapping[str, list[str]],
    member_of: Mapping[str, list[str]],
    protect: Iterable[str] = (),
) -> tuple[nx.MultiDiGraph, dict[str, list[str]], dict[str, dict[str, int]], list[str]]:
    """Return what :func:`collapse_for_scale` returns, folding ``order``'s kinds from ``state``.

    ``graph`` supplies the attributes of the nodes left; ``state`` may already have folded
    some kinds (see :func:`synergy.explorer.scale.fold_actors`).
    """
    kinds, alive, edges = state.kinds, state.alive, state.edges
    moved, counts, steps = state.moved, state.counts, state.steps
    protected = set(protect)
    notes: list[str] = []
    steps_parents: list[dict[str, list[str]]] = []
    for kind in order:
        if len(alive) <= max_nodes:
            break
        folded = sorted(n for n in alive if kinds[n] == kind)
        if not folded:
            continue
        before = len(alive)
        word = _KIND_WORD[kind]
        total = len(folded)
        excess = before - max_nodes
        if kind == COLLAPSE_ORDER[-1] and excess < total:
            # Clusters are what people come for: fold only as many as needed, the smallest
            # first, and never one of the top candidates' partners.
            def weight(n: str) -> tuple[int, int, str]:
                return (n in protected, sum(counts.get(n, {}).values()), n)

            folded = sorted(sorted(folded, key=weight)[:excess])
        parent_map: dict[str, list[str]] = {}
        for n in folded:
            clusters = [c for c in member_of.get(n, []) if c in alive and kinds[c] == model.CLUSTER]
            parent_map[n] = clusters or [r for r in regions.get(n, []) if r in alive]
            for p in parent_map[n]:
                slot = counts.setdefault(p, {})
                slot[word] = slot.get(word, 0) + 1
                for kw, c in counts.get(n, {}).items():
                    slot[kw] = slot.get(kw, 0) + c
            counts.pop(n, None)
            moved[n] = parent_map[n]
        steps_parents.append(parent_map)
        kept = {e: d for e, d in edges.items() if e[0] not in parent_map and e[1] not in parent_map}
        linked = {(u, v) for u, v, _ in kept} | {(v, u) for u, v, _ in kept}
        added: dict[tuple[str, str, str], dict[str, Any]] = {}
        # Sums and maxima do not depend on the order; the final graph is built sorted.
        for (u, v, k), data in edges.items():
            if (u, v, k) in kept:
                continue
            for pu in parent_map.get(u, [u]):
                for pv in parent_map.get(v, [v]):
                    if pu == pv or (pu, pv) in linked:
                        continue
                    slot = added.setdefault((pu, pv, k), {"type": k, "count": 0})
                    slot["count"] += int(data.get("count", 1))
                    if data.get("score") is not None:
                        slot["score"] = max(float(data["score"]), slot.get("score", 0.0))
        edges = {**kept, **added}
        alive -= set(folded)
        steps.append(fold_step(kind, len(folded), total))
    _resolve_moved(moved, steps_parents)
    if steps:
        notes.append(
            f"This page shows {len(alive)} of {state.total} nodes (limit "
            f"{max_nodes}): folded {'; '.join(steps)}. Tooltips count what each node holds."
        )
    view = nx.MultiDiGraph()
    view.add_nodes_from((n, dict(graph.nodes[n])) for n in sorted(alive))
    for (u, v, k), data in sorted(edges.items(), key=lambda item: item[0]):
        view.add_edge(u, v, key=k, **data)
    return view, moved, counts, notes


def _resolve_moved(moved: dict[str, list[str]], steps: list[dict[str, list[str]]]) -> None:
    """Point every folded node at the nodes standing for it once all steps are done.

    A node folded at step i moved into parents that later steps may fold again; following
    each later step's parents in turn gives the same lists as updating after every step,
    but works per distinct parent list (200k folded actors share a few thousand lists).
    """
    done: dict[tuple[str, ...], list[str]] = {}
    for n, targets in moved.items():
        key = tuple(targets)
        found = done.get(key)
        if found is None:
            current = set(targets)
            for parent_map in steps:
                current = {t2 for t in current for t2 in parent_map.get(t, [t])}
            found = done[key] = sorted(current)
        moved[n] = found


def fold_step(kind: str, folded: int, total: int) -> str:
    """Return the note's words for one folding step ("3 of 9 clusters (the smallest) ...")."""
    word = _KIND_WORD[kind]
    share = f"{folded} of {total}" if folded < total else f"{total}"
    smallest = " (the smallest)" if folded < total else ""
    into = "their clusters or region" if kind == model.ACTOR else "their region"
    return f"{share} {word}{smallest} into {into}"
