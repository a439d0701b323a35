"""Meeting schedules (property-based) and the ``synergy workshop`` command on the Alpine example."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from synergy.algorithms.workshop import Meeting, schedule_meetings

ALPINE = Path(__file__).parent.parent / "examples" / "alpine-space"


@st.composite
def instances(draw):
    n_parties = draw(st.integers(2, 14))
    n = draw(st.integers(0, 40))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n_parties - 1), st.integers(0, n_parties - 1)),
            min_size=n,
            max_size=n,
        )
    )
    ranks = draw(st.lists(st.integers(1, 30), min_size=n, max_size=n))
    meetings = [Meeting(f"p{a}", f"p{b}", r, f"m{i}") for i, ((a, b), r) in
                enumerate(zip(pairs, ranks, strict=True))]  # fmt: skip
    return meetings, draw(st.integers(1, 6)), draw(st.integers(1, 5))


def _check(schedule, meetings, slots, tables):
    party_slot, table_slot = Counter(), Counter()
    for p in schedule.placements:
        assert 1 <= p.slot <= slots and 1 <= p.table <= tables
        assert p.meeting.party_a != p.meeting.party_b
        party_slot[(p.slot, p.meeting.party_a)] += 1
        party_slot[(p.slot, p.meeting.party_b)] += 1
        table_slot[(p.slot, p.table)] += 1
    assert max(party_slot.values(), default=0) <= 1
    assert max(table_slot.values(), default=0) <= 1
    assert len(schedule.placements) <= slots * tables
    placed = [p.meeting for p in schedule.placements]
    assert sorted(placed + [m for m, _ in schedule.unplaced], key=repr) == sorted(
        meetings, key=repr
    )


@settings(max_examples=150, deadline=None)
@given(instances())
def test_schedule_never_double_books(inst):
    meetings, slots, tables = inst
    schedule = schedule_meetings(meetings, slots=slots, tables=tables)
    _check(schedule, meetings, slots, tables)
    assert schedule.is_valid()


@settings(max_examples=150, deadline=None)
@given(instances())
def test_schedule_top_ranked_meeting_in_slot_one(inst):
    meetings, slots, tables = inst
    valid = [m for m in meetings if m.party_a != m.party_b]
    schedule = schedule_meetings(meetings, slots=slots, tables=tables)
    if valid:
        top = min(valid, key=lambda m: (m.rank, m.party_a, m.party_b, m.reason))
        assert any(p.meeting == top and p.slot == 1 for p in schedule.placements)


@settings(max_examples=100, deadline=None)
@given(instances())
def test_schedule_unplaced_cannot_fit_anywhere(inst):
    meetings, slots, tables = inst
    schedule = schedule_meetings(meetings, slots=slots, tables=tables)
    busy = {
        (p.slot, x) for p in schedule.placements for x in (p.meeting.party_a, p.meeting.party_b)
    }
    used = Counter(p.slot for p in schedule.placements)
    for m, why in schedule.unplaced:
        if why.startswith(("duplicate", "a party cannot")):
            continue
        for s in range(1, slots + 1):
            free = (s, m.party_a) not in busy and (s, m.party_b) not in busy
            assert not free or used[s] >= tables, (m, why)


@settings(max_examples=25, deadline=None)
@given(instances())
def test_schedule_milp_keeps_validity_and_placed_meetings(inst):
    meetings, slots, tables = inst
    base = schedule_meetings(meetings, slots=slots, tables=tables)
    exact = schedule_meetings(meetings, slots=slots, tables=tables, use_milp=True)
    _check(exact, meetings, slots, tables)
    assert len(exact.placements) >= len(base.placements)


def test_schedule_hand_checked_example():
    ms = [Meeting("h", "a", 1), Meeting("h", "b", 2), Meeting("x", "a", 3), Meeting("h", "c", 9)]
    s = schedule_meetings(ms, slots=2, tables=2, host_parties={"h"})
    got = {(p.slot, p.meeting.party_b) for p in s.placements}
    assert got == {(1, "a"), (2, "b"), (2, "a")}
    assert [(m.party_b, why) for m, why in s.unplaced] == [
        ("c", "h already meets better-ranked partners in all 2 slots")
    ]
    # the host keeps its home table
    assert {p.table for p in s.placements if p.meeting.party_a == "h"} == {1}


def test_schedule_100_meetings_is_valid():
    import random

    rng = random.Random(7)
    parties = [f"p{i}" for i in range(40)]
    ms = [Meeting(rng.choice(parties[:8]), rng.choice(parties[8:]), i + 1) for i in range(100)]
    s = schedule_meetings(ms, slots=6, tables=8, host_parties=parties[:8])
    assert s.is_valid()


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory):
    from cli import app

    out = tmp_path_factory.mktemp("ws") / "pack"
    res = CliRunner().invoke(app, ["workshop", str(ALPINE), "--region", "Upper Austria",
                                   "--slots", "6", "--tables", "8", "--time-start", "09:00",
                                   "--slot-minutes", "20", "--out", str(out), "-q"])  # fmt: skip
    assert res.exit_code == 0, res.output
    return out


def test_workshop_command_writes_valid_schedule(pack_dir):
    for name in ("pairings.csv", "schedule.csv", "schedule.xlsx", "unplaced.csv"):
        assert (pack_dir / name).is_file()
    rows = list(csv.DictReader((pack_dir / "schedule.csv").open(encoding="utf-8")))
    assert rows and len(rows) <= 48
    assert {"slot", "table", "party_a", "party_b", "rank", "reason", "time"} <= set(rows[0])
    assert rows[0]["slot"] == "1" and rows[0]["time"] == "09:00-09:20"
    seen = Counter()
    for r in rows:
        assert 1 <= int(r["slot"]) <= 6 and 1 <= int(r["table"]) <= 8
        assert "AT31" in (r["party_a_region"], r["party_b_region"])
        for key in ((r["slot"], r["party_a"]), (r["slot"], r["party_b"]), (r["slot"], r["table"])):
            seen[key] += 1
    assert max(seen.values()) == 1
    agendas = sorted((pack_dir / "agenda").glob("*.md"))
    parties = {r["party_a"] for r in rows} | {r["party_b"] for r in rows}
    assert len(agendas) >= len(parties)
    text = (pack_dir / "agenda" / "cluster-at31-cleantech.md").read_text(encoding="utf-8")
    assert text.startswith("# Workshop agenda: Cleantech-Cluster") and "| 1 | 09:00-09:20 |" in text
    # Addressed by name, partners' regions by name; the id only as a reference at the end.
    assert "For Cleantech-Cluster (Oberösterreich), at the cluster workshop hosted by " in text
    body = text.split("_Reference for the organisers")[0]
    assert "cluster:" not in body and "| AT31 |" not in body


def test_workshop_xlsx_header_frozen_no_formulas(pack_dir):
    from openpyxl import load_workbook

    wb = load_workbook(pack_dir / "schedule.xlsx")
    assert wb.sheetnames == ["timetable", "schedule", "unplaced", "pairings"]
    for ws in wb:
        assert ws.freeze_panes == "A2"
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
        # print-ready: landscape A4, one page wide, the header repeated on every page
        assert ws.print_title_rows == "$1:$1"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    ws = wb["schedule"]
    header = [c.value for c in ws[1]]
    assert header[:7] == ["slot", "time", "table", "party A", "region A", "party B", "region B"]
    assert header[-2:] == ["party A id", "party B id"]  # ids last
    first = dict(zip(header, (c.value for c in ws[2]), strict=True))
    assert (
        first["party A"] == "Building Innovation Cluster" and first["region A"] == "Oberösterreich"
    )


def test_workshop_timetable_is_the_slot_by_table_grid(pack_dir):
    """One row per slot, one column per table; each cell names the two parties of the meeting
    the schedule places there, and nothing else is in the grid."""
    from openpyxl import load_workbook

    rows = list(csv.DictReader((pack_dir / "schedule.csv").open(encoding="utf-8")))
    wb = load_workbook(pack_dir / "schedule.xlsx")
    grid = wb["timetable"]
    header = [c.value for c in grid[1]]
    assert header == ["slot", "time", *[f"table {t}" for t in range(1, 9)]]
    cells = {
        (r[0].value, header[i]): c.value
        for r in grid.iter_rows(2)
        for i, c in enumerate(r)
        if i >= 2 and c.value
    }
    assert len(cells) == len(rows) and grid.max_row == 7  # 6 slots
    for r in rows:
        text = cells[(int(r["slot"]), f"table {r['table']}")]
        assert text.startswith(r["party_a_name"]) and f"\n+ {r['party_b_name']}" in text
    assert grid.cell(2, 3).alignment.wrap_text


def test_workshop_unknown_region_names_closest(tmp_path):
    from cli import app

    res = CliRunner().invoke(app, ["workshop", str(ALPINE), "--region", "Lombardie-x",
                                   "--out", str(tmp_path / "o"), "-q"])  # fmt: skip
    assert res.exit_code == 1
    assert "unknown region 'Lombardie-x'" in res.output and "did you mean 'ITC4'" in res.output
    assert not (tmp_path / "o").exists()


def test_workshop_help_has_example():
    from cli import app

    res = CliRunner().invoke(app, ["workshop", "--help"])
    assert "Example: synergy workshop" in res.output
