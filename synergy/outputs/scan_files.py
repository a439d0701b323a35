"""Write a scan's output folder (the output contract of DESIGN.md) atomically.

:func:`write_scan` renders the report and the explorer and writes every file of the
contract plus the side tables; either the whole folder is written or ``out_dir`` is left
as it was.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from synergy.core.contract import CONTRACT_FILES, MANIFEST
from synergy.core.errors import OutputError
from synergy.core.gcpause import gc_paused
from synergy.graph.names import candidate_names
from synergy.outputs.atomic import atomic_output_dir, atomic_write
from synergy.outputs.graphml import write_graphml
from synergy.outputs.manifest import manifest, manifest_json, summary_rows_from_manifest
from synergy.outputs.tables import frame_csv_bytes, pairings_csv_bytes, write_unresolved_csv
from synergy.outputs.xlsx import write_pairings_xlsx
from synergy.pipeline import Progress, ScanResult

__all__ = ["write_scan", "write_scan_outputs", "WRITE_STAGES", "TABLE_FILES"]

WRITE_STAGES = 3  # calls of the progress callback in write_scan()

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


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
    names: pd.DataFrame | None = None,
    summary_html: str = "",
) -> list[str]:
    """Write every output file into ``out_dir`` atomically; return their relative paths.

    ``images`` maps a name (``heatmap``) to PNG bytes written as ``img/<name>.png``, next to
    ``report.md`` which links them. ``extra_files`` maps relative names (``stress.csv``) to
    bytes or text; ``names`` holds the candidates' titles and names for ``pairings.xlsx``
    (:func:`synergy.graph.names.candidate_names`); ``summary_html`` is written as
    ``summary.html`` (the one-page key findings). Either the whole folder is written, or
    ``out_dir`` is left untouched.
    """
    files = _page_files(report_md, report_html, graph_html, images, extra_files, summary_html)
    with atomic_output_dir(out_dir) as tmp:
        _write_tables(tmp, graph, pairings, unresolved, manifest, names)
        _write_files(tmp, files)
        atomic_write(tmp / MANIFEST, manifest_json(manifest))
    return _written(files)


TABLE_FILES = ("graph.graphml", "pairings.csv", "pairings.xlsx", "unresolved.csv")


def _page_files(
    report_md: str,
    report_html: str,
    graph_html: str,
    images: Mapping[str, bytes] | None,
    extra_files: Mapping[str, bytes | str] | None,
    summary_html: str,
) -> dict[Path, bytes | str]:
    """Return relative path -> content of the pages, images and side tables (checked names)."""
    files: dict[Path, bytes | str] = {
        Path("report.md"): report_md,
        Path("report.html"): report_html,
        Path("graph.html"): graph_html,
    }
    if summary_html:
        files[Path("summary.html")] = summary_html
    for name, png in sorted((images or {}).items()):
        files[Path("img") / _relative_name(f"{name}.png", "image")] = png
    for name, content in sorted((extra_files or {}).items()):
        rel = _relative_name(name, "extra file")
        if rel in files or rel.as_posix() in CONTRACT_FILES:
            raise OutputError(f"Extra file {name!r} would overwrite a contract output file.")
        files[rel] = content
    return files


def _write_files(tmp: Path, files: Mapping[Path, bytes | str]) -> None:
    for rel, payload in files.items():
        atomic_write(tmp / rel, payload)


def _write_tables(
    tmp: Path,
    graph: nx.Graph,
    pairings: pd.DataFrame,
    unresolved: pd.DataFrame | None,
    manifest: Mapping[str, Any],
    names: pd.DataFrame | None,
) -> None:
    """Write the files that need no report or explorer: GraphML, pairings CSV/XLSX, unresolved."""
    atomic_write(tmp / "pairings.csv", pairings_csv_bytes(pairings))
    write_pairings_xlsx(
        tmp / "pairings.xlsx",
        pairings,
        summary_rows=summary_rows_from_manifest(manifest),
        names=names,
    )
    write_unresolved_csv(tmp / "unresolved.csv", unresolved)
    write_graphml(tmp / "graph.graphml", graph)


def _written(files: Mapping[Path, bytes | str]) -> list[str]:
    return sorted([*(p.as_posix() for p in files), MANIFEST, *TABLE_FILES])


PARALLEL_REPORT_NODES = 20_000  # above this, the report is drawn in a second process


_PENDING: ScanResult | None = None  # the result a forked report worker draws


def _build_report(result: ScanResult):
    from synergy.report.build import build_report

    view = result.settings.view
    return build_report(result, top_n=view.report_top, max_rows=view.report_rows)


def _draw_pending_report():
    return _build_report(_PENDING)


def _report_in_background(result: ScanResult):
    """Return a future of the report drawn in a forked process, or None to draw it here.

    At EU scale the matplotlib plots take about as long as the explorer and the GraphML
    together; on two cores the two halves run at once. The fork shares the result without
    copying or pickling it; only the finished report comes back.
    """
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    global _PENDING
    if result.graph.number_of_nodes() < PARALLEL_REPORT_NODES or (
        "fork" not in mp.get_all_start_methods()
    ):
        return None, None
    _PENDING = result
    pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork"))
    return pool, pool.submit(_draw_pending_report)


def write_scan(
    result: ScanResult, out_dir: str | Path, *, progress: Progress | None = None
) -> list[str]:
    """Write the output contract to ``out_dir`` atomically; return the files written."""
    with gc_paused():  # pages, tables and files of many small objects: synergy.core.gcpause
        return _write_scan(result, out_dir, progress)


def _write_scan(result: ScanResult, out_dir: str | Path, progress: Progress | None) -> list[str]:
    """Render and write; on a large graph the report is drawn in a second process meanwhile.

    ``timings`` gets ``render`` (the explorer, the action plan, then waiting for or drawing
    the report) and ``write`` (every file, the tables written while the report is drawn):
    together they are this function's wall time.
    """
    global _PENDING
    from synergy.explorer.page import render_graph_html
    from synergy.report.action_plan import action_plan_markdown

    timings = result.timings
    with atomic_output_dir(out_dir) as tmp:
        t = time.perf_counter()
        if progress:
            progress("report")
        pool, future = _report_in_background(result)
        try:
            if progress:
                progress("graph.html")
            view = result.settings.view
            graph_html = render_graph_html(
                result.graph,
                result.pairings,
                title=f"synergy — {Path(result.dataset.root).name}",
                top=view.explorer_top,
                max_nodes=view.explorer_max_nodes,
                open_nodes=view.explorer_open_nodes,
            )
            extra_files: dict[str, bytes | str] = {"action-plan.md": action_plan_markdown(result)}
            for name, df in sorted(result.extras.items()):
                extra_files[f"{name}.csv"] = frame_csv_bytes(df)
            render = time.perf_counter() - t
            t = time.perf_counter()
            if progress:
                progress("writing files")
            # The tables need no report: they are written while the second process draws it.
            doc = manifest(result)  # holds ``timings`` itself: render and write are added below
            names = candidate_names(result.pairings, result.graph)
            _write_tables(tmp, result.graph, result.pairings, result.dataset.unresolved, doc, names)
            write = time.perf_counter() - t
            t = time.perf_counter()
            report = None
            if future is not None:
                try:
                    report = future.result()
                except Exception:  # a lost worker: draw it here instead (same bytes)
                    report = None
            if report is None:
                report = _build_report(result)
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            _PENDING = None
        render += time.perf_counter() - t
        t = time.perf_counter()
        files = _page_files(
            report.md, report.html, graph_html, report.images, extra_files, report.summary
        )
        _write_files(tmp, files)
        timings["render"] = round(render, 4)
        timings["write"] = round(write + time.perf_counter() - t, 4)
        atomic_write(tmp / MANIFEST, manifest_json(doc))
    return _written(files)
