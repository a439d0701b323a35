"""Return the file layout of a synthetic dataset and write it, like a real regional delivery.

Part of the synthetic dataset generator (:mod:`synergy.synth`); an edge module (it writes).

Layout (file names resolve through :func:`ingest.schema.table_for_name`)::

    regions.csv, value_chains.csv           all regions, all chains
    priorities.csv, clusters.csv,           regions at the top level (``region_id`` column)
    programmes.csv
    actors.csv                              firms of top-level regions
    organisations.csv                       research, universities, public bodies, intermediaries
    members.csv                             a cluster member list: a third of the duplicate rows
    <region>/prioritaeten.csv ...           one German region: German headers and values,
                                            UTF-8 with BOM, ``;`` (as Excel writes it)
    <region>/priorita.csv, aziende.csv ...  one Italian region; ``aziende.csv`` is Latin-1, ``;``
    <region>/priorites.csv ...              one French region, French headers, UTF-8 ``,``
    <region>/data.xlsx                      the smallest region: one workbook, a sheet per table
    <region>/export.json                    the next smallest: {"priorities": [...], ...}
    _truth/actor_duplicates.csv             actor_id, duplicate_of, variation
    _truth/planted.json                     arguments, layout, planted complementarities
    projects.csv, participations.csv        only with ``projects`` (synergy.synth.projects):
                                            dated projects, partners outside with in_dataset
                                            false

Sub-folder files omit the region column (the folder names the region). Every file is written
byte-identically for the same tables: rows sorted, ``\\n`` line ends, fixed XLSX timestamps.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from synergy.synth.projects import PARTICIPATION_COLUMNS, PROJECT_COLUMNS
from synergy.synth.vocab import LOCAL_ENUMS, LOCAL_FILES, LOCAL_HEADERS

__all__ = ["plan_layout", "write_tables", "TABLE_COLUMNS"]

TABLE_COLUMNS = {
    "regions": ("region_id", "name", "country", "development", "aliases"),
    "priorities": (
        "region_id",
        "priority_id",
        "title",
        "description",
        "language",
        "domains",
        "nace",
        "keywords",
    ),
    "clusters": (
        "cluster_id",
        "name",
        "region_id",
        "priority_ids",
        "domains",
        "nace",
        "members",
        "website",
        "description",
    ),
    "actors": ("actor_id", "name", "region_id", "type", "size", "nace", "cluster_ids", "roles"),
    "value_chains": ("chain_id", "stage_id", "stage_order", "stage_name", "chain_name", "domains"),
    "programmes": (
        "programme_id",
        "region_id",
        "name",
        "budget_eur",
        "domains",
        "instrument",
        "trl_min",
        "trl_max",
        "beneficiaries",
        "opens",
        "closes",
    ),
}
_MEMBER_COLUMNS = ("actor_id", "name", "region_id", "type", "cluster_ids")
_LIST_COLUMNS = {
    "aliases",
    "domains",
    "nace",
    "keywords",
    "priority_ids",
    "cluster_ids",
    "roles",
    "beneficiaries",
}
_INT_COLUMNS = {"members", "trl_min", "trl_max", "stage_order"}
_REGION_TABLES = ("priorities", "clusters", "actors", "programmes")
_FIXED_TIME = datetime(2024, 1, 1)


def plan_layout(regions: pd.DataFrame, actors: pd.DataFrame) -> dict[str, str]:
    """Return region_id -> where its files go: ``top``, ``de``, ``it``, ``fr``, ``xlsx``, ``json``.

    With fewer than 6 regions everything stays at the top level.
    """
    layout = dict.fromkeys(regions["region_id"], "top")
    if len(regions) < 6:
        return layout
    counts = actors.loc[~actors["_dup"], "region_id"].value_counts()
    for lang in ("de", "it", "fr"):
        for rid, rlang in zip(regions["region_id"], regions["_lang"], strict=True):
            if rlang == lang and layout[rid] == "top" and counts.get(rid, 0) > 0:
                layout[rid] = lang
                break
    top = sorted((int(counts.get(r, 0)), r) for r, where in layout.items() if where == "top")
    for (_, rid), fmt in zip(top, ("xlsx", "json"), strict=False):
        layout[rid] = fmt
    return layout


def _csv_bytes(header, rows, *, sep=",", encoding="utf-8") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def _local_value(col: str, value: str, lang: str) -> str:
    """Return a cell as a person of ``lang`` would type it (enums, budgets, dates)."""
    if not value:
        return value
    words = LOCAL_ENUMS[lang]
    if col in ("type", "size"):
        return words.get(value, value)
    if col == "beneficiaries":
        return ";".join(words.get(v, v) for v in value.split(";"))
    if col == "budget_eur":
        eur = float(value)
        if lang == "de":
            return f"{eur / 1e6:.2f}".replace(".", ",") + " Mio €"
        if lang == "it":
            return f"{int(eur):,}".replace(",", ".")
        return f"{int(eur):,}".replace(",", " ") + " €"
    if col in ("opens", "closes"):
        d = date.fromisoformat(value)
        return d.strftime("%d.%m.%Y") if lang == "de" else d.strftime("%d/%m/%Y")
    return value


def _xlsx_bytes(sheets: dict[str, tuple[tuple[str, ...], list[list]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.remove(wb.active)
    for name, (header, rows) in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(list(header))
        for row in rows:
            ws.append(row)
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    wb.properties.creator = "synergy synth"
    raw = io.BytesIO()
    # ExcelWriter directly: save_workbook() would stamp the current time as "modified".
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _typed(col: str, value: str):
    """Return a cell for XLSX/JSON: numbers as numbers, blanks as None."""
    if value == "":
        return None
    if col in _INT_COLUMNS:
        return int(value)
    if col == "budget_eur":
        return float(value)
    return value


def _rows(df: pd.DataFrame, cols) -> list[list]:
    return df[list(cols)].to_numpy(dtype=object).tolist()


def write_tables(tables, root: Path, layout: dict[str, str]) -> list[str]:
    """Write ``tables`` (a :class:`synergy.synth.dataset.SynthTables`) under ``root``; return
    the files.

    ``root`` must exist and be empty. Paths are returned relative to ``root``, sorted.
    """
    frames = {
        "priorities": tables.priorities,
        "clusters": tables.clusters,
        "actors": tables.actors,
        "programmes": tables.programmes,
    }
    files = _top_level_files(tables, frames, layout)
    for rid, fmt in sorted(layout.items()):
        if fmt != "top":
            parts = {n: frames[n][frames[n]["region_id"] == rid] for n in _REGION_TABLES}
            files.update(_region_files(rid, fmt, parts))
    files.update(_truth_files(tables, layout))
    if tables.projects is not None and tables.participations is not None:
        files.update(_project_files(tables))
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return sorted(files)


def _top_level_files(tables, frames: dict[str, pd.DataFrame], layout) -> dict[str, bytes]:
    """Return the top-level CSVs: regions, chains, and the rows of the "top" regions.

    Actors of those regions are split three ways: firms, other organisations, and a members
    list holding some duplicates under other column names.
    """
    where = {name: df["region_id"].map(layout) for name, df in frames.items()}
    files = {
        "regions.csv": _csv_bytes(
            TABLE_COLUMNS["regions"], _rows(tables.regions, TABLE_COLUMNS["regions"])
        ),
        "value_chains.csv": _csv_bytes(
            TABLE_COLUMNS["value_chains"],
            _rows(tables.value_chains, TABLE_COLUMNS["value_chains"]),
        ),
    }
    for name in ("priorities", "clusters", "programmes"):
        df = frames[name][where[name] == "top"]
        files[f"{name}.csv"] = _csv_bytes(TABLE_COLUMNS[name], _rows(df, TABLE_COLUMNS[name]))
    act = frames["actors"][where["actors"] == "top"]
    alt = act["_dup"] & act["_alt"]
    firm = act["type"] == "firm"
    cols = TABLE_COLUMNS["actors"]
    files["actors.csv"] = _csv_bytes(cols, _rows(act[~alt & firm], cols))
    files["organisations.csv"] = _csv_bytes(cols, _rows(act[~alt & ~firm], cols))
    files["members.csv"] = _csv_bytes(_MEMBER_COLUMNS, _rows(act[alt], _MEMBER_COLUMNS))
    return files


def _region_files(rid: str, fmt: str, parts: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """Return the files of one region folder in its format: local-language CSVs, XLSX or JSON."""
    cols_of = {
        name: [c for c in TABLE_COLUMNS[name] if c != "region_id"] for name in _REGION_TABLES
    }
    files: dict[str, bytes] = {}
    if fmt in LOCAL_FILES:
        for name in _REGION_TABLES:
            heads = LOCAL_HEADERS[fmt][name]
            rows = [
                [_local_value(c, v, fmt) for c, v in zip(cols_of[name], row, strict=True)]
                for row in _rows(parts[name], cols_of[name])
            ]
            header = [heads[c] for c in cols_of[name]]
            path = f"{rid}/{LOCAL_FILES[fmt][name]}.csv"
            if fmt == "de":
                files[path] = b"\xef\xbb\xbf" + _csv_bytes(header, rows, sep=";")
            elif fmt == "it" and name == "actors":
                files[path] = _csv_bytes(header, rows, sep=";", encoding="latin-1")
            else:
                files[path] = _csv_bytes(header, rows)
    elif fmt == "xlsx":
        sheets = {
            name: (
                tuple(cols_of[name]),
                [
                    [_typed(c, v) for c, v in zip(cols_of[name], row, strict=True)]
                    for row in _rows(parts[name], cols_of[name])
                ],
            )
            for name in _REGION_TABLES
        }
        files[f"{rid}/data.xlsx"] = _xlsx_bytes(sheets)
    elif fmt == "json":
        doc = {}
        for name in _REGION_TABLES:
            records = []
            for row in _rows(parts[name], cols_of[name]):
                rec = {}
                for c, v in zip(cols_of[name], row, strict=True):
                    if v == "":
                        continue
                    rec[c] = v.split(";") if c in _LIST_COLUMNS else _typed(c, v)
                records.append(rec)
            doc[name] = records
        files[f"{rid}/export.json"] = (
            json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
        ).encode()
    return files


def _project_files(tables) -> dict[str, bytes]:
    """Return ``projects.csv`` and ``participations.csv`` (only when projects were drawn)."""
    return {
        "projects.csv": _csv_bytes(PROJECT_COLUMNS, _rows(tables.projects, PROJECT_COLUMNS)),
        "participations.csv": _csv_bytes(
            PARTICIPATION_COLUMNS, _rows(tables.participations, PARTICIPATION_COLUMNS)
        ),
    }


def _truth_files(tables, layout: dict[str, str]) -> dict[str, bytes]:
    """Return ``_truth/``: the planted duplicates and complementarities, counts and layout."""
    truth = {
        "arguments": tables.arguments,
        "counts": {
            "regions": len(tables.regions),
            "priorities": len(tables.priorities),
            "clusters": len(tables.clusters),
            "actors": int((~tables.actors["_dup"]).sum()),
            "duplicate_rows": len(tables.duplicates),
            "value_chains": int(tables.value_chains["chain_id"].nunique()),
            "stages": len(tables.value_chains),
            "programmes": len(tables.programmes),
        },
        "layout": {rid: fmt for rid, fmt in sorted(layout.items()) if fmt != "top"},
        "planted": tables.planted,
    }
    return {
        "_truth/actor_duplicates.csv": _csv_bytes(
            ("actor_id", "duplicate_of", "variation"),
            _rows(tables.duplicates, ("actor_id", "duplicate_of", "variation")),
        ),
        "_truth/planted.json": (json.dumps(truth, ensure_ascii=False, indent=1) + "\n").encode(),
    }
