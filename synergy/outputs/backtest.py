"""Write a backtest: ``backtest.json``, ``backtest.md``, ``backtest.html``, ``manifest.json``
(and ``weights.json`` after tuning), all at once through :func:`atomic_output_dir`.

``backtest.json`` holds every metric, the settings, splits and seeds, and is byte-identical
across runs; the manifest adds the version, the input folder and the timings.
"""

from __future__ import annotations

from pathlib import Path

from synergy import __version__
from synergy.core.contract import MANIFEST
from synergy.outputs.atomic import atomic_output_dir
from synergy.outputs.manifest import manifest_json
from synergy.report.backtest import backtest_html, backtest_markdown

__all__ = ["write_backtest", "BACKTEST_FILES"]

BACKTEST_FILES = ("backtest.json", "backtest.md", "backtest.html", MANIFEST)


def write_backtest(result, out_dir: str | Path) -> list[str]:
    """Write the backtest's files into ``out_dir`` (replaced whole) and return their names."""
    doc = result.as_dict()
    files = {
        "backtest.json": manifest_json(doc),
        "backtest.md": backtest_markdown(doc),
        "backtest.html": backtest_html(doc),
    }
    if result.tuned_weights is not None:
        files["weights.json"] = manifest_json(result.tuned_weights.as_dict())
    manifest = {
        "synergy_version": __version__,
        "command": "backtest",
        "dataset": doc["dataset"],
        "settings": doc["settings"],
        "scan_settings": result.settings.describe(),
        "splits": doc["splits"],
        "weights_file": (
            {"file": "weights.json", "chosen_on": doc["tuned_weights"]["chosen_on"]}
            if "tuned_weights" in doc
            else None
        ),
        "files": sorted([*files, MANIFEST]),
        "timings": result.timings,
    }
    files[MANIFEST] = manifest_json(manifest)
    with atomic_output_dir(out_dir) as tmp:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
    return sorted(files)
