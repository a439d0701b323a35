"""The S3 stress test on disk: ``stress.csv``, ``stress-flags.csv``, ``stress-benchmark.csv``,
``stress.md`` and ``manifest.json``, written atomically.

The manifest (inputs, settings, counts) also marks the folder as a synergy output, so a rerun
may replace it.
"""

from __future__ import annotations

from pathlib import Path

from synergy.core.errors import OutputError
from synergy.outputs.atomic import atomic_output_dir, atomic_write
from synergy.outputs.manifest import manifest, manifest_json
from synergy.outputs.tables import frame_csv_bytes
from synergy.report.stress import stress_markdown

__all__ = ["write_stress"]


def write_stress(result, report, out: Path) -> list[str]:
    """Write the stress files into ``out`` atomically; return their names."""
    out = Path(out)
    if (out / "pairings.csv").is_file():
        raise OutputError(
            f"'{out}' holds a scan's outputs, which writing the stress test there would "
            "replace. Fix: choose another output folder, e.g. out/stress.",
            option="out",
        )
    info = manifest(result)
    info["command"] = "stress"
    info["stress"] = {
        "regions": int(len(report.regions)),
        "flags": int(len(report.flags)),
        "flags_by_severity": {
            k: int(v) for k, v in sorted(report.flags["severity"].value_counts().items())
        },
    }
    decimals = {"hhi": 4, "effective_domains": 2, "coherence": 4, "value": 4, "median": 4}
    files: dict[str, bytes | str] = {
        "stress.csv": frame_csv_bytes(report.regions, decimals=decimals),
        "stress-flags.csv": frame_csv_bytes(report.flags),
        "stress-benchmark.csv": frame_csv_bytes(report.benchmark, decimals=decimals),
        "stress.md": stress_markdown(report, Path(result.dataset.root).name),
        "manifest.json": manifest_json(info),
    }
    with atomic_output_dir(out) as tmp:
        for name, payload in files.items():
            atomic_write(tmp / name, payload)
    return sorted(files)
