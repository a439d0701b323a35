"""A region's workshop pack on disk: pairings, schedule, unplaced meetings, one agenda per party."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd

from synergy.core.contract import reading_order
from synergy.core.text import slug
from synergy.graph.names import candidate_names, node_name
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


def _where(graph: nx.MultiDiGraph, party: str) -> str:
    """Return the name of a party's region (its id when the region has no name)."""
    region = str(graph.nodes[party].get("region_id", "")) if party in graph else ""
    return node_name(graph, f"region:{region}") if f"region:{region}" in graph else region


def timetable(pack, graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Return the slot x table grid: one row per slot, one column per table, each cell the
    two parties meeting there (name and region) on two lines."""
    cells: dict[tuple[int, int], str] = {}
    for p in pack.schedule.placements:
        a, b = p.meeting.party_a, p.meeting.party_b
        cells[(p.slot, p.table)] = (
            f"{node_name(graph, a)} ({_where(graph, a)})\n+ {node_name(graph, b)} "
            f"({_where(graph, b)})"
        )
    rows = []
    for slot in range(1, pack.schedule.slots + 1):
        row: dict[str, object] = {"slot": slot}
        if pack.times:
            row["time"] = pack.times[slot - 1]
        for table in range(1, pack.schedule.tables + 1):
            row[f"table {table}"] = cells.get((slot, table), "")
        rows.append(row)
    return pd.DataFrame(rows)


# The schedule sheet for people: when, where, who (names), why; the ids last.
_SCHEDULE_COLUMNS = {
    "slot": "slot", "time": "time", "table": "table",
    "party_a_name": "party A", "party_a_region": "region A",
    "party_b_name": "party B", "party_b_region": "region B",
    "reason": "why they meet", "rank": "rank in pairings.csv",
    "party_a": "party A id", "party_b": "party B id",
}  # fmt: skip


def schedule_xlsx_bytes(pack, graph: nx.MultiDiGraph) -> bytes:
    """Return ``schedule.xlsx``: the slot x table ``timetable`` to print for the organisers'
    desk, the ``schedule`` (names first, ids last), the ``unplaced`` meetings and the region's
    ``pairings`` in reading order; every sheet prints landscape with its header repeated."""
    schedule = pack.rows[[c for c in _SCHEDULE_COLUMNS if c in pack.rows.columns]].copy()
    for side in ("a", "b"):
        schedule[f"party_{side}_region"] = [_where(graph, p) for p in schedule[f"party_{side}"]]
    unplaced = pack.unplaced.copy()
    # The scheduler's reasons name parties by id; people read names.
    unplaced["why"] = [
        str(why).replace(a, node_name(graph, a)).replace(b, node_name(graph, b))
        for why, a, b in zip(unplaced["why"], unplaced["party_a"], unplaced["party_b"], strict=True)
    ]
    for side in ("a", "b"):
        unplaced.insert(0 if side == "a" else 1, f"party {side.upper()}",
                        [node_name(graph, p) for p in unplaced[f"party_{side}"]])  # fmt: skip
    unplaced = unplaced.rename(columns={"party_a": "party A id", "party_b": "party B id"})
    unplaced = unplaced[[c for c in unplaced.columns if not c.endswith(" id")]
                        + ["party A id", "party B id"]]  # fmt: skip
    pairings = pack.pairings.copy()
    names = candidate_names(pairings, graph)
    pairings = pd.concat([pairings, names], axis=1)
    return write_frames_bytes(
        {
            "timetable": timetable(pack, graph),
            "schedule": schedule.rename(columns=_SCHEDULE_COLUMNS),
            "unplaced": unplaced,
            "pairings": pairings[reading_order(pairings)],
        },
        wrap={"timetable": [c for c in timetable(pack, graph).columns if c.startswith("table")]},
    )


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
        "schedule.xlsx": schedule_xlsx_bytes(pack, graph),
        # a manifest lets the next run replace this folder (atomic_output_dir checks for it)
        "manifest.json": json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
    }
    for party, text in agendas.items():
        files[f"agenda/{names[party]}"] = text
    with atomic_output_dir(out_dir) as tmp:
        for rel, payload in sorted(files.items()):
            atomic_write(tmp / rel, payload)
    return sorted(files)
