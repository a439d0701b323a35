"""``stress.md``: the S3 stress test of every region as a Markdown page (all input escaped)."""

from __future__ import annotations

from synergy.report.blocks import Block, Heading, Paragraph, frame_table
from synergy.report.markdown import render_markdown

__all__ = ["stress_markdown"]


def stress_markdown(report, dataset_name: str) -> str:
    """Return ``stress.md``: flags, the per-region table and the benchmark, all escaped."""
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
