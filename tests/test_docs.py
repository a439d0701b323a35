"""docs/tutorial.md stays true: its pictures exist, its commands parse, every CLI command is
documented, and the outputs it quotes are what the commands really print and write.

The tutorial marks checkable blocks with HTML comments (invisible when rendered) right
before a fenced block:

- ``<!-- doc-test: file PATH -->``: the block is the content of PATH (written before the
  next ``run``);
- ``<!-- doc-test: run [exit=N] -->``: ``$ synergy ...`` lines are run in order; the other
  lines must appear in the output of the command above them;
- ``<!-- doc-test: excerpt PATH -->``: every line must occur in one line of PATH, written by
  the tutorial command whose ``--out`` holds PATH;
- ``<!-- doc-test: output DIR -->``: the lines must occur in what the command writing DIR
  printed.

In expected lines, ``…`` stands for any text. ``file``/``run`` steps are cheap and always
checked; ``excerpt``/``output`` need the real Alpine scan, workshop, stress test and
portfolio (marked ``slow``).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main
from typer.exceptions import TyperException
from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"
README = ROOT / "README.md"
MAX_IMAGE_BYTES = 400_000

runner = CliRunner()

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
STEP = re.compile(r"^<!-- doc-test: (\w+)(?: ([^>]*?))? -->\n```[^\n]*\n(.*?)^```", re.M | re.S)
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class Step:
    """One checkable block of the tutorial: its action, argument and lines."""

    action: str
    arg: str
    lines: tuple[str, ...]


def tutorial() -> str:
    return TUTORIAL.read_text(encoding="utf-8")


def steps(text: str) -> list[Step]:
    """Return the doc-test blocks of ``text`` in document order."""
    return [
        Step(m.group(1), (m.group(2) or "").strip(), tuple(m.group(3).splitlines()))
        for m in STEP.finditer(text)
    ]


def command_lines(text: str) -> list[str]:
    """Return every ``synergy ...`` line of the fenced blocks, continuations joined."""
    found = []
    for block in FENCE.findall(text):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = line.strip().removeprefix("$ ").strip()
            if line.startswith("synergy ") or line == "synergy":
                found.append(line)
    return found


def _norm(text: str) -> str:
    return " ".join(text.replace('""', '"').split())


def matches(expected: str, haystack: str) -> bool:
    """Return whether the pieces of ``expected`` between ``…`` occur in order in ``haystack``."""
    position = 0
    text = _norm(haystack)
    for piece in (_norm(p) for p in expected.split("…")):
        if not piece:
            continue
        position = text.find(piece, position)
        if position < 0:
            return False
        position += len(piece)
    return True


def _resolve(args: list[str]):
    """Return the click command the arguments name, its full name and the rest of the args."""
    command, path = typer.main.get_command(app), ["synergy"]
    while hasattr(command, "commands") and args and args[0] in command.commands:
        path.append(args[0])
        command = command.commands[args.pop(0)]
    return command, " ".join(path), args


def cli_commands() -> list[str]:
    """Return every command of the CLI as typed, e.g. ``synergy neo4j push``."""
    names = []

    def walk(command, prefix: str) -> None:
        for name, sub in sorted(command.commands.items()):
            if hasattr(sub, "commands"):
                walk(sub, f"{prefix} {name}")
            else:
                names.append(f"{prefix} {name}")

    walk(typer.main.get_command(app), "synergy")
    return names


def _out_dir(command: str) -> str | None:
    args = shlex.split(command)
    for flag in ("--out", "-o"):
        if flag in args:
            return args[args.index(flag) + 1].rstrip("/")
    return None


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """Return an empty folder that looks like the project root (examples/, tests/ linked)."""
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    (tmp_path / "tests").symlink_to(ROOT / "tests", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _invoke(command: str) -> tuple[int, str]:
    result = runner.invoke(app, shlex.split(command)[1:])
    return result.exit_code, result.output


# --------------------------------------------------------------------------- structure


def test_tutorial_images_exist_and_are_small():
    links = IMAGE.findall(tutorial())
    assert len(links) >= 6
    for link in links:
        assert not link.startswith(("/", "http:", "https:")), f"{link}: link images relatively"
        path = TUTORIAL.parent / link
        assert path.is_file(), f"{link} is missing (make screenshots)"
        assert path.suffix == ".png"
        assert 1_000 < path.stat().st_size < MAX_IMAGE_BYTES, (link, path.stat().st_size)


def _anchor(heading: str) -> str:
    """Return the anchor GitHub and GitLab give a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_tutorial_contents_links_land_on_headings():
    text = tutorial()
    anchors = {_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", FENCE.sub("", text), re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert len(links) >= 10
    assert [link for link in links if link not in anchors] == []


def test_tutorial_commands_parse():
    lines = command_lines(tutorial())
    assert len(lines) >= 15
    for line in lines:
        command, name, args = _resolve(shlex.split(line)[1:])
        if args == ["--help"] or (name == "synergy" and args == ["--help"]):
            continue
        assert not hasattr(command, "commands"), f"{line!r}: no such command"
        try:
            # Full parsing: option names, types, ranges and required values, nothing run.
            command.make_context(name, list(args))
        except TyperException as exc:  # click's UsageError family, as typer exports it
            pytest.fail(f"{line!r} does not parse: {exc}")


def test_tutorial_command_parse_check_rejects_mistakes():
    # The check above is only useful if it fails on a wrong option, type or command.
    for bad in (
        "synergy workshop examples/alpine-space --region AT31 --slots six --out ws",
        "synergy scan examples/alpine-space --outt out",
        "synergy pilots examples/alpine-space --select 0",
    ):
        command, name, args = _resolve(shlex.split(bad)[1:])
        with pytest.raises(TyperException):
            command.make_context(name, args)
    command, _, _ = _resolve(["scna", "x"])
    assert hasattr(command, "commands")


def test_every_cli_command_is_documented():
    text = tutorial() + README.read_text(encoding="utf-8")
    commands = cli_commands()
    assert {"synergy scan", "synergy validate", "synergy init", "synergy neo4j push"} <= set(
        commands
    )
    missing = [c for c in commands if c not in text]
    assert missing == [], f"not mentioned in docs/tutorial.md or README.md: {missing}"


def test_tutorial_checks_are_present():
    kinds = {s.action for s in steps(tutorial())}
    assert kinds == {"file", "run", "excerpt", "output"}
    assert all(s.lines for s in steps(tutorial()))


def test_matches_pieces_in_order():
    assert matches("a … c", "a b c")
    assert not matches("c … a", "a b c")
    assert matches('say "hi"', 'x,"say ""hi""",y')


# --------------------------------------------------------------------------- real runs


def test_tutorial_files_and_runs_are_true(workdir):
    ran = 0
    for step in steps(tutorial()):
        if step.action == "file":
            path = workdir / step.arg
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(step.lines) + "\n", encoding="utf-8")
        elif step.action == "run":
            want = int(step.arg.removeprefix("exit=")) if step.arg else 0
            output = ""
            for line in step.lines:
                if line.startswith("$ "):
                    code, output = _invoke(line[2:])
                    assert code == want, f"{line}: exit {code}, wanted {want}\n{output}"
                    ran += 1
                elif line.strip():
                    assert matches(line, output), f"not in the output:\n{line}\n---\n{output}"
    assert ran >= 5


@pytest.mark.slow
def test_tutorial_excerpts_are_real_outputs(workdir):
    text = tutorial()
    for step in steps(text):
        if step.action == "file":  # the files the quoted commands read (my-alps/ for CORDIS)
            path = workdir / step.arg
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(step.lines) + "\n", encoding="utf-8")
    quoted = [s for s in steps(text) if s.action in ("excerpt", "output")]
    producers = {}
    for line in command_lines(text):
        out = _out_dir(line)
        if out and out not in producers:
            producers[out] = line
    needed = []
    for step in quoted:
        target = step.arg.rstrip("/")
        owner = [o for o in producers if target == o or target.startswith(o + "/")]
        assert owner, f"no tutorial command writes {step.arg}"
        if owner[0] not in needed:
            needed.append(owner[0])
    printed = {}
    for out in needed:
        code, printed[out] = _invoke(producers[out])
        assert code == 0, f"{producers[out]}\n{printed[out]}"
    for step in quoted:
        if step.action == "output":
            for line in filter(str.strip, step.lines):
                assert matches(line, printed[step.arg.rstrip("/")]), line
            continue
        rows = (workdir / step.arg).read_text(encoding="utf-8").splitlines()
        for line in filter(str.strip, step.lines):
            assert any(matches(line, row) for row in rows), f"{step.arg} has no line like:\n{line}"


@pytest.mark.slow
def test_readme_library_examples_run(monkeypatch):
    """The README's "Use it as a library" section is a doctest: its results are real."""
    import doctest

    monkeypatch.chdir(ROOT)
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Use it as a library") :]
    section = section[: section.index("\n## ", 3)]
    test = doctest.DocTestParser().get_doctest(section, {}, "README.md", str(README), 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"{runner.failures} README example(s) failed (output above)"


def test_public_api_names_resolve():
    import synergy

    for name in synergy.__all__:
        value = getattr(synergy, name)
        assert value is not None, name
        if name != "__version__":
            assert getattr(value, "__name__", name) == name
    assert "scan" in dir(synergy)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        synergy.nope  # noqa: B018
