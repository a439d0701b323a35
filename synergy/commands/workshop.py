"""``synergy workshop``: a region's workshop pack (pairings, schedule, agendas), atomically."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

from synergy.commands.options import TAXONOMY

__all__ = ["workshop"]


def workshop(
    dataset: Path = typer.Argument(..., help="Dataset folder (the input of `synergy scan`)."),
    region: str = typer.Option(..., "--region", help="Hosting region: its id, name or alias."),
    slots: int = typer.Option(6, "--slots", min=1, help="Meeting rounds (time slots)."),
    tables: int = typer.Option(8, "--tables", min=1, help="Tables per slot."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the pack to."),
    time_start: str | None = typer.Option(
        None, "--time-start", help='Clock time of slot 1, e.g. "09:00" (adds a time column).'
    ),
    slot_minutes: int | None = typer.Option(
        None, "--slot-minutes", min=1, help="Minutes per slot (default 30 with --time-start)."
    ),
    exact: bool = typer.Option(
        False, "--exact", help="Also try the MILP improvement (slower, may place a few more)."
    ),
    taxonomy: Path | None = TAXONOMY,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Write a region's cluster-workshop pack: pairings, meeting schedule, one agenda per party.

    Files: pairings.csv (the region's), schedule.csv, schedule.xlsx, unplaced.csv,
    agenda/<party>.md. No party and no table is booked twice in a slot; better-ranked
    meetings come first.

    Example: synergy workshop examples/alpine-space --region AT31 --slots 6 --tables 8 --out ws
    """
    from synergy import pipeline
    from synergy.algorithms.workshop import workshop_pack
    from synergy.core.settings import ScanSettings
    from synergy.outputs.workshop import write_workshop_pack

    def say(text: str) -> None:
        if not quiet:
            typer.echo(text, err=True)

    say("scanning ...")
    result = pipeline.scan(dataset, ScanSettings(taxonomy_path=taxonomy))
    pack = workshop_pack(
        result, region, slots=slots, tables=tables, time_start=time_start,
        slot_minutes=slot_minutes, use_milp=exact,
    )  # fmt: skip
    files = write_workshop_pack(pack, result.graph, out, dataset=Path(dataset).name)
    if pack.schedule.unplaced:
        reasons = Counter(why for _, why in pack.schedule.unplaced)
        say(
            f"{len(pack.schedule.unplaced)} meetings did not fit --slots {slots} x --tables "
            f"{tables}: " + "; ".join(f"{why} ({n})" for why, n in reasons.most_common(3)) + "."
        )
    say(
        f"{pack.region_name} ({pack.region_id}): {len(pack.schedule.placements)} meetings placed "
        f"in {slots} slots x {tables} tables ({pack.schedule.method}), "
        f"{len(pack.schedule.unplaced)} unplaced (see unplaced.csv); "
        f"wrote {len(files)} files to {out}/"
    )
