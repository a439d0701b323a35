"""Spreadsheet-safe cells and CSV bytes of the output tables (pairings, unresolved, side files).

Text that came from input files is escaped for spreadsheets with :func:`safe_cell`
(OWASP CSV-injection guidance), so a region called ``=HYPERLINK(...)`` stays text. Numbers
get one deterministic text form (:func:`format_number`).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from synergy.core.contract import PAIRINGS_COLUMNS, UNRESOLVED_COLUMNS
from synergy.core.values import is_missing, plain
from synergy.outputs.atomic import atomic_write

__all__ = [
    "safe_cell",
    "format_number",
    "ordered_columns",
    "pairings_csv_bytes",
    "frame_csv_bytes",
    "write_unresolved_csv",
]

# Characters that make Excel/LibreOffice/Sheets evaluate a cell (OWASP), plus their
# full-width forms, which some spreadsheet locales normalise to the ASCII ones.
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def format_number(value: int | float, *, decimals: int | None = None) -> str:
    """Return a deterministic text form of a number: integral floats as ints, else ``repr``.

    >>> format_number(3.0), format_number(0.1 + 0.2), format_number(0.5, decimals=4)
    ('3', '0.30000000000000004', '0.5000')
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return "" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if decimals is not None:
        return f"{value:.{decimals}f}"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ";".join(_text(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return ";".join(sorted(_text(v) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


def safe_cell(value: Any) -> str:
    """Return ``value`` as spreadsheet-safe text: formula-like text gets a leading ``'``.

    Numbers stay plain numbers (a real ``-2`` is not a formula); text starting with
    ``=``, ``+``, ``-``, ``@``, tab or carriage return (also after leading spaces) is
    prefixed with ``'`` so spreadsheets show it instead of evaluating it (OWASP).

    >>> safe_cell("=SUM(A1)"), safe_cell("-2"), safe_cell(-2), safe_cell(" @x"), safe_cell("AT31")
    ("'=SUM(A1)", "'-2", '-2', "' @x", 'AT31')
    """
    value = plain(value)
    if is_missing(value):
        return ""
    if isinstance(value, (bool, int, float)):
        return format_number(value)
    text = _text(value)
    if text[:1] in ("\t", "\r") or text.lstrip()[:1] in _FORMULA_START:
        return "'" + text
    return text


def _csv_cell(column: str, value: Any, decimals: Mapping[str, int]) -> str:
    value = plain(value)
    if isinstance(value, float) and not is_missing(value) and column in decimals:
        return format_number(value, decimals=decimals[column])
    return safe_cell(value)


def _csv_bytes(df: pd.DataFrame, columns: list[Any], decimals: Mapping[str, int]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in columns])
    for record in df.reindex(columns=columns).itertuples(index=False, name=None):
        writer.writerow([_csv_cell(c, v, decimals) for c, v in zip(columns, record, strict=True)])
    return buf.getvalue().encode("utf-8")


def ordered_columns(df: pd.DataFrame, contract: tuple[str, ...]) -> list[str]:
    return list(contract) + [str(c) for c in df.columns if c not in contract]


def pairings_csv_bytes(pairings: pd.DataFrame) -> bytes:
    """Return ``pairings.csv`` bytes: contract columns first, then any extra columns."""
    return _csv_bytes(pairings, ordered_columns(pairings, PAIRINGS_COLUMNS), {"score": 4})


def frame_csv_bytes(df: pd.DataFrame, *, decimals: Mapping[str, int] | None = None) -> bytes:
    """Return any table as spreadsheet-safe CSV bytes (for side files like ``stress.csv``)."""
    return _csv_bytes(df, list(df.columns), decimals or {})


def write_unresolved_csv(path: Path | str, unresolved_df: pd.DataFrame | None) -> None:
    """Write ``unresolved.csv``: file, sheet, row, column, value, reason, best_guess, score."""
    df = unresolved_df if unresolved_df is not None else pd.DataFrame()
    columns = ordered_columns(df, UNRESOLVED_COLUMNS)
    atomic_write(path, _csv_bytes(df, columns, {"score": 4}))
