"""The explorer's data: nodes, edges, candidates and legend of ``graph.html``, as plain JSON-ready
data.

Regions have their own colours; other nodes take their kind's colour tinted towards their
region's. Large graphs are folded (:mod:`synergy.explorer.scale`) and focused views cut
(:mod:`synergy.explorer.prep`) before the payload is built. Everything is sorted, so the same
graph gives the same payload.
"""

from __future__ import annotations

import colorsys
import math
from typing import Any

import networkx as nx

from synergy.core import model
from synergy.core.settings import ViewSettings
from synergy.explorer.prep import (
    candidate_rows,
    collapse_for_scale,
    derive_memberships,
    derive_region,
    focus_subgraph,
    fold_projects,
    split_ids,
    top_per_kind,
)
from synergy.explorer.scale import ScaledView, scaled_view
from synergy.graph.names import candidate_title
from synergy.graph.nodes import neighbours

__all__ = [
    "DEFAULT_MAX_NODES",
    "DEFAULT_OPEN_NODES",
    "FOLDABLE",
    "KIND_COLORS",
    "KIND_SHAPES",
    "LAYOUT_SEED",
    "explorer_payload",
    "region_palette",
]

DEFAULT_MAX_NODES = ViewSettings.explorer_max_nodes
DEFAULT_TOP = ViewSettings.explorer_top
DEFAULT_OPEN_NODES = ViewSettings.explorer_open_nodes
# Kinds the page can fold into the node standing for them (actors into their clusters, or
# region; priorities and programmes into their region; stages into their value chain), and
# kinds with no such node that are simply left out while folded (projects).
FOLDABLE = (model.ACTOR, model.PRIORITY, model.PROGRAMME, model.STAGE, model.PROJECT)
LAYOUT_SEED = 7

KIND_COLORS = {
    model.REGION: "#4e79a7",
    model.PRIORITY: "#f28e2b",
    model.DOMAIN: "#59a14f",
    model.CLUSTER: "#76b7b2",
    model.ACTOR: "#bab0ac",
    model.VALUE_CHAIN: "#b07aa1",
    model.STAGE: "#d4a6c8",
    model.PROGRAMME: "#edc948",
    model.PROJECT: "#9c755f",
}
KIND_SHAPES = {
    model.REGION: "hexagon",
    model.PRIORITY: "triangle",
    model.DOMAIN: "diamond",
    model.CLUSTER: "dot",
    model.ACTOR: "dot",
    model.VALUE_CHAIN: "star",
    model.STAGE: "square",
    model.PROGRAMME: "triangleDown",
    model.PROJECT: "box",
}
_BY_REGION = (model.REGION, model.CLUSTER, model.ACTOR)
_REGION_BASE = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#ff7f0e", "#393b79", "#637939", "#7b4173",
)  # fmt: skip
_ATTRS = {
    model.REGION: ("country", "development", "aliases"),
    model.PRIORITY: ("title", "description"),
    model.CLUSTER: ("members", "website", "description"),
    model.ACTOR: ("type", "size", "nace"),
    model.PROGRAMME: ("budget_eur", "trl_min", "trl_max", "beneficiaries"),
    model.PROJECT: ("title", "start", "programme", "regions", "partners_outside"),
    model.STAGE: ("stage_order",),
}
_ACTOR_SIZE = {"micro": 5, "small": 6, "medium": 8, "large": 10}
_LINKS_PER_CANDIDATE = 3


def region_palette(region_ids: list[str]) -> dict[str, str]:
    """Return a colour per region id: a fixed qualitative palette, golden-angle hues beyond.

    >>> region_palette(["region:B", "region:A"])
    {'region:A': '#1f77b4', 'region:B': '#d62728'}
    """
    ordered = sorted(region_ids)
    if len(ordered) <= len(_REGION_BASE):
        return {r: _REGION_BASE[i] for i, r in enumerate(ordered)}
    colours = {}
    for i, r in enumerate(ordered):
        hue = (i * 0.618033988749895) % 1.0
        red, green, blue = colorsys.hls_to_rgb(hue, 0.45 + 0.1 * (i % 3), 0.65)
        colours[r] = f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
    return colours


def _tint(colour: str, amount: float) -> str:
    """Return ``colour`` mixed with white by ``amount`` (0 = unchanged, 1 = white)."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def _text(value: Any, limit: int = 240) -> str:
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(number) else number


def _names(graph: nx.MultiDiGraph, ids: list[str], limit: int = 8) -> str:
    names = [str(graph.nodes[i].get("name") or i) for i in ids if i in graph]
    more = f" (+{len(names) - limit} more)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _node_size(graph: nx.MultiDiGraph, n: str, folded: dict[str, int]) -> float:
    attrs = graph.nodes[n]
    kind = attrs.get("kind")
    if kind == model.REGION:
        return round(min(50.0, 26 + math.sqrt(sum(folded.values()))), 2)
    if kind == model.CLUSTER:
        members = _number(attrs.get("members"))
        actors = sum(1 for _, _, k in graph.in_edges(n, keys=True) if k == model.MEMBER_OF)
        weight = members or (actors + folded.get("actors", 0))
        return round(min(40.0, 10 + 2 * math.sqrt(weight)), 2)
    if kind == model.ACTOR:
        return float(_ACTOR_SIZE.get(str(attrs.get("size", "")), 6))
    if kind == model.DOMAIN:
        return round(min(30.0, 10 + 1.5 * math.sqrt(graph.degree(n))), 2)
    return {model.VALUE_CHAIN: 18.0, model.STAGE: 10.0}.get(str(kind), 9.0)


def _node_colour(kind: str, regions: list[str], palette: dict[str, str]) -> str:
    if kind in _BY_REGION and regions:
        base = palette[regions[0]]
        return _tint(base, {model.REGION: 0.0, model.CLUSTER: 0.25, model.ACTOR: 0.55}[kind])
    return KIND_COLORS.get(kind, "#999999")


def _tooltip(graph, n, member, folded, cands) -> str:
    attrs = graph.nodes[n]
    kind = str(attrs.get("kind", ""))
    lines = [f"{kind}: {_text(attrs.get('name') or n, 120)}", f"id: {_text(n, 120)}"]
    if member["regions"] and kind != model.REGION:
        lines.append(f"region: {_names(graph, member['regions'])}")
    for attr in _ATTRS.get(kind, ()):
        value = attrs.get(attr)
        if value not in (None, "", [], ()) and not (isinstance(value, float) and math.isnan(value)):
            lines.append(f"{attr}: {_text(value)}")
    if member["domains"] and kind != model.DOMAIN:
        lines.append(f"domains: {_names(graph, member['domains'])}")
    if member["chains"] and kind != model.VALUE_CHAIN:
        lines.append(f"value chains: {_names(graph, member['chains'])}")
    if folded:
        lines.append("folded here: " + ", ".join(f"{c} {w}" for w, c in sorted(folded.items())))
    if cands:
        lines.append("top candidates:")
        lines += [f"{c['label']} ({c['score']:.2f}): {_text(c['evidence'])}" for c in cands]
    return "\n".join(lines)


def _candidate_links(cands: list[dict[str, Any]], graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Return dashed edges joining the partners of each listed candidate, width by score."""
    links: dict[tuple[str, str], dict[str, Any]] = {}
    for c in cands:
        nodes = c["involves"]
        # Only partners from different regions: the synergy is transregional. Clusters when
        # two of different regions are drawn, else regions, else actors. A few links per
        # candidate are enough to see who meets whom without hiding the graph.
        pairs: list[tuple[str, str]] = []
        for kind in (model.CLUSTER, model.REGION, model.ACTOR):
            same = [n for n in nodes if graph.nodes[n].get("kind") == kind]
            home = {n: tuple(derive_region(graph, n)) for n in same}
            pairs = [
                (a, b) for i, a in enumerate(same) for b in same[i + 1 :] if home[a] != home[b]
            ]
            if pairs:
                break
        for a, b in pairs[:_LINKS_PER_CANDIDATE]:
            slot = links.setdefault((a, b), {"ranks": [], "score": 0.0, "lines": []})
            slot["ranks"].append(c["rank"])
            slot["score"] = max(slot["score"], c["score"])
            slot["lines"].append(f"{c['label']} ({c['score']:.2f}): {c['evidence']}")
    return [
        {
            "id": f"cand:{a}|{b}",
            "from": a,
            "to": b,
            "type": "CANDIDATE",
            "candidate": True,
            "ranks": slot["ranks"],
            "width": round(1 + 3 * slot["score"], 2),
            "title": "candidate link\n" + "\n".join(_text(s) for s in slot["lines"]),
        }
        for (a, b), slot in sorted(links.items())
    ]


def explorer_payload(
    graph: nx.MultiDiGraph,
    pairings: Any = None,
    *,
    title: str = "synergy graph",
    top: int = DEFAULT_TOP,
    max_nodes: int = DEFAULT_MAX_NODES,
    focus: tuple[str, Any] | None = None,
    open_nodes: int = DEFAULT_OPEN_NODES,
) -> dict[str, Any]:
    """Return the JSON-ready data the explorer page draws (nodes, edges, candidates, legend).

    See :func:`synergy.explorer.page.render_graph_html` for the parameters. Region colours
    come from the whole graph, before any focus or folding, so a region has one colour in
    every view of the same dataset (``scan``'s page and each ``viz`` page).
    """
    rows = candidate_rows(pairings)
    notes: list[str] = []
    full_size = graph.number_of_nodes()
    palette = region_palette(sorted(n for n, k in graph.nodes(data="kind") if k == model.REGION))
    titles = {(r["rank"], str(r.get("kind", ""))): candidate_title(r, graph) for r in rows}
    if focus is not None:
        graph, rows, note = focus_subgraph(graph, rows, focus, top=top)
        notes.append(note)
    rows = top_per_kind(rows, top)
    partners = {n for row in rows for n in split_ids(row.get("involves"))}
    # Projects start folded on the page (a click shows them); a graph too large to draw
    # them at all leaves them out here, and actors' tooltips name them either way.
    without, projects_of, project_notes = fold_projects(graph)
    if graph.number_of_nodes() > max_nodes:
        graph = without
        notes += project_notes
    members, view, moved, folded, fold_notes = _folded_view(graph, max_nodes, partners)
    notes += fold_notes
    cands = _candidates(rows, view, moved, titles)
    by_node: dict[str, list[dict[str, Any]]] = {}
    for c in cands:
        for n in c["involves"]:
            by_node.setdefault(n, []).append(c)
    nodes = _nodes(view, members, folded, palette, by_node)
    _name_projects(nodes, projects_of, view, moved)
    edges = _edges(view) + _candidate_links(cands, view)
    kinds = sorted({str(view.nodes[n].get("kind", "")) for n in view})
    count = len(nodes)
    fold = _fold(nodes, count > open_nodes)
    drawn = count - sum(fold["counts"][k] for k in fold["start"])
    return {
        "title": _text(title, 200),
        "notes": notes,
        "nodes": nodes,
        "edges": edges,
        "candidates": cands,
        "fold": fold,
        "legend": {
            "kinds": [
                {
                    "kind": k,
                    "color": KIND_COLORS.get(k, "#999999"),
                    "shape": KIND_SHAPES.get(k, "dot"),
                    "byRegion": k in _BY_REGION,
                }
                for k in kinds
            ],
            "regions": [dict(o, color=palette[o["id"]]) for o in _options(view, model.REGION)],
        },
        "filters": {
            "domains": _options(view, model.DOMAIN),
            "chains": _options(view, model.VALUE_CHAIN),
        },
        "shapes": {k: KIND_SHAPES.get(k, "dot") for k in kinds},
        "layout": {
            "seed": LAYOUT_SEED,
            "iterations": 300 if drawn <= 100 else (200 if drawn <= 400 else 120),
            "improvedLayout": drawn <= 150,
        },
        "stats": {"shown": count, "total": full_size},
    }


def _fold(nodes: list[dict[str, Any]], folded: bool) -> dict[str, Any]:
    """Return which kinds the page can fold, how many nodes each has, and which start folded."""
    counts: dict[str, int] = {}
    for n in nodes:
        if n["kind"] in FOLDABLE:
            counts[n["kind"]] = counts.get(n["kind"], 0) + 1
    kinds = [k for k in FOLDABLE if k in counts]
    start = kinds if folded else [k for k in kinds if k == model.PROJECT]  # projects: always
    return {"kinds": kinds, "counts": counts, "start": start}


def _fold_parents(view: nx.MultiDiGraph, n: str, kind: str, regions: list[str]) -> list[str]:
    """Return the drawn nodes standing for ``n`` while its kind is folded (none: left out)."""
    if kind == model.ACTOR:
        clusters = [c for c in neighbours(view, n, model.MEMBER_OF) if c in view]
        return clusters or regions
    if kind == model.STAGE:
        return [c for c in neighbours(view, n, model.PART_OF) if c in view]
    if kind in (model.PRIORITY, model.PROGRAMME):
        return regions
    return []


def _name_projects(
    nodes: list[dict[str, Any]], projects_of: dict[str, list[str]], view, moved
) -> None:
    """Add "projects: ..." to the tooltip of every drawn node standing for actors with projects."""
    if not projects_of:
        return
    shown: dict[str, list[str]] = {}
    for actor, labels in sorted(projects_of.items()):
        for target in [actor] if actor in view else moved.get(actor, []):
            slot = shown.setdefault(target, [])
            slot += [x for x in labels if x not in slot]
    for node in nodes:
        labels = shown.get(node["id"])
        if labels:
            node["title"] += f"\nprojects ({len(labels)}): {_text(', '.join(labels[:8]), 400)}" + (
                f" (+{len(labels) - 8} more)" if len(labels) > 8 else ""
            )


def _folded_view(graph: nx.MultiDiGraph, max_nodes: int, partners: set[str]) -> ScaledView:
    """Return the graph folded to fit ``max_nodes``, with the memberships of what is left."""
    if graph.number_of_nodes() > max_nodes and any(
        k == model.ACTOR for _, k in graph.nodes(data="kind")
    ):
        # Every actor folds away: skip the per-node work on them (EU scale: 200k actors).
        return scaled_view(graph, max_nodes, partners)
    members = derive_memberships(graph)
    regions = {n: m["regions"] for n, m in members.items()}
    return ScaledView(members, *collapse_for_scale(graph, max_nodes, regions, partners))


def _candidates(
    rows: list[dict[str, Any]], view: nx.MultiDiGraph, moved, titles: dict[tuple[int, str], str]
) -> list[dict[str, Any]]:
    """Return the listed candidates, each involving the nodes drawn in its place."""

    def shown(node: str) -> list[str]:
        return moved.get(node, [node]) if node not in view else [node]

    cands = []
    for row in rows:
        involves = sorted(
            {m for n in split_ids(row.get("involves")) for m in shown(n) if m in view}
        )
        kind = _text(row.get("kind", ""), 40)
        try:
            kind_rank = int(row.get("kind_rank") or 0)
        except (TypeError, ValueError):
            kind_rank = 0
        cands.append(
            {
                "rank": row["rank"],
                "kind": kind,
                "kindRank": kind_rank,
                "label": f"{kind} #{kind_rank}" if kind_rank else f"#{row['rank']} {kind}",
                "title": _text(titles.get((row["rank"], str(row.get("kind", ""))), ""), 200),
                "score": round(row["score"], 4),
                "evidence": _text(row.get("evidence", ""), 600),
                "regions": split_ids(row.get("regions")),
                "clusters": split_ids(row.get("clusters")),
                "domains": split_ids(row.get("domains")),
                "chain_id": _text(row.get("chain_id", ""), 80),
                "components": _text(row.get("components", ""), 400),
                "involves": involves,
            }
        )
    return cands


def _nodes(view, members, folded, palette, by_node) -> list[dict[str, Any]]:
    """Return the drawn nodes: label, colour, size, memberships, candidates and tooltip."""
    nodes = []
    for n in sorted(view):
        attrs = view.nodes[n]
        kind = str(attrs.get("kind", ""))
        member = members[n]
        # Filters work on what is drawn: regions/chains folded away are not offered.
        member = {k: [m for m in v if m in view] for k, v in member.items()}
        colour = _node_colour(kind, member["regions"], palette)
        name = str(attrs.get("name") or attrs.get("key") or n)
        parents = _fold_parents(view, n, kind, member["regions"]) if kind in FOLDABLE else []
        nodes.append(
            {
                "id": n,
                "label": _text(name, 28),
                "name": _text(name, 200),
                "kind": kind,
                "key": _text(attrs.get("key", ""), 120),
                "size": _node_size(view, n, folded.get(n, {})),
                "bg": colour,
                "regions": member["regions"],
                "domains": member["domains"],
                "chains": member["chains"],
                "cands": [c["rank"] for c in by_node.get(n, [])],
                "parents": parents,
                "title": _tooltip(view, n, member, folded.get(n, {}), by_node.get(n, [])),
            }
        )
    return nodes


def _edges(view: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Return the drawn edges, width by match score or by the number of links folded."""
    edges = []
    for i, (u, v, k, data) in enumerate(
        sorted(view.edges(keys=True, data=True), key=lambda e: e[:3])
    ):
        score = data.get("score")
        count = int(data.get("count", 1))
        parts = [str(k)]
        if data.get("term"):
            parts.append(f"term: {_text(data['term'], 80)}")
        if score is not None:
            parts.append(f"score: {_number(score):.2f}")
        if count > 1:
            parts.append(f"{count} links folded")
        width = 1 + 4 * _number(score) if score is not None else 1 + math.log(count)
        edges.append(
            {
                "id": f"e{i}",
                "from": u,
                "to": v,
                "type": str(data.get("type") or k),
                "width": round(width, 2),
                "title": "\n".join(parts),
            }
        )
    return edges


def _options(view: nx.MultiDiGraph, kind: str) -> list[dict[str, str]]:
    """Return the ``kind`` nodes drawn, by name, for the legend and the filters."""
    found = sorted(
        (n for n in view if view.nodes[n].get("kind") == kind),
        key=lambda n: (str(view.nodes[n].get("name") or n).casefold(), n),
    )
    return [{"id": n, "name": _text(view.nodes[n].get("name") or n, 80)} for n in found]
