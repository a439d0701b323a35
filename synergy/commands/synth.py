"""``synergy synth``: write a synthetic dataset that follows the input contract."""

from __future__ import annotations

import time
from pathlib import Path

import typer

__all__ = ["synth"]


def synth(
    out: Path = typer.Argument(..., help="Folder to write (new, empty, or an earlier synth)."),
    regions: int = typer.Option(240, "--regions", min=1, help="Number of regions."),
    clusters: int = typer.Option(3000, "--clusters", min=0, help="Number of clusters."),
    actors: int = typer.Option(
        200000,
        "--actors",
        min=0,
        help="Number of distinct actors; about 3% duplicate rows come on top.",
    ),
    chains: int = typer.Option(8, "--chains", min=0, help="Number of value chains."),
    seed: int = typer.Option(1, "--seed", help="Same seed and sizes give identical files."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Write a synthetic multilingual dataset with labelled duplicates (tests, benchmarks).

    Truth for measuring dedupe and complementarity detection goes to OUT/_truth/ (ignored by
    ingest).

    Example: synergy synth out/eu --regions 240 --clusters 3000 --actors 200000 --seed 1
    """
    from rich.console import Console

    from synergy.synth.dataset import generate

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    started = time.perf_counter()
    status = None if quiet else err.status("generating ...", spinner="dots")
    if status:
        status.start()
    try:
        summary = generate(
            out,
            regions=regions,
            clusters=clusters,
            actors=actors,
            chains=chains,
            seed=seed,
            progress=(lambda stage: status.update(f"{stage} ...")) if status else None,
        )
    finally:
        if status:
            status.stop()
    if not quiet:
        err.print(
            f"Wrote {len(summary.files)} files ({summary.bytes / 1e6:.1f} MB) to {out}/ in "
            f"{time.perf_counter() - started:.1f} s: {summary.regions} regions, "
            f"{summary.priorities} priorities, {summary.clusters} clusters, {summary.actors} "
            f"actors + {summary.duplicate_rows} duplicate rows, {summary.value_chains} value "
            f"chains, {summary.programmes} programmes; truth in {out / '_truth'}/.",
            markup=False,
        )
