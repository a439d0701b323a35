"""``synergy stress``: the S3 stress test of every region, as CSV, Markdown and a table.

Writes into ``--out`` (atomically: the folder is replaced whole or left as it was):
``stress.csv`` (one row per region), ``stress-flags.csv``, ``stress-benchmark.csv``,
``stress.md`` and ``manifest.json`` (inputs, settings, counts: it also marks the folder as a
synergy output, so a rerun may replace it).
"""

from __future__ import annotations

from pathlib import Path

import typer

from synergy.core.errors import OutputError

__all__ = ["stress", "stress_markdown", "write_stress"]

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


def stress_markdown(report, dataset_name: str) -> str:
    """Return ``stress.md``: flags, the per-region table and the benchmark, all escaped."""
    from synergy.report import render_markdown
    from synergy.report_sections import Block, Heading, Paragraph, frame_table

    regions = report.regions
    blocks: list[Block] = [
        Heading(1, f"S3 stress test: {dataset_name}"),
        Paragraph(
            f"{len(regions)} regions, {len(report.flags)} flags. For each region: are its "
            "priorities backed by clusters and actors, which value-chain stages rest on a "
            "single actor, how concentrated and how coherent is its domain portfolio, and "
            "how does it compare with the median of all regions?"
        ),
        Heading(2, "Flags"),
    ]
    if report.flags.empty:
        blocks.append(Paragraph("No weak spots found.", note=True))
    else:
        blocks.append(
            frame_table(
                report.flags, ["region_id", "severity", "indicator", "message"], max_rows=500
            )
        )
    blocks += [
        Heading(2, "Regions"),
        frame_table(
            regions,
            [c for c in regions.columns if c not in ("single_point_stages",)],
            max_rows=500,
        ),
        Heading(2, "Benchmark against the median of all regions"),
        frame_table(
            report.benchmark,
            ["region_id", "indicator", "value", "median", "assessment", "message"],
            max_rows=5000,
        ),
    ]
    return render_markdown(blocks)


def write_stress(result, report, out: Path) -> list[str]:
    """Write the stress files into ``out`` atomically; return their names."""
    from synergy.outputs.atomic import atomic_output_dir, atomic_write
    from synergy.outputs.manifest import manifest, manifest_json
    from synergy.outputs.tables import frame_csv_bytes

    out = Path(out)
    if (out / "pairings.csv").is_file():
        raise OutputError(
            f"'{out}' holds a scan's outputs, which writing the stress test there would "
            "replace. Fix: choose another --out folder, e.g. out/stress."
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


def stress(
    dataset: Path = typer.Argument(..., help="Dataset folder (the input of `synergy scan`)."),
    out: Path = typer.Option(
        Path("out/stress"), "--out", "-o", help="Output folder (replaced as a whole)."
    ),
    taxonomy: Path | None = typer.Option(
        None, "--taxonomy", help="Your own taxonomy file (JSON or TOML)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or table output."),
) -> None:
    """Stress-test every region's S3: backing, single points of failure, concentration.

    Writes stress.csv, stress-flags.csv, stress-benchmark.csv and stress.md to --out.

    Example: synergy stress examples/alpine-space --out out/stress
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from synergy import pipeline
    from synergy.algorithms.stress import stress_test
    from synergy.core.settings import ScanSettings

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if not quiet:
        err.print("Scanning the dataset ...", markup=False)
    result = pipeline.scan(dataset, ScanSettings(taxonomy_path=taxonomy))
    nace = getattr(result.taxonomy, "domains_for_nace", None)
    report = stress_test(result.graph, nace_to_domains=nace)
    files = write_stress(result, report, out)
    if quiet:
        return
    table = Table(title=f"S3 stress test ({len(report.flags)} flags)")
    for _, label in _TABLE_COLUMNS:
        table.add_column(label, overflow="fold")
    for row in report.regions.itertuples(index=False):
        cells = []
        for column, _ in _TABLE_COLUMNS:
            value = getattr(row, column)
            cells.append(
                f"{value:.2f}" if isinstance(value, float) and value == value else str(value)
            )
        table.add_row(*(escape(c if c != "nan" else "") for c in cells))
    Console(highlight=False, soft_wrap=True).print(table)
    high = report.flags[report.flags["severity"] == "high"]
    for flag in high.itertuples(index=False):
        err.print(f"[high] {flag.region_id}: {flag.message}", markup=False)
    err.print(f"Wrote {', '.join(files)} to {out}/", markup=False)
