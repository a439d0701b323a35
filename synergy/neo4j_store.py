"""Neo4j edge module: connect, push the graph and scan candidates, run named queries.

The networkx graph maps one to one onto Neo4j: one label per node ``kind``, the property
``id`` holds the networkx node id (unique per label, enforced by a constraint), every other
node and edge attribute becomes a property, and each edge type becomes a relationship type.
Scan candidates become ``Candidate`` nodes with ``INVOLVES`` relationships.

Writes are idempotent (``MERGE`` on ``id``) and batched (``UNWIND $rows``), one managed
transaction per batch, so the driver retries transient errors and a failed batch is rolled
back whole. Labels and relationship types are checked against :mod:`synergy.core.model` before
they are written into Cypher; every value travels as a query parameter.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import neo4j
import networkx as nx
import pandas as pd
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    ServiceUnavailable,
)
from neo4j.exceptions import Neo4jError as DriverNeo4jError

from synergy.core.errors import Neo4jError, SynergyError
from synergy.core.model import CANDIDATE, EDGE_TYPES, INVOLVES, NODE_KINDS

__all__ = [
    "DEFAULT_URI",
    "DEFAULT_USER",
    "DEFAULT_PASSWORD",
    "DEFAULT_DATABASE",
    "LABELS",
    "PushStats",
    "connect",
    "database_from_env",
    "push_graph",
    "graph_counts",
    "delete_engine_graph",
    "run_query",
    "to_property",
    "export_bulk",
]

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "synergy-dev"
DEFAULT_DATABASE = "neo4j"
LABELS = (*NODE_KINDS, CANDIDATE)
_PRIMITIVES = (bool, int, float, str)
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_FIX_START = "start the local server with `make neo4j-up`, or set NEO4J_URI to your server"


def database_from_env() -> str:
    """Return the database name from ``NEO4J_DATABASE`` (default ``neo4j``)."""
    return os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE


def connect(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> neo4j.Driver:
    """Return a driver whose server answered a query on ``database``.

    Missing arguments come from ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and
    ``NEO4J_DATABASE``, then from the local dev server's defaults
    (``bolt://127.0.0.1:7687``, ``neo4j`` / ``synergy-dev``, database ``neo4j``).

    Raises
    ------
    synergy.core.errors.Neo4jError
        When the server is unreachable, refuses the credentials or lacks the database; the
        message says how to fix it.
    """
    uri = uri or os.environ.get("NEO4J_URI") or DEFAULT_URI
    user = user or os.environ.get("NEO4J_USER") or DEFAULT_USER
    password = password or os.environ.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD
    database = database or database_from_env()
    scheme = uri.partition("://")[0] if "://" in uri else ""
    try:
        if scheme not in _SCHEMES:
            raise ValueError(f"scheme {scheme or '(none)'!r}")
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=5.0,
            max_transaction_retry_time=30.0,
            notifications_min_severity="OFF",
        )
    except (ConfigurationError, ValueError) as exc:
        raise Neo4jError(
            f"NEO4J_URI '{uri}' is not a Neo4j URI ({exc}). Use bolt://host:7687, "
            "neo4j://host:7687 or neo4j+s://<id>.databases.neo4j.io (Aura)."
        ) from exc
    try:
        # auto-commit, so an unreachable server fails at once instead of being retried
        with driver.session(database=database) as session:
            session.run("RETURN 1").consume()
    except BaseException as exc:
        driver.close()
        raise _connect_error(exc, uri, user, database) from exc
    return driver


def _connect_error(exc: BaseException, uri: str, user: str, database: str) -> BaseException:
    if isinstance(exc, AuthError):
        return Neo4jError(
            f"Neo4j at {uri} refused user '{user}': wrong user name or password. Set NEO4J_USER "
            "and NEO4J_PASSWORD (the local server of `make neo4j-up` uses neo4j / synergy-dev)."
        )
    if isinstance(exc, ClientError) and "DatabaseNotFound" in (exc.code or ""):
        return Neo4jError(
            f"Neo4j at {uri} has no database '{database}'. Set NEO4J_DATABASE to an existing one "
            "(Community edition has only 'neo4j'), or create it first (CREATE DATABASE)."
        )
    if isinstance(exc, ServiceUnavailable | OSError | DriverError):
        found = re.search(r"reason \[[^]]*\] ([^)]*)", str(exc))
        reason = found.group(1) if found else str(exc).splitlines()[0]
        return Neo4jError(f"Cannot reach Neo4j at {uri} ({reason}): {_FIX_START}.")
    if isinstance(exc, DriverNeo4jError):
        return Neo4jError(f"Neo4j at {uri} refused the connection check: {exc.message}")
    return exc


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


def to_property(value):
    """Return ``value`` as a Neo4j property value, or None to leave it out.

    Primitives stay as they are, lists of one primitive type stay lists, numpy scalars become
    Python ones, dicts and mixed lists become JSON text, anything else becomes ``str``.

    >>> to_property(["a", "b"]), to_property(None), to_property(float("nan")), to_property({"x": 1})
    (['a', 'b'], None, None, '{"x": 1}')
    """
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, list | tuple | dict):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, _PRIMITIVES):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = [
            to_property(v)
            for v in (sorted(value, key=str) if isinstance(value, set | frozenset) else value)
        ]
        items = [v for v in items if v is not None]
        kinds = {type(v) for v in items}
        if len(kinds) <= 1 and kinds <= set(_PRIMITIVES):
            return items
        return [
            v if isinstance(v, str) else json.dumps(v, sort_keys=True, default=str) for v in items
        ]
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def _props(attrs: Mapping, node_id: str | None = None) -> dict:
    out = {}
    for key, value in attrs.items():
        prop = to_property(value)
        if prop is not None:
            out[str(key)] = prop
    if node_id is not None:
        out["id"] = node_id  # the graph's id wins over an attribute that happens to be called id
    return out


def _check_label(label: str, what: str) -> str:
    if label not in LABELS:
        raise Neo4jError(
            f"{what} has kind {label!r}, which is not a node kind of the graph vocabulary "
            f"({', '.join(LABELS)}); Neo4j labels come only from synergy.core.model."
        )
    return label


def _check_type(rel_type: str, what: str) -> str:
    if rel_type not in EDGE_TYPES:
        raise Neo4jError(
            f"{what} has type {rel_type!r}, which is not an edge type of the graph vocabulary "
            f"({', '.join(EDGE_TYPES)}); Neo4j relationship types come only from "
            "synergy.core.model."
        )
    return rel_type


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
            f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:`{_check_label(label, label)}`) "
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
            f"MATCH (n:`{_check_label(label, label)}`) "
            f"CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF {int(batch_rows)} ROWS"
        )
    return {
        "nodes": writer.counters["nodes_deleted"],
        "relationships": writer.counters["relationships_deleted"],
    }


def _node_rows(graph: nx.MultiDiGraph) -> tuple[dict[str, list], dict[str, str]]:
    rows: dict[str, list] = defaultdict(list)
    label_of: dict[str, str] = {}
    for node, attrs in sorted(graph.nodes(data=True), key=lambda item: str(item[0])):
        label = _check_label(attrs.get("kind"), f"node {node!r}")
        if label == CANDIDATE:
            raise Neo4jError(f"node {node!r}: Candidate nodes come from pairings, not the graph.")
        label_of[node] = label
        rows[label].append({"id": str(node), "props": _props(attrs, str(node))})
    return rows, label_of


def _edge_rows(graph: nx.MultiDiGraph, label_of: Mapping[str, str]) -> dict[tuple, list]:
    # One relationship per (source, target, type), as MERGE would keep; the ``type``
    # attribute is the relationship type itself, so it is not stored again as a property.
    rows: dict[tuple, dict] = defaultdict(dict)
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        rel_type = _check_type(attrs.get("type", key), f"edge {u!r} -> {v!r}")
        props = _props({k: a for k, a in attrs.items() if k != "type"})
        rows[(rel_type, label_of[u], label_of[v])][(u, v)] = {
            "s": str(u),
            "t": str(v),
            "props": props,
        }
    return {group: list(pairs.values()) for group, pairs in rows.items()}


def _candidate_rows(pairings: pd.DataFrame, label_of: Mapping[str, str]):
    nodes, involves, skipped = [], defaultdict(list), []
    for record in pairings.to_dict("records"):
        cid = record.get("candidate_id")
        cid = str(cid) if to_property(cid) is not None else f"candidate:{record.get('rank')}"
        targets = sorted({t for t in str(record.get("involves") or "").split(";") if t.strip()})
        props = _props({str(k): v for k, v in record.items()}, cid)
        nodes.append({"id": cid, "props": props, "targets": targets})
        for target in targets:
            if target in label_of:
                involves[label_of[target]].append({"s": cid, "t": target, "props": {}})
            else:
                skipped.append(f"{cid} INVOLVES {target} (no such node in the graph)")
    return nodes, involves, skipped


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
    node_rows, label_of = _node_rows(graph)
    edge_rows = _edge_rows(graph, label_of)
    cand_nodes, cand_rels, skipped = (
        _candidate_rows(pairings, label_of) if pairings is not None else ([], {}, [])
    )
    try:
        with driver.session(database=database) as session:
            _ensure_constraints(session)
            writer = _Writer(session, batch_size)
            if replace:
                deleted = delete_engine_graph(session)
                writer.counters["nodes_deleted"] += deleted["nodes"]
                writer.counters["relationships_deleted"] += deleted["relationships"]
            # Into an empty label or type CREATE is enough (the rows are unique) and cheaper
            # than MERGE; otherwise MERGE, and SET x = props mirrors the graph, so attributes
            # dropped since the last push go too.
            before = _counts(session)
            empty_labels = set(LABELS) - set(before["nodes"])
            empty_types = set(EDGE_TYPES) - set(before["relationships"])
            for label in sorted(node_rows):
                verb = "CREATE" if label in empty_labels else "MERGE"
                writer.write(
                    f"UNWIND $rows AS row {verb} (n:`{label}` {{id: row.id}}) SET n = row.props",
                    node_rows[label],
                )
            for rel_type, src, dst in sorted(edge_rows):
                rows = edge_rows[(rel_type, src, dst)]
                fresh = rel_type in empty_types
                set_props = (
                    "" if fresh and not any(r["props"] for r in rows) else " SET r = row.props"
                )
                writer.write(
                    f"UNWIND $rows AS row MATCH (a:`{src}` {{id: row.s}}) "
                    f"MATCH (b:`{dst}` {{id: row.t}}) "
                    f"{'CREATE' if fresh else 'MERGE'} (a)-[r:`{rel_type}`]->(b){set_props}",
                    rows,
                )
            if cand_nodes:
                _push_candidates(writer, cand_nodes, cand_rels)
    except SynergyError:
        raise
    except DriverNeo4jError as exc:
        raise Neo4jError(f"Neo4j refused the push: {exc.code}: {exc.message}") from exc
    except (ServiceUnavailable, DriverError, OSError) as exc:
        raise Neo4jError(f"Lost Neo4j during the push ({exc}): {_FIX_START}.") from exc
    seconds = time.perf_counter() - start
    nodes = {label: len(rows) for label, rows in sorted(node_rows.items())}
    rels: dict[str, int] = defaultdict(int)
    for (rel_type, _, _), rows in edge_rows.items():
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
            f"MATCH (b:`{_check_label(label, label)}` {{id: row.t}}) "
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
        raise Neo4jError(f"Lost Neo4j while running '{name}' ({exc}): {_FIX_START}.") from exc
    return [{k: _plain(r[k]) for k in keys} for r in records]


def _plain(value):
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return dict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def export_bulk(graph: nx.MultiDiGraph, pairings: pd.DataFrame | None, out_dir) -> list:
    """Return the paths written for ``neo4j-admin database import full``.

    See :func:`synergy.neo4j_bulk.export_bulk`.
    """
    from synergy.neo4j_bulk import export_bulk as _export

    return _export(graph, pairings, out_dir)
