"""The tables a CORDIS import writes, its settings and its report.

``actors`` and ``outside_actors`` share the columns of an ``actors`` table (plus CORDIS's own:
``country``, ``cordis_nuts``, ``in_dataset``, ``source_id``, ``short_name``, ``source``);
``projects`` and ``participations`` follow the input contract's tables of those names, with
extra columns; ``unresolved`` has the columns of the scan's ``unresolved.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .dataset import UNRESOLVED_COLUMNS

__all__ = [
    "ACTOR_COLUMNS",
    "PROJECT_COLUMNS",
    "PARTICIPATION_COLUMNS",
    "UNRESOLVED_COLUMNS",
    "TABLE_COLUMNS",
    "ACTOR_PREFIX",
    "Sink",
    "CordisSettings",
    "ImportReport",
]

ACTOR_COLUMNS = (
    "actor_id",
    "name",
    "region_id",
    "type",
    "size",
    "country",
    "cordis_nuts",
    "in_dataset",
    "source_id",
    "short_name",
    "source",
)
PROJECT_COLUMNS = (
    "project_id",
    "acronym",
    "title",
    "start",
    "end",
    "programme",
    "scheme",
    "ec_contribution_eur",
    "total_cost_eur",
    "topics",
    "status",
    "domains",
    "domain_terms",
    "domain_scores",
    "domain_source",
    "source",
)
PARTICIPATION_COLUMNS = (
    "project_id",
    "actor_id",
    "actor_name",
    "role",
    "ec_contribution_eur",
    "net_ec_contribution_eur",
    "total_cost_eur",
    "region_id",
    "in_dataset",
    "source",
)
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "actors": ACTOR_COLUMNS,
    "outside_actors": ACTOR_COLUMNS,
    "projects": PROJECT_COLUMNS,
    "participations": PARTICIPATION_COLUMNS,
    "unresolved": tuple(UNRESOLVED_COLUMNS),
}
ACTOR_PREFIX = "cordis-"


class Sink(Protocol):
    """Where the imported rows go: ``write(table, row)`` with a table of TABLE_COLUMNS."""

    def write(self, table: str, row: dict) -> None: ...


@dataclass(frozen=True)
class CordisSettings:
    """What to import: NUTS level without dataset regions, start years, domains per project."""

    level: int = 2
    year_from: int | None = None
    year_until: int | None = None
    max_domains: int = 3

    def __post_init__(self) -> None:
        if self.level not in (0, 1, 2, 3):
            raise ValueError(f"level must be 0, 1, 2 or 3, not {self.level}")
        if self.year_from and self.year_until and self.year_from > self.year_until:
            raise ValueError(f"the first year {self.year_from} is after the last {self.year_until}")


@dataclass
class ImportReport:
    """What an import read and wrote: per file rows read/written/skipped (by reason)."""

    files: dict[str, dict] = field(default_factory=dict)
    releases: dict[str, int] = field(default_factory=dict)  # frameworkProgramme -> projects
    tables: dict[str, int] = field(default_factory=dict)  # table -> rows written
    sources: list[dict] = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    def count(self, label: str, what: str, reason: str | None = None) -> None:
        entry = self.files.setdefault(label, {"read": 0, "written": 0, "skipped": {}})
        if what == "skipped":
            entry["skipped"][reason] = entry["skipped"].get(reason, 0) + 1
        else:
            entry[what] += 1
