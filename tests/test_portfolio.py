"""Pilot portfolio: constraints on a crafted candidate set, runner-ups, and ``synergy pilots``.

Candidates (hand-checkable): A (a1+b1, R1 R2, energy, 0.9), B (a1+c1, R1 R3, energy, 0.8),
C (b2+c2, R2 R3, bioeconomy, 0.5), D (a3+b3, R1 R2, energy, 0.7). With two slots, A+C is the
only pair that covers all three regions and both fields; B shares cluster a1 with A.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from synergy.algorithms.portfolio import select_portfolio
from synergy.core.scoring import Candidate

ALPINE = Path(__file__).parent.parent / "examples" / "alpine-space"


def _pilot(name, clusters, regions, field, score):
    return Candidate(kind="pilot", regions=regions, score=score, components={}, evidence=name,
                     clusters=clusters, chain_id=name, extra={"pilot_field": field})  # fmt: skip


@pytest.fixture
def cands():
    return {
        "A": _pilot("A", ("a1", "b1"), ("R1", "R2"), "energy", 0.9),
        "B": _pilot("B", ("a1", "c1"), ("R1", "R3"), "energy", 0.8),
        "C": _pilot("C", ("b2", "c2"), ("R2", "R3"), "bioeconomy", 0.5),
        "D": _pilot("D", ("a3", "b3"), ("R1", "R2"), "energy", 0.7),
    }


def _names(portfolio):
    return [s.pilot.evidence for s in portfolio.slots]


@pytest.mark.parametrize("use_milp", [True, False])
def test_portfolio_covers_regions_and_fields(cands, use_milp):
    pf = select_portfolio(list(cands.values()), n=2, use_milp=use_milp)
    assert _names(pf) == ["A", "C"]
    assert pf.regions_covered == ("R1", "R2", "R3")
    assert pf.fields_covered == ("bioeconomy", "energy")


def test_portfolio_runner_ups(cands):
    pf = select_portfolio(list(cands.values()), n=2)
    assert pf.method.startswith("exact")
    by = {s.pilot.evidence: s for s in pf.slots}
    assert by["A"].runner_up.evidence == "B"  # B+C keeps everything, score -0.1
    assert by["C"].runner_up.evidence == "D"  # A+D is the only swap left, it loses R3
    assert "loses" in by["C"].swap_note and "region:R3" in by["C"].swap_note


def test_portfolio_no_cluster_twice_unless_allowed(cands):
    strict = select_portfolio(list(cands.values()), n=3)
    assert _names(strict) == ["A", "D", "C"]
    clusters = [c for s in strict.slots for c in s.pilot.clusters]
    assert len(clusters) == len(set(clusters))
    shared = select_portfolio(list(cands.values()), n=3, one_pilot_per_cluster=False)
    assert _names(shared) == ["A", "B", "C"]


def test_portfolio_fewer_when_constraints_bind(cands):
    pf = select_portfolio([cands["A"], cands["B"]], n=2)
    assert _names(pf) == ["A"]


def test_portfolio_mixes_development_levels(cands):
    g = nx.MultiDiGraph()
    for r, level in (
        ("R1", "advanced"),
        ("R2", "advanced"),
        ("R3", "advanced"),
        ("R4", "transition"),
    ):
        g.add_node(f"region:{r}", kind="Region", key=r, development=level)
    e = _pilot("E", ("a4", "d4"), ("R1", "R4"), "energy", 0.3)
    f = _pilot("F", ("a5", "b5"), ("R1", "R2"), "energy", 0.95)
    pf = select_portfolio([f, e], n=1, graph=g)
    assert _names(pf) == ["E"]  # R4 and the transition level outweigh the score
    assert pf.levels_covered == ("advanced", "transition") and pf.mixed_pilots == 1


def test_pilots_command_writes_portfolio(tmp_path):
    from cli import app

    out = tmp_path / "pf"
    res = CliRunner().invoke(
        app, ["pilots", str(ALPINE), "--select", "10", "--out", str(out), "-q"]
    )
    assert res.exit_code == 0, res.output
    assert "Pilot portfolio" in res.output
    import csv

    rows = list(csv.DictReader((out / "portfolio.csv").open(encoding="utf-8")))
    assert len(rows) == 10
    clusters = [c for r in rows for c in r["clusters"].split(";")]
    assert len(clusters) == len(set(clusters))
    regions = {x for r in rows for x in r["regions"].split(";")}
    assert len(regions) == 11
    assert all(r["runner_up_id"] for r in rows)
    assert (out / "portfolio.md").read_text(encoding="utf-8").startswith("# Pilot portfolio")
    help_text = CliRunner().invoke(app, ["pilots", "--help"]).output
    assert "Example: synergy pilots" in help_text
