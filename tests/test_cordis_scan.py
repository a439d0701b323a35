"""CORDIS through the whole engine: ``synergy import cordis`` into a region dataset, then
``synergy scan``, the Neo4j push, the named queries, the bulk export and the explorer.

The dataset is ``tests/data/cordis-regions`` (six regions, eleven actors in the regions' own
spelling, one value chain ``lightweight-parts`` whose stages seven of them hold) with the
fixture extract of ``tests/data/cordis`` imported into it (SOURCES.md lists every row).
Expected values are worked out by hand from those files:

* ten CORDIS organisations are the regions' own actors spelled the CORDIS way (upper case,
  ``AE``/``UE`` for umlauts, legal forms written out) and merge into them;
* of the 35 participations, 8 are partners outside the six regions (UKC2, EL30, ES21, CH02,
  two without a region): 27 PARTICIPATES_IN edges remain;
* the newest project start is MICROSENS, 2024-03-01, so a project's recency is
  ``0.5 ** (days since its start / 365.25 / 5)``.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from cli import app

DATA = Path(__file__).parent / "data"
SOURCES = [DATA / "cordis" / "h2020", DATA / "cordis" / "cordis-HORIZONprojects-csv.zip"]
NEWEST = "2024-03-01"

runner = CliRunner()

# region actor id -> the CORDIS organisation merged into it
MERGED = {
    "at31-jku": "cordis-999000033",
    "at31-lkt": "cordis-999000077",
    "de21-mueller": "cordis-999000011",
    "de21-tum": "cordis-999000055",
    "frc2-bmt": "cordis-999000088",
    "frk2-lhs": "cordis-999000099",
    "itc4-polimi": "cordis-999000044",
    "itc4-rossi": "cordis-999000022",
    "si04-ljr": "cordis-999000101",
    "si04-ul": "cordis-999000066",
}


def recency(start: str) -> float:
    from datetime import date

    days = (date.fromisoformat(NEWEST) - date.fromisoformat(start)).days
    return 0.5 ** (days / 365.25 / 5)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """Return (dataset folder, scan output folder) after import and scan through the CLI."""
    root = tmp_path_factory.mktemp("cordis-scan")
    dataset = root / "dataset"
    shutil.copytree(DATA / "cordis-regions", dataset)
    args = ["import", "cordis", *map(str, SOURCES), "--regions", str(dataset)]
    result = runner.invoke(app, [*args, "--out", str(dataset), "-q"])
    assert result.exit_code == 0, result.output
    out = root / "out"
    result = runner.invoke(app, ["scan", str(dataset), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return dataset, out


@pytest.fixture(scope="module")
def pairings(scanned):
    with (scanned[1] / "pairings.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def row(pairings, kind, regions, clusters=None):
    found = [
        r
        for r in pairings
        if r["kind"] == kind
        and r["regions"] == regions
        and (clusters is None or r["clusters"] == clusters)
    ]
    assert len(found) == 1, (kind, regions, clusters, len(found))
    return found[0]


def components(r) -> dict[str, float]:
    return {k: float(v) for k, v in (p.split("=") for p in r["components"].split(";"))}


def test_projects_are_nodes_with_domains_and_participants(scanned):
    g = nx.read_graphml(scanned[1] / "graph.graphml")
    projects = {d["acronym"]: n for n, d in g.nodes(data=True) if d["kind"] == "Project"}
    assert sorted(projects) == [
        "ADDIMILL",
        "AGRISENSE",
        "CIRCPLAST",
        "EARLYMAT",
        "H2VALLEY",
        "HYDROALP",
        "LIGHTPLAST",
        "MICROSENS",
        "ROBOFAB",
    ]  # fmt: skip  (HORIZON's fifth project has no participant in the regions)
    addimill = g.nodes[projects["ADDIMILL"]]
    assert projects["ADDIMILL"] == "project:768002"
    assert (addimill["start"], addimill["programme"], addimill["regions"]) == (
        "2017-01-01",
        "H2020",
        "AT31;DE21;ITC4;SI04",
    )
    edges = [(u, v, d) for u, v, d in g.edges(data=True) if d["type"] == "PARTICIPATES_IN"]
    assert len(edges) == 27
    into = {(u, d["role"]) for u, v, d in edges if v == "project:768002"}
    assert into == {
        ("actor:de21-mueller", "coordinator"),
        ("actor:itc4-rossi", "participant"),
        ("actor:at31-jku", "participant"),
        ("actor:si04-ljr", "participant"),
        ("actor:cordis-999000123", "thirdParty"),
    }
    domains = sorted(v for u, v, d in g.edges(data=True) if u == "project:768002")
    assert domains == ["domain:advanced-manufacturing", "domain:mechatronics"]
    # partners outside the dataset stay on the project, by name and region
    lightplast = g.nodes["project:723001"]
    assert lightplast["partners_outside"] == "NORTHERN COMPOSITES LIMITED (UKC2)"
    assert lightplast["participants"] == 4


def test_cordis_names_merge_into_the_regions_actors_keeping_both_ids(scanned):
    g = nx.read_graphml(scanned[1] / "graph.graphml")
    for actor, cordis_id in MERGED.items():
        node = g.nodes[f"actor:{actor}"]
        assert node["source_ids"] == cordis_id, actor
        assert f"actor:{cordis_id}" not in g
    assert g.nodes["actor:de21-mueller"]["name"] == "Müller Präzisionsteile GmbH"
    # three CORDIS organisations have no row of their own in the regions: they stay
    assert g.nodes["actor:cordis-999000112"]["source"] == "cordis"
    actors = [n for n, d in g.nodes(data=True) if d["kind"] == "Actor"]
    assert len(actors) == 11 + 13 - 10


def test_shared_priority_evidence_names_joint_projects_with_years(pairings):
    r = row(pairings, "shared-priority", "DE21;SI04")
    assert r["evidence"].endswith(
        "Already worked together in 2 projects: ROBOFAB (2022) and ADDIMILL (2017)."
    )
    assert r["new_partnership"] == "false"
    assert r["shared_projects"] == "101070002;768002"
    expected = (recency("2022-06-01") + recency("2017-01-01")) / 2
    assert components(r)["track_record"] == pytest.approx(expected, abs=5e-4)


def test_three_joint_projects_of_two_regions_are_named_newest_first(pairings):
    # all actors of each region count for a shared priority: ITC4's rossi with SI04's
    # CORDIS-only organisation in CIRCPLAST, polimi with ul in AGRISENSE, rossi with ljr in
    # ADDIMILL. (No candidate of this fixture has more than three joint projects since pilots
    # count only stages in a cluster's business: the "(and N more)" case is unit-tested in
    # test_track_record.)
    r = row(pairings, "shared-priority", "ITC4;SI04")
    assert r["evidence"].endswith(
        "Already worked together in 3 projects: CIRCPLAST (2021), AGRISENSE (2020) and "
        "ADDIMILL (2017)."
    )
    assert r["shared_projects"] == "101050001;870004;768002"


def test_value_chain_track_record_counts_the_chains_actors_only(pairings):
    # AT31's actors on the chain: lkt, jku; ITC4's: rossi (machining), alpi (logistics).
    # Joint: CIRCPLAST (jku, lkt, rossi; 2021) and ADDIMILL (jku, rossi; 2017); AGRISENSE
    # joins ITC4's polimi, who holds no stage, so it does not count.
    r = row(pairings, "value-chain", "AT31;ITC4")
    assert r["shared_projects"] == "101050001;768002"
    expected = min(1.0, (recency("2021-09-01") + recency("2017-01-01")) / 2)
    assert components(r)["track_record"] == pytest.approx(expected, abs=5e-4)


def test_pilot_track_record_through_cluster_members(pairings):
    # at31-plastics (lkt, jku) and itc4-manufacturing (rossi, polimi, alpi): LIGHTPLAST (lkt,
    # polimi), ADDIMILL (jku, rossi), CIRCPLAST (jku, lkt, rossi); AGRISENSE has no AT31 member
    r = row(pairings, "pilot", "AT31;ITC4", "at31-plastics;itc4-manufacturing")
    assert r["evidence"].endswith(
        "Already worked together in 3 projects: CIRCPLAST (2021), ADDIMILL (2017) and "
        "LIGHTPLAST (2015)."
    )
    spent = recency("2021-09-01") + recency("2017-01-01") + recency("2015-10-01")
    assert components(r)["track_record"] == pytest.approx(min(1.0, spent / 2), abs=5e-4)


def test_new_partnership_is_flagged_not_zeroed(pairings):
    r = row(pairings, "shared-priority", "FRC2;ITC4")
    assert r["new_partnership"] == "true"
    assert r["evidence"].endswith(
        "New partnership: no joint project of theirs in the projects data."
    )
    comps = components(r)
    assert comps["track_record"] == 0.0
    assert float(r["score"]) > 0
    # the score is the weighted mean with the track record at its default weight 0.10
    base = 0.50 * comps["domain_overlap"] + 0.30 * comps["cluster_backing"]
    base += 0.20 * comps["specificity"]
    # components are printed to 3 decimals: their weighted mean is known to +-5e-4
    assert float(r["score"]) == pytest.approx(base / 1.10, abs=5e-4)


def test_rescan_is_byte_identical(scanned, tmp_path):
    out = tmp_path / "again"
    result = runner.invoke(app, ["scan", str(scanned[0]), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    for name in ("pairings.csv", "graph.graphml", "unresolved.csv"):
        assert (out / name).read_bytes() == (scanned[1] / name).read_bytes(), name


def test_import_then_validate_reports_no_unknown_actor(scanned):
    result = runner.invoke(app, ["validate", str(scanned[0])])
    assert result.exit_code == 0, result.output
    assert "participations" in result.output and "unknown actor" not in result.output


def test_explorer_starts_with_projects_folded_and_names_them_on_actors(scanned):
    from ingest import load_dataset
    from synergy.core.taxonomy import Taxonomy
    from synergy.explorer.payload import explorer_payload
    from synergy.graph.build import build_graph

    taxonomy = Taxonomy.load()
    graph = build_graph(load_dataset(scanned[0], taxonomy=taxonomy).tables, taxonomy)
    data = explorer_payload(graph)
    # a small graph: the projects are on the page, folded at the start (a click shows them)
    assert len([n for n in data["nodes"] if n["kind"] == "Project"]) == 9
    assert "Project" in data["fold"]["start"] and data["fold"]["counts"]["Project"] == 9
    assert data["fold"]["start"] == ["Project"]  # the rest of this small graph is drawn
    mueller = next(n for n in data["nodes"] if n["id"] == "actor:de21-mueller")
    assert "projects (3): ROBOFAB (2022), ADDIMILL (2017), LIGHTPLAST (2015)" in mueller["title"]
    # a graph over the page's limit leaves them out, and still names them on the actors
    small = explorer_payload(graph, max_nodes=40)
    assert not [n for n in small["nodes"] if n["kind"] == "Project"]
    assert any("9 projects are folded" in note for note in small["notes"])
    shown = {n["id"]: n["title"] for n in small["nodes"]}
    holder = next(t for t in shown.values() if "ROBOFAB (2022)" in t)
    assert "projects (" in holder


def test_bulk_export_has_projects_and_participations(scanned, tmp_path):
    result = runner.invoke(
        app, ["neo4j", "export", "--bulk", str(tmp_path / "bulk"), str(scanned[0])]
    )
    assert result.exit_code == 0, result.output
    with (tmp_path / "bulk" / "nodes_Project.csv").open(encoding="utf-8") as fh:
        projects = list(csv.DictReader(fh))
    assert len(projects) == 9
    assert {p["id:ID"] for p in projects} >= {"project:768002", "project:101070002"}
    with (tmp_path / "bulk" / "rels_PARTICIPATES_IN.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 27
    constraints = (tmp_path / "bulk" / "constraints.cypher").read_text(encoding="utf-8")
    assert "FOR (n:`Project`) REQUIRE n.id IS UNIQUE" in constraints


@pytest.mark.neo4j
def test_pushed_graph_answers_shared_projects_and_track_record(scanned):
    from helpers.neo4j import DB, connect_or_skip

    from ingest import load_dataset
    from synergy.core.taxonomy import Taxonomy
    from synergy.graph.build import build_graph
    from synergy.neo4j import store

    taxonomy = Taxonomy.load()
    graph = build_graph(load_dataset(scanned[0], taxonomy=taxonomy).tables, taxonomy)
    driver = connect_or_skip()
    try:
        store.push_graph(driver, graph, database=DB, replace=True)
        counts = store.graph_counts(driver, DB)
        assert counts["nodes"]["Project"] == 9
        assert counts["relationships"]["PARTICIPATES_IN"] == 27
        rows = store.run_query(
            driver, "shared-projects", {"region_a": "Upper Austria", "region_b": "ITC4"}, DB
        )
        assert [(r["acronym"], r["year"]) for r in rows] == [
            ("CIRCPLAST", 2021),
            ("ADDIMILL", 2017),
            ("LIGHTPLAST", 2015),
        ]
        assert rows[0]["side_a"] == [
            "Johannes Kepler Universität Linz (coordinator)",
            "Linzer Kunststofftechnik GmbH (participant)",
        ]
        assert rows[0]["side_b"] == ["Rossi Impianti S.p.A. (participant)"]
        # with a partner region outside the dataset
        uk = store.run_query(
            driver, "shared-projects", {"region_a": "AT31", "region_b": "UKC2"}, DB
        )
        assert [(r["acronym"], r["side_b"]) for r in uk] == [
            ("HYDROALP", ["NORTHERN COMPOSITES LIMITED (UKC2)"]),
            ("LIGHTPLAST", ["NORTHERN COMPOSITES LIMITED (UKC2)"]),
        ]
        # an actor by the CORDIS id merged into it
        track = store.run_query(driver, "track-record", {"party": "cordis-999000011"}, DB)
        assert [(r["party"], r["acronym"], r["year"], r["taking_part"]) for r in track] == [
            ("de21-mueller", "ROBOFAB", 2022, ["Müller Präzisionsteile GmbH (participant)"]),
            ("de21-mueller", "ADDIMILL", 2017, ["Müller Präzisionsteile GmbH (coordinator)"]),
            ("de21-mueller", "LIGHTPLAST", 2015, ["Müller Präzisionsteile GmbH (participant)"]),
        ]
        assert track[1]["ec_contribution_eur"] == 1500000.0
    finally:
        driver.close()


def test_profile_chooses_whether_participations_shape_relatedness(scanned, tmp_path):
    import json

    out = tmp_path / "no-projects"
    args = ["scan", str(scanned[0]), "--out", str(out), "-q"]
    result = runner.invoke(app, [*args, "--profile", "priorities,clusters,actors"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["relatedness"]["profile"] == ["priorities", "clusters", "actors"]

    def related(folder):
        with (folder / "pairings.csv").open(encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if r["kind"] == "relatedness"]
        return [(r["regions"], r["domains"], r["score"]) for r in rows]

    assert related(out) != related(scanned[1])
    result = runner.invoke(app, [*args, "--profile", "priorities,patents"])
    assert result.exit_code == 2 and "patents" in result.output


@pytest.mark.browser
def test_graph_html_draws_projects_on_demand(scanned, browser):
    from helpers.browser import open_page

    ready = "() => window.synergyExplorer && window.synergyExplorer.ready === true"
    drawn = (
        "() => window.synergyExplorer.nodes.get().filter(n => n.id.startsWith('project:')).length"
    )
    with open_page(browser, scanned[1] / "graph.html") as s:
        s.page.wait_for_function(ready, timeout=60000)
        assert s.page.evaluate(drawn) == 0
        assert "Opened with the projects folded" in s.page.inner_text("#notes")
        box = s.page.locator("input.show-kind[value='Project']")
        assert "projects (9)" in s.page.locator("#show-kinds").inner_text()
        box.check()
        s.page.wait_for_function(f"() => ({drawn})() === 9", timeout=20000)
        assert s.blocked == [] and s.page_errors == []
