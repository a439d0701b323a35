"""Synchronized call candidates: programmes in two regions fund hydrogen, the third is a gap.

tests/data/pilots: Alpha funds hydrogen (TRL 4–7, firms and research), Beta funds it under
the Italian label "idrogeno" (TRL 5–8, firms), Gamma's hydrogen programme is for public
bodies only while Gamma's applicant is a firm: Gamma is a gap, with that reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from synergy.algorithms.calls import applicant_trl, call_candidates
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
    assert call.extra["budget_eur"] == 16_000_000.0
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
    calls = call_candidates(g, pilots)
    assert calls == []  # only Alpha could fund it: not a synchronized call
    single = next(
        c
        for c in call_candidates(g, pilots, params=CallParams(min_regions=1))
        if c.domains == ("hydrogen",)
    )
    assert single.regions == ("R1",)
    assert "R2: P-B1 funds TRL 9–9, applicants need 5–8" in single.extra["gap_reasons"]


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
