"""synergy.algorithms.shared_priorities on hand-checkable sets."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from synergy.algorithms.shared_priorities import domain_specificity, shared_priorities
from synergy.core.model import (
    CLUSTER,
    DOMAIN,
    HAS_PRIORITY,
    IN_DOMAIN,
    LOCATED_IN,
    PRIORITY,
    REGION,
)
from synergy.core.scoring import parse_weights


def test_shared_priorities_hand_computed(mini_graph):
    found = {c.regions: c for c in shared_priorities(mini_graph)}
    # R1 {hydrogen .5, wood .5} vs R2 {hydrogen .5, agrifood .5}; every domain is named by 2
    # of the 3 regions, so each has specificity ln(4/2)/ln(4) = 0.5 and the weighted Jaccard
    # is (.5 * .5) / (.5 * 1.5) = 1/3, as without weights
    r1r2 = found[("R1", "R2")]
    assert r1r2.components["domain_overlap"] == pytest.approx(1 / 3)
    assert r1r2.components["specificity"] == pytest.approx(0.5)
    assert r1r2.domains == ("hydrogen",)
    # both back hydrogen with a cluster: all of the overlap is backed
    assert r1r2.components["cluster_backing"] == pytest.approx(1 / 3)
    assert "Hydrogen economy" in r1r2.evidence and "Idrogeno verde" in r1r2.evidence
    # R2-R3 share agrifood but only R3 has a food cluster
    assert found[("R2", "R3")].components["cluster_backing"] == 0.0
    assert all(0 <= c.score <= 1 for c in found.values())


def test_shared_priorities_weights_change_ranking(mini_graph):
    only_backing = parse_weights("shared-priority.domain_overlap=0,shared-priority.specificity=0")
    found = {c.regions: c.score for c in shared_priorities(mini_graph, weights=only_backing)}
    assert found[("R1", "R2")] > 0 and found[("R2", "R3")] == 0.0


def _graph(priorities: dict, clusters: dict | None = None) -> nx.MultiDiGraph:
    """Regions -> [(title, {domain: score})], clusters: region -> [domains]."""
    g = nx.MultiDiGraph()
    domains = {d for items in priorities.values() for _, ds in items for d in ds}
    for d in sorted(domains):
        g.add_node(f"domain:{d}", kind=DOMAIN, key=d, name=d.title())
    for r, items in priorities.items():
        g.add_node(f"region:{r}", kind=REGION, key=r, name=f"Region {r}")
        for k, (title, ds) in enumerate(items):
            p = f"priority:{r}:{k}"
            g.add_node(p, kind=PRIORITY, key=str(k), name=title)
            g.add_edge(f"region:{r}", p, key=HAS_PRIORITY, type=HAS_PRIORITY)
            for d, score in ds.items():
                g.add_edge(p, f"domain:{d}", key=IN_DOMAIN, type=IN_DOMAIN, score=score)
    for r, ds in (clusters or {}).items():
        c = f"cluster:{r}-c"
        g.add_node(c, kind=CLUSTER, key=f"{r}-c", name=f"{r} cluster")
        g.add_edge(c, f"region:{r}", key=LOCATED_IN, type=LOCATED_IN)
        for d in ds:
            g.add_edge(c, f"domain:{d}", key=IN_DOMAIN, type=IN_DOMAIN, score=1.0)
    return g


def test_domain_specificity_inverse_ubiquity():
    spec, naming = domain_specificity(
        [[1, 1, 0], [1, 0, 0], [1, 0, 1], [1, 0, 1]]  # type: ignore[arg-type]
    )
    assert naming.tolist() == [4, 1, 2]
    assert spec.tolist() == pytest.approx(
        [math.log(5 / 4) / math.log(5), 1.0, math.log(5 / 2) / math.log(5)]
    )


def test_shared_priorities_specific_beats_broad():
    # five regions all name health and ict (broad: 5 of 5); A and B have broad profiles that
    # share those plus tourism (3 of 5); C and D share only the rare "space" (2 of 5).
    p = {
        "A": [("Health", {"health": 1}), ("Digital", {"ict": 1}), ("Tourism", {"tourism": 1})],
        "B": [("Gesundheit", {"health": 1}), ("IKT", {"ict": 1}), ("Tourismus", {"tourism": 1})],
        "C": [("Salute", {"health": 1}), ("ICT", {"ict": 1}), ("Spazio", {"space": 1})],
        "D": [("Santé", {"health": 1}), ("Numérique", {"ict": 1}), ("Espace", {"space": 1})],
        "E": [("Zdravje", {"health": 1}), ("IKT", {"ict": 1}), ("Turizem", {"tourism": 1})],
    }
    found = {c.regions: c for c in shared_priorities(_graph(p))}
    cd, ab = found[("C", "D")], found[("A", "B")]
    assert cd.domains == ("space",) and ab.domains == ("tourism",)
    assert cd.score > ab.score
    assert cd.components["specificity"] > ab.components["specificity"]
    # the broad domains are context, not reasons
    assert cd.extra["broad_domains"] == "health;ict"
    assert "broad overlaps, as context only: Health, Ict" in cd.evidence
    # a pair that shares only broad domains is no candidate
    assert all("space" in c.domains or "tourism" in c.domains for c in found.values())


def test_shared_priorities_evidence_quotes_best_matching_priority():
    # region S names mobility twice: first (by id) through a weak description match, then
    # as its own priority; the evidence quotes the best match with its score
    p = {
        "S": [("Pametna mesta", {"mobility": 0.6, "cities": 1.0}), ("Mobilnost", {"mobility": 1})],
        "T": [("Mobilität", {"mobility": 0.9})],
        "U": [("Food", {"agrifood": 1})],
    }
    [c] = [c for c in shared_priorities(_graph(p)) if c.regions == ("S", "T")]
    assert "Mobility ('Mobilnost' 1.00 / 'Mobilität' 0.90" in c.evidence
    assert "Pametna" not in c.evidence
