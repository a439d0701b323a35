"""Joint pilot candidates on a crafted dataset whose answers can be worked out by hand.

tests/data/pilots: chain h2 (prod, store, cell, use) is completed only by Alpha's hydrogen
cluster (prod, store) with Beta's (cell, use); Gamma's cluster holds only storage, which
Alpha already brings. Chain wood (forest, mill, build) needs all three regions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from synergy.pilots import pilot_candidates, pilot_field
from synergy.pipeline import scan

DATA = Path(__file__).parent / "data" / "pilots"


@pytest.fixture(scope="module")
def result():
    return scan(DATA)


@pytest.fixture(scope="module")
def pilots(result):
    return sorted(pilot_candidates(result.graph), key=lambda c: (-c.score, c.clusters))


def test_pilot_chain_completed_by_two_regions_ranks_first(pilots):
    h2 = [p for p in pilots if p.chain_id == "h2"]
    assert h2[0].clusters == ("c-alpha-h2", "c-beta-h2")
    assert h2[0].regions == ("R1", "R2")
    assert h2[0].components["chain_fit"] == 1.0
    assert all(p.components["chain_fit"] < 1.0 for p in h2[1:])
    pairs = [p for p in pilots if len(p.clusters) == 2]
    assert pairs[0].clusters == ("c-alpha-h2", "c-beta-h2")


def test_pilot_requires_each_cluster_to_bring_a_stage(pilots):
    # Gamma holds only storage, which Alpha already brings: no Alpha–Gamma hydrogen pilot
    h2 = {p.clusters for p in pilots if p.chain_id == "h2"}
    assert ("c-alpha-h2", "c-gamma-h2") not in h2
    assert ("c-beta-h2", "c-gamma-h2") in h2
    assert all(len(set(p.regions)) == len(p.clusters) for p in pilots)


def test_pilot_evidence_names_clusters_regions_stages_actors_field(pilots):
    top = next(p for p in pilots if p.chain_id == "h2")
    names = ("Alpha Hydrogen", "Beta Idrogeno", "Production", "Fuel cells", "energy")
    for text in (*names, "Alpha Electrolysis GmbH", "Beta Celle S.r.l."):
        assert text in top.evidence
    assert top.extra["pilot_field"] == "energy"
    assert top.extra["stages"] == "c-alpha-h2=prod,store;c-beta-h2=cell,use"
    assert "actor:a1" in top.involves and "cluster:c-beta-h2" in top.involves
    assert all(0.0 <= v <= 1.0 for p in pilots for v in p.components.values())


def test_pilot_trio_only_where_no_pair_completes(pilots):
    trios = [p for p in pilots if len(p.clusters) == 3]
    assert [t.clusters for t in trios] == [("c-alpha-wood", "c-beta-wood", "c-gamma-wood")]
    assert trios[0].extra["pilot_field"] == "bioeconomy"


def test_pilot_field_prefers_explicit_attribute(result):
    g = result.graph.copy()
    # a tie (hydrogen: energy, mobility: connected-mobility) goes to the clusters' domains
    assert pilot_field(g, "h2", {"hydrogen": 3, "mobility": 1}) == "energy"
    assert pilot_field(g, "h2", {"hydrogen": 1, "mobility": 2}) == "connected-mobility"
    g.nodes["chain:h2"]["pilot_field"] = "Eco Innovation"
    assert pilot_field(g, "h2", {"hydrogen": 3}) == "eco-innovation"


def test_pilot_link_scores_add_component(result):
    links = {("c-alpha-h2", "cluster:c-beta-h2"): 0.8}
    out = pilot_candidates(result.graph, link_scores=links)
    top = next(p for p in out if p.clusters == ("c-alpha-h2", "c-beta-h2"))
    assert top.components["link"] == pytest.approx(0.8)
    other = next(p for p in out if p.clusters == ("c-beta-h2", "c-gamma-h2"))
    assert other.components["link"] == 0.0


def test_pilot_caps_bound_output(result):
    capped = pilot_candidates(result.graph, max_per_chain=1)
    assert sorted(p.chain_id for p in capped) == ["h2", "wood"]
