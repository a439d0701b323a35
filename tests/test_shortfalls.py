"""Why a candidate kind came back empty: one sentence naming the missing prerequisite."""

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from synergy import pipeline

DATA = Path(__file__).parent / "data"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    dst = tmp_path / "mini"
    shutil.copytree(DATA / "mini", dst)
    return dst


def _programmes(mini: Path, rows: str) -> None:
    header = "programme_id,region_id,name,domains,trl_min,trl_max,beneficiaries\n"
    (mini / "programmes.csv").write_text(header + rows, encoding="utf-8")


def test_no_programmes_no_calls(mini):
    result = pipeline.scan(mini)
    assert "call" not in set(result.pairings["kind"])
    assert result.shortfalls == {
        "call": "no call candidates: the dataset has no programmes with taxonomy domains."
    }


def test_programmes_of_one_region_only_names_what_was_found(mini):
    _programmes(mini, "p1,R1,H2 call,hydrogen,4,7,firm\np2,R2,Wood call,forestry-wood,4,7,firm\n")
    why = pipeline.scan(mini).shortfalls["call"]
    assert why.startswith("no call candidates: no two regions have programmes matching a chain")
    assert "R1: hydrogen" in why and "R2: forestry-wood" in why


def test_chains_without_domains_are_named_as_the_reason(mini):
    text = (mini / "value_chains.csv").read_text(encoding="utf-8")
    rows = [line.rsplit(",", 1)[0] + "," for line in text.splitlines()[1:]]
    names = text.splitlines()[0] + "\n" + "\n".join(rows) + "\n"
    # names the taxonomy does not know: nothing to map the chains from
    names = names.replace("Hydrogen", "Kette A").replace("Wood", "Kette B")
    for word in (
        "Production",
        "Storage",
        "Fuel cells",
        "End use",
        "Forestry",
        "Sawmill",
        "Building",
    ):
        names = names.replace(word, f"Stufe {len(word)}")
    (mini / "value_chains.csv").write_text(names, encoding="utf-8")
    _programmes(mini, "p1,R1,H2 call,hydrogen,4,7,firm\np2,R2,H2 too,hydrogen,4,7,firm\n")
    result = pipeline.scan(mini)
    assert result.shortfalls["call"] == (
        "no call candidates: no value chain has taxonomy domains (fill the chains' domains "
        "cells, or give chain and stage names the taxonomy knows)."
    )
    unresolved = result.dataset.unresolved
    assert set(unresolved[unresolved["column"] == "chain_name"]["value"]) == {"Kette A", "Kette B"}


def test_one_region_explains_every_kind(mini):
    for name in ("regions", "priorities", "clusters", "actors"):
        path = mini / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        keep = [lines[0]] + [
            line
            for line in lines[1:]
            if ",R2," not in line and ",R3," not in line and not line.startswith(("R2,", "R3,"))
        ]
        path.write_text("\n".join(keep) + "\n", encoding="utf-8")
    result = pipeline.scan(mini)
    assert set(result.shortfalls) == {
        "shared-priority",
        "value-chain",
        "relatedness",
        "pilot",
        "call",
    }
    assert result.shortfalls["shared-priority"] == (
        "no shared-priority candidates: the dataset has 1 region; shared priorities need two."
    )
    assert (
        "no value chain has actors that hold a stage in two regions"
        in (result.shortfalls["value-chain"])
    )


def test_scan_says_why_on_stderr_and_in_the_report(mini, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["scan", str(mini), "--out", str(out)])
    assert result.exit_code == 0, result.output
    sentence = "No call candidates: the dataset has no programmes with taxonomy domains."
    assert sentence in result.stderr
    assert "no call candidates: the dataset has no programmes" in (out / "report.md").read_text()


def test_pilots_select_unmet_says_why(tmp_path):
    result = CliRunner().invoke(app, ["pilots", str(DATA / "mini"), "--select", "5"])
    assert result.exit_code == 0, result.output
    assert "Chose 1 of the 5 pilots asked for (--select): the scan found only 1 pilot" in (
        " ".join(result.stderr.split())
    )


def test_workshop_tables_unmet_says_why(tmp_path):
    args = [
        "workshop",
        str(DATA / "mini"),
        "--region",
        "R1",
        "--slots",
        "1",
        "--tables",
        "1",
        "--out",
        str(tmp_path / "ws"),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "meetings did not fit --slots 1 x --tables 1:" in result.stderr
