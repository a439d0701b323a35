"""``synergy scan``: scan a dataset and write the output contract (optionally push to Neo4j)."""

from __future__ import annotations

from pathlib import Path

import typer

from synergy.commands.options import (
    DATASET,
    DEBUG,
    QUIET,
    TAXONOMY,
    State,
    err,
    out,
    plain,
    print_table,
    tell_not_read,
)
from synergy.core.settings import ScanSettings

__all__ = ["scan"]

_DEFAULTS = ScanSettings()  # CLI defaults come from the library's, never restated


def scan(
    dataset: Path = DATASET,
    out_dir: Path = typer.Option(
        None, "--out", "-o", help="Output folder (default: out/<dataset name>)."
    ),
    weights: str = typer.Option(
        None, "--weights", help="kind.component=value,... or a TOML/JSON file."
    ),
    top: int = typer.Option(None, "--top", min=1, help="Keep the best N candidates per kind."),
    taxonomy: Path = TAXONOMY,
    favour_mixed_development: float = typer.Option(
        0.0,
        "--favour-mixed-development",
        min=0.0,
        max=1.0,
        help="Score bonus for candidates joining regions of different development levels.",
    ),
    as_of: str = typer.Option(
        None,
        "--as-of",
        help="Date (YYYY-MM-DD) a programme must still be open on to join a synchronized "
        "call (default: the dataset's newest programme opening).",
    ),
    earmark: float = typer.Option(
        _DEFAULTS.calls.earmark,
        "--earmark",
        min=0.0,
        max=1.0,
        help="Share of each programme's budget it can put into synchronized calls.",
    ),
    reference: Path = typer.Option(
        None,
        "--reference",
        help="Regions x domains CSV (region id, then domain columns) that widens the "
        "estimation of RCA and proximity beyond the scanned regions.",
    ),
    stability_runs: int | None = typer.Option(
        None,
        "--stability-runs",
        min=0,
        help="Perturbed runs behind the stability column (default: "
        f"{_DEFAULTS.stability.runs}, left out above {_DEFAULTS.stability.max_actors:,} actor "
        "rows unless given).",
        show_default=False,
    ),
    profile: str = typer.Option(
        ",".join(_DEFAULTS.relatedness.profile),
        "--profile",
        help="Sources of the capability matrix behind relatedness and complexity, "
        "comma-separated among priorities, clusters, actors, projects (participations; nothing "
        "without projects data). priorities mixes intent into capability.",
    ),
    neo4j: bool = typer.Option(False, "--neo4j", help="Also push the graph to Neo4j."),
    quiet: bool = QUIET,
    debug: bool = DEBUG,
) -> None:
    """Scan a dataset and write pairings, report, graph and manifest to --out.

    --profile chooses what the capability matrix of relatedness and complexity counts
    (default: clusters, actors and, with projects data, participations in projects).

    Example: synergy scan examples/alpine-space --out out/alpine-space --top 50
    """
    # Imported here so `synergy --help` stays fast.
    from dataclasses import replace

    from synergy import pipeline
    from synergy.core.scoring import parse_weights
    from synergy.outputs.scan_files import WRITE_STAGES, write_scan
    from synergy.pipeline import SCAN_STAGES

    State.debug = State.debug or debug
    sources = tuple(dict.fromkeys(p.strip() for p in profile.split(",") if p.strip()))
    from synergy.graph.profiles import PROFILE_SOURCES

    if not sources or set(sources) - set(PROFILE_SOURCES):
        raise typer.BadParameter(
            f"'{profile}': choose among {', '.join(PROFILE_SOURCES)} (comma-separated).",
            param_hint="--profile",
        )
    settings = ScanSettings(
        taxonomy_path=taxonomy,
        weights=parse_weights(weights),
        top=top,
        favour_mixed_development=favour_mixed_development,
        calls=replace(_DEFAULTS.calls, as_of=_iso_date(as_of), earmark=earmark),
        relatedness=replace(_DEFAULTS.relatedness, reference=reference, profile=sources),
        stability=_DEFAULTS.stability
        if stability_runs is None
        else replace(_DEFAULTS.stability, runs=stability_runs, max_actors=None),
    )
    out_dir = out_dir or Path("out") / dataset.resolve().name

    update, status = _progress(quiet, SCAN_STAGES + WRITE_STAGES + (1 if neo4j else 0))
    try:
        result = pipeline.scan(dataset, settings, progress=update)
        files = write_scan(result, out_dir, progress=update)
        if neo4j:
            from synergy.neo4j import connection as neo4j_connection
            from synergy.neo4j import store as neo4j_store

            if update:
                update("pushing to Neo4j")
            driver = neo4j_connection.connect()
            try:
                neo4j_store.push_graph(
                    driver,
                    result.graph,
                    result.pairings,
                    database=neo4j_connection.database_from_env(),
                )
            finally:
                driver.close()
    finally:
        if status:
            status.stop()
    if not quiet:
        _summary(result, out_dir, files)


def _iso_date(text: str | None) -> str | None:
    """Return ``text`` as YYYY-MM-DD, or raise a usage error naming the flag."""
    if text is None:
        return None
    import datetime

    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError as exc:
        raise typer.BadParameter(
            f"'{text}' is not a date like 2025-03-01.", param_hint="--as-of"
        ) from exc


def _progress(quiet: bool, total: int):
    """Return (callback, display): a progress bar of the stages, with counts, on stderr."""
    if quiet:
        return None, None
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    display = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = display.add_task("starting", total=total)
    display.start()
    started = []

    def update(stage: str) -> None:
        display.update(task, description=plain(stage), advance=1 if started else 0)
        started.append(stage)

    return update, display


def _best_rows(result, per_kind: int) -> list[list[str]]:
    """Return kind, rank in the kind, title and score of the best candidates of each kind."""
    from synergy.graph.names import candidate_title
    from synergy.report.findings import best_of_kind, kind_order

    rows = []
    for kind in kind_order(result.pairings):
        best = best_of_kind(result.pairings, kind, per_kind).to_dict("records")
        for i, row in enumerate(best, start=1):
            rank = row.get("kind_rank", i)
            title = candidate_title(row, result.graph)
            rows.append([kind, str(rank), title, f"{row['score']:.3f}"])
    return rows


def _summary(result, out_dir: Path, files: list[str]) -> None:
    ds = result.dataset
    counts = ", ".join(f"{len(df)} {name}" for name, df in sorted(ds.tables.items()))
    err.print(f"Read {len(ds.files)} tables: {counts}.", markup=False)
    tell_not_read(ds)
    if len(ds.resolutions):
        err.print(
            f"Resolved {len(ds.resolutions)} references fuzzily or by alias "
            f"(see report); merged {len(ds.merges)} duplicate actors.",
            markup=False,
        )
    if len(ds.unresolved):
        err.print(
            f"{len(ds.unresolved)} items could not be resolved: see {out_dir / 'unresolved.csv'}",
            markup=False,
        )
    for why in getattr(result, "shortfalls", {}).values():
        err.print(why[0].upper() + why[1:], markup=False)
    print_table(
        out,
        ["kind", "#", "candidate", "score"],
        _best_rows(result, 3),
        title=f"Top candidates: the best 3 of each kind ({len(result.pairings)} in all)",
        no_wrap=("kind", "#", "score"),
    )
    err.print(
        f"Key findings: {out_dir / 'summary.html'}; the evidence of each candidate is in "
        f"{out_dir / 'report.html'} and pairings.xlsx.",
        markup=False,
    )
    err.print(
        f"Wrote {len(files)} files to {out_dir}/ in {result.timings.get('total', 0):.1f} s"
        f" (+{result.timings.get('render', 0):.1f} s rendering).",
        markup=False,
    )
