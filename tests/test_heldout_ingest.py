"""The held-out delivery (tests/data/heldout/) read with no columns.toml: every decision that
expected.toml records (written before these readers existed) is the one the loader makes.

The assertions read expected.toml; nothing here is derived from the loader's own code."""

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from ingest import load_dataset
from ingest.columns import columns_toml_text, plan_columns
from synergy.core.errors import InputError
from synergy.core.taxonomy import nace_division

HELDOUT = Path(__file__).parent / "data" / "heldout"
DELIVERY = HELDOUT / "delivery"
EXPECTED = tomllib.loads((HELDOUT / "expected.toml").read_text(encoding="utf-8"))
# Sheet and file names part A listed for adding to the names data (its "extra findings"): once
# added, these tables are found by their name instead of their headers.
ADDED_NAMES = {
    "Schwerpunkte": "sheet-name",
    "Förderungen": "sheet-name",
    "Appels": "sheet-name",
    "Emilia-Romagna/Ambiti_S3_2021-2027.csv": "file-name",
}
# expected.toml's table rules: file-name-six is a file name of the six added languages
TABLE_RULES = {"file-name-six": "file-name"}
HEADER_RULES = {
    "alias": "alias",
    "alias-six": "alias",
    "alias-add": "alias",
    "content-id": "content-id",
    "content-text": "content-text",
    "extra": "extra",
}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DELIVERY)


def _entry(dataset, table: dict) -> dict:
    [entry] = [
        f
        for f in dataset.files
        if f["path"] == table["path"] and f["sheet"] == table.get("sheet", "")
    ]
    return entry


def test_no_columns_toml_in_the_delivery():
    assert not list(DELIVERY.rglob("columns.toml"))


@pytest.mark.parametrize("index", range(len(EXPECTED["table"])))
def test_every_table_and_header_decided_as_expected(dataset, index):
    table = EXPECTED["table"][index]
    entry = _entry(dataset, table)
    assert entry["table"] == table["table"]
    rule = ADDED_NAMES.get(table.get("sheet"), ADDED_NAMES.get(table["path"]))
    assert entry["table_rule"] == (
        rule or TABLE_RULES.get(table["table_rule"], table["table_rule"])
    )
    assert entry["rows_read"] == table["rows"]
    for key in ("rows_ingested", "rows_reported"):
        if key in table:
            assert entry[key] == table[key], key
    if "encoding" in table:
        assert entry["encoding"] == table["encoding"]
    decided = {d["header"]: (d["column"], d["rule"]) for d in entry["headers"]}
    wanted = {h: (m["column"], HEADER_RULES[m["rule"]]) for h, m in table["headers"].items()}
    assert decided == wanted
    assert all(d["why"] for d in entry["headers"])


def test_totals(dataset):
    totals = EXPECTED["totals"]
    for table in ("regions", "priorities", "clusters", "programmes", "value_chains"):
        assert len(dataset.tables[table]) == totals[table], table
    assert len(dataset.tables["actors"]) == totals["actors_ingested"]
    actors = [f for f in dataset.files if f["table"] == "actors"]
    assert sum(f["rows_read"] for f in actors) == totals["actors_read"]
    assert sum(f["rows_reported"] for f in actors) == totals["actors_reported"]


def test_every_file_is_read_not_data_or_in_a_skipped_folder(dataset):
    on_disk = {p.relative_to(DELIVERY).as_posix() for p in DELIVERY.rglob("*") if p.is_file()}
    read = {f["path"] for f in dataset.files}
    not_data = {(n["path"], n["sheet"]) for n in dataset.not_data}
    expected_not_data = {(n["path"], n.get("sheet", "")) for n in EXPECTED["not_data"]}
    assert not_data == expected_not_data
    [folder] = dataset.skipped_folders
    scan = EXPECTED["scan_output"][0]
    assert folder["path"] == scan["folder"] and "earlier synergy scan" in folder["why"]
    in_folder = {f"{scan['folder']}/{name}" for name in scan["files"]}
    files_not_data = {path for path, sheet in not_data if not sheet}
    assert read | files_not_data | in_folder == on_disk
    assert not read & files_not_data and not read & in_folder


@pytest.mark.parametrize("index", range(len(EXPECTED["reference"])))
def test_region_references_resolved_as_expected(dataset, index):
    ref = EXPECTED["reference"][index]
    sheet = ref.get("sheet", "")
    resolved = dataset.resolutions[
        (dataset.resolutions["file"] == ref["path"])
        & (dataset.resolutions["sheet"] == sheet)
        & (dataset.resolutions["column"] == "region_id")
    ]
    unresolved = dataset.unresolved[
        (dataset.unresolved["file"] == ref["path"]) & (dataset.unresolved["column"] == "region_id")
    ]
    if "row" in ref:
        row = unresolved[unresolved["row"] == ref["row"]]
        if ref["status"] == "resolved":
            [hit] = resolved[resolved["row"] == ref["row"]].itertuples()
            assert (hit.value, hit.resolved_to, hit.method) == (
                ref["value"],
                ref["region_id"],
                ref["rule"],
            )
            return
        [hit] = row.itertuples()
        assert hit.value == ref["value"]
        if ref["status"] == "outside":
            assert hit.reason.startswith("outside the dataset")
        else:  # ambiguous: both candidates named, the one inside as the guess
            assert hit.reason.startswith("ambiguous NUTS code")
            assert all(code in hit.reason for code in ref["candidates"])
            assert hit.best_guess == "; ".join(r for r in ref["candidates"].values() if r)
        return
    for value, region in ref["values"].items():
        rule = ref.get("rules", {}).get(value, ref["rule"])
        if rule == "exact":
            assert value not in set(resolved["value"])  # an id needs no resolution
            continue
        hits = resolved[resolved["value"] == value]
        assert len(hits), (ref["path"], value)
        assert set(hits["resolved_to"]) == {region}
        assert set(hits["method"]) == {rule}


def test_values_parsed_as_expected(dataset):
    actors = dataset.tables["actors"].set_index("actor_id")
    res = dataset.resolutions
    national = dict(
        zip(
            res[res["method"] == "nace-national"]["value"],
            res[res["method"] == "nace-national"]["resolved_to"],
            strict=True,
        )
    )
    for value in EXPECTED["value"]:
        examples = value["examples"]
        if value["column"] == "PKD":
            for code, division in examples.items():
                assert nace_division(national[code]) == division, code
        elif value["column"] == "Catégorie d'entreprise":
            assert actors.loc["A02", "size"] == examples["GE"]
            assert actors.loc["A04", "size"] == examples["ETI"]
            assert not isinstance(actors.loc["A01", "size"], str)  # empty: no size
    programmes = dataset.tables["programmes"].set_index("programme_id")
    assert programmes.loc["PR-FESR-1.1-2025", "opens"] == "2025-02-03"
    assert programmes.loc["PR-FESR-2.1-2025", "opens"] == "2025-03-15"
    assert programmes.loc["TW-01", "budget_eur"] == 4_500_000.0
    assert programmes.loc["TW-02", "budget_eur"] == 2_500_000.0
    assert programmes.loc["TW-03", "budget_eur"] == 6_000_000.0
    er = actors.loc["ER-01", "name"]
    assert er == "Università di Bologna – Alma Mater Studiorum"  # cp1252 en dash


@pytest.mark.parametrize("chain", EXPECTED["chain"], ids=lambda c: c["chain_id"])
def test_chains_without_domains_mapped_from_their_names(dataset, chain):
    rows = dataset.tables["value_chains"]
    found = {d for ds in rows[rows["chain_id"] == chain["chain_id"]]["domains"] for d in ds}
    assert set(chain["domains_at_least"]) <= found
    evidence = [e for ev in rows["domain_evidence"] for e in ev]
    assert {e["source"].split(" (")[-1] for e in evidence} <= {"chain name)", "stage name)"}


def test_scan_finds_calls_and_pilots_and_records_every_decision(tmp_path):
    result = CliRunner().invoke(app, ["scan", str(DELIVERY), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "Not read as data (9):" in result.stderr
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text(encoding="utf-8"))
    totals = EXPECTED["totals"]
    assert manifest["candidates"]["call"] >= totals["calls_at_least"]
    assert manifest["candidates"]["pilot"] >= totals["pilots_at_least"]
    assert manifest["empty_kinds"] == {}
    decisions = {(e["path"], e["sheet"]): e["headers"] for e in manifest["inputs"]}
    for table in EXPECTED["table"]:
        got = decisions[(table["path"], table.get("sheet", ""))]
        assert [d["header"] for d in got] == list(table["headers"])
    assert {(n["path"], n["sheet"]) for n in manifest["not_data"]} == {
        (n["path"], n.get("sheet", "")) for n in EXPECTED["not_data"]
    }
    assert manifest["skipped_folders"][0]["path"] == EXPECTED["scan_output"][0]["folder"]
    report = (tmp_path / "o" / "report.md").read_text(encoding="utf-8")
    assert "How headers were read" in report and "content-id" in report
    assert "nuts-2013→2016+rollup" in report


@pytest.mark.parametrize("case", EXPECTED["broken"], ids=lambda c: c["dataset"])
def test_broken_cases_stay_errors_quoting_the_competing_values(case, tmp_path):
    with pytest.raises(InputError) as info:
        load_dataset(HELDOUT / case["dataset"])
    [problem] = info.value.problems
    assert problem.file == case["path"]
    for column, first in case["competing"].items():
        quoted = ", ".join(f"'{v}'" for v in first)
        assert f"'{column}': {quoted}" in problem.message
    assert "columns.toml" in problem.fix
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["scan", str(HELDOUT / case["dataset"]), "--out", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "Traceback" not in result.output


def test_write_columns_freezes_the_same_decisions(tmp_path):
    copy = tmp_path / "delivery"
    shutil.copytree(DELIVERY, copy)
    result = CliRunner().invoke(app, ["validate", str(copy), "--write-columns"])
    assert result.exit_code == 0, result.output
    folders = {"", *EXPECTED["region_folders"]}
    assert {
        p.parent.relative_to(copy).as_posix().replace(".", "") for p in copy.rglob("columns.toml")
    } == folders
    tirol = (copy / "Tirol" / "columns.toml").read_text(encoding="utf-8")
    assert '"Akteur" = "actor_id"  # content-id:' in tirol
    assert '# "Bemerkung" is kept as an extra column' in tirol
    frozen = load_dataset(copy)
    before = load_dataset(DELIVERY)
    for a, b in zip(before.files, frozen.files, strict=True):
        assert [(d["header"], d["column"]) for d in a["headers"]] == [
            (d["header"], d["column"]) for d in b["headers"]
        ]
        assert {d["rule"] for d in b["headers"]} <= {"columns.toml", "extra"}
    again = CliRunner().invoke(app, ["validate", str(copy), "--write-columns"])
    assert "Kept the existing Tirol/columns.toml" in again.stderr


def test_write_columns_writes_undecided_headers_as_choices():
    [plan] = plan_columns(HELDOUT / "broken" / "two-id-columns")
    text = columns_toml_text(plan)
    assert '# UNDECIDED: uncomment one of: "Kürzel" = "actor_id" or "Nummer" = "actor_id"' in text
    assert tomllib.loads(text)["actors"]["Name"] == "name"
