"""Render blocks as one self-contained HTML page: inline CSS, images as data URIs, no scripts.

Every string is escaped with ``html.escape``; a Content-Security-Policy forbids loading or
running anything. Long tables keep their extra columns in a fold-out cell (``<details>``,
no script needed); ``@media print`` lays the page out for paper, the key findings on the
first page.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

from synergy.report.blocks import (
    Block,
    Bullets,
    Contents,
    Group,
    Heading,
    Image,
    Paragraph,
    Table,
)

__all__ = ["render_html", "CSS", "SUMMARY_CSS"]

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;
background:#fafbfc;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:.6rem 2rem 3rem}
h1{color:#1f4e79;border-bottom:3px solid #1f4e79;padding-bottom:.1rem;margin:.2rem 0 .4rem;
font-size:1.5rem}
h2{color:#1f4e79;margin-top:2.2rem;border-bottom:1px solid #c9d3de;padding-bottom:.2rem}
h3{color:#2c3e50;margin-top:1.5rem}
p.note{color:#5a6775;font-size:.9rem}
.tablewrap{margin:.6rem 0 1rem;overflow-x:auto}
table{border-collapse:collapse;font-size:.88rem;background:#fff;width:100%}
th,td{border:1px solid #d5dde6;padding:.3rem .55rem;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
th{background:#e8eef5;position:sticky;top:0;overflow-wrap:normal}
tr:nth-child(even) td{background:#f5f8fb}
td.num{text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:normal}
td.more{width:5.5rem}
details summary{cursor:pointer;color:#1f4e79}
details dl{margin:.3rem 0 0;font-size:.84rem}
details dt{font-weight:600;color:#2c3e50}details dd{margin:0 0 .25rem}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #d5dde6}
figcaption{color:#5a6775;font-size:.9rem}
nav ol{columns:2;font-size:.95rem}
.findings h2{margin:0 0 .1rem;font-size:1.15rem}
.findings>p{margin:.1rem 0 .4rem;font-size:.9rem;color:#3a4654}
.findings h3{margin:.1rem 0 .15rem;font-size:.95rem}
.fgrid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.35rem 1.6rem}
.fbox{min-width:0}
.findings ol,.findings ul{margin:0;padding-left:1.2rem;font-size:.84rem;line-height:1.3}
.findings li{margin:0 0 .15rem}
.findings .sep{display:none}
.kind .lead,.kind .text{display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.kind .lead{font-weight:600}.kind .text{color:#4a5866}
.line li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;list-style-position:inside}
.line ul,.steps ol{padding-left:.2rem}
.line .lead,.steps .lead{font-weight:600}.line .sep,.steps .sep{display:inline}
.steps li{max-height:2.6em;overflow:hidden;list-style-position:inside}
@page{size:A4;margin:14mm}
@media print{
body{background:#fff;font-size:10pt}
main{max-width:none;padding:0}
nav,details{display:none}
.findings{break-after:page}
h1{font-size:1.3rem}
h2,h3{break-after:avoid}
figure,tr,li{break-inside:avoid}
th{position:static}
.tablewrap{overflow:visible}
}
""".strip()

# The one-page summary: the key findings alone, sized for one A4 page.
SUMMARY_CSS = (
    CSS
    + """
body{background:#fff}
main{max-width:1100px}
@media print{body{font-size:8.5pt}
.kind .text,.line li{white-space:normal;max-height:2.6em}}
"""
)

# Nothing in the page may load or run anything: images are data URIs, styles inline.
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _h(value: object) -> str:
    return html.escape(str(value), quote=True)


class _Page:
    """The body being written, with the numbered h2 sections for the table of contents."""

    def __init__(self, images: dict[str, bytes]) -> None:
        self.images = images
        self.body: list[str] = []
        self.toc: list[str] = []
        self.contents_at: int | None = None

    def add(self, block: Block) -> None:
        body = self.body
        if isinstance(block, Heading):
            if block.level == 2:
                n = len(self.toc) + 1
                self.toc.append(f'<li><a href="#s{n}">{_h(block.text)}</a></li>')
                body.append(f'<h2 id="s{n}">{_h(block.text)}</h2>')
            else:
                body.append(f"<h{block.level}>{_h(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            cls = ' class="note"' if block.note else ""
            body.append(f"<p{cls}>{_h(block.text)}</p>")
        elif isinstance(block, Table):
            body.append(_html_table(block))
        elif isinstance(block, Bullets):
            body.append(_html_list(block))
        elif isinstance(block, Group):
            ident = f' id="{_h(block.id)}"' if block.id else ""
            body.append(f'<div class="{_h(block.css)}"{ident}>')
            for inner in block.blocks:
                self.add(inner)
            body.append("</div>")
        elif isinstance(block, Contents):
            self.contents_at = len(body)
        elif isinstance(block, Image) and block.name in self.images:
            data = base64.b64encode(self.images[block.name]).decode("ascii")
            body.append(
                f'<figure><img src="data:image/png;base64,{data}" alt="{_h(block.alt)}">'
                f"<figcaption>{_h(block.caption)}</figcaption></figure>"
            )

    def text(self) -> str:
        body = list(self.body)
        if self.toc and self.contents_at is not None:
            body.insert(
                self.contents_at, "<nav><h2>Contents</h2><ol>" + "".join(self.toc) + "</ol></nav>"
            )
        return "\n".join(body)


def render_html(
    blocks: Sequence[Block], images: dict[str, bytes], *, title: str, css: str = CSS
) -> str:
    """Return one self-contained HTML page: inline CSS, images as data URIs, no scripts.

    The table of contents goes where a :class:`Contents` block stands (none without one).
    """
    page = _Page(images)
    for block in blocks:
        page.add(block)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_h(title)}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n<main>\n"
        + page.text()
        + "\n</main>\n</body>\n</html>\n"
    )


def _html_list(block: Bullets) -> str:
    if not block.items:
        return f'<p class="note">{_h(block.empty)}</p>' if block.empty else ""
    tag = "ol" if block.ordered else "ul"
    items = []
    for item in block.items:
        # The title attribute repeats the text: it shows in full on hover where it is cut.
        text = (
            f'<span class="sep"> — </span><span class="text" title="{_h(item.text)}">'
            f"{_h(item.text)}</span>"
        )
        items.append(
            f'<li><span class="lead" title="{_h(item.lead)}">{_h(item.lead)}</span>'
            + (text if item.text else "")
            + "</li>"
        )
    return f"<{tag}>" + "".join(items) + f"</{tag}>"


def _details_cell(pairs: Sequence[tuple[str, str]]) -> str:
    if not pairs:
        return '<td class="more"></td>'
    inner = "".join(f"<dt>{_h(k)}</dt><dd>{_h(v)}</dd>" for k, v in pairs)
    return f'<td class="more"><details><summary>more</summary><dl>{inner}</dl></details></td>'


def _html_table(table: Table) -> str:
    head = "".join(f'<th scope="col">{_h(h)}</th>' for h in table.header)
    if table.details:
        head += '<th scope="col">details</th>'
    rows = []
    for r, row in enumerate(table.rows):
        cells = "".join(
            (f'<td class="num">{_h(c)}</td>' if i in table.numeric else f"<td>{_h(c)}</td>")
            for i, c in enumerate(row)
        )
        if table.details:
            cells += _details_cell(table.details[r])
        rows.append(f"<tr>{cells}</tr>")
    text = (
        f'<div class="tablewrap"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table></div>"
    )
    if table.note:
        text += f'\n<p class="note">{_h(table.note)}</p>'
    return text
