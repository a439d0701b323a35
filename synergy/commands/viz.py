"""``synergy viz``: write the graph explorer, whole or focused on a region, chain or candidate."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer

from synergy.errors import OutputError

__all__ = ["viz", "write_text_atomic"]


def write_text_atomic(path: Path, text: str) -> Path:
    """Return ``path`` after writing ``text`` to it atomically (temp file, then rename).

    A failed write leaves any previous file untouched and no half-written file behind.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc}. Choose another --out.") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        # mkstemp creates the file private (0600); an output page is meant to be shared.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc}. Check free space and permissions.") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def viz(
    dataset: Path = typer.Argument(..., help="Dataset folder (the input of `synergy scan`)."),
    out: Path = typer.Option(Path("graph.html"), "--out", "-o", help="HTML file to write."),
    region: str | None = typer.Option(
        None, "--region", help="Focus on a region: its id, name or alias."
    ),
    chain: str | None = typer.Option(None, "--chain", help="Focus on a value chain id."),
    candidate: int | None = typer.Option(
        None, "--candidate", help="Focus on the candidate with this rank."
    ),
    taxonomy: Path | None = typer.Option(
        None, "--taxonomy", help="Taxonomy file to use instead of the built-in one."
    ),
) -> None:
    """Write an offline, interactive graph explorer (one HTML file, no network needed).

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
    from synergy.viz import render_graph_html

    result = pipeline.scan(dataset, pipeline.ScanSettings(taxonomy_path=taxonomy))
    focus = chosen[0] if chosen else None
    title = f"synergy graph: {Path(dataset).name}"
    if focus:
        title += f" ({focus[0]} {focus[1]})"
    html = render_graph_html(result.graph, result.pairings, title=title, focus=focus)
    write_text_atomic(out, html)
    typer.echo(f"Wrote {out}; open it in any browser, no network needed.", err=True)
