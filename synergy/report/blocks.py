"""The building blocks of every page the report package writes: headings, paragraphs, tables,
images, and the display text of a cell.

Cells are plain strings here: escaping is the renderers' job (:mod:`synergy.report.markdown`,
:mod:`synergy.report.html`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from synergy.core.values import plain

__all__ = [
    "Block",
    "Heading",
    "Paragraph",
    "Table",
    "Image",
    "Item",
    "Bullets",
    "Group",
    "Contents",
    "cell",
    "frame_table",
]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False


@dataclass(frozen=True)
class Table:
    """A table; ``details`` holds, per row, more ``(label, value)`` pairs shown on demand
    (a fold-out cell in HTML; in Markdown they are left to the CSV the note names)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    note: str = ""
    details: tuple[tuple[tuple[str, str], ...], ...] = ()


@dataclass(frozen=True)
class Image:
    name: str
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Item:
    """One point of a list: a bold ``lead`` (a name), then ``text`` (one line in HTML)."""

    lead: str
    text: str = ""


@dataclass(frozen=True)
class Bullets:
    items: tuple[Item, ...]
    ordered: bool = False
    empty: str = ""  # said instead when there are no items


@dataclass(frozen=True)
class Group:
    """Blocks that belong together: a ``<div class=css id=id>`` in HTML, plain in Markdown."""

    css: str
    blocks: tuple[Any, ...]
    id: str = ""


@dataclass(frozen=True)
class Contents:
    """Where the table of contents goes (HTML only)."""


Block = Heading | Paragraph | Table | Image | Bullets | Group | Contents


def cell(value: Any) -> str:
    """Return a value as short, deterministic display text.

    >>> cell(0.12345), cell(2.0), cell(1234567.0), cell(["a", "b"]), cell(None), cell(True)
    ('0.123', '2', '1,234,567', 'a; b', '', 'yes')
    """
    value = plain(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if abs(value) >= 10000:
            return f"{value:,.0f}"
        return str(int(value)) if value.is_integer() else f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return "; ".join(sorted(cell(v) for v in value))
    if isinstance(value, Mapping):
        return "; ".join(f"{k}={cell(value[k])}" for k in sorted(value, key=str))
    return str(value)


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def frame_table(
    df: pd.DataFrame | None,
    columns: Sequence[str] | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    max_rows: int = 50,
    more: str = "",
    details: Sequence[str] = (),
) -> Table:
    """Return a :class:`Table` of ``df`` (selected ``columns``), cut at ``max_rows`` rows.

    ``details`` columns are not table columns: each row keeps their non-empty values as
    ``(label, value)`` pairs, shown on demand.
    """
    df = df if df is not None else pd.DataFrame()
    columns = [c for c in (columns or list(df.columns)) if c in df.columns]
    extra = [c for c in details if c in df.columns and c not in columns]
    labels = labels or {}
    head = df.head(max_rows)
    rows = tuple(
        tuple(cell(v) for v in record)
        for record in head[columns].itertuples(index=False, name=None)
    )
    label = {c: labels.get(str(c), str(c).replace("_", " ")) for c in [*columns, *extra]}
    more_rows: tuple[tuple[tuple[str, str], ...], ...] = ()
    if extra:
        more_rows = tuple(
            tuple((label[c], cell(v)) for c, v in zip(extra, record, strict=True) if cell(v))
            for record in head[extra].itertuples(index=False, name=None)
        )
    note = ""
    if len(df) > max_rows:
        note = f"Showing the first {max_rows} of {len(df)} rows." + (f" {more}" if more else "")
    numeric = frozenset(i for i, c in enumerate(columns) if _numeric(df[c]))
    header = tuple(label[c] for c in columns)
    return Table(header, rows, numeric, note, more_rows)
