"""``synergy import``: turn open data into dataset tables (``synergy import cordis``)."""

from __future__ import annotations

from pathlib import Path

import typer

from synergy.commands.options import CONTEXT
from synergy.core.errors import OutputError

__all__ = ["app", "cordis", "summary_lines"]

app = typer.Typer(
    help="Import open data as dataset tables (CORDIS projects and organisations).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings=CONTEXT,
)


@app.command()
def cordis(
    sources: list[Path] = typer.Argument(
        ...,
        help="CORDIS CSV download(s): the zip (cordis-h2020projects-csv.zip, "
        "cordis-HORIZONprojects-csv.zip) or the folder it unpacks to; several are merged.",
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Folder to write the tables to (new, or a dataset folder)."
    ),
    level: int = typer.Option(
        2, "--level", min=0, max=3, help="NUTS level of the regions when --regions is not given."
    ),
    year_from: int | None = typer.Option(
        None, "--from", help="Only projects starting in this year or later."
    ),
    year_until: int | None = typer.Option(
        None, "--until", help="Only projects starting in this year or earlier."
    ),
    regions: Path | None = typer.Option(
        None,
        "--regions",
        help="Dataset folder whose regions (NUTS ids) organisations are rolled up to; projects "
        "without a participant in them are left out.",
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Replace the files of an earlier import in --out."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Import CORDIS projects and organisations (Horizon 2020, Horizon Europe) as tables.

    Writes actors-cordis.csv, projects-cordis.csv and participations-cordis.csv into --out,
    and partners outside the regions, unresolved items and a manifest into --out/_cordis/.

    Example: synergy import cordis cordis-HORIZONprojects-csv.zip --regions mydata --out mydata
    """
    from rich.console import Console

    from ingest.cordis import CordisSettings
    from synergy.outputs.import_tables import TargetsExist, write_cordis_import

    if year_from is not None and year_until is not None and year_from > year_until:
        raise typer.BadParameter(f"--from {year_from} is after --until {year_until}.")
    settings = CordisSettings(level=level, year_from=year_from, year_until=year_until)
    try:
        result = write_cordis_import(
            sources, out, settings=settings, regions_dataset=regions, replace=replace
        )
    except TargetsExist as exc:
        if exc.foreign:
            raise
        raise OutputError(
            f"{out}: {', '.join(exc.existing)} exist from an earlier import. Fix: add --replace "
            "to replace them, or choose another --out folder."
        ) from None
    if not quiet:
        err = Console(stderr=True, highlight=False, soft_wrap=True)
        for line in summary_lines(result, with_regions=regions is not None):
            err.print(line, markup=False)


def summary_lines(result, *, with_regions: bool) -> list[str]:
    """Return the import summary: what was written where, and every row accounted for."""
    files, report, out = result.files, result.report, result.folder
    releases = ", ".join(f"{k}: {v} projects" for k, v in sorted(report.releases.items()))
    where = "in the dataset's regions" if with_regions else "with a known region"
    lines = [
        f"Imported {releases or 'no projects'}.",
        f"Wrote {files['projects-cordis.csv']} projects, "
        f"{files['participations-cordis.csv']} participations and "
        f"{files['actors-cordis.csv']} actors {where} to {out}/ "
        "(projects-cordis.csv, participations-cordis.csv, actors-cordis.csv).",
        f"{files['_cordis/outside-actors.csv']} other participating organisations (partners "
        f"elsewhere, or region unknown) are in {out}/_cordis/outside-actors.csv.",
        "Rows read = written + skipped, per file:",
    ]
    for label, entry in report.files.items():
        skipped = "".join(f", {n} skipped ({why})" for why, n in sorted(entry["skipped"].items()))
        lines.append(f"  {label}: {entry['read']} read, {entry['written']} written{skipped}")
    unresolved = files["_cordis/unresolved.csv"]
    if unresolved:
        lines.append(f"{unresolved} items could not be resolved: see {out}/_cordis/unresolved.csv.")
    lines.append(f"Manifest: {out}/_cordis/import-manifest.json ({result.seconds:.1f} s).")
    return lines
