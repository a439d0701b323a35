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
    # store→cell handover is closed by the pair (1 of 3 steps)
    assert pair.components["coverage"] == 1.0
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
    assert trios[0].components["coverage"] == 1.0
    assert trios[0].components["handover"] == 1.0


def test_value_chain_ranks_complete_pair_above_partial(mini_graph):
    cands = value_chain_complementarity(mini_graph, weights=Weights())
    h2 = sorted((c for c in cands if c.chain_id == "h2"), key=lambda c: -c.score)
    assert h2[0].regions == ("R1", "R2")
