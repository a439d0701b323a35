"""``synergy viz``: write the graph explorer, whole or focused on a region, chain or candidate."""

from __future__ import annotations

from pathlib import Path

import typer

from synergy.commands.options import TAXONOMY

__all__ = ["viz"]


def viz(
    dataset: Path = typer.Argument(..., help="Dataset folder (the input of `synergy scan`)."),
    out: Path = typer.Option(Path("graph.html"), "--out", "-o", help="HTML file to write."),
    region: str | None = typer.Option(
        None, "--region", help="Focus on a region: its id, name or alias."
    ),
    chain: str | None = typer.Option(None, "--chain", help="Focus on a value chain id."),
    candidate: str | None = typer.Option(
        None,
        "--candidate",
        help="Focus on a candidate: its rank in pairings.csv (5), or its kind and rank within "
        "the kind (pilot:1).",
    ),
    taxonomy: Path | None = TAXONOMY,
) -> None:
    """Write an offline, interactive graph explorer (one HTML file, no network needed).

    A focused view shows its region or candidate plus one hop. The page opens folded at
    regions, clusters, domains and value chains when it has many nodes; a region keeps its
    colour in every view of the same dataset.

    Example: synergy viz examples/alpine-space --region ITC4 --out lombardy.html
    """
    chosen = [
        (name, value)
        for name, value in (("region", region), ("chain", chain), ("candidate", candidate))
        if value is not None
    ]
    if len(chosen) > 1:
        raise typer.BadParameter(
            "use only one of --region, --chain and --candidate per view",
            param_hint="--region/--chain/--candidate",
        )
    # Imported here so `synergy --help` stays fast and the CLI loads without the pipeline.
    from synergy import pipeline
    from synergy.core.settings import ScanSettings, StabilityParams
    from synergy.explorer.page import render_graph_html

    result = pipeline.scan(
        dataset,
        # no stability column is shown here: skip its perturbed runs
        ScanSettings(taxonomy_path=taxonomy, stability=StabilityParams(runs=0)),
    )
    focus = chosen[0] if chosen else None
    title = f"synergy graph: {Path(dataset).name}"
    if focus:
        title += f" ({focus[0]} {focus[1]})"
    view = result.settings.view
    html = render_graph_html(
        result.graph,
        result.pairings,
        title=title,
        top=view.explorer_top,
        max_nodes=view.explorer_max_nodes,
        focus=focus,
        open_nodes=view.explorer_open_nodes,
    )
    from synergy.outputs.atomic import atomic_write

    atomic_write(out, html)
    typer.echo(f"Wrote {out}; open it in any browser, no network needed.", err=True)
