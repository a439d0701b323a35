"""The report's figures: domain x region heatmap, value-chain coverage, relatedness and
complexity, top-candidate scores. Each has a legend (a colour bar or a key) and complete
domain and stage names.

The ``*_matrix``/``*_coverage`` functions are pure (graph in, DataFrame out) and testable by
hand; the ``*_png`` functions draw them with matplotlib's Agg renderer into PNG bytes that are
identical across runs (fixed size, dpi and bundled font, no ``Software`` metadata).
"""

from __future__ import annotations

import io
import textwrap
from collections import Counter
from collections.abc import Iterable
from typing import Any

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
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
from synergy.graph.names import candidate_title, split_cell
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
    "relatedness_png",
    "relatedness_targets",
    "LABELLED_TARGETS",
]

DPI = 100
# Above this many cells a figure shows colours only: drawing a number in every cell is
# most of a figure's cost and unreadable at that density anyway.
MAX_NUMBERED_CELLS = 400
MAX_HEATMAP_REGIONS = 60
MAX_CHAINS = 8
MAX_CHAIN_REGIONS = 25
LABEL_CHARS = 32
LABELLED_TARGETS = 3  # diversification targets named per region on the relatedness plot
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
    ax: Any,
    table: pd.DataFrame,
    xlabels: list[str],
    ylabels: list[str],
    *,
    numbers: bool = True,
    vmax: float | None = None,
) -> Any:
    image = ax.imshow(table.to_numpy(dtype=float), aspect="auto", cmap="Blues", vmin=0, vmax=vmax)
    if max((len(x) for x in xlabels), default=0) > 6:
        ax.set_xticks(
            range(len(xlabels)), labels=xlabels, rotation=50, ha="right", rotation_mode="anchor"
        )
    else:
        ax.set_xticks(range(len(xlabels)), labels=xlabels)
    ax.set_yticks(range(len(ylabels)), labels=ylabels)
    if numbers and table.size <= MAX_NUMBERED_CELLS:
        peak = vmax or max(int(table.to_numpy().max()), 1)
        for (i, j), n in pd.DataFrame(table.to_numpy()).stack().items():
            if n:
                colour = "white" if n > peak * 0.6 else "black"
                ax.text(j, i, str(int(n)), ha="center", va="center", fontsize=7, color=colour)
    return image


def heatmap_png(graph: nx.MultiDiGraph, matrix: pd.DataFrame | None = None) -> bytes | None:
    """Return the domain x region heatmap PNG, or None when there is nothing to draw.

    Domains are the rows, with their complete names; regions the columns. Above
    :data:`MAX_HEATMAP_REGIONS` regions, the ones with the most entries are shown. The colour
    bar is the legend.
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
    table = matrix.T
    ylabels = [_label(_name(graph, d), 60) for d in table.index]
    xlabels = [_label(_name(graph, r), 28) for r in table.columns]
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        fig = _new_figure(
            max(7.5, 4.2 + 0.42 * len(xlabels)), 1.9 + 0.24 * len(ylabels) + _label_room(xlabels)
        )
        ax = fig.add_subplot()
        image = _draw_counts(ax, table, xlabels, ylabels)
        ax.set_title(title, loc="left")
        bar = fig.colorbar(image, ax=ax, shrink=0.5, aspect=30, pad=0.02)
        bar.set_label("priorities + clusters of the region in the domain")
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
        return figure_png(fig)


def _label_room(labels: list[str]) -> float:
    """Return the inches that rotated x labels of these lengths take below the axes."""
    return 0.065 * max((len(x) for x in labels), default=0)


def chain_coverage_png(graph: nx.MultiDiGraph) -> bytes | None:
    """Return one panel per value chain (stages x regions, actor counts), or None.

    Stage names are complete (wrapped); one colour bar, shared by the panels, is the legend.
    """
    coverage = {c: t for c, t in chain_coverage(graph).items() if len(t.index)}
    chains = sorted(coverage)[:MAX_CHAINS]
    if not chains:
        return None
    heights = [max(len(coverage[c].index), 1) for c in chains]
    shown = [min(len(coverage[c].columns), MAX_CHAIN_REGIONS) for c in chains]
    numbers = sum(h * max(w, 1) for h, w in zip(heights, shown, strict=True)) <= MAX_NUMBERED_CELLS
    columns = max(shown)
    peak = max(int(coverage[c].to_numpy().max(initial=0)) for c in chains) or 1
    width = 4.5 + 0.5 * max(columns, 1)
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        fig = _new_figure(max(width, 7.5), 1.3 * len(chains) + 0.36 * sum(heights))
        axes = fig.subplots(len(chains), 1, squeeze=False, height_ratios=[h + 2 for h in heights])
        image = None
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
            ylabels = [_wrapped(_name(graph, s), 30) for s in table.index]
            image = _draw_counts(ax, table, xlabels, ylabels, numbers=numbers, vmax=peak)
            ax.set_title(_label(title, 90), loc="left")
        bar = fig.colorbar(image, ax=axes[:, 0].tolist(), shrink=0.4, aspect=25, pad=0.02)
        bar.set_label("actors at the stage (1 = single point of failure)")
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
        return figure_png(fig)


def _wrapped(text: object, width: int) -> str:
    """Return a complete label on as many lines of ``width`` characters as it needs."""
    return "\n".join(
        _label(line, 200) for line in textwrap.wrap(" ".join(str(text).split()), width)
    )


def score_bars_png(
    pairings: pd.DataFrame, *, top_n: int = 10, graph: nx.MultiDiGraph | None = None
) -> bytes | None:
    """Return horizontal score bars of the top ``top_n`` candidates of each kind, or None.

    One panel per kind (scores compare only within a kind), each bar labelled with the rank
    within the kind and, given the ``graph``, the candidate's title.
    """
    if pairings is None or pairings.empty or not {"kind", "score"} <= set(pairings.columns):
        return None
    present = set(pairings["kind"].astype(str))
    kinds = [k for k in CANDIDATE_KINDS if k in present] + sorted(present - set(CANDIDATE_KINDS))
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        fig = _new_figure(
            9.0, sum(1.0 + 0.24 * min(top_n, (pairings["kind"] == k).sum()) for k in kinds)
        )
        sizes = [min(top_n, int((pairings["kind"] == k).sum())) + 2 for k in kinds]
        axes = fig.subplots(len(kinds), 1, squeeze=False, height_ratios=sizes)
        for ax, kind in zip(axes[:, 0], kinds, strict=True):
            subset = pairings[pairings["kind"].astype(str) == kind]
            order = "kind_rank" if "kind_rank" in subset.columns else "rank"
            if order in subset.columns:
                subset = subset.sort_values(order, kind="mergesort")
            subset = subset.head(top_n)
            labels = []
            for i, row in enumerate(subset.to_dict("records")):
                rank = row.get("kind_rank", i + 1)
                who = (
                    candidate_title(row, graph)
                    if graph is not None
                    else str(row.get("regions", "")).replace(";", ", ")
                )
                labels.append(_label(f"#{rank} {who}", 60))
            scores = pd.to_numeric(subset["score"], errors="coerce").fillna(0.0).to_list()
            positions = list(range(len(scores)))
            ax.barh(positions, scores, color="#3b6ea5", label=f"score of a {kind} candidate")
            ax.set_yticks(positions, labels=labels)
            ax.invert_yaxis()
            ax.set_xlim(0, 1)
            ax.set_title(_label(f"Best {kind} candidates (score 0-1)", 60), loc="left")
            ax.legend(loc="best", fontsize=7, frameon=True)
        return figure_png(fig)


def relatedness_png(
    metrics: dict | None,
    names: dict[str, str] | None = None,
    *,
    max_regions: int = 12,
    targets: dict[str, list[str]] | None = None,
    domain_names: dict[str, str] | None = None,
) -> bytes | None:
    """Return small multiples, one per region: domains by relatedness density (x) and
    complexity (PCI, y); filled dots are the region's specialisations (RCA >= 1).

    Domains up and to the right are the related, complex ones a region can diversify into
    (Balland et al. 2019). ``targets`` (region -> domain ids, best first, e.g. the scan's
    relatedness candidates) are labelled by name (``domain_names``); a region without any
    gets its :data:`LABELLED_TARGETS` most related domains it does not hold yet. With many
    regions, the ``max_regions`` most diversified are drawn. One legend says what the dots are.
    """
    if not metrics or metrics.get("density") is None or metrics.get("pci") is None:
        return None
    density: pd.DataFrame = metrics["density"]
    presence: pd.DataFrame = metrics["presence"]
    pci: pd.Series = metrics["pci"].reindex(density.columns)
    if density.empty or pci.isna().all():
        return None
    names = names or {}
    domain_names = domain_names or {}
    targets = targets or {}
    order = presence.sum(axis=1)
    regions = sorted(order.index, key=lambda r: (-int(order[r]), str(r)))[:max_regions]
    cols = min(4, len(regions))
    rows = -(-len(regions) // cols)
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        fig = _new_figure(3.1 * cols, 2.9 * rows + 0.4)
        axes = fig.subplots(rows, cols, squeeze=False)
        y = pci.to_numpy(dtype=float)
        domains = [str(d) for d in density.columns]
        for k, ax in enumerate(axes.flat):
            if k >= len(regions):
                ax.set_axis_off()
                continue
            r = regions[k]
            x = density.loc[r].to_numpy(dtype=float)
            held = presence.loc[r].to_numpy() > 0
            ax.scatter(x[~held], y[~held], s=12, facecolors="none", edgecolors="#7a869a",
                       label="not specialised (RCA < 1)")  # fmt: skip
            ax.scatter(x[held], y[held], s=16, color="#c0392b", label="specialised (RCA >= 1)")
            picked = [d for d in targets.get(str(r), []) if d in domains][:LABELLED_TARGETS]
            if not picked:
                free = [i for i in range(len(domains)) if not held[i] and x[i] == x[i]]
                free.sort(key=lambda i: (-x[i], domains[i]))
                picked = [domains[i] for i in free[:LABELLED_TARGETS]]
            _label_targets(ax, [(x[domains.index(d)], y[domains.index(d)]) for d in picked],
                           [domain_names.get(d, d) for d in picked], y)  # fmt: skip
            ax.set_title(_label(names.get(r, r), 28), fontsize=9, loc="left")
            ax.tick_params(labelsize=7)
            ax.set_xlim(0, 1)
            if k % cols == 0:
                ax.set_ylabel("complexity (PCI)", fontsize=8)
            if k >= (rows - 1) * cols:
                ax.set_xlabel("relatedness density", fontsize=8)
        handles, labels = axes.flat[0].get_legend_handles_labels()
        handles.append(Line2D([], [], marker="o", ls="", mfc="none", mec="#1f4e79", mew=1.2, ms=7))
        labels.append("labelled: the region's best diversification targets")
        fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=8)
        return figure_png(fig)


def _label_targets(ax: Any, points: list[tuple[float, float]], texts: list[str], y: Any) -> None:
    """Ring and name the target dots; labels close in height are pushed apart, so none overlap.

    An axes of the relatedness plot is about 140 points high: two labels less than a label's
    height apart (in points, from the data's y range) move down one under the other.
    """
    finite = y[np.isfinite(y)]
    span = float(finite.max() - finite.min()) if finite.size else 1.0
    per_point = (span or 1.0) / 140.0
    placed: list[tuple[float, float]] = []  # (x, label top in data units)
    for (px, py), text in sorted(zip(points, texts, strict=True), key=lambda t: -t[0][1]):
        label = _wrapped(text, 20)
        height = (label.count("\n") + 1) * 9 * per_point
        top = py + 3 * per_point
        for qx, qtop in placed:
            if abs(qx - px) < 0.3 and top > qtop - height:
                top = min(top, qtop - height)
        placed.append((px, top))
        ax.scatter([px], [py], s=40, facecolors="none", edgecolors="#1f4e79", lw=1.2)
        ax.annotate(
            label, (px, py), xytext=(px + 0.015, top), textcoords="data", fontsize=7,
            color="#1f4e79", va="top" if top < py else "bottom",
            arrowprops={"arrowstyle": "-", "color": "#1f4e79", "lw": 0.5} if top < py else None,
        )  # fmt: skip


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
    pci = (metrics or {}).get("pci")
    if pci is not None and pci.isna().all() and (metrics or {}).get("complexity_note"):
        # no complexity, no relatedness-complexity plot: say why instead of drawing nothing
        notes["relatedness"] = str(metrics["complexity_note"])  # type: ignore[index]
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
        d.get("key"): d.get("name") for _, d in graph.nodes(data=True) if d.get("kind") == REGION
    }
    domain_names = {
        d.get("key"): d.get("name") for _, d in graph.nodes(data=True) if d.get("kind") == DOMAIN
    }
    images = {
        "heatmap": heatmap_png(graph),
        "value-chains": chain_coverage_png(graph),
        "relatedness": relatedness_png(
            metrics,
            names,
            targets=relatedness_targets(pairings),
            domain_names=domain_names,
        ),
        "scores": score_bars_png(pairings, top_n=top_n, graph=graph),
    }
    return {name: png for name, png in images.items() if png is not None}


def relatedness_targets(pairings: pd.DataFrame | None) -> dict[str, list[str]]:
    """Return, per focal region, the domains of its relatedness candidates, best first."""
    if pairings is None or "focal_region" not in getattr(pairings, "columns", ()):
        return {}
    rows = pairings[pairings["kind"].astype(str) == "relatedness"]
    order = "kind_rank" if "kind_rank" in rows.columns else "rank"
    if order in rows.columns:
        rows = rows.sort_values(order, kind="mergesort")
    out: dict[str, list[str]] = {}
    for row in rows.to_dict("records"):
        focal = split_cell(row.get("focal_region"))
        for domain in split_cell(row.get("domains"))[:1]:
            if focal and domain not in out.setdefault(focal[0], []):
                out[focal[0]].append(domain)
    return out
