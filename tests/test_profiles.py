"""synergy.graph.profiles on a graph built by hand, every cell worked out in the comments."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from synergy.algorithms.diversification import partner_diversification
from synergy.core.model import (
    ACTOR,
    CLUSTER,
    DOMAIN,
    HAS_PRIORITY,
    IN_DOMAIN,
    LOCATED_IN,
    PRIORITY,
    REGION,
)
from synergy.graph.profiles import cluster_counts, region_domain_values, region_names

NACE = {"62.01": ["ict"], "01.1": ["agri"], "35.11": ["energy", "domain:hydrogen"], "99": []}


def _edge(g: nx.MultiDiGraph, u: str, v: str, kind: str, **attrs) -> None:
    g.add_edge(u, v, key=kind, type=kind, **attrs)


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for rid, name in [("R1", "Alpha"), ("R2", "Beta"), ("R3", "Gamma"), ("R4", "")]:
        g.add_node(f"region:{rid}", kind=REGION, name=name, key=rid)
    for d in ["agri", "ict", "energy"]:
        g.add_node(f"domain:{d}", kind=DOMAIN, name=d.title(), key=d)
    priorities = {
        ("R1", "P1"): {"agri": 1.0},  # R1: agri 1
        ("R1", "P2"): {"agri": 0.8, "ict": 0.2},  # R1: agri 0.8, ict 0.2
        ("R2", "P1"): {"ict": None, "energy": None},  # unscored: ict 0.5, energy 0.5
        ("R4", "P1"): {"energy": 0.6},  # R4: energy 1
    }
    for (rid, pid), domains in priorities.items():
        p = f"priority:{rid}:{pid}"
        g.add_node(p, kind=PRIORITY, name=pid, key=pid, region_id=rid)
        _edge(g, f"region:{rid}", p, HAS_PRIORITY)
        for d, score in domains.items():
            attrs = {} if score is None else {"score": score, "term": d}
            _edge(g, p, f"domain:{d}", IN_DOMAIN, **attrs)
    # c1: R1, agri, 10 members: a cluster counts once whatever its members -> R1 agri 1.
    g.add_node("cluster:c1", kind=CLUSTER, name="Agri cluster", key="c1", members=np.int64(10))
    _edge(g, "cluster:c1", "region:R1", LOCATED_IN)
    _edge(g, "cluster:c1", "domain:agri", IN_DOMAIN, score=0.9)
    # c2: R2, ict + energy, members unknown -> 1 split 0.5 / 0.5.
    g.add_node("cluster:c2", kind=CLUSTER, name="Digital energy", key="c2", members=None)
    _edge(g, "cluster:c2", "region:R2", LOCATED_IN)
    _edge(g, "cluster:c2", "domain:ict", IN_DOMAIN, score=1.0)
    _edge(g, "cluster:c2", "domain:energy", IN_DOMAIN, score=1.0)
    # c3: no LOCATED_IN edge, region_id attribute R2; members 0 counts as unknown -> energy 1.
    g.add_node("cluster:c3", kind=CLUSTER, name="Energy", key="c3", members=0, region_id="R2")
    _edge(g, "cluster:c3", "domain:energy", IN_DOMAIN, score=0.7)
    # a1 in R1: ict + agri -> 0.5 each; a2 in R2: energy + hydrogen (no node) -> 0.5 each;
    # a3 maps to no domain and is ignored.
    for aid, rid, nace in [
        ("a1", "R1", ["62.01", "01.1"]),
        ("a2", "R2", ["35.11"]),
        ("a3", "R2", ["99"]),
    ]:
        g.add_node(f"actor:{aid}", kind=ACTOR, name=aid, key=aid, nace=nace)
        _edge(g, f"actor:{aid}", f"region:{rid}", LOCATED_IN)
    return g


def _mapper(code: str) -> list[str]:
    return NACE[code]


def test_region_domain_values_priorities_hand_case():
    v = region_domain_values(_graph(), source="priorities")
    assert list(v.index) == ["R1", "R2", "R3", "R4"]
    assert list(v.columns) == ["agri", "energy", "ict"]
    assert v.loc["R1"].tolist() == pytest.approx([1.8, 0.0, 0.2])
    assert v.loc["R2"].tolist() == pytest.approx([0.0, 0.5, 0.5])
    assert v.loc["R3"].tolist() == [0.0, 0.0, 0.0]
    assert v.loc["R4"].tolist() == pytest.approx([0.0, 1.0, 0.0])


def test_region_domain_values_clusters_hand_case():
    v = region_domain_values(_graph(), source="clusters")
    assert v.loc["R1"].tolist() == pytest.approx([1.0, 0.0, 0.0])
    assert v.loc["R2"].tolist() == pytest.approx([0.0, 1.5, 0.5])
    assert v.loc[["R3", "R4"]].sum().sum() == 0


def test_region_domain_values_actors_hand_case():
    v = region_domain_values(_graph(), source="actors", nace_to_domains=_mapper)
    assert list(v.columns) == ["agri", "energy", "hydrogen", "ict"]
    assert v.loc["R1"].tolist() == pytest.approx([0.5, 0.0, 0.0, 0.5])
    assert v.loc["R2"].tolist() == pytest.approx([0.0, 0.5, 0.5, 0.0])


def test_region_domain_values_actors_without_mapper_is_empty():
    v = region_domain_values(_graph(), source="actors")
    assert (v.to_numpy() == 0).all() and list(v.columns) == ["agri", "energy", "ict"]


def test_region_domain_values_combined_hand_case():
    v = region_domain_values(_graph(), nace_to_domains=_mapper)
    # Shares: priorities R1 (.9 agri, .1 ict), R2 (.5 ict, .5 energy), R4 (1 energy);
    # clusters R1 (1 agri), R2 (.25 ict, .75 energy); actors R1 (.5, .5), R2 (.5 en, .5 h2).
    assert v.loc["R1", "agri"] == pytest.approx((0.9 + 1 + 0.5) / 3)
    assert v.loc["R1", "ict"] == pytest.approx((0.1 + 0 + 0.5) / 3)
    assert v.loc["R2", "energy"] == pytest.approx((0.5 + 0.75 + 0.5) / 3)
    assert v.loc["R2", "hydrogen"] == pytest.approx(0.5 / 3)
    # R4 has priorities only: its row is renormalised over that one source.
    assert v.loc["R4", "energy"] == pytest.approx(1.0)
    assert v.loc[["R1", "R2", "R4"]].sum(axis=1).tolist() == pytest.approx([1, 1, 1])
    assert v.loc["R3"].sum() == 0


def test_region_domain_values_combined_weights():
    g = _graph()
    v = region_domain_values(g, weights={"priorities": 3, "clusters": 1, "actors": 0})
    assert "hydrogen" not in v.columns
    assert v.loc["R1", "agri"] == pytest.approx((3 * 0.9 + 1 * 1.0) / 4)
    assert v.loc["R2", "ict"] == pytest.approx((3 * 0.5 + 1 * 0.25) / 4)
    with pytest.raises(ValueError, match="unknown source weight"):
        region_domain_values(g, weights={"firms": 1})
    with pytest.raises(ValueError, match="unknown source"):
        region_domain_values(g, source="patents")


def test_region_domain_values_is_deterministic():
    a = region_domain_values(_graph(), nace_to_domains=_mapper)
    b = region_domain_values(_graph(), nace_to_domains=_mapper)
    pd.testing.assert_frame_equal(a, b)


def test_cluster_counts_hand_case():
    c = cluster_counts(_graph())
    assert c.loc["R1"].tolist() == [1, 0, 0]
    assert c.loc["R2"].tolist() == [0, 2, 1]
    assert c.dtypes.unique().tolist() == [int]


def test_region_names_falls_back_to_id():
    assert region_names(_graph()) == {"R1": "Alpha", "R2": "Beta", "R3": "Gamma", "R4": "R4"}


def test_profile_feeds_partner_diversification_hand_case():
    g = _graph()
    values = region_domain_values(g, nace_to_domains=_mapper)
    out = partner_diversification(
        values, cluster_counts=cluster_counts(g), names=region_names(g), density_threshold=0.3
    )
    # Rows sum to 1, so RCA(R1, agri) = 0.8 / (0.8 / 3) = 3; agri and ict co-occur only in R1
    # (phi = min(1/1, 1/2) = 0.5), so Beta, holding ict, has density 0.5 / 1.5 in agri.
    [best] = out
    assert (best["focal_region"], best["partner_region"], best["domains"]) == ("R2", "R1", ["agri"])
    assert best["score"] == pytest.approx(0.5 / 3 + 0.3 * 0.5 + 0.2 * 0.5, abs=1e-6)
    assert best["evidence"] == (
        "Beta is 0.33 related to agri but not specialised in it; "
        "Alpha holds RCA 3.0 in agri with 1 cluster."
    )


def test_actor_cells_vectorised_equal_a_loop_over_actors():
    import random

    import networkx as nx

    from synergy.graph.profiles import _actor_cells

    rng = random.Random(5)
    g = nx.MultiDiGraph()
    for r in ("R1", "R2", "R3"):
        g.add_node(f"region:{r}", kind="Region", key=r)
    codes = {"10": ["agrifood"], "35": ["energy", "hydrogen"], "62": ["ict"], "99": []}
    for i in range(300):
        a = f"actor:a{i:03d}"
        g.add_node(a, kind="Actor", key=a[6:], nace=rng.sample(sorted(codes), rng.randint(0, 2)))
        for r in rng.sample(["R1", "R2", "R3"], rng.choice([0, 1, 1, 2])):
            g.add_edge(a, f"region:{r}", key="LOCATED_IN", type="LOCATED_IN")
    expected: dict = {}
    for a in sorted(n for n, k in g.nodes(data="kind") if k == "Actor"):
        regions = sorted(v for _, v in g.out_edges(a))
        domains = sorted({d for c in g.nodes[a]["nace"] for d in codes[c]})
        for r in regions:
            for d in domains:
                expected[r, d] = expected.get((r, d), 0.0) + 1.0 / (len(domains) * len(regions))
    assert _actor_cells(g, codes.get) == expected  # same floats, summed in actor order


def test_region_domain_values_capability_leaves_intent_out():
    # capability = clusters + actors as shares; priorities (intent) take no part
    g = _graph()
    v = region_domain_values(g, source="capability", nace_to_domains=_mapper)
    # R1: clusters (1 agri), actors (.5 agri, .5 ict) -> agri .75, ict .25
    assert v.loc["R1", "agri"] == pytest.approx(0.75)
    assert v.loc["R1", "ict"] == pytest.approx(0.25)
    # R4 has priorities only: no capability at all
    assert v.loc["R4"].sum() == 0
    intent = region_domain_values(g, source="intent")
    assert intent.loc["R4", "energy"] == pytest.approx(1.0)
    pd.testing.assert_frame_equal(intent, region_domain_values(g, source="priorities"))


def test_sources_registry_roles():
    from synergy.graph.profiles import SOURCE_REGISTRY, sources_of

    assert {s.role for s in SOURCE_REGISTRY.values()} == {"capability", "intent"}
    assert sources_of("capability") == ["clusters", "actors", "projects"]
    with pytest.raises(ValueError, match="unknown source"):
        sources_of("patents")


def _with_projects() -> nx.MultiDiGraph:
    """Return :func:`_graph` plus projects: pr1 (agri 0.9, ict 0.1 by score) with a1 (R1) and
    a2 (R2); pr2 (energy) with a1 and a3 (R2); pr3 without domains (counts nowhere)."""
    from synergy.core.model import PARTICIPATES_IN, PROJECT

    g = _graph()
    for pid, domains in [("pr1", {"agri": 0.9, "ict": 0.1}), ("pr2", {"energy": 0.5}),
                         ("pr3", {})]:  # fmt: skip
        g.add_node(f"project:{pid}", kind=PROJECT, name=pid, key=pid)
        for d, score in domains.items():
            _edge(g, f"project:{pid}", f"domain:{d}", IN_DOMAIN, score=score)
    for aid, pid in [("a1", "pr1"), ("a2", "pr1"), ("a1", "pr2"), ("a3", "pr2"), ("a3", "pr3")]:
        _edge(g, f"actor:{aid}", f"project:{pid}", PARTICIPATES_IN, role="participant")
    return g


def test_region_domain_values_projects_hand_case():
    v = region_domain_values(_with_projects(), source="projects")
    # R1: a1 in pr1 (agri .9, ict .1) and pr2 (energy 1); R2: a2 in pr1, a3 in pr2.
    assert list(v.columns) == ["agri", "energy", "ict"]
    assert v.loc["R1"].tolist() == pytest.approx([0.9, 1.0, 0.1])
    assert v.loc["R2"].tolist() == pytest.approx([0.9, 1.0, 0.1])
    assert v.loc[["R3", "R4"]].sum().sum() == 0


def test_region_domain_values_projects_join_the_combination_only_when_chosen():
    g = _with_projects()
    with_p = region_domain_values(g, nace_to_domains=_mapper)
    without = region_domain_values(g, nace_to_domains=_mapper, weights={"projects": 0})
    assert without.equals(region_domain_values(_graph(), nace_to_domains=_mapper))
    # R1's projects share of agri is 0.9 / 2: a fourth source in R1's mean
    assert with_p.loc["R1", "agri"] == pytest.approx((0.9 + 1 + 0.5 + 0.45) / 4)
    # a graph without projects: the source adds nothing, its default weight notwithstanding
    plain = region_domain_values(_graph(), nace_to_domains=_mapper, weights={"projects": 1})
    assert plain.equals(without)


def test_scan_profile_setting_chooses_the_sources():
    import dataclasses

    from synergy.core.errors import SchemaError
    from synergy.core.settings import ScanSettings
    from synergy.pipeline import relatedness_analysis

    g = _with_projects()

    class Tax:
        domains: dict = {}

        @staticmethod
        def domains_for_nace(code):
            return NACE.get(code, [])

    base = ScanSettings()
    _, _, all_four = relatedness_analysis(g, Tax, base)
    one = dataclasses.replace(
        base, relatedness=dataclasses.replace(base.relatedness, profile=("priorities",))
    )
    _, _, only_priorities = relatedness_analysis(g, Tax, one)
    assert not np.allclose(all_four["values"].to_numpy(), only_priorities["values"].to_numpy())
    expected = region_domain_values(g, source="priorities")
    shares = expected.div(expected.sum(axis=1).where(expected.sum(axis=1) > 0, 1), axis=0)
    assert np.allclose(only_priorities["values"].loc[shares.index, shares.columns], shares)
    bad = dataclasses.replace(
        base, relatedness=dataclasses.replace(base.relatedness, profile=("nope",))
    )
    with pytest.raises(SchemaError, match="unknown profile source"):
        relatedness_analysis(g, Tax, bad)
