"""The scan explained for people: ``report.md`` and a self-contained ``report.html``.

:func:`build_report` turns a scan result into a list of blocks (headings, paragraphs,
tables, images) and renders the same blocks twice, so both files tell the same story.
Every string from the input is escaped on the way out (``html.escape`` for HTML,
backslash/entity escaping for Markdown): a cluster called ``<script>`` stays text.
The output is deterministic: same result, same bytes (no dates, sorted iteration).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from synergy.core.model import REGION
from synergy.core.settings import ViewSettings
from synergy.report.blocks import Block, Contents, Heading, Image, Paragraph
from synergy.report.findings import findings_blocks, kind_order
from synergy.report.html import SUMMARY_CSS, render_html
from synergy.report.markdown import render_markdown
from synergy.report.plots import make_plots, plot_notes
from synergy.report.sections import (
    candidate_blocks,
    extras_blocks,
    resolved_blocks,
    scanned_blocks,
    settings_blocks,
    shortfall_blocks,
    unresolved_blocks,
)

__all__ = ["Report", "build_report", "TITLE", "SUMMARY_TITLE"]

TITLE = "Synergy scan report"
SUMMARY_TITLE = "Synergy scan: key findings"


@dataclass(frozen=True)
class Report:
    """The rendered report: Markdown text, HTML text, the PNGs by name and the summary page.

    ``report.md`` links the images as ``img/<name>.png``; ``report.html`` embeds them;
    ``summary`` is ``summary.html``, the key findings on one printable page.
    """

    md: str
    html: str
    images: dict[str, bytes]
    summary: str = ""


def build_report(
    result: Any,
    *,
    top_n: int = ViewSettings.report_top,
    max_rows: int = ViewSettings.report_rows,
) -> Report:
    """Return the :class:`Report` of a scan ``result``.

    ``result`` needs ``.dataset`` (``tables``, ``unresolved``, ``resolutions``, ``merges``,
    ``files``), ``.graph``, ``.pairings`` and ``.settings``; optional ``.extras`` maps a name
    (``stress``, ``communities``, ``relatedness``, ...) to a DataFrame shown as a table.
    ``top_n`` candidates are listed per kind and long tables are cut at ``max_rows`` rows.

    The report opens on its key findings (:mod:`synergy.report.findings`), then the details
    (candidates, stress test, communities, plots); the inputs, resolutions and settings form
    the appendix. :attr:`Report.summary` is the key findings alone, one printed page.
    """
    graph = result.graph
    pairings = result.pairings
    dataset = getattr(result, "dataset", None)
    extras = getattr(result, "extras", None) or {}
    metrics = getattr(result, "metrics", None)
    images = make_plots(graph, pairings, top_n=top_n, metrics=metrics)
    findings = findings_blocks(
        pairings,
        graph,
        extras=extras,
        unresolved=len(_unresolved(dataset)),
        lead=_lead(dataset, graph, pairings),
        shortfalls=getattr(result, "shortfalls", None),
    )
    blocks: list[Block] = [
        Heading(1, TITLE),
        *findings,
        Contents(),
        *candidate_blocks(pairings, top_n=top_n, graph=graph),
        *shortfall_blocks(getattr(result, "shortfalls", None)),
        *extras_blocks(extras, max_rows=max_rows),
        *_plot_blocks(images, plot_notes(graph, metrics)),
        *_appendix(
            scanned_blocks(dataset, graph, pairings, max_rows=max_rows),
            resolved_blocks(dataset, max_rows=max_rows),
            unresolved_blocks(dataset, max_rows=min(max_rows, 20)),
            settings_blocks(getattr(result, "settings", None)),
        ),
    ]
    summary = render_html(
        [Heading(1, SUMMARY_TITLE), *findings], {}, title=SUMMARY_TITLE, css=SUMMARY_CSS
    )
    return Report(
        md=render_markdown(blocks),
        html=render_html(blocks, images, title=TITLE),
        images=images,
        summary=summary,
    )


def _unresolved(dataset: Any) -> pd.DataFrame:
    value = getattr(dataset, "unresolved", None)
    return value if isinstance(value, pd.DataFrame) else pd.DataFrame()


def _lead(dataset: Any, graph: nx.MultiDiGraph, pairings: pd.DataFrame) -> str:
    files = len(getattr(dataset, "files", None) or [])
    regions = sum(1 for _, k in graph.nodes(data="kind") if k == REGION)
    kinds = kind_order(pairings)
    return (
        f"{_count(files, 'input file')} on {_count(regions, 'region')} gave "
        f"{_count(len(pairings), 'candidate')} of {_count(len(kinds), 'kind')}; #1 is the best "
        "of its kind (scores compare only within a kind)."
    )


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _appendix(*sections: list[Block]) -> list[Block]:
    """Return the sections with "Appendix A/B/..." before their main headings."""
    out: list[Block] = []
    letters = iter("ABCDEFGH")
    for blocks in sections:
        for block in blocks:
            if isinstance(block, Heading) and block.level == 2:
                block = Heading(2, f"Appendix {next(letters)}: {block.text}")
            out.append(block)
    return out


_PLOTS = {
    "heatmap": (
        "Region x domain heatmap",
        "Each cell counts the priorities and clusters a region has in a domain. Columns with "
        "many dark cells are topics many regions share.",
    ),
    "value-chains": (
        "Value-chain coverage",
        "For each value chain, the number of actors per stage (upstream at the top) and region. "
        "Empty rows are gaps; a 1 is a single point of failure.",
    ),
    "relatedness": (
        "Relatedness and complexity by region",
        "One panel per region: each dot is a domain, placed by how related it is to what the "
        "region already does (relatedness density, right is closer) and by how complex it is "
        "(PCI, up is rarer and more sophisticated). Red dots are the region's specialisations; "
        "open dots up and to the right are promising diversification targets.",
    ),
    "scores": (
        "Top candidates by score",
        "The best-ranked candidates of each kind and their scores (0 to 1).",
    ),
}


def _plot_blocks(images: dict[str, bytes], notes: dict[str, str] | None = None) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, "Plots"),
        Paragraph("The same figures are saved as PNG files in the img folder next to this report."),
    ]
    if not images:
        blocks.append(Paragraph("There was not enough data to draw any plot.", note=True))
    for name in sorted(images, key=lambda n: (list(_PLOTS).index(n) if n in _PLOTS else 99, n)):
        title, caption = _PLOTS.get(name, (name, ""))
        blocks += [Heading(3, title), Image(name, title, caption)]
        if (notes or {}).get(name):
            blocks.append(Paragraph(notes[name], note=True))  # type: ignore[index]
    missing = [n for n in (notes or {}) if n not in images and n in _PLOTS]
    for name in missing:  # a plot left out on purpose says why
        blocks += [Heading(3, _PLOTS[name][0]), Paragraph(notes[name], note=True)]  # type: ignore[index]
    return blocks
