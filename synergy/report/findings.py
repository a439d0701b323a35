"""The report's first screen: key findings a policy officer can act on in five minutes.

Per candidate kind the best three by name (``kind_rank``: scores of different kinds are not
comparable, so nothing here ranks across kinds), with one line of evidence; the most severe
stress-test flags; the funding gaps of the best synchronized calls; and what to do next
(which pilot, which call, which workshop, what to fix in the data). Everything is read from
the scan's tables, so each line traces back to a row of ``pairings.csv``,
``stress-flags.csv`` or ``unresolved.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
import pandas as pd

from synergy.core import model
from synergy.core.model import CANDIDATE_KINDS
from synergy.graph.names import candidate_title, key_names, split_cell
from synergy.report.blocks import Block, Bullets, Group, Heading, Item, Paragraph, cell

__all__ = [
    "findings_blocks",
    "best_of_kind",
    "kind_order",
    "KIND_TITLES",
    "TOP_PER_KIND",
    "FINDINGS_ID",
]

FINDINGS_ID = "key-findings"
TOP_PER_KIND = 3
MAX_FLAGS = 4
MAX_STEPS = 4
MAX_GAPS = 4
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}

KIND_TITLES = {
    "shared-priority": "Shared priorities",
    "value-chain": "Value-chain complements",
    "relatedness": "Related diversification",
    "pilot": "Joint pilots",
    "call": "Synchronized calls",
}


def kind_order(pairings: pd.DataFrame | None) -> list[str]:
    """Return the kinds present, known kinds in their usual order, unknown ones after."""
    if pairings is None or "kind" not in pairings.columns:
        return []
    present = set(pairings["kind"].dropna().astype(str))
    return [k for k in CANDIDATE_KINDS if k in present] + sorted(present - set(CANDIDATE_KINDS))


def best_of_kind(pairings: pd.DataFrame, kind: str, n: int | None = None) -> pd.DataFrame:
    """Return the candidates of ``kind``, best first by ``kind_rank`` (else by ``rank``)."""
    subset = pairings[pairings["kind"].astype(str) == kind]
    for column in ("kind_rank", "rank"):
        if column in subset.columns:
            subset = subset.sort_values(column, kind="mergesort")
            break
    return subset if n is None else subset.head(n)


def _kind_rank(row: Mapping[str, Any], default: int) -> int:
    try:
        return int(row.get("kind_rank", default))
    except (TypeError, ValueError):
        return default


def _short(text: str) -> str:
    """Return a flag message up to its list of items ("4 stages rest on one actor: A; B")."""
    head, sep, _ = str(text).partition(": ")
    return head if sep and len(head) >= 12 else str(text)


def _flags(extras: Mapping[str, Any]) -> list[Item]:
    flags = extras.get("stress-flags")
    if not isinstance(flags, pd.DataFrame) or flags.empty or "message" not in flags.columns:
        return []
    severity = flags.get("severity", pd.Series("", index=flags.index)).astype(str)
    order = sorted(flags.index, key=lambda i: (SEVERITY_ORDER.get(severity[i], 9), i))
    items = []
    for i in order[:MAX_FLAGS]:
        row = flags.loc[i]
        name = cell(row.get("name")) or cell(row.get("region_id"))
        level = f" ({severity[i]})" if severity[i] else ""
        items.append(Item(f"{name}{level}", _short(cell(row["message"]))))
    return items


def _gap_reasons(value: Any) -> dict[str, str]:
    """Return region id -> reason of a ``gap_reasons`` cell ("AT32: no programme; ...")."""
    out = {}
    for part in str(value or "").split("; "):
        key, sep, why = part.partition(": ")
        if sep:
            out[key.strip()] = why.strip()
    return out


def _gaps(pairings: pd.DataFrame, graph: nx.MultiDiGraph) -> list[Item]:
    """Return, per region missing from one of the best calls, which calls and why."""
    if "call" not in kind_order(pairings) or "gaps" not in pairings.columns:
        return []
    by_region: dict[str, list[str]] = {}
    reasons: dict[str, str] = {}
    for i, row in enumerate(best_of_kind(pairings, "call", TOP_PER_KIND).to_dict("records")):
        domains = key_names(graph, model.DOMAIN, split_cell(row.get("domains")))
        more = f" +{len(domains) - 2} more" if len(domains) > 2 else ""
        topic = ", ".join(domains[:2]) + more
        for region in split_cell(row.get("gaps")):
            by_region.setdefault(region, []).append(f"call #{_kind_rank(row, i + 1)} ({topic})")
            reasons.setdefault(region, _gap_reasons(row.get("gap_reasons")).get(region, ""))
    items = []
    for region in sorted(by_region, key=lambda r: (-len(by_region[r]), r))[:MAX_GAPS]:
        name = key_names(graph, model.REGION, [region])[0]
        why = reasons[region] or "no matching programme"
        items.append(Item(name, f"{why} for {'; '.join(by_region[region])}"))
    return items


def _next_steps(
    pairings: pd.DataFrame, graph: nx.MultiDiGraph, unresolved: int, flags: int
) -> list[Item]:
    kinds = kind_order(pairings)
    steps = []
    if "pilot" in kinds:
        top = best_of_kind(pairings, "pilot", 1).iloc[0].to_dict()
        steps.append(Item("Start a pilot", f"{candidate_title(top, graph)} (pilot #1)."))
    if "call" in kinds:
        top = best_of_kind(pairings, "call", 1).iloc[0].to_dict()
        budget = pd.to_numeric(pd.Series([top.get("budget_eur")]), errors="coerce").iloc[0]
        money = f", €{budget / 1e6:,.1f} M in matching programmes" if budget == budget else ""
        steps.append(
            Item("Prepare a synchronized call", f"{candidate_title(top, graph)}{money} (call #1).")
        )
    host = _workshop_host(pairings, graph)
    if host:
        steps.append(Item("Hold a cluster workshop", host))
    if flags and len(steps) < MAX_STEPS - (1 if unresolved else 0):
        steps.append(
            Item("Discuss the weak spots", "with the regions concerned (S3 stress test below).")
        )
    if unresolved and len(steps) < MAX_STEPS:
        steps.append(
            Item(
                "Fix the input",
                f"{unresolved} entr{'y' if unresolved == 1 else 'ies'} could not be matched "
                "(unresolved.csv, appendix); scan again.",
            )
        )
    return steps


def _workshop_host(pairings: pd.DataFrame, graph: nx.MultiDiGraph) -> str:
    """Return the region in most of the best pilots and value chains, as a sentence."""
    counts: dict[str, int] = {}
    for kind in ("pilot", "value-chain"):
        if kind not in kind_order(pairings):
            continue
        for row in best_of_kind(pairings, kind, TOP_PER_KIND).to_dict("records"):
            for region in split_cell(row.get("regions")):
                counts[region] = counts.get(region, 0) + 1
    if not counts:
        return ""
    region = min(counts, key=lambda r: (-counts[r], r))
    name = key_names(graph, model.REGION, [region])[0]
    return (
        f"{name} ({region}) takes part in {counts[region]} of the best pilots and value-chain "
        "complements; its workshop pack schedules the meetings."
    )


def findings_blocks(
    pairings: pd.DataFrame | None,
    graph: nx.MultiDiGraph,
    *,
    extras: Mapping[str, Any] | None = None,
    unresolved: int = 0,
    lead: str = "",
    shortfalls: Mapping[str, str] | None = None,
) -> list[Block]:
    """Return the *Key findings* section (one :class:`Group` with id :data:`FINDINGS_ID`).

    ``shortfalls`` (kind -> the sentence saying why it found nothing) adds a box naming the
    kinds without candidates.
    """
    pairings = pairings if pairings is not None else pd.DataFrame()
    extras = extras or {}
    kinds = kind_order(pairings)
    boxes: list[Block] = []
    for kind in kinds:
        items = []
        for i, row in enumerate(best_of_kind(pairings, kind, TOP_PER_KIND).to_dict("records")):
            rank = _kind_rank(row, i + 1)
            items.append(Item(f"#{rank} {candidate_title(row, graph)}", cell(row.get("evidence"))))
        title = KIND_TITLES.get(kind, kind)
        boxes.append(Group("fbox kind", (Heading(3, title), Bullets(tuple(items)))))
    if not kinds:
        boxes.append(Paragraph("The scan found no candidates.", note=True))
    if shortfalls:
        missing = [
            Item(KIND_TITLES.get(k, k), str(shortfalls[k]))
            for k in [*CANDIDATE_KINDS, *sorted(set(shortfalls) - set(CANDIDATE_KINDS))]
            if k in shortfalls
        ]
        boxes.append(
            Group("fbox line", (Heading(3, "Kinds without candidates"), Bullets(tuple(missing))))
        )
    flags = _flags(extras)
    steps = _next_steps(pairings, graph, unresolved, len(flags))
    boxes += [
        Group("fbox steps", (Heading(3, "What to do next"), Bullets(tuple(steps), ordered=True))),
        Group(
            "fbox line",
            (
                Heading(3, "Weak spots (stress test)"),
                Bullets(tuple(flags), empty="No stress-test flag."),
            ),
        ),
        Group(
            "fbox line",
            (
                Heading(3, "Funding gaps of the best calls"),
                Bullets(
                    tuple(_gaps(pairings, graph)), empty="No funding gap among the best calls."
                ),
            ),
        ),
    ]
    return [
        Group(
            "findings",
            (
                Heading(2, "Key findings"),
                *([Paragraph(lead)] if lead else []),
                Group("fgrid", tuple(boxes)),
            ),
            id=FINDINGS_ID,
        )
    ]
