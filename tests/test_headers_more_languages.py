"""The six-language header data (ingest/data/headers_more_languages.toml) covers the schema.

The file is not wired into header resolution yet (issue 11 part B merges it); these checks
keep it complete and free of ambiguities nobody decided on."""

import tomllib
from importlib import resources

import pytest

from ingest.schema import TABLES, normalise_header
from ingest.values import ENUM_SYNONYMS

LANGS = {"es", "pl", "nl", "pt", "cs", "sv"}


@pytest.fixture(scope="module")
def doc() -> dict:
    path = resources.files("ingest") / "data" / "headers_more_languages.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_and_column_in_six_languages(doc, table):
    section = doc[table]
    assert set(section["files"]) == LANGS
    columns = {c.name for c in TABLES[table].columns}
    assert set(section) - {"files"} == columns
    for column in columns:
        assert set(section[column]) == LANGS, column
        assert all(section[column][lang] for lang in LANGS), column


def test_an_alias_means_one_column_except_the_bare_priority_noun(doc):
    # "prioridad", "priorytet"... head either the code or the title column, as "Priorität"
    # does today; part B decides by the values.
    shared = {}
    for table, spec in TABLES.items():
        owners: dict[str, set[str]] = {}
        for column in spec.columns:
            for lang in LANGS:
                for alias in doc[table][column.name][lang]:
                    owners.setdefault(normalise_header(alias), set()).add(column.name)
        existing = spec.alias_map()
        for alias, columns in owners.items():
            if len(columns) > 1:
                shared[(table, alias)] = columns
            # never contradict the five existing languages within a table
            assert existing.get(alias, next(iter(columns))) in columns, (table, alias)
    assert set(shared) == {
        ("priorities", a)
        for a in ("prioridad", "prioridade", "priorita", "prioriteit", "prioritering", "priorytet")
    }
    assert all(cols == {"priority_id", "title"} for cols in shared.values())


def test_file_names_name_one_table(doc):
    seen: dict[str, str] = {}
    for table in TABLES:
        for lang in LANGS:
            for name in doc[table]["files"][lang]:
                assert seen.setdefault(normalise_header(name), table) == table, name


def test_enumeration_words_for_every_value(doc):
    for column, values in ENUM_SYNONYMS.items():
        assert set(doc["values"][column]) == set(values), column
        for value in values:
            assert set(doc["values"][column][value]) == LANGS, (column, value)
    roles = {"coordinator", "participant", "partner", "thirdParty", "associatedPartner"}
    assert set(doc["values"]["role"]) == roles
