"""Map a raw table's headers onto the canonical columns of its table.

Resolution order for each header: the folder's ``columns.toml`` (any header → a canonical
column, per table), then the table's aliases in English, German, Italian, French and
Slovenian (see :mod:`ingest.schema`). Headers that match nothing are kept as extra columns
and reported; a required column that no header matches is an error that names the aliases
tried and the closest header present.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from synergy.core.errors import Problem

from .readers import RawTable
from .schema import TABLES, TableSpec, normalise_header

__all__ = ["HeaderMap", "resolve_headers", "load_columns_toml", "guess_table"]


@dataclass(frozen=True)
class HeaderMap:
    """Where each canonical column sits in a raw table, and the headers left over."""

    columns: dict[str, int]  # canonical column -> index in the raw row
    extra: dict[str, int]  # unmatched header -> index
    width: int  # number of header cells (including blank ones that carry no data)


def load_columns_toml(path: Path, rel: str) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Return ``{table: {normalised header: canonical column}}`` from a ``columns.toml``.

    The file holds one section per table::

        [actors]
        "Ragione Sociale Completa" = "name"

    A section ``[all]`` (or ``["*"]``) applies to every table.
    """
    problems: list[Problem] = []
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return {}, [
            Problem(
                file=rel,
                code="not-a-table",
                message=f"columns.toml is not valid TOML ({exc}).",
                fix='Write one section per table, e.g. [actors] then "Odd Header" = "name".',
            )
        ]
    out: dict[str, dict[str, str]] = {}
    for section, mapping in sorted(doc.items()):
        table = "*" if section in ("*", "all") else section
        if table != "*" and table not in TABLES:
            problems.append(
                Problem(
                    file=rel,
                    column=section,
                    code="schema-error",
                    message=f"unknown table [{section}].",
                    fix=f"Use one of: {', '.join(TABLES)} (or [all]).",
                )
            )
            continue
        if not isinstance(mapping, dict):
            problems.append(
                Problem(
                    file=rel,
                    column=section,
                    code="schema-error",
                    message=f"[{section}] must be a table of header = column pairs.",
                    fix='Write e.g. "Odd Header" = "name".',
                )
            )
            continue
        valid = (
            {c.name for t in TABLES.values() for c in t.columns}
            if table == "*"
            else {c.name for c in TABLES[table].columns}
        )
        for header, column in sorted(mapping.items()):
            if column not in valid:
                problems.append(
                    Problem(
                        file=rel,
                        column=header,
                        code="schema-error",
                        message=f"[{section}] maps '{header}' to unknown column '{column}'.",
                        fix=f"Use one of: {', '.join(sorted(valid))}.",
                    )
                )
                continue
            out.setdefault(table, {})[normalise_header(header)] = column
    return out, problems


def guess_table(header: list[str]) -> str | None:
    """Return the one table whose required columns all appear in ``header``, else None."""
    found = []
    normalised = {normalise_header(h) for h in header}
    for spec in TABLES.values():
        amap = spec.alias_map()
        present = {amap[h] for h in normalised if h in amap}
        if set(spec.required) <= present:
            found.append(spec.name)
    return found[0] if len(found) == 1 else None


def resolve_headers(
    raw: RawTable,
    spec: TableSpec,
    custom: dict[str, dict[str, str]] | None = None,
    *,
    region_implied: bool = False,
) -> tuple[HeaderMap, list[Problem]]:
    """Return the header map of ``raw`` for ``spec`` and the problems found.

    ``custom`` comes from :func:`load_columns_toml`; ``region_implied`` is True when the file
    sits in a region sub-folder, so ``region_id`` may be omitted.
    """
    problems: list[Problem] = []
    custom = custom or {}
    mapped = {**custom.get("*", {}), **custom.get(spec.name, {})}

    def problem(column: str | None, code: str, message: str, fix: str) -> None:
        problems.append(
            Problem(
                file=raw.file,
                sheet=raw.sheet,
                row=1,
                column=column,
                code=code,
                message=message,
                fix=fix,
            )
        )

    columns, extra = _map_headers(raw, mapped, spec.alias_map(), problem)
    for req in spec.required:
        if req not in columns and not (req == "region_id" and region_implied):
            problem(req, "missing-column", *_missing_column(spec, req, extra))
    return HeaderMap(columns=columns, extra=extra, width=len(raw.header)), problems


def _map_headers(raw: RawTable, mapped: dict, aliases: dict, problem):
    """Return (canonical column -> position, unknown header -> position) of ``raw``'s header.

    Reports columns with data but no header, and two headers meaning the same column.
    """
    columns: dict[str, int] = {}
    extra: dict[str, int] = {}
    seen_at: dict[str, str] = {}
    for i, header in enumerate(raw.header):
        key = normalise_header(header)
        if not key:
            if any(i < len(r) and str(r[i] or "").strip() for r in raw.rows):
                problem(
                    f"#{i + 1}",
                    "blank-header",
                    f"column {i + 1} has data but no header.",
                    "Give the column a header, or delete it.",
                )
            continue
        canonical = mapped.get(key) or aliases.get(key)
        if canonical is None:
            extra[header] = i
            continue
        if canonical in columns:
            first = seen_at[canonical]
            problem(
                header,
                "duplicate-label",
                f"'{header}' and '{first}' both mean '{canonical}'.",
                "Keep one of the two columns, or rename one (see columns.toml).",
            )
            continue
        columns[canonical] = i
        seen_at[canonical] = header
    return columns, extra


def _missing_column(spec: TableSpec, req: str, extra: dict[str, int]) -> tuple[str, str]:
    """Return (message, fix) for a missing required column, naming the closest header."""
    col = spec.column(req)
    tried = ", ".join(sorted({req, *col.aliases})[:12])
    suggestion = ""
    if extra:
        best = process.extractOne(
            normalise_header(req),
            {h: normalise_header(h) for h in extra},
            scorer=fuzz.WRatio,
        )
        if best:
            suggestion = f" The closest header here is '{best[2]}'."
    return (
        f"required column '{req}' of table '{spec.name}' is missing "
        f"(headers tried: {tried}, ...).{suggestion}",
        f"Rename the right column to '{req}', or map it in a columns.toml next to "
        f'the file: [{spec.name}] "Your Header" = "{req}".',
    )
