"""Header resolution rule by rule (ingest.headers), on tables small enough to check by hand."""

import pytest

from ingest.headers import detect_table, resolve_headers
from ingest.readers import RawTable
from ingest.schema import TABLES


def _raw(header: list[str], *rows: list, region_folder: str | None = None) -> RawTable:
    return RawTable(
        table=None,
        file="t.csv",
        sheet=None,
        header=header,
        rows=[list(r) for r in rows],
        row_numbers=list(range(2, len(rows) + 2)),
        region_folder=region_folder,
    )


def _decide(table: str, raw: RawTable, **kw):
    hmap, problems = resolve_headers(raw, TABLES[table], kw.pop("custom", None), **kw)
    return {d.header: (d.column, d.rule) for d in hmap.decisions}, problems, hmap


@pytest.mark.parametrize(
    ("noun", "name"),
    [("Akteur", "Name"), ("Attore", "Denominazione"), ("Acteur", "Nom"), ("Podmiot", "Nazwa")],
)
def test_bare_noun_beside_a_name_column_holds_the_id(noun, name):
    raw = _raw(
        [noun, name, "Region"], ["A-1", "Alpha Technik GmbH", "R1"], ["A-2", "Beta Werke AG", "R1"]
    )
    decided, problems, _ = _decide("actors", raw)
    assert problems == []
    assert decided[noun] == ("actor_id", "content-id")
    assert decided[name] == ("name", "alias")


def test_bare_noun_listed_for_id_and_title_goes_where_the_other_header_leaves_room():
    raw = _raw(["Priorität", "Titel", "Region"], ["T1", "Life Sciences", "R1"])
    decided, problems, _ = _decide("priorities", raw)
    assert problems == []
    assert decided == {
        "Priorität": ("priority_id", "alias"),
        "Titel": ("title", "alias"),
        "Region": ("region_id", "alias"),
    }


def test_bare_noun_alone_is_decided_by_its_values():
    codes = _raw(["Priorität", "Beschreibung", "Region"], ["T1", "Text", "R1"])
    decided, problems, _ = _decide("priorities", codes)
    assert decided["Priorität"] == ("priority_id", "alias")
    assert [p.column for p in problems if p.code == "missing-column"] == ["title"]
    names = _raw(["Priorität", "Beschreibung", "Region"], ["Life Sciences", "Text", "R1"])
    decided, problems, _ = _decide("priorities", names)
    assert decided["Priorität"] == ("title", "alias")
    assert [p.column for p in problems if p.code == "missing-column"] == ["priority_id"]


def test_most_specific_alias_wins_and_the_other_header_holds_the_id():
    # both mean name; "Raison sociale" (two words) is the more specific
    raw = _raw(["Acteur", "Raison sociale", "Région"], ["A01", "CEA-Leti", "R1"])
    decided, problems, _ = _decide("actors", raw)
    assert problems == []
    assert decided["Raison sociale"] == ("name", "alias")
    assert decided["Acteur"] == ("actor_id", "content-id")


def test_leftover_header_fills_the_missing_title_by_its_text():
    raw = _raw(
        ["Codice", "Ambito di specializzazione", "Descrizione", "Regione"],
        ["ER-S1", "Meccatronica e motoristica", "Motor Valley e automazione.", "R1"],
    )
    decided, problems, _ = _decide("priorities", raw)
    assert problems == []
    assert decided["Ambito di specializzazione"] == ("title", "content-text")
    assert decided["Descrizione"] == ("description", "alias")


def test_leftover_header_fills_the_missing_id_by_its_codes():
    raw = _raw(
        ["N°", "Domaine de spécialisation"],
        ["DS1", "Industrie du futur"],
        ["DS2", "Santé"],
        region_folder="FR",
    )
    decided, problems, _ = _decide("priorities", raw, region_implied=True)
    assert problems == []
    assert decided["N°"] == ("priority_id", "content-id")


def test_alias_of_the_name_holding_codes_moves_to_the_id():
    # 'Bando' means the call's name, but holds codes; the leftover holds the titles
    raw = _raw(
        ["Bando", "Titolo del bando", "Regione"],
        ["PR-FESR-1.1-2025", "Bando per progetti di ricerca industriale", "R1"],
        ["PR-FESR-2.1-2025", "Bando idrogeno verde", "R1"],
    )
    decided, problems, _ = _decide("programmes", raw)
    assert problems == []
    assert decided["Bando"] == ("programme_id", "content-id")
    assert decided["Titolo del bando"] == ("name", "content-text")


def test_two_columns_equally_fit_for_the_id_is_an_error_quoting_both():
    raw = _raw(
        ["Kürzel", "Nummer", "Name", "Region"],
        ["MUI", "1001", "Medizinische Universität Innsbruck", "R1"],
        ["MCI", "1002", "MCI Die Unternehmerische Hochschule", "R1"],
    )
    _, problems, hmap = _decide("actors", raw)
    [p] = problems
    assert p.code == "ambiguous-column"
    assert "'Kürzel': 'MUI', 'MCI'" in p.message and "'Nummer': '1001', '1002'" in p.message
    assert "columns.toml" in p.fix
    assert hmap.undecided == {"actor_id": ("Kürzel", "Nummer")}


def test_two_equally_specific_title_headers_is_an_error_quoting_both():
    raw = _raw(
        ["Nummer", "Schwerpunkt", "Handlungsfeld", "Region"],
        ["T1", "Life Sciences", "Medizintechnik", "R1"],
    )
    _, problems, hmap = _decide("priorities", raw)
    [p] = problems
    assert p.code == "duplicate-label"
    assert "'Schwerpunkt': 'Life Sciences'" in p.message
    assert "'Handlungsfeld': 'Medizintechnik'" in p.message
    assert hmap.undecided == {"title": ("Schwerpunkt", "Handlungsfeld")}


@pytest.mark.parametrize(
    "values",
    [
        [["X-1", "Alpha", "R1"], ["", "Beta", "R1"]],  # a blank cannot be an id
        [["X-1", "Alpha", "R1"], ["X-1", "Beta", "R1"]],  # nor a repeated code
        [["Alpha Technik", "Alpha", "R1"], ["Beta Werke", "Beta", "R1"]],  # nor text
    ],
)
def test_leftover_that_does_not_fit_leaves_the_column_missing(values):
    raw = _raw(["Kennzeichen", "Name", "Region"], *values)
    decided, problems, _ = _decide("actors", raw)
    assert decided["Kennzeichen"] == ("", "extra")
    assert [p.code for p in problems] == ["missing-column"]


def test_columns_toml_comes_first():
    raw = _raw(["Akteur", "Name", "Region"], ["T-001", "Alpha", "R1"])
    custom = {"actors": {"name": "actor_id", "akteur": "name"}}
    decided, problems, _ = _decide("actors", raw, custom=custom)
    assert decided["Name"] == ("actor_id", "columns.toml")
    assert decided["Akteur"] == ("name", "columns.toml")


def test_detect_table_by_headers_counts_the_folder_region():
    raw = _raw(
        ["Programm", "Bezeichnung", "Budget", "Frist"],
        ["TW-01", "Innovationsförderung", "4.500.000 €", "30.09.2025"],
    )
    assert detect_table(raw).table is None  # no region: not complete anywhere
    guess = detect_table(raw, region_implied=True)
    assert (guess.table, guess.not_data) == ("programmes", False)


def test_detect_table_notes_are_not_data():
    notes = _raw(["Spalte", "Bedeutung"], ["Akteur", "interne Kennung"])
    guess = detect_table(notes)
    assert (guess.table, guess.not_data) == (None, True)
    assert "no header is a column of any table" in guess.why
