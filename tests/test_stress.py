"""S3 stress test on tests/data/stress: unbacked priorities, one-actor stages, concentration.

The crafted dataset (3 regions) is built so every number can be checked by hand:

* Alpha (R1): priorities Hydrogen valley, Aerospace, Timber; clusters in hydrogen and wood.
  Aerospace has neither cluster nor actor. Its forestry stage rests on Alpha Forst KG alone
  (Beta also has a forester). Portfolio: priorities 1/3 each of hydrogen, aerospace, wood;
  clusters 1/2 hydrogen, 1/2 wood; combined (mean) 5/12, 1/6, 5/12 -> HHI 54/144 = 0.375.
* Beta (R2): 6 priorities, 5 clusters. Legno (wood) has no cluster but a forester behind it;
  Digitale, Agroalimentare and Turismo have clusters without members, so no actor. Hydrogen
  storage rests on one actor that no other region has either. HHI = 5 (11/60)^2 + (1/12)^2.
* Gamma (R3): three agri-food priorities and one agri-food cluster: HHI 1, all backed
  (a cluster in the same domain counts even without a SUPPORTS link).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from ingest import load_dataset
from synergy.algorithms.stress import stress_test
from synergy.graph.build import build_graph

DATA = Path(__file__).parent / "data" / "stress"
runner = CliRunner()


@pytest.fixture(scope="module")
def report():
    from synergy.core.taxonomy import Taxonomy

    tax = Taxonomy.load()
    ds = load_dataset(DATA, taxonomy=tax)
    return stress_test(build_graph(ds.tables, tax))


def _flags(report, region: str) -> dict[str, pd.Series]:
    rows = report.flags[report.flags["region_id"] == region]
    return {r["indicator"]: r for _, r in rows.iterrows()}


def test_stress_priority_without_cluster(report):
    regions = report.regions.set_index("region_id")
    assert regions.loc["R1", "no_cluster"] == "Aerospace"
    assert regions.loc["R1", "no_actor"] == "Aerospace"
    assert regions.loc["R2", "no_cluster"] == "Legno"
    assert regions.loc["R3", "priorities_no_cluster"] == 0
    flag = _flags(report, "R1")["no_cluster"]
    assert flag["message"] == "1 of 3 priorities (Aerospace) has no cluster behind it."
    assert flag["severity"] == "medium"


def test_stress_priority_without_actor(report):
    regions = report.regions.set_index("region_id")
    assert regions.loc["R2", "no_actor"] == "Digitale;Agroalimentare;Turismo"
    flag = _flags(report, "R2")["no_actor"]
    assert flag["severity"] == "high"  # half of the priorities
    assert flag["message"].startswith("3 of 6 priorities (Digitale, Agroalimentare, Turismo)")


def test_stress_single_point_of_failure(report):
    regions = report.regions.set_index("region_id")
    assert regions.loc["R1", "single_points"] == 1
    assert regions.loc["R1", "single_point_stages"] == "Wood: Forestry (Alpha Forst KG)"
    assert regions.loc["R2", "single_points"] == 2
    assert (
        "Hydrogen: Storage (Serbatoi Tirreno S.r.l., only one in all regions)"
        in (regions.loc["R2", "single_point_stages"])
    )
    # two actors on hydrogen production and two on end use: no single point there
    assert "Production" not in regions.loc["R1", "single_point_stages"]
    assert "End use" not in regions.loc["R2", "single_point_stages"]
    assert _flags(report, "R1")["single_points"]["severity"] == "medium"
    assert _flags(report, "R2")["single_points"]["severity"] == "high"
    assert regions.loc["R3", "single_points"] == 0


def test_stress_concentration(report):
    regions = report.regions.set_index("region_id")
    assert regions.loc["R1", "hhi"] == pytest.approx(54 / 144)
    assert regions.loc["R2", "hhi"] == pytest.approx(5 * (11 / 60) ** 2 + (1 / 12) ** 2)
    assert regions.loc["R3", "hhi"] == pytest.approx(1.0)
    assert regions.loc["R3", "effective_domains"] == pytest.approx(1.0)
    assert _flags(report, "R3")["hhi"]["severity"] == "high"
    assert _flags(report, "R1")["hhi"]["severity"] == "medium"
    assert "hhi" not in _flags(report, "R2")


def test_stress_region_table_shape(report):
    regions = report.regions.set_index("region_id")
    assert list(regions.index) == ["R1", "R2", "R3"]
    assert regions.loc["R2", "development"] == "transition"
    assert regions.loc[["R1", "R2", "R3"], "clusters"].tolist() == [2, 5, 1]
    assert regions.loc[["R1", "R2", "R3"], "actors"].tolist() == [3, 4, 1]
    assert regions["flags"].tolist() == [4, 3, 1]
    assert len(report.flags) == 8
    # Gamma holds a single specialised domain: coherence is undefined, not 0
    assert pd.isna(regions.loc["R3", "coherence"])


def test_stress_benchmark_against_median(report):
    bench = report.benchmark
    hhi = bench[bench["indicator"] == "hhi"].set_index("region_id")
    assert hhi["median"].unique().tolist() == [pytest.approx(0.375)]
    assert hhi.loc["R2", "assessment"] == "better"
    assert hhi.loc["R3", "assessment"] == "worse"
    assert hhi.loc["R1", "position"] == "at median"
    backing = bench[bench["indicator"] == "cluster_backing"].set_index("region_id")
    assert backing.loc["R3", "value"] == 1.0
    assert backing.loc["R1", "message"] == (
        "Priorities with a cluster behind them: 67%, worse than the median of all regions (83%)."
    )


def test_stress_command_writes_files(tmp_path):
    out = tmp_path / "stress-out"
    result = runner.invoke(app, ["stress", str(DATA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json",
        "stress-benchmark.csv",
        "stress-flags.csv",
        "stress.csv",
        "stress.md",
    ]
    with open(out / "stress.csv", encoding="utf-8", newline="") as fh:
        rows = {r["region_id"]: r for r in csv.DictReader(fh)}
    assert rows["R1"]["no_cluster"] == "Aerospace" and rows["R1"]["hhi"] == "0.3750"
    flags = (out / "stress-flags.csv").read_text(encoding="utf-8")
    assert "1 of 3 priorities (Aerospace) has no cluster behind it." in flags
    md = (out / "stress.md").read_text(encoding="utf-8")
    assert md.startswith("# S3 stress test: stress")
    assert "Serbatoi Tirreno S.r.l." in md
    assert json.loads((out / "manifest.json").read_text())["stress"]["flags"] == 8
    assert "R1" in result.stdout and "flags" in result.stdout
    # a rerun replaces the folder and gives the same bytes
    before = (out / "stress.csv").read_bytes()
    again = runner.invoke(app, ["stress", str(DATA), "--out", str(out), "--quiet"])
    assert again.exit_code == 0 and again.stdout == ""
    assert (out / "stress.csv").read_bytes() == before


def test_stress_command_refuses_scan_folder(tmp_path):
    out = tmp_path / "scan"
    out.mkdir()
    (out / "manifest.json").write_text("{}")
    (out / "pairings.csv").write_text("rank\n")
    result = runner.invoke(app, ["stress", str(DATA), "--out", str(out), "--quiet"])
    assert result.exit_code == 1
    assert "--out:" in result.output and "choose another output folder" in result.output
    assert (out / "pairings.csv").read_text() == "rank\n"


def test_stress_command_escapes_formula_text(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for f in DATA.iterdir():
        text = f.read_text(encoding="utf-8").replace("Aerospace", "=HYPERLINK(1)")
        (data / f.name).write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    result = runner.invoke(app, ["stress", str(data), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "'=HYPERLINK(1)" in (out / "stress.csv").read_text(encoding="utf-8")
    assert ",=HYPERLINK" not in (out / "stress-flags.csv").read_text(encoding="utf-8")


def test_stress_command_help_has_example():
    result = runner.invoke(app, ["stress", "--help"])
    assert result.exit_code == 0
    assert "Example: synergy stress examples/alpine-space --out out/stress" in result.output
