"""Import CORDIS projects and organisations as dataset tables: actors, projects, participations.

The source is a CORDIS CSV download (:mod:`ingest.cordis_source`): ``project.csv``,
``organization.csv`` and optionally ``euroSciVoc.csv`` of Horizon 2020 or Horizon Europe.
Files are streamed in a few passes, so memory grows with the number of distinct projects and
organisations kept, not with the number of rows:

1. ``project.csv``: which projects start in the years asked for;
2. ``organization.csv`` (only with dataset regions): which of them have a participant in the
   dataset's regions (the others are not imported: they say nothing about these regions);
3. ``organization.csv``: one participation row per row, one actor per organisation;
4. ``euroSciVoc.csv``: the fields of science of the projects kept;
5. ``project.csv``: one project row per project kept, with its taxonomy domains.

Regions come from ``nutsCode`` (:mod:`ingest.cordis_regions`): the dataset region whose id is
its longest prefix, or NUTS level ``level`` without dataset regions; ``nuts_candidates`` is the
hook for a NUTS-version correspondence. The tables and their columns are in
:mod:`ingest.cordis_tables`.

Organisations in the dataset's regions become ``actors``; the others (partners elsewhere, and
those whose region cannot be told) become ``outside_actors``, so that every participation
names a known organisation. Rows go to a *sink* (anything with ``write(table, row)``), in a
deterministic order; every row read is written or counted with its reason in the returned
:class:`ImportReport`, and anything that could not be resolved is written to ``unresolved``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path

from synergy.core.errors import InputError, Problem
from synergy.core.taxonomy import Taxonomy

from .cordis_domains import DomainMapper
from .cordis_layout import (
    ACTIVITY_TYPES,
    EUROSCIVOC_FILE,
    ORGANIZATION_FILE,
    PROJECT_FILE,
    RELEASES,
    iso_country,
    nuts_code,
    parse_date,
    parse_money,
    parse_sme,
)
from .cordis_regions import RegionRollup
from .cordis_source import CordisSource, file_sha256, iter_rows, open_source
from .cordis_tables import (
    ACTOR_COLUMNS,
    ACTOR_PREFIX,
    PARTICIPATION_COLUMNS,
    PROJECT_COLUMNS,
    TABLE_COLUMNS,
    UNRESOLVED_COLUMNS,
    CordisSettings,
    ImportReport,
    Sink,
)

__all__ = [
    "ACTOR_COLUMNS",
    "PROJECT_COLUMNS",
    "PARTICIPATION_COLUMNS",
    "UNRESOLVED_COLUMNS",
    "TABLE_COLUMNS",
    "CordisSettings",
    "ImportReport",
    "RegionRollup",
    "Sink",
    "import_cordis",
]

# Why a row was not imported (the keys of ImportReport.files[...]["skipped"]).
OUTSIDE_YEARS = "start year outside the years asked for"
NO_START = "no start date, so the years asked for cannot be checked"
OUTSIDE_REGIONS = "no participant in the dataset's regions"
DUPLICATE = "duplicate project id (first row kept)"
NO_ID = "no id"
UNKNOWN_PROJECT = "project not in project.csv"


def import_cordis(
    sources: Sequence[str | Path | CordisSource],
    sink: Sink,
    *,
    settings: CordisSettings | None = None,
    region_ids: Iterable[str] | None = None,
    taxonomy: Taxonomy | None = None,
    nuts_candidates: Callable[[str], Sequence[str]] | None = None,
) -> ImportReport:
    """Import one or more CORDIS downloads into ``sink``; return what was read and written.

    Parameters
    ----------
    sources
        CORDIS zips or folders (one per release); an organisation in several is one actor.
    sink
        Receives ``write(table, row)`` for the tables of :data:`TABLE_COLUMNS`.
    settings
        NUTS level (without ``region_ids``), first and last start year, domains per project.
    region_ids
        The dataset's region ids (NUTS codes of any level); None rolls up to NUTS ``level``.
    taxonomy
        The taxonomy for the projects' domains (the shipped one when None).
    nuts_candidates
        The NUTS codes to try for one ``nutsCode`` (a NUTS-version correspondence).

    Raises
    ------
    InputError
        A missing file or column, a broken row, an unknown release (``frameworkProgramme``).
    """
    run = _Import(
        [s if isinstance(s, CordisSource) else open_source(s) for s in sources],
        sink,
        settings or CordisSettings(),
        RegionRollup(
            region_ids,
            level=(settings or CordisSettings()).level,
            nuts_candidates=nuts_candidates,
        ),
        DomainMapper(
            taxonomy or Taxonomy.load(), max_domains=(settings or CordisSettings()).max_domains
        ),
    )
    return run.run()


class _Import:
    """The passes of one import; state is per distinct project and organisation."""

    def __init__(
        self,
        sources: list[CordisSource],
        sink: Sink,
        settings: CordisSettings,
        regions: RegionRollup,
        mapper: DomainMapper,
    ):
        self.sources = sources
        self.sink = sink
        self.settings = settings
        self.regions = regions
        self.mapper = mapper
        self.report = ImportReport(settings=asdict(settings))
        self.skip: dict[str, str] = {}  # project id -> why it is not imported
        self.kept: dict[str, tuple[str, str]] = {}  # project id -> (source, file label)
        self.written: set[str] = set()  # project ids written
        self.actors: dict[str, dict] = {}
        self.fields: dict[str, list[tuple[str, str]]] = {}

    def run(self) -> ImportReport:
        for src in self.sources:
            self._select_projects(src)
        if self.regions.dataset is not None:
            self._keep_projects_in_regions()
        for src in self.sources:
            self._participations(src)
        for src in self.sources:
            if EUROSCIVOC_FILE in src.members:
                self._fields(src)
        for src in self.sources:
            self._projects(src)
        self._actors()
        for src in self.sources:
            file_sha256(src)
            self.report.sources.append(
                {
                    "path": str(src.path),
                    "type": "zip" if src.is_zip else "folder",
                    "sha256": src.sha256 or None,
                    "files": {
                        n: {"read_as": src.label(n), "sha256": src.member_sha256.get(n)}
                        for n in sorted(src.members)
                    },
                }
            )
        return self.report

    # --- helpers ------------------------------------------------------------------------------

    def _write(self, table: str, row: dict) -> None:
        self.sink.write(table, row)
        self.report.tables[table] = self.report.tables.get(table, 0) + 1

    def _unresolved(
        self, label: str, row: int, column: str, value: str, reason: str, best_guess: str = ""
    ) -> None:
        self._write(
            "unresolved",
            {
                "file": label,
                "sheet": "",
                "row": row,
                "column": column,
                "value": value,
                "reason": reason,
                "best_guess": best_guess,
                "score": "",
            },
        )

    def _money(self, label: str, row: int, column: str, text: str) -> float | None:
        try:
            return parse_money(text)
        except ValueError:
            self._unresolved(label, row, column, text, "not an amount; left empty")
            return None

    # --- pass 1: projects in the years asked for ---------------------------------------------

    def _select_projects(self, src: CordisSource) -> None:
        label = src.label(PROJECT_FILE)
        first, last = self.settings.year_from, self.settings.year_until
        for row, cells in iter_rows(src, PROJECT_FILE):
            self.report.count(label, "read")
            pid, programme = cells["id"], cells["frameworkProgramme"]
            if programme not in RELEASES:
                raise InputError(_release_problem(label, row, programme))
            reason = ""
            if not pid:
                reason = NO_ID
                self._unresolved(label, row, "id", "", "a project without id is not imported")
            elif pid in self.skip or pid in self.kept:
                reason = DUPLICATE
                self._unresolved(label, row, "id", pid, DUPLICATE)
            elif first or last:
                start = _year(cells["startDate"])
                if start is None:
                    reason = NO_START
                    self._unresolved(label, row, "startDate", cells["startDate"], NO_START)
                elif (first and start < first) or (last and start > last):
                    reason = OUTSIDE_YEARS
            if reason:
                self.report.count(label, "skipped", reason)
                if pid and reason != DUPLICATE:
                    self.skip[pid] = reason
                continue
            self.kept[pid] = (RELEASES[programme], label)

    # --- pass 2: projects with a participant in the dataset's regions ------------------------

    def _keep_projects_in_regions(self) -> None:
        inside: set[str] = set()
        for src in self.sources:
            for _, cells in iter_rows(src, ORGANIZATION_FILE):
                pid = cells["projectID"]
                if (
                    pid in self.kept
                    and pid not in inside
                    and self.regions.resolve(nuts_code(cells["nutsCode"]))[1]
                ):
                    inside.add(pid)
        for pid in [p for p in self.kept if p not in inside]:
            self.report.count(self.kept.pop(pid)[1], "skipped", OUTSIDE_REGIONS)
            self.skip[pid] = OUTSIDE_REGIONS

    # --- pass 3: participations and actors ---------------------------------------------------

    def _participations(self, src: CordisSource) -> None:
        label = src.label(ORGANIZATION_FILE)
        for row, cells in iter_rows(src, ORGANIZATION_FILE):
            self.report.count(label, "read")
            pid, oid = cells["projectID"], cells["organisationID"]
            source = self.kept.get(pid, ("", ""))[0]
            reason = ""
            if not source:
                reason = f"project not imported: {self.skip.get(pid, UNKNOWN_PROJECT)}"
                if pid not in self.skip:
                    self._unresolved(label, row, "projectID", pid, UNKNOWN_PROJECT)
            elif not oid:
                reason = "no organisationID"
                self._unresolved(label, row, "organisationID", "", reason + "; row not imported")
            if reason:
                self.report.count(label, "skipped", reason)
                continue
            actor = self.actors.get(oid) or self._new_actor(label, row, cells)
            self._write(
                "participations",
                {
                    "project_id": pid,
                    "actor_id": actor["actor_id"],
                    "actor_name": actor["name"],
                    "role": cells["role"],
                    "ec_contribution_eur": self._money(
                        label, row, "ecContribution", cells["ecContribution"]
                    ),
                    "net_ec_contribution_eur": self._money(
                        label, row, "netEcContribution", cells["netEcContribution"]
                    ),
                    "total_cost_eur": self._money(label, row, "totalCost", cells["totalCost"]),
                    "region_id": actor["region_id"],
                    "in_dataset": actor["in_dataset"],
                    "source": source,
                },
            )
            self.report.count(label, "written")

    def _new_actor(self, label: str, row: int, cells: dict[str, str]) -> dict:
        oid = cells["organisationID"]
        code = nuts_code(cells["nutsCode"])
        region, inside, why = self.regions.resolve(code)
        if why:
            self._unresolved(
                label, row, "nutsCode", cells["nutsCode"], why, iso_country(cells["country"])
            )
        activity = cells["activityType"].upper()
        if activity and activity not in ACTIVITY_TYPES:
            self._unresolved(
                label, row, "activityType", cells["activityType"], "unknown activity type"
            )
        actor = {
            "actor_id": ACTOR_PREFIX + oid,
            "name": cells["name"],
            "region_id": region,
            "type": ACTIVITY_TYPES.get(activity, ""),
            "size": "small" if parse_sme(cells["SME"]) else "",
            "country": iso_country(cells["country"]),
            "cordis_nuts": code,
            "in_dataset": inside,
            "source_id": oid,
            "short_name": cells["shortName"],
            "source": "cordis",
        }
        self.actors[oid] = actor
        return actor

    def _actors(self) -> None:
        for oid in sorted(self.actors, key=lambda o: self.actors[o]["actor_id"]):
            actor = self.actors[oid]
            self._write("actors" if actor["in_dataset"] else "outside_actors", actor)

    # --- pass 4: fields of science -----------------------------------------------------------

    def _fields(self, src: CordisSource) -> None:
        label = src.label(EUROSCIVOC_FILE)
        for _, cells in iter_rows(src, EUROSCIVOC_FILE):
            self.report.count(label, "read")
            pid = cells["projectID"]
            if pid not in self.kept:
                self.report.count(label, "skipped", "project not imported")
                continue
            self.fields.setdefault(pid, []).append(
                (cells["euroSciVocTitle"], cells["euroSciVocPath"])
            )
            self.report.count(label, "written")

    # --- pass 5: projects --------------------------------------------------------------------

    def _projects(self, src: CordisSource) -> None:
        label = src.label(PROJECT_FILE)
        releases: Counter[str] = Counter()
        for row, cells in iter_rows(src, PROJECT_FILE):
            pid = cells["id"]
            if pid not in self.kept or pid in self.written:
                continue  # counted in pass 1 or 2
            self.written.add(pid)
            found = self.mapper.project(self.fields.pop(pid, []), cells["title"])
            if not found.domains:
                self._unresolved(
                    label,
                    row,
                    "title",
                    cells["title"],
                    "neither its euroSciVoc fields nor its title match a taxonomy domain",
                )
            releases[cells["frameworkProgramme"]] += 1
            self._write(
                "projects",
                {
                    "project_id": pid,
                    "acronym": cells["acronym"],
                    "title": cells["title"],
                    "start": self._date(label, row, "startDate", cells["startDate"]),
                    "end": self._date(label, row, "endDate", cells["endDate"]),
                    "programme": cells["frameworkProgramme"],
                    "scheme": cells["fundingScheme"],
                    "ec_contribution_eur": self._money(
                        label, row, "ecMaxContribution", cells["ecMaxContribution"]
                    ),
                    "total_cost_eur": self._money(label, row, "totalCost", cells["totalCost"]),
                    "topics": cells["topics"],
                    "status": cells["status"],
                    "domains": ";".join(found.domains),
                    "domain_terms": ";".join(found.terms),
                    "domain_scores": ";".join(f"{s:g}" for s in found.scores),
                    "domain_source": found.source,
                    "source": self.kept[pid][0],
                },
            )
            self.report.count(label, "written")
        for programme, n in sorted(releases.items()):
            self.report.releases[programme] = self.report.releases.get(programme, 0) + n

    def _date(self, label: str, row: int, column: str, text: str) -> str:
        try:
            return parse_date(text) or ""
        except ValueError as exc:
            self._unresolved(label, row, column, text, f"{exc}; left empty")
            return ""


def _year(text: str) -> int | None:
    try:
        date = parse_date(text)
    except ValueError:
        return None
    return int(date[:4]) if date else None


def _release_problem(label: str, row: int, programme: str) -> Problem:
    known = ", ".join(sorted(RELEASES))
    return Problem(
        file=label,
        row=row,
        column="frameworkProgramme",
        code="unknown-release",
        message=f"frameworkProgramme '{programme}' is not a release this importer knows ({known}).",
        fix="Import the Horizon 2020 (H2020) or Horizon Europe (HORIZON) CSV download; other "
        "programmes are not supported yet.",
    )
