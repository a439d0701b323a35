"""Workshop agendas: one Markdown page per party of a workshop schedule."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from synergy.report.markdown import md_escape

__all__ = ["workshop_agendas"]


def workshop_agendas(pack, graph: nx.MultiDiGraph) -> dict[str, str]:
    """Return party node id -> its agenda page (Markdown, all input text escaped).

    One page per party with a meeting or an unplaced meeting: its slots, tables, partners
    and why they meet; meetings that did not fit are listed to be met informally.
    """
    schedule, times, region_name = pack.schedule, list(pack.times), pack.region_name

    def info(n):
        """Return the party's name and its region's name (the id when it has no name)."""
        d = graph.nodes[n] if n in graph else {}
        region = str(d.get("region_id", ""))
        node = f"region:{region}"
        where = graph.nodes[node].get("name", region) if node in graph else region
        return d.get("name", n), where

    per: dict[str, list[tuple]] = defaultdict(list)
    for p in schedule.placements:
        m = p.meeting
        per[m.party_a].append((p.slot, p.table, m.party_b, m))
        per[m.party_b].append((p.slot, p.table, m.party_a, m))
    missed: dict[str, list[tuple]] = defaultdict(list)
    for m, why in schedule.unplaced:
        missed[m.party_a].append((m.party_b, why))
        missed[m.party_b].append((m.party_a, why))
    out = {}
    for party in sorted(set(per) | set(missed)):
        name, region = info(party)
        lines = [
            f"# Workshop agenda: {md_escape(name)}",
            "",
            f"For {md_escape(name)} ({md_escape(region)}), at the cluster workshop hosted by "
            f"{md_escape(region_name)}: whom you meet, when, at which table, and why.",
            "",
            "| Slot | Time | Table | Meeting with | Region | Why |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for slot, table, other, m in sorted(per.get(party, [])):
            oname, oregion = info(other)
            t = times[slot - 1] if times else ""
            lines.append(
                f"| {slot} | {t} | {table} | {md_escape(oname)} | {md_escape(oregion)} "
                f"| {md_escape(m.reason)} |"
            )
        if not per.get(party):
            lines.append("| | | | (no meeting placed) | | |")
        if missed.get(party):
            lines += ["", "Not scheduled (meet them informally):", ""]
            for other, why in sorted(missed[party]):
                # The scheduler's reasons name parties by id; people read names.
                for who in (party, other):
                    why = why.replace(who, str(info(who)[0]))
                lines.append(f"- {md_escape(info(other)[0])}: {md_escape(why)}")
        lines += ["", f"_Reference for the organisers: {md_escape(party)}._"]
        out[party] = "\n".join(lines) + "\n"
    return out
