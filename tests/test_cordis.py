"""``synergy import cordis``: the published CORDIS layout in, dataset tables out.

Expected values are worked out by hand from the fixtures (see tests/data/cordis/SOURCES.md):
``h2020/`` (5 projects, 19 organisation rows) and ``cordis-HORIZONprojects-csv.zip`` (5
projects, 18 rows, files under ``csv/``), with the regions of ``tests/data/cordis-regions``
(AT31, DE21, ITC4, FRC2, FRK2, SI04). Organisations O1..O19 of SOURCES.md have the ids
999000011, 999000022, ... (O10 is 999000101, O11 999000112, ... O19 999000190).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import sys
import tracemalloc
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from ingest.cordis import CordisSettings, RegionRollup, import_cordis
from ingest.cordis_layout import iso_country, nuts_at_level, nuts_code, parse_date, parse_money
from synergy.core.errors import InputError

DATA = Path(__file__).parent / "data"
H2020 = DATA / "cordis" / "h2020"
HORIZON = DATA / "cordis" / "cordis-HORIZONprojects-csv.zip"
BROKEN = DATA / "cordis" / "broken"
REGIONS_DATASET = DATA / "cordis-regions"
REGIONS = ["AT31", "DE21", "ITC4", "FRC2", "FRK2", "SI04"]
BOTH = [H2020, HORIZON]

runner = CliRunner()


class Tables:
    """An in-memory sink: table -> list of rows."""

    def __init__(self):
        self.rows = defaultdict(list)

    def write(self, table: str, row: dict) -> None:
        self.rows[table].append(dict(row))

    def by(self, table: str, key: str) -> dict:
        return {r[key]: r for r in self.rows[table]}


def run(sources=BOTH, regions=REGIONS, **settings):
    sink = Tables()
    report = import_cordis(
        sources, sink, region_ids=regions, settings=CordisSettings(**settings) if settings else None
    )
    return sink, report


@pytest.fixture(scope="module")
def imported():
    return run()


def org(n: int) -> str:
    """Return the actor id of organisation On of SOURCES.md."""
    ids = {10: "999000101", 11: "999000112", 12: "999000123", 13: "999000134"}
    ids.update({14: "999000145", 15: "999000156", 16: "999000167", 17: "999000178"})
    ids.update({18: "999000189", 19: "999000190"})
    return "cordis-" + ids.get(n, f"9990000{n}{n}")


# --------------------------------------------------------------------------- cell values


def test_parse_money_reads_decimal_comma_and_point():
    assert parse_money("960619,95") == 960619.95  # organization.csv totalCost
    assert parse_money("528340.97") == 528340.97  # organization.csv netEcContribution
    assert parse_money("230000") == 230000.0  # project.csv ecMaxContribution
    assert parse_money("1.234.567,5") == parse_money("1,234,567.5") == 1234567.5
    assert parse_money("") is None
    with pytest.raises(ValueError):
        parse_money("12 EUR")


def test_parse_date_keeps_the_day_of_timestamps():
    assert parse_date("2022-10-28 14:07:26") == "2022-10-28"
    with pytest.raises(ValueError):
        parse_date("28/10/2022")


def test_country_and_nuts_codes():
    assert (iso_country("EL"), iso_country("UK"), iso_country("DE")) == ("GR", "GB", "DE")
    assert (nuts_code(" itc45 "), nuts_code("DE"), nuts_code(""), nuts_code("DE;HU")) == (
        "ITC45",
        "DE",
        "",
        "",
    )
    assert [nuts_at_level("AT312", lv) for lv in (0, 1, 2, 3)] == ["AT", "AT3", "AT31", "AT312"]


# --------------------------------------------------------------------------- regions


def test_rollup_prefers_the_longest_dataset_prefix():
    rollup = RegionRollup(["DE2", "DE21", "SI0"], level=2)
    assert rollup.resolve("DE212") == ("DE21", True, "")
    assert rollup.resolve("DE271") == ("DE2", True, "")
    assert rollup.resolve("SI041") == ("SI0", True, "")


def test_rollup_outside_keeps_own_code_at_level_and_flags_coarse_codes():
    rollup = RegionRollup(REGIONS, level=2)
    assert rollup.resolve("EL303") == ("EL30", False, "")
    assert rollup.resolve("XK") == ("XK", False, "")  # a country with no dataset region
    region, inside, why = rollup.resolve("DE")
    assert (region, inside) == ("", False) and "DE21" in why
    assert rollup.resolve("")[2].startswith("no nutsCode")
    assert RegionRollup(None, level=3).resolve("AT312") == ("AT312", True, "")
    assert "less precise" in RegionRollup(None, level=3).resolve("AT31")[2]


def test_rollup_uses_the_nuts_version_hook():
    # Franche-Comté was FR43 in NUTS 2013 and is FRC2 since 2016.
    old_to_new = {"FR431": ("FR431", "FRC21")}
    rollup = RegionRollup(REGIONS, level=2, nuts_candidates=lambda c: old_to_new.get(c, (c,)))
    assert rollup.resolve("FR431") == ("FRC2", True, "")
    assert RegionRollup(REGIONS, level=2).resolve("FR431") == ("FR43", False, "")


def test_rollup_refuses_datasets_without_nuts_ids():
    with pytest.raises(InputError, match="NUTS"):
        RegionRollup(["R1", "Bavaria"], level=2)


# --------------------------------------------------------------------------- the fixture


def test_actors_one_per_organisation_in_the_dataset_regions(imported):
    sink, _ = imported
    actors = sink.by("actors", "actor_id")
    expected = {
        1: "DE21",
        2: "ITC4",
        3: "AT31",
        4: "ITC4",
        5: "DE21",
        6: "SI04",
        7: "AT31",
        8: "FRC2",
        9: "FRK2",
        10: "SI04",
        11: "SI04",
        12: "AT31",
        13: "ITC4",
    }
    assert {a: r["region_id"] for a, r in actors.items()} == {
        org(n): r for n, r in expected.items()
    }
    assert len(sink.rows["actors"]) == 13  # O1 is in three projects, still one actor
    mueller = actors[org(1)]
    assert mueller["name"] == "MUELLER PRAEZISIONSTEILE GMBH"
    assert (mueller["source_id"], mueller["cordis_nuts"], mueller["in_dataset"]) == (
        "999000011",
        "DE212",
        True,
    )


def test_activity_types_and_sme_map_to_type_and_size(imported):
    sink, _ = imported
    actors = {**sink.by("actors", "actor_id"), **sink.by("outside_actors", "actor_id")}
    types = {n: actors[org(n)]["type"] for n in (1, 3, 11, 12, 13)}
    assert types == {1: "firm", 3: "university", 11: "research", 12: "intermediary", 13: "public"}
    assert actors[org(1)]["size"] == "small"  # SME "true"
    assert actors[org(9)]["size"] == ""  # SME "false"
    assert actors[org(18)]["size"] == ""  # SME empty


def test_partners_outside_and_unknown_regions_are_kept_apart(imported):
    sink, _ = imported
    outside = sink.by("outside_actors", "actor_id")
    assert {a: (r["region_id"], r["country"]) for a, r in outside.items()} == {
        org(14): ("EL30", "GR"),  # EL -> GR, NUTS code keeps EL
        org(15): ("UKC2", "GB"),  # UK -> GB
        org(16): ("ES21", "ES"),
        org(17): ("CH02", "CH"),
        org(18): ("", "FR"),  # empty nutsCode
        org(19): ("", "DE"),  # nutsCode only "DE"
    }
    assert not any(r["in_dataset"] for r in outside.values())
    participants = {p["actor_id"] for p in sink.rows["participations"]}
    assert participants == set(sink.by("actors", "actor_id")) | set(outside)
    # the participation names its organisation, so a scan can name partners outside
    names = {a: r["name"] for a, r in {**sink.by("actors", "actor_id"), **outside}.items()}
    assert all(p["actor_name"] == names[p["actor_id"]] for p in sink.rows["participations"])
    assert {
        (p["project_id"], p["actor_name"], p["region_id"])
        for p in sink.rows["participations"]
        if p["actor_id"] == org(15)
    } == {("723001", "NORTHERN COMPOSITES LIMITED", "UKC2"),
          ("101090003", "NORTHERN COMPOSITES LIMITED", "UKC2")}  # fmt: skip


def test_unresolved_names_file_row_column_and_reason(imported):
    sink, _ = imported
    rows = [(u["file"], u["row"], u["column"], u["value"]) for u in sink.rows["unresolved"]]
    assert rows == [
        ("h2020/organization.csv", 14, "nutsCode", ""),
        ("h2020/organization.csv", 17, "nutsCode", "DE"),
    ]
    assert "too coarse" in sink.rows["unresolved"][1]["reason"]


def test_projects_outside_the_regions_are_left_out(imported):
    sink, report = imported
    projects = sink.by("projects", "project_id")
    assert len(projects) == 9 and "101130005" not in projects  # SEAWIND: ES and UK only
    zip_files = report.files["cordis-HORIZONprojects-csv.zip:csv/project.csv"]
    assert zip_files["skipped"] == {"no participant in the dataset's regions": 1}
    assert len(sink.rows["participations"]) == 19 + 16


def test_money_decimal_commas_and_points(imported):
    sink, _ = imported
    parts = {(p["project_id"], p["actor_id"]): p for p in sink.rows["participations"]}
    lightplast = parts[("723001", org(7))]
    assert lightplast["ec_contribution_eur"] == 1187500.5  # "1187500.5"
    assert lightplast["total_cost_eur"] == 1187500.5  # "1187500,5"
    assert parts[("723001", org(4))]["total_cost_eur"] == 870000.25  # "870000,25"
    assert parts[("101070002", org(17))]["ec_contribution_eur"] is None  # ""
    assert parts[("101070002", org(17))]["role"] == "associatedPartner"
    assert parts[("768002", org(12))]["role"] == "thirdParty"
    projects = sink.by("projects", "project_id")
    for pid, project in projects.items():
        shares = [p["ec_contribution_eur"] or 0 for (q, _), p in parts.items() if q == pid]
        assert sum(shares) == pytest.approx(project["ec_contribution_eur"]), pid
    assert projects["723001"]["total_cost_eur"] == 3120000.0


def test_projects_dates_programme_and_source(imported):
    sink, report = imported
    p = sink.by("projects", "project_id")
    assert (p["723001"]["start"], p["723001"]["end"]) == ("2015-10-01", "2018-09-30")
    assert (p["723001"]["programme"], p["723001"]["source"]) == ("H2020", "cordis-h2020")
    assert (p["101070002"]["scheme"], p["101070002"]["source"]) == ("HORIZON-IA", "cordis-horizon")
    assert p["101070002"]["topics"] == "HORIZON-CL4-2021-TWIN-TRANSITION-01-01"
    assert report.releases == {"H2020": 5, "HORIZON": 4}
    assert sorted(x["start"][:4] for x in p.values()) == [
        "2015",
        "2015",
        "2017",
        "2019",
        "2020",
        "2021",
        "2022",
        "2023",
        "2024",
    ]


def test_domains_come_from_euroscivoc_with_term_and_score(imported):
    sink, _ = imported
    p = sink.by("projects", "project_id")
    # H2020 euroSciVoc.csv has projectID first, HORIZON's has it last: both are read by name
    assert p["768002"]["domains"] == "advanced-manufacturing;mechatronics"
    assert p["768002"]["domain_terms"] == "additive manufacturing;robotics"
    assert p["101070002"]["domains"] == "mechatronics"
    assert p["101070002"]["domain_terms"] == "robotics"
    assert p["101050001"]["domain_source"] == "euroSciVoc"
    scores = [float(s) for s in p["768002"]["domain_scores"].split(";")]
    assert scores == sorted(scores, reverse=True) and all(0.85 <= s <= 1 for s in scores)


def test_domains_fall_back_to_the_title(imported):
    sink, _ = imported
    earlymat = sink.by("projects", "project_id")["651005"]  # no euroSciVoc rows
    assert (earlymat["domain_source"], earlymat["domains"]) == ("title", "plastics")


def test_without_regions_every_project_and_nuts2_region(tmp_path):
    sink, report = run(regions=None)
    assert len(sink.rows["projects"]) == 10
    assert len(sink.rows["participations"]) == 37
    actors = sink.by("actors", "actor_id")
    assert len(actors) == 17
    assert actors[org(14)]["region_id"] == "EL30" and actors[org(14)]["country"] == "GR"
    assert actors[org(17)]["region_id"] == "CH02"
    assert set(sink.by("outside_actors", "actor_id")) == {org(18), org(19)}
    assert "less precise than NUTS level 2" in sink.rows["unresolved"][1]["reason"]
    level1, _ = run(regions=None, level=1)
    assert level1.by("actors", "actor_id")[org(1)]["region_id"] == "DE2"


def test_years_filter_projects_participations_and_actors():
    sink, report = run(year_from=2019, year_until=2022)
    assert sorted(sink.by("projects", "project_id")) == [
        "101050001",
        "101070002",
        "826003",
        "870004",
    ]
    assert len(sink.rows["participations"]) == 19
    assert len(sink.rows["actors"]) == 12  # O12 and O15 only took part in other years
    assert org(12) not in sink.by("actors", "actor_id")
    assert len(sink.rows["outside_actors"]) == 5
    h2020 = report.files["h2020/project.csv"]
    assert h2020["skipped"] == {"start year outside the years asked for": 3}
    orgs = report.files["h2020/organization.csv"]
    assert orgs["skipped"] == {"project not imported: start year outside the years asked for": 10}


def _data_rows(label: str) -> int:
    """Count the data rows of a fixture file independently (csv module, whole file)."""
    if ":" in label:
        zip_name, member = label.split(":")
        text = zipfile.ZipFile(DATA / "cordis" / zip_name).read(member).decode("utf-8")
    else:
        text = (DATA / "cordis" / label).read_text(encoding="utf-8")
    return len(list(csv.reader(io.StringIO(text), delimiter=";"))) - 1


@pytest.mark.parametrize("settings", [{}, {"year_from": 2019, "year_until": 2022}])
def test_every_row_is_accounted_for(settings):
    _, report = run(**settings)
    assert len(report.files) == 6
    for label, entry in report.files.items():
        assert entry["read"] == _data_rows(label), label
        assert entry["read"] == entry["written"] + sum(entry["skipped"].values()), label


def test_one_source_alone_and_order_of_sources_does_not_change_actors():
    horizon_only, _ = run(sources=[HORIZON])
    assert len(horizon_only.rows["projects"]) == 4
    swapped, _ = run(sources=[HORIZON, H2020])
    assert swapped.rows["actors"] == run()[0].rows["actors"]


def test_columns_are_read_by_name_in_any_order(tmp_path):
    src = tmp_path / "reordered"
    shutil.copytree(H2020, src)
    with (H2020 / "project.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    order = [c for c in rows[0] if c != "legalBasis"] + ["legalBasis", "keywords"]
    index = {c: i for i, c in enumerate(rows[0])}
    with (src / "project.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(order)
        for row in rows[1:]:
            writer.writerow([row[index[c]] if c in index else "plastics, moulds" for c in order])
    reordered, original = run(sources=[src])[0].rows, run(sources=[H2020])[0].rows
    for table in ("projects", "participations", "actors", "outside_actors"):
        assert reordered[table] == original[table], table
    assert [u["row"] for u in reordered["unresolved"]] == [14, 17]


# --------------------------------------------------------------------------- error paths


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("no-organization.zip", ["holds no organization.csv", "found: csv/euroSciVoc.csv"]),
        ("missing-column", ["organization.csv, row 1", "nutsCode", "found: projectID"]),
        ("broken-quote", ["broken-quote/organization.csv, row 2", "quote"]),
        ("unknown-release", ["row 2, column 'frameworkProgramme'", "'FP7'", "H2020, HORIZON"]),
    ],
)
def test_broken_sources_give_one_clear_error(source, words, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["import", "cordis", str(BROKEN / source), "--out", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output
    assert "Fix:" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_row_with_too_many_fields_is_an_error(tmp_path):
    src = tmp_path / "extra-field"
    shutil.copytree(H2020, src)
    text = (src / "organization.csv").read_text(encoding="utf-8").splitlines()
    text[3] += ';"surplus"'
    (src / "organization.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 4: the row has 26 fields where the header has 25"):
        run(sources=[src])


def test_bad_cells_are_listed_not_dropped(tmp_path):
    src = tmp_path / "bad-cells"
    shutil.copytree(H2020, src)
    org_csv = (src / "organization.csv").read_text(encoding="utf-8")
    org_csv = org_csv.replace(
        '"1187500.5";"1187500.5";"1187500,5"', '"n/a";"1187500.5";"1187500,5"'
    )
    org_csv += org_csv.splitlines()[2].replace('"723001"', '"999999"', 1) + "\n"
    (src / "organization.csv").write_text(org_csv, encoding="utf-8")
    sink, report = run(sources=[src])
    reasons = {(u["column"], u["value"]): u["reason"] for u in sink.rows["unresolved"]}
    assert reasons[("ecContribution", "n/a")] == "not an amount; left empty"
    assert reasons[("projectID", "999999")] == "project not in project.csv"
    parts = {(p["project_id"], p["actor_id"]): p for p in sink.rows["participations"]}
    assert parts[("723001", org(7))]["ec_contribution_eur"] is None
    entry = report.files["bad-cells/organization.csv"]
    assert (entry["read"], entry["written"]) == (20, 19)
    assert entry["skipped"] == {"project not imported: project not in project.csv": 1}


def test_regions_dataset_without_nuts_ids_is_refused(tmp_path, mini):
    result = runner.invoke(
        app, ["import", "cordis", str(H2020), "--regions", str(mini), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "none of the dataset's region ids is a NUTS code" in result.output


def test_from_after_until_is_a_usage_error(tmp_path):
    args = ["import", "cordis", str(H2020), "--out", str(tmp_path / "o")]
    result = runner.invoke(app, [*args, "--from", "2022", "--until", "2019"])
    assert result.exit_code == 2
    assert "--from 2022 is after --until 2019" in result.output


def test_missing_source_is_an_error(tmp_path):
    result = runner.invoke(
        app, ["import", "cordis", str(tmp_path / "nope.zip"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "does not exist" in result.output


# --------------------------------------------------------------------------- the CLI


def _import(out: Path, *extra: str):
    args = ["import", "cordis", str(H2020), str(HORIZON), "--regions", str(REGIONS_DATASET)]
    return runner.invoke(app, [*args, "--out", str(out), *extra])


def test_cli_writes_the_tables_and_summary(tmp_path):
    out = tmp_path / "ds"
    result = _import(out)
    assert result.exit_code == 0, result.output
    assert "Wrote 9 projects, 35 participations and 13 actors in the dataset's regions" in (
        result.output
    )
    assert "h2020/organization.csv: 19 read, 19 written" in result.output
    assert "csv/project.csv: 5 read, 4 written, 1 skipped (no participant" in result.output
    with (out / "actors-cordis.csv").open(encoding="utf-8") as fh:
        actors = list(csv.DictReader(fh))
    assert len(actors) == 13 and actors[0]["actor_id"] == org(1)
    assert actors[0]["in_dataset"] == "true" and actors[0]["size"] == "small"
    with (out / "participations-cordis.csv").open(encoding="utf-8") as fh:
        first = next(csv.DictReader(fh))
    assert (first["ec_contribution_eur"], first["total_cost_eur"]) == ("1187500.5", "1187500.5")
    with (out / "_cordis" / "outside-actors.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 6
    manifest = json.loads((out / "_cordis" / "import-manifest.json").read_text(encoding="utf-8"))
    assert manifest["releases"] == {"H2020": 5, "HORIZON": 4}
    assert manifest["regions"] == sorted(REGIONS)
    assert manifest["files"]["participations-cordis.csv"] == 35
    zip_source = manifest["sources"][1]
    assert zip_source["sha256"] == hashlib.sha256(HORIZON.read_bytes()).hexdigest()
    assert (
        manifest["sources"][0]["files"]["organization.csv"]["sha256"]
        == hashlib.sha256((H2020 / "organization.csv").read_bytes()).hexdigest()
    )
    assert manifest["settings"] == {
        "level": 2,
        "year_from": None,
        "year_until": None,
        "max_domains": 3,
    }
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging left


def test_cli_twice_is_byte_identical(tmp_path):
    for name in ("a", "b"):
        assert _import(tmp_path / name, "-q").exit_code == 0
    a, b = tmp_path / "a", tmp_path / "b"
    for path in sorted(a.rglob("*.csv")):
        assert path.read_bytes() == (b / path.relative_to(a)).read_bytes(), path
    manifests = [json.loads((d / "_cordis/import-manifest.json").read_text()) for d in (a, b)]
    for m in manifests:
        m.pop("timings")
    assert manifests[0] == manifests[1]


def test_cli_into_a_dataset_keeps_the_users_files_and_refuses_to_overwrite(tmp_path):
    ds = tmp_path / "ds"
    shutil.copytree(REGIONS_DATASET, ds)
    before = {p.name: p.read_bytes() for p in ds.iterdir()}
    assert _import(ds, "-q").exit_code == 0
    assert {p.name: p.read_bytes() for p in ds.iterdir() if p.name in before} == before
    first = (ds / "projects-cordis.csv").read_bytes()
    again = _import(ds, "-q")
    assert again.exit_code == 1
    assert "exist from an earlier import" in again.output and "--replace" in again.output
    assert _import(ds, "-q", "--replace", "--from", "2021").exit_code == 0
    assert (ds / "projects-cordis.csv").read_bytes() != first
    assert len((ds / "projects-cordis.csv").read_text().splitlines()) == 1 + 4


def test_cli_never_replaces_files_an_import_did_not_write(tmp_path):
    ds = tmp_path / "ds"
    shutil.copytree(REGIONS_DATASET, ds)
    (ds / "projects-cordis.csv").write_text("project_id,title\nmine,My own project\n")
    result = _import(ds, "-q", "--replace")
    assert result.exit_code == 1
    assert "were not written by an import" in result.output
    assert (ds / "projects-cordis.csv").read_text() == "project_id,title\nmine,My own project\n"
    assert not (ds / "actors-cordis.csv").exists()


def test_cli_failure_leaves_the_folder_as_it_was(tmp_path):
    ds = tmp_path / "ds"
    shutil.copytree(REGIONS_DATASET, ds)
    before = sorted(p.name for p in ds.rglob("*"))
    args = ["import", "cordis", str(H2020), str(BROKEN / "broken-quote"), "--out", str(ds)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert sorted(p.name for p in ds.rglob("*")) == before


def test_cli_escapes_formula_like_names(tmp_path):
    src = tmp_path / "hostile"
    shutil.copytree(H2020, src)
    text = (src / "organization.csv").read_text(encoding="utf-8")
    hostile = '=HYPERLINK(""http://x"",""y"")'
    (src / "organization.csv").write_text(text.replace("ROSSI IMPIANTI SPA", hostile), "utf-8")
    out = tmp_path / "out"
    assert (
        runner.invoke(app, ["import", "cordis", str(src), "--out", str(out), "-q"]).exit_code == 0
    )
    with (out / "actors-cordis.csv").open(encoding="utf-8") as fh:
        names = {r["actor_id"]: r["name"] for r in csv.DictReader(fh)}
    assert names[org(2)] == "'" + hostile.replace('""', '"')


def test_import_is_documented_in_help():
    result = runner.invoke(app, ["import", "cordis", "--help"])
    assert result.exit_code == 0
    assert "Example: synergy import cordis" in result.output


# --------------------------------------------------------------------------- streaming


def test_import_streams_instead_of_holding_the_rows(tmp_path, taxonomy):
    """The import's peak Python memory stays well below the rows held as dicts."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from make_cordis import generate

    extract = tmp_path / "extract"
    generate(extract, rows=12_000, seed=3)
    with (extract / "organization.csv").open(encoding="utf-8", newline="") as fh:
        tracemalloc.start()
        rows = list(csv.DictReader(fh, delimiter=";"))
        _, as_dicts = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    del rows
    sink = Counting()
    tracemalloc.start()
    import_cordis([extract], sink, region_ids=None, taxonomy=taxonomy)
    _, streamed = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert sink.n["participations"] == 12_000
    assert streamed < as_dicts / 3, (streamed, as_dicts)


class Counting:
    """A sink that only counts rows (so the test measures the importer, not the sink)."""

    def __init__(self):
        self.n = defaultdict(int)

    def write(self, table: str, row: dict) -> None:
        self.n[table] += 1
