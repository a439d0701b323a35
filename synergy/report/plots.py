"""The report's figures: region x domain heatmap, value-chain coverage, top-candidate scores.

The ``*_matrix``/``*_coverage`` functions are pure (graph in, DataFrame out) and testable by
hand; the ``*_png`` functions draw them with matplotlib's Agg renderer into PNG bytes that are
identical across runs (fixed size, dpi and bundled font, no ``Software`` metadata).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from typing import Any

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from synergy.core.model import (
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
from synergy.graph.nodes import neighbours

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
    "MAX_NUMBERED_CELLS",
    "plot_notes",
]

DPI = 100
# Above this many cells a figure shows colours only: drawing a number in every cell is
# most of a figure's cost and unreadable at that density anyway.
MAX_NUMBERED_CELLS = 400
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


def region_domain_matrix(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Return counts of priorities + clusters per (region row, domain column).

    Rows are every Region node (sorted by id), columns the domains used at least once
    (sorted by id); index and columns hold node ids. O(priorities + clusters + their edges).
    """
    kind = dict(graph.nodes(data="kind"))
    counts: dict[tuple[str, str], int] = {}

    def add(regions: Iterable[str], node: str) -> None:
        for domain in neighbours(graph, node, IN_DOMAIN, out=True):
            if kind.get(domain) != DOMAIN:
                continue
            for region in regions:
                counts[(region, domain)] = counts.get((region, domain), 0) + 1

    for p in sorted(n for n, k in kind.items() if k == PRIORITY):
        add(neighbours(graph, p, HAS_PRIORITY, out=False), p)
    for c in sorted(n for n, k in kind.items() if k == CLUSTER):
        regions = [r for r in neighbours(graph, c, LOCATED_IN, out=True) if kind.get(r) == REGION]
        add(regions, c)
    regions = sorted(n for n, k in kind.items() if k == REGION)
    domains = sorted({d for _, d in counts})
    return _count_table(counts, regions, domains)


def _count_table(
    counts: dict[tuple[str, str], int], rows: list[str], columns: list[str]
) -> pd.DataFrame:
    """Return an int table of ``counts`` (keys outside ``rows`` are ignored), zeros elsewhere."""
    where = {r: i for i, r in enumerate(rows)}
    col = {c: j for j, c in enumerate(columns)}
    values = np.zeros((len(rows), len(columns)), dtype=np.int64)
    for (r, c), n in counts.items():
        if r in where and c in col:
            values[where[r], col[c]] = n
    return pd.DataFrame(
        values, index=pd.Index(rows, dtype=object), columns=pd.Index(columns, dtype=object)
    )


def chain_coverage(graph: nx.MultiDiGraph) -> dict[str, pd.DataFrame]:
    """Return, per ValueChain node id, distinct actors per (stage row, region column).

    Stages are ordered upstream first (``stage_order``, then id); columns are the regions with
    at least one actor in the chain, sorted by id. O(stage-actor edges).
    """
    kind = dict(graph.nodes(data="kind"))
    located: dict[str, list[str]] = {}  # actor -> its regions, looked up once per actor
    result: dict[str, pd.DataFrame] = {}
    for chain in sorted(n for n, k in kind.items() if k == VALUE_CHAIN):
        stages = [s for s in neighbours(graph, chain, PART_OF, out=False) if kind.get(s) == STAGE]
        stages.sort(key=lambda s: (_order(graph.nodes[s].get("stage_order")), s))
        actors: dict[tuple[str, str], int] = {}
        for stage in stages:
            for actor in {u for u, t in graph.pred[stage].items() if ACTIVE_IN in t}:
                if kind.get(actor) != ACTOR:
                    continue
                where = located.get(actor)
                if where is None:
                    where = located[actor] = [
                        v for v, t in graph.succ[actor].items() if LOCATED_IN in t
                    ]
                for region in where:
                    actors[(stage, region)] = actors.get((stage, region), 0) + 1
        regions = sorted({r for _, r in actors})
        result[chain] = _count_table(actors, stages, regions)
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


def _draw_counts(
    ax: Any, table: pd.DataFrame, xlabels: list[str], ylabels: list[str], *, numbers: bool = True
) -> Any:
    image = ax.imshow(table.to_numpy(dtype=float), aspect="auto", cmap="Blues", vmin=0)
    if max((len(x) for x in xlabels), default=0) > 6:
        ax.set_xticks(
            range(len(xlabels)), labels=xlabels, rotation=50, ha="right", rotation_mode="anchor"
        )
    else:
        ax.set_xticks(range(len(xlabels)), labels=xlabels)
    ax.set_yticks(range(len(ylabels)), labels=ylabels)
    if numbers and table.size <= MAX_NUMBERED_CELLS:
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
    shown = [min(len(coverage[c].columns), MAX_CHAIN_REGIONS) for c in chains]
    numbers = sum(h * max(w, 1) for h, w in zip(heights, shown, strict=True)) <= MAX_NUMBERED_CELLS
    columns = max(shown)
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
            _draw_counts(ax, table, xlabels, ylabels, numbers=numbers)
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


def plot_notes(
    graph: nx.MultiDiGraph, metrics: dict | None = None, *, max_regions: int = 12
) -> dict[str, str]:
    """Return, per plot name, a sentence saying what a capped plot leaves out (none if nothing).

    Cheap: it counts nodes and never draws. The report shows these under the figures.
    """
    kind = Counter(k for _, k in graph.nodes(data="kind"))
    notes = {}
    if kind[REGION] > MAX_HEATMAP_REGIONS:
        notes["heatmap"] = (
            f"Only the {MAX_HEATMAP_REGIONS} of {kind[REGION]} regions with the most priorities "
            "and clusters are drawn."
        )
    chain_parts = []
    if kind[VALUE_CHAIN] > MAX_CHAINS:
        chain_parts.append(f"Only the first {MAX_CHAINS} of {kind[VALUE_CHAIN]} value chains")
    if kind[REGION] > MAX_CHAIN_REGIONS:
        chain_parts.append(
            f"at most {MAX_CHAIN_REGIONS} regions per chain (those with the most actors; the "
            "panel title says when regions were left out)"
        )
    if chain_parts:
        text = " and ".join(chain_parts)
        notes["value-chains"] = text[0].upper() + text[1:] + " are drawn."
    presence = (metrics or {}).get("presence")
    if presence is not None and len(presence) > max_regions:
        notes["relatedness"] = (
            f"Only the {max_regions} most diversified of {len(presence)} regions are drawn."
        )
    return notes


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
