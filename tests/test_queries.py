"""Named queries: the loader, parameter handling, and every query's rows on a tiny graph.

The graph is ``tiny_graph()`` of tests/helpers/neo4j.py (its docstring says what is where), so each
expected answer can be checked by hand.
"""

from __future__ import annotations

import json

import pytest
from helpers.neo4j import DB, INJECTION, connect_or_skip, tiny_graph, tiny_pairings
from typer.testing import CliRunner

from queries import get_query, load_queries, parse_query
from synergy.core.errors import SchemaError, SynergyError
from synergy.neo4j import store as neo4j_store


@pytest.fixture(scope="module")
def pushed():
    drv = connect_or_skip()
    neo4j_store.push_graph(
        drv, tiny_graph(projects=True), tiny_pairings(), database=DB, replace=True
    )
    yield drv
    drv.close()


def run(driver, name, **params):
    return neo4j_store.run_query(driver, name, params, DB)


def test_load_queries_headers_complete():
    queries = load_queries()
    assert len(queries) >= 8
    for name, q in queries.items():
        assert q.name == name and q.description and q.text
        assert "$" not in q.description
        for p in q.params:
            assert f"${p.name}" in q.text, (name, p.name)


def test_parse_query_header_errors():
    with pytest.raises(SchemaError, match="lacks description"):
        parse_query("// name: x\n// params: none\nRETURN 1")
    with pytest.raises(SchemaError, match="cannot read"):
        parse_query("// name: x\n// description: d\n// params: region\nRETURN 1")


def test_get_query_unknown_names_closest():
    with pytest.raises(SynergyError, match="Did you mean 'shared-priorities'"):
        get_query("shared-priority")


def test_bind_missing_and_unknown_params_listed():
    q = get_query("shared-priorities")
    with pytest.raises(SynergyError, match="missing region_b.*region_a \\(string\\)"):
        q.bind({"region_a": "R1"})
    with pytest.raises(SynergyError, match="unknown regio"):
        q.bind({"region_a": "R1", "region_b": "R2", "regio": "x"})


def test_bind_converts_declared_types():
    q = get_query("synchronized-call")
    assert q.bind({"domain": "energy", "trl": "5"}) == {"domain": "energy", "trl": 5}
    with pytest.raises(SynergyError, match="must be int"):
        q.bind({"domain": "energy", "trl": "five"})


@pytest.mark.neo4j
def test_every_query_runs_on_examples(pushed):
    examples = {"region_a": "R1", "region_b": "R2", "region": "R1", "chain": "ch",
                "domain": "energy", "trl": "5", "limit": "10", "candidate": "1",
                "party": "a2"}  # fmt: skip
    for name, q in load_queries().items():
        rows = run(pushed, name, **{p.name: examples[p.name] for p in q.params})
        assert rows, name


@pytest.mark.neo4j
def test_shared_priorities_two_regions(pushed):
    expected = [{"domain": "energy", "domain_name": "Energy", "priorities_a": ["Clean energy"],
                 "priorities_b": ["Energy transition"]}]  # fmt: skip
    assert run(pushed, "shared-priorities", region_a="R1", region_b="R2") == expected
    # by alias and by name
    assert run(pushed, "shared-priorities", region_a="alfa", region_b="Beta") == expected
    assert run(pushed, "shared-priorities", region_a="R2", region_b="R3") == []


@pytest.mark.neo4j
def test_chain_coverage_stage_by_stage(pushed):
    rows = run(pushed, "chain-coverage", chain="ch")
    assert [(r["stage"], r["regions"], r["actors"], r["actor_names"]) for r in rows] == [
        ("s1", ["R1"], 1, ["Evil '}) DETACH DELETE n //"]),
        ("s2", ["R2"], 2, ["Alpha AG", "Bravo GmbH"]),
        ("s3", [], 0, []),
    ]


@pytest.mark.neo4j
def test_missing_stages_and_holders(pushed):
    rows = run(pushed, "missing-stages", region="R1")
    assert [(r["chain"], r["stage"], r["held_by_regions"], r["held_by_actors"]) for r in rows] == [
        ("ch", "s2", ["R2"], ["Alpha AG", "Bravo GmbH"]),
        ("ch", "s3", [], []),
    ]
    assert [r["stage"] for r in run(pushed, "missing-stages", region="R2")] == ["s1", "s3"]
    assert run(pushed, "missing-stages", region="R3") == []  # takes part in no chain


@pytest.mark.neo4j
def test_bridging_clusters_ranked(pushed):
    rows = run(pushed, "bridging-clusters", limit="10")
    assert [(r["cluster"], r["region"], r["bridged_regions"], r["regions"], r["via"])
            for r in rows] == [
        ("c1", "R1", 1, ["R2"], ["candidate", "chain", "domain"]),
        ("c2", "R2", 1, ["R1"], ["candidate", "chain", "domain"]),
    ]  # fmt: skip
    assert len(run(pushed, "bridging-clusters", limit="1")) == 1


@pytest.mark.neo4j
def test_programmes_for_domain_best_match_first(pushed):
    rows = run(pushed, "programmes-for-domain", domain="energy")
    assert [(r["programme"], r["region"], r["match_score"]) for r in rows] == [
        ("f1", "R1", 0.9),
        ("f2", "R2", 0.8),
    ]
    assert rows[0]["beneficiaries"] == ["firm"]


@pytest.mark.neo4j
def test_synchronized_call_trl_filter(pushed):
    rows = run(pushed, "synchronized-call", domain="energy", trl="5")
    assert [(r["region"], r["budget_eur"], r["programme_ids"]) for r in rows] == [
        ("R2", 2e6, ["f2"]),
        ("R1", 1e6, ["f1"]),
    ]
    assert [r["region"] for r in run(pushed, "synchronized-call", domain="energy", trl="8")] == [
        "R2"
    ]


@pytest.mark.neo4j
def test_top_candidates_for_region(pushed):
    rows = run(pushed, "top-candidates", region="R1", limit="10")
    assert [(r["rank"], r["candidate"], r["score"]) for r in rows] == [
        (1, "candidate:abc", 0.9),
        (2, "candidate:def", 0.5),
    ]
    assert [r["rank"] for r in run(pushed, "top-candidates", region="R3", limit="10")] == [2]


@pytest.mark.neo4j
def test_candidate_actors_named_and_members(pushed):
    rows = run(pushed, "candidate-actors", candidate="1")
    assert [(r["actor"], r["region"], r["via"], r["stages"]) for r in rows] == [
        ("a1", "R1", ["named", "cluster member"], ["s1"]),
        ("a3", "R2", ["cluster member"], ["s2"]),
        ("a2", "R2", ["cluster member"], ["s2"]),
    ]
    assert run(pushed, "candidate-actors", candidate="candidate:abc") == rows


@pytest.mark.neo4j
def test_region_profile_counts(pushed):
    rows = run(pushed, "region-profile", region="R1")
    assert rows == [
        {"domain": "energy", "domain_name": "Energy", "priorities": 1, "clusters": 1,
         "actors": 1, "programmes": 1},
        {"domain": "food", "domain_name": "Food", "priorities": 1, "clusters": 0,
         "actors": 0, "programmes": 0},
    ]  # fmt: skip


@pytest.mark.neo4j
def test_partner_regions_jaccard(pushed):
    rows = run(pushed, "partner-regions", region="R1", limit="10")
    assert [(r["region"], r["shared_domains"], r["jaccard"], r["shared"]) for r in rows] == [
        ("R3", 1, 0.5, ["food"]),
        ("R2", 1, 0.333, ["energy"]),
    ]


@pytest.mark.neo4j
def test_unsupported_priorities(pushed):
    rows = run(pushed, "unsupported-priorities", region="R1")
    assert rows == [{"priority": "P2", "title": "Food", "domains": ["food"]}]
    assert [r["priority"] for r in run(pushed, "unsupported-priorities", region="R2")] == ["P2"]


@pytest.mark.neo4j
def test_fragile_stages(pushed):
    rows = run(pushed, "fragile-stages")
    assert [(r["stage"], r["actors"], r["actor"], r["region"]) for r in rows] == [
        ("s1", 1, "Evil '}) DETACH DELETE n //", "R1"),
        ("s3", 0, None, None),
    ]


@pytest.mark.neo4j
def test_param_injection_is_data(pushed):
    assert run(pushed, "region-profile", region="R1' OR 1=1 //") == []
    assert neo4j_store.graph_counts(pushed, DB)["nodes"]["Actor"] == 4


def _cli():
    import typer

    from synergy.commands.neo4j import app

    root = typer.Typer()
    root.add_typer(app, name="neo4j")
    return root


def test_cli_query_list():
    result = CliRunner().invoke(_cli(), ["neo4j", "query", "--list"])
    assert result.exit_code == 0, result.output
    for name in load_queries():
        assert name in result.output


@pytest.mark.neo4j
def test_cli_query_json_and_csv(pushed):
    args = ["neo4j", "query", "partner-regions", "--param", "region=R1", "-p", "limit=1"]
    result = CliRunner().invoke(_cli(), [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["region"] == "R3"
    result = CliRunner().invoke(_cli(), [*args, "--format", "csv"])
    assert result.stdout.splitlines() == [
        "region,name,shared_domains,jaccard,shared",
        "R3,Gamma,1,0.5,food",
    ]


def test_cli_query_bad_param_raises_synergy_error():
    result = CliRunner().invoke(_cli(), ["neo4j", "query", "region-profile", "-p", "regio=R1"])
    assert isinstance(result.exception, SynergyError)
    assert "missing region" in str(result.exception)


@pytest.mark.neo4j
def test_shared_projects_two_regions_both_sides(pushed):
    rows = run(pushed, "shared-projects", region_a="R1", region_b="Beta")
    assert [(r["acronym"], r["year"], r["side_a"], r["side_b"]) for r in rows] == [
        ("JOINT", 2021, [f"{INJECTION} (coordinator)"], ["Bravo GmbH (participant)"]),
    ]
    # a region outside the dataset, by its NUTS code: its partners by name
    rows = run(pushed, "shared-projects", region_a="FR10", region_b="R1")
    assert [(r["project"], r["side_a"], r["side_b"]) for r in rows] == [
        ("pr1", ["Outside Lab (FR10)"], [f"{INJECTION} (coordinator)"]),
    ]
    older = run(pushed, "shared-projects", region_a="Alpha", region_b="R3")
    assert [(r["acronym"], r["year"], r["regions"]) for r in older] == [
        ("OLDER", 2016, ["R1", "R3"])
    ]
    assert run(pushed, "shared-projects", region_a="R2", region_b="R3") == []
    assert run(pushed, "shared-projects", region_a="R2", region_b="R2") == []


@pytest.mark.neo4j
def test_track_record_actor_newest_first_with_partners(pushed):
    rows = run(pushed, "track-record", party="a2")
    assert [
        (r["acronym"], r["year"], r["taking_part"], r["ec_contribution_eur"], r["partners"])
        for r in rows
    ] == [
        ("JOINT", 2021, ["Bravo GmbH (participant)"], 50000.0,
         [f"{INJECTION} (R1)", "Outside Lab (FR10)"]),
        ("SOLO2", 2019, ["Bravo GmbH (coordinator)"], 20000.0, ["Alpha AG (R2)"]),
    ]  # fmt: skip
    # by name, node id and a source id merged into the actor: the same rows
    for party in ("Bravo GmbH", "actor:a2", "cordis-42"):
        assert run(pushed, "track-record", party=party) == rows


@pytest.mark.neo4j
def test_track_record_cluster_members(pushed):
    rows = run(pushed, "track-record", party="c2")
    assert [(r["party"], r["acronym"], r["taking_part"], r["partners"]) for r in rows] == [
        ("c2", "JOINT", ["Bravo GmbH (participant)"], [f"{INJECTION} (R1)", "Outside Lab (FR10)"]),
        ("c2", "SOLO2", ["Alpha AG (thirdParty)", "Bravo GmbH (coordinator)"], []),
    ]
    assert run(pushed, "track-record", party="nobody") == []
