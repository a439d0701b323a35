"""A region's workshop pack on disk: pairings, schedule, unplaced meetings, one agenda per party."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from synergy.core.text import slug
from synergy.outputs.atomic import atomic_output_dir, atomic_write
from synergy.outputs.tables import frame_csv_bytes, pairings_csv_bytes
from synergy.outputs.xlsx import write_frames_bytes
from synergy.report.agendas import workshop_agendas

__all__ = ["write_workshop_pack"]


def _agenda_names(parties: list[str]) -> dict[str, str]:
    """Return party -> unique safe file name (``cluster-at31-kunststoff.md``)."""
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


def write_workshop_pack(
    pack, graph: nx.MultiDiGraph, out_dir: Path, *, dataset: str = ""
) -> list[str]:
    """Write the pack's files into ``out_dir`` atomically; return their relative paths.

    Files: ``pairings.csv`` (the region's), ``schedule.csv``, ``schedule.xlsx``,
    ``unplaced.csv``, ``agenda/<party>.md`` and ``manifest.json``.
    """
    agendas = workshop_agendas(pack, graph)
    names = _agenda_names(list(agendas))
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
    for party, text in agendas.items():
        files[f"agenda/{names[party]}"] = text
    with atomic_output_dir(out_dir) as tmp:
        for rel, payload in sorted(files.items()):
            atomic_write(tmp / rel, payload)
    return sorted(files)
