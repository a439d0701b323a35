"""Write batches of rows to Neo4j: one managed transaction per batch, several at once.

A batch is committed whole or not at all: the driver retries a batch whose transaction failed
before its commit (deadlock, lost connection) and never retries one whose commit outcome is
unknown (:class:`neo4j.exceptions.IncompleteCommit`). The first failure stops the run: the
batches already running finish (each still whole or nothing), no new one starts, and one
:class:`~synergy.core.errors.Neo4jError` says how many batches were committed and how to
complete the graph.
"""

from __future__ import annotations

import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import neo4j
from neo4j.exceptions import DriverError, IncompleteCommit
from neo4j.exceptions import Neo4jError as DriverNeo4jError

from synergy.core.errors import Neo4jError
from synergy.neo4j.connection import FIX_START

__all__ = ["Batch", "BatchRunner", "COUNTERS", "split"]

COUNTERS = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
)
RESUME = (
    "Each batch is one transaction, so none is half-written; run the push again to complete "
    "the graph (it merges with what is already there)."
)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Batch:
    """One transaction's worth of rows for one Cypher statement.

    ``what`` names the rows in error messages ("Actor nodes 1-5000"). The statement returns at
    most one record; its ``ids`` field (pairs of graph id and Neo4j element id) is collected
    and its ``n`` field, when present, must equal the number of rows (a relationship whose
    end nodes vanished would otherwise go missing silently).
    """

    query: str
    rows: list
    what: str


def split(rows: Sequence, size: int, what: str, query: str) -> list[Batch]:
    """Return ``rows`` cut into batches of ``size`` rows, each named by its row range."""
    return [
        Batch(query, list(rows[i : i + size]), f"{what} {i + 1}-{min(i + size, len(rows))}")
        for i in range(0, len(rows), size)
    ]


class BatchRunner:
    """Runs batches on ``workers`` sessions at once and sums the server's counters.

    Parameters
    ----------
    driver
        From :func:`synergy.neo4j.connection.connect`.
    database
        Target database.
    workers
        Transactions in flight at once (1 runs every batch in the calling thread).
    progress
        Called as ``progress(done, total)`` after each committed batch (from a worker thread).
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        workers: int = 1,
        progress: Progress | None = None,
    ):
        if workers < 1:
            raise Neo4jError(f"workers must be at least 1, got {workers}.")
        self.driver = driver
        self.database = database
        self.workers = workers
        self.progress = progress
        self.counters: dict[str, int] = defaultdict(int)
        self.ids: dict[str, str] = {}
        self.batches = 0
        self.total = 0
        self._lock = threading.Lock()

    def run(self, batches: list[Batch]) -> None:
        """Commit every batch (each in its own transaction); return when all are committed.

        Raises
        ------
        synergy.core.errors.Neo4jError
            On the first batch that fails, after the batches already running have finished.
        """
        self.total += len(batches)
        if self.workers == 1 or len(batches) < 2:
            with self.driver.session(database=self.database) as session:
                for batch in batches:
                    self._commit(session, batch)
            return
        todo: queue.SimpleQueue = queue.SimpleQueue()
        for batch in batches:
            todo.put(batch)
        failures: list[Exception] = []
        stop = threading.Event()

        def work() -> None:
            try:
                with self.driver.session(database=self.database) as session:
                    while not stop.is_set():
                        try:
                            batch = todo.get_nowait()
                        except queue.Empty:
                            return
                        self._commit(session, batch)
            except Exception as exc:  # noqa: BLE001 - handed to the calling thread below
                with self._lock:
                    failures.append(exc)
                stop.set()

        threads = [
            threading.Thread(target=work, name=f"synergy-neo4j-{i}")
            for i in range(min(self.workers, len(batches)))
        ]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                thread.join()
        except BaseException:  # Ctrl-C: let the running batches end whole, start no more
            stop.set()
            raise
        if failures:
            raise failures[0]

    def _commit(self, session: neo4j.Session, batch: Batch) -> None:
        try:
            record, summary = session.execute_write(_run, batch.query, batch.rows)
        except IncompleteCommit as exc:
            raise self._error(
                f"the connection to Neo4j broke while {batch.what} were being committed, so "
                f"the server may or may not have committed them ({exc})"
            ) from exc
        except DriverNeo4jError as exc:
            raise self._error(f"Neo4j refused {batch.what}: {exc.code}: {exc.message}") from exc
        except (DriverError, OSError) as exc:
            raise self._error(
                f"lost Neo4j while writing {batch.what} ({exc}): {FIX_START}"
            ) from exc
        expected = record.get("n") if record else None
        if expected is not None and expected != len(batch.rows):
            raise self._error(
                f"only {expected} of {len(batch.rows)} {batch.what} found both end nodes: nodes "
                "of this push were deleted while it ran (another client writing the same "
                "labels?)"
            )
        with self._lock:
            for name in COUNTERS:
                self.counters[name] += getattr(summary.counters, name)
            if record and record.get("ids"):
                self.ids.update(record["ids"])
            self.batches += 1
            done = self.batches
        if self.progress:
            self.progress(done, self.total)

    def _error(self, reason: str) -> Neo4jError:
        with self._lock:
            done = self.batches
        return Neo4jError(
            f"The push stopped: {reason}. {done} of {self.total} batches were committed before "
            f"it stopped. {RESUME}"
        )


def _run(tx: neo4j.ManagedTransaction, query: str, rows: list):
    result = tx.run(query, rows=rows)
    record = result.single()
    return (dict(record) if record else None), result.consume()
