"""Push the graph and scan candidates to Neo4j, and run named queries.

The networkx graph maps one to one onto Neo4j (see :mod:`synergy.neo4j.rows`). Writes are
idempotent (``MERGE`` on ``id``) and batched (``UNWIND $rows``), one managed transaction per
batch, so the driver retries transient errors and a failed batch is rolled back whole. The
driver is passed in (:func:`synergy.neo4j.connection.connect`), never created here.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import neo4j
import networkx as nx
import pandas as pd
from neo4j.exceptions import DriverError, ServiceUnavailable
from neo4j.exceptions import Neo4jError as DriverNeo4jError

from synergy.core.errors import Neo4jError, SynergyError
from synergy.core.model import CANDIDATE, EDGE_TYPES, INVOLVES
from synergy.neo4j.connection import FIX_START
from synergy.neo4j.rows import LABELS, candidate_rows, check_label, edge_rows, node_rows

__all__ = ["PushStats", "push_graph", "graph_counts", "delete_engine_graph", "run_query"]


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


def _batches(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


class _Writer:
    """Runs batched writes in managed transactions and sums the server's counters."""

    def __init__(self, session: neo4j.Session, batch_size: int):
        self.session = session
        self.batch_size = batch_size
        self.batches = 0
        self.counters: dict[str, int] = defaultdict(int)

    def _add(self, summary: neo4j.ResultSummary) -> None:
        c = summary.counters
        for name in ("nodes_created", "nodes_deleted", "relationships_created",
                     "relationships_deleted", "properties_set"):  # fmt: skip
            self.counters[name] += getattr(c, name)

    def write(self, query: str, rows: list) -> None:
        for batch in _batches(rows, self.batch_size):
            summary = self.session.execute_write(_run_consume, query, batch)
            self._add(summary)
            self.batches += 1

    def auto(self, query: str, **params) -> None:
        # CALL { } IN TRANSACTIONS needs an auto-commit transaction.
        self._add(self.session.run(query, params).consume())


def _run_consume(tx: neo4j.ManagedTransaction, query: str, rows: list) -> neo4j.ResultSummary:
    return tx.run(query, rows=rows).consume()


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
    writer = _Writer(session, batch_rows)
    for label in LABELS:
        writer.auto(
            f"MATCH (n:`{check_label(label, label)}`) "
            f"CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF {int(batch_rows)} ROWS"
        )
    return {
        "nodes": writer.counters["nodes_deleted"],
        "relationships": writer.counters["relationships_deleted"],
    }


def push_graph(
    driver: neo4j.Driver,
    graph: nx.MultiDiGraph,
    pairings: pd.DataFrame | None = None,
    *,
    database: str,
    batch_size: int = 5000,
    replace: bool = False,
) -> PushStats:
    """Return the counts and timing of writing ``graph`` (and ``pairings``) to Neo4j.

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
    try:
        with driver.session(database=database) as session:
            _ensure_constraints(session)
            writer = _Writer(session, batch_size)
            if replace:
                deleted = delete_engine_graph(session)
                writer.counters["nodes_deleted"] += deleted["nodes"]
                writer.counters["relationships_deleted"] += deleted["relationships"]
            before = _counts(session)
            _write_nodes(writer, by_label, set(LABELS) - set(before["nodes"]))
            _write_edges(writer, by_type, set(EDGE_TYPES) - set(before["relationships"]))
            if cand_nodes:
                _push_candidates(writer, cand_nodes, cand_rels)
    except SynergyError:
        raise
    except DriverNeo4jError as exc:
        raise Neo4jError(f"Neo4j refused the push: {exc.code}: {exc.message}") from exc
    except (ServiceUnavailable, DriverError, OSError) as exc:
        raise Neo4jError(f"Lost Neo4j during the push ({exc}): {FIX_START}.") from exc
    return _stats(writer, by_label, by_type, cand_nodes, cand_rels, skipped, start)


# Into an empty label or type CREATE is enough (the rows are unique) and cheaper than MERGE;
# otherwise MERGE, and SET x = props mirrors the graph, so attributes dropped since the last
# push go too.


def _write_nodes(writer: _Writer, by_label: Mapping[str, list], empty: set[str]) -> None:
    for label in sorted(by_label):
        verb = "CREATE" if label in empty else "MERGE"
        writer.write(
            f"UNWIND $rows AS row {verb} (n:`{label}` {{id: row.id}}) SET n = row.props",
            by_label[label],
        )


def _write_edges(writer: _Writer, by_type: Mapping[tuple, list], empty: set[str]) -> None:
    for rel_type, src, dst in sorted(by_type):
        rows = by_type[(rel_type, src, dst)]
        fresh = rel_type in empty
        set_props = "" if fresh and not any(r["props"] for r in rows) else " SET r = row.props"
        writer.write(
            f"UNWIND $rows AS row MATCH (a:`{src}` {{id: row.s}}) "
            f"MATCH (b:`{dst}` {{id: row.t}}) "
            f"{'CREATE' if fresh else 'MERGE'} (a)-[r:`{rel_type}`]->(b){set_props}",
            rows,
        )


def _stats(writer, by_label, by_type, cand_nodes, cand_rels, skipped, start) -> PushStats:
    """Return what a push wrote (per label and type) and the server's counters."""
    seconds = time.perf_counter() - start
    nodes = {label: len(rows) for label, rows in sorted(by_label.items())}
    rels: dict[str, int] = defaultdict(int)
    for (rel_type, _, _), rows in by_type.items():
        rels[rel_type] += len(rows)
    if cand_nodes:
        nodes[CANDIDATE] = len(cand_nodes)
        rels[INVOLVES] += sum(len(r) for r in cand_rels.values())
    c = writer.counters
    return PushStats(
        nodes=nodes,
        relationships=dict(sorted(rels.items())),
        seconds=seconds,
        batches=writer.batches,
        created={"nodes": c["nodes_created"], "relationships": c["relationships_created"]},
        deleted={"nodes": c["nodes_deleted"], "relationships": c["relationships_deleted"]},
        skipped=tuple(skipped),
    )


def _push_candidates(writer: _Writer, nodes: list, rels: Mapping[str, list]) -> None:
    # Candidate ids are reused across scans, so INVOLVES links that the new row no longer
    # lists are removed; the rest are merged, leaving unchanged candidates untouched.
    writer.write(
        f"UNWIND $rows AS row MERGE (c:`{CANDIDATE}` {{id: row.id}}) SET c = row.props "
        f"WITH c, row MATCH (c)-[old:`{INVOLVES}`]->(x) WHERE NOT x.id IN row.targets "
        "DELETE old",
        nodes,
    )
    for label in sorted(rels):
        writer.write(
            f"UNWIND $rows AS row MATCH (a:`{CANDIDATE}` {{id: row.s}}) "
            f"MATCH (b:`{check_label(label, label)}` {{id: row.t}}) "
            f"MERGE (a)-[:`{INVOLVES}`]->(b)",
            rels[label],
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
