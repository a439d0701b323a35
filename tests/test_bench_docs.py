"""The benchmarks stay honest: README's figures are RESULTS.md's, every RESULTS.md section says
when and where it ran, and the benchmark code compares what it claims to compare.

Nothing here is timed; the timings themselves live in ``make bench``.
"""

from __future__ import annotations

import contextlib
import io
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_dedupe  # noqa: E402
import bench_relatedness  # noqa: E402
import run_all  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
README = ROOT / "README.md"


def test_readme_benchmark_figures_are_copied_from_results():
    results = RESULTS.read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    block = run_all.readme_block(results)
    assert block in readme, (
        "README's benchmark figures differ from benchmarks/RESULTS.md. Fix: run "
        "`.venv/bin/python -c \"import sys; sys.path.insert(0, 'benchmarks'); import run_all; "
        "from pathlib import Path; run_all.sync_readme(Path('README.md'), "
        "Path('benchmarks/RESULTS.md').read_text())\"` or `make bench`."
    )
    assert readme.count(run_all.README_START) == 1
    # every summary line of RESULTS.md is in README, each section's date with it
    summaries = [ln for ln in results.splitlines() if ln.startswith(run_all.SUMMARY)]
    assert summaries
    for line in summaries:
        assert line[len(run_all.SUMMARY) :] in readme


def test_every_results_section_carries_its_own_run_line():
    sections = run_all.parse_results(RESULTS.read_text(encoding="utf-8"))
    assert set(sections) <= set(run_all.SECTIONS)
    for name, text in sections.items():
        run = run_all.RUN_LINE.findall(text)
        assert len(run) == 1, f"section {name} must carry exactly one run line"
        assert "load average" in run[0] and "cores" in run[0]
    assert "| date |" not in RESULTS.read_text(encoding="utf-8")  # no file-wide date


def _stamp(date: str) -> str:
    info = {
        "date": date,
        "CPU": "cpu",
        "cores": "2",
        "RAM": "1.0 GB",
        "Python": "3.11",
        "load average at start": "0.1 0.1 0.1",
    }
    return run_all.run_line(info, "0.2 0.2 0.2", "full", 3.0)


def test_rerunning_one_section_keeps_the_others_with_their_own_date():
    old = run_all.compose_results(
        {
            "relatedness": run_all.section_text("relatedness", _stamp("OLD"), ["a"], ["sum a"]),
            "scan": run_all.section_text("scan", _stamp("OLD"), ["c"], ["sum c"]),
        }
    )
    sections = run_all.parse_results(old)
    sections["scan"] = run_all.section_text("scan", _stamp("NEW"), ["c2"], ["sum c2"])
    new = run_all.compose_results(sections)
    again = run_all.parse_results(new)
    assert "_Run: OLD;" in again["relatedness"] and "_Run: NEW;" not in again["relatedness"]
    assert "_Run: NEW;" in again["scan"] and "OLD" not in again["scan"]
    block = run_all.readme_block(new)
    assert "- sum a _((a) OLD)_" in block and "- sum c2 _((c) NEW)_" in block
    assert "sum c\n" not in block


def test_results_of_the_old_layout_get_the_date_of_their_single_header():
    legacy = (
        "# Benchmark results\n\n| machine | |\n| --- | --- |\n| CPU | X |\n| cores | 2 |\n"
        "| RAM | 1 GB |\n| Python | 3.11 |\n| date | 2026-01-01 00:00 UTC |\n"
        "| load average at start | 1.0 1.0 1.0 |\n\n<!-- section:scan -->\n"
        "## (c) Scan: stage times and peak memory\n\ntext\n\n"
        "| actors | clusters | wall s | peak RSS MB | ingest |\n"
        "| ---: | ---: | ---: | ---: | ---: |\n"
        "| 200000 | 3000 | 58.2 | 1194 | 12.4 |\n\n_full run, 120 s._\n"
    )
    section = run_all.parse_results(legacy)["scan"]
    assert "_Run: 2026-01-01 00:00 UTC;" in section and "carried over" in section
    assert "_full run" not in section
    assert "> In short: Scan of 200,000 actors and 3,000 clusters: 58.2 s wall" in section


def test_sync_readme_replaces_only_the_marked_block(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{run_all.README_START}\nstale\n{run_all.README_END}\nafter\n")
    results = run_all.compose_results(
        {"neo4j": run_all.section_text("neo4j", _stamp("D"), ["x"], ["fast"])}
    )
    assert run_all.sync_readme(readme, results)
    text = readme.read_text()
    assert text.startswith("before\n") and text.endswith("\nafter\n")
    assert "stale" not in text and "- fast _((d) D)_" in text
    assert not run_all.sync_readme(readme, results)  # already in sync: file untouched
    readme.write_text("no markers\n")
    with pytest.raises(ValueError, match="markers"):
        run_all.sync_readme(readme, results)


# --- relatedness: the compared code computes what ecomplexity computes ---------------------


def test_ecomplexity_computing_functions_give_what_its_entry_point_gives():
    from ecomplexity import ecomplexity

    values = bench_relatedness.make_matrix(30, 50, seed=3)
    mine = bench_relatedness.run_ecomplexity(values.to_numpy())
    long = values.stack().rename("value").rename_axis(["region", "domain"]).reset_index()
    long["year"] = 2024
    cols = {"time": "year", "loc": "region", "prod": "domain", "val": "value"}
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        out = ecomplexity(long, cols, check_logsupermodularity=False, verbose=False)
    for name in ("rca", "mcp", "density"):
        wide = out.pivot(index="region", columns="domain", values=name)
        wide = wide.loc[values.index, values.columns].to_numpy(dtype=float)
        np.testing.assert_allclose(mine[name], wide, rtol=0, atol=1e-12)
    for name, level in (("eci", "region"), ("diversity", "region")):
        col = out.groupby(level)[name].first().loc[values.index].to_numpy(dtype=float)
        np.testing.assert_allclose(mine[name], col, rtol=0, atol=1e-12)
    for name, level in (("pci", "domain"), ("ubiquity", "domain")):
        col = out.groupby(level)[name].first().loc[values.columns].to_numpy(dtype=float)
        np.testing.assert_allclose(mine[name], col, rtol=0, atol=1e-12)


@pytest.mark.parametrize("shape", [(40, 90), (90, 40)])
def test_synergy_equals_ecomplexity_on_every_output(shape):
    values = bench_relatedness.make_matrix(*shape, seed=1)
    diffs = bench_relatedness.max_abs_diff(
        bench_relatedness.run_synergy(values), bench_relatedness.run_ecomplexity(values.to_numpy())
    )
    assert set(diffs) == set(bench_relatedness.OUTPUTS)
    assert max(diffs.values()) <= bench_relatedness.TOLERANCE, diffs


def test_max_abs_diff_counts_nan_and_shape_changes_as_disagreement():
    a = {k: np.zeros((2, 2)) for k in bench_relatedness.OUTPUTS}
    b = {k: np.zeros((2, 2)) for k in bench_relatedness.OUTPUTS}
    b["density"] = np.array([[0.0, np.nan], [0.0, 0.0]])
    b["rca"] = np.zeros((2, 3))
    diffs = bench_relatedness.max_abs_diff(a, b)
    assert diffs["density"] == diffs["rca"] == float("inf") and diffs["mcp"] == 0.0


# --- dedupe: splits, labels and scores ------------------------------------------------------


def test_split_by_actor_is_seeded_disjoint_and_complete():
    df, truth = bench_dedupe.generate_actors(600, regions=3, seed=5)
    (dev, dev_truth), (test, test_truth) = bench_dedupe.split_by_actor(df, truth, seed=9)
    assert len(dev) + len(test) == len(df)
    assert not set(dev_truth) & set(test_truth)
    assert 0.4 < len(set(dev_truth)) / len(set(truth)) < 0.6
    (dev2, _), _ = bench_dedupe.split_by_actor(df, truth, seed=9)
    pd.testing.assert_frame_equal(dev, dev2)
    (dev3, _), _ = bench_dedupe.split_by_actor(df, truth, seed=10)
    assert not dev3.equals(dev)


def test_real_name_set_is_consistent():
    df, truth = bench_dedupe.read_real()
    assert len(df) >= 250 and len(set(truth)) >= 120
    frame = df.assign(entity=truth)
    # one organisation lives in one region; ids are unique; no exact duplicate rows
    assert (frame.groupby("entity")["region_id"].nunique() == 1).all()
    assert df["actor_id"].is_unique
    assert not frame.duplicated(["region_id", "name"]).any()
    # most organisations appear in two or three lists, and near-miss pairs exist
    sizes = pd.Series(truth).value_counts()
    assert (sizes >= 2).mean() > 0.9 and sizes.max() <= 3
    assert set(df["_file"]) == {"members.csv", "cordis.csv", "contacts.csv"}


def test_pairwise_scores_count_pairs():
    truth = np.array(["a", "a", "a", "b", "c"])
    assert bench_dedupe.pairwise_scores(truth, truth) == (1.0, 1.0, 1.0)
    pred = np.array([1, 1, 2, 2, 3])  # finds 1 of 3 true pairs, 1 of 2 found pairs is right
    p, r, f = bench_dedupe.pairwise_scores(pred, truth)
    assert (p, r) == (0.5, 1 / 3) and f == pytest.approx(0.4)


def test_scan_summary_names_the_eu_scale_and_the_largest_row():
    lines = [
        "text",
        "",
        "| actors | clusters | wall s | peak RSS MB | ingest | write | load |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        "| 20000 | 300 | 5.0 | 300 | 1.0 | 0.5 | 0.1-0.2 |",
        "| 200000 | 3000 | 30.1 | 1100 | 6.8 | 8.3 | 0.3-1.2 |",
        "| 2000000 | 30000 | 250.0 | 8900 | 70.2 | 60.0 | 1.0-1.4 |",
    ]
    assert run_all.scan_summary(lines) == [
        "Scan of 200,000 actors and 3,000 clusters: 30.1 s wall, 1100 MB peak RSS "
        "(load 0.3-1.2); ingest 6.8 s, write 8.3 s.",
        "Scan of 2,000,000 actors and 30,000 clusters: 250.0 s wall, 8900 MB peak RSS "
        "(load 1.0-1.4); ingest 70.2 s, write 60.0 s.",
    ]
    # a failed run is no figure: the summary keeps the rows that were measured
    failed = [*lines[:-1], "| 2000000 | 30000 | failed (exit 1) |"]
    assert run_all.scan_summary(failed) == run_all.scan_summary(lines)[:1]
