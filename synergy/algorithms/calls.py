"""Synchronized call candidates: a topic, the regions whose programmes can fund it, the consortia.

A *synchronized call* is a joint call for proposals built on existing regional programmes: each
region funds its own participants under a joint topic. Topics come from the pilot candidates:
a topic is the set of a chain's domains that share one taxonomy field (the green-hydrogen chain
gives an *energy* topic {energy-renewables, hydrogen} and a *connected-mobility* topic
{logistics, mobility}); identical topics from different chains merge. A pilot is a consortium
for a topic when its domains meet the topic's.

A region's programme *can fund* the topic when all three hold:

domain      it FUNDS at least one of the topic's domains (labels in any language were mapped to
            taxonomy ids at ingest);
TRL         its [trl_min, trl_max] overlaps the TRL range of the region's applicants, where
            research and university actors need TRL 3–6, firms 5–8, intermediaries and public
            bodies 4–7 (:data:`TRL_BY_TYPE`); a programme without TRLs is taken as 1–9;
eligibility its beneficiary types include at least one applicant's type (none listed: all).

Every region involved in the topic's consortia without such a programme is a **gap**, named
with the reason in the evidence and in ``extra["gaps"]``. Components (each 0–1):

``domain_match``     mean over funding regions of the topic domains their fitting programmes fund
``region_coverage``  funding regions / regions involved in the topic's consortia
``trl_fit``          mean over funding regions of the applicants' TRL range the programmes cover
``eligibility``      mean over funding regions of the applicants eligible under a programme
``budget``           mean over funding regions of min(1, matching budget / 20 M€)
``consortia``        min(1, consortia whose every region can fund its partners / 3)

Complexity: O(T · (R_T · P_r + K_T)) for T topics, R_T regions per topic, P_r programmes per
region and K_T consortia per topic — linear in the pilots and programmes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from synergy.core.model import ACTOR, FUNDS, IN_DOMAIN, PROGRAMME, REGION, VALUE_CHAIN, node_id
from synergy.core.scoring import Candidate, Weights, composite
from synergy.core.settings import CallParams
from synergy.graph.incidence import of_kind

__all__ = ["CALL_WEIGHTS", "TRL_BY_TYPE", "call_candidates", "applicant_trl"]

CALL_WEIGHTS = {
    "domain_match": 0.20,
    "region_coverage": 0.25,
    "trl_fit": 0.15,
    "eligibility": 0.10,
    "budget": 0.10,
    "consortia": 0.20,
}
# Technology readiness an actor type usually applies at (research upstream, firms near market).
TRL_BY_TYPE = {
    "research": (3, 6),
    "university": (3, 6),
    "firm": (5, 8),
    "intermediary": (4, 7),
    "public": (4, 7),
}
DEFAULT_TRL = (4, 7)


def applicant_trl(types: list[str]) -> tuple[int, int]:
    """Return the TRL range a set of actor types applies at (the union of their ranges).

    >>> applicant_trl(["firm", "university"])
    (3, 8)
    """
    ranges = [TRL_BY_TYPE.get(t, DEFAULT_TRL) for t in types] or [DEFAULT_TRL]
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


@dataclass(frozen=True)
class _Programme:
    node: str
    key: str
    region: str
    domains: frozenset[str]
    budget: float | None
    trl: tuple[int, int]
    beneficiaries: frozenset[str]


def _programmes(g: nx.MultiDiGraph) -> dict[str, list[_Programme]]:
    out: dict[str, list[_Programme]] = defaultdict(list)
    for n in of_kind(g, PROGRAMME):
        d = g.nodes[n]
        budget = d.get("budget_eur")
        lo, hi = d.get("trl_min"), d.get("trl_max")
        out[d.get("region_id", "")].append(
            _Programme(
                node=n,
                key=d.get("key", n),
                region=d.get("region_id", ""),
                domains=frozenset(
                    g.nodes[v]["key"] for _, v, k in g.out_edges(n, keys=True) if k == FUNDS
                ),
                budget=float(budget) if budget is not None and budget == budget else None,
                trl=(int(lo) if lo is not None else 1, int(hi) if hi is not None else 9),
                beneficiaries=frozenset(d.get("beneficiaries") or ()),
            )
        )
    return out


def _topics(g: nx.MultiDiGraph, pilots: list[Candidate]) -> dict[tuple, list[Candidate]]:
    """Return ``{(field, domains): consortia}``: per chain, its domains grouped by field."""
    topics: dict[tuple, list[Candidate]] = defaultdict(list)
    for p in pilots:
        cnode = node_id(VALUE_CHAIN, p.chain_id)
        by_field: dict[str, set[str]] = defaultdict(set)
        for _, d, k in g.out_edges(cnode, keys=True) if cnode in g else []:
            field = g.nodes[d].get("field")
            if field and k == IN_DOMAIN:
                by_field[field].add(g.nodes[d]["key"])
        for field, doms in sorted(by_field.items()):
            if doms & set(p.domains):
                topics[(field, tuple(sorted(doms)))].append(p)
    return topics


def call_candidates(
    g: nx.MultiDiGraph,
    pilots: list[Candidate],
    *,
    weights: Weights | None = None,
    params: CallParams | None = None,
) -> list[Candidate]:
    """Return ``call`` candidates: topics that at least ``params.min_regions`` regions can fund.

    Parameters
    ----------
    g
        The synergy graph (programmes, FUNDS edges, actor types).
    pilots
        The ``pilot`` candidates (:func:`synergy.algorithms.pilots.pilot_candidates`): the
        consortia.
    weights
        Component weights of kind ``call`` (module docstring).
    params
        ``min_regions``: fewest funding regions for a synchronized call;
        ``budget_saturation``, ``consortia_saturation``, ``max_named``: see
        :class:`synergy.core.settings.CallParams`.

    Returns
    -------
    list of Candidate
        ``regions`` are the funding regions; ``extra`` holds ``pilot_field``, ``programmes``
        (``;`` ids), ``budget_eur`` (total of the matching programmes), ``trl`` (the common
        TRL window, ``lo-hi``), ``gaps`` (``;`` region ids), ``gap_reasons``, ``consortia``
        (``;`` pilot candidate ids every region can fund) and ``consortia_partial``.
    """
    w = {**CALL_WEIGHTS, **(weights or Weights()).of("call")}
    params = params or CallParams()
    programmes = _programmes(g)
    names = {g.nodes[n]["key"]: g.nodes[n].get("name", n) for n in of_kind(g, REGION)}
    out: list[Candidate] = []
    for (field, topic), consortia in sorted(_topics(g, pilots).items()):
        cand = _call(g, field, topic, consortia, programmes, names, w, params)
        if cand is not None:
            out.append(cand)
    return out


def _applicants(g: nx.MultiDiGraph, consortia: list[Candidate]) -> dict[str, list[str]]:
    """Return region_id -> sorted actor types of the consortia's actors located there."""
    by_region: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for p in consortia:
        for a in p.involves:
            if a in g and g.nodes[a].get("kind") == ACTOR:
                by_region[g.nodes[a].get("region_id", "")].add((a, g.nodes[a].get("type") or ""))
    return {r: sorted(t for _, t in pairs) for r, pairs in by_region.items()}


def _region_fit(progs: list[_Programme], topic: set[str], types: list[str]):
    """Return (fitting programmes, domain share, trl share, eligible share, gap reason)."""
    need = applicant_trl([t for t in types if t])
    on_topic = [p for p in progs if p.domains & topic]
    if not on_topic:
        return [], 0.0, 0.0, 0.0, "no programme on these domains"
    fitting, reasons = [], []
    for p in on_topic:
        overlap = min(p.trl[1], need[1]) - max(p.trl[0], need[0]) + 1
        eligible = [t for t in types if not p.beneficiaries or t in p.beneficiaries]
        if overlap <= 0:
            reasons.append(
                f"{p.key} funds TRL {p.trl[0]}–{p.trl[1]}, applicants need {need[0]}–{need[1]}"
            )
        elif not eligible:
            reasons.append(f"{p.key} excludes applicant types {', '.join(sorted(set(types)))}")
        else:
            fitting.append(p)
    if not fitting:
        return [], 0.0, 0.0, 0.0, "; ".join(reasons)
    funded = set().union(*(p.domains for p in fitting)) & topic
    span = need[1] - need[0] + 1
    trl = max((min(p.trl[1], need[1]) - max(p.trl[0], need[0]) + 1) / span for p in fitting)
    benef: set[str] = set().union(*(p.beneficiaries or {*types} for p in fitting))
    share = sum(1 for t in types if t in benef) / len(types) if types else 1.0
    return fitting, len(funded) / len(topic), trl, share, ""


def _call(g, field, topic_t, consortia, programmes, names, w, params) -> Candidate | None:
    topic = set(topic_t)
    consortia = sorted(consortia, key=lambda p: (-p.score, p.clusters))
    involved = sorted({r for p in consortia for r in p.regions})
    applicants = _applicants(g, consortia)
    fits, gaps = {}, {}
    for r in involved:
        types = applicants.get(r, [])
        fitting, dm, trl, elig, reason = _region_fit(programmes.get(r, []), topic, types)
        if fitting:
            fits[r] = (fitting, dm, trl, elig)
        else:
            gaps[r] = reason
    if len(fits) < params.min_regions:
        return None
    funding = sorted(fits)
    full = [p for p in consortia if set(p.regions) <= set(funding)]
    partial = [p for p in consortia if p not in full and set(p.regions) & set(funding)]
    budgets = {r: sum(p.budget or 0.0 for p in fits[r][0]) for r in funding}
    comps = {
        "domain_match": sum(fits[r][1] for r in funding) / len(funding),
        "region_coverage": len(funding) / len(involved),
        "trl_fit": sum(fits[r][2] for r in funding) / len(funding),
        "eligibility": sum(fits[r][3] for r in funding) / len(funding),
        "budget": sum(min(1.0, budgets[r] / params.budget_saturation) for r in funding)
        / len(funding),
        "consortia": min(1.0, len(full) / params.consortia_saturation),
    }
    window = _trl_window(fits, applicants)
    progs = sorted(p.key for r in funding for p in fits[r][0])
    gap_reasons = "; ".join(f"{r}: {gaps[r]}" for r in sorted(gaps))
    evidence = _evidence(
        g, field, topic_t, funding, fits, budgets, window, full, consortia, gaps, names, params
    )
    clusters = sorted({c for p in consortia for c in p.clusters})
    return Candidate(
        kind="call",
        regions=tuple(funding),
        score=composite(comps, w),
        components=comps,
        evidence=evidence,
        clusters=tuple(clusters),
        domains=tuple(topic_t),
        chain_id=";".join(sorted({p.chain_id for p in consortia})),
        involves=tuple(
            sorted(
                [node_id(REGION, r) for r in involved] + [node_id("Cluster", c) for c in clusters]
            )
        ),
        extra={
            "pilot_field": field,
            "programmes": ";".join(progs),
            "budget_eur": float(sum(budgets.values())),
            "trl": f"{window[0]}-{window[1]}" if window else "",
            "gaps": ";".join(sorted(gaps)),
            "gap_reasons": gap_reasons,
            "consortia": ";".join(sorted(p.candidate_id for p in full)),
            "consortia_partial": ";".join(sorted(p.candidate_id for p in partial)),
        },
    )


def _trl_window(fits, applicants) -> tuple[int, int] | None:
    """Return the TRL range every funding region's fitting programmes and applicants share."""
    lo, hi = 1, 9
    for r, (fitting, *_rest) in fits.items():
        need = applicant_trl([t for t in applicants.get(r, []) if t])
        lo = max(lo, min(p.trl[0] for p in fitting), need[0])
        hi = min(hi, max(p.trl[1] for p in fitting), need[1])
    return (lo, hi) if lo <= hi else None


def _money(eur: float) -> str:
    return f"€{eur / 1e6:.1f} M" if eur else "budget not stated"


def _evidence(
    g, field, topic, funding, fits, budgets, window, full, consortia, gaps, names, params
):
    dnames = [g.nodes[node_id("Domain", d)].get("name", d) for d in topic]
    shown = [
        f"{names.get(r, r)} ({', '.join(p.key for p in fits[r][0])})"
        for r in funding[: params.max_named]
    ]
    cap = params.max_named
    more = f" and {len(funding) - cap} more" if len(funding) > cap else ""
    trl = f"common TRL window {window[0]}–{window[1]}" if window else "no common TRL window"
    example = ""
    if full:
        example = f" (best: {' + '.join(full[0].clusters)})"
    text = (
        f"Synchronized call on {', '.join(dnames)} ({field}): {'; '.join(shown)}{more} can each "
        f"fund their own partners — {_money(sum(budgets.values()))} in matching programmes, "
        f"{trl} — for {len(full)} of {len(consortia)} pilot consortia{example}"
    )
    if gaps:
        listed = ", ".join(f"{names.get(r, r)} ({r}: {gaps[r]})" for r in sorted(gaps))
        text += f"; GAP: {listed}"
    return text + "."
