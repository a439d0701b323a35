"""The ``columns.toml`` a dataset would use: every header decision, per folder, as a file.

``synergy validate`` can write one ``columns.toml`` per folder that holds data files (the
top level and each region folder), so a user can check how each header was read and freeze
it: a mapping in ``columns.toml`` is used before any alias or content rule.
Every mapped header becomes a line ``"Header" = "column"`` with its rule and reason as a
comment; extra columns and undecidable headers are written as comments, the latter with the
candidates to uncomment.

The decisions are the ones :func:`ingest.load_dataset` makes (same discovery, same table
detection, same :func:`ingest.headers.resolve_headers`); values are not typed here, so the
plan is written even when other problems keep the dataset from loading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .headers import HeaderDecision, detect_table, load_columns_toml, resolve_headers
from .readers import discover, read_file
from .schema import TABLE_NAMES, TABLES

__all__ = ["FolderColumns", "plan_columns", "columns_toml_text"]

FILE_NAME = "columns.toml"


@dataclass
class _Entry:
    file: str
    sheet: str
    table: str
    decisions: tuple[HeaderDecision, ...]
    undecided: dict[str, tuple[str, ...]]  # column -> the competing headers


@dataclass
class FolderColumns:
    """The header decisions of the data files of one folder ("" for the top level)."""

    folder: str
    entries: list[_Entry] = field(default_factory=list)

    @property
    def path(self) -> str:
        """Return the relative path of this folder's ``columns.toml``."""
        return f"{self.folder}/{FILE_NAME}" if self.folder else FILE_NAME


def plan_columns(root: Path) -> list[FolderColumns]:
    """Return the header decisions of every table of the dataset at ``root``, per folder.

    Folders with an existing ``columns.toml`` are planned with it (its mappings show as
    rule ``columns.toml``).
    """
    found = discover(root)
    customs: dict[str, dict] = {}
    plans: dict[str, FolderColumns] = {}
    for source in found.files:
        folder = source.region_folder or ""
        if folder not in customs:
            customs[folder] = _custom(root, folder)
        custom = {**customs.get("", {})} if folder else {}
        for k, v in customs[folder].items():
            custom[k] = {**custom.get(k, {}), **v}
        if read_file(source) and source.path.suffix.lower() == ".txt":
            continue
        implied = source.region_folder is not None
        for raw in source.tables:
            if not raw.header:
                continue
            table = raw.table
            if table is None:
                table = detect_table(raw, custom, region_implied=implied).table
            if table is None:
                continue
            hmap, _ = resolve_headers(raw, TABLES[table], custom, region_implied=implied)
            plans.setdefault(folder, FolderColumns(folder)).entries.append(
                _Entry(source.rel, raw.sheet or "", table, hmap.decisions, hmap.undecided)
            )
    return [plans[k] for k in sorted(plans)]


def _custom(root: Path, folder: str) -> dict:
    path = root / folder / FILE_NAME if folder else root / FILE_NAME
    if not path.exists():
        return {}
    mapping, _ = load_columns_toml(path, path.name)
    return mapping


def columns_toml_text(plan: FolderColumns) -> str:
    """Return the text of one folder's ``columns.toml``, commented with the reason per line."""
    where = f"{plan.folder}/" if plan.folder else "the top level of the dataset"
    lines = [
        f"# How synergy reads the headers of the data files in {where}",
        "# (written by `synergy validate`, asked to write the columns). Check each line, fix",
        "# what is wrong and keep the file: its mappings come before any alias or content rule.",
        "# Rules: alias (a known header in one of eleven languages), content-id (short unique",
        "# codes make the id), content-text (text makes the name or title), columns.toml (from",
        "# an earlier mapping). Commented lines are extra columns or undecided headers.",
    ]
    for table in TABLE_NAMES:
        entries = [e for e in plan.entries if e.table == table]
        if not entries:
            continue
        lines += ["", f"[{table}]"]
        seen: dict[str, str] = {}
        for e in entries:
            lines.append(f"# {e.file}" + (f" [{e.sheet}]" if e.sheet else ""))
            for d in e.decisions:
                lines.append(_line(d, seen, e))
            for column, headers in sorted(e.undecided.items()):
                options = " or ".join(f'"{h}" = "{column}"' for h in headers)
                lines.append(f"# UNDECIDED: uncomment one of: {options}")
    return "\n".join(lines) + "\n"


def _line(d: HeaderDecision, seen: dict[str, str], entry: _Entry) -> str:
    header = d.header.replace("\\", "\\\\").replace('"', '\\"')
    if not d.column:
        return f'# "{header}" is kept as an extra column: {d.why}'
    if seen.get(d.header, d.column) != d.column:
        return (
            f'# "{header}" = "{d.column}"  # {d.rule}: {d.why} (another file of this folder '
            f"maps it to {seen[d.header]}: one columns.toml cannot say both; rename one header)"
        )
    seen[d.header] = d.column
    return f'"{header}" = "{d.column}"  # {d.rule}: {d.why}'
