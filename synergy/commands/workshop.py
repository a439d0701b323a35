"""``synergy workshop``: a region's workshop pack (pairings, schedule, agendas), atomically."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import typer

__all__ = ["workshop", "frames_workbook_bytes", "write_workshop_pack"]


def frames_workbook_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """Return deterministic XLSX bytes: one sheet per frame, bold frozen header, capped widths.

    Text goes through :func:`synergy.outputs.safe_cell` and is stored as a string cell, so no
    input text ever becomes a formula; numbers stay numbers.
    """
    from openpyxl import Workbook
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.xml.functions import tostring

    from synergy.outputs import safe_cell
    from synergy.xlsx import FIXED_TIME, MAX_COLUMN_WIDTH, deterministic_zip

    wb = Workbook()
    wb.remove(wb.active)
    for title, df in sheets.items():
        ws = wb.create_sheet(title=title[:31])
        header = [str(c) for c in df.columns]
        widths = [len(h) for h in header]
        for c, name in enumerate(header, start=1):
            ws.cell(row=1, column=c, value=name).font = Font(bold=True)
        for r, record in enumerate(df.itertuples(index=False, name=None), start=2):
            for c, value in enumerate(record, start=1):
                item = getattr(value, "item", None)
                value = item() if item is not None and getattr(value, "ndim", 1) == 0 else value
                cell = ws.cell(row=r, column=c)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    if value == value:  # NaN stays empty
                        cell.value = value
                else:
                    text = safe_cell(value)
                    if text:
                        cell.value = text
                        cell.data_type = "s"
                widths[c - 1] = max(widths[c - 1], len(str(cell.value or "")))
        ws.freeze_panes = "A2"
        if len(df):
            ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(df) + 1}"
        for c, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = min(
                max(width + 2, 8), MAX_COLUMN_WIDTH
            )
    wb.properties = DocumentProperties(creator="synergy", created=FIXED_TIME, modified=FIXED_TIME)
    buf = io.BytesIO()
    wb.save(buf)
    wb.properties.modified = FIXED_TIME
    core = tostring(wb.properties.to_tree())
    return deterministic_zip(buf.getvalue(), replace={"docProps/core.xml": core})


def _agenda_names(parties: list[str]) -> dict[str, str]:
    """Return party -> unique safe file name (``cluster-at31-kunststoff.md``)."""
    from synergy.model import slug

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
    from synergy.outputs import atomic_output_dir, atomic_write, frame_csv_bytes, pairings_csv_bytes

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
        "schedule.xlsx": frames_workbook_bytes(
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
    from synergy.workshop import workshop_pack

    def say(text: str) -> None:
        if not quiet:
            typer.echo(text, err=True)

    say("scanning ...")
    result = pipeline.scan(dataset, pipeline.ScanSettings(taxonomy_path=taxonomy))
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
