"""Ingest: formats, encodings, languages, folders, aliases, and every validation error."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from ingest import load_dataset
from synergy.core.errors import InputError


def _problems(path: Path) -> list:
    with pytest.raises(InputError) as info:
        load_dataset(path)
    return info.value.problems


def _codes(path: Path) -> set[str]:
    return {p.code for p in _problems(path)}


# --- the happy path -----------------------------------------------------------------------


def test_load_dataset_mini_tables(mini):
    ds = load_dataset(mini)
    assert sorted(ds.tables["regions"]["region_id"]) == ["R1", "R2", "R3"]
    assert len(ds.tables["priorities"]) == 6
    assert len(ds.tables["value_chains"]) == 7
    # a9 is a legal-form variant of a1 in the same region: merged
    assert len(ds.tables["actors"]) == 8
    assert set(ds.merges["merged_id"]) == {"a9"}
    assert ds.unresolved.empty


def test_load_dataset_row_accounting_adds_up(mini):
    ds = load_dataset(mini)
    for f in ds.files:
        assert f["rows_read"] == f["rows_ingested"] + f["rows_merged"] + f["rows_reported"]
    actors = next(f for f in ds.files if f["table"] == "actors")
    assert (actors["rows_read"], actors["rows_merged"]) == (9, 1)


def test_load_dataset_list_columns_split(mini):
    ds = load_dataset(mini)
    aliases = ds.tables["regions"].set_index("region_id")["aliases"]
    assert aliases["R1"] == ["Alphaland", "Alfa"]


# --- encodings and separators --------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
@pytest.mark.parametrize("sep", [",", ";"])
def test_csv_encoding_and_separator_variants(mini, encoding, sep):
    text = (mini / "regions.csv").read_text(encoding="utf-8").replace("Gamma,DE", "Gämma,DE")
    if sep == ";":
        text = text.replace(",", ";").replace("Alphaland;Alfa", '"Alphaland;Alfa"')
    (mini / "regions.csv").write_bytes(text.encode(encoding))
    ds = load_dataset(mini)
    names = dict(zip(ds.tables["regions"]["region_id"], ds.tables["regions"]["name"], strict=True))
    assert names["R3"] == "Gämma"
    entry = next(f for f in ds.files if f["table"] == "regions")
    assert entry["separator"] == sep


# --- XLSX and JSON -------------------------------------------------------------------------


def _write_xlsx(path: Path, sheets: dict[str, list[list]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


def _csv_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_xlsx_workbook_with_several_tables(mini):
    sheets = {name: _csv_rows(mini / f"{name}.csv") for name in ("priorities", "clusters")}
    for name in sheets:
        (mini / f"{name}.csv").unlink()
    sheets["clusters"] = [[int(c) if c.isdigit() else c for c in row] for row in sheets["clusters"]]
    _write_xlsx(mini / "s3.xlsx", sheets)
    ds = load_dataset(mini)
    assert len(ds.tables["priorities"]) == 6
    members = ds.tables["clusters"].set_index("cluster_id")["members"]
    assert members["c-alpha-h2"] == 40
    assert {f["sheet"] for f in ds.files if f["path"] == "s3.xlsx"} == {"priorities", "clusters"}


def test_xlsx_single_sheet_named_after_file(mini):
    rows = _csv_rows(mini / "regions.csv")
    (mini / "regions.csv").unlink()
    _write_xlsx(mini / "regions.xlsx", {"Sheet1": rows})
    ds = load_dataset(mini)
    assert len(ds.tables["regions"]) == 3


def test_json_list_of_records(mini):
    rows = _csv_rows(mini / "clusters.csv")
    (mini / "clusters.csv").unlink()
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    records[0]["domains"] = ["hydrogen", "energy-renewables"]  # a real JSON list
    (mini / "clusters.json").write_text(json.dumps(records), encoding="utf-8")
    ds = load_dataset(mini)
    domains = ds.tables["clusters"].set_index("cluster_id")["domains"]
    assert domains["c-alpha-h2"] == ["hydrogen", "energy-renewables"]


# --- header languages, columns.toml, region folders ---------------------------------------

HEADERS = {
    "de": "Region,Prioritäts-ID,Titel,Bereiche",
    "it": "Regione,Codice priorità,Titolo,Ambiti",
    "fr": "Région,Code priorité,Titre,Domaines",
    "sl": "Regija,Oznaka,Naslov,Področja",
    "en": "Region,Priority ID,Title,Domains",
}


@pytest.mark.parametrize("lang", sorted(HEADERS))
def test_priorities_headers_in_each_language(mini, lang):
    lines = (mini / "priorities.csv").read_text(encoding="utf-8").splitlines()
    lines[0] = HEADERS[lang]
    (mini / "priorities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load_dataset(mini)
    assert set(ds.tables["priorities"]["priority_id"]) == {"P1", "P2"}
    assert len(ds.tables["priorities"]) == 6


def test_columns_toml_maps_odd_header(mini):
    text = (mini / "actors.csv").read_text(encoding="utf-8")
    text = text.replace("actor_id,name,", "actor_id,Ragione Sociale Completa,", 1)
    (mini / "actors.csv").write_text(text, encoding="utf-8")
    # no alias names it, but its values are names while the table's name has no header
    entry = next(f for f in load_dataset(mini).files if f["table"] == "actors")
    [decision] = [d for d in entry["headers"] if d["header"] == "Ragione Sociale Completa"]
    assert (decision["column"], decision["rule"]) == ("name", "content-text")
    (mini / "columns.toml").write_text(
        '[actors]\n"Ragione Sociale Completa" = "name"\n', encoding="utf-8"
    )
    ds = load_dataset(mini)
    assert "Alpha Tanks AG" in set(ds.tables["actors"]["name"])
    entry = next(f for f in ds.files if f["table"] == "actors")
    [decision] = [d for d in entry["headers"] if d["header"] == "Ragione Sociale Completa"]
    assert (decision["column"], decision["rule"]) == ("name", "columns.toml")


def test_region_subfolder_supplies_region(mini):
    folder = mini / "Alphaland"  # an alias of R1 as the folder name
    folder.mkdir()
    (folder / "programmes.csv").write_text(
        "programme_id,name,budget_eur,domains,trl_min,trl_max,beneficiaries\n"
        'pr1,Wasserstoff-Förderung,"2,5 Mio €",hydrogen,4,7,Unternehmen;Forschung\n',
        encoding="utf-8",
    )
    ds = load_dataset(mini)
    prog = ds.tables["programmes"].iloc[0]
    assert prog["region_id"] == "R1"
    assert prog["budget_eur"] == 2_500_000
    assert prog["beneficiaries"] == ["firm", "research"]


def test_region_references_by_alias_and_fuzzy_with_score(mini):
    text = (mini / "clusters.csv").read_text(encoding="utf-8")
    text = text.replace("Beta Idrogeno,R2", "Beta Idrogeno,Betania")  # alias
    text = text.replace("Gamma Food,R3", "Gamma Food,Gammalnd")  # typo of an alias
    (mini / "clusters.csv").write_text(text, encoding="utf-8")
    ds = load_dataset(mini)
    regions = ds.tables["clusters"].set_index("cluster_id")["region_id"]
    assert regions["c-beta-h2"] == "R2" and regions["c-gamma-food"] == "R3"
    res = ds.resolutions.set_index("value")
    assert res.loc["Betania", "score"] == 1.0
    assert 0.86 <= res.loc["Gammalnd", "score"] < 1.0


def test_unknown_region_is_listed_unresolved_with_best_guess(mini):
    text = (mini / "clusters.csv").read_text(encoding="utf-8")
    (mini / "clusters.csv").write_text(
        text.replace("Gamma Food,R3", "Gamma Food,Zeta"), encoding="utf-8"
    )
    ds = load_dataset(mini)
    assert "c-gamma-food" not in set(ds.tables["clusters"]["cluster_id"])
    row = ds.unresolved[ds.unresolved["value"] == "Zeta"].iloc[0]
    assert (row["file"], row["row"], row["column"]) == ("clusters.csv", 5, "region_id")
    entry = next(f for f in ds.files if f["table"] == "clusters")
    assert entry["rows_reported"] == 1


def test_unknown_references_listed_not_dropped_silently(mini):
    text = (mini / "actors.csv").read_text(encoding="utf-8")
    text = text.replace("c-beta-h2,h2:cell", "c-beta-hx2,h2:cel")
    (mini / "actors.csv").write_text(text, encoding="utf-8")
    (mini / "priorities.csv").write_text(
        (mini / "priorities.csv")
        .read_text(encoding="utf-8")
        .replace("Lebensmittel,agrifood", "Lebensmittel,xyzzy-domain"),
        encoding="utf-8",
    )
    ds = load_dataset(mini)
    a3 = ds.tables["actors"].set_index("actor_id").loc["a3"]
    # close misspellings resolve with a score; hopeless labels are listed
    assert a3["cluster_ids"] == ["c-beta-h2"] and a3["roles"] == ["h2:cell"]
    assert "xyzzy-domain" in set(ds.unresolved["value"])


def test_priority_text_mapping_needs_more_than_a_generic_word(mini):
    (mini / "priorities_more.csv").write_text(
        "region_id,priority_id,title,description,domains\n"
        'R1,P3,Maritime technologies,"Cantieri navali, construction navale and shipyards.",\n'
        "R2,P3,Costruzioni,,\n"
        'R3,P3,Werkstoffe,"Kunststoffe, Holz und Baumaterialien.",\n',
        encoding="utf-8",
    )
    ds = load_dataset(mini)
    prio = ds.tables["priorities"].set_index(["region_id", "priority_id"])
    # the shipyards were construction through "cantiere"/"construction" before: now maritime only
    assert prio.loc[("R1", "P3"), "domains"] == ["maritime"]
    (evidence,) = prio.loc[("R1", "P3"), "domain_evidence"]
    assert evidence["term"] == "maritime" and evidence["score"] > 0.9
    assert {"cantiere navale", "construction navale"} <= set(evidence["terms"])
    # a generic word alone maps to nothing and is listed with the reason, not dropped
    assert prio.loc[("R2", "P3"), "domains"] == []
    row = ds.unresolved.set_index("value").loc["Costruzioni"]
    assert row["column"] == "title"
    assert (
        "low evidence, held back: construction (only the generic word 'costruzioni')"
        in (row["reason"])
    )
    # a description keyword that is its own word still counts next to a title that matched
    assert prio.loc[("R3", "P3"), "domains"] == ["advanced-materials", "forestry-wood", "plastics"]


# --- validation errors: one test per fault --------------------------------------------------


def test_error_missing_required_column_names_aliases_and_closest(mini):
    text = (mini / "clusters.csv").read_text(encoding="utf-8")
    # a blank cell: the leftover column cannot be the id by its values either
    text = text.replace("cluster_id,", "clustr_idd,", 1).replace("c-alpha-h2,", ",", 1)
    (mini / "clusters.csv").write_text(text, encoding="utf-8")
    [p] = [p for p in _problems(mini) if p.code == "missing-column"]
    assert p.file == "clusters.csv" and p.column == "cluster_id"
    assert "clustr_idd" in p.message and "columns.toml" in p.fix


def test_error_duplicate_id_in_one_file(mini):
    with (mini / "clusters.csv").open("a", encoding="utf-8") as fh:
        fh.write("c-alpha-h2,Another,R1,,,\n")
    [p] = [p for p in _problems(mini) if p.code == "unique-error"]
    assert (p.file, p.row, p.column) == ("clusters.csv", 6, "cluster_id")


@pytest.mark.parametrize(
    "column,value,fragment",
    [
        ("members", "many", "not a number"),
        ("members", "-4", "below the minimum"),
    ],
)
def test_error_wrong_types(mini, column, value, fragment):
    text = (mini / "clusters.csv").read_text(encoding="utf-8")
    (mini / "clusters.csv").write_text(
        text.replace("R1,P1,hydrogen,40", f"R1,P1,hydrogen,{value}"), encoding="utf-8"
    )
    [p] = _problems(mini)
    assert (p.code, p.row, p.column) == ("type-error", 2, column)
    assert fragment in p.message


def test_error_stage_order_not_int_and_trl_out_of_range(mini):
    text = (mini / "value_chains.csv").read_text(encoding="utf-8")
    (mini / "value_chains.csv").write_text(
        text.replace("h2,store,2,", "h2,store,second,"), encoding="utf-8"
    )
    (mini / "programmes.csv").write_text(
        "programme_id,region_id,name,trl_min,trl_max\np1,R1,X,0,12\n", encoding="utf-8"
    )
    problems = _problems(mini)
    where = {(p.file, p.column) for p in problems if p.code == "type-error"}
    assert where == {
        ("value_chains.csv", "stage_order"),
        ("programmes.csv", "trl_min"),
        ("programmes.csv", "trl_max"),
    }


def test_error_blank_and_duplicate_headers(mini):
    # "Budget" and "Montant" are equally specific aliases of budget_eur: a person cannot tell
    (mini / "programmes.csv").write_text(
        "programme_id,region_id,name,,Budget,Montant\np1,R1,X,oops,1,2\n", encoding="utf-8"
    )
    problems = _problems(mini)
    assert {"blank-header", "duplicate-label"} <= {p.code for p in problems}
    [p] = [p for p in problems if p.code == "duplicate-label"]
    assert "'Montant' and 'Budget' both mean 'budget_eur'" in p.message
    assert "holds '1'" in p.message and "holds '2'" in p.message  # their values, quoted


def test_duplicate_header_most_specific_alias_wins(mini):
    # the column's own name is more specific than an alias; the other is kept as an extra
    (mini / "programmes.csv").write_text(
        "programme_id,region_id,name,Budget,budget_eur\np1,R1,X,1,2\n", encoding="utf-8"
    )
    ds = load_dataset(mini)
    assert ds.tables["programmes"]["budget_eur"].tolist() == [2.0]
    entry = next(f for f in ds.files if f["table"] == "programmes")
    rules = {d["header"]: (d["column"], d["rule"]) for d in entry["headers"]}
    assert rules["budget_eur"] == ("budget_eur", "alias")
    assert rules["Budget"] == ("", "extra")


def test_error_ragged_rows_and_unbalanced_quote(mini):
    (mini / "programmes.csv").write_text(
        "programme_id,region_id,name\np1,R1\np2,R1,Y,extra\n", encoding="utf-8"
    )
    assert {"missing-cell", "extra-cell"} <= _codes(mini)
    (mini / "programmes.csv").write_text(
        'programme_id,region_id,name\np1,R1,"never closed\np2,R1,Y\n', encoding="utf-8"
    )
    assert "not-a-table" in _codes(mini)


def test_error_empty_binary_and_unknown_files(mini):
    (mini / "programmes.csv").write_bytes(b"")
    (mini / "actors.csv").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    codes = _codes(mini)
    assert {"empty-file", "not-a-table"} <= codes


def test_error_xlsx_without_expected_sheets(mini):
    _write_xlsx(mini / "extra.xlsx", {"Notes": [["a", "b"], [1, 2]]})
    [p] = _problems(mini)
    assert p.code == "missing-sheet" and "Notes" in p.message


def test_error_conflicting_facts_across_files(mini):
    (mini / "clusters_extra.csv").write_text(
        "cluster_id,name,region_id,members\nc-alpha-h2,Alpha Hydrogen Cluster,R1,99\n",
        encoding="utf-8",
    )
    [p] = [p for p in _problems(mini) if p.code == "conflict"]
    assert p.file == "clusters_extra.csv" and p.column == "members"
    assert "40" in p.message and "99" in p.message


def test_error_all_problems_reported_together(mini):
    text = (mini / "clusters.csv").read_text(encoding="utf-8")
    (mini / "clusters.csv").write_text(
        text.replace(",40", ",x").replace(",25", ",y"), encoding="utf-8"
    )
    problems = _problems(mini)
    assert [p.row for p in problems] == [2, 3]
    message = str(InputError(problems))
    assert "clusters.csv, row 2, column 'members'" in message


def test_error_missing_folder():
    with pytest.raises(InputError, match="does not exist"):
        load_dataset("/nonexistent/dataset")


def test_error_utf16_file_is_not_a_table(mini):
    text = (
        (mini / "programmes.csv").read_text(encoding="utf-8")
        if (mini / "programmes.csv").exists()
        else "programme_id,region_id,name\np1,R1,X\n"
    )
    (mini / "programmes.csv").write_bytes(text.encode("utf-16"))
    [p] = _problems(mini)
    assert p.code == "not-a-table" and "UTF-8" in p.fix


def test_error_budget_not_a_number(mini):
    (mini / "programmes.csv").write_text(
        "programme_id,region_id,name,budget_eur\np1,R1,X,about a million\n", encoding="utf-8"
    )
    [p] = _problems(mini)
    assert (p.code, p.column, p.row) == ("type-error", "budget_eur", 2)


def test_error_unknown_region_folder_stops_the_scan(mini):
    (mini / "Atlantis").mkdir()
    (mini / "Atlantis" / "programmes.csv").write_text("programme_id,name\np1,X\n", encoding="utf-8")
    [p] = _problems(mini)
    assert p.code == "foreign-key" and "Atlantis" in p.message


def test_error_message_capped_with_count(mini):
    rows = "".join(f"c{i},Name {i},R1,,,lots\n" for i in range(80))
    (mini / "clusters.csv").write_text(
        "cluster_id,name,region_id,priority_ids,domains,members\n" + rows, encoding="utf-8"
    )
    error = pytest.raises(InputError, load_dataset, mini).value
    assert len(error.problems) == 80
    text = str(error)
    assert "80 problems" in text and "... and 30 more" in text


def test_headers_file_splices_shared_lists_in_place():
    from ingest.schema import TABLES

    aliases = TABLES["clusters"].column("cluster_id").aliases
    assert aliases[:3] == ("id", "cluster id", "cluster code")  # "@cluster_id" after "id"
    five_languages = aliases[: aliases.index("koda") + 1]  # the six more languages follow
    assert five_languages[-4:] == ("code", "codice", "kennung", "koda")
    assert aliases[len(five_languages)] == "id"  # Spanish, first of the six
    assert TABLES["actors"].column("region_id").aliases[:2] == ("region", "region id")
    assert TABLES["clusters"].column("members").min == 0


def test_headers_file_unknown_shared_list_is_an_error():
    from ingest.schema import _expand

    assert _expand(["a", "@x", "b"], {"x": ["y", "z"]}, "t.c") == ("a", "y", "z", "b")
    with pytest.raises(ValueError, match="unknown shared list '@nope'"):
        _expand(["@nope"], {}, "regions.name")
