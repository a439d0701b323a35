"""``synergy pilots``: propose a portfolio of joint pilots (table on stdout, files with --out)."""

from __future__ import annotations

from pathlib import Path

import typer

from synergy.commands.options import TAXONOMY, print_table

__all__ = ["pilots"]


def pilots(
    dataset: Path = typer.Argument(..., help="Dataset folder (the input of `synergy scan`)."),
    select: int = typer.Option(10, "--select", min=1, help="Pilots to select."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for portfolio.csv and portfolio.md."
    ),
    allow_shared_clusters: bool = typer.Option(
        False, "--allow-shared-clusters", help="Let a cluster take part in several pilots."
    ),
    taxonomy: Path | None = TAXONOMY,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Propose N joint pilots covering the regions, pilot fields and development levels.

    Exact selection (MILP): every participating region represented where possible, pilot
    fields covered, development levels mixed, no cluster in two pilots; then the best total
    score. Each slot names its runner-up.

    Example: synergy pilots examples/alpine-space --select 10 --out out/pilots
    """
    from rich.console import Console

    from synergy import pipeline
    from synergy.algorithms.portfolio import select_portfolio
    from synergy.core.settings import ScanSettings
    from synergy.outputs.portfolio import write_portfolio

    err = Console(stderr=True, highlight=False)
    if not quiet:
        err.print("scanning ...", markup=False)
    result = pipeline.scan(dataset, ScanSettings(taxonomy_path=taxonomy))
    candidates = [c for c in result.candidates if c.kind == "pilot"]
    portfolio = select_portfolio(
        candidates, n=select, graph=result.graph, one_pilot_per_cluster=not allow_shared_clusters
    )
    rows = []
    for s in portfolio.slots:
        p, q = s.pilot, s.runner_up
        rows.append(
            [str(s.slot), str(p.extra.get("pilot_field", "")), p.chain_id, ", ".join(p.regions),
             " + ".join(p.clusters), f"{p.score:.3f}",
             f"{' + '.join(q.clusters)} ({q.score:.3f})" if q else "none"]
        )  # fmt: skip
    print_table(
        Console(highlight=False, soft_wrap=True),
        ["slot", "field", "chain", "regions", "clusters", "score", "runner-up"],
        rows,
        title=f"Pilot portfolio ({len(portfolio.slots)} of {len(candidates)} candidates)",
        no_wrap=("slot", "score"),
    )
    Console(highlight=False).print(portfolio.explanation(), markup=False)
    if len(portfolio.slots) < select:
        err.print(_short_of(select, portfolio, candidates, result, allow_shared_clusters),
                  markup=False)  # fmt: skip
    if out is not None:
        write_portfolio(portfolio, out, dataset=Path(dataset).name, select=select)
        if not quiet:
            err.print(
                f"Wrote portfolio.csv, portfolio.md and portfolio.xlsx to {out}/", markup=False
            )


def _short_of(select: int, portfolio, candidates, result, allow_shared: bool) -> str:
    """Return one sentence saying why fewer pilots than --select were chosen."""
    got = f"Chose {len(portfolio.slots)} of the {select} pilots asked for (--select): "
    if not candidates:
        return got + result.shortfalls.get("pilot", "there are no pilot candidates.")
    if len(candidates) < select:
        return got + f"the scan found only {len(candidates)} pilot candidates."
    if not allow_shared:
        return got + (
            "each cluster takes part in one pilot only, and the candidates share their "
            "clusters (--allow-shared-clusters lifts this)."
        )
    return got + "no more candidates fit the portfolio's constraints."
