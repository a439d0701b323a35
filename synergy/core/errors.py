"""One exception hierarchy for the whole engine.

Every error says what is wrong, where (file, sheet, row, column) and how to fix it.
Input problems are collected first and raised together as one :class:`InputError`.

Library errors never name a command-line flag: an error about a setting carries its neutral
name (``option="weights"``, a :class:`Problem` in :data:`SETTINGS` with ``column="region"``)
and the command line shows the flag the user typed.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "SynergyError",
    "InputError",
    "SchemaError",
    "TaxonomyError",
    "Neo4jError",
    "OutputError",
    "Problem",
    "MAX_PROBLEMS_SHOWN",
    "SETTINGS",
]

MAX_PROBLEMS_SHOWN = 50
SETTINGS = "(settings)"  # the "file" of a problem with a setting's value (its name in column)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the input, located as precisely as possible.

    ``code`` follows the frictionless error catalogue where one fits (``blank-header``,
    ``duplicate-label``, ``missing-cell``, ``extra-cell``, ``type-error``, ``unique-error``,
    ``foreign-key``) and adds our own (``missing-column``, ``empty-file``, ``not-a-table``,
    ``missing-sheet``, ``conflict``).
    """

    file: str
    row: int | None = None
    column: str | None = None
    message: str = ""
    fix: str = ""
    code: str = "error"
    sheet: str | None = None

    def location(self, setting_name=None) -> str:
        """Return ``file[sheet]:row column`` with the parts that are known.

        A problem with a setting (file :data:`SETTINGS`) is located by the setting's name, as
        ``setting_name(name)`` shows it when given (the command line shows its flag).
        """
        if self.file == SETTINGS and self.column:
            return setting_name(self.column) if setting_name else f"setting '{self.column}'"
        where = self.file
        if self.sheet:
            where += f" [sheet {self.sheet}]"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return where

    def __str__(self) -> str:
        return self.text()

    def text(self, setting_name=None) -> str:
        """Return the problem as one line: where, what, and the fix."""
        text = f"{self.location(setting_name)}: {self.message}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


class SynergyError(Exception):
    """Base class of every error the engine raises on purpose.

    ``option`` names the setting the error is about (``"weights"``, ``"out"``), if any.
    """

    def __init__(self, *args, option: str | None = None):
        super().__init__(*args)
        self.option = option


class InputError(SynergyError):
    """The dataset has problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(file="(input)", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = sorted(problems, key=_problem_key)
        super().__init__(self.render())

    def render(self, limit: int = MAX_PROBLEMS_SHOWN, *, setting_name=None) -> str:
        """Return all problems grouped by file, capped at ``limit`` lines with a count.

        ``setting_name`` shows the name of a setting a problem is about (see
        :meth:`Problem.location`).
        """
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input:"
        lines = [head]
        for p in self.problems[:limit]:
            lines.append(f"  - {p.text(setting_name)}")
        if n > limit:
            lines.append(f"  ... and {n - limit} more (fix these first, then run again)")
        return "\n".join(lines)


def _problem_key(p: Problem) -> tuple:
    return (p.file, p.sheet or "", p.row if p.row is not None else -1, p.column or "", p.message)


class SchemaError(SynergyError):
    """A settings, weights or taxonomy file does not have the expected structure."""


class TaxonomyError(SchemaError):
    """The taxonomy file is malformed."""


class Neo4jError(SynergyError):
    """Neo4j could not be reached or refused the operation."""


class OutputError(SynergyError):
    """Outputs could not be written."""
