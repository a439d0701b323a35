"""Connect to Neo4j: the driver, from arguments or ``NEO4J_URI`` & co, checked before use.

Errors say what is wrong and how to fix it (start the local server, set the credentials,
name an existing database).
"""

from __future__ import annotations

import os
import re

import neo4j
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    ServiceUnavailable,
)
from neo4j.exceptions import Neo4jError as DriverNeo4jError

from synergy.core.errors import Neo4jError

__all__ = [
    "DEFAULT_URI",
    "DEFAULT_USER",
    "DEFAULT_PASSWORD",
    "DEFAULT_DATABASE",
    "FIX_START",
    "connect",
    "database_from_env",
]

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "synergy-dev"
DEFAULT_DATABASE = "neo4j"
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
FIX_START = "start the local server with `make neo4j-up`, or set NEO4J_URI to your server"


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
        return Neo4jError(f"Cannot reach Neo4j at {uri} ({reason}): {FIX_START}.")
    if isinstance(exc, DriverNeo4jError):
        return Neo4jError(f"Neo4j at {uri} refused the connection check: {exc.message}")
    return exc
