"""synergy.algorithms.value_chains on the hand-checkable mini set."""

from __future__ import annotations

import pytest

from synergy.algorithms.value_chains import chain_coverage, value_chain_complementarity
from synergy.core.scoring import Weights


def test_chain_coverage(mini_graph):
    cov = {c.chain_id: c for c in chain_coverage(mini_graph)}
    h2 = cov["h2"]
    assert h2.stages == ("prod", "store", "cell", "use")
    assert h2.actors[("R1", "prod")] == ["actor:a1"]
    assert h2.regions == ("R1", "R2", "R3")


def test_value_chain_pair_completes_chain(mini_graph):
    found = {(c.chain_id, c.regions): c for c in value_chain_complementarity(mini_graph)}
    pair = found[("h2", ("R1", "R2"))]
    # R1 prod+store, R2 cell+use: all 4 stages, 2 beyond the best alone, only the
    # store→cell handover is closed by the pair (1 of 3 steps). Coverage counts depth: a
    # medium firm weighs 0.75, a small 0.5, a large 1; a stage is covered at 2:
    # (0.75 + 0.5 + 0.5 + 1) / 2 / 4 stages
    assert pair.components["coverage"] == pytest.approx(2.75 / 2 / 4)
    assert pair.components["gain"] == 0.5
    assert pair.components["handover"] == pytest.approx(1 / 3)
    assert "Alpha" in pair.evidence and "Production, Storage" in pair.evidence
    assert "actor:a3" in pair.involves
    assert "c-beta-h2" in pair.clusters
    # R3 only adds storage, which R1 has: R1-R3 is no candidate
    assert ("h2", ("R1", "R3")) not in found


def test_value_chain_trio_when_no_pair_suffices(mini_graph):
    trios = [c for c in value_chain_complementarity(mini_graph) if len(c.regions) == 3]
    assert [(c.chain_id, c.regions) for c in trios] == [("wood", ("R1", "R2", "R3"))]
    # forest (small .5), mill (small .5), build (medium .75), each / 2, over 3 stages
    assert trios[0].components["coverage"] == pytest.approx(1.75 / 2 / 3)
    assert trios[0].components["handover"] == 1.0
    # each stage rests on one actor: flagged
    assert trios[0].extra["single_actor_stages"].count(";") == 2
    assert "resting on one actor: Forestry (Alpha Forst KG)" in trios[0].evidence


def test_value_chain_groups_near_duplicate_trios():
    from synergy.algorithms.value_chains import group_alternatives
    from synergy.core.scoring import Candidate

    def c(regions, score):
        return Candidate("value-chain", regions, score, {}, "Chain: x.")

    found = group_alternatives(
        [c(("A", "B", "C"), 0.9), c(("A", "B", "D"), 0.8), c(("A", "C", "E"), 0.7),
         c(("B", "D", "E"), 0.6), c(("A", "B"), 0.5)],
        lambda k: k.regions,
        lambda r: f"Region {r}",
    )  # fmt: skip
    # ABD swaps one partner of ABC, and ACE shares the core A-C: both fold into ABC;
    # BDE shares no core pair with ABC; pairs are never folded
    assert [k.regions for k in found] == [("A", "B", "C"), ("B", "D", "E"), ("A", "B")]
    assert found[0].extra["alternatives"] == "D;E"
    assert found[0].evidence == "Chain: x; the same with Region D, Region E instead of one partner."


def test_value_chain_ranks_complete_pair_above_partial(mini_graph):
    cands = value_chain_complementarity(mini_graph, weights=Weights())
    h2 = sorted((c for c in cands if c.chain_id == "h2"), key=lambda c: -c.score)
    assert h2[0].regions == ("R1", "R2")
