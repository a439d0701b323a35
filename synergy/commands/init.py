"""``synergy init``: write a template of every table (canonical headers, one example row)."""

from __future__ import annotations

from pathlib import Path

import typer

from synergy.commands.options import err

__all__ = ["init"]


def init(
    directory: Path = typer.Argument(..., help="Folder to create the templates in."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing templates."),
) -> None:
    """Write empty templates of every table (canonical headers and one example row).

    Example: synergy init my-region-data
    """
    from synergy.outputs.templates import write_templates

    written = write_templates(directory, force=force)
    err.print(f"Wrote {len(written)} templates to {directory}/: {', '.join(written)}", markup=False)
