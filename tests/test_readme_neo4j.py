"""The README's and the tutorial's Neo4j examples run as written, against the real server
(marker ``neo4j``; ``make test`` starts it): every ``synergy neo4j ...`` line of their code
blocks, in the order written (each query runs on the graph pushed before it), exits 0, and every
query returns rows. A dataset the examples make first (the CORDIS worked example's ``my-alps``)
is made by the ``cp -r``/``synergy import`` lines of the block that pushes it."""

from __future__ import annotations

import io
import re
import shlex
import shutil
from pathlib import Path

import pytest
from helpers.neo4j import connect_or_skip
from typer.testing import CliRunner

from cli import app

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[1]


def bash_blocks(path: Path) -> list[list[str]]:
    """Return the command lines of the file's bash code blocks (continuations joined)."""
    text = path.read_text(encoding="utf-8")
    blocks = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        block = re.sub(r"\\\n\s*", "", block)
        blocks.append([line.split("  #", 1)[0].strip() for line in block.splitlines()])
    return blocks


def neo4j_lines(path: Path) -> list[str]:
    """Return the ``synergy neo4j ...`` command lines of the file's bash code blocks."""
    lines = []
    for block in bash_blocks(path):
        for line in block:
            line = line.split("#", 1)[0].strip() if line.startswith("make") else line
            if line.startswith("synergy neo4j "):
                lines.append(line)
    return lines


def make_pushed_datasets(path: Path, runner: CliRunner) -> None:
    """Make each pushed dataset that does not exist yet with its block's setup lines."""
    for block in bash_blocks(path):
        for i, line in enumerate(block):
            if not line.startswith("synergy neo4j push ") or Path(shlex.split(line)[3]).exists():
                continue
            for setup in block[:i]:
                args = shlex.split(setup)
                if args[:2] == ["cp", "-r"]:
                    shutil.copytree(ROOT / args[2], args[3])
                elif args[:2] == ["synergy", "import"]:
                    result = runner.invoke(app, args[1:])
                    assert result.exit_code == 0, (setup, result.output)


def test_readme_and_tutorial_neo4j_examples_run_as_written(tmp_path, monkeypatch):
    connect_or_skip().close()
    monkeypatch.chdir(tmp_path)
    for name in ("examples", "tests"):  # the examples' paths, read-only
        (tmp_path / name).symlink_to(ROOT / name)
    docs = [ROOT / "README.md", ROOT / "docs" / "tutorial.md"]
    lines = [line for path in docs for line in neo4j_lines(path)]
    assert sum(" query " in line for line in lines) >= 5
    assert " push " in lines[0], "the examples push a graph before they query it"
    runner = CliRunner()
    for path in docs:
        make_pushed_datasets(path, runner)
    assert Path("my-alps", "participations-cordis.csv").exists()
    for line in lines:
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
