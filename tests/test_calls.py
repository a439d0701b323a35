"""Synchronized call candidates: programmes in two regions fund hydrogen, the third is a gap.

tests/data/pilots: Alpha funds hydrogen (TRL 4–7, firms and research), Beta funds it under
the Italian label "idrogeno" (TRL 5–8, firms), Gamma's hydrogen programme is for public
bodies only while Gamma's applicant is a firm: Gamma is a gap, with that reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from synergy.algorithms.calls import applicant_trl, call_candidates, find_calls, instrument_class
from synergy.algorithms.pilots import pilot_candidates
from synergy.core.settings import CallParams
from synergy.pipeline import scan

DATA = Path(__file__).parent / "data" / "pilots"


@pytest.fixture(scope="module")
def graph():
    return scan(DATA).graph


@pytest.fixture(scope="module")
def pilots(graph):
    return pilot_candidates(graph)


def test_call_names_funding_regions_and_gap(graph, pilots):
    calls = call_candidates(graph, pilots)
    assert [c.domains for c in calls] == [("hydrogen",)]
    call = calls[0]
    assert call.kind == "call"
    assert call.regions == ("R1", "R2")
    assert call.extra["gaps"] == "R3"
    assert "GAP" in call.evidence and "Gamma" in call.evidence
    assert "P-C1 excludes applicant types firm" in call.extra["gap_reasons"]
    assert call.extra["programmes"] == "P-A1;P-B1"
    # 10 % of each envelope (10 M + 6 M) is earmarked; the programmes are in this call only
    assert call.extra["budget_eur"] == 1_600_000.0
    assert call.extra["pilot_field"] == "energy"


def test_call_consortia_split_full_and_partial(graph, pilots):
    call = call_candidates(graph, pilots)[0]
    ids = {p.clusters: p.candidate_id for p in pilots}
    assert call.extra["consortia"] == ids[("c-alpha-h2", "c-beta-h2")]
    assert call.extra["consortia_partial"] == ids[("c-beta-h2", "c-gamma-h2")]


def test_call_trl_window_meets_applicants(graph, pilots):
    # Alpha applies with a firm and a research institute (3–8), programme 4–7; Beta's firms
    # (5–8) under a 5–8 programme: the common window is 5–7
    call = call_candidates(graph, pilots)[0]
    assert call.extra["trl"] == "5-7"
    assert applicant_trl(["research"]) == (3, 6)
    assert applicant_trl(["firm"]) == (5, 8)


def test_call_trl_mismatch_is_a_gap(graph, pilots):
    g = graph.copy()
    g.nodes["programme:P-B1"]["trl_min"] = 9
    g.nodes["programme:P-B1"]["trl_max"] = 9
    found = find_calls(g, pilots)
    assert found.calls == []  # only Alpha could fund it: not a synchronized call
    rows = found.exclusions[found.exclusions["programme_id"] == "P-B1"]
    assert "funds TRL 9–9, applicants need 5–8" in rows["reason"].iloc[0]
    # with one region allowed, Alpha alone funds no consortium (every pilot needs Beta or
    # Gamma): a call that funds no consortium is dropped, and its programme says why
    alone = find_calls(g, pilots, params=CallParams(min_regions=1))
    assert [c for c in alone.calls if c.domains == ("hydrogen",)] == []
    why = alone.exclusions[alone.exclusions["programme_id"] == "P-A1"]
    assert "no pilot consortium the call could fund" in why["reason"].tolist()


def _with(graph, **programmes):
    g = graph.copy()
    for pid, attrs in programmes.items():
        g.nodes[f"programme:{pid}"].update(attrs)
    return g


def test_call_window_closed_before_as_of(graph, pilots):
    g = _with(graph, **{"P-A1": {"opens": "2025-01-01"}, "P-B1": {"closes": "2024-06-30"}})
    found = find_calls(g, pilots)
    assert found.as_of == "2025-01-01"  # default: the newest programme opening
    assert found.calls == []
    row = found.exclusions.set_index("programme_id").loc["P-B1"]
    assert row["rule"] == "window"
    assert row["reason"] == "closed on 2024-06-30, before the as-of date 2025-01-01"


def test_call_windows_must_overlap(graph, pilots):
    apart = _with(
        graph,
        **{
            "P-A1": {"opens": "2025-01-01", "closes": "2025-03-31"},
            "P-B1": {"opens": "2025-05-01", "closes": "2025-12-31"},
        },
    )
    found = find_calls(apart, pilots, params=CallParams(as_of="2024-12-01"))
    assert found.calls == []  # both still open after the as-of date, never together
    assert "not with the others" in " ".join(found.exclusions["reason"])
    overlap = _with(apart, **{"P-B1": {"opens": "2025-03-01"}})
    [call] = find_calls(overlap, pilots, params=CallParams(as_of="2024-12-01")).calls
    assert call.extra["window"] == "2025-03-01/2025-03-31"
    assert "open together 2025-03-01 to 2025-03-31" in call.evidence


def test_call_needs_common_trl_window(graph, pilots):
    # each programme meets its own applicants (Alpha 3-4 vs 3-8, Beta 5-8 vs 5-8), but no
    # TRL is common to both: no call, and the dropped programme names the rule
    g = _with(graph, **{"P-A1": {"trl_min": 3, "trl_max": 4}})
    found = find_calls(g, pilots)
    assert found.calls == []
    assert "trl" in set(found.exclusions["rule"])
    assert "no TRL window common" in " ".join(found.exclusions["reason"])


def test_call_instruments_grants_with_grants_vouchers_apart(graph, pilots):
    g = _with(graph, **{"P-B1": {"instrument": "Innovationsgutschein"}})
    found = find_calls(g, pilots)
    assert found.calls == []  # a grant and a voucher are not synchronised
    row = found.exclusions.set_index("programme_id").loc["P-B1"]
    assert row["rule"] == "instrument" and "voucher" in row["reason"]
    both = _with(g, **{"P-A1": {"instrument": "chèque innovation"}})
    [call] = find_calls(both, pilots).calls
    assert call.extra["instrument"] == "voucher" and "voucher call" in call.evidence
    loan = find_calls(_with(graph, **{"P-B1": {"instrument": "Darlehen"}}), pilots)
    assert loan.calls == []
    assert "loan instrument, not R&D co-funding" in " ".join(loan.exclusions["reason"])
    assert [instrument_class(t) for t in ("Zuschuss", "bon", "prestito", "")] == [
        "grant",
        "voucher",
        "loan",
        "grant",
    ]


def test_call_budget_never_counted_twice(graph, pilots):
    # Alpha's and Beta's programmes also fund mobility: the h2 chain's second topic
    # (connected-mobility) gives a second call with the same two programmes; each call
    # counts half of their earmarks, so the calls add up to the earmark once
    g = graph.copy()
    for pid in ("P-A1", "P-B1"):
        g.add_edge(f"programme:{pid}", "domain:mobility", key="FUNDS", type="FUNDS")
    calls = find_calls(g, pilots).calls
    assert sorted(c.domains for c in calls) == [("hydrogen",), ("mobility",)]
    assert [c.extra["budget_eur"] for c in calls] == [800_000.0, 800_000.0]
    assert sum(c.extra["budget_eur"] for c in calls) == pytest.approx(0.1 * 16_000_000)


def test_call_components_in_unit_range(graph, pilots):
    call = call_candidates(graph, pilots)[0]
    assert set(call.components) == {"domain_match", "region_coverage", "trl_fit",
                                    "eligibility", "budget", "consortia"}  # fmt: skip
    assert all(0.0 <= v <= 1.0 for v in call.components.values())
    assert call.components["region_coverage"] == pytest.approx(2 / 3)


def test_action_plan_names_pilot_call_and_gap_escaped():
    from synergy.report.action_plan import action_plan_markdown

    result = scan(DATA)
    text = action_plan_markdown(result)
    assert text.startswith("# Joint cluster action plan")
    assert "### Hydrogen (h2)" in text
    assert "c-alpha-h2 + c-beta-h2 from Alpha, Beta" in text
    assert "Call #" in text and "Funding gap: Gamma" in text
    result.graph.nodes["chain:h2"]["name"] = "<b>H2</b> *x*"
    assert "&lt;b&gt;H2&lt;/b&gt; \\*x\\*" in action_plan_markdown(result)
