"""synergy.algorithms.shared_priorities on the hand-checkable mini set."""

from __future__ import annotations

import pytest

from synergy.algorithms.shared_priorities import shared_priorities
from synergy.core.scoring import parse_weights


def test_shared_priorities_hand_computed(mini_graph):
    found = {c.regions: c for c in shared_priorities(mini_graph)}
    # R1 {hydrogen .5, wood .5} vs R2 {hydrogen .5, agrifood .5}: Σmin .5 / Σmax 1.5
    r1r2 = found[("R1", "R2")]
    assert r1r2.components["domain_overlap"] == pytest.approx(1 / 3)
    assert r1r2.domains == ("hydrogen",)
    # both back hydrogen with a cluster
    assert r1r2.components["cluster_backing"] == 1.0
    assert "Hydrogen economy" in r1r2.evidence and "Idrogeno verde" in r1r2.evidence
    # R2-R3 share agrifood but only R3 has a food cluster
    assert found[("R2", "R3")].components["cluster_backing"] == 0.0
    assert all(0 <= c.score <= 1 for c in found.values())


def test_shared_priorities_weights_change_ranking(mini_graph):
    only_backing = parse_weights("shared-priority.domain_overlap=0,shared-priority.breadth=0")
    found = {c.regions: c.score for c in shared_priorities(mini_graph, weights=only_backing)}
    assert found[("R1", "R2")] == 1.0 and found[("R2", "R3")] == 0.0
