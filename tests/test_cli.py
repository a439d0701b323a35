"""The CLI through typer's CliRunner: scan, validate, init, exit codes and messages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app

runner = CliRunner()

CONTRACT = [
    "pairings.csv",
    "pairings.xlsx",
    "report.md",
    "report.html",
    "graph.html",
    "graph.graphml",
    "unresolved.csv",
    "manifest.json",
]


def test_scan_writes_output_contract(mini, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["scan", str(mini), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    for name in CONTRACT:
        assert (out / name).is_file(), name
    pairings = pd.read_csv(out / "pairings.csv")
    assert list(pairings.columns[:9]) == [
        "rank",
        "kind",
        "regions",
        "clusters",
        "domains",
        "chain_id",
        "score",
        "components",
        "evidence",
    ]
    assert list(pairings["rank"]) == list(range(1, len(pairings) + 1))
    assert pairings["score"].is_monotonic_decreasing
    assert {"shared-priority", "value-chain"} <= set(pairings["kind"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["graph"]["nodes_by_kind"]["Actor"] == 8


def test_scan_twice_is_byte_identical(mini, tmp_path):
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert runner.invoke(app, ["scan", str(mini), "--out", str(out), "-q"]).exit_code == 0
        outs.append(out)
    for path in sorted(outs[0].rglob("*")):
        if path.is_file() and path.name != "manifest.json":
            assert path.read_bytes() == (outs[1] / path.relative_to(outs[0])).read_bytes(), path
    m = [json.loads((o / "manifest.json").read_text()) for o in outs]
    for doc in m:
        doc.pop("timings")
    assert m[0] == m[1]


def test_scan_top_and_weights(mini, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "scan",
            str(mini),
            "--out",
            str(out),
            "-q",
            "--top",
            "1",
            "--weights",
            "value-chain.coverage=1,value-chain.gain=0,value-chain.handover=0,value-chain.depth=0",
        ],
    )
    assert result.exit_code == 0, result.output
    pairings = pd.read_csv(out / "pairings.csv")
    assert pairings["kind"].value_counts().max() == 1
    vc = pairings[pairings["kind"] == "value-chain"].iloc[0]
    # only coverage weighs: the score is the coverage component (depth-weighted, so < 1)
    coverage = dict(c.split("=") for c in vc["components"].split(";"))["coverage"]
    assert vc["score"] == pytest.approx(float(coverage), abs=1e-3) and vc["score"] < 1


def test_scan_bad_weights_is_usage_like_error(mini, tmp_path):
    result = runner.invoke(
        app, ["scan", str(mini), "--out", str(tmp_path / "o"), "-q", "--weights", "nope.x=1"]
    )
    assert result.exit_code == 1
    assert "unknown component 'nope.x'" in result.output


def test_scan_data_error_exit_1_clean_message_no_output(mini, tmp_path):
    text = (mini / "clusters.csv").read_text(encoding="utf-8")
    (mini / "clusters.csv").write_text(text.replace(",40", ",lots"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["scan", str(mini), "--out", str(out), "-q"])
    assert result.exit_code == 1
    assert "clusters.csv, row 2, column 'members'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_scan_failed_run_keeps_previous_output(mini, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["scan", str(mini), "--out", str(out), "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (mini / "regions.csv").write_bytes(b"")
    assert runner.invoke(app, ["scan", str(mini), "--out", str(out), "-q"]).exit_code == 1
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert before == after


def test_debug_shows_traceback(mini, tmp_path):
    (mini / "regions.csv").write_bytes(b"")
    result = runner.invoke(app, ["scan", str(mini), "--out", str(tmp_path / "o"), "--debug"])
    assert result.exit_code == 1
    assert result.exception is not None and "InputError" in type(result.exception).__name__


def test_usage_error_exit_2():
    result = runner.invoke(app, ["scan"])
    assert result.exit_code == 2


def test_validate_ok_and_writes_nothing(mini):
    before = sorted(p.name for p in mini.rglob("*"))
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 0, result.output
    assert "actors" in result.output
    assert sorted(p.name for p in mini.rglob("*")) == before


def test_validate_reports_every_problem(mini):
    text = (mini / "clusters.csv").read_text(encoding="utf-8")
    (mini / "clusters.csv").write_text(
        text.replace(",40", ",x").replace(",25", ",y"), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    assert "2 problems" in result.output
    assert "row 2" in result.output and "row 3" in result.output


def test_init_templates_validate(tmp_path):
    target = tmp_path / "new"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in target.iterdir()} >= {"regions.csv", "actors.csv", "README.md"}
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 1 and "--force" in again.output


def test_every_command_has_help_with_example_and_is_in_readme():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            names += [f"{name} {sub}" for sub in cmd.commands]
            subs = cmd.commands.values()
        else:
            names.append(name)
            subs = [cmd]
        for sub in subs:
            assert sub.help and "Example" in sub.help, f"{name}: help without an example"
    for name in names:
        assert re.search(rf"synergy {re.escape(name)}\b", readme), f"README lacks {name}"


def test_unexpected_error_is_one_clean_line(mini, tmp_path, monkeypatch):
    import synergy.pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(synergy.pipeline, "scan", boom)
    out = tmp_path / "out"
    result = runner.invoke(app, ["scan", str(mini), "--out", str(out), "-q"])
    assert result.exit_code == 1
    assert "unexpected RuntimeError: kaboom" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_scan_progress_and_summary_without_quiet(mini, tmp_path):
    result = runner.invoke(app, ["scan", str(mini), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "Top candidates" in result.output and "Wrote" in result.output


def test_report_drawn_in_a_second_process_is_identical(mini, tmp_path, monkeypatch):
    import synergy.outputs.scan_files
    import synergy.pipeline

    assert (
        runner.invoke(app, ["scan", str(mini), "--out", str(tmp_path / "a"), "-q"]).exit_code == 0
    )
    monkeypatch.setattr(synergy.outputs.scan_files, "PARALLEL_REPORT_NODES", 0)
    assert (
        runner.invoke(app, ["scan", str(mini), "--out", str(tmp_path / "b"), "-q"]).exit_code == 0
    )
    # every file, the tables written while the worker draws the report included
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    assert {"graph.graphml", "pairings.xlsx", "report.html", "img/heatmap.png"} <= {
        f.as_posix() for f in files
    }
    docs = []
    for name in files:
        a, b = (tmp_path / "a" / name), (tmp_path / "b" / name)
        if name.name == "manifest.json":
            docs = [json.loads(a.read_text()), json.loads(b.read_text())]
            assert {"render", "write"} <= set(docs[1]["timings"])
            assert [d.pop("timings") and d for d in docs][0] == docs[1]
        elif a.is_file():
            assert a.read_bytes() == b.read_bytes(), name
    assert docs
    # and the worker really draws it (no silent fallback)
    result = synergy.pipeline.scan(mini)
    pool, future = synergy.outputs.scan_files._report_in_background(result)
    try:
        assert future is not None and "heatmap" in future.result(timeout=120).images
    finally:
        pool.shutdown()


# --------------------------------------------------------------------------- CLI polish


def test_version_and_short_help():
    import synergy

    for flag in ("--version", "-V"):
        result = runner.invoke(app, [flag])
        assert result.exit_code == 0 and result.output == f"synergy {synergy.__version__}\n"
    for args in (["-h"], ["scan", "-h"], ["neo4j", "-h"], ["neo4j", "query", "-h"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Usage:" in result.output, args
        assert "-h, --help" in result.output, args


def _help_lines(args: list[str]) -> list[str]:
    result = runner.invoke(app, args, env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_help_shows_boolean_flags_as_flags_and_fits_80_columns():
    import typer.main

    group = typer.main.get_command(app)
    commands = [[n] for n, c in group.commands.items() if not hasattr(c, "commands")]
    commands += [[n, s] for n, c in group.commands.items() for s in getattr(c, "commands", {})]
    flags_seen = 0
    for args in [[], *commands]:
        lines = _help_lines([*args, "--help"])
        assert all(len(line) <= 80 for line in lines), args
        text = "\n".join(lines)
        assert "<bool>" not in text and "…" not in text, args  # no value after a flag
        for line in lines:
            if re.match(r"\s+(-\w, )?--(quiet|debug|neo4j|exact|replace|force|list)\b", line):
                flags_seen += 1
                # a flag takes no value: its help text follows the name directly
                assert re.match(r"\s+(-\w, )?--[\w-]+\s{2,}\S", line), line
    assert flags_seen >= 10


def test_synth_is_listed_as_a_developer_command():
    text = "\n".join(_help_lines(["--help"]))
    commands, developer = text.split("Developer commands:")
    assert re.search(r"^\s+synth\s", developer, re.M)
    assert not re.search(r"^\s+synth\s", commands, re.M)
    assert re.search(r"^\s+scan\s", commands, re.M)


def test_scan_summary_table_never_breaks_a_word_at_80_columns(mini, tmp_path):
    from synergy.graph.names import candidate_title
    from synergy.pipeline import scan

    result = runner.invoke(
        app, ["scan", str(mini), "--out", str(tmp_path / "o")], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    table = [line for line in result.output.splitlines() if line.startswith(("│", "┃"))]
    assert table and all(len(line) <= 80 for line in table)
    words = set()
    for line in table:
        for cell in line.strip("│┃").split("│"):
            words.update(cell.split())
    scanned = scan(mini)
    for row in scanned.pairings.to_dict("records"):
        if row["kind_rank"] <= 3:
            title = candidate_title(row, scanned.graph)
            # every word of every title appears whole in the table
            assert set(title.split()) <= words, title


def test_print_table_falls_back_to_records_when_words_cannot_fit():
    from rich.console import Console

    from synergy.commands.options import print_table

    console = Console(width=40, record=True, highlight=False)
    long_id = "candidate:3964f84fb4e5;candidate:0980630ef7af"
    print_table(console, ["rank", "candidate", "evidence"], [["1", long_id, "short words"]])
    text = console.export_text()
    assert "candidate: " + long_id in text  # the long word stays whole
    assert all(len(line) <= 40 or long_id in line for line in text.splitlines())
    console = Console(width=80, record=True, highlight=False)
    print_table(console, ["rank", "kind"], [["1", "call"]], title="Fits")
    assert "┃ rank ┃ kind ┃" in console.export_text()
