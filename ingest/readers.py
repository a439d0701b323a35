"""Read the files of a dataset folder into raw tables, whatever their format.

A raw table is a header plus rows of cell values, with where each row came from. This module
knows about encodings, separators, workbooks (``.xlsx``, ``.ods``, legacy ``.xls``) and JSON;
it knows nothing of the canonical columns (see :mod:`ingest.headers`) or of what the values
mean (see :mod:`ingest.values`).

Every file of a dataset folder is accounted for: :func:`discover` returns the data files, the
files that are not data (documents, images, lock files, hidden files; each with the reason)
and the folders it did not enter (the output folder of an earlier scan, side folders).

Row numbers are the ones a person sees when opening the file: in CSV and workbooks the header
is row 1 and the first data row is row 2; in JSON, row N is the N-th record.
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

from .schema import TABLE_NAMES, is_generic_sheet, table_for_name

__all__ = [
    "Discovery",
    "NotData",
    "RawTable",
    "SourceFile",
    "discover",
    "read_file",
    "is_scan_output",
    "DATA_SUFFIXES",
]

DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods", ".json")
_SYSTEM_FILES = {
    "thumbs.db": "Windows thumbnail cache",
    "desktop.ini": "Windows folder settings",
    "ehthumbs.db": "Windows thumbnail cache",
}
_KINDS = {  # what a person calls the files that are not tables
    ".md": "text notes",
    ".txt": "text notes",
    ".pdf": "PDF document",
    ".doc": "Word document",
    ".docx": "Word document",
    ".odt": "text document",
    ".rtf": "text document",
    ".ppt": "presentation",
    ".pptx": "presentation",
    ".odp": "presentation",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".svg": "image",
    ".webp": "image",
    ".html": "web page",
    ".htm": "web page",
    ".zip": "archive",
    ".msg": "e-mail",
    ".eml": "e-mail",
    ".toml": "settings",
}
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
    table_rule: str = ""  # how ``table`` was found: file-name, sheet-name (else: headers)
    _columns: dict[int, list[object]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def column(self, i: int) -> list[object]:
        """Return the cells of column ``i`` of every row, None where a row is shorter.

        Equal to ``[r[i] if i < len(r) else None for r in self.rows]``; all columns are cut
        at once (C speed) and kept, so the header, shape and typing stages share them. Do
        not change ``rows`` after the first call.
        """
        if self._columns is None:
            width = min(map(len, self.rows), default=0)
            cut = zip(*self.rows, strict=False) if width else ()
            self._columns = {k: list(cells) for k, cells in enumerate(cut)}
        cells = self._columns.get(i)
        if cells is None:  # a column some row is too short for
            cells = self._columns[i] = [r[i] if i < len(r) else None for r in self.rows]
        return cells


@dataclass
class SourceFile:
    """One data file found in a dataset folder."""

    path: Path
    rel: str
    region_folder: str | None
    sha256: str = ""
    tables: list[RawTable] = field(default_factory=list)
    empty_sheets: list[str] = field(default_factory=list)  # workbook sheets with no cell


@dataclass(frozen=True)
class NotData:
    """A file (or a sheet of a workbook) that holds no table, and why it was not read."""

    path: str
    why: str
    sheet: str = ""


@dataclass
class Discovery:
    """What :func:`discover` found in a dataset folder: every file is in one of the lists."""

    files: list[SourceFile]
    not_data: list[NotData]
    skipped_folders: list[NotData]  # folders not entered (``path`` is the folder)


def is_scan_output(folder: Path) -> bool:
    """Return True if ``folder`` holds the ``manifest.json`` of a synergy scan."""
    path = folder / "manifest.json"
    if not path.is_file():
        return False
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(doc, dict) and "synergy" in doc and "inputs" in doc


def discover(root: Path) -> Discovery:
    """Return every file of a dataset folder: data files, files that are not data, and the
    folders not entered, each with the reason.

    Files may sit at the top level or in one sub-folder per region. Not entered (listed with
    a note): a folder holding a synergy ``manifest.json`` (the output of an earlier scan: the
    engine never reads its own output), hidden folders (``.git``) and side folders whose name
    starts with ``_`` (room for notes and side files). Not data (listed): documents, images,
    lock files (``~$Book.xlsx``), hidden and system files (``Thumbs.db``), ``columns.toml``.
    Order is sorted, so ingestion is deterministic.
    """
    if not root.exists():
        raise FileNotFoundError(root)
    found = Discovery([], [], [])
    stop: list[str] = []  # folders not entered, as relative paths
    for path in sorted(root.rglob("*")):
        rel_parts = path.relative_to(root).parts
        rel = "/".join(rel_parts)
        if any(rel == s or rel.startswith(s + "/") for s in stop):
            continue
        if path.is_dir():
            why = _folder_not_read(path, rel_parts[-1])
            if why:
                stop.append(rel)
                n = sum(1 for p in path.rglob("*") if p.is_file())
                found.skipped_folders.append(NotData(rel, f"{why} ({n} files)"))
            continue
        why = _not_data(path)
        if why:
            found.not_data.append(NotData(rel, why))
            continue
        region_folder = rel_parts[0] if len(rel_parts) > 1 else None
        found.files.append(SourceFile(path=path, rel=rel, region_folder=region_folder))
    return found


def _folder_not_read(path: Path, name: str) -> str | None:
    """Return why a folder is not entered, or None to read it."""
    if is_scan_output(path):
        return "the output of an earlier synergy scan (it holds its manifest.json): not input"
    if name.startswith("."):
        return "hidden folder"
    if name.startswith("_"):
        return "side folder (a name starting with '_' keeps a folder out of the data)"
    return None


def _not_data(path: Path) -> str | None:
    """Return why a file is not data, or None when it may hold a table."""
    name = path.name.lower()
    if name.startswith("~$") or name.startswith(".~lock."):
        return "lock file left by Excel or LibreOffice while a workbook is open"
    if name in _SYSTEM_FILES:
        return _SYSTEM_FILES[name]
    if name.startswith("."):
        return "hidden file"
    if name == "columns.toml":
        return "the column mapping of this folder (used to read the others)"
    suffix = path.suffix.lower()
    if suffix == ".txt" or suffix not in DATA_SUFFIXES:
        # .txt may be a table (read, and listed as notes if it is not one)
        if suffix == ".txt":
            return None
        return _KINDS.get(suffix, "not a table format") + (f" ({suffix})" if suffix else "")
    return None


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
    if suffix == ".ods":
        return _read_ods(source, data)
    if suffix == ".xls":
        return _read_xls(source, data)
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
    """Return (text, encoding) for UTF-8 (with or without BOM), Windows-1252 or Latin-1 data.

    Excel's CSV export on Windows writes Windows-1252: its en dash, curly quotes and euro sign
    are bytes 0x80-0x9F, which Latin-1 reads as control characters. Data without such bytes
    reads the same either way and is called Latin-1.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, None  # UTF-16: not supported
    if b"\x00" in data[:4096]:
        return None, None  # binary
    try:
        bom = data.startswith(b"\xef\xbb\xbf")
        return data.decode("utf-8-sig"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    if any(0x80 <= b < 0xA0 for b in data):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass  # bytes Windows-1252 leaves undefined: not a Windows text file
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
                "than UTF-8, Windows-1252 or Latin-1).",
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
            if not "".join(cells).strip():
                continue  # blank lines are not rows (every cell blank)
            rows.append(cells)
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
            table_rule="file-name" if table else "",
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
    tables: list[tuple[str | None, list, str]] = []
    if isinstance(doc, list):
        tables.append((_table_from_stem(source.path.stem), doc, "file-name"))
    elif isinstance(doc, dict) and all(isinstance(v, list) for v in doc.values()):
        # {"priorities": [...], "clusters": [...]}: several tables in one file
        for key in sorted(doc):
            tables.append((table_for_name(key), doc[key], "sheet-name"))
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
    for table, records, rule in tables:
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
                table_rule=rule if table else "",
            )
        )
    return problems


def _json_cell(value: object) -> object:
    if isinstance(value, list):
        return ";".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


# --- workbooks (XLSX, ODS, XLS) ----------------------------------------------------------


def _unreadable(source: SourceFile, kind: str, exc: Exception) -> list[Problem]:
    return [
        Problem(
            file=source.rel,
            code="not-a-table",
            message=f"not a readable {kind} workbook ({type(exc).__name__}).",
            fix="Save it again from Excel/LibreOffice as .xlsx, or export CSV.",
        )
    ]


def _read_xlsx(source: SourceFile, data: bytes) -> list[Problem]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return _unreadable(source, ".xlsx", exc)
    try:
        sheets = [(name, wb[name].iter_rows(values_only=True)) for name in wb.sheetnames]
        _add_sheets(source, sheets)
    finally:
        wb.close()
    return []


def _read_ods(source: SourceFile, data: bytes) -> list[Problem]:
    """Read an OpenDocument spreadsheet (LibreOffice's format) through pandas and odfpy."""
    import pandas as pd

    try:
        frames = pd.read_excel(
            io.BytesIO(data), sheet_name=None, header=None, engine="odf", dtype=object
        )
    except ImportError:
        return [
            Problem(
                file=source.rel,
                code="not-a-table",
                message="reading .ods needs the odfpy package, which is not installed.",
                fix="Install synergy with its dependencies (pip install -e .), or save the "
                "workbook as .xlsx.",
            )
        ]
    except Exception as exc:  # odfpy raises many kinds on a damaged file
        return _unreadable(source, ".ods", exc)
    sheets = [
        (
            name,
            (
                tuple(None if _is_nan(v) else v for v in row)
                for row in frame.itertuples(index=False)
            ),
        )
        for name, frame in frames.items()
    ]
    _add_sheets(source, sheets)
    return []


def _read_xls(source: SourceFile, data: bytes) -> list[Problem]:
    """Read a legacy Excel 97-2003 workbook through xlrd."""
    try:
        import xlrd
    except ImportError:
        return [
            Problem(
                file=source.rel,
                code="not-a-table",
                message="legacy .xls workbooks need the xlrd package, which is not installed.",
                fix="Save the workbook as .xlsx or .csv, or install xlrd.",
            )
        ]
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # xlrd raises its own XLRDError and struct errors
        return [
            Problem(
                file=source.rel,
                code="not-a-table",
                message=f"not a readable .xls workbook ({type(exc).__name__}).",
                fix="Save it as .xlsx or .csv from Excel or LibreOffice.",
            )
        ]

    def rows(sheet):
        for r in range(sheet.nrows):
            yield tuple(_xls_cell(book, c) for c in sheet.row(r))

    _add_sheets(source, [(sheet.name, rows(sheet)) for sheet in book.sheets()])
    return []


def _xls_cell(book, c) -> object:
    import xlrd

    if c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if c.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(c.value, book.datemode)
    if c.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(c.value)
    if c.ctype == xlrd.XL_CELL_ERROR:
        return None
    return c.value


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and value != value


def _add_sheets(source: SourceFile, sheets) -> None:
    """Add one raw table per non-empty sheet to ``source``.

    A sheet named after a table holds it; so does the only sheet of a workbook, or a sheet
    with a default name (``Sheet1``, ``Hoja1``), when the file name names a table. Any other
    sheet is added with ``table`` None: its headers tell later whether it is a table or notes.
    An empty sheet is not added (the caller lists it as not data).
    """
    stem_table = _table_from_stem(source.path.stem)
    names = [name for name, _ in sheets]
    for name, values in sheets:
        table = table_for_name(name) or _table_from_stem(name)
        rule = "sheet-name" if table else ""
        if table is None and (len(names) == 1 or is_generic_sheet(name)) and stem_table:
            table, rule = stem_table, "file-name"
        rows: list[list[object]] = []
        numbers: list[int] = []
        for r, row in enumerate(values, start=1):
            cells = [_xlsx_cell(v) for v in row]
            if not any(str(c).strip() for c in cells if c is not None):
                continue
            rows.append(cells)
            numbers.append(r)
        if not rows:
            source.empty_sheets.append(name)
            continue
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
                table_rule=rule,
            )
        )


def _xlsx_cell(value: object) -> object:
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp from an .ods date cell
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
