"""The ``track_record`` component on tiny graphs whose answers can be worked out by hand.

Regions A, B, C; actors a1, a2 (A), b1 (B), c1 (C) and x (A), who is a member of both
clusters cA (A) and cB (B); a1, b1 hold stages of the chain ch, a2 does not. Recency is
``0.5 ** (age / 5 years)`` from the newest project start in the graph.
"""

from __future__ import annotations

import networkx as nx
import pytest

from synergy.algorithms.track_record import TrackRecord, track_record, with_track_record
from synergy.core.model import (
    ACTIVE_IN,
    ACTOR,
    CLUSTER,
    LOCATED_IN,
    MEMBER_OF,
    PART_OF,
    PARTICIPATES_IN,
    PROJECT,
    REGION,
    STAGE,
    VALUE_CHAIN,
)
from synergy.core.scoring import Candidate, Weights, composite
from synergy.core.settings import TrackRecordParams

NEWEST = "2024-01-01"


def graph(projects) -> nx.MultiDiGraph:
    """Return the tiny graph with ``projects``: (id, start or None, [(actor, role), ...])."""
    g = nx.MultiDiGraph()
    for r in "ABC":
        g.add_node(f"region:{r}", kind=REGION, key=r, name=f"Region {r}")
    g.add_node("cluster:cA", kind=CLUSTER, key="cA", name="cA", region_id="A")
    g.add_node("cluster:cB", kind=CLUSTER, key="cB", name="cB", region_id="B")
    g.add_node("chain:ch", kind=VALUE_CHAIN, key="ch", name="Chain")
    for s in ("s1", "s2"):
        g.add_node(f"stage:ch:{s}", kind=STAGE, key=s, name=s, chain_id="ch")
        g.add_edge(f"stage:ch:{s}", "chain:ch", key=PART_OF, type=PART_OF)
    for aid, region, clusters, stage in (
        ("a1", "A", ["cA"], "s1"),
        ("a2", "A", ["cA"], None),
        ("b1", "B", ["cB"], "s2"),
        ("c1", "C", [], None),
        ("x", "A", ["cA", "cB"], None),
    ):
        n = f"actor:{aid}"
        g.add_node(n, kind=ACTOR, key=aid, name=aid.upper(), region_id=region)
        g.add_edge(n, f"region:{region}", key=LOCATED_IN, type=LOCATED_IN)
        for c in clusters:
            g.add_edge(n, f"cluster:{c}", key=MEMBER_OF, type=MEMBER_OF)
        if stage:
            g.add_edge(n, f"stage:ch:{stage}", key=ACTIVE_IN, type=ACTIVE_IN)
    for pid, start, taking_part in projects:
        attrs = {"start": start} if start else {}
        g.add_node(f"project:{pid}", kind=PROJECT, key=pid, name=pid.upper(), acronym=pid.upper(),
                   **attrs)  # fmt: skip
        for aid, role in taking_part:
            g.add_edge(f"actor:{aid}", f"project:{pid}", key=PARTICIPATES_IN,
                       type=PARTICIPATES_IN, role=role)  # fmt: skip
    return g


def cand(kind="shared-priority", regions=("A", "B"), clusters=(), chain="", comps=None):
    comps = comps if comps is not None else {"domain_overlap": 0.5}
    return Candidate(kind, tuple(regions), 0.5, comps, "Evidence.", tuple(clusters), (), chain)


def test_one_recent_joint_project_is_half_the_saturation():
    g = graph([("p1", NEWEST, [("a1", "participant"), ("b1", "coordinator")])])
    value, found = track_record(g, cand())
    assert value == 0.5  # 1 project of weight 1, saturation 2
    assert [(j.label(), j.weight) for j in found] == [("P1 (2024)", 1.0)]


def test_recency_halves_every_half_life_from_the_newest_start():
    g = graph([
        ("new", NEWEST, [("c1", "participant"), ("a2", "participant")]),
        ("old", "2014-01-01", [("a1", "participant"), ("b1", "participant")]),
    ])  # fmt: skip
    value, found = track_record(g, cand())
    # 3652 days = 9.998 years: two half-lives
    assert [j.name for j in found] == ["OLD"]
    assert found[0].weight == pytest.approx(0.25, abs=1e-3)
    assert value == pytest.approx(0.125, abs=1e-3)
    params = TrackRecordParams(half_life_years=10.0)
    assert track_record(g, cand(), params=params)[0] == pytest.approx(0.25, abs=1e-3)


def test_a_minor_role_on_either_side_counts_half():
    g = graph([("p1", NEWEST, [("a1", "participant"), ("b1", "thirdParty")])])
    assert track_record(g, cand())[1][0].weight == 0.5
    g = graph([("p1", NEWEST, [("a1", "associatedPartner"), ("a2", "coordinator"),
                               ("b1", "participant")])])  # fmt: skip
    assert track_record(g, cand())[1][0].weight == 1.0  # A's best role is coordinator


def test_saturates_at_one():
    projects = [(f"p{i}", NEWEST, [("a1", "participant"), ("b1", "participant")]) for i in range(3)]
    assert track_record(graph(projects), cand())[0] == 1.0


def test_one_actor_in_both_clusters_is_no_collaboration():
    pilot = cand("pilot", ("A", "B"), ("cA", "cB"), "ch")
    g = graph([("solo", NEWEST, [("x", "participant")])])
    assert track_record(g, pilot) == (0.0, [])
    g = graph([("duo", NEWEST, [("x", "participant"), ("b1", "participant")])])
    assert [j.name for j in track_record(g, pilot)[1]] == ["DUO"]


def test_value_chain_parties_are_the_regions_actors_on_the_chain():
    # a2 (A) holds no stage of ch: its project with b1 is no track record on the chain...
    g = graph([("p1", NEWEST, [("a2", "participant"), ("b1", "participant")])])
    assert track_record(g, cand("value-chain", chain="ch")) == (0.0, [])
    # ...but it is one between the regions
    assert track_record(g, cand("shared-priority"))[0] == 0.5


def test_trio_averages_its_pairs():
    g = graph([("p1", NEWEST, [("a1", "participant"), ("b1", "participant")])])
    value, found = track_record(g, cand(regions=("A", "B", "C")))
    assert value == pytest.approx(0.5 / 3)  # A-B 0.5, A-C 0, B-C 0
    assert [j.name for j in found] == ["P1"]


def test_undated_projects_count_their_fixed_weight():
    g = graph([
        ("dated", NEWEST, [("c1", "participant"), ("a2", "participant")]),
        ("undated", None, [("a1", "participant"), ("b1", "participant")]),
    ])  # fmt: skip
    value, found = track_record(g, cand())
    assert [(j.label(), j.weight) for j in found] == [("UNDATED", 0.25)]


def test_without_projects_candidates_are_returned_unchanged():
    g = graph([])
    c = cand()
    assert track_record(g, c) is None
    assert TrackRecord.of(g) is None
    assert with_track_record(g, [c]) == [c]


def test_with_projects_score_evidence_and_flags():
    g = graph([
        ("p1", "2023-01-01", [("a1", "participant"), ("b1", "participant")]),
        ("p2", "2022-01-01", [("a1", "participant"), ("b1", "participant")]),
        ("p3", "2021-01-01", [("a1", "participant"), ("b1", "participant")]),
        ("p4", NEWEST, [("a1", "participant"), ("b1", "participant")]),
        ("other", NEWEST, [("c1", "participant"), ("a2", "participant")]),
    ])  # fmt: skip
    weights = Weights({"shared-priority": {"domain_overlap": 0.9, "track_record": 0.1}})
    both, new = with_track_record(g, [cand(), cand(regions=("B", "C"))], weights=weights)
    assert both.components == {"domain_overlap": 0.5, "track_record": 1.0}
    assert both.score == pytest.approx(0.9 * 0.5 + 0.1 * 1.0)
    assert both.evidence == (
        "Evidence. Already worked together in 4 projects: P4 (2024), P1 (2023) and P2 (2022) "
        "(and 1 more)."
    )
    assert both.extra == {"new_partnership": False, "shared_projects": "p4;p1;p2;p3"}
    assert new.extra == {"new_partnership": True, "shared_projects": ""}
    assert new.evidence.endswith(
        "New partnership: no joint project of theirs in the projects data."
    )
    assert new.score == pytest.approx(composite({"domain_overlap": 0.5, "track_record": 0.0},
                                                weights.of("shared-priority")))  # fmt: skip
    assert new.score > 0


def test_other_kinds_pass_through():
    g = graph([("p1", NEWEST, [("a1", "participant"), ("b1", "participant")])])
    c = cand("call")
    assert with_track_record(g, [c]) == [c]


def test_zero_weight_leaves_the_score_of_the_other_components():
    g = graph([("p1", NEWEST, [("a1", "participant"), ("b1", "participant")])])
    weights = Weights({"shared-priority": {"domain_overlap": 1.0, "track_record": 0.0}})
    (c,) = with_track_record(g, [cand()], weights=weights)
    assert c.score == 0.5 and c.components["track_record"] == 0.5
