"""Synchronized call candidates: a topic, the regions whose programmes can fund it together.

A *synchronized call* is a joint call for proposals built on existing regional programmes: each
region funds its own participants under a joint topic, in the same weeks. Topics come from the
pilot candidates: a topic is the set of a chain's domains that share one taxonomy field (the
green-hydrogen chain gives an *energy* topic {energy-renewables, hydrogen} and a
*connected-mobility* topic {logistics, mobility}); identical topics from different chains merge.
A pilot is a consortium for a topic when its domains meet the topic's.

A programme can take part in a call only when every gate holds (:func:`programme_gates`):

domain      it FUNDS at least one of the topic's domains;
instrument  its instrument is R&D co-funding of the call's kind: grants join grants, vouchers
            join vouchers only (:func:`instrument_class`); loans, equity and unrecognised
            instruments are not synchronised (an empty instrument is taken as a grant);
open        it is still open on the *as-of* date (``closes >= as_of``; default: the newest
            programme opening date of the dataset, so reruns give the same result);
TRL         its [trl_min, trl_max] overlaps the TRL range of the region's applicants (research
            and university actors 3-6, firms 5-8, intermediaries and public bodies 4-7,
            :data:`TRL_BY_TYPE`); no TRLs: taken as 1-9;
eligibility its beneficiary types include at least one applicant's type (none listed: all).

The regions' gated programmes must then be open *together*: the call takes the date (the as-of
date or a later programme opening) at which the most regions have a programme open, and keeps
the programmes open on it, so every pair of them overlaps; the call's window is the part of
their windows they share. The programmes must also share a TRL window with the applicants:
while they do not, the region whose programmes narrow it most is dropped (named, with the
window). A call needs ``min_regions`` funding regions and at least one pilot consortium whose
every region can fund its partners; otherwise it is dropped. Every programme left out of a call,
or of every call, is listed with the rule that excluded it (:attr:`CallResult.exclusions`).

Budget: a region cannot put its whole envelope into one joint call. Each programme *earmarks*
``earmark`` (default 10 %) of its budget for synchronized calls, split evenly between the calls
it takes part in, so no euro is counted twice across calls. Components (each 0-1):

``domain_match``     mean over funding regions of the topic domains their programmes fund
``region_coverage``  funding regions / regions involved in the topic's consortia
``trl_fit``          the common TRL window / the applicants' TRL range
``eligibility``      mean over funding regions of the applicants eligible under a programme
``budget``           mean over funding regions of min(1, earmarked euros / ``budget_saturation``)
``consortia``        min(1, consortia whose every region can fund its partners / 3)

Complexity: O(T · (R_T · P_r · log P_r + K_T)) for T topics, R_T regions per topic, P_r
programmes per region and K_T consortia per topic — linear in the pilots and programmes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from synergy.core.model import ACTOR, FUNDS, IN_DOMAIN, PROGRAMME, REGION, VALUE_CHAIN, node_id
from synergy.core.scoring import Candidate, Weights, composite
from synergy.core.settings import CallParams
from synergy.core.text import fold
from synergy.graph.incidence import of_kind

__all__ = [
    "CALL_WEIGHTS",
    "TRL_BY_TYPE",
    "INSTRUMENT_WORDS",
    "EXCLUSION_COLUMNS",
    "CallResult",
    "call_candidates",
    "find_calls",
    "applicant_trl",
    "instrument_class",
    "default_as_of",
]

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
# Words naming an instrument in the project's languages (folded: lower case, no accents),
# checked in this order: a "voucher" is never a grant, and a grant that may come with a loan
# ("subvention et pret") still is a grant.
INSTRUMENT_WORDS: dict[str, tuple[str, ...]] = {
    "voucher": ("voucher", "gutschein", "cheque", "buono", "vavcer", "bon", "bono"),
    "grant": (
        "grant", "zuschuss", "subvention", "subvencion", "sovvenzione", "contributo",
        "fondo perduto", "nepovratna", "subsidy", "zuwendung", "beihilfe", "dotacja",
        "foerderung", "forderung", "aide", "sredstva",
    ),
    "loan": ("loan", "darlehen", "kredit", "pret", "prestito", "finanziamento agevolato",
             "posojilo", "prestamo", "pozyczka"),
    "equity": ("equity", "beteiligung", "capitale di rischio", "fonds propres", "kapital"),
}  # fmt: skip
SYNCHRONISABLE = ("grant", "voucher")
EXCLUSION_COLUMNS = ["programme_id", "region_id", "name", "calls", "topic", "rule", "reason"]


def instrument_class(text: object) -> str:
    """Return the kind of instrument: ``grant``, ``voucher``, ``loan``, ``equity`` or ``other``.

    An empty instrument is taken as a grant (the usual S3 R&D programme).

    >>> [instrument_class(t) for t in ("Zuschuss", "chèque d'innovation", "prêt", "", "?")]
    ['grant', 'voucher', 'loan', 'grant', 'other']
    >>> instrument_class("subvention et prêt")
    'grant'
    """
    if text is None or (isinstance(text, float) and text != text) or not str(text).strip():
        return "grant"
    words = fold(text)
    tokens = words.split()
    for kind, names in INSTRUMENT_WORDS.items():
        for name in names:
            # long words also inside compounds (Innovationsgutschein); short ones start a word
            hit = name in words if len(name) >= 5 else any(t.startswith(name) for t in tokens)
            if hit:
                return kind
    return "other"


def applicant_trl(types: list[str]) -> tuple[int, int]:
    """Return the TRL range a set of actor types applies at (the union of their ranges).

    >>> applicant_trl(["firm", "university"])
    (3, 8)
    """
    ranges = [TRL_BY_TYPE.get(t, DEFAULT_TRL) for t in types] or [DEFAULT_TRL]
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def _date(value) -> str | None:
    """Return an ISO date string (YYYY-MM-DD) or None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


@dataclass(frozen=True)
class _Programme:
    node: str
    key: str
    name: str
    region: str
    domains: frozenset[str]
    budget: float | None
    trl: tuple[int, int]
    beneficiaries: frozenset[str]
    instrument: str
    opens: str | None
    closes: str | None


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
                name=str(d.get("name") or d.get("key", n)),
                region=d.get("region_id", ""),
                domains=frozenset(
                    g.nodes[v]["key"] for _, v, k in g.out_edges(n, keys=True) if k == FUNDS
                ),
                budget=float(budget) if budget is not None and budget == budget else None,
                trl=(int(lo) if lo is not None else 1, int(hi) if hi is not None else 9),
                beneficiaries=frozenset(d.get("beneficiaries") or ()),
                instrument=instrument_class(d.get("instrument")),
                opens=_date(d.get("opens")),
                closes=_date(d.get("closes")),
            )
        )
    return out


def default_as_of(g: nx.MultiDiGraph) -> str | None:
    """Return the newest programme opening date of the graph (ISO), None without dates."""
    dates = [_date(g.nodes[n].get("opens")) for n in of_kind(g, PROGRAMME)]
    known = [d for d in dates if d]
    return max(known) if known else None


def _topics(g: nx.MultiDiGraph, pilots: list[Candidate]) -> dict[tuple, list[Candidate]]:
    """Return ``{(field, domains): consortia}``: per chain, its domains grouped by field."""
    topics: dict[tuple, list[Candidate]] = defaultdict(list)
    for p in pilots:
        cnode = node_id(VALUE_CHAIN, p.chain_id)
        by_field: dict[str, set[str]] = defaultdict(set)
        for _, d, k in g.out_edges(cnode, keys=True) if cnode in g else []:
            field_ = g.nodes[d].get("field")
            if field_ and k == IN_DOMAIN:
                by_field[field_].add(g.nodes[d]["key"])
        for field_, doms in sorted(by_field.items()):
            if doms & set(p.domains):
                topics[(field_, tuple(sorted(doms)))].append(p)
    return topics


@dataclass
class CallResult:
    """The calls found, the programmes each rule excluded, and the as-of date used."""

    calls: list[Candidate]
    exclusions: pd.DataFrame
    as_of: str | None
    earmark: float


@dataclass
class _Draft:
    """A call before its budget is known (budgets need every call: no euro counted twice)."""

    field: str
    topic: tuple[str, ...]
    instrument: str
    funding: list[str]
    involved: list[str]
    fits: dict  # region -> (programmes, domain share, eligible share)
    window: tuple[str | None, str | None]
    trl: tuple[int, int]
    need: tuple[int, int]
    full: list[Candidate]
    partial: list[Candidate]
    consortia: list[Candidate]
    gaps: dict[str, str]


def call_candidates(
    g: nx.MultiDiGraph,
    pilots: list[Candidate],
    *,
    weights: Weights | None = None,
    params: CallParams | None = None,
) -> list[Candidate]:
    """Return ``call`` candidates (see :func:`find_calls`, which also returns the exclusions)."""
    return find_calls(g, pilots, weights=weights, params=params).calls


def find_calls(
    g: nx.MultiDiGraph,
    pilots: list[Candidate],
    *,
    weights: Weights | None = None,
    params: CallParams | None = None,
) -> CallResult:
    """Return the synchronized calls of a graph, the excluded programmes and the as-of date.

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
        ``as_of`` (ISO date; None: the newest programme opening), ``earmark`` (share of each
        budget a programme can put into synchronized calls), ``min_regions``,
        ``budget_saturation``, ``consortia_saturation``, ``max_named``
        (:class:`synergy.core.settings.CallParams`).

    Returns
    -------
    CallResult
        ``calls``: ``regions`` are the funding regions; ``extra`` holds ``pilot_field``,
        ``instrument``, ``window`` (``opens/closes``), ``programmes``, ``budget_eur`` (the
        earmarked euros this call counts on), ``trl`` (the common TRL window), ``gaps``,
        ``gap_reasons``, ``consortia`` and ``consortia_partial``. ``exclusions``: one row per
        programme and rule that kept it out (columns :data:`EXCLUSION_COLUMNS`).
    """
    w = {**CALL_WEIGHTS, **(weights or Weights()).of("call")}
    params = params or CallParams()
    as_of = params.as_of or default_as_of(g)
    programmes = _programmes(g)
    names = {g.nodes[n]["key"]: g.nodes[n].get("name", n) for n in of_kind(g, REGION)}
    excluded: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    drafts: list[_Draft] = []
    for (field_, topic), consortia in sorted(_topics(g, pilots).items()):
        for instrument in SYNCHRONISABLE:
            draft = _draft(g, field_, topic, instrument, consortia, programmes, as_of, params)
            for key, topics in draft.pop("excluded").items():
                excluded[key] |= topics
            if draft["call"] is not None:
                drafts.append(draft["call"])
    shares = _earmarks(drafts, params.earmark)
    calls = [_candidate(g, d, shares, names, w, params) for d in drafts]
    used = {p.key for d in drafts for r in d.funding for p in d.fits[r][0]}
    return CallResult(
        calls=calls,
        exclusions=_exclusions(programmes, excluded, drafts, used),
        as_of=as_of,
        earmark=params.earmark,
    )


def _applicants(g: nx.MultiDiGraph, consortia: list[Candidate]) -> dict[str, list[str]]:
    """Return region_id -> sorted actor types of the consortia's actors located there."""
    by_region: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for p in consortia:
        for a in p.involves:
            if a in g and g.nodes[a].get("kind") == ACTOR:
                by_region[g.nodes[a].get("region_id", "")].add((a, g.nodes[a].get("type") or ""))
    return {r: sorted(t for _, t in pairs) for r, pairs in by_region.items()}


def programme_gates(
    p: _Programme, topic: set[str], instrument: str, types: list[str], as_of: str | None
) -> tuple[str, str]:
    """Return ``("", "")`` when a programme passes every gate, else ``(rule, reason)``."""
    need = applicant_trl([t for t in types if t])
    if not p.domains & topic:
        return "domain", "funds none of the topic's domains"
    if p.instrument != instrument:
        if p.instrument in SYNCHRONISABLE:
            return "instrument", f"a {p.instrument} programme; the call combines {instrument}s"
        return "instrument", f"a {p.instrument} instrument, not R&D co-funding to synchronise"
    if as_of and p.closes and p.closes < as_of:
        return "window", f"closed on {p.closes}, before the as-of date {as_of}"
    if min(p.trl[1], need[1]) < max(p.trl[0], need[0]):
        return "trl", f"funds TRL {p.trl[0]}–{p.trl[1]}, applicants need {need[0]}–{need[1]}"
    if types and not [t for t in types if not p.beneficiaries or t in p.beneficiaries]:
        return "eligibility", f"excludes applicant types {', '.join(sorted(set(types)))}"
    return "", ""


def _open_on(p: _Programme, day: str) -> bool:
    return (p.opens is None or p.opens <= day) and (p.closes is None or day <= p.closes)


def _sync_date(passing: dict[str, list[_Programme]], as_of: str | None) -> str | None:
    """Return the date on which the most regions have a programme open (earliest such date)."""
    days = {as_of} if as_of else set()
    days |= {
        p.opens for ps in passing.values() for p in ps if p.opens and (not as_of or p.opens > as_of)
    }
    if not days:
        return None
    best = max(
        sorted(days),
        key=lambda day: sum(any(_open_on(p, day) for p in ps) for ps in passing.values()),
    )
    return best


def _draft(g, field_, topic_t, instrument, consortia, programmes, as_of, params) -> dict:
    """Return ``{"call": _Draft or None, "excluded": {(programme, rule, reason): topics}}``."""
    topic = set(topic_t)
    label = f"{field_}: {', '.join(topic_t)}"
    excluded: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    consortia = sorted(consortia, key=lambda p: (-p.score, p.clusters))
    involved = sorted({r for p in consortia for r in p.regions})
    applicants = _applicants(g, consortia)
    passing: dict[str, list[_Programme]] = {}
    gaps: dict[str, str] = {}
    for r in involved:
        types = applicants.get(r, [])
        ok, reasons = [], []
        for p in programmes.get(r, []):
            rule, reason = programme_gates(p, topic, instrument, types, as_of)
            if rule:
                if rule != "domain":
                    reasons.append(f"{p.key} {reason}")
                if rule != "domain" and not (rule == "instrument" and instrument != "grant"):
                    excluded[(p.key, rule, reason)].add(label)
            else:
                ok.append(p)
        if ok:
            passing[r] = ok
        else:
            gaps[r] = "; ".join(reasons) if reasons else "no programme on these domains"
    day = _sync_date(passing, as_of)
    fits: dict[str, tuple[list[_Programme], float, float]] = {}
    for r, ps in passing.items():
        open_ = [p for p in ps if day is None or _open_on(p, day)]
        for p in ps:
            if p not in open_:
                reason = f"open {p.opens or '?'}–{p.closes or '?'}, not with the others on {day}"
                excluded[(p.key, "window", reason)].add(label)
        if not open_:
            gaps[r] = f"no programme open together with the others ({day})"
            continue
        types = applicants.get(r, [])
        funded = set().union(*(p.domains for p in open_)) & topic
        benef: set[str] = set().union(*(p.beneficiaries or {*types} for p in open_))
        share = sum(1 for t in types if t in benef) / len(types) if types else 1.0
        fits[r] = (open_, len(funded) / len(topic), share)
    need = applicant_trl([t for r in fits for t in applicants.get(r, []) if t])
    trl = _common_trl(fits, need)
    while trl is None and len(fits) >= params.min_regions:
        r = _narrowest(fits, need)
        lo, hi = min(p.trl[0] for p in fits[r][0]), max(p.trl[1] for p in fits[r][0])
        for p in fits[r][0]:
            excluded[(p.key, "trl", f"TRL {lo}–{hi} leaves no TRL window common to the call")].add(
                label
            )
        gaps[r] = f"its programmes fund TRL {lo}–{hi}, outside the others' common window"
        del fits[r]
        trl = _common_trl(fits, need)
    call = None
    funding = sorted(fits)
    if trl is not None and len(funding) >= params.min_regions:
        full = [p for p in consortia if set(p.regions) <= set(funding)]
        partial = [p for p in consortia if p not in full and set(p.regions) & set(funding)]
        progs = [p for r in funding for p in fits[r][0]]
        opens = max([p.opens for p in progs if p.opens] + ([as_of] if as_of else []), default=None)
        closes = min([p.closes for p in progs if p.closes], default=None)
        if full:
            call = _Draft(
                field=field_, topic=topic_t, instrument=instrument, funding=funding,
                involved=involved, fits=fits, window=(opens, closes), trl=trl, need=need,
                full=full, partial=partial, consortia=consortia, gaps=gaps,
            )  # fmt: skip
        else:
            for p in progs:
                excluded[(p.key, "consortia", "no pilot consortium the call could fund")].add(label)
    return {"call": call, "excluded": excluded}


def _common_trl(fits, need) -> tuple[int, int] | None:
    """Return the TRL range every region's programmes and the applicants share, or None."""
    if not fits:
        return None
    lo, hi = need
    for progs, *_rest in fits.values():
        lo = max(lo, min(p.trl[0] for p in progs))
        hi = min(hi, max(p.trl[1] for p in progs))
    return (lo, hi) if lo <= hi else None


def _narrowest(fits, need) -> str:
    """Return the region whose removal leaves the widest common TRL window (then by id)."""

    def width(r: str) -> tuple[int, str]:
        rest = {k: v for k, v in fits.items() if k != r}
        window = _common_trl(rest, need)
        return (-(window[1] - window[0] + 1) if window else 1, r)

    return min(fits, key=width)


def _earmarks(drafts: list[_Draft], earmark: float) -> dict[str, float]:
    """Return programme -> euros it earmarks for *each* call it is in (split evenly)."""
    uses: dict[str, int] = defaultdict(int)
    budget: dict[str, float] = {}
    for d in drafts:
        for r in d.funding:
            for p in d.fits[r][0]:
                uses[p.key] += 1
                budget[p.key] = p.budget or 0.0
    return {k: budget[k] * earmark / n for k, n in uses.items()}


def _candidate(g, d: _Draft, shares, names, w, params) -> Candidate:
    budgets = {r: sum(shares[p.key] for p in d.fits[r][0]) for r in d.funding}
    span = d.need[1] - d.need[0] + 1
    comps = {
        "domain_match": sum(d.fits[r][1] for r in d.funding) / len(d.funding),
        "region_coverage": len(d.funding) / len(d.involved),
        "trl_fit": (d.trl[1] - d.trl[0] + 1) / span,
        "eligibility": sum(d.fits[r][2] for r in d.funding) / len(d.funding),
        "budget": sum(min(1.0, budgets[r] / params.budget_saturation) for r in d.funding)
        / len(d.funding),
        "consortia": min(1.0, len(d.full) / params.consortia_saturation),
    }
    progs = sorted(p.key for r in d.funding for p in d.fits[r][0])
    clusters = sorted({c for p in d.consortia for c in p.clusters})
    return Candidate(
        kind="call",
        regions=tuple(d.funding),
        score=composite(comps, w),
        components=comps,
        evidence=_evidence(g, d, budgets, names, params),
        clusters=tuple(clusters),
        domains=tuple(d.topic),
        chain_id=";".join(sorted({p.chain_id for p in d.consortia})),
        involves=tuple(
            sorted(
                [node_id(REGION, r) for r in d.involved] + [node_id("Cluster", c) for c in clusters]
            )
        ),
        extra={
            "pilot_field": d.field,
            "instrument": d.instrument,
            "window": f"{d.window[0] or ''}/{d.window[1] or ''}",
            "programmes": ";".join(progs),
            "budget_eur": round(float(sum(budgets.values())), 2),
            "trl": f"{d.trl[0]}-{d.trl[1]}",
            "gaps": ";".join(sorted(d.gaps)),
            "gap_reasons": "; ".join(f"{r}: {d.gaps[r]}" for r in sorted(d.gaps)),
            "consortia": ";".join(sorted(p.candidate_id for p in d.full)),
            "consortia_partial": ";".join(sorted(p.candidate_id for p in d.partial)),
        },
    )


def _money(eur: float) -> str:
    return f"€{eur / 1e6:.2f} M" if eur else "no budget stated"


def _evidence(g, d: _Draft, budgets, names, params) -> str:
    dnames = [g.nodes[node_id("Domain", x)].get("name", x) for x in d.topic]
    cap = params.max_named
    shown = [
        f"{names.get(r, r)} ({', '.join(p.key for p in d.fits[r][0])})" for r in d.funding[:cap]
    ]
    more = f" and {len(d.funding) - cap} more" if len(d.funding) > cap else ""
    opens, closes = d.window
    window = f"open together {opens or 'now'} to {closes or 'no deadline'}"
    example = f" (best: {' + '.join(d.full[0].clusters)})" if d.full else ""
    text = (
        f"Synchronized {d.instrument} call on {', '.join(dnames)} ({d.field}): "
        f"{'; '.join(shown)}{more} can each fund their own partners, {window}, common TRL "
        f"window {d.trl[0]}–{d.trl[1]}, {_money(sum(budgets.values()))} earmarked "
        f"({params.earmark:.0%} of each envelope, split between the calls using it) — for "
        f"{len(d.full)} of {len(d.consortia)} pilot consortia{example}"
    )
    if d.gaps:
        listed = ", ".join(f"{names.get(r, r)} ({r}: {d.gaps[r]})" for r in sorted(d.gaps))
        text += f"; GAP: {listed}"
    return text + "."


def _exclusions(programmes, excluded, drafts, used) -> pd.DataFrame:
    """Return one row per programme and rule that kept it out of a call (or of all calls)."""
    calls_of: dict[str, int] = defaultdict(int)
    for d in drafts:
        for r in d.funding:
            for p in d.fits[r][0]:
                calls_of[p.key] += 1
    info = {p.key: p for ps in programmes.values() for p in ps}
    rows = []
    for (key, rule, reason), topics in sorted(excluded.items()):
        p = info[key]
        rows.append(
            (key, p.region, p.name, calls_of.get(key, 0), "; ".join(sorted(topics)), rule, reason)
        )
    noted = {k for k, _, _ in excluded}
    for key in sorted(set(info) - used - noted):
        p = info[key]
        reason = (
            f"a {p.instrument} instrument, not R&D co-funding to synchronise"
            if p.instrument not in SYNCHRONISABLE
            else "no pilot consortium works on the domains it funds"
        )
        rule = "instrument" if p.instrument not in SYNCHRONISABLE else "domain"
        rows.append((key, p.region, p.name, 0, "", rule, reason))
    frame = pd.DataFrame(rows, columns=EXCLUSION_COLUMNS)
    return frame.sort_values(["programme_id", "rule", "reason"], kind="stable").reset_index(
        drop=True
    )
