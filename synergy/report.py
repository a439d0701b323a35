"""The scan explained for people: ``report.md`` and a self-contained ``report.html``.

:func:`build_report` turns a scan result into a list of blocks (headings, paragraphs,
tables, images) and renders the same blocks twice, so both files tell the same story.
Every string from the input is escaped on the way out (``html.escape`` for HTML,
backslash/entity escaping for Markdown): a cluster called ``<script>`` stays text.
The output is deterministic: same result, same bytes (no dates, sorted iteration).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from synergy.plots import make_plots, plot_notes
from synergy.report_sections import (
    Block,
    Heading,
    Image,
    Paragraph,
    Table,
    candidate_blocks,
    extras_blocks,
    resolved_blocks,
    scanned_blocks,
    settings_blocks,
    unresolved_blocks,
)

__all__ = ["Report", "build_report", "render_markdown", "render_html", "md_escape", "TITLE"]

TITLE = "Synergy scan report"

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;
background:#fafbfc;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:1.5rem 2rem 3rem}
h1{color:#1f4e79;border-bottom:3px solid #1f4e79;padding-bottom:.3rem}
h2{color:#1f4e79;margin-top:2.2rem;border-bottom:1px solid #c9d3de;padding-bottom:.2rem}
h3{color:#2c3e50;margin-top:1.5rem}
p.note{color:#5a6775;font-size:.9rem}
.tablewrap{overflow-x:auto;margin:.6rem 0 1rem}
table{border-collapse:collapse;font-size:.88rem;background:#fff}
th,td{border:1px solid #d5dde6;padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#e8eef5;position:sticky;top:0}
tr:nth-child(even) td{background:#f5f8fb}
td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #d5dde6}
figcaption{color:#5a6775;font-size:.9rem}
nav ol{columns:2;font-size:.95rem}
""".strip()

# Nothing in the page may load or run anything: images are data URIs, styles inline.
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@dataclass(frozen=True)
class Report:
    """The rendered report: Markdown text, HTML text and the PNGs by name.

    ``report.md`` links the images as ``img/<name>.png``; ``report.html`` embeds them.
    """

    md: str
    html: str
    images: dict[str, bytes]


def build_report(result: Any, *, top_n: int = 10, max_rows: int = 50) -> Report:
    """Return the :class:`Report` of a scan ``result``.

    ``result`` needs ``.dataset`` (``tables``, ``unresolved``, ``resolutions``, ``merges``,
    ``files``), ``.graph``, ``.pairings`` and ``.settings``; optional ``.extras`` maps a name
    (``stress``, ``communities``, ``relatedness``, ...) to a DataFrame shown as a table.
    ``top_n`` candidates are listed per kind and long tables are cut at ``max_rows`` rows.
    """
    graph = result.graph
    pairings = result.pairings
    dataset = getattr(result, "dataset", None)
    extras = getattr(result, "extras", None) or {}
    images = make_plots(graph, pairings, top_n=top_n, metrics=getattr(result, "metrics", None))
    blocks: list[Block] = [
        Heading(1, TITLE),
        Paragraph(
            "This report explains one run of the synergy scan: which files were read, how "
            "names and labels were matched, what could not be matched and needs a person to "
            "check, and which transregional collaborations (candidates) rank highest."
        ),
        *scanned_blocks(dataset, graph, pairings, max_rows=max_rows),
        *resolved_blocks(dataset, max_rows=max_rows),
        *unresolved_blocks(dataset, max_rows=min(max_rows, 20)),
        *candidate_blocks(pairings, top_n=top_n),
        *extras_blocks(extras, max_rows=max_rows),
        *_plot_blocks(images, plot_notes(graph, getattr(result, "metrics", None))),
        *settings_blocks(getattr(result, "settings", None)),
    ]
    return Report(md=render_markdown(blocks), html=render_html(blocks, images), images=images)


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
    return blocks


# --------------------------------------------------------------------------- Markdown


# Brackets are escaped, so parentheses can never form a link and stay readable as they are.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_MD_LEADING = re.compile(r"^(\s*)([-+=])")
_MD_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")


def md_escape(value: object) -> str:
    """Return ``value`` as Markdown text that renders literally, on one line.

    >>> md_escape("<b>|x|</b> *y*")
    '&lt;b&gt;\\\\|x\\\\|&lt;/b&gt; \\\\*y\\\\*'
    """
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _MD_ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def render_markdown(blocks: Sequence[Block]) -> str:
    """Return the blocks as GitHub-flavoured Markdown (images as ``img/<name>.png``)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + md_escape(block.text))
        elif isinstance(block, Paragraph):
            out.append(("_" + md_escape(block.text) + "_") if block.note else md_escape(block.text))
        elif isinstance(block, Table):
            out.append(_md_table(block))
        elif isinstance(block, Image):
            out.append(f"![{md_escape(block.alt)}](img/{block.name}.png)")
            if block.caption:
                out.append("_" + md_escape(block.caption) + "_")
    return "\n\n".join(out) + "\n"


def _md_table(table: Table) -> str:
    lines = [
        "| " + " | ".join(md_escape(h) for h in table.header) + " |",
        "| "
        + " | ".join("---:" if i in table.numeric else "---" for i in range(len(table.header)))
        + " |",
    ]
    for row in table.rows:
        lines.append("| " + " | ".join(md_escape(c) or " " for c in row) + " |")
    text = "\n".join(lines)
    if table.note:
        text += "\n\n_" + md_escape(table.note) + "_"
    return text


# --------------------------------------------------------------------------- HTML


def _h(value: object) -> str:
    return html.escape(str(value), quote=True)


def render_html(blocks: Sequence[Block], images: dict[str, bytes]) -> str:
    """Return one self-contained HTML page: inline CSS, images as data URIs, no scripts."""
    body: list[str] = []
    toc: list[str] = []
    section = 0
    for block in blocks:
        if isinstance(block, Heading):
            if block.level == 2:
                section += 1
                toc.append(f'<li><a href="#s{section}">{_h(block.text)}</a></li>')
                body.append(f'<h2 id="s{section}">{_h(block.text)}</h2>')
            else:
                body.append(f"<h{block.level}>{_h(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            cls = ' class="note"' if block.note else ""
            body.append(f"<p{cls}>{_h(block.text)}</p>")
        elif isinstance(block, Table):
            body.append(_html_table(block))
        elif isinstance(block, Image) and block.name in images:
            data = base64.b64encode(images[block.name]).decode("ascii")
            body.append(
                f'<figure><img src="data:image/png;base64,{data}" alt="{_h(block.alt)}">'
                f"<figcaption>{_h(block.caption)}</figcaption></figure>"
            )
    if toc:
        first = next(i for i, part in enumerate(body) if part.startswith("<h2"))
        body.insert(first, "<nav><h2>Contents</h2><ol>" + "".join(toc) + "</ol></nav>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_h(TITLE)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _html_table(table: Table) -> str:
    head = "".join(f'<th scope="col">{_h(h)}</th>' for h in table.header)
    rows = []
    for row in table.rows:
        cells = "".join(
            (f'<td class="num">{_h(c)}</td>' if i in table.numeric else f"<td>{_h(c)}</td>")
            for i, c in enumerate(row)
        )
        rows.append(f"<tr>{cells}</tr>")
    text = (
        f'<div class="tablewrap"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table></div>"
    )
    if table.note:
        text += f'\n<p class="note">{_h(table.note)}</p>'
    return text
