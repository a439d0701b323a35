"""Build ``pairings.xlsx`` bytes: deterministic, formula-free, readable in Excel and LibreOffice.

openpyxl stamps the current time twice (``docProps/core.xml`` and every zip entry), so the
workbook is saved to memory and then rewritten with fixed timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.compat import safe_string
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from synergy.core.contract import PAIRINGS_COLUMNS, is_id_column, reading_order
from synergy.core.model import CANDIDATE_KINDS
from synergy.core.values import plain
from synergy.outputs.atomic import atomic_write
from synergy.outputs.tables import ordered_columns, safe_cell

__all__ = [
    "write_pairings_xlsx",
    "write_workbook_bytes",
    "write_frames_bytes",
    "deterministic_zip",
    "FIXED_TIME",
    "MAX_COLUMN_WIDTH",
]

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 8
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _value(value: Any) -> Any:
    """Return a cell value: real numbers as numbers, everything else as spreadsheet-safe text."""
    value = plain(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return None
        return value
    text = _ILLEGAL.sub("", safe_cell(value))
    return text or None


def _wrapped(header: Sequence[Any], widths: list[int]) -> set[int]:
    """Return the columns to wrap: text wider than the cap, except ids (read last, kept short)."""
    return {
        c
        for c, (name, width) in enumerate(zip(header, widths, strict=True))
        if width + 2 > MAX_COLUMN_WIDTH and not is_id_column(str(name))
    }


def _print_ready(ws: Any) -> None:
    """Landscape A4, one page wide, the header row repeated on every printed page."""
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True


def _fill(
    ws: Any, header: Sequence[str], rows: Sequence[Sequence[Any]], *, wrap: Sequence[str] = ()
) -> str:
    """Write a header (bold, frozen) and rows into a write-only sheet, columns sized to fit.

    Text wider than :data:`MAX_COLUMN_WIDTH` wraps in its cell (evidence, reasons), except in
    id columns, and so does any text in the ``wrap`` columns; every sheet prints landscape,
    one page wide, with the header on each page.

    With :data:`ROWS_AS_XML` the data rows are not appended but returned as the XML that
    openpyxl would write for them (:func:`_rows_xml`), for :func:`_finish` to put into the
    saved sheet; otherwise they are appended (the reference path) and "" is returned.
    """
    values = [[_value(v) for v in row] for row in rows]
    head = [_value(h) for h in header]
    widths = [len(str(h or "")) for h in head]
    for row in values:
        for c, v in enumerate(row):
            if v:  # as before: 0 and empty cells count as no text
                text = v if type(v) is str else str(v)
                n = max(map(len, text.split("\n"))) if "\n" in text else len(text)
                if n > widths[c]:
                    widths[c] = n
    forced = set(wrap)
    wrap = _wrapped(header, widths) | {c for c, name in enumerate(header) if name in forced}
    # A write-only sheet takes its settings before the first row.
    for c, width in enumerate(widths, start=1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = min(max(width + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    _print_ready(ws)
    ws.append([_cell(ws, v, bold=True) for v in head])
    if ROWS_AS_XML:
        wrapped = any(row[c] is not None for row in values for c in wrap if c < len(row))
        # the wrap style gets its number where openpyxl would first meet a wrapped cell
        style = _cell(ws, "", wrap=True).style_id if wrapped else 0
        return _rows_xml(values, wrap, style)
    for row in values:
        # Text never starts with "=" after safe_cell, so openpyxl never types it a formula;
        # _cell makes sure of it for any text that would.
        ws.append(
            [
                _cell(ws, v, wrap=c in wrap)
                if (c in wrap and v is not None) or (type(v) is str and v[:1] == "=")
                else v
                for c, v in enumerate(row)
            ]
        )
    return ""


ROWS_AS_XML = True  # False: rows go through openpyxl's cells (the reference path, same bytes)
_ERROR_CODES = frozenset(ERROR_CODES)
_MAX_TEXT = 32767  # openpyxl cuts longer text (Excel's limit)


def _text_xml(text: str) -> str:
    text = text[:_MAX_TEXT]
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<is><t{space}>{text}</t></is>"


def _rows_xml(values: Sequence[Sequence[Any]], wrap: set[int], style: int) -> str:
    """Return the ``<row>`` elements openpyxl's write-only sheet writes for ``values``.

    Rows start at 2 (after the header). Cells hold None (not written), int, float or text
    (:func:`_value`); a wrapped column's cells carry the wrap ``style``; text is an inline
    string, never a formula, and one of Excel's error codes is an error cell, as openpyxl
    types it. ``tests/test_outputs.py`` checks the bytes against openpyxl's on tricky rows.
    """
    width = max((len(row) for row in values), default=0)
    letters = [get_column_letter(c) for c in range(1, width + 1)]
    styled = f' s="{style}"'
    out: list[str] = []
    for r, row in enumerate(values, start=2):
        out.append(f'<row r="{r}">')
        for c, v in enumerate(row):
            if v is None:
                continue
            s = styled if c in wrap else ""
            if type(v) is str:
                if not s and v[:_MAX_TEXT] in _ERROR_CODES:
                    out.append(f'<c r="{letters[c]}{r}" t="e"><v>{v}</v></c>')
                else:
                    out.append(f'<c r="{letters[c]}{r}"{s} t="inlineStr">{_text_xml(v)}</c>')
            else:
                out.append(f'<c r="{letters[c]}{r}"{s} t="n"><v>{safe_string(v)}</v></c>')
        out.append("</row>")
    return "".join(out)


def _cell(ws: Any, value: Any, *, bold: bool = False, wrap: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never "f", whatever the text looks like
    if bold:
        cell.font = _BOLD
    if wrap:
        cell.alignment = _WRAP
    return cell


SUMMARY_TOP = 3  # best candidates of each kind on the summary sheet


def _summary(ws: Any, pairings: pd.DataFrame, settings: Sequence[tuple[str, Any]]) -> str:
    # One tidy table (section, item, value, ...) so the autofilter works on it too. Scores of
    # different kinds are not comparable, so the top rows are the best few of each kind.
    rows: list[list[Any]] = []
    for kind in _kinds(pairings):
        rows.append(["candidates", kind, int((pairings["kind"] == kind).sum())])
    rows.append(["candidates", "total", len(pairings)])
    for kind in _kinds(pairings):
        best = _best_first(pairings[pairings["kind"] == kind]).head(SUMMARY_TOP)
        for i, top in enumerate(best.to_dict("records"), start=1):
            title = top.get("candidate") or top.get("regions")
            rows.append(
                ["best of kind", kind, top.get("kind_rank", i), title, top.get("score"),
                 top.get("evidence")]
            )  # fmt: skip
    rows += [["settings", label, value] for label, value in settings]
    return _fill(ws, ["section", "item", "value", "candidate", "score", "evidence"], rows)


def _best_first(df: pd.DataFrame) -> pd.DataFrame:
    for column in ("kind_rank", "rank"):
        if column in df.columns:
            return df.sort_values(column, kind="mergesort", na_position="last")
    return df


def _kinds(pairings: pd.DataFrame) -> list[str]:
    if "kind" not in pairings.columns:
        return []
    present = set(pairings["kind"].dropna().astype(str))
    known = [k for k in CANDIDATE_KINDS if k in present]
    return known + sorted(present - set(known))


def write_workbook_bytes(pairings: pd.DataFrame, settings: Sequence[tuple[str, Any]]) -> bytes:
    """Return the ``pairings.xlsx`` bytes: ``summary`` sheet, then one sheet per kind.

    Kind sheets follow the order ``shared-priority, value-chain, relatedness, pilot, call``
    (only kinds present; unknown kinds after them). Each shows only the columns that kind uses,
    in reading order (:func:`synergy.core.contract.reading_order`: ``rank``, ``kind_rank``,
    names, ``score``, ``evidence`` first, ids last); long text wraps. Header rows are bold and
    frozen, columns have capped widths, data sheets have an autofilter, no cell is a formula.
    """
    # Write-only: rows stream into the sheet XML instead of living as cell objects.
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title="summary")
    rows = {ws: _summary(ws, pairings, settings)}
    for kind in _kinds(pairings):
        ws = wb.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "-", kind)[:31])
        subset = _best_first(pairings[pairings["kind"] == kind])
        columns = reading_order(subset, drop=["kind"])
        rows[ws] = _fill(ws, columns, list(subset[columns].itertuples(index=False, name=None)))
    return _finish(wb, rows)


def write_frames_bytes(
    sheets: dict[str, pd.DataFrame], *, wrap: dict[str, Sequence[str]] | None = None
) -> bytes:
    """Return deterministic XLSX bytes with one sheet per frame (bold frozen header, capped
    widths, long text wrapped, print-ready, autofilter, no formulas), e.g. a workshop schedule
    or a pilot portfolio. ``wrap`` names, per sheet, columns whose text always wraps."""
    wb = Workbook(write_only=True)
    rows = {}
    for title, df in sheets.items():
        ws = wb.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "-", str(title))[:31])
        rows[ws] = _fill(
            ws,
            [str(c) for c in df.columns],
            list(df.itertuples(index=False, name=None)),
            wrap=(wrap or {}).get(title, ()),
        )
    return _finish(wb, rows)


def _finish(wb: Workbook, rows: dict[Any, str] | None = None) -> bytes:
    """Return the saved workbook with fixed document and zip-entry timestamps.

    ``rows`` maps a sheet to the XML of its data rows (:func:`_fill`), put after its header.
    """
    from openpyxl.xml.functions import tostring

    wb.properties = DocumentProperties(creator="synergy", created=FIXED_TIME, modified=FIXED_TIME)
    buf = io.BytesIO()
    wb.save(buf)
    wb.properties.modified = FIXED_TIME  # save() overwrote it with the current time
    replace = {"docProps/core.xml": tostring(wb.properties.to_tree())}
    data = buf.getvalue()
    if rows := {ws.path.lstrip("/"): xml for ws, xml in (rows or {}).items() if xml}:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            for name, xml in rows.items():
                sheet = src.read(name)
                end = sheet.index(b"</sheetData>")
                replace[name] = sheet[:end] + xml.encode("utf-8") + sheet[end:]
    return deterministic_zip(data, replace=replace)


def deterministic_zip(data: bytes, *, replace: dict[str, bytes] | None = None) -> bytes:
    """Return the zip ``data`` rewritten with fixed entry timestamps (and replaced entries)."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            dst.writestr(entry, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def write_pairings_xlsx(
    path: Path | str,
    pairings: pd.DataFrame,
    *,
    summary_rows: Sequence[tuple[str, Any]] = (),
    names: pd.DataFrame | None = None,
) -> None:
    """Write ``pairings.xlsx``: a ``summary`` sheet, then one sheet per candidate kind.

    ``summary_rows`` are ``(label, value)`` pairs shown under *Settings* on the summary
    sheet (see :func:`synergy.outputs.manifest.summary_rows_from_manifest`). ``names`` (the
    frame of :func:`synergy.graph.names.candidate_names`, same index) adds the candidate's
    title and its regions' and clusters' names. The bytes are deterministic.
    """
    columns = ordered_columns(pairings, PAIRINGS_COLUMNS)
    frame = pairings.reindex(columns=columns)
    if names is not None:
        frame = pd.concat([frame, names[[c for c in names.columns if c not in columns]]], axis=1)
    atomic_write(path, write_workbook_bytes(frame, summary_rows))
