"""synergy.core.settings: one ScanSettings reaches every stage and the manifest records it all."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from synergy.commands.options import error_text, flag
from synergy.core.errors import SETTINGS, InputError, Problem, SchemaError
from synergy.core.scoring import parse_weights
from synergy.core.settings import (
    LinkParams,
    ScanSettings,
    SharedPriorityParams,
    StressParams,
    ViewSettings,
)
from synergy.outputs.manifest import manifest
from synergy.pipeline import scan

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def alpine_default():
    return scan(ROOT / "examples" / "alpine-space")


def test_manifest_records_every_setting(alpine_default):
    recorded = manifest(alpine_default)["settings"]
    settings = ScanSettings()
    for f in dataclasses.fields(ScanSettings):
        value = getattr(settings, f.name)
        if dataclasses.is_dataclass(value) and f.name != "weights":
            assert recorded[f.name] == dataclasses.asdict(value), f.name
    assert recorded["weights"] == settings.weights.as_dict()
    assert {"top", "favour_mixed_development", "seed", "taxonomy"} <= set(recorded)
    # every field is recorded: nothing a run depends on is left out of the manifest
    assert set(recorded) == {f.name for f in dataclasses.fields(ScanSettings)} - {
        "taxonomy_path"
    } | {"taxonomy"}


def test_settings_reach_the_stages(alpine_default):
    base = alpine_default
    changed = scan(
        ROOT / "examples" / "alpine-space",
        ScanSettings(
            shared_priorities=SharedPriorityParams(max_per_region=1),
            links=LinkParams(shown=3),
            stress=StressParams(hhi_concentrated=0.0, hhi_very_concentrated=0.0),
        ),
    )

    def count(result, kind):
        return int((result.pairings["kind"] == kind).sum())

    assert count(changed, "shared-priority") < count(base, "shared-priority")
    assert count(changed, "value-chain") == count(base, "value-chain")
    assert len(changed.extras["links"]) == 3 < len(base.extras["links"])
    flags = changed.extras["stress-flags"]
    hhi = flags[flags["indicator"] == "hhi"]
    assert len(hhi) == len(changed.extras["stress"]) and set(hhi["severity"]) == {"high"}
    assert manifest(changed)["settings"]["links"]["shown"] == 3


def test_view_settings_cap_the_report_and_the_explorer(mini, tmp_path):
    from synergy.outputs.scan_files import write_scan

    def written(settings):
        out = tmp_path / str(len(list(tmp_path.iterdir())))
        write_scan(scan(mini, settings), out)
        return (out / "report.md").read_text(), (out / "graph.html").read_text()

    md, html = written(ScanSettings())
    md_small, html_small = written(ScanSettings(view=ViewSettings(report_top=1, explorer_top=1)))
    assert "#candidates" not in md  # sanity: the report is Markdown, the explorer is HTML
    assert md_small.count("\n| ") < md.count("\n| ")
    assert html_small.count('"rank":') == 1 < html.count('"rank":')


def test_library_errors_name_settings_and_the_cli_shows_flags():
    with pytest.raises(SchemaError) as caught:
        parse_weights("value-chain.nope=1")
    assert caught.value.option == "weights" and "--" not in str(caught.value)
    assert error_text(caught.value).startswith("--weights: unknown component")
    problem = Problem(file=SETTINGS, column="time_start", message="'25:00' is not a clock time.")
    err = InputError(problem)
    assert "setting 'time_start'" in str(err)
    assert "  - --time-start: '25:00' is not a clock time." in error_text(err)
    assert flag("region") == "--region" and flag("slot_minutes") == "--slot-minutes"


# Flags may appear in library code only as the text of files it writes for other tools
# (neo4j-admin's import command) or for people (the templates' README).
ALLOWED = {"synergy/neo4j/bulk.py", "synergy/outputs/templates.py"}


def test_no_command_line_flag_in_library_code():
    found = []
    for path in sorted([*(ROOT / "synergy").rglob("*.py"), *(ROOT / "ingest").rglob("*.py")]):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("synergy/commands/") or rel in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(?<![\w-])--[a-z][a-z-]+", line):
                found.append(f"{rel}:{number}: {line.strip()}")
    assert found == []
