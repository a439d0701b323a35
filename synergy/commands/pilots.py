"""``synergy pilots``: propose a portfolio of joint pilots (table on stdout, files with --out)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

__all__ = ["pilots", "portfolio_markdown"]


def portfolio_markdown(portfolio, dataset: str = "") -> str:
    """Return the portfolio as a Markdown page (all input text escaped)."""
    from synergy.report import md_escape

    lines = [
        f"# Pilot portfolio{': ' + md_escape(dataset) if dataset else ''}",
        "",
        md_escape(portfolio.explanation()),
        "",
        "| Slot | Pilot field | Chain | Regions | Clusters | Score | Runner-up | Swap |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in portfolio.slots:
        p, q = s.pilot, s.runner_up
        runner = f"{' + '.join(q.clusters)} ({q.score:.3f})" if q else "none"
        lines.append(
            "| "
            + " | ".join(
                md_escape(x)
                for x in (
                    s.slot,
                    p.extra.get("pilot_field", ""),
                    p.chain_id,
                    ", ".join(p.regions),
                    " + ".join(p.clusters),
                    f"{p.score:.3f}",
                    runner,
                    s.swap_note,
                )
            )  # fmt: skip
            + " |"
        )
    lines += ["", "## Why each pilot", ""]
    for s in portfolio.slots:
        lines.append(f"{s.slot}. {md_escape(s.pilot.evidence)}")
    return "\n".join(lines) + "\n"


def pilots(
    dataset: Path = typer.Argument(..., help="Dataset folder (the input of `synergy scan`)."),
    select: int = typer.Option(10, "--select", min=1, help="Pilots to select."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for portfolio.csv and portfolio.md."
    ),
    allow_shared_clusters: bool = typer.Option(
        False, "--allow-shared-clusters", help="Let a cluster take part in several pilots."
    ),
    taxonomy: Path | None = typer.Option(
        None, "--taxonomy", help="Your own taxonomy file (JSON or TOML)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Propose N joint pilots covering the regions, pilot fields and development levels.

    Exact selection (MILP): every participating region represented where possible, pilot
    fields covered, development levels mixed, no cluster in two pilots; then the best total
    score. Each slot names its runner-up.

    Example: synergy pilots examples/alpine-space --select 10 --out out/pilots
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from synergy import pipeline
    from synergy.algorithms.portfolio import select_portfolio
    from synergy.core.settings import ScanSettings
    from synergy.outputs.atomic import atomic_output_dir, atomic_write
    from synergy.outputs.tables import frame_csv_bytes
    from synergy.outputs.xlsx import write_frames_bytes

    err = Console(stderr=True, highlight=False)
    if not quiet:
        err.print("scanning ...", markup=False)
    result = pipeline.scan(dataset, ScanSettings(taxonomy_path=taxonomy))
    candidates = [c for c in result.candidates if c.kind == "pilot"]
    portfolio = select_portfolio(
        candidates, n=select, graph=result.graph, one_pilot_per_cluster=not allow_shared_clusters
    )
    table = Table(title=f"Pilot portfolio ({len(portfolio.slots)} of {len(candidates)} candidates)")
    for col in ("slot", "field", "chain", "regions", "clusters", "score", "runner-up"):
        table.add_column(col, overflow="fold")
    for s in portfolio.slots:
        p, q = s.pilot, s.runner_up
        table.add_row(
            str(s.slot), escape(str(p.extra.get("pilot_field", ""))), escape(p.chain_id),
            escape(";".join(p.regions)), escape(" + ".join(p.clusters)), f"{p.score:.3f}",
            escape(f"{' + '.join(q.clusters)} ({q.score:.3f})" if q else "none"),
        )  # fmt: skip
    Console(highlight=False).print(table)
    Console(highlight=False).print(portfolio.explanation(), markup=False)
    if out is not None:
        df = portfolio.table()
        manifest = {"synergy_pilots": {"dataset": Path(dataset).name, "select": select,
                                       "method": portfolio.method}}  # fmt: skip
        with atomic_output_dir(out) as tmp:
            atomic_write(tmp / "portfolio.csv", frame_csv_bytes(df, decimals={"score": 4}))
            atomic_write(tmp / "portfolio.md", portfolio_markdown(portfolio, Path(dataset).name))
            atomic_write(tmp / "portfolio.xlsx", write_frames_bytes({"portfolio": df}))
            atomic_write(tmp / "manifest.json", json.dumps(manifest, indent=2) + "\n")
        if not quiet:
            err.print(
                f"Wrote portfolio.csv, portfolio.md and portfolio.xlsx to {out}/", markup=False
            )
