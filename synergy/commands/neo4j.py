"""``synergy neo4j``: push the graph to Neo4j, run named queries, export bulk-import CSVs.

The connection comes from ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` (defaults: the local server of ``make neo4j-up``).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import typer

from synergy.commands.options import CONTEXT, TAXONOMY, print_table
from synergy.core.errors import SynergyError

__all__ = ["app", "push", "query", "export", "parse_params", "render_rows"]

app = typer.Typer(
    help="Push the graph to Neo4j and query it (connection from NEO4J_URI & co).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings=CONTEXT,
)


def _consoles():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True), Console(
        stderr=True, highlight=False, soft_wrap=True
    )


def _scan(dataset: Path, taxonomy: Path | None):
    from synergy.core.settings import ScanSettings
    from synergy.pipeline import scan

    return scan(Path(dataset), ScanSettings(taxonomy_path=taxonomy))


@app.command()
def push(
    dataset: Path = typer.Argument(..., help="The dataset folder."),
    replace: bool = typer.Option(False, "--replace", help="Delete the engine's graph first."),
    batch_size: int = typer.Option(5000, "--batch-size", min=1, help="Rows per transaction."),
    taxonomy: Path | None = TAXONOMY,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Scan DATASET and write its graph and candidates to Neo4j (idempotent MERGE).

    Example: synergy neo4j push examples/alpine-space --replace
    """
    from synergy.neo4j import connection as neo4j_connection
    from synergy.neo4j import store as neo4j_store

    _, err = _consoles()
    driver = neo4j_connection.connect()  # fail fast, before the scan
    try:
        result = _scan(dataset, taxonomy)
        stats = neo4j_store.push_graph(
            driver,
            result.graph,
            result.pairings,
            database=neo4j_connection.database_from_env(),
            batch_size=batch_size,
            replace=replace,
        )
    finally:
        driver.close()
    if not quiet:
        counts = ", ".join(f"{n} {k}" for k, n in {**stats.nodes, **stats.relationships}.items())
        err.print(
            f"Pushed {sum(stats.nodes.values())} nodes and {sum(stats.relationships.values())} "
            f"relationships in {stats.seconds:.1f} s ({stats.rate:,.0f}/s; created "
            f"{stats.created['nodes']} nodes, {stats.created['relationships']} relationships): "
            f"{counts}",
            markup=False,
        )
        for line in stats.skipped:
            err.print(f"Skipped: {line}", markup=False)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """Return ``{"key": "value"}`` from ``["key=value", ...]``.

    >>> parse_params(["region=ITC4", "limit=5"])
    {'region': 'ITC4', 'limit': '5'}
    """
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise SynergyError(
                f"--param expects key=value, got {pair!r} (e.g. --param region=ITC4)."
            )
        params[key.strip()] = value
    return params


def _cell(value) -> str:
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def render_rows(rows: list[dict], fmt: str, title: str = "") -> str | None:
    """Return ``rows`` as CSV or JSON text; for ``table`` print with rich and return None."""
    columns = list(rows[0]) if rows else []
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            # a leading = + - @ would turn into a formula in a spreadsheet
            cells = [_cell(row[c]) for c in columns]
            writer.writerow(["'" + c if c[:1] in "=+-@" else c for c in cells])
        return buf.getvalue()
    out, _ = _consoles()
    print_table(out, columns, [[_cell(row[c]) for c in columns] for row in rows], title=title)
    return None


@app.command()
def query(
    name: str | None = typer.Argument(None, help="Query name (see --list)."),
    param: list[str] = typer.Option([], "--param", "-p", help="key=value, repeatable."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    list_: bool = typer.Option(False, "--list", help="List the named queries."),
) -> None:
    """Run a named Cypher query from queries/ and print its rows.

    Example: synergy neo4j query shared-priorities --param region_a=ITC4 --param region_b=DE2
    """
    from queries import get_query, load_queries

    out, err = _consoles()
    if list_:
        print_table(
            out,
            ["name", "parameters", "question answered"],
            [
                [q.name, " ".join(p.usage() for p in q.params), q.description]
                for q in load_queries().values()
            ],  # fmt: skip
            no_wrap=("name",),
        )
        return
    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter("use table, csv or json", param_hint="--format")
    if not name:
        raise typer.BadParameter("give a query name, or --list to see them", param_hint="NAME")
    from synergy.neo4j import connection as neo4j_connection
    from synergy.neo4j import store as neo4j_store

    get_query(name).bind(parse_params(param))  # report usage errors before connecting
    driver = neo4j_connection.connect()
    try:
        rows = neo4j_store.run_query(
            driver, name, parse_params(param), neo4j_connection.database_from_env()
        )
    finally:
        driver.close()
    text = render_rows(rows, fmt, title=name)
    if text is not None:
        sys.stdout.write(text)
    err.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", markup=False)


@app.command()
def export(
    bulk: Path = typer.Option(..., "--bulk", help="Folder for neo4j-admin import CSVs."),
    dataset: Path = typer.Argument(..., help="The dataset folder."),
    taxonomy: Path | None = TAXONOMY,
) -> None:
    """Write CSVs for `neo4j-admin database import full` (fastest load of a new database).

    Example: synergy neo4j export --bulk out/neo4j-import examples/alpine-space
    """
    from synergy.neo4j.bulk import export_bulk

    _, err = _consoles()
    result = _scan(dataset, taxonomy)
    written = export_bulk(result.graph, result.pairings, bulk)
    err.print(
        f"Wrote {len(written)} files to {bulk}/; load them with the command in "
        f"{bulk}/import-command.txt",
        markup=False,
    )
