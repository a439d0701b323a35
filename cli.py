"""The `synergy` command line: a thin layer over the library.

It parses arguments, calls :mod:`synergy.pipeline` and friends, shows progress on stderr and
maps errors to exit codes: 0 success, 1 data error (one clear message, the traceback only
with ``--debug``), 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from synergy.errors import SynergyError

__all__ = ["app", "main"]

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class _State:
    debug = False


class _App(TyperGroup):
    """Map engine errors to one clean message and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SynergyError as exc:
            if _State.debug:
                raise
            err.print(f"Error: {exc}", markup=False)
            ctx.exit(1)
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            if _State.debug:
                raise
            err.print(f"Error: {exc.strerror or exc}: {exc.filename}", markup=False)
            ctx.exit(1)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # a bug: still one clean line, details under --debug
            if _State.debug or type(exc).__module__.startswith(("click", "typer")):
                raise
            err.print(
                f"Error: unexpected {type(exc).__name__}: {exc}. Nothing was written. This is "
                "a bug in synergy; rerun with --debug and report the traceback.",
                markup=False,
            )
            ctx.exit(1)


app = typer.Typer(
    cls=_App,
    name="synergy",
    help="Find transregional synergies between regions' smart-specialisation strategies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks.")) -> None:
    """Find transregional synergies between regions' S3 strategies.

    Example: synergy scan examples/alpine-space --out out/alpine-space
    """
    _State.debug = debug  # reset for every invocation


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
        display.update(task, description=_plain(stage), advance=1 if started else 0)
        started.append(stage)

    return update, display


DATASET = typer.Argument(..., help="The dataset folder.", exists=False)
QUIET = typer.Option(False, "--quiet", "-q", help="No progress output.")
DEBUG = typer.Option(False, "--debug", help="Show tracebacks on errors.")
TAXONOMY = typer.Option(None, "--taxonomy", help="Your own taxonomy file (JSON or TOML).")


@app.command()
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
    neo4j: bool = typer.Option(False, "--neo4j", help="Also push the graph to Neo4j."),
    quiet: bool = QUIET,
    debug: bool = DEBUG,
) -> None:
    """Scan a dataset and write pairings, report, graph and manifest to --out.

    Example: synergy scan examples/alpine-space --out out/alpine-space --top 50
    """
    from synergy.pipeline import ScanSettings, write_scan
    from synergy.scoring import parse_weights

    _State.debug = _State.debug or debug
    settings = ScanSettings(
        taxonomy_path=taxonomy,
        weights=parse_weights(weights),
        top=top,
        favour_mixed_development=favour_mixed_development,
    )
    out_dir = out_dir or Path("out") / dataset.resolve().name
    from synergy.pipeline import SCAN_STAGES, WRITE_STAGES

    update, status = _progress(quiet, SCAN_STAGES + WRITE_STAGES + (1 if neo4j else 0))
    try:
        from synergy.pipeline import scan as run_scan

        result = run_scan(dataset, settings, progress=update)
        files = write_scan(result, out_dir, progress=update)
        if neo4j:
            from synergy import neo4j_store

            if update:
                update("pushing to Neo4j")
            driver = neo4j_store.connect()
            try:
                neo4j_store.push_graph(
                    driver, result.graph, result.pairings, database=neo4j_store.database_from_env()
                )
            finally:
                driver.close()
    finally:
        if status:
            status.stop()
    if not quiet:
        _summary(result, out_dir, files)


def _summary(result, out_dir: Path, files: list[str]) -> None:
    ds = result.dataset
    counts = ", ".join(f"{len(df)} {name}" for name, df in sorted(ds.tables.items()))
    err.print(f"Read {len(ds.files)} tables: {counts}.", markup=False)
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
    table = Table(title=f"Top candidates ({len(result.pairings)} in all)")
    for column in ("rank", "kind", "regions", "score", "evidence"):
        table.add_column(column, overflow="fold")
    for row in result.pairings.head(10).itertuples():
        table.add_row(
            str(row.rank), row.kind, row.regions, f"{row.score:.3f}", _plain(row.evidence)
        )
    out.print(table)
    err.print(
        f"Wrote {len(files)} files to {out_dir}/ in {result.timings.get('total', 0):.1f} s"
        f" (+{result.timings.get('render', 0):.1f} s rendering).",
        markup=False,
    )


def _plain(text: str) -> str:
    """Return text safe for a rich table cell (no markup interpretation)."""
    from rich.markup import escape

    return escape(str(text))


@app.command()
def validate(dataset: Path = DATASET, taxonomy: Path = TAXONOMY, debug: bool = DEBUG) -> None:
    """Check a dataset and report every problem; write nothing.

    Example: synergy validate examples/alpine-space
    """
    from ingest import load_dataset
    from synergy.taxonomy import Taxonomy

    _State.debug = _State.debug or debug
    ds = load_dataset(dataset, taxonomy=Taxonomy.load(taxonomy))
    table = Table(title=f"{dataset}: valid")
    for column in ("table", "rows"):
        table.add_column(column)
    for name, df in sorted(ds.tables.items()):
        table.add_row(name, str(len(df)))
    out.print(table)
    out.print(
        f"{len(ds.resolutions)} references resolved by alias or fuzzily, "
        f"{len(ds.merges)} duplicate actors merged, {len(ds.unresolved)} unresolved "
        "items (listed below).",
        markup=False,
    )
    for row in ds.unresolved.head(50).itertuples():
        guess = f" (best guess: {row.best_guess})" if row.best_guess else ""
        out.print(
            f"  {row.file} row {row.row}, {row.column}: '{row.value}': {row.reason}{guess}",
            markup=False,
        )


@app.command()
def init(
    directory: Path = typer.Argument(..., help="Folder to create the templates in."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing templates."),
) -> None:
    """Write empty templates of every table (canonical headers and one example row).

    Example: synergy init my-region-data
    """
    from synergy.templates import write_templates

    written = write_templates(directory, force=force)
    err.print(f"Wrote {len(written)} templates to {directory}/: {', '.join(written)}", markup=False)


def _register_commands() -> None:
    """Add the commands that live in synergy.commands (one module each)."""
    from synergy.commands import importer, neo4j, pilots, stress, synth, viz, workshop

    app.add_typer(neo4j.app, name="neo4j")
    app.add_typer(importer.app, name="import")
    for command in (viz.viz, synth.synth, stress.stress, workshop.workshop, pilots.pilots):
        app.command(name=command.__name__)(command)


_register_commands()


def main() -> None:
    """Entry point for ``python cli.py``."""
    app()


if __name__ == "__main__":
    sys.exit(main())
