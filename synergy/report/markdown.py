"""Render blocks as GitHub-flavoured Markdown; escape any input text for Markdown.

Every string is escaped on the way out (backslashes and entities), so a cluster called
``<script>`` or ``| x |`` stays text and the tables keep their shape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from synergy.report.blocks import Block, Bullets, Group, Heading, Image, Paragraph, Table

__all__ = ["md_escape", "render_markdown"]


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
    return "\n\n".join(_parts(blocks)) + "\n"


def _parts(blocks: Sequence[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Group):
            out += _parts(block.blocks)
        elif isinstance(block, Bullets):
            if block.items:
                out.append(_md_list(block))
            elif block.empty:
                out.append("_" + md_escape(block.empty) + "_")
        elif isinstance(block, Heading):
            out.append("#" * block.level + " " + md_escape(block.text))
        elif isinstance(block, Paragraph):
            out.append(("_" + md_escape(block.text) + "_") if block.note else md_escape(block.text))
        elif isinstance(block, Table):
            out.append(_md_table(block))
        elif isinstance(block, Image):
            out.append(f"![{md_escape(block.alt)}](img/{block.name}.png)")
            if block.caption:
                out.append("_" + md_escape(block.caption) + "_")
    return out


def _md_list(block: Bullets) -> str:
    lines = []
    for i, item in enumerate(block.items, start=1):
        mark = f"{i}." if block.ordered else "-"
        text = f" — {md_escape(item.text)}" if item.text else ""
        lines.append(f"{mark} **{md_escape(item.lead)}**{text}")
    return "\n".join(lines)


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
