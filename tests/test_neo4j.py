"""Neo4j push against the real server of `make neo4j-up` (marker ``neo4j``).

Unreachable server: skipped with the reason, except under CI (``CI=true``) where it fails.
The tests wipe the engine's labels in the configured database (``NEO4J_DATABASE``).
"""

from __future__ import annotations

import os
import socket
from collections import Counter

import networkx as nx
import pandas as pd
import pytest
from helpers.neo4j import DB, INJECTION, snapshot, tiny_graph, tiny_pairings

from synergy.core.errors import Neo4jError
from synergy.core.model import (
    ACTOR,
    DOMAIN,
    REGION,
)
from synergy.neo4j import bulk as neo4j_bulk
from synergy.neo4j import connection as neo4j_connection
from synergy.neo4j import rows as neo4j_rows
from synergy.neo4j import store as neo4j_store

pytestmark = pytest.mark.neo4j


def _expected_counts(g: nx.MultiDiGraph) -> dict:
    nodes = Counter(kind for _, kind in g.nodes(data="kind"))
    rels = Counter(key for _, _, key in g.edges(keys=True))
    return {"nodes": dict(nodes), "relationships": dict(rels)}


def test_push_counts_equal_graph(driver):
    g = tiny_graph()
    stats = neo4j_store.push_graph(driver, g, database=DB, replace=True)
    expected = _expected_counts(g)
    assert neo4j_store.graph_counts(driver, DB) == expected
    assert stats.nodes == expected["nodes"]
    assert stats.relationships == dict(sorted(expected["relationships"].items()))
    assert stats.created == {"nodes": 25, "relationships": g.number_of_edges()}
    assert stats.rate > 0


def test_push_properties_kept(driver):
    neo4j_store.push_graph(driver, tiny_graph(), database=DB, replace=True)
    records, _, _ = driver.execute_query(
        "MATCH (r:Region {id: 'region:R1'}) RETURN properties(r) AS p", database_=DB
    )
    assert records[0]["p"] == {"id": "region:R1", "kind": "Region", "name": "Alpha", "key": "R1",
                               "country": "AT", "aliases": ["Alfa", "Alpha land"]}  # fmt: skip
    records, _, _ = driver.execute_query(
        "MATCH (c:Cluster {id: 'cluster:c2'})-[r:IN_DOMAIN]->(d) RETURN properties(r) AS p, "
        "keys(c) AS keys",
        database_=DB,
    )
    assert records[0]["p"] == {"term": "energy", "score": 1.0}  # type = the rel type
    assert "members" not in records[0]["keys"]  # None attributes are left out


def test_push_second_time_changes_nothing(driver):
    g = tiny_graph()
    neo4j_store.push_graph(driver, g, tiny_pairings(), database=DB, replace=True)
    before = snapshot(driver)
    stats = neo4j_store.push_graph(driver, g, tiny_pairings(), database=DB, batch_size=3)
    assert stats.created == {"nodes": 0, "relationships": 0}
    assert stats.deleted == {"nodes": 0, "relationships": 0}
    assert stats.batches > 10  # batch_size=3 really splits the rows
    assert snapshot(driver) == before


def test_push_constraints_exist(driver):
    neo4j_store.push_graph(driver, tiny_graph(), database=DB, replace=True)
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties RETURN *", database_=DB
    )
    unique = {r["labelsOrTypes"][0] for r in records
              if r["type"] == "UNIQUENESS" and r["properties"] == ["id"]}  # fmt: skip
    assert unique >= set(neo4j_rows.LABELS)


def test_push_replace_removes_old_nodes(driver):
    g = tiny_graph()
    neo4j_store.push_graph(driver, g, tiny_pairings(), database=DB, replace=True)
    smaller = g.copy()
    smaller.remove_nodes_from(["actor:a4", "region:R3", "priority:R3:P1", "cluster:c3",
                               "programme:f3"])  # fmt: skip
    stats = neo4j_store.push_graph(driver, smaller, database=DB, replace=True)
    assert stats.deleted["nodes"] == 25 + 2
    assert neo4j_store.graph_counts(driver, DB) == _expected_counts(smaller)


def test_push_without_replace_keeps_other_nodes(driver):
    g = tiny_graph()
    neo4j_store.push_graph(driver, g, database=DB, replace=True)
    extra = nx.MultiDiGraph()
    extra.add_node("region:R9", kind=REGION, name="Nine", key="R9")
    neo4j_store.push_graph(driver, extra, database=DB)
    assert neo4j_store.graph_counts(driver, DB)["nodes"][REGION] == 4


def test_push_candidates_and_involves(driver):
    g = tiny_graph()
    stats = neo4j_store.push_graph(driver, g, tiny_pairings(), database=DB, replace=True)
    assert stats.nodes["Candidate"] == 2
    assert stats.relationships["INVOLVES"] == 7
    records, _, _ = driver.execute_query(
        "MATCH (c:Candidate)-[:INVOLVES]->(x) WITH c, x ORDER BY x.id "
        "RETURN c.id AS id, c.rank AS rank, c.score AS score, c.evidence AS evidence, "
        "collect(x.id) AS targets ORDER BY rank",
        database_=DB,
    )
    assert [(r["id"], r["rank"], r["score"]) for r in records] == [
        ("candidate:abc", 1, 0.9),
        ("candidate:def", 2, 0.5),
    ]
    assert records[0]["targets"] == ["actor:a1", "cluster:c1", "cluster:c2", "region:R1",
                                     "region:R2"]  # fmt: skip
    assert records[1]["evidence"] == "Both prioritise food."


def test_push_candidates_rank_ids_and_stale_links(driver):
    g = tiny_graph()
    neo4j_store.push_graph(driver, g, tiny_pairings(with_ids=False), database=DB, replace=True)
    changed = tiny_pairings(with_ids=False)
    changed.loc[0, "involves"] = "region:R1;region:R3;region:R404"
    stats = neo4j_store.push_graph(driver, g, changed, database=DB)
    assert stats.skipped == ("candidate:1 INVOLVES region:R404 (no such node in the graph)",)
    records, _, _ = driver.execute_query(
        "MATCH (c:Candidate {id: 'candidate:1'})-[:INVOLVES]->(x) WITH x ORDER BY x.id "
        "RETURN collect(x.id) AS t",
        database_=DB,
    )
    assert records[0]["t"] == ["region:R1", "region:R3"]


def test_push_injection_stored_verbatim(driver):
    neo4j_store.push_graph(driver, tiny_graph(), database=DB, replace=True)
    records, _, _ = driver.execute_query(
        "MATCH (a:Actor {id: 'actor:a1'}) RETURN a.name AS name", database_=DB
    )
    assert records[0]["name"] == INJECTION
    assert neo4j_store.graph_counts(driver, DB)["nodes"][ACTOR] == 4


def test_push_unknown_kind_rejected(driver):
    g = nx.MultiDiGraph()
    g.add_node("x", kind="Region`) DETACH DELETE n //", name="x")
    with pytest.raises(Neo4jError, match="not a node kind"):
        neo4j_store.push_graph(driver, g, database=DB)
    g = tiny_graph()
    g.add_edge("region:R1", "region:R2", key="LIKES", type="LIKES")
    with pytest.raises(Neo4jError, match="not an edge type"):
        neo4j_store.push_graph(driver, g, database=DB)


def test_connect_unreachable_port_helpful():
    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(Neo4jError, match="make neo4j-up"):
        neo4j_connection.connect(uri=f"bolt://127.0.0.1:{port}")


def test_connect_wrong_password_helpful(driver):
    with pytest.raises(Neo4jError, match="NEO4J_PASSWORD"):
        neo4j_connection.connect(password="not-the-password")


def test_connect_missing_database_helpful(driver):
    with pytest.raises(Neo4jError, match="no database 'nosuchdb'"):
        neo4j_connection.connect(database="nosuchdb")


def test_connect_bad_uri_helpful():
    for uri in ("http://127.0.0.1:7474", "127.0.0.1:7687", "bolt://[bad"):
        with pytest.raises(Neo4jError, match="not a Neo4j URI"):
            neo4j_connection.connect(uri=uri)


def test_to_property_conversions():
    import numpy as np

    assert neo4j_rows.to_property(np.int64(3)) == 3
    assert neo4j_rows.to_property(("a", None, "b")) == ["a", "b"]
    assert neo4j_rows.to_property([1, "a"]) == ["1", "a"]
    assert neo4j_rows.to_property([{"t": 1}]) == ['{"t": 1}']
    assert neo4j_rows.to_property({"b", "a"}) == ["a", "b"]


def test_export_bulk_files(tmp_path):
    g = tiny_graph()
    written = neo4j_bulk.export_bulk(g, tiny_pairings(), tmp_path)
    names = sorted(p.name for p in written)
    assert "nodes_Region.csv" in names and "rels_INVOLVES.csv" in names
    lines = (tmp_path / "nodes_Region.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        "id:ID,:LABEL,aliases:string[],country:string,development:string,key:string,"
        "kind:string,name:string"
    )
    assert lines[1] == "region:R1,Region,Alfa;Alpha land,AT,,R1,Region,Alpha"
    cluster = (tmp_path / "nodes_Cluster.csv").read_text(encoding="utf-8").splitlines()
    assert "members:long" in cluster[0]
    rels = (tmp_path / "rels_IN_DOMAIN.csv").read_text(encoding="utf-8").splitlines()
    assert rels[0] == ":START_ID,:END_ID,:TYPE,score:double,term:string"
    assert len(rels) - 1 == sum(1 for *_, k in g.edges(keys=True) if k == "IN_DOMAIN")
    again = tmp_path / "again"
    neo4j_bulk.export_bulk(g, tiny_pairings(), again)
    for p in written:
        assert (again / p.name).read_bytes() == p.read_bytes()


def _with_candidates(g: nx.MultiDiGraph, pairings: pd.DataFrame) -> dict:
    expected = _expected_counts(g)
    if len(pairings):
        expected["nodes"]["Candidate"] = len(pairings)
        expected["relationships"]["INVOLVES"] = sum(
            len({t for t in str(s).split(";") if t in g}) for s in pairings["involves"]
        )
    return expected


@pytest.mark.slow
def test_push_alpine_counts_and_shared_domains(driver):
    from conftest import ALPINE

    from synergy.core.settings import ScanSettings
    from synergy.pipeline import scan

    result = scan(ALPINE, ScanSettings())
    g = result.graph
    stats = neo4j_store.push_graph(driver, g, result.pairings, database=DB, replace=True)
    assert stats.skipped == ()
    assert neo4j_store.graph_counts(driver, DB) == _with_candidates(g, result.pairings)

    def domains(rid):
        return {d for p in g.successors(f"region:{rid}") for d in g.successors(p)
                if g.nodes[d]["kind"] == DOMAIN}  # fmt: skip

    rows = neo4j_store.run_query(
        driver, "shared-priorities", {"region_a": "ITC4", "region_b": "DE2"}, DB
    )
    assert {r["domain"] for r in rows} == {
        g.nodes[d]["key"] for d in domains("ITC4") & domains("DE2")
    }
    assert rows


def test_cli_push_mini_counts(driver, mini):
    import typer
    from typer.testing import CliRunner

    from synergy.commands.neo4j import app
    from synergy.core.settings import ScanSettings
    from synergy.pipeline import scan

    root = typer.Typer()
    root.add_typer(app, name="neo4j")
    res = CliRunner().invoke(root, ["neo4j", "push", str(mini), "--replace", "--batch-size", "7"])
    assert res.exit_code == 0, res.output
    assert "Pushed" in res.stderr
    result = scan(mini, ScanSettings())
    assert neo4j_store.graph_counts(driver, DB) == _with_candidates(result.graph, result.pairings)


def test_cli_export_bulk_mini(tmp_path, mini):
    import typer
    from typer.testing import CliRunner

    from synergy.commands.neo4j import app

    root = typer.Typer()
    root.add_typer(app, name="neo4j")
    res = CliRunner().invoke(root, ["neo4j", "export", "--bulk", str(tmp_path / "b"), str(mini)])
    assert res.exit_code == 0, res.output
    command = (tmp_path / "b" / "import-command.txt").read_text(encoding="utf-8")
    assert (
        "--nodes=nodes_Region.csv" in command and "--relationships=rels_LOCATED_IN.csv" in command
    )


@pytest.mark.slow
def test_export_bulk_imports_with_neo4j_admin(tmp_path):
    """The exported CSVs load with the real `neo4j-admin database import full`."""
    import re
    import shlex
    import subprocess
    from pathlib import Path

    lib = Path(__file__).parent.parent / "tools" / "neo4j" / "lib"
    if not (lib / ".complete").exists():
        message = "needs the Neo4j jars of `make neo4j-up` in tools/neo4j/lib"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    g = tiny_graph()
    bulk = tmp_path / "bulk"
    neo4j_bulk.export_bulk(g, tiny_pairings(), bulk)
    command = (bulk / "import-command.txt").read_text(encoding="utf-8").splitlines()[-1]
    args = shlex.split(command)
    assert args[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    done = subprocess.run(
        ["java", "-Xmx512m", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool", *args[1:]],
        cwd=bulk, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    found = re.search(r"Imported:\s+(\d+) nodes\s+(\d+) relationships", done.stdout)
    assert found, done.stdout[-2000:]
    assert int(found.group(1)) == g.number_of_nodes() + 2
    assert int(found.group(2)) == g.number_of_edges() + 7


def test_scan_with_neo4j_flag_pushes_the_graph(driver, mini, tmp_path):
    """`synergy scan ... --neo4j` pushes the same graph the scan wrote to graph.graphml."""
    from typer.testing import CliRunner

    from cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["scan", str(mini), "--out", str(out), "-q", "--neo4j"])
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(out / "graph.graphml")
    counts = neo4j_store.graph_counts(driver, neo4j_connection.database_from_env())
    for kind in ("Region", "Cluster", "Actor", "Stage"):
        assert counts["nodes"][kind] == sum(1 for _, k in g.nodes(data="kind") if k == kind)
