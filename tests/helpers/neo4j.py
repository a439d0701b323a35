"""The Neo4j test server connection and the tiny graph and candidates pushed to it."""

from __future__ import annotations

import os

import networkx as nx
import pandas as pd
import pytest

from synergy.core.errors import Neo4jError
from synergy.core.model import (
    ACTIVE_IN,
    ACTOR,
    CLUSTER,
    DOMAIN,
    FUNDS,
    HAS_PRIORITY,
    IN_DOMAIN,
    LOCATED_IN,
    MEMBER_OF,
    NEXT,
    PART_OF,
    PARTICIPATES_IN,
    PRIORITY,
    PROGRAMME,
    PROJECT,
    REGION,
    RUN_BY,
    STAGE,
    SUPPORTS,
    VALUE_CHAIN,
)
from synergy.neo4j import connection as neo4j_connection

__all__ = ["DB", "INJECTION", "connect_or_skip", "snapshot", "tiny_graph", "tiny_pairings"]

INJECTION = "Evil '}) DETACH DELETE n //"

DB = neo4j_connection.database_from_env()


def connect_or_skip():
    """Return a driver to the test server; skip (or fail under CI) when it is unreachable."""
    try:
        return neo4j_connection.connect()
    except Neo4jError as exc:
        message = f"Neo4j tests need the server: run `make neo4j-up` first ({exc})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def snapshot(driver) -> list:
    """Return every engine node with its labels, properties and outgoing relationships."""
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE n.id IS NOT NULL OPTIONAL MATCH (n)-[r]->(m) "
        "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, "
        "collect([type(r), m.id, properties(r)]) AS out ORDER BY id",
        database_=DB,
    )
    return [(r["id"], r["labels"], r["props"], sorted(map(str, r["out"]))) for r in records]


def tiny_graph(projects: bool = False) -> nx.MultiDiGraph:
    """Return a hand-checkable graph: 25 nodes: 3 regions, 3 domains, 5 priorities, 3 clusters,
    a 3-stage chain, 4 actors, 3 programmes (plus 3 projects with ``projects=True``).

    R1 and R2 share the domain energy, R1 and R3 share food. Stage s1 is held by a1 (R1),
    s2 by a2 and a3 (R2), s3 by nobody. Programmes f1 (R1, TRL 3-6) and f2 (R2, TRL 5-9)
    fund energy, f3 (R3) funds food. a1's name is a Cypher-injection attempt.

    Projects: JOINT (2021, energy) joins a1 (R1, coordinator), a2 (R2) and a partner outside
    the dataset, "Outside Lab" (FR10); SOLO2 (2019) joins a2 (coordinator) and a3 (thirdParty),
    both R2 and members of c2; OLDER (2016) joins a1 (R1) and a4 (R3). a2 also carries the
    source id ``cordis-42``.
    """
    g = nx.MultiDiGraph()

    def n(nid, kind, name, key, **attrs):
        g.add_node(nid, kind=kind, name=name, key=key, **attrs)

    def e(u, v, t, **attrs):
        g.add_edge(u, v, key=t, type=t, **attrs)

    n("region:R1", REGION, "Alpha", "R1", country="AT", aliases=["Alfa", "Alpha land"])
    n("region:R2", REGION, "Beta", "R2", country="DE", development="transition")
    n("region:R3", REGION, "Gamma", "R3", country="IT")
    for d in ("energy", "food", "ict"):
        n(f"domain:{d}", DOMAIN, d.title(), d)
    for rid, pid, title, dom in (
        ("R1", "P1", "Clean energy", "energy"),
        ("R1", "P2", "Food", "food"),
        ("R2", "P1", "Energy transition", "energy"),
        ("R2", "P2", "Digital", "ict"),
        ("R3", "P1", "Agri", "food"),
    ):
        nid = f"priority:{rid}:{pid}"
        n(nid, PRIORITY, title, pid, region_id=rid, title=title)
        e(f"region:{rid}", nid, HAS_PRIORITY)
        e(nid, f"domain:{dom}", IN_DOMAIN, term=dom, score=0.9)
    for cid, rid, dom, members in (("c1", "R1", "energy", 12), ("c2", "R2", "energy", None),
                                   ("c3", "R3", "food", 3)):  # fmt: skip
        n(f"cluster:{cid}", CLUSTER, f"Cluster {cid}", cid, region_id=rid, members=members)
        e(f"cluster:{cid}", f"region:{rid}", LOCATED_IN)
        e(f"cluster:{cid}", f"domain:{dom}", IN_DOMAIN, term=dom, score=1.0)
    e("cluster:c1", "priority:R1:P1", SUPPORTS)
    n("chain:ch", VALUE_CHAIN, "Hydrogen", "ch", stages=3)
    for order, sid, name in ((1, "s1", "Production"), (2, "s2", "Storage"), (3, "s3", "Use")):
        n(f"stage:ch:{sid}", STAGE, name, sid, chain_id="ch", stage_order=order)
        e(f"stage:ch:{sid}", "chain:ch", PART_OF)
    e("stage:ch:s1", "stage:ch:s2", NEXT)
    e("stage:ch:s2", "stage:ch:s3", NEXT)
    for aid, name, rid, cid, stage in (("a1", INJECTION, "R1", "c1", "s1"),
                                       ("a2", "Bravo GmbH", "R2", "c2", "s2"),
                                       ("a3", "Alpha AG", "R2", "c2", "s2"),
                                       ("a4", "Delta Srl", "R3", "c3", None)):  # fmt: skip
        n(f"actor:{aid}", ACTOR, name, aid, region_id=rid, type="firm", nace=["C27"])
        e(f"actor:{aid}", f"region:{rid}", LOCATED_IN)
        e(f"actor:{aid}", f"cluster:{cid}", MEMBER_OF)
        if stage:
            e(f"actor:{aid}", f"stage:ch:{stage}", ACTIVE_IN)
    for fid, rid, dom, budget, trl, score in (("f1", "R1", "energy", 1e6, (3, 6), 0.9),
                                              ("f2", "R2", "energy", 2e6, (5, 9), 0.8),
                                              ("f3", "R3", "food", 5e5, (1, 4), 0.7)):  # fmt: skip
        n(f"programme:{fid}", PROGRAMME, f"Fund {fid}", fid, region_id=rid, budget_eur=budget,
          trl_min=trl[0], trl_max=trl[1], beneficiaries=["firm"])  # fmt: skip
        e(f"programme:{fid}", f"region:{rid}", RUN_BY)
        e(f"programme:{fid}", f"domain:{dom}", FUNDS, term=dom, score=score)
    if projects:
        _add_projects(g)
    return g


def _add_projects(g: nx.MultiDiGraph) -> None:
    """Add the projects of :func:`tiny_graph` (see its docstring)."""
    g.nodes["actor:a2"]["source_ids"] = ["cordis-42"]
    for pid, acronym, start, regions, outside, domain, taking_part in (
        ("pr1", "JOINT", "2021-03-01", ["FR10", "R1", "R2"], ["Outside Lab (FR10)"], "energy",
         (("a1", "coordinator", 100000.0), ("a2", "participant", 50000.0))),
        ("pr2", "SOLO2", "2019-06-01", ["R2"], [], None,
         (("a2", "coordinator", 20000.0), ("a3", "thirdParty", 0.0))),
        ("pr3", "OLDER", "2016-01-01", ["R1", "R3"], [], "food",
         (("a1", "participant", 30000.0), ("a4", "participant", 40000.0))),
    ):  # fmt: skip
        attrs = {"partners_outside": outside} if outside else {}
        g.add_node(f"project:{pid}", kind=PROJECT, name=acronym, key=pid, acronym=acronym,
                   title=f"The {acronym.lower()} project", start=start, programme="H2020",
                   regions=regions, participants=len(taking_part) + len(outside),
                   **attrs)  # fmt: skip
        if domain:
            g.add_edge(f"project:{pid}", f"domain:{domain}", key=IN_DOMAIN, type=IN_DOMAIN,
                       term=domain, score=0.98)  # fmt: skip
        for aid, role, money in taking_part:
            g.add_edge(f"actor:{aid}", f"project:{pid}", key=PARTICIPATES_IN,
                       type=PARTICIPATES_IN, role=role, ec_contribution=money)  # fmt: skip


def tiny_pairings(with_ids: bool = True) -> pd.DataFrame:
    """Return two candidates: rank 1 (R1+R2 value chain), rank 2 (R1+R3 shared food)."""
    rows = [
        {"rank": 1, "kind": "value-chain", "regions": "R1;R2", "clusters": "c1;c2",
         "domains": "energy", "chain_id": "ch", "score": 0.9, "components": "coverage=1.0",
         "evidence": "R1 and R2 cover the chain.", "candidate_id": "candidate:abc",
         "involves": "actor:a1;cluster:c1;cluster:c2;region:R1;region:R2"},
        {"rank": 2, "kind": "shared-priority", "regions": "R1;R3", "clusters": "",
         "domains": "food", "chain_id": None, "score": 0.5, "components": "overlap=0.5",
         "evidence": "Both prioritise food.", "candidate_id": "candidate:def",
         "involves": "region:R1;region:R3"},
    ]  # fmt: skip
    frame = pd.DataFrame(rows)
    return frame if with_ids else frame.drop(columns=["candidate_id"])
