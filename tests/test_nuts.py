"""NUTS codes across levels and versions (ingest/nuts.py); every case checkable in
ingest/data/nuts_changes.csv or Eurostat's tables it was made from."""

import csv
import json
from importlib import resources

import pytest

from ingest import nuts
from ingest.nuts import NutsRegions, rollup, to_current


def _changes() -> list[dict[str, str]]:
    text = (resources.files("ingest") / "data" / "nuts_changes.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _current() -> set[str]:
    path = resources.files("synergy") / "data" / "nuts_labels.json"
    return set(json.loads(path.read_text(encoding="utf-8"))["labels"])


# ----------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("code", "lv", "nuts2", "nuts1"),
    [("AT332", 3, "AT33", "AT3"), ("FRK24", 3, "FRK2", "FRK"), ("ITC4", 2, "ITC4", "ITC")],
)
def test_level_and_parent_of_current_codes(code, lv, nuts2, nuts1):
    assert nuts.level(code) == lv
    assert nuts.parent(code, 2) == nuts2
    assert nuts.parent(code, 1) == nuts1
    assert nuts.parent(code, 0) == code[:2]


def test_parent_below_the_code_is_none():
    assert nuts.parent("AT33", 3) is None
    assert nuts.parent("Tirol", 1) is None


def test_is_nuts_knows_old_versions_and_ignores_case():
    assert nuts.is_nuts("FR714")  # Isère until NUTS 2013
    assert nuts.is_nuts("si02")  # Zahodna Slovenija until NUTS 2010
    assert not nuts.is_nuts("AT999")
    assert not nuts.is_nuts("Innsbruck")


def test_looks_like_nuts_needs_capitals_and_a_known_country():
    assert nuts.looks_like_nuts("AT999")
    assert not nuts.looks_like_nuts("Essen")  # ES + three letters, but a city written so
    assert not nuts.looks_like_nuts("QQ12")


def test_label_of_current_code():
    assert nuts.label("FRK24") == "Isère"
    assert nuts.label("FR714") is None  # labels are of the current version only


# ----------------------------------------------------------------------------- versions


def test_current_code_is_exact():
    s = to_current("AT332")
    assert (s.status, s.current, s.rule, s.steps) == ("current", ("AT332",), "exact", ())


def test_recode_2013_to_2016():
    s = to_current("FR714")
    assert (s.status, s.current, s.since, s.rule) == (
        "mapped",
        ("FRK24",),
        "2013",
        "nuts-2013→2016",
    )
    assert [c.change for c in s.steps] == ["recode"]


def test_french_nuts1_recode():
    assert to_current("FR7").current == ("FRK",)  # Centre-Est -> Auvergne-Rhône-Alpes


def test_slovenia_boundary_shift_in_2013():
    s = to_current("SI02")
    assert (s.status, s.current, s.rule) == ("mapped", ("SI04",), "nuts-2010→2013")
    assert s.steps[0].change == "boundary-shift"
    assert s.steps[0].partly == ("SI03",)  # Litija and Šmartno moved east


def test_merge_maps_to_one_code():
    s = to_current("DE919")  # Osterode am Harz, merged with Göttingen in 2016
    assert (s.status, s.current) == ("mapped", ("DE91C",))
    assert s.steps[0].change == "merge"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("PL12", ("PL91", "PL92")),  # Mazowieckie
        ("LT00", ("LT01", "LT02")),  # Lithuania
        ("HU10", ("HU11", "HU12")),  # Közép-Magyarország
        ("IE01", ("IE04", "IE06")),  # Border, Midland and Western
        ("PT17", ("PT1A", "PT1B")),  # Área Metropolitana de Lisboa, 2024
    ],
)
def test_split_lists_every_successor(old, new):
    s = to_current(old)
    assert (s.status, s.current) == ("split", new)


def test_chain_through_two_revisions():
    # PT163 merged into PT16F in 2013 (Região de Leiria), recoded PT193 in 2024
    s = to_current("PT163")
    assert (s.current, s.rule) == (("PT193",), "nuts-2010→2013→2024")
    assert [c.change for c in s.steps] == ["merge", "recode"]


def test_code_current_again_is_exact():
    # NO072 (Troms) went into NO074 in 2021 and came back in 2024
    assert to_current("NO072").status == "current"


def test_unknown_and_discontinued():
    assert to_current("AT999").status == "unknown"
    s = to_current("UKN02")  # Outer Belfast: Eurostat names no successor
    assert (s.status, s.current, s.since) == ("discontinued", (), "2013")


# ----------------------------------------------------------------------------- roll-up


def test_rollup_nuts3_to_nuts2():
    a = rollup("AT332", {"AT33"})
    assert (a.status, a.region_id, a.rule) == ("resolved", "AT33", "nuts-rollup")
    assert "AT332" in a.detail and "AT33" in a.detail


def test_rollup_nuts3_to_nuts1():
    a = rollup("FRK24", {"FRK"})
    assert (a.region_id, a.rule) == ("FRK", "nuts-rollup")


def test_old_code_mapped_then_rolled_up():
    a = rollup("FR714", {"FRK", "AT33"})
    assert (a.status, a.region_id, a.rule, a.current) == (
        "resolved",
        "FRK",
        "nuts-2013→2016+rollup",
        ("FRK24",),
    )
    assert "NUTS 2013" in a.detail


def test_old_code_mapped_to_a_dataset_region_itself():
    a = rollup("FR7", {"FRK"})
    assert (a.region_id, a.rule) == ("FRK", "nuts-2013→2016")


def test_exact_wins_and_ignores_case():
    assert rollup("at33", {"AT33"}).rule == "exact"
    assert rollup("AT33", {"AT3", "AT33"}).region_id == "AT33"
    assert rollup("AT332", {"AT3", "AT33"}).region_id == "AT33"  # the most specific


def test_split_with_one_successor_in_the_dataset_is_ambiguous():
    a = rollup("PL12", {"PL91", "AT33"})
    assert a.status == "ambiguous"
    assert a.region_id is None
    assert a.candidates == (("PL91", "PL91"), ("PL92", None))
    assert a.rule == "nuts-2013→2016"
    assert "PL92 (outside the dataset)" in a.detail


def test_split_inside_one_dataset_region_resolves():
    a = rollup("PL12", {"PL9"})  # both halves of Mazowieckie lie in the macro-region PL9
    assert (a.status, a.region_id, a.rule) == ("resolved", "PL9", "nuts-2013→2016+rollup")


def test_split_all_outside_is_outside():
    a = rollup("LT00", {"AT33", "FRK"})
    assert (a.status, a.current) == ("outside", ("LT01", "LT02"))


def test_outside_current_and_old_codes():
    assert rollup("DE212", {"AT33", "FRK"}).status == "outside"
    a = rollup("SI02", {"AT33"})
    assert (a.status, a.current) == ("outside", ("SI04",))


def test_dataset_region_in_an_old_version_contains_current_codes():
    a = rollup("FRK24", {"FR71"})  # the dataset still uses Rhône-Alpes' 2013 code
    assert (a.status, a.region_id, a.rule) == ("resolved", "FR71", "nuts-rollup")


def test_country_level_dataset_region():
    a = rollup("SI02", {"SI"})
    assert (a.region_id, a.rule) == ("SI", "nuts-2010→2013+rollup")


def test_coarser_reference_is_ambiguous():
    a = rollup("AT3", {"AT33", "AT31", "FRK"})
    assert (a.status, a.rule) == ("ambiguous", "nuts-coarser")
    assert a.candidates == (("AT3", "AT31"), ("AT3", "AT33"))


def test_discontinued_code_rolls_up_to_an_unchanged_ancestor():
    assert rollup("UKN02", {"UKN0"}).region_id == "UKN0"
    assert rollup("UKN02", {"AT33"}).status == "outside"  # no UK region in the dataset
    assert rollup("UKN02", {"UKM7"}).status == "unknown"


def test_not_nuts_and_unknown_are_answers():
    regions = NutsRegions(["AT33", "tirol-region"])
    assert regions.resolve("Tirol").status == "not-nuts"
    assert regions.resolve("AT999").status == "unknown"
    assert regions.resolve("tirol-region").status == "resolved"  # any id matches exactly


# ----------------------------------------------------------------------------- the data


def test_changes_file_columns_and_kinds():
    rows = _changes()
    assert list(rows[0]) == [
        "from", "to", "level", "old", "new", "change", "found", "partly", "eurostat"
    ]  # fmt: skip
    assert {r["from"] for r in rows} == {"2010", "2013", "2016", "2021"}
    kinds = {"recode", "boundary-shift", "merge", "split", "discontinued"}
    assert {r["change"] for r in rows} <= kinds
    for r in rows:
        new = [c for c in r["new"].split(";") if c]
        assert (len(new) > 1) == (r["change"] == "split"), r
        assert (not new) == (r["change"] == "discontinued"), r
        assert all(len(c) == len(r["old"]) for c in new), r  # successors at the same level


def test_every_successor_is_current_or_changes_later():
    rows = _changes()
    current = _current()
    old_in = {v: {r["old"] for r in rows if r["from"] == v} for v in ("2013", "2016", "2021")}
    stray = set()
    for r in rows:
        for code in filter(None, r["new"].split(";")):
            later = any(code in codes for v, codes in old_in.items() if v >= r["to"])
            if code not in current and not later:
                stray.add(code)
    # The shipped UK codes are the UK's NUTS 2018, so Eurostat's 2021 UK recodes are not in it.
    assert stray == {"UKK24", "UKK25", "UKN0A", "UKN0B", "UKN0C", "UKN0D", "UKN0E", "UKN0F",
                     "UKN0G"}  # fmt: skip
