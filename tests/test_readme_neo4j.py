"""The README's and the tutorial's Neo4j examples run as written, against the real server
(marker ``neo4j``; ``make test`` starts it): push the Alpine example, then every
``synergy neo4j ...`` line of their code blocks exits 0, and every query returns rows."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest
from helpers.neo4j import connect_or_skip
from typer.testing import CliRunner

from cli import app

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[1]


def neo4j_lines(path: Path) -> list[str]:
    """Return the ``synergy neo4j ...`` command lines of the file's bash code blocks."""
    text = path.read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip() if line.strip().startswith("make") else line
            if line.strip().startswith("synergy neo4j "):
                lines.append(line.strip())
    return lines


def test_readme_and_tutorial_neo4j_examples_run_as_written(tmp_path, monkeypatch):
    connect_or_skip().close()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    lines = neo4j_lines(ROOT / "README.md") + neo4j_lines(ROOT / "docs" / "tutorial.md")
    assert sum(" query " in line for line in lines) >= 5
    pushes = [line for line in lines if " push " in line]
    assert pushes, "the examples push the graph first"
    runner = CliRunner()
    for line in pushes + [line for line in lines if line not in pushes]:
        args = shlex.split(line)[1:]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (line, result.output)
        if " query " in line and "--list" not in line:
            rows = re.search(r"^(\d+) rows?$", result.output, re.M)
            assert rows and int(rows.group(1)) > 0, (line, result.output[-300:])
        if "--list" in line:
            assert "limit=10 (default)" in result.output


def test_candidate_named_by_kind_and_rank_in_kind(tmp_path, monkeypatch):
    """candidate-actors takes ``pilot:1`` as well as the rank in pairings.csv."""
    import pandas as pd

    from synergy.pipeline import scan

    connect_or_skip().close()
    runner = CliRunner()
    push = runner.invoke(app, ["neo4j", "push", str(ROOT / "examples" / "alpine-space"), "-q"])
    assert push.exit_code == 0, push.output
    pairings = scan(ROOT / "examples" / "alpine-space").pairings
    best = pairings[(pairings["kind"] == "pilot") & (pairings["kind_rank"] == 1)].iloc[0]
    out = {}
    for name in ("pilot:1", str(int(best["rank"]))):
        result = runner.invoke(
            app,
            [
                "neo4j",
                "query",
                "candidate-actors",
                "--param",
                f"candidate={name}",
                "--format",
                "csv",
            ],  # fmt: skip
        )
        assert result.exit_code == 0, result.output
        out[name] = result.stdout
    assert out["pilot:1"] == out[str(int(best["rank"]))]
    assert len(pd.read_csv(io.StringIO(out["pilot:1"]))) > 0
