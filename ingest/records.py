"""Turn a raw table into typed records of its canonical table.

Each record is a dict of canonical column → parsed value, plus the extra (unmapped) columns
under ``_extra`` and the provenance ``_file``, ``_sheet``, ``_row``. Cells that cannot be
parsed, rows with missing or extra cells and blank required cells become problems; the
record is then not produced (the row is reported, not silently kept half-parsed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from synergy.errors import Problem

from .headers import HeaderMap
from .readers import RawTable
from .schema import TableSpec
from .values import clean_text, is_blank, parse_date, parse_enum, parse_float, parse_int, parse_list

__all__ = ["TypedRows", "type_rows"]


@dataclass
class TypedRows:
    """The records of one raw table, the problems found, and fuzzy enum resolutions."""

    records: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    resolutions: list[dict] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0


def _parse(column, value):
    """Return (parsed value, enum score or None); raise ValueError with a readable message."""
    if column.type == "int":
        out = parse_int(value)
    elif column.type == "float":
        out = parse_float(value)
    elif column.type == "list":
        return parse_list(value), None
    elif column.type == "date":
        return parse_date(value), None
    elif column.type == "enum":
        choice, score = parse_enum(value, column.name, column.choices)
        return choice, score
    else:
        return clean_text(value), None
    if column.min is not None and out < column.min:
        raise ValueError(f"{out:g} is below the minimum {column.min:g}")
    if column.max is not None and out > column.max:
        raise ValueError(f"{out:g} is above the maximum {column.max:g}")
    return out, None


def _fast_text(value: object) -> str | None:
    """Return stripped plain text for the common case, None when the slow path is needed."""
    if type(value) is str:
        text = value.strip()
        if text.isascii():
            return text
    return None


_TYPE_HINT = {
    "int": "a whole number",
    "float": "a number (e.g. 1500000 or 1.5 Mio)",
    "date": "a date (YYYY-MM-DD)",
}


def type_rows(raw: RawTable, spec: TableSpec, hmap: HeaderMap) -> TypedRows:
    """Return the typed records of ``raw`` (see module docstring).

    Complexity: O(cells). Plain ASCII text takes a fast path, and typed values (numbers,
    enumerations, dates) are parsed once per distinct cell text, which matters when a
    register of 200,000 firms repeats the same few sizes and types.
    """
    out = TypedRows()
    width = hmap.width
    plan = [(name, idx, spec.column(name)) for name, idx in hmap.columns.items()]
    memo: dict[tuple[str, object], tuple] = {}
    region_implied = raw.region_folder is not None
    for cells, rowno in zip(raw.rows, raw.row_numbers, strict=True):
        out.rows_read += 1
        row_problems: list[Problem] = []

        def problem(column, code, message, fix, _rowno=rowno, _rp=row_problems) -> None:
            _rp.append(
                Problem(
                    file=raw.file,
                    sheet=raw.sheet,
                    row=_rowno,
                    column=column,
                    code=code,
                    message=message,
                    fix=fix,
                )
            )

        n_cells = len(cells)
        if n_cells > width and any(not is_blank(c) for c in cells[width:]):
            extra = [clean_text(c) for c in cells[width:] if not is_blank(c)]
            problem(
                None,
                "extra-cell",
                f"the row has {n_cells} cells but the header has {width} "
                f"(extra: {', '.join(repr(e) for e in extra[:3])}).",
                "Remove the extra cells, or quote a cell that contains the separator.",
            )
        elif n_cells < width and raw.separator is not None:
            problem(
                None,
                "missing-cell",
                f"the row has {n_cells} cells but the header has {width}.",
                "Add the missing separators so every row has one cell per column.",
            )
        record: dict = {"_file": raw.file, "_sheet": raw.sheet or "", "_row": rowno}
        for name, idx, column in plan:
            value = cells[idx] if idx < n_cells else None
            text = _fast_text(value)
            if text == "" or (text is None and is_blank(value)):
                if column.required and not (name == "region_id" and region_implied):
                    problem(
                        name,
                        "missing-cell",
                        f"required value '{name}' is empty.",
                        f"Fill in '{name}' or delete the row.",
                    )
                record[name] = [] if column.type == "list" else None
                continue
            if column.type == "str" and text is not None:
                record[name] = text
                continue
            if column.type == "list" and text is not None and ";" not in text and "\n" not in text:
                record[name] = [text]
                continue
            key = (name, value)
            try:
                if column.type in ("str", "list") or not isinstance(value, str | int | float):
                    parsed, score = _parse(column, value)
                else:
                    if key not in memo:
                        try:
                            memo[key] = _parse(column, value)
                        except ValueError as exc:
                            memo[key] = exc
                    if isinstance(memo[key], ValueError):
                        raise memo[key]
                    parsed, score = memo[key]
            except ValueError as exc:
                hint = _TYPE_HINT.get(column.type)
                if column.type == "enum":
                    hint = f"one of {', '.join(column.choices)}"
                elif column.min is not None or column.max is not None:
                    lo = "" if column.min is None else f"{column.min:g}"
                    hi = "" if column.max is None else f"{column.max:g}"
                    hint = f"{hint} in the range {lo}..{hi}"
                problem(name, "type-error", f"{exc}.", f"Write {hint}.")
                continue
            if score is not None and score < 1.0:
                out.resolutions.append(
                    {
                        "file": raw.file,
                        "sheet": raw.sheet or "",
                        "row": rowno,
                        "column": name,
                        "value": clean_text(value),
                        "resolved_to": parsed,
                        "score": score,
                        "method": "fuzzy-enum",
                    }
                )
            record[name] = parsed
        if hmap.extra:
            record["_extra"] = {
                h: clean_text(cells[i])
                for h, i in sorted(hmap.extra.items())
                if i < n_cells and not is_blank(cells[i])
            }
        for column in spec.columns:
            if column.name not in record:
                record[column.name] = [] if column.type == "list" else None
        if row_problems:
            out.problems.extend(row_problems)
            out.rows_rejected += 1
            continue
        out.records.append(record)
    return out
