"""Open a CORDIS download (the zip, or a folder of its CSVs) and stream its rows.

Rows are read one at a time with the :mod:`csv` module, never the whole file: the full
Horizon 2020 ``organization.csv`` has about 180,000 rows. Each row comes as a dict keyed by
the publisher's column names, with the row number a person sees in a spreadsheet (the header
is row 1). Structural problems stop the import with a clear :class:`InputError`: a missing
file, a header without a required column (listing the columns found), a row with more or
fewer fields than the header (most often a broken quote), text that is not UTF-8.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from synergy.core.errors import InputError, Problem

from .cordis_layout import EUROSCIVOC_FILE, OPTIONAL, ORGANIZATION_FILE, PROJECT_FILE, REQUIRED

__all__ = ["CordisSource", "open_source", "iter_rows", "file_sha256"]

_FILES = (PROJECT_FILE, ORGANIZATION_FILE, EUROSCIVOC_FILE)
_DOWNLOAD_FIX = (
    "Download the CSV zip of 'CORDIS - EU research projects under Horizon 2020' or '... under "
    "HORIZON EUROPE' from data.europa.eu (cordis-h2020projects-csv.zip, "
    "cordis-HORIZONprojects-csv.zip) and pass the zip or the folder it unpacks to."
)
csv.field_size_limit(16 * 1024 * 1024)  # project objectives are long texts


@dataclass
class CordisSource:
    """One CORDIS download: where it is and which member holds each file we read."""

    path: Path
    is_zip: bool
    members: dict[str, str]  # file name (project.csv, ...) -> member path inside the source
    sha256: str = ""
    member_sha256: dict[str, str] = field(default_factory=dict)

    def label(self, name: str) -> str:
        """Return how to name file ``name`` of this source in messages and reports.

        ``<zip name>:<member>`` for a zip, ``<folder name>/<file>`` for a folder.
        """
        sep = ":" if self.is_zip else "/"
        return f"{self.path.resolve().name}{sep}{self.members[name]}"

    @contextmanager
    def open_binary(self, name: str) -> Iterator[IO[bytes]]:
        """Yield the bytes of file ``name`` (``project.csv``...), streamed."""
        member = self.members[name]
        if self.is_zip:
            with zipfile.ZipFile(self.path) as zf, zf.open(member) as fh:
                yield fh
        else:
            with (self.path / member).open("rb") as fh:
                yield fh


def open_source(path: str | Path) -> CordisSource:
    """Return the CORDIS source at ``path`` (a zip or a folder), its files located.

    Files are found by name anywhere inside (the published zips have held them at the top
    level and in a ``csv/`` sub-folder). ``project.csv`` and ``organization.csv`` are
    required, ``euroSciVoc.csv`` is optional.

    Raises
    ------
    InputError
        When the path does not exist, is not a zip or folder, lacks a required file or holds
        one twice.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(Problem(file=str(path), message="does not exist.", fix=_DOWNLOAD_FIX))
    if path.is_dir():
        names = sorted(
            str(p.relative_to(path)).replace("\\", "/")
            for p in path.rglob("*.csv")
            if not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)
        )
        is_zip = False
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            names = sorted(n for n in zf.namelist() if not n.endswith("/"))
        is_zip = True
    else:
        raise InputError(
            Problem(
                file=str(path),
                message="is neither a zip file nor a folder.",
                fix=_DOWNLOAD_FIX,
            )
        )
    members: dict[str, str] = {}
    problems: list[Problem] = []
    for wanted in _FILES:
        found = [n for n in names if n.rsplit("/", 1)[-1].lower() == wanted.lower()]
        if len(found) > 1:
            problems.append(
                Problem(
                    file=str(path),
                    message=f"holds {wanted} more than once ({', '.join(found)}).",
                    fix="Pass one release at a time: one zip, or a folder with one copy.",
                )
            )
        elif found:
            members[wanted] = found[0]
        elif wanted != EUROSCIVOC_FILE:
            shown = ", ".join(n for n in names[:12]) or "nothing"
            problems.append(
                Problem(
                    file=str(path),
                    message=f"holds no {wanted} (found: {shown}).",
                    fix=_DOWNLOAD_FIX,
                )
            )
    if problems:
        raise InputError(problems)
    return CordisSource(path=path, is_zip=is_zip, members=members)


def iter_rows(source: CordisSource, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row number, {column: text})`` for each data row of file ``name``, streamed.

    Only the required and optional columns of :data:`REQUIRED`/:data:`OPTIONAL` are kept
    (missing optional ones read as ``''``). Cells are stripped of surrounding spaces.

    Raises
    ------
    InputError
        Missing required columns (the columns found are listed), a row whose number of fields
        differs from the header's, unparseable quoting, or text that is not UTF-8.
    """
    label = source.label(name)
    wanted = REQUIRED[name] + OPTIONAL[name]
    row = 1
    try:
        with source.open_binary(name) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            first = text.readline()
            if not first.strip():
                raise InputError(Problem(file=label, row=1, message="is empty.", fix=_DOWNLOAD_FIX))
            sep = ";" if first.count(";") >= first.count(",") else ","
            header = next(csv.reader([first], delimiter=sep))
            index = _header_index(label, name, header)
            positions = [(col, index.get(col)) for col in wanted]
            width = len(header)
            for cells in csv.reader(text, delimiter=sep, strict=True):
                row += 1
                if len(cells) != width:
                    if not any(c.strip() for c in cells):
                        continue  # a blank line is not a row
                    raise InputError(_width_problem(label, row, len(cells), width))
                yield row, {c: (cells[i].strip() if i is not None else "") for c, i in positions}
    except csv.Error as exc:
        raise InputError(
            Problem(
                file=label,
                row=row + 1,
                code="not-a-table",
                message=f'the CSV cannot be read from here on ({exc}); most often a quote (") '
                "opened and never closed.",
                fix="Download the file again; if it persists, close or remove the stray quote.",
            )
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            Problem(
                file=label,
                row=row + 1,
                code="not-a-table",
                message=f"is not UTF-8 text ({exc.reason} at byte {exc.start} of a block).",
                fix="CORDIS files are UTF-8: download them again rather than re-saving them.",
            )
        ) from None


def _header_index(label: str, name: str, header: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, col in enumerate(header):
        index.setdefault(col.strip(), i)
    missing = [c for c in REQUIRED[name] if c not in index]
    if missing:
        folded = {c.lower(): c for c in index}
        hints = [f"'{folded[m.lower()]}' for '{m}'" for m in missing if m.lower() in folded]
        raise InputError(
            Problem(
                file=label,
                row=1,
                column=", ".join(missing),
                code="missing-column",
                message=f"the header lacks required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}; found: {', '.join(header)}"
                + (f" (different case: {', '.join(hints)})" if hints else "")
                + ".",
                fix=f"Use the {name} of a CORDIS CSV download as published (columns are read "
                "by name, in any order).",
            )
        )
    return index


def _width_problem(label: str, row: int, got: int, width: int) -> Problem:
    return Problem(
        file=label,
        row=row,
        code="extra-cell" if got > width else "missing-cell",
        message=f"the row has {got} fields where the header has {width}; most often a quote "
        '(") inside a field that was not doubled, or a separator (;) inside an unquoted field.',
        fix="Download the file again; if it persists, repair that row (fields are quoted, "
        'quotes inside them doubled: "").',
    )


def file_sha256(source: CordisSource) -> None:
    """Fill ``source.sha256`` (the zip) or ``member_sha256`` (each CSV read), streamed."""
    if source.is_zip:
        source.sha256 = _sha256(source.path.open("rb"))
    else:
        for name in source.members:
            with source.open_binary(name) as fh:
                source.member_sha256[name] = _sha256(fh)


def _sha256(fh: IO[bytes]) -> str:
    digest = hashlib.sha256()
    with fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
