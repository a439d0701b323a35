"""What the commands share: option definitions, the consoles and the ``--debug`` state.

Only the commands and ``cli.py`` name command-line flags; library errors name the setting
(``option="region"``) and :data:`FLAGS` maps it to the flag the user typed.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

from synergy.core.errors import InputError, SynergyError

__all__ = [
    "CONTEXT",
    "print_table",
    "FLAGS",
    "flag",
    "error_text",
    "DATASET",
    "DEBUG",
    "QUIET",
    "TAXONOMY",
    "State",
    "err",
    "out",
    "plain",
    "tell_not_read",
]

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

# Every command (and group) takes -h as well as --help.
CONTEXT = {"help_option_names": ["-h", "--help"]}


def print_table(
    console: Console,
    columns: list[str],
    rows: list[list[str]],
    *,
    title: str = "",
    no_wrap: tuple[str, ...] = (),
) -> None:
    """Print rows as a table that never breaks a word, whatever the terminal's width.

    When the table cannot fit the terminal with every word whole (its narrowest layout
    is wider than the console), each row is printed as a block of ``column: value`` lines
    instead, which wrap between words. ``no_wrap`` columns keep their cells on one line.
    Cells are plain text (rich markup is escaped).
    """
    from rich.table import Table

    # The narrowest table that keeps every word whole: each column as wide as its longest
    # word (its whole text when it does not wrap), plus one space each side and the borders.
    def need(i: int) -> int:
        texts = [columns[i], *(str(row[i]) for row in rows)]
        if columns[i] in no_wrap:
            return max(len(t) for t in texts)
        return max(len(w) for t in texts for w in (t.split() or [""]))

    if sum(need(i) + 3 for i in range(len(columns))) + 1 <= console.width:
        table = Table(title=title or None)
        for column in columns:
            table.add_column(column, no_wrap=column in no_wrap, overflow="fold")
        for row in rows:
            table.add_row(*(escape(str(c)) for c in row))
        console.print(table)
        return
    if title:
        console.print(title, markup=False)
    width = max(len(c) for c in columns)
    for i, row in enumerate(rows):
        if i:
            console.print("", markup=False)
        for column, value in zip(columns, row, strict=True):
            # Wrapped between words; a word longer than a line is left whole.
            console.print(
                f"{column.rjust(width)}: {value}", markup=False, overflow="ignore", crop=False
            )


class State:
    """Set for every invocation: show tracebacks instead of one clean line."""

    debug = False


DATASET = typer.Argument(..., help="The dataset folder.", exists=False)
QUIET = typer.Option(False, "--quiet", "-q", help="No progress output.")
DEBUG = typer.Option(False, "--debug", help="Show tracebacks on errors.")
TAXONOMY = typer.Option(None, "--taxonomy", help="Your own taxonomy file (JSON or TOML).")


# The flag of each setting a library error may name (``option=...`` or a settings problem).
FLAGS = {
    "weights": "--weights",
    "out": "--out",
    "force": "--force",
    "region": "--region",
    "chain": "--chain",
    "candidate": "--candidate",
    "time_start": "--time-start",
}


def flag(setting: str) -> str:
    """Return the command-line flag of a setting (``time_start`` -> ``--time-start``).

    >>> flag("region"), flag("slot_minutes")
    ('--region', '--slot-minutes')
    """
    return FLAGS.get(setting, "--" + setting.replace("_", "-"))


def error_text(exc: SynergyError) -> str:
    """Return a library error as the command line shows it: settings named by their flags."""
    text = exc.render(setting_name=flag) if isinstance(exc, InputError) else str(exc)
    return f"{flag(exc.option)}: {text}" if exc.option else text


def plain(text: object) -> str:
    """Return text safe for a rich table cell (no markup interpretation)."""
    return escape(str(text))


SHOWN_FILES = 20  # files listed on stderr before "... and N more"


def tell_not_read(dataset) -> None:
    """Print, on stderr, every file, sheet and folder of the dataset that was not read as data.

    One line each (the first ``SHOWN_FILES``; manifest.json and the report list them all).
    """
    items = [
        (f"{e['path']}/", e["why"]) for e in getattr(dataset, "skipped_folders", None) or []
    ] + [
        (e["path"] + (f" [{e['sheet']}]" if e.get("sheet") else ""), e["why"])
        for e in getattr(dataset, "not_data", None) or []
    ]
    if not items:
        return
    err.print(f"Not read as data ({len(items)}):", markup=False)
    for where, why in items[:SHOWN_FILES]:
        err.print(f"  {where}: {why}", markup=False)
    if len(items) > SHOWN_FILES:
        err.print(f"  ... and {len(items) - SHOWN_FILES} more (see manifest.json)", markup=False)
