"""Write the tables of a CORDIS import into a dataset folder, atomically and safely.

An edge module (it writes files), like :mod:`synergy.templates`. The folder may be an
existing dataset folder: the import writes only its own files, which the dataset readers
recognise by name, and a side folder ``_cordis/`` that they ignore:

====================================  =====================================================
``actors-cordis.csv``                 organisations in the dataset's regions (table actors)
``projects-cordis.csv``               projects (table projects)
``participations-cordis.csv``         who took part in which project, with what role
``_cordis/outside-actors.csv``        partners outside the dataset's regions, and
                                      organisations whose region is unknown
``_cordis/unresolved.csv``            what could not be resolved, with file, row and reason
``_cordis/import-manifest.json``      sources with sha256, release, settings, row counts
====================================  =====================================================

Everything is written to a hidden staging folder inside the target first and moved into
place only when the whole import succeeded, so a failed import leaves the folder as it was.
An existing file is replaced only when asked to, and only if an earlier import wrote it (its
manifest lists it): the user's own files are never overwritten. Every text cell is made
spreadsheet-safe with :func:`synergy.outputs.safe_cell`.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from synergy import __version__
from synergy.core.errors import OutputError
from synergy.outputs.tables import format_number, safe_cell

__all__ = ["TABLE_FILES", "MANIFEST_FILE", "ImportResult", "TargetsExist", "write_cordis_import"]

TABLE_FILES: dict[str, str] = {
    "actors": "actors-cordis.csv",
    "projects": "projects-cordis.csv",
    "participations": "participations-cordis.csv",
    "outside_actors": "_cordis/outside-actors.csv",
    "unresolved": "_cordis/unresolved.csv",
}
MANIFEST_FILE = "_cordis/import-manifest.json"


class TargetsExist(OutputError):
    """Files the import would write exist already; ``existing`` names them."""

    def __init__(self, folder: Path, existing: list[str], foreign: list[str]):
        self.folder, self.existing, self.foreign = folder, existing, foreign
        if foreign:
            text = (
                f"{folder}: {', '.join(foreign)} exist and were not written by an import (no "
                f"{MANIFEST_FILE} lists them); refusing to overwrite them. Fix: move them away "
                "or import into another folder."
            )
        else:
            text = (
                f"{folder}: {', '.join(existing)} exist from an earlier import. Fix: replace "
                "them explicitly, or import into another folder."
            )
        super().__init__(text)


@dataclass
class ImportResult:
    """What an import wrote: the folder, the files with their row counts, the report."""

    folder: Path
    files: dict[str, int]  # file name (relative) -> data rows
    report: object  # ingest.cordis.ImportReport
    manifest: dict
    seconds: float


class _CsvSink:
    """Write each table to its CSV in the staging folder, header first, cells escaped."""

    def __init__(self, folder: Path, columns: dict[str, tuple[str, ...]]):
        self.columns = columns
        self.handles: dict[str, IO[str]] = {}
        self.writers: dict[str, Callable] = {}
        self.rows: dict[str, int] = {}
        for table, name in TABLE_FILES.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = path.open("w", encoding="utf-8", newline="")
            self.handles[table] = fh
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns[table])
            self.writers[table] = writer.writerow
            self.rows[table] = 0

    def write(self, table: str, row: dict) -> None:
        self.writers[table]([_cell(row.get(c)) for c in self.columns[table]])
        self.rows[table] += 1

    def close(self) -> None:
        for fh in self.handles.values():
            fh.close()


_FORMULA_FIRST = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def _cell(value) -> str:
    """Return :func:`safe_cell` of ``value``, with a fast path for the common plain cells."""
    kind = value.__class__
    if kind is str:
        first = value[:1]
        return safe_cell(value) if first in _FORMULA_FIRST or first.isspace() else value
    if value is None:
        return ""
    if kind is float or kind is int:
        return format_number(value)
    return safe_cell(value)


def _check_targets(folder: Path, replace: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder. Fix: choose a folder to import into.")
    targets = [*TABLE_FILES.values(), MANIFEST_FILE]
    existing = [t for t in targets if (folder / t).exists()]
    if not existing:
        return
    owned: set[str] = set()
    try:
        owned = set(json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))["files"])
        owned.add(MANIFEST_FILE)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    foreign = [t for t in existing if t not in owned]
    if foreign or not replace:
        raise TargetsExist(folder, existing, foreign)


def write_cordis_import(
    sources: Sequence[str | Path],
    folder: str | Path,
    *,
    settings=None,
    regions_dataset: str | Path | None = None,
    replace: bool = False,
    taxonomy=None,
    nuts_candidates=None,
) -> ImportResult:
    """Import CORDIS ``sources`` into ``folder``; return the files written and the report.

    Parameters
    ----------
    sources
        CORDIS CSV zips or folders (see :func:`ingest.cordis.import_cordis`).
    folder
        The folder to write into, new or an existing dataset folder.
    settings
        An :class:`ingest.cordis.CordisSettings`.
    regions_dataset
        A dataset folder whose regions (NUTS ids) the organisations are rolled up to.
    replace
        Replace the files of an earlier import (never files an import did not write).

    Raises
    ------
    TargetsExist
        When a file to write exists (and ``replace`` is False, or an import did not write it).
    InputError
        From reading the sources or the regions dataset.
    """
    from ingest import load_dataset
    from ingest.cordis import TABLE_COLUMNS, CordisSettings, import_cordis

    started = time.perf_counter()
    folder = Path(folder)
    settings = settings or CordisSettings()
    _check_targets(folder, replace)
    region_ids = None
    if regions_dataset is not None:
        regions = load_dataset(regions_dataset, taxonomy=taxonomy).tables["regions"]
        region_ids = [str(r) for r in regions["region_id"]]
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".cordis-import-", dir=folder))
    try:
        sink = _CsvSink(staging, TABLE_COLUMNS)
        try:
            report = import_cordis(
                [Path(s) for s in sources],
                sink,
                settings=settings,
                region_ids=region_ids,
                taxonomy=taxonomy,
                nuts_candidates=nuts_candidates,
            )
        finally:
            sink.close()
        files = {TABLE_FILES[t]: n for t, n in sink.rows.items()}
        manifest = {
            "command": "import cordis",
            "synergy": __version__,
            "sources": report.sources,
            "releases": report.releases,
            "settings": report.settings,
            "regions_dataset": str(regions_dataset) if regions_dataset is not None else None,
            "regions": region_ids,
            "files": dict(sorted(files.items())),
            "rows": report.files,
            "timings": {"total": round(time.perf_counter() - started, 3)},
        }
        (staging / MANIFEST_FILE).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n",
            encoding="utf-8",
        )
        _check_targets(folder, replace)  # nothing appeared meanwhile
        for name in [*TABLE_FILES.values(), MANIFEST_FILE]:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ImportResult(
        folder=folder,
        files=files,
        report=report,
        manifest=manifest,
        seconds=time.perf_counter() - started,
    )
