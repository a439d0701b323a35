"""``synergy stress``: the S3 stress test of every region, as CSV, Markdown and a table.

Writes into ``--out`` (atomically: the folder is replaced whole or left as it was):
``stress.csv`` (one row per region), ``stress-flags.csv``, ``stress-benchmark.csv``,
``stress.md`` and ``manifest.json`` (inputs, settings, counts: it also marks the folder as a
synergy output, so a rerun may replace it).
"""

from __future__ import annotations

from pathlib import Path

import typer

from synergy.commands.options import TAXONOMY, print_table

__all__ = ["stress"]

# short headers so the table fits an 80-column terminal
_TABLE_COLUMNS = (
    ("region_id", "region"),
    ("priorities", "prio"),
    ("priorities_no_cluster", "no clu"),
    ("priorities_no_actor", "no act"),
    ("single_points", "1-act"),
    ("hhi", "HHI"),
    ("coherence", "coh"),
    ("flags", "flags"),
    ("development", "level"),
)


def stress(
    dataset: Path = typer.Argument(..., help="Dataset folder (the input of `synergy scan`)."),
    out: Path = typer.Option(
        Path("out/stress"), "--out", "-o", help="Output folder (replaced as a whole)."
    ),
    taxonomy: Path | None = TAXONOMY,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or table output."),
) -> None:
    """Stress-test every region's S3: backing, single points of failure, concentration.

    Writes stress.csv, stress-flags.csv, stress-benchmark.csv and stress.md to --out.

    Example: synergy stress examples/alpine-space --out out/stress
    """
    from rich.console import Console

    from synergy import pipeline
    from synergy.algorithms.stress import stress_test
    from synergy.core.settings import ScanSettings, StabilityParams
    from synergy.outputs.stress import write_stress

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if not quiet:
        err.print("Scanning the dataset ...", markup=False)
    result = pipeline.scan(
        dataset,
        # no stability column is shown here: skip its perturbed runs
        ScanSettings(taxonomy_path=taxonomy, stability=StabilityParams(runs=0)),
    )
    nace = getattr(result.taxonomy, "domains_for_nace", None)
    report = stress_test(result.graph, nace_to_domains=nace, params=result.settings.stress)
    files = write_stress(result, report, out)
    if quiet:
        return
    rows = []
    for row in report.regions.itertuples(index=False):
        cells = []
        for column, _ in _TABLE_COLUMNS:
            value = getattr(row, column)
            cells.append(
                f"{value:.2f}" if isinstance(value, float) and value == value else str(value)
            )
        rows.append([c if c != "nan" else "" for c in cells])
    print_table(
        Console(highlight=False, soft_wrap=True),
        [label for _, label in _TABLE_COLUMNS],
        rows,
        title=f"S3 stress test ({len(report.flags)} flags)",
    )
    high = report.flags[report.flags["severity"] == "high"]
    for flag in high.itertuples(index=False):
        err.print(f"[high] {flag.region_id}: {flag.message}", markup=False)
    err.print(f"Wrote {', '.join(files)} to {out}/", markup=False)
