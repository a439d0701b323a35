"""``synergy workshop``: a region's workshop pack (pairings, schedule, agendas), atomically."""

from __future__ import annotations

import json
from pathlib import Path

import typer

__all__ = ["workshop", "write_workshop_pack"]


def _agenda_names(parties: list[str]) -> dict[str, str]:
    """Return party -> unique safe file name (``cluster-at31-kunststoff.md``)."""
    from synergy.core.model import slug

    out: dict[str, str] = {}
    used: set[str] = set()
    for party in sorted(parties):
        base = slug(party)
        name, k = f"{base}.md", 2
        while name in used:
            name, k = f"{base}-{k}.md", k + 1
        used.add(name)
        out[party] = name
    return out


def write_workshop_pack(pack, out_dir: Path, *, dataset: str = "") -> list[str]:
    """Write the pack's files into ``out_dir`` atomically; return their relative paths."""
    from synergy.outputs.atomic import atomic_output_dir, atomic_write
    from synergy.outputs.tables import frame_csv_bytes, pairings_csv_bytes
    from synergy.outputs.xlsx import write_frames_bytes

    names = _agenda_names(list(pack.agendas))
    manifest = {
        "synergy_workshop": {
            "dataset": dataset,
            "region": pack.region_id,
            "slots": pack.schedule.slots,
            "tables": pack.schedule.tables,
            "method": pack.schedule.method,
            "meetings_placed": len(pack.schedule.placements),
            "meetings_unplaced": len(pack.schedule.unplaced),
            "agendas": {p: f"agenda/{n}" for p, n in sorted(names.items())},
        }
    }
    files: dict[str, bytes | str] = {
        "pairings.csv": pairings_csv_bytes(pack.pairings),
        "schedule.csv": frame_csv_bytes(pack.rows, decimals={}),
        "unplaced.csv": frame_csv_bytes(pack.unplaced),
        "schedule.xlsx": write_frames_bytes(
            {"schedule": pack.rows, "unplaced": pack.unplaced, "pairings": pack.pairings}
        ),
        # a manifest lets the next run replace this folder (atomic_output_dir checks for it)
        "manifest.json": json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
    }
    for party, text in pack.agendas.items():
        files[f"agenda/{names[party]}"] = text
    with atomic_output_dir(out_dir) as tmp:
        for rel, payload in sorted(files.items()):
            atomic_write(tmp / rel, payload)
    return sorted(files)


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
    taxonomy: Path | None = typer.Option(
        None, "--taxonomy", help="Your own taxonomy file (JSON or TOML)."
    ),
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

    def say(text: str) -> None:
        if not quiet:
            typer.echo(text, err=True)

    say("scanning ...")
    result = pipeline.scan(dataset, ScanSettings(taxonomy_path=taxonomy))
    pack = workshop_pack(
        result, region, slots=slots, tables=tables, time_start=time_start,
        slot_minutes=slot_minutes, use_milp=exact,
    )  # fmt: skip
    files = write_workshop_pack(pack, out, dataset=Path(dataset).name)
    say(
        f"{pack.region_name} ({pack.region_id}): {len(pack.schedule.placements)} meetings placed "
        f"in {slots} slots x {tables} tables ({pack.schedule.method}), "
        f"{len(pack.schedule.unplaced)} unplaced (see unplaced.csv); "
        f"wrote {len(files)} files to {out}/"
    )
