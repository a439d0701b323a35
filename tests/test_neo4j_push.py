"""The fast push against the reference push, and a push cut off part-way (real server).

Not timed: the rates are measured by ``benchmarks/bench_neo4j_push.py`` (``make bench``).
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from helpers.neo4j import DB, snapshot, tiny_graph, tiny_pairings

from synergy.core.errors import Neo4jError
from synergy.neo4j import connection as neo4j_connection
from synergy.neo4j import store as neo4j_store
from synergy.neo4j.rows import node_rows

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_neo4j_push import synthetic_graph  # noqa: E402

pytestmark = pytest.mark.neo4j


def _counts(driver) -> dict:
    return neo4j_store.graph_counts(driver, DB)


def _duplicates(driver) -> int:
    """Return how many node ids or relationships are stored more than once."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE n.id IS NOT NULL WITH n.id AS id, count(*) AS c WHERE c > 1 "
        "RETURN count(*) AS n",
        database_=DB,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE a.id IS NOT NULL WITH a, b, type(r) AS t, count(*) AS c "
        "WHERE c > 1 RETURN count(*) AS n",
        database_=DB,
    )
    return nodes[0]["n"] + rels[0]["n"]


@pytest.mark.parametrize("batch_size", [1, 4, 5000])
def test_fast_push_equals_reference_push(driver, batch_size):
    g, pairings = tiny_graph(), tiny_pairings()
    reference = neo4j_store.push_graph(
        driver, g, pairings, database=DB, replace=True, reference=True, batch_size=batch_size
    )
    expected = snapshot(driver)
    expected_counts = _counts(driver)
    fast = neo4j_store.push_graph(
        driver, g, pairings, database=DB, replace=True, batch_size=batch_size, workers=3
    )
    assert snapshot(driver) == expected
    assert _counts(driver) == expected_counts
    assert fast.nodes == reference.nodes and fast.relationships == reference.relationships
    assert fast.created == reference.created
    assert fast.created["nodes"] == sum(fast.nodes.values())


def test_fast_push_equals_reference_on_generated_graph(driver):
    """A few thousand entities: many batches per label and type, run on two sessions."""
    g = synthetic_graph(3000, seed=3)
    neo4j_store.push_graph(driver, g, database=DB, replace=True, reference=True, batch_size=500)
    expected = snapshot(driver)
    stats = neo4j_store.push_graph(driver, g, database=DB, replace=True, batch_size=500)
    assert stats.batches > 10
    assert snapshot(driver) == expected
    kinds = Counter(kind for _, kind in g.nodes(data="kind"))
    assert _counts(driver)["nodes"] == dict(kinds)
    again = neo4j_store.push_graph(driver, g, database=DB, batch_size=500)
    assert again.created == {"nodes": 0, "relationships": 0}
    assert snapshot(driver) == expected


def test_property_keys_with_backticks_are_quoted(driver):
    g = tiny_graph()
    region = next(n for n, kind in g.nodes(data="kind") if kind == "Region")
    g.nodes[region]['odd`key"}) DETACH DELETE n //'] = "v"
    neo4j_store.push_graph(driver, g, database=DB, replace=True)
    rows, _, _ = driver.execute_query(
        "MATCH (n {id: $id}) RETURN properties(n) AS p", {"id": region}, database_=DB
    )
    assert rows[0]["p"]['odd`key"}) DETACH DELETE n //'] == "v"
    assert _counts(driver)["nodes"]["Region"] == 3


def _port() -> int:
    """Return the Bolt port of the test server (from NEO4J_URI, as connect() reads it)."""
    import os

    uri = os.environ.get("NEO4J_URI") or neo4j_connection.DEFAULT_URI
    return int(uri.rsplit(":", 1)[1].strip("/"))


class _Proxy:
    """A TCP relay to the test server that drops every connection after ``limit`` bytes
    have gone from the client to the server."""

    def __init__(self, port: int, limit: int):
        self.target, self.limit, self.sent = port, limit, 0
        self.cut = threading.Event()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if self.cut.is_set():
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target))
            pair = (client, upstream)
            threading.Thread(target=self._pipe, args=(client, upstream, pair, True)).start()
            threading.Thread(target=self._pipe, args=(upstream, client, pair, False)).start()

    def _pipe(self, src, dst, pair, counted: bool) -> None:
        try:
            while data := src.recv(65536):
                if counted:
                    with self.lock:
                        self.sent += len(data)
                        if self.sent > self.limit:
                            self.cut.set()
                if self.cut.is_set():
                    break
                dst.sendall(data)
        except OSError:
            pass
        for sock in pair:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.server.close()


def test_dropped_connection_stops_push_whole_batches_then_next_push_completes(driver):
    """The connection drops mid-push: one clear error, every batch whole, no duplicates after
    the next push, which completes the graph."""
    g = synthetic_graph(3000, seed=5)
    batch = 200
    with driver.session(database=DB) as session:
        neo4j_store.delete_engine_graph(session)
    proxy = _Proxy(_port(), limit=400_000)  # roughly half of this graph's Bolt traffic
    cut = neo4j_connection.connect(uri=f"bolt://127.0.0.1:{proxy.port}")
    try:
        with pytest.raises(Neo4jError) as info:
            neo4j_store.push_graph(cut, g, database=DB, batch_size=batch, workers=2)
    finally:
        cut.close()
        proxy.close()
    message = str(info.value)
    assert "The push stopped" in message or "Lost Neo4j" in message
    assert "run the push again" in message or "make neo4j-up" in message
    counts = _counts(driver)
    written = sum(counts["nodes"].values()) + sum(counts["relationships"].values())
    assert 0 < written < g.number_of_nodes() + g.number_of_edges()
    # Every batch is whole: the nodes of each label came in batches of `batch` rows in id
    # order, so each batch's ids are all there or all missing.
    by_label, _ = node_rows(g)
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE n.id IS NOT NULL RETURN n.id AS id", database_=DB
    )
    stored = {r["id"] for r in records}
    for rows in by_label.values():
        ids = [row["id"] for row in rows]
        for i in range(0, len(ids), batch):
            present = {x in stored for x in ids[i : i + batch]}
            assert len(present) == 1, f"half-written batch at {ids[i]}"
    assert _duplicates(driver) == 0
    again = neo4j_store.push_graph(driver, g, database=DB, batch_size=batch)
    assert _duplicates(driver) == 0
    kinds = Counter(kind for _, kind in g.nodes(data="kind"))
    types = Counter(key for _, _, key in g.edges(keys=True))
    assert _counts(driver) == {"nodes": dict(kinds), "relationships": dict(types)}
    assert again.created["nodes"] == g.number_of_nodes() - sum(counts["nodes"].values())
