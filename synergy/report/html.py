"""Render blocks as one self-contained HTML page: inline CSS, images as data URIs, no scripts.

Every string is escaped with ``html.escape``; a Content-Security-Policy forbids loading or
running anything.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

from synergy.report.blocks import Block, Heading, Image, Paragraph, Table

__all__ = ["render_html"]

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


def _h(value: object) -> str:
    return html.escape(str(value), quote=True)


def render_html(blocks: Sequence[Block], images: dict[str, bytes], *, title: str) -> str:
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
        f"<title>{_h(title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n<main>\n"
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
