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
    projects: int = typer.Option(
        0,
        "--projects",
        min=0,
        help="Also write N dated projects and their participations (2014-2024); 0: none.",
    ),
    project_model: str = typer.Option(
        "complementary",
        "--project-model",
        help="Who works with whom in the projects: 'complementary' (partners bring missing "
        "value-chain stages; size; noise), 'regional' (partners from regions that bring "
        "stages the consortium's regions lack; size; noise) or 'size' (size only).",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Write a synthetic multilingual dataset with labelled duplicates (tests, benchmarks).

    Truth for measuring dedupe and complementarity detection goes to OUT/_truth/ (ignored by
    ingest).

    With --projects N it also writes dated projects and participations (off by default, so
    the other files stay as they were); --project-model chooses who works with whom.

    Example: synergy synth out/eu --regions 240 --clusters 3000 --actors 200000 --seed 1
    """
    from rich.console import Console

    from synergy.synth.dataset import generate
    from synergy.synth.projects import PARTNER_MODELS

    if project_model not in PARTNER_MODELS:
        raise typer.BadParameter(
            f"unknown model '{project_model}'; use one of {', '.join(PARTNER_MODELS)}.",
            param_hint="--project-model",
        )

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
            projects=projects,
            project_model=project_model,
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
            f"chains, {summary.programmes} programmes"
            + (
                f", {summary.projects} projects with {summary.participations} participations"
                if summary.projects
                else ""
            )
            + f"; truth in {out / '_truth'}/.",
            markup=False,
        )
