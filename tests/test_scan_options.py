"""The scan options of issue 16 reach settings and manifest; a bad date is a usage error."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli import app

runner = CliRunner()
PILOTS = Path(__file__).parent / "data" / "pilots"


def test_scan_as_of_earmark_stability_recorded(tmp_path):
    out = tmp_path / "o"
    result = runner.invoke(
        app,
        ["scan", str(PILOTS), "--out", str(out), "-q", "--as-of", "2024-01-01",
         "--earmark", "0.25", "--stability-runs", "3"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["choices"]["calls"] == {
        "as_of": "2024-01-01", "as_of_source": "settings", "earmark": 0.25,
    }  # fmt: skip
    assert manifest["choices"]["stability"]["runs"] == 3
    assert manifest["settings"]["calls"]["earmark"] == 0.25
    assert "ECI/PCI left out" in manifest["choices"]["relatedness"]["complexity"]
    # 25 % of the 10 M and 6 M envelopes of the one hydrogen call
    calls = (out / "pairings.csv").read_text(encoding="utf-8")
    assert ",4000000," in calls
    assert (out / "call-exclusions.csv").exists() and (out / "intent-capability.csv").exists()


def test_scan_bad_as_of_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["scan", str(PILOTS), "--out", str(tmp_path / "o"), "-q",
                                 "--as-of", "March 2025"])  # fmt: skip
    assert result.exit_code == 2
    assert "is not a date like 2025-03-01" in result.output
