"""``synergy backtest``: ranking metrics checked by hand, the cut at --until (a planted future
project never reaches the trained graph), the first-collaboration truth, baselines and lift,
the null synthetic dataset (no lift over size), --tune and weights.json, outputs written
atomically and byte-identically, escaping, and the page in real headless Chromium."""

from __future__ import annotations

import csv
import json
import math
import shutil
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from synergy.algorithms import backtest as bt
from synergy.algorithms.ranking_metrics import (
    all_metrics,
    auc,
    average_precision,
    bootstrap,
    metric_names,
    ndcg_at_k,
    precision_at_k,
    ranked_labels,
    recall_at_k,
)
from synergy.core.settings import BacktestParams

runner = CliRunner()
SIZES = dict(regions=30, clusters=90, actors=1200, chains=4, projects=150, seed=2)


# --- metrics, by hand ------------------------------------------------------------------------


def test_metrics_by_hand():
    # ranking: + - + - - (positives at ranks 1 and 3 of 5)
    r = np.array([1, 0, 1, 0, 0])
    assert precision_at_k(r, 1) == 1.0
    assert precision_at_k(r, 3) == pytest.approx(2 / 3)
    assert precision_at_k(r, 10) == pytest.approx(0.2)  # over k, not over the 5 items
    assert recall_at_k(r, 2) == 0.5 and recall_at_k(r, 3) == 1.0
    # DCG@3 = 1 + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3)
    assert ndcg_at_k(r, 3) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    assert ndcg_at_k(r, 1) == 1.0
    assert average_precision(r) == pytest.approx((1 / 1 + 2 / 3) / 2)
    assert average_precision([0, 0, 0, 1]) == pytest.approx(0.25)
    # AUC: positives score 0.8 and 0.4, negatives 0.6, 0.4, 0.1: wins 3+1 (0.8 beats all,
    # 0.4 beats 0.1), one tie (0.4 = 0.4) counts half: (3 + 1 + 0.5) / 6
    assert auc([0.8, 0.4, 0.6, 0.4, 0.1], [1, 1, 0, 0, 0]) == pytest.approx(4.5 / 6)
    assert auc([1, 2, 3], [1, 1, 1]) != auc([1, 2, 3], [1, 1, 1])  # NaN without negatives
    assert math.isnan(average_precision([0, 0])) and math.isnan(recall_at_k([0, 0], 1))


def test_ties_are_broken_by_the_shared_tiebreak():
    assert ranked_labels([1, 1, 0], [1, 0, 0], tiebreak=[1, 0, 2]).tolist() == [0, 1, 0]
    assert ranked_labels([1, 1, 0], [1, 0, 0], tiebreak=[0, 1, 2]).tolist() == [1, 0, 0]


def test_all_metrics_equals_the_single_metrics():
    rng = np.random.default_rng(3)
    for _ in range(20):
        n = int(rng.integers(5, 60))
        scores = rng.integers(0, 6, n).astype(float)  # many ties
        labels = (rng.random(n) < 0.3).astype(int)
        tb = rng.permutation(n)
        got = dict(
            zip(
                metric_names([1, 5, 100]), all_metrics(scores, labels, tb, [1, 5, 100]), strict=True
            )
        )
        ranked = ranked_labels(scores, labels, tb)
        for k in (1, 5, 100):
            assert got[f"p@{k}"] == pytest.approx(precision_at_k(ranked, k))
            assert got[f"r@{k}"] == pytest.approx(recall_at_k(ranked, k), nan_ok=True)
            assert got[f"ndcg@{k}"] == pytest.approx(ndcg_at_k(ranked, k), nan_ok=True)
        assert got["ap"] == pytest.approx(average_precision(ranked), nan_ok=True)
        assert got["auc"] == pytest.approx(auc(scores, labels), nan_ok=True)


def test_bootstrap_is_seeded_and_brackets_the_value():
    x = np.arange(50, dtype=float)
    a = bootstrap(lambda i: x[i].mean(), 50, reps=100, seed=1)
    b = bootstrap(lambda i: x[i].mean(), 50, reps=100, seed=1)
    c = bootstrap(lambda i: x[i].mean(), 50, reps=100, seed=2)
    assert a == b and a != c
    assert a[0].low < a[0].value == 24.5 < a[0].high


def test_lift_interval_sees_an_informative_ranking_and_not_a_blind_one():
    rng = np.random.default_rng(0)
    n = 600
    size = rng.lognormal(0, 1, n)
    labels = (rng.random(n) < 0.02 + 0.1 * (size > np.median(size))).astype(np.int8)
    informative = labels * 2.0 + rng.random(n)  # knows the answer, with noise
    blind = size * rng.lognormal(0, 0.01, n)  # the size baseline again, barely perturbed
    tb = rng.permutation(n)
    for model, above in ((informative, True), (blind, False)):
        ev = bt.evaluate(
            {"model": model, "size": size}, labels, ks=[10], tiebreak=tb, reps=200, seed=1
        )
        lift = ev["lift"]["size"]["ap"]
        if above:
            assert lift["low"] > 1.5
        else:
            assert lift["low"] <= 1.0 <= lift["high"]


# --- the cut and the truth ---------------------------------------------------------------------


def test_split_keeps_the_last_day_and_drops_undated_and_later_projects():
    tables = {
        "projects": pd.DataFrame(
            {"project_id": ["a", "b", "c", "d"], "start": ["2020-12-31", "2021-01-01", None, "x"]}
        ),
        "participations": pd.DataFrame(
            {"project_id": ["a", "b", "c"], "actor_id": ["1", "2", "3"]}
        ),
        "regions": pd.DataFrame({"region_id": ["R"]}),
    }
    kept, info = bt.split_tables(tables, 2020)
    assert kept["projects"]["project_id"].tolist() == ["a"]
    assert kept["participations"]["project_id"].tolist() == ["a"]
    assert kept["regions"] is tables["regions"]
    assert (info.projects_kept, info.projects_after, info.projects_undated) == (1, 1, 2)


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for r, c in (("A", "X"), ("B", "X"), ("C", "Y")):
        g.add_node(f"region:{r}", kind="Region", key=r, country=c)
        g.add_node(f"cluster:{r}1", kind="Cluster", key=f"{r}1", region_id=r)
    for a, r in (("a1", "A"), ("a2", "A"), ("b1", "B"), ("c1", "C")):
        g.add_node(f"actor:{a}", kind="Actor", key=a, region_id=r)
        g.add_edge(f"actor:{a}", f"region:{r}", key="LOCATED_IN")
        g.add_edge(f"actor:{a}", f"cluster:{r}1", key="MEMBER_OF")
    return g


def test_truth_counts_first_collaborations_of_two_different_actors():
    tables = {
        "projects": pd.DataFrame(
            {"project_id": ["p1", "p2", "p3"], "start": ["2018-03-01", "2021-05-01", "2022-01-01"]}
        ),
        "participations": pd.DataFrame(
            {
                "project_id": ["p1", "p1", "p2", "p2", "p2", "p3", "p3"],
                "actor_id": ["a1", "b1", "a1", "c1", "ext", "a2", "b1"],
                "region_id": ["A", "B", "A", "C", "ZZ9", "A", "B"],
                "in_dataset": [True, True, True, True, False, True, True],
            }
        ),
    }
    truth = bt.joint_years(tables, _graph())
    assert truth.years["region"] == {("A", "B"): (2018, 2022), ("A", "C"): (2021,)}
    assert truth.years["cluster"] == {("A1", "B1"): (2018, 2022), ("A1", "C1"): (2021,)}
    assert truth.positives("region", 2020, 3, "new") == {("A", "C")}
    assert truth.positives("region", 2020, 3, "any") == {("A", "B"), ("A", "C")}
    assert truth.prior("region", 2020) == {("A", "B"): 1}
    u = bt.units(_graph(), "region", exclude=truth.prior("region", 2020))
    assert u.pairs == [("A", "C"), ("B", "C")]
    same = bt.baseline_scores(
        "same-country", bt.units(_graph(), "region"), prior_regions={}, activity={}, candidates=()
    )
    assert same.tolist() == [1.0, 0.0, 0.0]  # A-B in X; A-C, B-C across


# --- end to end on the synthetic null dataset ----------------------------------------------------


@pytest.fixture(scope="module")
def null_dataset(tmp_path_factory) -> Path:
    from synergy.synth.dataset import generate

    out = tmp_path_factory.mktemp("bt") / "null"
    generate(out, **SIZES, project_model="size")
    return out


def _backtest(dataset: Path, out: Path, *extra: str, quiet: bool = True):
    """Run ``synergy backtest DATASET --until 2020 --out OUT`` with extra options; check exit 0."""
    args = ["backtest", str(dataset), "--until", "2020", "--out", str(out), *extra]
    res = runner.invoke(app, args + (["-q"] if quiet else []))
    assert res.exit_code == 0, res.output
    return res


def _future(dataset: Path, tmp_path: Path) -> Path:
    """Copy the dataset and plant a project starting in 2023 joining two regions' actors."""
    ds = tmp_path / "planted"
    shutil.copytree(dataset, ds)
    actors = pd.read_csv(ds / "actors.csv", dtype=str)
    a, b = actors.iloc[0], actors[actors["region_id"] != actors.iloc[0]["region_id"]].iloc[0]
    project = {
        "project_id": "FUTURE1",
        "acronym": "FUTUREPROJ",
        "title": "From the future",
        "start": "2023-06-01",
        "end": "2026-05-31",
        "programme": "HORIZON",
        "scheme": "RIA",
        "ec_contribution_eur": "1000000.0",
        "source": "synth",
    }
    rows = [
        {"project_id": "FUTURE1", "actor_id": x["actor_id"], "actor_name": x["name"],
         "role": role, "ec_contribution_eur": "500000.0", "region_id": x["region_id"],
         "in_dataset": "true"}
        for x, role in ((a, "coordinator"), (b, "participant"))
    ]  # fmt: skip
    for name, new in (("projects.csv", [project]), ("participations.csv", rows)):
        with open(ds / name, newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))  # written in the file's own column order
        assert set(new[0]) <= set(header), (name, header)
        with open(ds / name, "a", newline="", encoding="utf-8") as f:
            csv.DictWriter(f, header, restval="").writerows(new)
    return ds


def test_a_planted_future_project_never_reaches_the_trained_graph(null_dataset, tmp_path):
    from synergy.backtest import backtest

    ds = _future(null_dataset, tmp_path)
    result = backtest(ds, 2020, params=BacktestParams(reps=20, random_draws=2))
    scan = result.test.scan
    assert "project:FUTURE1" not in scan.graph
    assert "FUTURE1" not in set(scan.dataset.tables["participations"]["project_id"])
    starts = scan.dataset.tables["projects"]["start"].str.slice(0, 4).astype(int)
    assert starts.max() <= 2020
    # ... while the truth sees it, and no candidate's evidence names it
    assert any(2023 in ys for ys in result.test.truth.years["region"].values())
    assert all("FUTUREPROJ" not in c.evidence for c in scan.candidates)
    assert result.test.info.projects_after > 0


def test_cli_on_the_null_dataset_finds_no_lift_over_size(null_dataset, tmp_path):
    out = tmp_path / "bt"
    res = _backtest(null_dataset, out, "--bootstrap", "100", quiet=False)
    assert "value-chain" in res.output and "Backtest: scan up to 2020" in res.output
    assert sorted(p.name for p in out.iterdir()) == [
        "backtest.html",
        "backtest.json",
        "backtest.md",
        "manifest.json",
    ]
    doc = json.loads((out / "backtest.json").read_text())
    assert doc["settings"]["until"] == 2020 and doc["splits"]["test"]["window"] == [2021, 2023]
    assert "used as given" in doc["settings"]["other_tables"]
    ev = doc["results"]["region"]["value-chain"]["given"]
    assert ev["positives"] > 10
    lift = ev["lift"]["size"]["ap"]
    assert lift["low"] <= 1.0 <= lift["high"], lift
    assert set(ev["rankers"]) == {
        "model",
        "size",
        "persistence",
        "same-country",
        "shared-priority",
        "random",
    }
    assert set(ev["lift"]) == set(ev["rankers"]) - {"model"}
    # byte-identical rerun (the manifest differs only in its timings)
    first = {n: (out / n).read_bytes() for n in ("backtest.json", "backtest.md", "backtest.html")}
    _backtest(null_dataset, out, "--bootstrap", "100", quiet=False)
    assert first == {n: (out / n).read_bytes() for n in first}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["command"] == "backtest" and "test split" in manifest["timings"]


def test_tune_chooses_on_the_earlier_split_and_writes_a_weights_file(null_dataset, tmp_path):
    out = tmp_path / "bt"
    _backtest(null_dataset, out, "--tune", "--bootstrap", "20")
    doc = json.loads((out / "backtest.json").read_text())
    assert doc["splits"]["tune"]["until"] == 2017 and doc["splits"]["tune"]["window"] == [
        2018,
        2020,
    ]
    assert doc["tuned_weights"]["chosen_on"] == "split until 2017, truth 2018-2020"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["weights_file"]["chosen_on"] == doc["tuned_weights"]["chosen_on"]
    assert "tuned" in doc["results"]["region"]["value-chain"]
    search = doc["tuned_weights"]["search"]["value-chain"]
    assert search["tuned_ap"] >= search["given_ap"]
    # the saved weights feed the next run
    again = tmp_path / "again"
    _backtest(null_dataset, again, "--weights", str(out / "weights.json"), "--bootstrap", "20")
    saved = json.loads((out / "weights.json").read_text())
    used = json.loads((again / "backtest.json").read_text())["settings"]["weights"]
    assert used["value-chain"] == saved["value-chain"]


def test_bad_years_give_one_clear_error_and_write_nothing(null_dataset, tmp_path):
    for year, words in (
        (2005, "no dated project starts in or before 2005"),
        (2030, "no project starts after 2030"),
    ):
        out = tmp_path / f"bt{year}"
        res = runner.invoke(
            app, ["backtest", str(null_dataset), "--until", str(year), "--out", str(out)]
        )
        assert res.exit_code == 1
        assert words in res.output and "Traceback" not in res.output
        assert not out.exists()
    res = runner.invoke(app, ["backtest", str(null_dataset), "--until", "2020", "--k", "0"])
    assert res.exit_code == 2


def test_pages_escape_every_string():
    from synergy.report.backtest import backtest_html, backtest_markdown

    hostile = "<script>alert(1)</script>"
    iv = {"value": 0.5, "low": 0.4, "high": 0.6}
    ev = {
        "units": 3,
        "positives": 1,
        "rankers": {"model": {"p@1": iv, "ap": iv}, hostile: {"ap": iv}},
        "lift": {hostile: {"ap": iv, "p@1": iv}},
    }
    doc = {
        "dataset": hostile,
        "settings": {
            "target": "pairs whose first joint project",
            "ks": [1],
            "other_tables": hostile,
        },
        "splits": {
            "test": {
                "until": 2020,
                "window": [2021, 2023],
                "projects_kept": 1,
                "participations_kept": 2,
                "projects_after": 1,
                "projects_undated": 0,
            }
        },
        "results": {"region": {hostile: {"given": ev}}},
    }
    page = backtest_html(doc)
    assert hostile not in page and "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page and "<script" not in page
    assert hostile not in backtest_markdown(doc).replace("\\", "")


@pytest.mark.browser
def test_backtest_page_in_chromium(browser, null_dataset, tmp_path):
    from helpers.browser import open_page

    out = tmp_path / "bt"
    _backtest(null_dataset, out, "--bootstrap", "20")
    with open_page(browser, out / "backtest.html") as s:
        assert s.blocked == [] and s.console_errors == [] and s.page_errors == []
        assert s.page.evaluate("document.scripts.length") == 0
        images = s.page.evaluate(
            "[...document.images].map(i => [i.naturalWidth, i.naturalHeight, i.alt])"
        )
        headings = s.page.eval_on_selector_all("h2", "hs => hs.map(h => h.textContent)")
    assert "value-chain at the region level" in headings
    kinds = sum(len(v) for v in json.loads((out / "backtest.json").read_text())["results"].values())
    assert len(images) == 2 * kinds
    assert all(w > 100 and h > 100 and alt for w, h, alt in images)
