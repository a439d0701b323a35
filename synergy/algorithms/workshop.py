"""Workshop pack: the ranked meetings for one region's cluster workshop and their schedule.

:func:`schedule_meetings` places meetings into ``slots`` × ``tables`` so that no party and
no table is used twice in a slot, higher-ranked meetings first. Method, and why:

1. **Greedy list scheduling in rank order** (each meeting to the earliest slot where both
   parties are free and a table is open). Rank order is what organisers expect: a meeting is
   only ever displaced by a better-ranked one, and the best meeting always gets slot 1.
2. **Repair**: an unplaced meeting may fit a slot if the one or two placed meetings that block
   it (a busy party, or the slot's last table) move to another slot where they fit; this is
   the single-step Kempe-chain move known from edge colouring, and recovers most of what
   greedy misses.
3. **Optional MILP improvement** (``use_milp=True``; ``scipy.optimize.milp``, HiGHS): every
   meeting placed so far must stay placed (so rank priority is kept) and the solver maximises
   the rank-weighted number of extra meetings over all slot assignments, with the busiest
   party's meetings fixed to break the slot symmetry. It is node-limited, so results stay
   deterministic. It is off by default because, measured on 40 random 100-meeting × 6-slot ×
   8-table instances, it added 9 meetings in all (to about 1,700 placed by greedy+repair) but
   took 1–4 s on dense instances against a few milliseconds; on workshop-like instances
   (a few host clusters, many visitors) greedy+repair already fills every host's slots.

Slots are interchangeable (every party is present all day), so the slots are finally ordered
by the ranks they hold: the top-ranked meeting is always in slot 1. Within a slot, parties of
the hosting region keep a *home table* where they can, so hosts sit while visitors move.

Complexity: greedy O(M · S) for M meetings and S slots; repair O(M² · S) in the worst case
(tens of milliseconds for 100 meetings); the MILP has at most M · S binaries.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import numpy as np

from synergy.core.errors import SETTINGS, InputError, Problem
from synergy.core.model import ACTOR, CLUSTER, REGION
from synergy.graph.incidence import of_kind

__all__ = [
    "Meeting",
    "Placement",
    "Schedule",
    "schedule_meetings",
    "WorkshopPack",
    "workshop_pack",
    "resolve_region",
    "workshop_meetings",
]

MILP_NODE_LIMIT = 30
MILP_TIME_LIMIT = 30.0  # seconds; a safety net only: the node limit stops it first (determinism)


@dataclass(frozen=True)
class Meeting:
    """A meeting to schedule: two parties (node ids), a rank (1 = best) and why they meet."""

    party_a: str
    party_b: str
    rank: int
    reason: str = ""


@dataclass(frozen=True)
class Placement:
    """A meeting placed at a slot and table (both 1-based)."""

    slot: int
    table: int
    meeting: Meeting


@dataclass(frozen=True)
class Schedule:
    """The placed meetings (by slot, table), the unplaced ones with the reason, and the method."""

    slots: int
    tables: int
    placements: tuple[Placement, ...]
    unplaced: tuple[tuple[Meeting, str], ...]
    method: str

    def is_valid(self) -> bool:
        """Return True when no party and no table is used twice in a slot, within bounds."""
        seen_party, seen_table = set(), set()
        for p in self.placements:
            if not (1 <= p.slot <= self.slots and 1 <= p.table <= self.tables):
                return False
            keys = [(p.slot, p.meeting.party_a), (p.slot, p.meeting.party_b)]
            if keys[0] == keys[1] or any(k in seen_party for k in keys):
                return False
            if (p.slot, p.table) in seen_table:
                return False
            seen_party.update(keys)
            seen_table.add((p.slot, p.table))
        return True


def schedule_meetings(
    meetings: list[Meeting],
    *,
    slots: int,
    tables: int,
    host_parties: Iterable[str] = (),
    use_milp: bool = False,
) -> Schedule:
    """Return the schedule of ``meetings`` in ``slots`` × ``tables`` (see the module docstring).

    Meetings are taken in order of ``(rank, party_a, party_b)``; a pair met earlier in that
    order makes a later duplicate unplaced ("duplicate"), as does a meeting of a party with
    itself. ``host_parties`` keep a home table where possible.

    Examples
    --------
    >>> s = schedule_meetings([Meeting("a", "b", 1), Meeting("a", "c", 2)], slots=2, tables=1)
    >>> [(p.slot, p.meeting.party_b) for p in s.placements]
    [(1, 'b'), (2, 'c')]
    """
    if slots < 1 or tables < 1:
        raise ValueError("slots and tables must be at least 1")
    order = sorted(meetings, key=lambda m: (m.rank, m.party_a, m.party_b, m.reason))
    todo: list[Meeting] = []
    invalid: list[tuple[Meeting, str]] = []
    pairs: set[frozenset] = set()
    for m in order:
        pair = frozenset((m.party_a, m.party_b))
        if m.party_a == m.party_b:
            invalid.append((m, "a party cannot meet itself"))
        elif pair in pairs:
            invalid.append((m, "duplicate of a better-ranked meeting of the same parties"))
        else:
            pairs.add(pair)
            todo.append(m)
    slot_of = _greedy(todo, slots, tables)
    method = "greedy"
    # nothing to gain once every table of every slot is taken (or everything is placed)
    room = sum(s is not None for s in slot_of) < slots * tables
    if room and any(s is None for s in slot_of):
        _repair(todo, slot_of, slots, tables)
        method = "greedy+repair"
    room = sum(s is not None for s in slot_of) < slots * tables
    if use_milp and room and any(s is None for s in slot_of):
        better = _milp(todo, slot_of, slots, tables)
        if better is not None:
            slot_of, method = better, "greedy+repair+milp"
    slot_of = _order_slots(slot_of, slots)
    placements = _tables(todo, slot_of, tables, set(host_parties))
    unplaced = [
        (m, _why(m, slot_of, todo, slots, tables))
        for m, s in zip(todo, slot_of, strict=True)
        if s is None
    ]
    unplaced = sorted(unplaced + invalid, key=lambda u: (u[0].rank, u[0].party_a, u[0].party_b))
    return Schedule(slots, tables, tuple(placements), tuple(unplaced), method)


def _busy(todo, slot_of):
    party = defaultdict(set)
    count = defaultdict(int)
    for m, s in zip(todo, slot_of, strict=True):
        if s is not None:
            party[m.party_a].add(s)
            party[m.party_b].add(s)
            count[s] += 1
    return party, count


def _greedy(todo: list[Meeting], slots: int, tables: int) -> list[int | None]:
    party: dict[str, set[int]] = defaultdict(set)
    count = [0] * slots
    slot_of: list[int | None] = []
    for m in todo:
        chosen = None
        for s in range(slots):
            if count[s] < tables and s not in party[m.party_a] and s not in party[m.party_b]:
                chosen = s
                break
        slot_of.append(chosen)
        if chosen is not None:
            party[m.party_a].add(chosen)
            party[m.party_b].add(chosen)
            count[chosen] += 1
    return slot_of


def _repair(todo: list[Meeting], slot_of: list[int | None], slots: int, tables: int) -> None:
    """Place unplaced meetings by moving the (at most two) meetings blocking a slot.

    Passes repeat until one places nothing more: a move made for a later meeting can free a
    slot an earlier one could not get. Each pass places at least one more meeting or ends it.
    """
    while True:
        placed = sum(s is not None for s in slot_of)
        _repair_pass(todo, slot_of, slots, tables)
        if sum(s is not None for s in slot_of) == placed:
            return


def _repair_pass(todo: list[Meeting], slot_of: list[int | None], slots: int, tables: int) -> None:
    for i, m in enumerate(todo):
        if slot_of[i] is not None:
            continue
        for s in range(slots):
            party, count = _busy(todo, slot_of)
            blockers = [
                j
                for j, n in enumerate(todo)
                if slot_of[j] == s and ({n.party_a, n.party_b} & {m.party_a, m.party_b})
            ]
            if not blockers and count[s] >= tables:
                # the slot is only full: try to move any one meeting out of it
                options = [[j] for j, n in enumerate(todo) if slot_of[j] == s]
            else:
                options = [blockers]
            for movers in options:
                if _try_move(todo, slot_of, i, s, movers, slots, tables):
                    break
            if slot_of[i] is not None:
                break


def _try_move(todo, slot_of, i, s, movers, slots, tables) -> bool:
    trial = list(slot_of)
    for j in movers:
        trial[j] = None
    party, count = _busy(todo, trial)
    m = todo[i]
    if count[s] >= tables or s in party[m.party_a] or s in party[m.party_b]:
        return False
    trial[i] = s
    for j in movers:
        party, count = _busy(todo, trial)
        n = todo[j]
        target = next(
            (
                t
                for t in range(slots)
                if t != s
                and count[t] < tables
                and t not in party[n.party_a]
                and t not in party[n.party_b]
            ),
            None,
        )
        if target is None:
            return False
        trial[j] = target
    slot_of[:] = trial
    return True


def _milp(todo, slot_of, slots, tables) -> list[int | None] | None:
    """Return a schedule placing more meetings (all placed ones kept), or None."""
    try:
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import lil_matrix
    except ImportError:  # pragma: no cover - scipy is a dependency, but stay usable without
        return None
    party, _ = _busy(todo, slot_of)
    # a party already booked in every slot keeps its meetings, so its other meetings are out
    idx = [
        i
        for i, m in enumerate(todo)
        if slot_of[i] is not None
        or (len(party[m.party_a]) < slots and len(party[m.party_b]) < slots)
    ]
    if all(slot_of[i] is not None for i in idx):
        return None
    sub = [todo[i] for i in idx]
    n, nvar = len(sub), len(sub) * slots
    parties = sorted({p for m in sub for p in (m.party_a, m.party_b)})
    pidx = {p: k for k, p in enumerate(parties)}
    rows = n + slots + len(parties) * slots
    a = lil_matrix((rows, nvar))
    lo = np.zeros(rows)
    hi = np.ones(rows)
    for r, m in enumerate(sub):
        for s in range(slots):
            v = r * slots + s
            a[r, v] = 1
            a[n + s, v] = 1
            a[n + slots + pidx[m.party_a] * slots + s, v] = 1
            a[n + slots + pidx[m.party_b] * slots + s, v] = 1
        lo[r] = 1 if slot_of[idx[r]] is not None else 0
    hi[n : n + slots] = tables
    # rank-weighted count of meetings; earlier (better) meetings weigh more
    total = len(todo)
    weight = np.repeat([1.0 + (total - i) / (total + 1) for i in idx], slots)
    # Symmetry breaking (clique fixing, as in graph colouring): slots are interchangeable, so
    # the meetings of the busiest party may keep their current, pairwise different slots.
    upper = np.ones(nvar)
    busiest = max(sorted(party), key=lambda p: len(party[p]), default=None)
    for r, m in enumerate(sub):
        s0 = slot_of[idx[r]]
        if s0 is not None and busiest in (m.party_a, m.party_b):
            upper[r * slots : (r + 1) * slots] = 0
            upper[r * slots + s0] = 1
    res = milp(
        -weight,
        constraints=LinearConstraint(a.tocsr(), lo, hi),
        integrality=np.ones(nvar),
        bounds=Bounds(0, upper),
        options={"node_limit": MILP_NODE_LIMIT, "time_limit": MILP_TIME_LIMIT},
    )
    if res.x is None:
        return None
    x = np.round(res.x).reshape(n, slots)
    out: list[int | None] = [None] * len(todo)
    for r, i in enumerate(idx):
        out[i] = int(np.argmax(x[r])) if x[r].sum() > 0.5 else None
    if sum(s is not None for s in out) <= sum(s is not None for s in slot_of):
        return None
    return out


def _order_slots(slot_of: list[int | None], slots: int) -> list[int | None]:
    """Renumber slots so the slot holding the best-ranked meetings comes first."""
    held: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(slot_of):
        if s is not None:
            held[s].append(i)
    order = sorted(range(slots), key=lambda s: (held.get(s) is None, held.get(s, []), s))
    new = {old: k for k, old in enumerate(order)}
    return [None if s is None else new[s] for s in slot_of]


def _tables(todo, slot_of, tables, hosts: set[str]) -> list[Placement]:
    home: dict[str, int] = {}
    for m, s in zip(todo, slot_of, strict=True):
        for p in (m.party_a, m.party_b):
            if s is not None and p in hosts and p not in home:
                home[p] = len(home) % tables
    out: list[Placement] = []
    by_slot: dict[int, list[Meeting]] = defaultdict(list)
    for m, s in zip(todo, slot_of, strict=True):
        if s is not None:
            by_slot[s].append(m)
    for s in sorted(by_slot):
        free = set(range(tables))
        assigned: dict[Meeting, int] = {}
        for m in by_slot[s]:
            for p in (m.party_a, m.party_b):
                t = home.get(p)
                if t is not None and t in free and m not in assigned:
                    assigned[m] = t
                    free.discard(t)
        for m in by_slot[s]:
            if m not in assigned:
                assigned[m] = min(free)
                free.discard(assigned[m])
        out.extend(Placement(s + 1, assigned[m] + 1, m) for m in by_slot[s])
    return sorted(out, key=lambda p: (p.slot, p.table))


def _why(m: Meeting, slot_of, todo, slots, tables) -> str:
    party, count = _busy(todo, slot_of)
    for p in (m.party_a, m.party_b):
        if len(party[p]) >= slots:
            return f"{p} already meets better-ranked partners in all {slots} slots"
    both_free = [s for s in range(slots) if s not in party[m.party_a] and s not in party[m.party_b]]
    if all(count[s] >= tables for s in both_free):
        return "every slot where both parties are free has all tables taken"
    return "no slot found"  # pragma: no cover - the repair step would have placed it


# --------------------------------------------------------------------------- the pack


@dataclass(frozen=True)
class WorkshopPack:
    """A region's workshop: its pairings, the meetings, the schedule rows and the agendas."""

    region_id: str
    region_name: str
    pairings: object  # pandas.DataFrame: the scan's pairings that involve the region
    schedule: Schedule
    rows: object  # pandas.DataFrame: slot, table, [time,] party_a, party_b, rank, reason, ...
    unplaced: object  # pandas.DataFrame
    times: tuple[str, ...] = ()  # slot -> "09:00-09:30", empty without a clock time


def resolve_region(g: nx.MultiDiGraph, value: str, option: str = "region") -> str:
    """Return the region_id named by ``value`` (id, node id, name or alias, any case).

    Raises
    ------
    InputError
        For an unknown region, naming the closest valid one.
    """
    text = str(value).strip()
    choices: dict[str, str] = {}
    for n in of_kind(g, REGION):
        d = g.nodes[n]
        key = d.get("key", n)
        spellings = [n, key, d.get("name", ""), *(d.get("aliases") or [])]
        if any(text.casefold() == str(s).casefold() for s in spellings if s):
            return key
        for s in spellings[1:]:
            if s:
                choices.setdefault(str(s).casefold(), key)
    close = difflib.get_close_matches(text.casefold(), sorted(choices), n=1, cutoff=0.0)
    fix = (
        f"did you mean '{choices[close[0]]}'? Valid regions: "
        + ", ".join(sorted(set(choices.values())))
        if close
        else "the dataset has no regions"
    )
    raise InputError(
        Problem(
            file=SETTINGS,
            column=option,
            message=f"unknown region '{text}'.",
            fix=fix,
            code="unknown-value",
        )
    )


def _side(g, row, region_id: str) -> tuple[list[str], list[str]]:
    """Return (host parties, partner parties) of a pairings row: clusters, else actors."""
    involves = [n for n in str(row.get("involves") or "").split(";") if n in g]
    host_c = [n for n in involves if g.nodes[n].get("kind") == CLUSTER]
    host_a = [n for n in involves if g.nodes[n].get("kind") == ACTOR]

    def split(nodes):
        mine = [n for n in nodes if g.nodes[n].get("region_id") == region_id]
        return mine, [n for n in nodes if g.nodes[n].get("region_id") != region_id]

    hc, pc = split(host_c)
    ha, pa = split(host_a)
    return (hc or ha), (pc or pa)


def workshop_meetings(
    result, region_id: str, *, per_pairing: int = 3
) -> tuple[list[Meeting], object]:
    """Return (meetings, region pairings): one meeting per host/partner party pair, best first.

    Every pairing except ``call`` rows (those are for funders, not for tables) that involves the
    region gives up to ``per_pairing`` meetings between one of its parties from the region and
    one from elsewhere (clusters where the pairing names them, else actors).
    """
    g = result.graph
    df = result.pairings
    mine = df[df["regions"].astype(str).str.split(";").apply(lambda rs: region_id in rs)]
    meetings: list[Meeting] = []
    met: set[tuple[str, str]] = set()
    for row in mine.sort_values("rank", kind="stable").to_dict("records"):
        if row.get("kind") == "call":
            continue
        host, partners = _side(g, row, region_id)
        # a pair already meeting for a better-ranked pairing does not need a second table
        pairs = [(h, p) for h in host for p in partners if (h, p) not in met][:per_pairing]
        met.update(pairs)
        # Named by the rank within its kind, as in the report and pairings.xlsx.
        number = row.get("kind_rank", row["rank"])
        reason = f"{row['kind']} #{number}: {row['evidence']}"
        meetings.extend(Meeting(h, p, int(row["rank"]), reason) for h, p in pairs)
    return meetings, mine.reset_index(drop=True)


def workshop_pack(
    result,
    region_id: str,
    *,
    slots: int,
    tables: int,
    time_start: str | None = None,
    slot_minutes: int | None = None,
    use_milp: bool = False,
) -> WorkshopPack:
    """Return the workshop pack of the region hosting the workshop (id, name or alias).

    ``time_start`` (``"09:00"``) and ``slot_minutes`` (default 30) add a ``time`` column;
    ``use_milp`` is passed to :func:`schedule_meetings`.
    """
    import pandas as pd

    g = result.graph
    region_id = resolve_region(g, region_id)
    meetings, mine = workshop_meetings(result, region_id)
    hosts = {m.party_a for m in meetings}
    schedule = schedule_meetings(
        meetings, slots=slots, tables=tables, host_parties=hosts, use_milp=use_milp
    )
    times = _times(slots, time_start, slot_minutes)

    def info(n):
        d = g.nodes[n] if n in g else {}
        return d.get("name", n), d.get("region_id", "")

    rows = []
    for p in schedule.placements:
        m = p.meeting
        (na, ra), (nb, rb) = info(m.party_a), info(m.party_b)
        row: dict[str, object] = {"slot": p.slot, "table": p.table}
        if times:
            row["time"] = times[p.slot - 1]
        row.update(party_a=m.party_a, party_b=m.party_b, rank=m.rank, reason=m.reason)
        row.update(party_a_name=na, party_a_region=ra, party_b_name=nb, party_b_region=rb)
        rows.append(row)
    cols = ["slot", "table", *(["time"] if times else []), "party_a", "party_b", "rank", "reason"]
    cols += ["party_a_name", "party_a_region", "party_b_name", "party_b_region"]
    unplaced = pd.DataFrame(
        [
            {
                "party_a": m.party_a,
                "party_b": m.party_b,
                "rank": m.rank,
                "why": why,
                "reason": m.reason,
            }  # fmt: skip
            for m, why in schedule.unplaced
        ],
        columns=["party_a", "party_b", "rank", "why", "reason"],
    )
    name = g.nodes[f"region:{region_id}"].get("name", region_id)
    return WorkshopPack(
        region_id=region_id,
        region_name=name,
        pairings=mine,
        schedule=schedule,
        rows=pd.DataFrame(rows, columns=cols),
        unplaced=unplaced,
        times=tuple(times),
    )


def _times(slots: int, time_start: str | None, slot_minutes: int | None) -> list[str]:
    if time_start is None and slot_minutes is None:
        return []
    start = time_start or "09:00"
    try:
        hh, mm = (int(x) for x in start.split(":"))
        if not (0 <= hh < 24 and 0 <= mm < 60):
            raise ValueError
    except ValueError:
        raise InputError(
            Problem(file=SETTINGS, column="time_start",
                    message=f"'{start}' is not a clock time.", fix="use HH:MM, e.g. 09:00.")
        ) from None  # fmt: skip
    step = slot_minutes or 30
    out = []
    for s in range(slots):
        a = hh * 60 + mm + s * step
        b = a + step
        out.append(f"{a // 60 % 24:02d}:{a % 60:02d}-{b // 60 % 24:02d}:{b % 60:02d}")
    return out
