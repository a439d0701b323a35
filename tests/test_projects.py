"""``projects`` and ``participations`` tables: read, resolved against the merged actors, every
row accounted for (``ingest.projects``). A small dataset written by hand in each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import load_dataset
from ingest.projects import parse_flag

REGIONS = "region_id,name\nAT31,Oberösterreich\nDE21,Oberbayern\n"
ACTORS = (
    "actor_id,name,region_id,type\n"
    "m1,Müller Präzision GmbH,DE21,firm\n"
    "j1,Johannes Kepler Universität Linz,AT31,university\n"
)
CORDIS_ACTORS = (
    "actor_id,name,region_id,type,source\n"
    "cordis-1,MUELLER PRAEZISION GESELLSCHAFT MIT BESCHRAENKTER HAFTUNG,DE21,firm,cordis\n"
)


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("__", "-").replace("_csv", ".csv")).write_text(
            text, encoding="utf-8"
        )
    return folder


@pytest.fixture
def dataset(tmp_path):
    return write(
        tmp_path / "ds",
        regions_csv=REGIONS,
        actors_csv=ACTORS,
        actors__cordis_csv=CORDIS_ACTORS,
        projects_csv=(
            "project_id,acronym,title,start,domains,domain_terms,domain_scores,domain_source\n"
            "P1,HYFLOW,Hydrogen flow control,2020-02-01,hydrogen,fuel cell,0.9,euroSciVoc\n"
            "P2,WOOD,Timber frame housing for alpine towns,2018-01-01,,,,\n"
            "P3,WASSER,Anything,2019-05-01,Wasserstoff,,,\n"
        ),
        participations_csv=(
            "project_id,actor_id,role,ec_contribution_eur,region_id,in_dataset,actor_name\n"
            "P1,cordis-1,coordinator,100,DE212,true,MUELLER PRAEZISION GMBH\n"
            "P1,m1,participant,50,DE21,,\n"
            "P1,j1,participant,70,,,\n"
            "P1,ext-9,participant,30,FR10,false,Lab de Paris\n"
            "P2,j1,coordinator,10,,,\n"
            "P2,ghost,participant,5,,,\n"
            "P9,j1,participant,1,,,\n"
        ),
    )


def test_participants_point_at_the_merged_actor_with_its_region(dataset):
    ds = load_dataset(dataset)
    part = ds.tables["participations"]
    rows = {
        (r.project_id, r.actor_id): (r.role, r.ec_contribution_eur, r.region_id, r.in_dataset)
        for r in part.itertuples()
    }
    assert rows == {
        # cordis-1 and m1 are one actor: one row, the stronger role, the summed money
        ("P1", "m1"): ("coordinator", 150.0, "DE21", True),
        ("P1", "j1"): ("participant", 70.0, "AT31", True),
        ("P1", "ext-9"): ("participant", 30.0, "FR10", False),
        ("P2", "j1"): ("coordinator", 10.0, "AT31", True),
    }
    merged = ds.tables["actors"].set_index("actor_id").loc["m1"]
    assert merged["source_ids"] == ["m1", "cordis-1"]
    assert merged["name"] == "Müller Präzision GmbH"  # the region's own row is kept


def test_unknown_projects_and_actors_are_listed_not_dropped(dataset):
    ds = load_dataset(dataset)
    got = {
        (r.file, r.row, r.column, r.value): r.reason
        for r in ds.unresolved.itertuples()
        if r.file == "participations.csv"
    }
    assert set(got) == {
        ("participations.csv", 7, "actor_id", "ghost"),
        ("participations.csv", 8, "project_id", "P9"),
    }
    assert got[("participations.csv", 7, "actor_id", "ghost")].startswith("unknown actor")
    assert "in_dataset = false" in got[("participations.csv", 7, "actor_id", "ghost")]
    assert got[("participations.csv", 8, "project_id", "P9")].startswith("unknown project")
    # the partner outside the dataset is no unresolved item
    assert "ext-9" not in set(ds.unresolved["value"])
    entry = next(f for f in ds.files if f["path"] == "participations.csv")
    assert (entry["rows_read"], entry["rows_ingested"], entry["rows_merged"]) == (7, 4, 1)
    assert entry["rows_reported"] == 2


def test_project_domains_ids_with_evidence_labels_and_titles(dataset):
    ds = load_dataset(dataset)
    projects = ds.tables["projects"].set_index("project_id")
    p1 = projects.loc["P1"]
    assert p1["domains"] == ["hydrogen"]
    ev = p1["domain_evidence"][0]
    assert (ev["term"], ev["score"], ev["source"]) == ("fuel cell", 0.9, "euroSciVoc")
    assert projects.loc["P3", "domains"] == ["hydrogen"]  # the German label
    assert (
        "construction" in projects.loc["P2", "domains"]
        or "forestry-wood" in (projects.loc["P2", "domains"])
    )  # from the title: timber, housing


def test_hand_made_tables_with_german_headers(tmp_path):
    folder = write(
        tmp_path / "de",
        regions_csv=REGIONS,
        actors_csv=ACTORS,
        projekte_csv="Projekt ID;Titel;Akronym;Beginn\nX1;Robotik für Metallbau;ROBO;01.03.2021\n",
        beteiligungen_csv="Projekt;Akteur ID;Rolle;EU-Beitrag\nX1;m1;coordinator;1200,50\n"
        "X1;j1;participant;800\n",
    )
    ds = load_dataset(folder)
    p = ds.tables["projects"].iloc[0]
    assert (p["project_id"], p["acronym"], p["start"]) == ("X1", "ROBO", "2021-03-01")
    assert sorted(ds.tables["participations"]["ec_contribution_eur"]) == [800.0, 1200.5]


def test_datasets_without_projects_have_no_such_tables(tmp_path):
    ds = load_dataset(write(tmp_path / "plain", regions_csv=REGIONS, actors_csv=ACTORS))
    assert "projects" not in ds.tables and "participations" not in ds.tables


def test_same_participation_twice_in_one_file_is_an_error(tmp_path):
    from synergy.core.errors import InputError

    folder = write(
        tmp_path / "twice",
        regions_csv=REGIONS,
        actors_csv=ACTORS,
        projects_csv="project_id,title\nP1,Something on hydrogen\n",
        participations_csv="project_id,actor_id\nP1,m1\nP1,m1\n",
    )
    with pytest.raises(InputError, match="appears twice"):
        load_dataset(folder)


@pytest.mark.parametrize(
    ("cell", "value"),
    [("true", True), ("FALSE", False), ("ja", True), ("no", False), ("", None), ("?", None)],
)
def test_parse_flag(cell, value):
    assert parse_flag(cell) is value
