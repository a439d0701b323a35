"""Push the graph and scan candidates to Neo4j, and run named queries.

The networkx graph maps one to one onto Neo4j (see :mod:`synergy.neo4j.rows`). Rows go in
batches (``UNWIND $rows``), one managed transaction each (:mod:`synergy.neo4j.batches`), so
the driver retries transient errors and a failed batch is rolled back whole; the statements
(:mod:`synergy.neo4j.statements`) create into labels and types the database does not hold yet
and merge into the others, so a repeated push changes nothing. The driver is passed in
(:func:`synergy.neo4j.connection.connect`), never created here.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import neo4j
import networkx as nx
import pandas as pd
from neo4j.exceptions import DriverError, ServiceUnavailable
from neo4j.exceptions import Neo4jError as DriverNeo4jError

from synergy.core.errors import Neo4jError, SynergyError
from synergy.core.model import CANDIDATE, EDGE_TYPES, INVOLVES
from synergy.neo4j.batches import COUNTERS, BatchRunner
from synergy.neo4j.connection import FIX_START
from synergy.neo4j.rows import LABELS, candidate_rows, check_label, edge_rows, node_rows
from synergy.neo4j.statements import candidate_batches, node_batches, relationship_batches

__all__ = [
    "BATCH_SIZE",
    "WORKERS",
    "PushStats",
    "push_graph",
    "graph_counts",
    "delete_engine_graph",
    "run_query",
]

BATCH_SIZE = 10_000
WORKERS = 2


@dataclass(frozen=True)
class PushStats:
    """Counts and timing of one push.

    ``nodes`` and ``relationships`` count what was written per label / relationship type
    (equal to the graph's counts); ``created`` and ``deleted`` come from the server's
    counters, so a repeated push of unchanged data reports ``created == 0``.
    """

    nodes: dict[str, int]
    relationships: dict[str, int]
    seconds: float
    batches: int
    created: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()

    @property
    def entities(self) -> int:
        """Return nodes plus relationships written."""
        return sum(self.nodes.values()) + sum(self.relationships.values())

    @property
    def rate(self) -> float:
        """Return entities (nodes + relationships) written per second."""
        return self.entities / self.seconds if self.seconds > 0 else float("inf")


class _Auto:
    """Runs auto-commit statements (``CALL { } IN TRANSACTIONS``) and sums the counters."""

    def __init__(self, session: neo4j.Session):
        self.session = session
        self.counters: dict[str, int] = defaultdict(int)

    def run(self, query: str, **params) -> None:
        counters = self.session.run(query, params).consume().counters
        for name in COUNTERS:
            self.counters[name] += getattr(counters, name)


def _ensure_constraints(session: neo4j.Session) -> None:
    for label in LABELS:
        name = f"synergy_{label.lower()}_id"
        session.run(
            f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:`{check_label(label, label)}`) "
            "REQUIRE n.id IS UNIQUE"
        ).consume()


def delete_engine_graph(session: neo4j.Session, batch_rows: int = 10_000) -> dict[str, int]:
    """Return the numbers of nodes and relationships deleted with the engine's labels.

    Only nodes labelled with a node kind of :mod:`synergy.core.model` (or ``Candidate``) are
    deleted, in transactions of ``batch_rows`` nodes so large graphs fit in memory.
    """
    auto = _Auto(session)
    for label in LABELS:
        auto.run(
            f"MATCH (n:`{check_label(label, label)}`) "
            f"CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF {int(batch_rows)} ROWS"
        )
    return {
        "nodes": auto.counters["nodes_deleted"],
        "relationships": auto.counters["relationships_deleted"],
    }


def push_graph(
    driver: neo4j.Driver,
    graph: nx.MultiDiGraph,
    pairings: pd.DataFrame | None = None,
    *,
    database: str,
    batch_size: int = BATCH_SIZE,
    replace: bool = False,
    workers: int = WORKERS,
    reference: bool = False,
) -> PushStats:
    """Return the counts and timing of writing ``graph`` (and ``pairings``) to Neo4j.

    Every batch is one transaction, committed whole or not at all; a push that stops part-way
    (server stopped, connection lost) raises one :class:`Neo4jError` and the next push
    completes the graph: labels and types the database already holds are merged, never
    created twice.

    Parameters
    ----------
    driver
        From :func:`connect`.
    graph
        The synergy graph (:func:`synergy.graph.build.build_graph`); edge key or ``type`` =
        edge type.
    pairings
        Scan candidates (output-contract columns plus ``involves``); each row becomes a
        ``Candidate`` node, id from ``candidate_id`` or ``candidate:<rank>``.
    database
        Target database.
    batch_size
        Rows per transaction.
    replace
        Delete the engine's previous graph (all vocabulary labels) first.
    workers
        Transactions in flight at once (batches of one label or relationship group at a
        time, relationships sorted by end node so concurrent batches lock different nodes).
    reference
        Write the plain way instead (``MERGE`` everything, end nodes looked up by ``id``, one
        transaction at a time): slower, the same graph; the tests compare the two.

    Raises
    ------
    synergy.core.errors.Neo4jError
        On a node kind or edge type outside the vocabulary, or when the server fails.
    """
    if batch_size < 1:
        raise Neo4jError(f"batch size must be at least 1, got {batch_size}.")
    start = time.perf_counter()
    by_label, label_of = node_rows(graph)
    by_type = edge_rows(graph, label_of)
    cand_nodes, cand_rels, skipped = (
        candidate_rows(pairings, label_of) if pairings is not None else ([], {}, [])
    )
    for label, rows in cand_rels.items():
        by_type[(INVOLVES, CANDIDATE, label)] = rows
    fast = not reference
    runner = BatchRunner(driver, database, workers=1 if reference else workers)
    try:
        with driver.session(database=database) as session:
            _ensure_constraints(session)
            if replace:
                deleted = delete_engine_graph(session)
                runner.counters["nodes_deleted"] += deleted["nodes"]
                runner.counters["relationships_deleted"] += deleted["relationships"]
            before = _counts(session)
        # Into a label or type the database does not hold, CREATE is enough (the rows are
        # unique) and cheaper than MERGE; one the database holds (an earlier push, complete
        # or interrupted) is merged, so nothing is written twice.
        fresh_labels = set(LABELS) - set(before["nodes"])
        fresh_types = set(EDGE_TYPES) - set(before["relationships"])
        for batches in node_batches(by_label, fresh=fresh_labels, size=batch_size, fast=fast):
            runner.run(batches)
        if cand_nodes:
            runner.run(
                candidate_batches(
                    cand_nodes, fresh=CANDIDATE in fresh_labels, size=batch_size, fast=fast
                )
            )
        groups = relationship_batches(
            by_type, runner.ids, fresh=fresh_types, size=batch_size, fast=fast
        )
        for batches in groups:
            runner.run(batches)
    except SynergyError:
        raise
    except DriverNeo4jError as exc:
        raise Neo4jError(f"Neo4j refused the push: {exc.code}: {exc.message}") from exc
    except (ServiceUnavailable, DriverError, OSError) as exc:
        raise Neo4jError(f"Lost Neo4j during the push ({exc}): {FIX_START}.") from exc
    return _stats(runner, by_label, by_type, cand_nodes, skipped, start)


def _stats(runner, by_label, by_type, cand_nodes, skipped, start) -> PushStats:
    """Return what a push wrote (per label and type) and the server's counters."""
    seconds = time.perf_counter() - start
    nodes = {label: len(rows) for label, rows in sorted(by_label.items())}
    rels: dict[str, int] = defaultdict(int)
    for (rel_type, _, _), rows in by_type.items():
        rels[rel_type] += len(rows)
    if cand_nodes:
        nodes[CANDIDATE] = len(cand_nodes)
    c = runner.counters
    return PushStats(
        nodes=nodes,
        relationships=dict(sorted(rels.items())),
        seconds=seconds,
        batches=runner.batches,
        created={"nodes": c["nodes_created"], "relationships": c["relationships_created"]},
        deleted={"nodes": c["nodes_deleted"], "relationships": c["relationships_deleted"]},
        skipped=tuple(skipped),
    )


def _counts(session: neo4j.Session) -> dict[str, dict[str, int]]:
    nodes, rels = {}, {}
    for label in LABELS:
        n = session.run(f"MATCH (n:`{label}`) RETURN count(n) AS n").single(strict=True)["n"]
        if n:
            nodes[label] = n
    for rel_type in EDGE_TYPES:
        query = f"MATCH ()-[r:`{rel_type}`]->() RETURN count(r) AS n"
        n = session.run(query).single(strict=True)["n"]
        if n:
            rels[rel_type] = n
    return {"nodes": nodes, "relationships": rels}


def graph_counts(driver: neo4j.Driver, database: str) -> dict[str, dict[str, int]]:
    """Return ``{"nodes": {label: n}, "relationships": {type: n}}`` for the vocabulary.

    Only non-zero counts are listed; counts come from Neo4j's count store (constant time).
    """
    with driver.session(database=database) as session:
        return _counts(session)


def run_query(
    driver: neo4j.Driver, name: str, params: Mapping[str, object] | None, database: str
) -> list[dict]:
    """Return the rows of the named query ``name`` (from ``queries/``) as dicts.

    String parameter values are converted to the types the query declares.

    Raises
    ------
    synergy.core.errors.SynergyError
        For an unknown query (naming the closest) or missing / unknown parameters.
    synergy.core.errors.Neo4jError
        When the server rejects the query.
    """
    from queries import get_query

    query = get_query(name)
    values = query.bind(params or {})
    try:
        records, _, keys = driver.execute_query(
            query.text, values, database_=database, routing_=neo4j.RoutingControl.READ
        )
    except DriverNeo4jError as exc:
        raise Neo4jError(f"query '{name}' failed: {exc.code}: {exc.message}") from exc
    except (ServiceUnavailable, DriverError, OSError) as exc:
        raise Neo4jError(f"Lost Neo4j while running '{name}' ({exc}): {FIX_START}.") from exc
    return [{k: _plain(r[k]) for k in keys} for r in records]


def _plain(value):
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return dict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
