"""Every file of a dataset folder is read, listed as not data, or an error: never silently absent.

Also the formats and encodings real deliveries come in: .ods, legacy .xls, Windows-1252 CSV."""

import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ingest import load_dataset
from ingest.readers import discover
from synergy.core.errors import InputError

DATA = Path(__file__).parent / "data"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    dst = tmp_path / "mini"
    shutil.copytree(DATA / "mini", dst)
    return dst


def _accounted(ds) -> set[str]:
    read = {f["path"] for f in ds.files}
    not_data = {n["path"] for n in ds.not_data if not n["sheet"]}
    return read | not_data


def test_every_kind_of_file_is_accounted_for(mini):
    # data in formats the readers know, and everything else a shared folder collects
    shutil.copy(DATA / "legacy" / "foerderprogramme.xls", mini / "foerderprogramme.xls")
    with pd.ExcelWriter(mini / "cluster-extra.ods", engine="odf") as writer:
        pd.DataFrame(
            {"Cluster": ["c-gamma-ict"], "Nome": ["Gamma ICT Cluster"], "Regione": ["R3"]}
        ).to_excel(writer, sheet_name="Foglio1", index=False)
    wb = openpyxl.Workbook()
    wb.active.title = "Notizen"
    wb.active.append(["Notiz"])
    wb.active.append(["Stand März"])
    wb.create_sheet("Leer")
    wb.save(mini / "notizen-und-leer.xlsx")  # no table at all: an error, naming its sheets
    (mini / "README.txt").write_text("Notes about the delivery.\nSecond line.\n", "utf-8")
    (mini / "Strategie.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (mini / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (mini / "~$actors.xlsx").write_bytes(b"owner" * 10)
    (mini / ".DS_Store").write_bytes(b"\x00\x00")
    (mini / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (mini / ".git").mkdir()
    (mini / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (mini / "_notes").mkdir()
    (mini / "_notes" / "calls.csv").write_text("not,read\n1,2\n", "utf-8")
    out = mini / "old-scan"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"synergy": "0.1", "inputs": []}), "utf-8")
    (out / "pairings.csv").write_text("rank,kind\n", "utf-8")
    with pytest.raises(InputError) as info:
        load_dataset(mini)
    [problem] = info.value.problems
    assert (problem.file, problem.code) == ("notizen-und-leer.xlsx", "missing-sheet")
    assert "Notizen" in problem.message and "Leer" in problem.message
    (mini / "notizen-und-leer.xlsx").unlink()
    ds = load_dataset(mini)
    on_disk = {p.relative_to(mini).as_posix() for p in mini.rglob("*") if p.is_file()}
    folders = {f["path"] for f in ds.skipped_folders}
    assert folders == {".git", "_notes", "old-scan"}
    in_folders = {p for p in on_disk if p.split("/")[0] in folders}
    assert _accounted(ds) | in_folders == on_disk
    why = {n["path"]: n["why"] for n in ds.not_data}
    assert why["~$actors.xlsx"].startswith("lock file")
    assert why["README.txt"] == "text notes (not a table)"
    assert why["Strategie.pdf"] == "PDF document (.pdf)"
    assert {"logo.png", ".DS_Store", "Thumbs.db"} <= set(why)
    scan = next(f for f in ds.skipped_folders if f["path"] == "old-scan")
    assert "earlier synergy scan" in scan["why"] and "(2 files)" in scan["why"]
    # the .xls: its table sheet read (dates, number cells), its notes sheet listed
    [xls] = [f for f in ds.files if f["path"] == "foerderprogramme.xls"]
    assert (xls["sheet"], xls["table"], xls["rows_ingested"]) == (
        "Förderprogramme",
        "programmes",
        2,
    )
    assert ("foerderprogramme.xls", "Hinweise") in {(n["path"], n["sheet"]) for n in ds.not_data}
    programmes = ds.tables["programmes"].set_index("programme_id")
    assert programmes.loc["LX-01", "closes"] == "2025-09-30"
    assert programmes.loc["LX-02", "budget_eur"] == 1_500_000.0
    # the .ods: table by its file name, id by content
    clusters = ds.tables["clusters"].set_index("cluster_id")
    assert clusters.loc["c-gamma-ict", "name"] == "Gamma ICT Cluster"


def test_a_csv_that_is_no_table_is_an_error_not_notes(mini):
    (mini / "liste.csv").write_text("Spalte;Bedeutung\nA;B\n", "utf-8")
    with pytest.raises(InputError) as info:
        load_dataset(mini)
    [problem] = info.value.problems
    assert (problem.file, problem.code) == ("liste.csv", "unknown-table")


def test_a_txt_holding_a_table_is_read(mini):
    text = (mini / "clusters.csv").read_text("utf-8")
    (mini / "clusters.csv").unlink()
    (mini / "export.txt").write_text(text, "utf-8")  # a name that says nothing
    ds = load_dataset(mini)
    [entry] = [f for f in ds.files if f["path"] == "export.txt"]
    assert (entry["table"], entry["table_rule"]) == ("clusters", "headers")


def test_dataset_that_is_a_scan_output_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"synergy": "0.1", "inputs": []}))
    with pytest.raises(InputError, match="output folder of a synergy scan"):
        load_dataset(tmp_path)


def test_discover_lists_without_reading(mini):
    (mini / "columns.toml").write_text("[actors]\n", "utf-8")
    found = discover(mini)
    assert [n.path for n in found.not_data] == ["columns.toml"]
    assert "column mapping" in found.not_data[0].why


def test_windows_1252_csv_keeps_its_en_dash(mini):
    text = (mini / "actors.csv").read_text("utf-8").replace("Alpha Tanks AG", "Alpha – Tanks AG")
    (mini / "actors.csv").write_bytes(text.encode("cp1252"))
    ds = load_dataset(mini)
    assert "Alpha – Tanks AG" in set(ds.tables["actors"]["name"])
    entry = next(f for f in ds.files if f["path"] == "actors.csv")
    assert entry["encoding"] == "cp1252"
