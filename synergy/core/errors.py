"""One exception hierarchy for the whole engine.

Every error says what is wrong, where (file, sheet, row, column) and how to fix it.
Input problems are collected first and raised together as one :class:`InputError`.
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
]

MAX_PROBLEMS_SHOWN = 50


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

    def location(self) -> str:
        """Return ``file[sheet]:row column`` with the parts that are known."""
        where = self.file
        if self.sheet:
            where += f" [sheet {self.sheet}]"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return where

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


class SynergyError(Exception):
    """Base class of every error the engine raises on purpose."""


class InputError(SynergyError):
    """The dataset has problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(file="(input)", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = sorted(problems, key=_problem_key)
        super().__init__(self.render())

    def render(self, limit: int = MAX_PROBLEMS_SHOWN) -> str:
        """Return all problems grouped by file, capped at ``limit`` lines with a count."""
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input:"
        lines = [head]
        for p in self.problems[:limit]:
            lines.append(f"  - {p}")
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
