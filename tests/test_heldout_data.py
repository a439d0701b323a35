"""The held-out dataset (tests/data/heldout/) agrees with its own expectations.

These tests check the fixture, not a reader: every file of the delivery is accounted for in
expected.toml, every header and referenced cell listed there is really in the file, the
NUTS decisions are what ingest.nuts answers, and the generated binaries are current. The
readers that must reach these decisions are issue 11 part B.
"""

import csv
import io
import json
import re
import tomllib
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from ingest.dataset import load_dataset
from ingest.nuts import NutsRegions
from synergy.core.taxonomy import Taxonomy

HELDOUT = Path(__file__).parent / "data" / "heldout"
DELIVERY = HELDOUT / "delivery"


@pytest.fixture(scope="module")
def expected() -> dict:
    return tomllib.loads((HELDOUT / "expected.toml").read_text(encoding="utf-8"))


def _sheets(path: Path, encoding: str | None = None) -> dict[str | None, pd.DataFrame]:
    """Return {sheet or None: frame of strings} for a delivered data file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".ods"):
        engine = "odf" if suffix == ".ods" else "openpyxl"
        return pd.read_excel(path, sheet_name=None, engine=engine, dtype=str)
    if suffix == ".json":
        return {None: pd.DataFrame(json.loads(path.read_text(encoding="utf-8")), dtype=str)}
    text = path.read_bytes().decode(encoding or "utf-8-sig")
    sep = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    return {None: pd.DataFrame(rows[1:], columns=rows[0], dtype=str)}


def test_every_file_and_sheet_is_accounted_for(expected):
    on_disk = {p.relative_to(DELIVERY).as_posix() for p in DELIVERY.rglob("*") if p.is_file()}
    scan = expected["scan_output"][0]
    listed = {f"{scan['folder']}/{name}" for name in scan["files"]}
    listed |= {t["path"] for t in expected["table"]}
    listed |= {n["path"] for n in expected["not_data"] if "sheet" not in n}
    assert listed == on_disk
    for path in {t["path"] for t in expected["table"] if "sheet" in t}:
        sheets = set(_sheets(DELIVERY / path))
        named = {t["sheet"] for t in expected["table"] if t["path"] == path}
        named |= {n["sheet"] for n in expected["not_data"] if n["path"] == path and "sheet" in n}
        assert named == sheets, path


def test_scan_output_folder_is_a_real_synergy_scan(expected):
    folder = DELIVERY / expected["scan_output"][0]["folder"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {"inputs", "settings", "candidates"} <= set(manifest)
    assert (folder / "pairings.csv").read_text(encoding="utf-8").startswith("rank,kind,regions")


@pytest.mark.parametrize("index", range(22))
def test_listed_headers_are_the_files_headers(expected, index):
    entry = expected["table"][index]
    frame = _sheets(DELIVERY / entry["path"], entry.get("encoding"))[entry.get("sheet")]
    assert list(entry["headers"]) == list(frame.columns)
    assert len(frame) == entry["rows"]


def test_table_count_matches(expected):
    assert len(expected["table"]) == 22
    totals = expected["totals"]
    rows = {}
    for t in expected["table"]:
        rows[t["table"]] = rows.get(t["table"], 0) + t["rows"]
    assert rows["regions"] == totals["regions"]
    assert rows["priorities"] == totals["priorities"]
    assert rows["clusters"] == totals["clusters"]
    assert rows["actors"] == totals["actors_read"]
    assert rows["programmes"] == totals["programmes"]
    assert rows["value_chains"] == totals["value_chains"]


def test_cp1252_file_is_not_latin1_text():
    data = (DELIVERY / "Emilia-Romagna" / "Attori ecosistema ER.csv").read_bytes()
    assert b"\x96" in data  # the en dash of Windows-1252
    assert "Università di Bologna – Alma Mater Studiorum" in data.decode("cp1252")


def test_references_are_in_the_files_and_agree_with_ingest_nuts(expected):
    regions = NutsRegions(expected["regions"])
    encodings = {t["path"]: t.get("encoding") for t in expected["table"]}
    for ref in expected["reference"]:
        frame = _sheets(DELIVERY / ref["path"], encodings[ref["path"]])[ref.get("sheet")]
        column = frame[ref["column"]].tolist()
        if "row" in ref:
            assert column[ref["row"] - 2] == ref["value"], ref
            answer = regions.resolve(ref["value"])
            assert answer.status == ref["status"], (ref, answer)
            assert list(answer.current) == ref["current"], (ref, answer)
            if ref["status"] == "resolved":
                assert (answer.region_id, answer.rule) == (ref["region_id"], ref["rule"])
            if ref["status"] == "ambiguous":
                got = {code: region or "" for code, region in answer.candidates}
                assert got == ref["candidates"]
            continue
        for value, region in ref["values"].items():
            assert value in column, (ref["path"], value)
            if ref["rule"] in ("name", "exact"):
                continue
            answer = regions.resolve(value)
            rule = ref.get("rules", {}).get(value, ref["rule"])
            assert (answer.status, answer.region_id, answer.rule) == ("resolved", region, rule)


def test_region_folders_name_regions_of_the_dataset(expected):
    for folder, region in expected["region_folders"].items():
        assert (DELIVERY / folder).is_dir()
        assert region in expected["regions"]


def test_value_chains_have_no_domains():
    rows = list(csv.DictReader(io.StringIO((DELIVERY / "Pilotketten.csv").read_text("utf-8")),
                               delimiter=";"))  # fmt: skip
    assert len(rows) == 12 and all(r["Domänen"] == "" for r in rows)


def test_broken_cases_hold_the_competing_columns(expected):
    for case in expected["broken"]:
        frame = _sheets(HELDOUT / case["dataset"] / case["path"])[None]
        for column, first in case["competing"].items():
            assert frame[column].tolist()[: len(first)] == first


def test_generated_binaries_are_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_delivered", Path(__file__).parent.parent / "tools" / "make_delivered.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    files = module.files()
    assert files == module.files()  # deterministic
    for rel, data in files.items():
        path = DELIVERY / rel
        if path.suffix in (".xlsx", ".ods") and not path.name.startswith("~$"):
            # Workbook bytes depend on the openpyxl/odfpy version: compare the cells.
            engine = "odf" if path.suffix == ".ods" else "openpyxl"
            fresh = pd.read_excel(io.BytesIO(data), sheet_name=None, engine=engine, dtype=str)
            committed = _sheets(path)
            assert list(fresh) == list(committed), rel
            for name, frame in fresh.items():
                pd.testing.assert_frame_equal(frame, committed[name], obj=f"{rel} [{name}]")
        else:
            assert path.read_bytes() == data, rel


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def test_decisions_applied_by_hand_give_a_valid_dataset(expected, tmp_path):
    """Applying expected.toml's decisions (headers, regions, six-language enumeration words,
    PKD codes) by hand gives canonical tables today's loader accepts, with the totals listed:
    the decisions are complete and consistent with each other."""
    path = Path(__file__).parent.parent / "ingest" / "data" / "values.toml"
    words = tomllib.loads(path.read_text(encoding="utf-8"))
    enum = {
        (column, _fold(word)): value
        for column, values in words.items()
        for value, langs in values.items()
        for lang, lang_words in langs.items()
        if lang != "words"  # the six languages part A added; the five are parsed today
        for word in lang_words
    }
    regions = NutsRegions(expected["regions"])
    tables: dict[str, list[pd.DataFrame]] = {}
    reported = 0
    for entry in expected["table"]:
        frame = _sheets(DELIVERY / entry["path"], entry.get("encoding"))[entry.get("sheet")]
        names = {h: m["column"] for h, m in entry["headers"].items() if m["column"]}
        frame = frame[[h for h in frame.columns if h in names]].rename(columns=names)
        folder = expected["region_folders"].get(entry["path"].split("/")[0])
        if "region_id" in frame.columns or folder:
            refs = frame.get("region_id", pd.Series([None] * len(frame), index=frame.index))
            ids = []
            for ref in refs:
                if not isinstance(ref, str) or not ref:
                    ids.append(folder)
                    continue
                answer = regions.resolve(ref)
                rid = answer.region_id or ("PL91" if ref == "Warszawski stołeczny" else None)
                ids.append(rid if rid and (folder in (None, rid)) else None)
            frame = frame.assign(region_id=ids)
            reported += int(frame["region_id"].isna().sum())
            frame = frame[frame["region_id"].notna()]
        for column in ("type", "size", "development"):
            if column in frame.columns:
                frame[column] = [enum.get((column, _fold(v)), v) for v in frame[column]]
        if "nace" in frame.columns:
            frame["nace"] = [re.sub(r"\.[A-Z]$", "", v) if isinstance(v, str) else v
                             for v in frame["nace"]]  # fmt: skip
        if "beneficiaries" in frame.columns:
            frame["beneficiaries"] = [
                ";".join(enum.get(("type", _fold(x)), x.strip()) for x in v.split(";"))
                if isinstance(v, str) else v
                for v in frame["beneficiaries"]
            ]  # fmt: skip
        tables.setdefault(entry["table"], []).append(frame)
    for table, frames in tables.items():
        pd.concat(frames, ignore_index=True).to_csv(tmp_path / f"{table}.csv", index=False)
    dataset = load_dataset(tmp_path)
    totals = expected["totals"]
    assert reported == totals["actors_reported"]
    assert len(dataset.tables["actors"]) == totals["actors_ingested"]
    for table in ("regions", "priorities", "clusters", "programmes", "value_chains"):
        assert len(dataset.tables[table]) == totals[table], table
    assert dataset.unresolved.empty


def test_chains_map_from_their_names(expected):
    taxonomy = Taxonomy.load()
    rows = list(csv.DictReader(io.StringIO((DELIVERY / "Pilotketten.csv").read_text("utf-8")),
                               delimiter=";"))  # fmt: skip
    for chain in expected["chain"]:
        texts = [f"{r['Kettenname']}. {r['Stufenname']}" for r in rows
                 if r["Kette"] == chain["chain_id"]]  # fmt: skip
        found = {m.domain_id for t in texts for m in taxonomy.map_text(t, language="de")}
        assert set(chain["domains_at_least"]) <= found, chain["chain_id"]
