"""The report's figures: region x domain heatmap, value-chain coverage, top-candidate scores.

The ``*_matrix``/``*_coverage`` functions are pure (graph in, DataFrame out) and testable by
hand; the ``*_png`` functions draw them with matplotlib's Agg renderer into PNG bytes that are
identical across runs (fixed size, dpi and bundled font, no ``Software`` metadata).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import matplotlib
import networkx as nx
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from synergy.model import (
    ACTIVE_IN,
    ACTOR,
    CANDIDATE_KINDS,
    CLUSTER,
    DOMAIN,
    HAS_PRIORITY,
    IN_DOMAIN,
    LOCATED_IN,
    PART_OF,
    PRIORITY,
    REGION,
    STAGE,
    VALUE_CHAIN,
)

__all__ = [
    "region_domain_matrix",
    "chain_coverage",
    "heatmap_png",
    "chain_coverage_png",
    "score_bars_png",
    "make_plots",
    "figure_png",
    "MAX_HEATMAP_REGIONS",
    "MAX_CHAINS",
    "MAX_CHAIN_REGIONS",
]

DPI = 100
MAX_HEATMAP_REGIONS = 60
MAX_CHAINS = 8
MAX_CHAIN_REGIONS = 25
LABEL_CHARS = 32
# The bundled DejaVu font keeps the pixels independent of the fonts a machine happens to have.
_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "path.simplify": True,
    "image.cmap": "Blues",
}


def _edges(graph: nx.MultiDiGraph, node: str, etype: str, *, out: bool) -> list[str]:
    view = graph.out_edges(node, data="type") if out else graph.in_edges(node, data="type")
    return sorted({(v if out else u) for u, v, t in view if t == etype})


def _of_kind(graph: nx.MultiDiGraph, kind: str) -> list[str]:
    return sorted(n for n, k in graph.nodes(data="kind") if k == kind)


def region_domain_matrix(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Return counts of priorities + clusters per (region row, domain column).

    Rows are every Region node (sorted by id), columns the domains used at least once
    (sorted by id); index and columns hold node ids.
    """
    counts: dict[tuple[str, str], int] = {}

    def add(regions: Iterable[str], node: str) -> None:
        for domain in _edges(graph, node, IN_DOMAIN, out=True):
            if graph.nodes[domain].get("kind") != DOMAIN:
                continue
            for region in regions:
                counts[(region, domain)] = counts.get((region, domain), 0) + 1

    for p in _of_kind(graph, PRIORITY):
        add(_edges(graph, p, HAS_PRIORITY, out=False), p)
    for c in _of_kind(graph, CLUSTER):
        regions = [
            r
            for r in _edges(graph, c, LOCATED_IN, out=True)
            if graph.nodes[r].get("kind") == REGION
        ]
        add(regions, c)
    regions = _of_kind(graph, REGION)
    domains = sorted({d for _, d in counts})
    matrix = pd.DataFrame(
        0, index=pd.Index(regions, dtype=object), columns=pd.Index(domains, dtype=object)
    )
    for (r, d), n in counts.items():
        if r in matrix.index:
            matrix.loc[r, d] = n
    return matrix


def chain_coverage(graph: nx.MultiDiGraph) -> dict[str, pd.DataFrame]:
    """Return, per ValueChain node id, distinct actors per (stage row, region column).

    Stages are ordered upstream first (``stage_order``, then id); columns are the regions with
    at least one actor in the chain, sorted by id.
    """
    result: dict[str, pd.DataFrame] = {}
    for chain in _of_kind(graph, VALUE_CHAIN):
        stages = [
            s
            for s in _edges(graph, chain, PART_OF, out=False)
            if graph.nodes[s].get("kind") == STAGE
        ]
        stages.sort(key=lambda s: (_order(graph.nodes[s].get("stage_order")), s))
        actors: dict[tuple[str, str], set[str]] = {}
        for stage in stages:
            for actor in _edges(graph, stage, ACTIVE_IN, out=False):
                if graph.nodes[actor].get("kind") != ACTOR:
                    continue
                for region in _edges(graph, actor, LOCATED_IN, out=True):
                    actors.setdefault((stage, region), set()).add(actor)
        regions = sorted({r for _, r in actors})
        table = pd.DataFrame(
            0, index=pd.Index(stages, dtype=object), columns=pd.Index(regions, dtype=object)
        )
        for (s, r), members in actors.items():
            table.loc[s, r] = len(members)
        result[chain] = table
    return result


def _order(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("inf")


def _label(text: object, limit: int = LABEL_CHARS) -> str:
    """Return a short label that matplotlib draws literally (``$`` would start mathtext)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    data = graph.nodes[node]
    return str(data.get("name") or data.get("key") or node)


def figure_png(fig: Figure) -> bytes:
    """Return the figure as PNG bytes without run-dependent metadata."""
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _new_figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, min(max(height, 2.0), 40.0)), dpi=DPI, layout="constrained")


def _draw_counts(ax: Any, table: pd.DataFrame, xlabels: list[str], ylabels: list[str]) -> Any:
    image = ax.imshow(table.to_numpy(dtype=float), aspect="auto", cmap="Blues", vmin=0)
    if max((len(x) for x in xlabels), default=0) > 6:
        ax.set_xticks(
            range(len(xlabels)), labels=xlabels, rotation=50, ha="right", rotation_mode="anchor"
        )
    else:
        ax.set_xticks(range(len(xlabels)), labels=xlabels)
    ax.set_yticks(range(len(ylabels)), labels=ylabels)
    if table.size <= 400:
        peak = max(int(table.to_numpy().max()), 1)
        for (i, j), n in pd.DataFrame(table.to_numpy()).stack().items():
            if n:
                colour = "white" if n > peak * 0.6 else "black"
                ax.text(j, i, str(int(n)), ha="center", va="center", fontsize=7, color=colour)
    return image


def heatmap_png(graph: nx.MultiDiGraph, matrix: pd.DataFrame | None = None) -> bytes | None:
    """Return the region x domain heatmap PNG, or None when there is nothing to draw.

    Above :data:`MAX_HEATMAP_REGIONS` regions, the ones with the most entries are shown.
    """
    matrix = region_domain_matrix(graph) if matrix is None else matrix
    if matrix.empty or matrix.to_numpy().sum() == 0:
        return None
    title = "Priorities and clusters per domain and region"
    if len(matrix) > MAX_HEATMAP_REGIONS:
        title += f" ({MAX_HEATMAP_REGIONS} of {len(matrix)} regions, those with most entries)"
        totals = matrix.sum(axis=1)
        keep = sorted(totals.index, key=lambda r: (-int(totals[r]), r))[:MAX_HEATMAP_REGIONS]
        matrix = matrix.loc[sorted(keep)]
    ylabels = [
        _label(f"{graph.nodes[r].get('key', r)} \u00b7 {_name(graph, r)}") for r in matrix.index
    ]
    xlabels = [_label(_name(graph, d), 24) for d in matrix.columns]
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        fig = _new_figure(max(6.0, 4.5 + 0.35 * len(xlabels)), 1.8 + 0.28 * len(ylabels))
        ax = fig.add_subplot()
        image = _draw_counts(ax, matrix, xlabels, ylabels)
        ax.set_title(title)
        bar = fig.colorbar(image, ax=ax, shrink=0.6, label="priorities + clusters")
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
        return figure_png(fig)


def chain_coverage_png(graph: nx.MultiDiGraph) -> bytes | None:
    """Return one panel per value chain (stages x regions, actor counts), or None."""
    coverage = {c: t for c, t in chain_coverage(graph).items() if len(t.index)}
    chains = sorted(coverage)[:MAX_CHAINS]
    if not chains:
        return None
    heights = [max(len(coverage[c].index), 1) for c in chains]
    columns = max(min(len(coverage[c].columns), MAX_CHAIN_REGIONS) for c in chains)
    width = 3.0 + 0.45 * max(columns, 1)
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        fig = _new_figure(max(width, 6.0), 1.2 * len(chains) + 0.3 * sum(heights))
        axes = fig.subplots(len(chains), 1, squeeze=False, height_ratios=[h + 2 for h in heights])
        for ax, chain in zip(axes[:, 0], chains, strict=True):
            table = coverage[chain]
            title = f"Value chain: {_name(graph, chain)}"
            if len(table.columns) > MAX_CHAIN_REGIONS:
                totals = table.sum(axis=0)
                keep = sorted(totals.index, key=lambda r: (-int(totals[r]), r))[:MAX_CHAIN_REGIONS]
                title += f" (top {MAX_CHAIN_REGIONS} of {len(table.columns)} regions)"
                table = table[sorted(keep)]
            if table.columns.empty:
                table = pd.DataFrame(0, index=table.index, columns=["(no actors)"])
                xlabels = ["(no actors)"]
            else:
                xlabels = [_label(graph.nodes[r].get("key", r), 16) for r in table.columns]
            ylabels = [_label(_name(graph, s), 28) for s in table.index]
            _draw_counts(ax, table, xlabels, ylabels)
            ax.set_title(_label(title, 90), loc="left")
        return figure_png(fig)


def score_bars_png(pairings: pd.DataFrame, *, top_n: int = 10) -> bytes | None:
    """Return horizontal score bars of the top ``top_n`` candidates of each kind, or None."""
    if pairings is None or pairings.empty or not {"kind", "score"} <= set(pairings.columns):
        return None
    present = set(pairings["kind"].astype(str))
    kinds = [k for k in CANDIDATE_KINDS if k in present] + sorted(present - set(CANDIDATE_KINDS))
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        fig = _new_figure(
            8.0, sum(0.9 + 0.22 * min(top_n, (pairings["kind"] == k).sum()) for k in kinds)
        )
        sizes = [min(top_n, int((pairings["kind"] == k).sum())) + 2 for k in kinds]
        axes = fig.subplots(len(kinds), 1, squeeze=False, height_ratios=sizes)
        for ax, kind in zip(axes[:, 0], kinds, strict=True):
            subset = pairings[pairings["kind"].astype(str) == kind]
            if "rank" in subset.columns:
                subset = subset.sort_values("rank", kind="mergesort")
            subset = subset.head(top_n)
            labels = [
                _label(
                    f"#{r.get('rank', i + 1)} {str(r.get('regions', '')).replace(';', ', ')}", 40
                )
                for i, (_, r) in enumerate(subset.iterrows())
            ]
            scores = pd.to_numeric(subset["score"], errors="coerce").fillna(0.0).to_list()
            positions = list(range(len(scores)))
            ax.barh(positions, scores, color="#3b6ea5")
            ax.set_yticks(positions, labels=labels)
            ax.invert_yaxis()
            ax.set_xlim(0, 1)
            ax.set_title(_label(f"Top {kind} candidates (score 0-1)", 60), loc="left")
        return figure_png(fig)


def relatedness_png(
    metrics: dict | None, names: dict[str, str] | None = None, *, max_regions: int = 12
) -> bytes | None:
    """Return small multiples, one per region: domains by relatedness density (x) and
    complexity (PCI, y); filled dots are the region's specialisations (RCA >= 1).

    Domains up and to the right are the related, complex ones a region can diversify into
    (Balland et al. 2019). With many regions, the ``max_regions`` most diversified are drawn.
    """
    if not metrics or metrics.get("density") is None or metrics.get("pci") is None:
        return None
    density: pd.DataFrame = metrics["density"]
    presence: pd.DataFrame = metrics["presence"]
    pci: pd.Series = metrics["pci"].reindex(density.columns)
    if density.empty or pci.isna().all():
        return None
    names = names or {}
    order = presence.sum(axis=1)
    regions = sorted(order.index, key=lambda r: (-int(order[r]), str(r)))[:max_regions]
    cols = min(4, len(regions))
    rows = -(-len(regions) // cols)
    fig = _new_figure(3.0 * cols, 2.6 * rows)
    axes = fig.subplots(rows, cols, squeeze=False)
    y = pci.to_numpy(dtype=float)
    for k, ax in enumerate(axes.flat):
        if k >= len(regions):
            ax.set_axis_off()
            continue
        r = regions[k]
        x = density.loc[r].to_numpy(dtype=float)
        held = presence.loc[r].to_numpy() > 0
        ax.scatter(x[~held], y[~held], s=10, facecolors="none", edgecolors="#7a869a")
        ax.scatter(x[held], y[held], s=14, color="#c0392b")
        ax.set_title(_label(names.get(r, r), 28), fontsize=8, loc="left")
        ax.tick_params(labelsize=6)
        ax.set_xlim(0, 1)
        if k % cols == 0:
            ax.set_ylabel("complexity (PCI)", fontsize=7)
        if k >= (rows - 1) * cols:
            ax.set_xlabel("relatedness density", fontsize=7)
    return figure_png(fig)


def make_plots(
    graph: nx.MultiDiGraph,
    pairings: pd.DataFrame,
    *,
    top_n: int = 10,
    metrics: dict | None = None,
) -> dict[str, bytes]:
    """Return the report's PNGs by name (``heatmap``, ``value-chains``, ``relatedness``,
    ``scores``), each only if there is data to draw it."""
    names = {
        d.get("key"): d.get("name") for _, d in graph.nodes(data=True) if d.get("kind") == "Region"
    }
    images = {
        "heatmap": heatmap_png(graph),
        "value-chains": chain_coverage_png(graph),
        "relatedness": relatedness_png(metrics, names),
        "scores": score_bars_png(pairings, top_n=top_n),
    }
    return {name: png for name, png in images.items() if png is not None}
