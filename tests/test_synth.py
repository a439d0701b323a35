"""Tests of the synthetic dataset generator (synergy.synth), read back independently of ingest."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ingest.schema import TABLES, normalise_header, table_for_name
from synergy.core.errors import OutputError
from synergy.synth.actors import DUPLICATE_SHARE
from synergy.synth.dataset import build_tables, generate
from synergy.synth.vocab import DOMAIN_IDS, LOCAL_FILES, LOCAL_HEADERS

SMALL = {"regions": 12, "clusters": 40, "actors": 800}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "ds"
    generate(out, **SMALL)
    return out


@pytest.fixture(scope="module")
def small_tables(small) -> dict[str, pd.DataFrame]:
    return _read_dataset(small)


def _csv_frame(path: Path) -> pd.DataFrame:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    first = text.splitlines()[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)


def _frames(path: Path) -> list[tuple[str, pd.DataFrame]]:
    if path.suffix == ".csv":
        return [(table_for_name(path.stem), _csv_frame(path))]
    if path.suffix == ".xlsx":
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
        return [(table_for_name(name), df) for name, df in sheets.items()]
    doc = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for name, records in doc.items():
        rows = [
            {k: ";".join(v) if isinstance(v, list) else str(v) for k, v in rec.items()}
            for rec in records
        ]
        out.append((table_for_name(name), pd.DataFrame(rows, dtype=str).fillna("")))
    return out


def _read_dataset(root: Path) -> dict[str, pd.DataFrame]:
    """Return canonical tables read with the schema's alias maps (region from the folder)."""
    parts: dict[str, list[pd.DataFrame]] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_dir() or rel.parts[0].startswith("_"):
            continue
        for table, df in _frames(path):
            assert table is not None, f"{rel}: no table for this file or sheet"
            aliases = TABLES[table].alias_map()
            mapped = {c: aliases.get(normalise_header(c)) for c in df.columns}
            assert None not in mapped.values(), f"{rel}: unknown headers {mapped}"
            df = df.rename(columns=mapped)
            has_region = any(c.name == "region_id" for c in TABLES[table].columns)
            if has_region and "region_id" not in df.columns:
                assert len(rel.parts) == 2, f"{rel}: region column missing at the top level"
                df["region_id"] = rel.parts[0]
            missing = set(TABLES[table].required) - set(df.columns)
            assert not missing, f"{rel}: required columns missing: {missing}"
            df["_file"] = str(rel)
            parts.setdefault(table, []).append(df)
    return {t: pd.concat(dfs, ignore_index=True).fillna("") for t, dfs in parts.items()}


def _split(cell: str) -> list[str]:
    return [x for x in str(cell).split(";") if x]


OPEN_DATA = {"projects", "participations"}  # written only when projects are asked for


def test_generate_files_follow_contract(small, small_tables):
    tables = small_tables
    assert set(tables) == set(TABLES) - OPEN_DATA
    files = {f for df in tables.values() for f in df["_file"]}
    # the delivery's variety: sub-folders with local headers, XLSX, JSON, Latin-1 ';' CSV
    assert any(f.endswith(".xlsx") for f in files)
    assert any(f.endswith(".json") for f in files)
    assert {"members.csv", "organisations.csv", "actors.csv"} <= files
    planted = json.loads((small / "_truth" / "planted.json").read_text())
    latin = small / next(r for r, fmt in planted["layout"].items() if fmt == "it") / "aziende.csv"
    raw = latin.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("latin-1").splitlines()[0].count(";") >= 6


def test_generate_keys_unique_and_references_resolve(small, small_tables):
    t = small_tables
    for name, spec in TABLES.items():
        if name in OPEN_DATA:
            continue
        keys = t[name][list(spec.key)].apply(tuple, axis=1)
        assert keys.is_unique, f"duplicate keys in {name}"
    regions = set(t["regions"]["region_id"])
    for name in ("priorities", "clusters", "actors", "programmes"):
        assert set(t[name]["region_id"]) <= regions, name
    clusters = set(t["clusters"]["cluster_id"])
    stages = {
        f"{c}:{s}"
        for c, s in zip(t["value_chains"]["chain_id"], t["value_chains"]["stage_id"], strict=True)
    }
    for cell in t["actors"]["cluster_ids"]:
        assert set(_split(cell)) <= clusters
    for cell in t["actors"]["roles"]:
        assert set(_split(cell)) <= stages
    prios = set(zip(t["priorities"]["region_id"], t["priorities"]["priority_id"], strict=True))
    for rid, cell in zip(t["clusters"]["region_id"], t["clusters"]["priority_ids"], strict=True):
        assert {(rid, p) for p in _split(cell)} <= prios
    for cell in t["value_chains"]["domains"]:
        assert set(_split(cell)) <= set(DOMAIN_IDS)


def test_generate_local_headers_resolve_to_their_columns():
    for lang, tables in LOCAL_HEADERS.items():
        for table, headers in tables.items():
            assert table_for_name(LOCAL_FILES[lang][table]) == table
            aliases = TABLES[table].alias_map()
            for canonical, header in headers.items():
                assert aliases.get(normalise_header(header)) == canonical, (lang, header)


def test_generate_counts_honour_arguments(small, small_tables):
    t = small_tables
    truth = pd.read_csv(small / "_truth" / "actor_duplicates.csv", dtype=str)
    assert len(t["regions"]) == SMALL["regions"]
    assert len(t["clusters"]) == SMALL["clusters"]
    # `actors` counts distinct actors; duplicate rows come on top
    assert len(truth) == round(SMALL["actors"] * DUPLICATE_SHARE)
    assert len(t["actors"]) == SMALL["actors"] + len(truth)
    per_region = t["priorities"].groupby("region_id").size()
    assert per_region.between(4, 10).all() and len(per_region) == SMALL["regions"]
    assert t["programmes"].groupby("region_id").size().max() <= 3
    chains = t["value_chains"].groupby("chain_id").size()
    assert len(chains) == 8 and chains.between(4, 6).all()


def test_generate_duplicates_truth_consistent(small, small_tables):
    actors = small_tables["actors"].set_index("actor_id")
    truth = pd.read_csv(small / "_truth" / "actor_duplicates.csv", dtype=str)
    assert truth["actor_id"].is_unique
    assert not set(truth["duplicate_of"]) & set(truth["actor_id"])  # no chains of duplicates
    for row in truth.itertuples():
        dup, canon = actors.loc[row.actor_id], actors.loc[row.duplicate_of]
        assert dup["region_id"] == canon["region_id"]
        assert dup["name"] != canon["name"]
        assert row.variation
    # some duplicates sit in another file than their original
    files = [
        (actors.loc[r.actor_id, "_file"], actors.loc[r.duplicate_of, "_file"])
        for r in truth.itertuples()
    ]
    assert any(a != b for a, b in files)
    kinds = Counter(k for v in truth["variation"] for k in v.split(";"))
    assert kinds["typo"] and kinds["legal-form"]


def test_generate_distinct_actor_names_differ_within_region(small, small_tables):
    actors = small_tables["actors"]
    truth = pd.read_csv(small / "_truth" / "actor_duplicates.csv", dtype=str)
    distinct = actors[~actors["actor_id"].isin(truth["actor_id"])]
    folded = distinct["name"].str.lower() + "|" + distinct["region_id"]
    assert folded.is_unique


def test_generate_skew_large_regions_and_clusters():
    t = build_tables(regions=40, clusters=200, actors=5000, seed=3)
    distinct = t.actors[~t.actors["_dup"]]
    per_region = distinct.groupby("region_id").size()
    assert per_region.max() >= 5 * per_region.median()
    members = pd.to_numeric(t.clusters["members"], errors="coerce").dropna()
    assert members.max() >= 5 * max(members.median(), 1)
    assert {"en", "de", "it", "fr", "sl"} <= set(t.priorities["language"])
    assert set(t.regions["development"]) == {"advanced", "transition", "less-developed"}


def test_build_tables_invents_regions_beyond_nuts():
    t = build_tables(regions=300, clusters=5, actors=50)
    assert len(t.regions) == 300
    assert t.regions["region_id"].is_unique and t.regions["name"].is_unique
    assert t.regions["region_id"].str.fullmatch(r"[A-Z]{2}X\d{3}").sum() >= 300 - 260


def test_generate_deterministic_per_seed(small, tmp_path):
    again = tmp_path / "again"
    generate(again, **SMALL)
    files = sorted(p.relative_to(small) for p in small.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for rel in files:
        assert (small / rel).read_bytes() == (again / rel).read_bytes(), rel
    other = tmp_path / "other"
    generate(other, **SMALL, seed=2)
    assert (other / "actors.csv").read_bytes() != (small / "actors.csv").read_bytes()


def test_generate_planted_complementarity_splits_chain(small, small_tables):
    t = small_tables
    planted = json.loads((small / "_truth" / "planted.json").read_text())["planted"]
    assert planted
    actors = t["actors"]
    for p in planted:
        for side in ("upstream", "downstream"):
            mine = actors[actors["region_id"] == p[f"{side}_region"]]
            stages = {
                r.split(":")[1]
                for cell in mine["roles"]
                for r in _split(cell)
                if r.startswith(p["chain_id"] + ":")
            }
            assert stages and stages <= set(p[f"{side}_stages"]), (side, stages)
            assert len(p[f"{side}_actors"]) >= 4


def test_generate_replaces_own_output_but_not_other_folders(tmp_path):
    out = tmp_path / "ds"
    generate(out, regions=3, clusters=3, actors=30)
    (out / "stale.csv").write_text("x\n")
    generate(out, regions=3, clusters=3, actors=30)  # a previous synth folder is replaced
    assert not (out / "stale.csv").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError, match="empty folder"):
        generate(foreign, regions=3, clusters=3, actors=30)
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_build_tables_rejects_bad_sizes():
    with pytest.raises(ValueError, match="regions >= 1"):
        build_tables(regions=0, clusters=1, actors=1)


def test_build_tables_region_profiles_are_specialised():
    t = build_tables(regions=20, clusters=60, actors=2000, seed=5)
    firms = t.actors[(~t.actors["_dup"]) & (t.actors["type"] == "firm")]
    top_share = firms.groupby("region_id")["nace"].agg(
        lambda s: s.value_counts(normalize=True).iloc[0]
    )
    assert np.median(top_share) > 0.15  # regions concentrate in a few sectors


def test_generate_ingests_without_problems(small):
    from ingest import load_dataset

    ds = load_dataset(small)
    truth = pd.read_csv(small / "_truth" / "actor_duplicates.csv", dtype=str)
    assert len(ds.unresolved) == 0
    assert len(ds.tables["regions"]) == SMALL["regions"]
    assert len(ds.tables["clusters"]) == SMALL["clusters"]
    # every actor row is either kept or merged into another one
    assert len(ds.tables["actors"]) + len(ds.merges) == SMALL["actors"] + len(truth)


def test_synth_command_writes_dataset(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    out = tmp_path / "cli"
    result = CliRunner().invoke(
        app,
        ["synth", str(out), "--regions", "4", "--clusters", "5", "--actors", "60", "--seed", "7"],
    )
    assert result.exit_code == 0, result.output
    assert "60 actors" in result.output
    assert len(pd.read_csv(out / "regions.csv")) == 4
    result = CliRunner().invoke(app, ["synth", str(out), "--regions", "0"])
    assert result.exit_code == 2  # usage error


# --- dated projects (off by default; issue 13 builds its backtest on them) ------------------


@pytest.fixture(scope="module")
def with_projects(tmp_path_factory, small) -> Path:
    out = tmp_path_factory.mktemp("synth-projects") / "ds"
    generate(out, **SMALL, projects=120)
    return out


def test_projects_change_no_other_file(small, with_projects):
    files = sorted(p.relative_to(small) for p in small.rglob("*") if p.is_file())
    extra = sorted(p.relative_to(with_projects) for p in with_projects.rglob("*") if p.is_file())
    assert sorted(set(extra) - set(files)) == [Path("participations.csv"), Path("projects.csv")]
    for rel in files:
        if rel.name == "planted.json":  # records the arguments, projects included
            continue
        assert (small / rel).read_bytes() == (with_projects / rel).read_bytes(), rel


def test_projects_are_dated_and_consortia_name_distinct_actors(with_projects):
    projects = pd.read_csv(with_projects / "projects.csv", dtype=str)
    part = pd.read_csv(with_projects / "participations.csv", dtype=str, keep_default_na=False)
    actors = _read_dataset(with_projects)["actors"]
    dups = set(
        pd.read_csv(with_projects / "_truth" / "actor_duplicates.csv", dtype=str)["actor_id"]
    )
    assert len(projects) == 120 and projects["project_id"].is_unique
    assert projects["start"].is_monotonic_increasing  # numbered in start order
    assert projects["start"].min() >= "2014-01-01" and projects["start"].max() <= "2024-12-31"
    assert set(projects["programme"]) == {"H2020", "HORIZON"}
    assert ((projects["start"] < "2021") == (projects["programme"] == "H2020")).all()
    inside = part[part["in_dataset"] == "true"]
    outside = part[part["in_dataset"] == "false"]
    assert set(inside["actor_id"]) <= set(actors["actor_id"]) - dups
    assert len(outside) and not set(outside["region_id"]) & set(actors["region_id"])
    assert (
        part.groupby("project_id")["role"].apply(lambda r: (r == "coordinator").sum()) == 1
    ).all()
    assert not part.duplicated(["project_id", "actor_id"]).any()


def test_projects_ingest_and_scan_with_track_record(with_projects):
    from ingest import load_dataset

    ds = load_dataset(with_projects)
    assert len(ds.unresolved) == 0
    assert len(ds.tables["projects"]) == 120
    part = pd.read_csv(with_projects / "participations.csv", dtype=str)
    assert len(ds.tables["participations"]) == len(part)


def _bring_rate(t) -> float:
    """Return the share of non-coordinator places going to actors who bring a missing stage."""
    roles = {
        a: {tuple(r.split(":")) for r in _split(cell)}
        for a, cell in zip(t.actors["actor_id"], t.actors["roles"], strict=True)
    }
    chain_of = dict(zip(t.projects["project_id"], t.projects["title"], strict=True))
    brought = total = 0
    for _, rows in t.participations[t.participations["in_dataset"] == "true"].groupby(
        "project_id", sort=True
    ):
        ids = rows["actor_id"].tolist()
        chains = {c for a in ids for c, _ in roles[a]}
        chain = max(chains, key=lambda c: sum(c == x for a in ids for x, _ in roles[a]))
        covered = {s for c, s in roles[ids[0]] if c == chain}
        for a in ids[1:]:
            mine = {s for c, s in roles[a] if c == chain}
            brought += bool(mine - covered)
            total += 1
            covered |= mine
        assert chain_of  # every project has a title
    return brought / total


def test_partner_model_is_swappable_and_changes_who_works_together():
    sizes = {"regions": 10, "clusters": 30, "actors": 3000, "seed": 4, "projects": 300}
    complementary = build_tables(**sizes, project_model="complementary")
    size_only = build_tables(**sizes, project_model="size")
    # the same dates and chains, other partners
    assert complementary.projects["start"].tolist() == size_only.projects["start"].tolist()
    assert _bring_rate(complementary) > _bring_rate(size_only) + 0.05

    def coordinators_only(pool):  # any callable is a partner model
        return np.zeros(len(pool.candidates))

    alone = build_tables(**sizes, project_model=coordinators_only)
    assert (alone.participations[alone.participations["in_dataset"] == "true"]["role"]
            == "coordinator").all()  # fmt: skip
    assert alone.arguments["project_model"] == "custom"


def test_synth_command_projects_option(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    out = tmp_path / "cli"
    args = ["synth", str(out), "--regions", "4", "--clusters", "5", "--actors", "80"]
    result = CliRunner().invoke(app, [*args, "--projects", "10", "--project-model", "size"])
    assert result.exit_code == 0, result.output
    assert "10 projects" in result.output
    assert len(pd.read_csv(out / "projects.csv")) == 10
    result = CliRunner().invoke(app, [*args, "--projects", "3", "--project-model", "nope"])
    assert result.exit_code == 2 and "unknown model 'nope'" in result.output
