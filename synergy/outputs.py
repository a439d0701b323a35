"""Write a scan's output files (the output contract of DESIGN.md), atomically and safely.

This is an edge module: it is the only place besides the CLI that writes scan results to
disk. Every writer builds its bytes in memory and writes them with a temp-file-then-rename,
and :func:`write_scan_outputs` builds the whole folder next to its destination and swaps it
in at the end, so a failed run never leaves a half-written output folder.

Text that came from input files is escaped for spreadsheets with :func:`safe_cell`
(OWASP CSV-injection guidance), so a region called ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pandas as pd

from synergy.core.errors import OutputError
from synergy.graphml import _missing as _is_missing
from synergy.graphml import _plain, iter_graphml, write_graphml_stream
from synergy.xlsx import write_workbook_bytes

__all__ = [
    "PAIRINGS_COLUMNS",
    "UNRESOLVED_COLUMNS",
    "CONTRACT_FILES",
    "atomic_output_dir",
    "atomic_write",
    "atomic_write_with",
    "safe_cell",
    "format_number",
    "pairings_csv_bytes",
    "write_pairings_csv",
    "write_pairings_xlsx",
    "summary_rows_from_manifest",
    "frame_csv_bytes",
    "graphml_bytes",
    "write_graphml",
    "write_unresolved_csv",
    "manifest_json",
    "write_manifest",
    "drop_timings",
    "write_scan_outputs",
]

PAIRINGS_COLUMNS = (
    "rank",
    "kind",
    "regions",
    "clusters",
    "domains",
    "chain_id",
    "score",
    "components",
    "evidence",
)
UNRESOLVED_COLUMNS = ("file", "sheet", "row", "column", "value", "reason", "best_guess", "score")
CONTRACT_FILES = (
    "pairings.csv",
    "pairings.xlsx",
    "report.md",
    "report.html",
    "graph.html",
    "graph.graphml",
    "unresolved.csv",
    "manifest.json",
)
MANIFEST = "manifest.json"

# Characters that make Excel/LibreOffice/Sheets evaluate a cell (OWASP), plus their
# full-width forms, which some spreadsheet locales normalise to the ASCII ones.
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


# --------------------------------------------------------------------------- atomic writing


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output_dir(out_dir: Path | str) -> Iterator[Path]:
    """Yield a temporary folder that replaces ``out_dir`` when the block succeeds.

    The temporary folder is created next to ``out_dir`` (same filesystem, so the final
    rename is atomic) and hidden (its name starts with ``.``, so ingest ignores it if the
    output lives inside a dataset). On an exception it is removed and an existing
    ``out_dir`` is left exactly as it was.

    Raises
    ------
    OutputError
        If ``out_dir`` is a file or symlink, or a non-empty folder without ``manifest.json``
        (not a previous synergy output: we never delete a user's unrelated folder).
    """
    out_dir = Path(out_dir)
    _check_replaceable(out_dir)
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=parent))
    except OSError as exc:
        raise OutputError(
            f"Cannot create a folder next to '{out_dir}': {exc}. "
            "Fix: choose an --out folder in a writable location."
        ) from exc
    try:
        yield tmp
        # mkdtemp makes 0700 folders; the result should look like any folder the user makes.
        os.chmod(tmp, 0o777 & ~_umask())
        _swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _check_replaceable(out_dir: Path) -> None:
    if out_dir.is_symlink():
        raise OutputError(
            f"Output folder '{out_dir}' is a symbolic link. "
            "Fix: pass the real folder it points to, or a new folder name."
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(
            f"Output path '{out_dir}' is an existing file, not a folder. "
            "Fix: choose another --out folder or move the file away."
        )
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MANIFEST).is_file():
        raise OutputError(
            f"Output folder '{out_dir}' is not empty and holds no {MANIFEST}, so it does not "
            "look like a previous synergy output; refusing to replace it. "
            "Fix: choose a new or empty --out folder."
        )


def _swap_in(tmp: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.rename(tmp, out_dir)
        return
    # Park the old folder inside a fresh hidden holder so its name can never clash.
    holder = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    parked = holder / "old"
    os.rename(out_dir, parked)
    try:
        os.rename(tmp, out_dir)
    except OSError as exc:
        os.rename(parked, out_dir)
        holder.rmdir()
        raise OutputError(
            f"Cannot move the new outputs into '{out_dir}': {exc}. The previous outputs "
            "were kept. Fix: check the folder's permissions and run again."
        ) from exc
    shutil.rmtree(holder, ignore_errors=True)


def atomic_write(path: Path | str, data: bytes | str) -> None:
    """Write ``data`` (str is encoded as UTF-8) to ``path`` via a temp file and a rename."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    atomic_write_with(path, lambda fh: fh.write(payload))


def atomic_write_with(path: Path | str, write: Callable[[IO[bytes]], object]) -> None:
    """Call ``write`` with a binary file that replaces ``path`` only if it returns normally.

    Large outputs (GraphML, XLSX) stream into the file instead of being built in memory.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"Cannot write '{path}': {exc}. Fix: check the folder.") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --------------------------------------------------------------------------- cell values


def format_number(value: int | float, *, decimals: int | None = None) -> str:
    """Return a deterministic text form of a number: integral floats as ints, else ``repr``.

    >>> format_number(3.0), format_number(0.1 + 0.2), format_number(0.5, decimals=4)
    ('3', '0.30000000000000004', '0.5000')
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return "" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if decimals is not None:
        return f"{value:.{decimals}f}"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ";".join(_text(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return ";".join(sorted(_text(v) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


def safe_cell(value: Any) -> str:
    """Return ``value`` as spreadsheet-safe text: formula-like text gets a leading ``'``.

    Numbers stay plain numbers (a real ``-2`` is not a formula); text starting with
    ``=``, ``+``, ``-``, ``@``, tab or carriage return (also after leading spaces) is
    prefixed with ``'`` so spreadsheets show it instead of evaluating it (OWASP).

    >>> safe_cell("=SUM(A1)"), safe_cell("-2"), safe_cell(-2), safe_cell(" @x"), safe_cell("AT31")
    ("'=SUM(A1)", "'-2", '-2', "' @x", 'AT31')
    """
    value = _plain(value)
    if _is_missing(value):
        return ""
    if isinstance(value, (bool, int, float)):
        return format_number(value)
    text = _text(value)
    if text[:1] in ("\t", "\r") or text.lstrip()[:1] in _FORMULA_START:
        return "'" + text
    return text


def _csv_cell(column: str, value: Any, decimals: Mapping[str, int]) -> str:
    value = _plain(value)
    if isinstance(value, float) and not _is_missing(value) and column in decimals:
        return format_number(value, decimals=decimals[column])
    return safe_cell(value)


def _csv_bytes(df: pd.DataFrame, columns: list[Any], decimals: Mapping[str, int]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in columns])
    for record in df.reindex(columns=columns).itertuples(index=False, name=None):
        writer.writerow([_csv_cell(c, v, decimals) for c, v in zip(columns, record, strict=True)])
    return buf.getvalue().encode("utf-8")


def _ordered_columns(df: pd.DataFrame, contract: tuple[str, ...]) -> list[str]:
    return list(contract) + [str(c) for c in df.columns if c not in contract]


# --------------------------------------------------------------------------- pairings


def pairings_csv_bytes(pairings: pd.DataFrame) -> bytes:
    """Return ``pairings.csv`` bytes: contract columns first, then any extra columns."""
    return _csv_bytes(pairings, _ordered_columns(pairings, PAIRINGS_COLUMNS), {"score": 4})


def write_pairings_csv(path: Path | str, pairings: pd.DataFrame) -> None:
    """Write ``pairings.csv`` (UTF-8, ``,``, ``\\n``, score with 4 decimals, safe cells)."""
    atomic_write(path, pairings_csv_bytes(pairings))


def write_pairings_xlsx(
    path: Path | str, pairings: pd.DataFrame, *, summary_rows: Sequence[tuple[str, Any]] = ()
) -> None:
    """Write ``pairings.xlsx``: a ``summary`` sheet, then one sheet per candidate kind.

    ``summary_rows`` are ``(label, value)`` pairs shown under *Settings* on the summary
    sheet (see :func:`summary_rows_from_manifest`). The bytes are deterministic.
    """
    columns = _ordered_columns(pairings, PAIRINGS_COLUMNS)
    atomic_write(path, write_workbook_bytes(pairings.reindex(columns=columns), summary_rows))


def summary_rows_from_manifest(manifest: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Return ``(label, value)`` rows for the XLSX summary: the manifest minus ``timings``.

    Nested mappings become dotted labels (``settings.seed``); lists of records (the inputs)
    become a count that points to ``manifest.json``.
    """
    rows: list[tuple[str, Any]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for key in sorted(value, key=str):
                walk(f"{prefix}.{key}" if prefix else str(key), value[key])
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], Mapping):
            rows.append((prefix, f"{len(value)} entries (see manifest.json)"))
        else:
            rows.append((prefix, value))

    walk("", drop_timings(manifest))
    return rows


def frame_csv_bytes(df: pd.DataFrame, *, decimals: Mapping[str, int] | None = None) -> bytes:
    """Return any table as spreadsheet-safe CSV bytes (for side files like ``stress.csv``)."""
    return _csv_bytes(df, list(df.columns), decimals or {})


# --------------------------------------------------------------------------- graphml


def graphml_bytes(graph: nx.Graph) -> bytes:
    """Return the graph as GraphML bytes, nodes and edges sorted so output is byte-stable.

    Lists are joined with ``;``, ``None``/NaN dropped, dicts and other values JSON-encoded.
    Multigraph edge keys (the edge type) become GraphML edge ids. The document is the one
    ``networkx.write_graphml(..., infer_numeric_types=True)`` writes, made by the streaming
    writer of :mod:`synergy.graphml`.
    """
    return "".join(iter_graphml(graph)).encode("utf-8")


def write_graphml(path: Path | str, graph: nx.Graph) -> None:
    """Write ``graph.graphml`` (see :func:`graphml_bytes`), streamed to disk atomically."""
    atomic_write_with(path, lambda fh: write_graphml_stream(graph, fh))


# --------------------------------------------------------------------------- unresolved, manifest


def write_unresolved_csv(path: Path | str, unresolved_df: pd.DataFrame | None) -> None:
    """Write ``unresolved.csv``: file, sheet, row, column, value, reason, best_guess, score."""
    df = unresolved_df if unresolved_df is not None else pd.DataFrame()
    columns = _ordered_columns(df, UNRESOLVED_COLUMNS)
    atomic_write(path, _csv_bytes(df, columns, {"score": 4}))


def _json_default(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if hasattr(value, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def manifest_json(manifest: Mapping[str, Any]) -> str:
    """Return the manifest as JSON text: sorted keys, indent 2, trailing newline."""
    text = json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False, default=_json_default)
    return text + "\n"


def write_manifest(path: Path | str, manifest: Mapping[str, Any]) -> None:
    """Write ``manifest.json``; keep run times under ``timings`` (see :func:`drop_timings`)."""
    atomic_write(path, manifest_json(manifest))


def drop_timings(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """Return the manifest without its ``timings`` key, for determinism checks."""
    return {k: v for k, v in manifest.items() if k != "timings"}


# --------------------------------------------------------------------------- the whole folder


def _relative_name(name: str, what: str) -> Path:
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or any(not _SAFE_NAME.match(p) for p in parts):
        raise OutputError(
            f"Invalid {what} name {name!r}: use letters, digits, '.', '_' and '-' only, "
            "relative to the output folder."
        )
    return Path(*parts)


def write_scan_outputs(
    out_dir: Path | str,
    *,
    graph: nx.Graph,
    pairings: pd.DataFrame,
    unresolved: pd.DataFrame | None,
    manifest: Mapping[str, Any],
    report_md: str,
    report_html: str,
    graph_html: str,
    images: Mapping[str, bytes] | None = None,
    extra_files: Mapping[str, bytes | str] | None = None,
) -> list[str]:
    """Write every output file into ``out_dir`` atomically; return their relative paths.

    ``images`` maps a name (``heatmap``) to PNG bytes written as ``img/<name>.png``, next to
    ``report.md`` which links them. ``extra_files`` maps relative names (``stress.csv``) to
    bytes or text. Either the whole folder is written, or ``out_dir`` is left untouched.
    """
    files: dict[Path, bytes | str] = {
        Path("pairings.csv"): pairings_csv_bytes(pairings),
        Path("report.md"): report_md,
        Path("report.html"): report_html,
        Path("graph.html"): graph_html,
        Path("manifest.json"): manifest_json(manifest),
    }
    for name, png in sorted((images or {}).items()):
        files[Path("img") / _relative_name(f"{name}.png", "image")] = png
    for name, content in sorted((extra_files or {}).items()):
        rel = _relative_name(name, "extra file")
        if rel in files or rel.as_posix() in CONTRACT_FILES:
            raise OutputError(f"Extra file {name!r} would overwrite a contract output file.")
        files[rel] = content
    with atomic_output_dir(out_dir) as tmp:
        for rel, payload in files.items():
            atomic_write(tmp / rel, payload)
        write_pairings_xlsx(
            tmp / "pairings.xlsx", pairings, summary_rows=summary_rows_from_manifest(manifest)
        )
        write_unresolved_csv(tmp / "unresolved.csv", unresolved)
        write_graphml(tmp / "graph.graphml", graph)
    written = [*(p.as_posix() for p in files), "graph.graphml", "pairings.xlsx", "unresolved.csv"]
    return sorted(written)
