"""Read the files of a dataset folder into raw tables, whatever their format.

A raw table is a header plus rows of cell values, with where each row came from. This module
knows about encodings, separators, workbooks and JSON; it knows nothing of the canonical
columns (see :mod:`ingest.headers`) or of what the values mean (see :mod:`ingest.values`).

Row numbers are the ones a person sees when opening the file: in CSV and XLSX the header is
row 1 and the first data row is row 2; in JSON, row N is the N-th record.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from synergy.core.errors import Problem

from .schema import TABLE_NAMES, table_for_name

__all__ = ["RawTable", "SourceFile", "discover", "read_file", "DATA_SUFFIXES"]

DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json")
_SKIP_NAMES = {"columns.toml", "readme.md", "sources.md", "license", "license.md", ".ds_store"}
_GENERIC_SHEETS = {"sheet1", "sheet", "tabelle1", "foglio1", "feuil1", "list1", "data", "daten"}
_SEPARATORS = (",", ";", "\t", "|")
csv.field_size_limit(16 * 1024 * 1024)  # long descriptions are text, not a broken file


@dataclass
class RawTable:
    """A header and its rows as read from one file or sheet, before any interpretation."""

    table: str | None  # canonical table name, None when not yet known
    file: str  # path relative to the dataset root, with forward slashes
    sheet: str | None
    header: list[str]
    rows: list[list[object]]
    row_numbers: list[int]
    region_folder: str | None = None  # name of the region sub-folder the file sits in
    encoding: str | None = None
    separator: str | None = None


@dataclass
class SourceFile:
    """One data file found in a dataset folder."""

    path: Path
    rel: str
    region_folder: str | None
    sha256: str = ""
    tables: list[RawTable] = field(default_factory=list)


def discover(root: Path) -> tuple[list[SourceFile], list[str], list[Problem]]:
    """Return the data files of a dataset folder, the files skipped, and problems.

    Files may sit at the top level or in one sub-folder per region. Sub-folders whose name
    starts with ``_`` or ``.`` are ignored (room for notes and side files), as are files that
    are not data files (``.md``, ``.toml``, ...); skipped files are returned so they can be
    reported. Order is sorted, so ingestion is deterministic.
    """
    problems: list[Problem] = []
    files: list[SourceFile] = []
    skipped: list[str] = []
    if not root.exists():
        raise FileNotFoundError(root)
    for path in sorted(root.rglob("*")):
        rel_parts = path.relative_to(root).parts
        if any(p.startswith((".", "_")) for p in rel_parts):
            continue
        if path.is_dir():
            continue
        rel = "/".join(rel_parts)
        if path.name.lower() in _SKIP_NAMES or path.suffix.lower() not in DATA_SUFFIXES:
            skipped.append(rel)
            continue
        region_folder = rel_parts[0] if len(rel_parts) > 1 else None
        files.append(SourceFile(path=path, rel=rel, region_folder=region_folder))
    return files, skipped, problems


def read_file(source: SourceFile) -> list[Problem]:
    """Read ``source`` into ``source.tables``; return the problems found (nothing raised)."""
    data = source.path.read_bytes()
    source.sha256 = hashlib.sha256(data).hexdigest()
    suffix = source.path.suffix.lower()
    if not data.strip():
        return [
            Problem(
                file=source.rel,
                code="empty-file",
                message="the file is empty.",
                fix="Fill it with a header row and data rows, or remove it.",
            )
        ]
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(source, data)
    if suffix == ".json":
        return _read_json(source, data)
    return _read_csv(source, data)


def _table_from_stem(stem: str) -> str | None:
    """Return the table a file stem names: exactly, or as a prefix (``actors-part2``)."""
    table = table_for_name(stem)
    if table:
        return table
    low = stem.lower()
    for sep in ("-", "_", " ", "."):
        head = low.split(sep)[0]
        if head and head != low:
            table = table_for_name(head)
            if table:
                return table
    # value_chains contains the separator itself
    for name in TABLE_NAMES:
        if low.startswith(name):
            return name
    return None


# --- CSV ---------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """Return (text, encoding) for UTF-8 (with or without BOM) or Latin-1 data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, None  # UTF-16: not supported
    if b"\x00" in data[:4096]:
        return None, None  # binary
    try:
        bom = data.startswith(b"\xef\xbb\xbf")
        return data.decode("utf-8-sig"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("latin-1")
    # Latin-1 decodes any byte; control characters betray a binary file or another encoding.
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\r\n\t") or 0x7F <= ord(ch) < 0xA0)
    if bad > max(2, len(text) // 200):
        return None, None
    return text, "latin-1"


def _sniff_separator(text: str) -> str:
    """Return the separator that splits the header line into the most fields."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_n = ",", 1
    for sep in _SEPARATORS:
        try:
            n = len(next(csv.reader([first], delimiter=sep)))
        except (csv.Error, StopIteration):
            continue
        if n > best_n:
            best, best_n = sep, n
    return best


def _read_csv(source: SourceFile, data: bytes) -> list[Problem]:
    text, encoding = _decode(data)
    if text is None:
        return [
            Problem(
                file=source.rel,
                code="not-a-table",
                message="the file is not readable text (binary data, or an encoding other "
                "than UTF-8 or Latin-1).",
                fix="Export it again as CSV in UTF-8 (or save it as .xlsx).",
            )
        ]
    sep = "\t" if source.path.suffix.lower() == ".tsv" else _sniff_separator(text)
    problems: list[Problem] = []
    rows: list[list[object]] = []
    numbers: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    record = 0
    try:
        for cells in reader:
            record += 1
            if not any(c.strip() for c in cells):
                continue  # blank lines are not rows
            rows.append(list(cells))
            numbers.append(record)
    except csv.Error as exc:
        problems.append(
            Problem(
                file=source.rel,
                row=record + 1,
                code="not-a-table",
                message=f"the CSV cannot be parsed from here on ({exc}); most often a quote "
                '(") that is opened and never closed.',
                fix="Close the quote or remove the stray quote character in that row.",
            )
        )
    if not rows:
        problems.append(
            Problem(
                file=source.rel,
                code="empty-file",
                message="the file has no header row.",
                fix="Add a header row with the column names.",
            )
        )
        return problems
    header = [str(h) for h in rows[0]]
    table = _table_from_stem(source.path.stem)
    source.tables.append(
        RawTable(
            table=table,
            file=source.rel,
            sheet=None,
            header=header,
            rows=rows[1:],
            row_numbers=numbers[1:],
            region_folder=source.region_folder,
            encoding=encoding,
            separator=sep,
        )
    )
    return problems


# --- JSON --------------------------------------------------------------------------------------


def _read_json(source: SourceFile, data: bytes) -> list[Problem]:
    text, _ = _decode(data)
    fix = 'Write a JSON list of records: [{"column": "value", ...}, ...].'
    if text is None:
        return [Problem(file=source.rel, code="not-a-table", message="not UTF-8 text.", fix=fix)]
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return [
            Problem(
                file=source.rel,
                row=exc.lineno,
                code="not-a-table",
                message=f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.",
                fix=fix,
            )
        ]
    tables: list[tuple[str | None, list]] = []
    if isinstance(doc, list):
        tables.append((_table_from_stem(source.path.stem), doc))
    elif isinstance(doc, dict) and all(isinstance(v, list) for v in doc.values()):
        # {"priorities": [...], "clusters": [...]}: several tables in one file
        for key in sorted(doc):
            tables.append((table_for_name(key), doc[key]))
    else:
        return [
            Problem(
                file=source.rel,
                code="not-a-table",
                message="the JSON is not a list of records.",
                fix=fix,
            )
        ]
    problems: list[Problem] = []
    for table, records in tables:
        header: list[str] = []
        seen: set[str] = set()
        for i, rec in enumerate(records, start=1):
            if not isinstance(rec, dict):
                problems.append(
                    Problem(
                        file=source.rel,
                        row=i,
                        code="type-error",
                        message=f"record {i} is not an object but {type(rec).__name__}.",
                        fix=fix,
                    )
                )
                continue
            for k in rec:
                if k not in seen:
                    seen.add(k)
                    header.append(str(k))
        rows = []
        numbers = []
        for i, rec in enumerate(records, start=1):
            if isinstance(rec, dict):
                rows.append([_json_cell(rec.get(h)) for h in header])
                numbers.append(i)
        source.tables.append(
            RawTable(
                table=table,
                file=source.rel,
                sheet=None,
                header=header,
                rows=rows,
                row_numbers=numbers,
                region_folder=source.region_folder,
                encoding="utf-8",
            )
        )
    return problems


def _json_cell(value: object) -> object:
    if isinstance(value, list):
        return ";".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


# --- XLSX --------------------------------------------------------------------------------------


def _read_xlsx(source: SourceFile, data: bytes) -> list[Problem]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return [
            Problem(
                file=source.rel,
                code="not-a-table",
                message=f"not a readable .xlsx workbook ({type(exc).__name__}).",
                fix="Save it again from Excel/LibreOffice as .xlsx, or export CSV.",
            )
        ]
    problems: list[Problem] = []
    stem_table = _table_from_stem(source.path.stem)
    sheets = list(wb.sheetnames)
    found = 0
    for name in sheets:
        table = table_for_name(name) or _table_from_stem(name)
        if table is None and (len(sheets) == 1 or name.lower() in _GENERIC_SHEETS):
            table = stem_table
        if table is None:
            continue
        ws = wb[name]
        rows: list[list[object]] = []
        numbers: list[int] = []
        for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(v) for v in values]
            if not any(str(c).strip() for c in cells if c is not None):
                continue
            rows.append(cells)
            numbers.append(r)
        if not rows:
            continue
        found += 1
        header = list(rows[0])
        while header and (header[-1] is None or str(header[-1]).strip() == ""):
            header.pop()  # formatting beyond the table's last column is not a column
        source.tables.append(
            RawTable(
                table=table,
                file=source.rel,
                sheet=name,
                header=["" if h is None else str(h) for h in header],
                rows=rows[1:],
                row_numbers=numbers[1:],
                region_folder=source.region_folder,
            )
        )
    wb.close()
    if not found:
        expected = ", ".join(TABLE_NAMES)
        problems.append(
            Problem(
                file=source.rel,
                code="missing-sheet",
                message=f"the workbook has no sheet named after a table (sheets: "
                f"{', '.join(sheets) or 'none'}).",
                fix=f"Name each sheet after its table ({expected}), or name the file after "
                "its one table.",
            )
        )
    return problems


def _xlsx_cell(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
