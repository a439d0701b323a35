"""What the commands share: option definitions, the consoles and the ``--debug`` state.

Only the commands and ``cli.py`` name command-line flags; library errors name the setting
(``option="region"``) and :data:`FLAGS` maps it to the flag the user typed.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

__all__ = [
    "DATASET",
    "DEBUG",
    "QUIET",
    "TAXONOMY",
    "State",
    "err",
    "out",
    "plain",
]

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class State:
    """Set for every invocation: show tracebacks instead of one clean line."""

    debug = False


DATASET = typer.Argument(..., help="The dataset folder.", exists=False)
QUIET = typer.Option(False, "--quiet", "-q", help="No progress output.")
DEBUG = typer.Option(False, "--debug", help="Show tracebacks on errors.")
TAXONOMY = typer.Option(None, "--taxonomy", help="Your own taxonomy file (JSON or TOML).")


def plain(text: object) -> str:
    """Return text safe for a rich table cell (no markup interpretation)."""
    return escape(str(text))
