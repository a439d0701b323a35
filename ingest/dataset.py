"""Load a dataset folder into validated canonical tables: the whole of ``ingest``.

Stages (each linear in the number of rows, except where noted):

1. discover every file (data, not data, folders not entered) and read every data file
   (CSV/XLSX/ODS/XLS/JSON) — O(cells);
2. tell each sheet's table (by its name, else by its headers), map headers to canonical
   columns per table (``columns.toml``, aliases in eleven languages, then the values: see
   :mod:`ingest.headers`) and type the cells — O(cells);
3. resolve region references (ids, names, aliases in any language; NUTS codes of other
   levels and versions rolled up to the dataset's regions, :mod:`ingest.nuts`; fuzzy with
   score) — O(rows) with a memo, one search per distinct reference;
4. check keys: duplicates inside a file are errors, identical repeats across files merge,
   conflicting repeats are errors;
5. resolve references between tables (clusters → priorities, actors → clusters and
   value-chain stages) — O(references) with memos — and map domain labels and priority
   texts to the taxonomy, keeping term and score (:mod:`ingest.references`);
6. merge duplicate actors (:mod:`ingest.dedupe`) — O(n log n + n · window);
7. resolve projects and participations against the merged actors (:mod:`ingest.projects`):
   partners outside the dataset stay as partners — O(rows).

Every problem is collected; if any is an error, :class:`~synergy.core.errors.InputError` lists
them all. What could not be resolved but does not stop the scan goes to ``unresolved``.
Ingest never builds the graph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from synergy.core.contract import UNRESOLVED_COLUMNS as CONTRACT_UNRESOLVED
from synergy.core.errors import InputError, Problem
from synergy.core.gcpause import gc_paused
from synergy.core.settings import DedupeSettings, MatchSettings

from .dedupe import dedupe_actors
from .headers import HeaderMap, detect_table, load_columns_toml, resolve_headers
from .projects import resolve_projects
from .readers import Discovery, NotData, RawTable, SourceFile, discover, is_scan_output, read_file
from .records import type_rows
from .references import resolve_references, unique_rows
from .regions import RegionIndex, RegionLookup
from .schema import TABLE_NAMES, TABLES

__all__ = ["Dataset", "load_dataset", "UNRESOLVED_COLUMNS", "RESOLUTION_COLUMNS"]

UNRESOLVED_COLUMNS = list(CONTRACT_UNRESOLVED)  # the output contract's unresolved.csv
RESOLUTION_COLUMNS = ["file", "sheet", "row", "column", "value", "resolved_to", "score", "method"]
MERGE_COLUMNS = ["region_id", "kept_id", "merged_id", "kept_name", "merged_name", "score", "reason"]


@dataclass
class Dataset:
    """Validated canonical tables of one dataset folder, with what was resolved and not."""

    root: Path
    tables: dict[str, pd.DataFrame]
    unresolved: pd.DataFrame
    resolutions: pd.DataFrame
    merges: pd.DataFrame
    files: list[dict]
    skipped: list[str] = field(default_factory=list)  # paths of the files not read as data
    extra_columns: list[dict] = field(default_factory=list)
    not_data: list[dict] = field(default_factory=list)  # {path, sheet, why}
    skipped_folders: list[dict] = field(default_factory=list)  # {path, why}


class _Collector:
    """Problems (errors), unresolved items and resolutions found along the way."""

    def __init__(self) -> None:
        self.errors: list[Problem] = []
        self.unresolved: list[dict] = []
        self.resolutions: list[dict] = []

    def unresolved_item(
        self,
        rec: dict,
        column: str,
        value: str,
        reason: str,
        best_guess: str | None = None,
        score: float | None = None,
    ) -> None:
        self.unresolved.append(
            {
                "file": rec.get("_file", ""),
                "sheet": rec.get("_sheet", ""),
                "row": rec.get("_row"),
                "column": column,
                "value": value,
                "reason": reason,
                "best_guess": best_guess or "",
                "score": score,
            }
        )

    def resolved(
        self, rec: dict, column: str, value: str, to: str, score: float, method: str
    ) -> None:
        self.resolutions.append(
            {
                "file": rec.get("_file", ""),
                "sheet": rec.get("_sheet", ""),
                "row": rec.get("_row"),
                "column": column,
                "value": value,
                "resolved_to": to,
                "score": score,
                "method": method,
            }
        )


def load_dataset(
    path: str | Path,
    *,
    taxonomy=None,
    match: MatchSettings | None = None,
    dedupe: DedupeSettings | None = None,
) -> Dataset:
    """Return the validated canonical tables of the dataset folder ``path``.

    The stages: find the files, read every table in them, resolve the region of every row,
    resolve the references between tables (and map labels to the taxonomy), merge duplicate
    actors. Problems are collected along the way and raised together at the end.

    Parameters
    ----------
    path
        The dataset folder (see the input contract in DESIGN.md).
    taxonomy
        A :class:`synergy.core.taxonomy.Taxonomy`; the shipped one when None.
    match, dedupe
        How references, labels and duplicate actors are matched (defaults when None).

    Raises
    ------
    InputError
        With every problem found, when the dataset cannot be scanned as it is.
    """
    with gc_paused():  # millions of small objects, no cycles: see synergy.core.gcpause
        return _load(path, taxonomy, match, dedupe)


def _load(
    path: str | Path, taxonomy, match: MatchSettings | None, dedupe: DedupeSettings | None
) -> Dataset:
    root = _dataset_folder(path)
    if taxonomy is None:
        from synergy.core.taxonomy import Taxonomy

        taxonomy = Taxonomy.load()
    match = match or MatchSettings()
    col = _Collector()
    found = _sources(root)
    read = _read_tables(root, found, col, match.enum_min_score)
    regions = _regions(root, read.records, col, match)
    tables, actors = resolve_references(read.records, regions, taxonomy, col, match)
    tables["actors"], merges, id_map = _merge_duplicate_actors(
        tables["actors"], actors, col, dedupe or DedupeSettings()
    )
    projects, participations = resolve_projects(
        read.records, tables["actors"], id_map, taxonomy, col, match
    )
    if {"projects", "participations"} & {f["table"] for f in read.files}:
        # open-data tables: present only in datasets that hold them (reports list no zeros)
        tables["projects"], tables["participations"] = projects, participations
    if col.errors:
        raise InputError(col.errors)
    _account(read.files, read.records)
    return Dataset(
        root=root,
        tables=tables,
        unresolved=_frame(col.unresolved, UNRESOLVED_COLUMNS),
        resolutions=_frame(col.resolutions, RESOLUTION_COLUMNS),
        merges=_frame(merges, MERGE_COLUMNS)
        .sort_values(["region_id", "kept_id", "merged_id"], kind="stable")
        .reset_index(drop=True),
        files=read.files,
        skipped=sorted({n.path for n in found.not_data}),
        extra_columns=read.extra_columns,
        not_data=[_not_data_entry(n) for n in found.not_data],
        skipped_folders=[_not_data_entry(n) for n in found.skipped_folders],
    )


def _not_data_entry(item: NotData) -> dict:
    return {"path": item.path, "sheet": item.sheet, "why": item.why}


def _dataset_folder(path: str | Path) -> Path:
    root = Path(path)
    if not root.is_dir():
        raise InputError(
            Problem(
                file=str(root),
                code="not-found",
                message="is not a folder." if root.exists() else "does not exist.",
                fix="Pass the dataset folder (files or one sub-folder per region inside).",
            )
        )
    return root


def _sources(root: Path) -> Discovery:
    """Return every file of the dataset, sorted into data files, not data and folders."""
    if is_scan_output(root):
        raise InputError(
            Problem(
                file=str(root),
                code="not-a-table",
                message="is the output folder of a synergy scan (it holds its manifest.json), "
                "not a dataset.",
                fix="Pass the folder holding the input tables; write scan outputs outside it.",
            )
        )
    found = discover(root)
    if not found.files:
        raise InputError(
            Problem(
                file=str(root),
                code="empty-file",
                message="holds no data files (.csv, .xlsx, .ods, .xls, .json).",
                fix="Put the tables (regions, priorities, clusters, actors, value_chains, "
                "programmes) in it; `synergy init DIR` writes templates.",
            )
        )
    return found


def _custom_headers(root: Path, sources: list[SourceFile], col: _Collector) -> dict[str, dict]:
    """Return region folder ("" for the top level) -> the header mapping of its columns.toml."""
    custom_by_folder: dict[str, dict] = {}
    for folder in sorted({s.region_folder or "" for s in sources}):
        toml = root / folder / "columns.toml" if folder else root / "columns.toml"
        if toml.exists():
            rel = f"{folder}/columns.toml" if folder else "columns.toml"
            mapping, probs = load_columns_toml(toml, rel)
            custom_by_folder[folder] = mapping
            col.errors.extend(probs)
    return custom_by_folder


@dataclass
class _Read:
    """Every table read: typed records per table, one entry per file (and sheet), extras."""

    records: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in TABLE_NAMES})
    files: list[dict] = field(default_factory=list)
    extra_columns: list[dict] = field(default_factory=list)


def _read_tables(root: Path, found: Discovery, col: _Collector, enum_min_score: int) -> _Read:
    """Return the typed records of every table in the data files, headers resolved.

    A sheet or file whose name does not say its table is judged by its headers; one that
    holds no table's headers at all is not data (listed in ``found.not_data``), except a
    CSV or JSON file, or a workbook without any table, which is an error.
    """
    custom_by_folder = _custom_headers(root, found.files, col)
    read = _Read()
    for source in found.files:
        problems = read_file(source)
        is_text = source.path.suffix.lower() == ".txt"
        if is_text and (problems or not source.tables):
            found.not_data.append(NotData(source.rel, "text notes (not a table)"))
            continue
        col.errors.extend(problems)
        custom = _custom_for(custom_by_folder, source.region_folder)
        tables = 0
        for name in source.empty_sheets:
            found.not_data.append(NotData(source.rel, "empty sheet", name))
        for raw in source.tables:
            if not raw.header and not raw.rows:
                read.files.append(_file_entry(source, raw))
                tables += 1
                continue  # an empty JSON list: a table with no rows, nothing to check
            if raw.table is None:
                guess = detect_table(raw, custom, region_implied=source.region_folder is not None)
                if guess.not_data and is_text:
                    continue  # listed once below, as the whole file
                if guess.not_data and raw.sheet is not None:
                    headers = ", ".join(h for h in raw.header if h.strip())
                    found.not_data.append(
                        NotData(source.rel, f"notes: {guess.why} ({headers})", raw.sheet or "")
                    )
                    continue
                if guess.table is None:
                    col.errors.append(_unknown_table(raw, guess.why))
                    tables += 1
                    continue
                raw.table, raw.table_rule = guess.table, "headers"
            tables += 1
            read.files.append(_file_entry(source, raw))
            _type_table(source, raw, custom, read, col, enum_min_score)
        if not tables and not problems:
            if is_text:
                found.not_data.append(NotData(source.rel, "text notes (not a table)"))
            else:
                col.errors.append(_no_table(source))
    found.not_data.sort(key=lambda n: (n.path, n.sheet))
    return read


def _unknown_table(raw: RawTable, why: str) -> Problem:
    return Problem(
        file=raw.file,
        sheet=raw.sheet,
        code="unknown-table",
        message=f"cannot tell which table this is from its name or headers: {why}.",
        fix=f"Name the file or sheet after its table ({', '.join(TABLE_NAMES)}), or fix the "
        "headers the message names (a columns.toml can map them).",
    )


def _no_table(source: SourceFile) -> Problem:
    names = [raw.sheet for raw in source.tables if raw.sheet] + source.empty_sheets
    sheets = ", ".join(names) or "none"
    return Problem(
        file=source.rel,
        code="missing-sheet",
        message=f"the workbook holds no table: no sheet is named after a table or has a "
        f"table's headers (sheets: {sheets}).",
        fix=f"Name each sheet after its table ({', '.join(TABLE_NAMES)}), or name the file "
        "after its one table.",
    )


def _custom_for(custom_by_folder: dict, folder: str | None) -> dict:
    """Return the columns.toml mapping for a folder: the top level's, then the folder's own."""
    custom = {**custom_by_folder.get("", {})}
    for k, v in custom_by_folder.get(folder or "", {}).items():
        custom[k] = {**custom.get(k, {}), **v}
    return custom


def _file_entry(source: SourceFile, raw: RawTable) -> dict:
    """Return the manifest entry of one table of a file (row counts filled in at the end)."""
    return {
        "path": source.rel,
        "sheet": raw.sheet or "",
        "sha256": source.sha256,
        "table": raw.table or "",
        "table_rule": raw.table_rule,
        "encoding": raw.encoding or "",
        "separator": raw.separator or "",
        "rows_read": len(raw.rows),
        "rows_ingested": 0,
        "rows_merged": 0,
        "rows_reported": 0,
    }


def _type_table(
    source: SourceFile,
    raw: RawTable,
    custom: dict,
    read: _Read,
    col: _Collector,
    enum_min_score: int,
) -> None:
    """Resolve the headers of one raw table and add its typed records to ``read``."""
    assert raw.table is not None
    spec = TABLES[raw.table]
    hmap, probs = resolve_headers(
        raw, spec, custom, region_implied=source.region_folder is not None
    )
    read.files[-1]["headers"] = _decisions(hmap)
    col.errors.extend(probs)
    if any(p.code in ("missing-column", "ambiguous-column") for p in probs):
        return
    if hmap.extra:
        read.extra_columns.append(
            {
                "file": raw.file,
                "sheet": raw.sheet or "",
                "table": raw.table,
                "columns": sorted(hmap.extra),
            }
        )
    typed = type_rows(raw, spec, hmap, enum_min_score=enum_min_score)
    col.errors.extend(typed.problems)
    col.resolutions.extend(typed.resolutions)
    for rec in typed.records:
        rec["_folder"] = source.region_folder
        rec["_entry"] = len(read.files) - 1
    read.records[raw.table].extend(typed.records)


def _decisions(hmap: HeaderMap) -> list[dict]:
    """Return the manifest form of a table's header decisions."""
    return [
        {"header": d.header, "column": d.column, "rule": d.rule, "why": d.why}
        for d in hmap.decisions
    ]


def _regions(
    root: Path, records: dict[str, list[dict]], col: _Collector, match: MatchSettings
) -> list[dict]:
    """Return the regions table and give every other row its canonical region in place."""
    regions = unique_rows(records["regions"], "regions", col)
    index = RegionIndex(
        [(r["region_id"], r["name"] or r["region_id"], r["aliases"]) for r in regions],
        min_score=match.region_min_score,
        margin=match.region_margin,
    )
    if not regions:
        col.errors.append(
            Problem(
                file=str(root),
                code="missing-table",
                message="no regions table was found.",
                fix="Add regions.csv with region_id and name (and aliases, country, development).",
            )
        )
    for table in ("priorities", "clusters", "actors", "programmes"):
        _assign_regions(records[table], index, col)
    return regions


def _merge_duplicate_actors(
    actors: pd.DataFrame, records: list[dict], col: _Collector, settings: DedupeSettings
) -> tuple[pd.DataFrame, list[dict], dict[str, str]]:
    """Return the actors table with duplicates merged, the merges and the id map.

    Conflicting facts of merged rows are listed as unresolved; every merged record is marked
    with the actor it went into, for the per-file row accounting.
    """
    result = dedupe_actors(actors, settings=settings)
    for conflict in result.conflicts:
        col.unresolved.append(
            {
                "file": conflict.file,
                "sheet": conflict.sheet or "",
                "row": conflict.row,
                "column": conflict.column or "",
                "value": "",
                "reason": conflict.message,
                "best_guess": "",
                "score": None,
            }
        )
    # the deduplicator keeps each actor's first row; every other row merged into it
    kept_rows = set(
        zip(result.actors["_file"].tolist(), result.actors["_row"].tolist(), strict=True)
    )
    for rec in records:
        if (rec["_file"], rec["_row"]) not in kept_rows and not rec.get("_merged_into"):
            rec["_merged_into"] = result.id_map.get(rec["actor_id"], rec["actor_id"])
    merges = result.merges.to_dict("records") if len(result.merges) else []
    actors = result.actors.sort_values("actor_id", kind="stable").reset_index(drop=True)
    return actors, merges, result.id_map


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    if len(df) and "file" in df.columns:
        df = df.sort_values(
            ["file", "sheet", "row", "column", "value"],
            kind="stable",
            key=lambda s: s.astype(str) if s.name != "row" else s.fillna(-1),
        )
    return df.reset_index(drop=True)


def _assign_regions(rows: list[dict], index: RegionIndex, col: _Collector) -> None:
    """Resolve each row's region reference in place; rows that fail are marked reported."""
    memo: dict[str, RegionLookup] = {}
    folder_memo: dict[str, tuple] = {}
    for rec in rows:
        ref = rec.get("region_id") or ""
        folder = rec.get("_folder")
        if folder:
            if folder not in folder_memo:
                folder_memo[folder] = index.resolve(folder)
            fmatch, fguess, _ = folder_memo[folder]
            if fmatch is None:
                col.errors.append(
                    Problem(
                        file=rec["_file"],
                        code="foreign-key",
                        column="(folder)",
                        message=f"the folder '{folder}' does not name a known region"
                        + (f" (closest: '{fguess}')" if fguess else "")
                        + ".",
                        fix="Name region folders by region_id (as in regions.csv) or add the "
                        "folder name to that region's aliases.",
                    )
                )
                rec["_reported"] = True
                continue
            if not ref:
                rec["region_id"] = fmatch.region_id
                continue
        if ref not in memo:
            memo[ref] = index.lookup(ref)
        found = memo[ref]
        if found.match is None:
            col.unresolved_item(rec, "region_id", ref, found.reason, found.guess, found.score)
            rec["_reported"] = True
            continue
        match = found.match
        if folder and match.region_id != folder_memo[folder][0].region_id:
            col.errors.append(
                Problem(
                    file=rec["_file"],
                    sheet=rec["_sheet"] or None,
                    row=rec["_row"],
                    column="region_id",
                    code="conflict",
                    message=f"the row names region '{ref}' but sits in the folder of "
                    f"'{folder_memo[folder][0].region_id}'.",
                    fix="Move the row to the right region's folder or fix the region.",
                )
            )
            rec["_reported"] = True
            continue
        if match.method != "id":
            col.resolved(rec, "region_id", ref, match.region_id, match.score, match.method)
        rec["region_id"] = match.region_id


def _account(files: list[dict], records: dict[str, list[dict]]) -> None:
    """Fill per-file row counts so that read = ingested + merged + reported."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rows in records.values():
        for rec in rows:
            key = (
                "rows_merged"
                if rec.get("_merged_into")
                else ("rows_reported" if rec.get("_reported") else "rows_ingested")
            )
            counts[rec["_entry"]][key] += 1
    for i, entry in enumerate(files):
        for k in ("rows_ingested", "rows_merged", "rows_reported"):
            entry[k] = counts[i][k]
