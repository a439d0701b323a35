"""Joint pilot candidates on a crafted dataset whose answers can be worked out by hand.

tests/data/pilots: chain h2 (prod, store, cell, use) is completed only by Alpha's hydrogen
cluster (prod, store) with Beta's (cell, use); Gamma's cluster holds only storage, which
Alpha already brings. Chain wood (forest, mill, build) needs all three regions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from synergy.algorithms.pilots import pilot_candidates, pilot_field
from synergy.core.settings import PilotParams
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
    # chain_fit counts depth: a1 medium firm .75, a2 research institute of unknown size .5,
    # a3 small firm .5, a4 large firm 1; each stage is covered at 2 -> 2.75 / 2 / 4 stages
    assert h2[0].components["chain_fit"] == pytest.approx(2.75 / 2 / 4)
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
    capped = pilot_candidates(result.graph, params=PilotParams(max_per_chain=1))
    assert sorted(p.chain_id for p in capped) == ["h2", "wood"]


def _reference_pairs(clusters, counts, region_of, max_partners):
    """The pair rule written out one cluster at a time (the pre-vectorised version)."""
    cover = counts > 0
    kept = set()
    for i in range(len(clusters)):
        partners = []
        for j in range(len(clusters)):
            brings = (cover[i] & ~cover[j]).any() and (cover[j] & ~cover[i]).any()
            if brings and region_of[clusters[i]] != region_of[clusters[j]]:
                partners.append(j)
        union = {j: int((cover[i] | cover[j]).sum()) for j in partners}
        ranked = sorted(partners, key=lambda j: (-union[j], -int(counts[j].sum()), clusters[j]))
        kept.update((min(i, j), max(i, j)) for j in ranked[:max_partners])
    return sorted(kept)


def test_pilot_vectorised_pairs_and_scores_equal_one_at_a_time():
    import numpy as np

    from synergy.algorithms.pilots import PILOT_WEIGHTS, _components, _pair_scores, _pairs
    from synergy.core.scoring import composite

    rng = np.random.default_rng(3)
    clusters = [f"cluster:k{i:03d}" for i in range(80)]
    region_of = {c: f"R{rng.integers(0, 6)}" for c in clusters}
    counts = rng.integers(0, 4, size=(80, 5)) * (rng.random((80, 5)) < 0.4)
    domains_of = {c: {d for d in ("a", "b", "c") if rng.random() < 0.5} for c in clusters}
    links = {("k001", "k002"): 0.7, ("k003", "k010"): 0.2}
    pairs = _pairs(clusters, counts, region_of, 3, block=16)
    assert pairs == _reference_pairs(clusters, counts, region_of, 3)
    scores, covered = _pair_scores(
        pairs, counts, domains_of, {"a", "c"}, links, clusters, PILOT_WEIGHTS
    )
    for (i, j), score, n in zip(pairs, scores.tolist(), covered.tolist(), strict=True):
        held = domains_of[clusters[i]] | domains_of[clusters[j]]
        comps = _components([i, j], counts, held, {"a", "c"}, links, clusters)
        assert score == composite(comps, PILOT_WEIGHTS)  # bit for bit: ranks must not move
        assert n == int(((counts[i] > 0) | (counts[j] > 0)).sum())


def _with_member(graph, nace: str):
    """Gamma's wood cluster gains a member active in the h2 chain's fuel-cell stage."""
    g = graph.copy()
    g.add_node("actor:u1", kind="Actor", key="u1", name="Gamma University", region_id="R3",
               type="university", size="large", nace=[nace])  # fmt: skip
    g.add_edge("actor:u1", "region:R3", key="LOCATED_IN", type="LOCATED_IN")
    g.add_edge("actor:u1", "cluster:c-gamma-wood", key="MEMBER_OF", type="MEMBER_OF")
    g.add_edge("actor:u1", "stage:h2:cell", key="ACTIVE_IN", type="ACTIVE_IN")
    return g


def test_pilot_cluster_brings_only_stages_in_its_business(result):
    tax = result.taxonomy
    # a university member (NACE 85.42) of a wood cluster works on fuel cells: the stage is
    # neither in the cluster's domains nor the member's main activity, so the wood cluster
    # brings nothing to the hydrogen chain
    g = _with_member(result.graph, "85.42")
    found = pilot_candidates(g, nace_to_domains=tax.domains_for_nace)
    assert not [p for p in found if p.chain_id == "h2" and "c-gamma-wood" in p.clusters]
    # a member whose main activity is fuel cells (27.90, hydrogen) does bring the stage
    g = _with_member(result.graph, "27.90")
    found = pilot_candidates(g, nace_to_domains=tax.domains_for_nace)
    assert [p for p in found if p.chain_id == "h2" and "c-gamma-wood" in p.clusters]


def test_pilot_flags_single_actor_stages(pilots):
    wood = next(p for p in pilots if p.chain_id == "wood" and p.extra["group_size"] == 3)
    assert "Forestry (Alpha Forst KG)" in wood.extra["single_actor_stages"]
    assert "resting on one actor" in wood.evidence
