"""The alias data covers the schema in eleven languages, without ambiguities nobody decided on.

Header aliases and file names live in ingest/data/headers.toml (`aliases`: en/de/it/fr/sl, then
one list per further language), enumeration words in ingest/data/values.toml."""

import tomllib
from importlib import resources

import pytest

from ingest.schema import TABLES, normalise_header, table_for_name
from ingest.values import ENUM_SYNONYMS, parse_enum

LANGS = {"es", "pl", "nl", "pt", "cs", "sv"}


def _load(name: str) -> dict:
    path = resources.files("ingest") / "data" / name
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def headers() -> dict:
    return _load("headers.toml")["tables"]


@pytest.fixture(scope="module")
def values() -> dict:
    return _load("values.toml")


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_and_column_in_six_more_languages(headers, table):
    section = headers[table]
    assert set(section["file_names_more"]) == LANGS
    for column in TABLES[table].columns:
        spec = section["columns"][column.name]
        assert all(spec.get(lang) for lang in LANGS), column.name
        # the loader gives the column every language's words
        for lang in LANGS:
            assert set(spec[lang]) <= set(column.aliases), (column.name, lang)


def test_an_alias_means_one_column_except_the_bare_priority_noun():
    # "Priorität", "prioridad", "priorytet"... head either the code or the title column;
    # ingest.headers decides by the other headers and the values.
    shared = {
        (table, alias): columns
        for table, spec in TABLES.items()
        for alias, columns in spec.alias_columns().items()
        if len(columns) > 1
    }
    nouns = (
        "priority",
        "prioritat",
        "priorita",
        "priorite",
        "prioriteta",
        "prioridad",
        "prioridade",
        "prioriteit",
        "prioritering",
        "priorytet",
    )
    assert set(shared) == {("priorities", a) for a in nouns}
    assert all(cols == ("priority_id", "title") for cols in shared.values())


def test_file_names_name_one_table(headers):
    seen: dict[str, str] = {}
    for table in TABLES:
        names = headers[table].get("file_names", [])
        names += [n for lang in LANGS for n in headers[table]["file_names_more"][lang]]
        for name in names:
            assert seen.setdefault(normalise_header(name), table) == table, name
            assert table_for_name(name) == table, name


def test_enumeration_words_for_every_value_in_eleven_languages(values):
    for column, choices in values.items():
        for value, langs in choices.items():
            expected = LANGS | ({"words"} if column != "role" else set())
            assert set(langs) == expected, (column, value)
            assert set(ENUM_SYNONYMS[column][value]) >= {
                w.lower() for w in langs["es"] if w.isascii()
            }
    assert set(values["role"]) == {
        "coordinator",
        "participant",
        "partner",
        "thirdParty",
        "associatedPartner",
    }


@pytest.mark.parametrize(
    ("column", "word", "value"),
    [
        ("size", "duże", "large"),
        ("size", "Mediana", "medium"),
        ("type", "uczelnia", "university"),
        ("type", "park technologiczny", "intermediary"),
        ("type", "samorząd", "public"),
        ("type", "Centro tecnológico", "research"),
        ("development", "mer utvecklad", "advanced"),
        ("size", "groß", "large"),  # the five languages still hold
    ],
)
def test_enumeration_words_parse(column, word, value):
    choices = TABLES["actors" if column != "development" else "regions"].column(column).choices
    assert parse_enum(word, column, choices) == (value, 1.0)
