"""Projects and participations: who worked with whom, and when (the input contract's open-data
tables, as ``synergy import cordis`` writes them or as a person types them).

Called by :func:`ingest.dataset.load_dataset` after duplicate actors are merged, because a
participation names an actor by any of the ids that went into it: CORDIS's
``cordis-999000011`` points at the region's own ``de21-mueller`` once the two rows merge.

* ``projects``: one row per ``project_id``. Domains given as taxonomy ids keep the importer's
  evidence (``domain_terms``, ``domain_scores``, ``domain_source``); labels are mapped like
  priority domains; a project without domains is mapped from its title and topics.
* ``participations``: one row per (project, actor). A participant among the dataset's actors
  takes that actor's canonical id and region. A participant outside the dataset (``in_dataset``
  false, as the importer writes for partners in other regions) is a *partner*: it is kept with
  the region and name the row gives and is not unresolved. Any other unknown actor, and any
  unknown project, is listed as unresolved and the row left out. Two rows that become the same
  (project, actor) once actors merge are combined: the stronger role, the summed contribution.
"""

from __future__ import annotations

import pandas as pd

from synergy.core.model import PARTICIPATION_ROLES

from .references import PROVENANCE, _DomainMapper, unique_rows
from .schema import TABLES

__all__ = ["resolve_projects", "PROJECT_EXTRA", "PARTICIPATION_EXTRA", "parse_flag"]

PROJECT_EXTRA = ("domain_evidence",)
"""Columns the projects table has beyond the schema's."""
PARTICIPATION_EXTRA = ()
"""Columns the participations table has beyond the schema's."""

_TRUE = {"true", "yes", "y", "1", "ja", "si", "sì", "oui", "da", "x"}
_FALSE = {"false", "no", "n", "0", "nein", "non", "ne"}
_ROLE_RANK = {r.casefold(): i for i, r in enumerate(PARTICIPATION_ROLES)}


def parse_flag(value) -> bool | None:
    """Return True/False for a yes/no cell, None when it is blank or neither.

    >>> parse_flag("TRUE"), parse_flag("nein"), parse_flag(""), parse_flag("maybe")
    (True, False, None, None)
    """
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def resolve_projects(
    records: dict[str, list[dict]],
    actors: pd.DataFrame,
    id_map: dict[str, str],
    taxonomy,
    col,
    match,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the ``projects`` and ``participations`` tables, references resolved.

    Parameters
    ----------
    records
        Typed records per table (:class:`ingest.dataset._Read`); rows left out are marked
        ``_reported`` or ``_merged_into`` in place, for the per-file row accounting.
    actors, id_map
        The merged actors table and every input actor id -> its canonical id
        (:class:`ingest.dedupe.DedupeResult`).
    taxonomy, col, match
        The taxonomy, the problem collector and the :class:`MatchSettings` of the load.
    """
    live = {
        t: [r for r in records.get(t, []) if not r.get("_reported") and not r.get("_merged_into")]
        for t in ("projects", "participations")
    }
    mapper = _DomainMapper(taxonomy, col, match)
    projects = unique_rows(live["projects"], "projects", col)
    for rec in projects:
        _map_domains(rec, mapper)
    known = {p["project_id"] for p in projects}
    region_of = (
        dict(zip(actors["actor_id"].tolist(), actors["region_id"].tolist(), strict=True))
        if len(actors)
        else {}
    )
    kept: list[dict] = []
    for rec in unique_rows(live["participations"], "participations", col):
        if rec["project_id"] not in known:
            col.unresolved_item(
                rec, "project_id", rec["project_id"], "unknown project (not in the projects table)"
            )
            rec["_reported"] = True
            continue
        if _participant(rec, id_map, region_of, col):
            kept.append(rec)
    return _frame(projects, "projects", PROJECT_EXTRA), _frame(
        _combine(kept), "participations", PARTICIPATION_EXTRA
    )


def _map_domains(rec: dict, mapper: _DomainMapper) -> None:
    """Map a project's domains, keeping the importer's terms and scores for taxonomy ids."""
    given = list(rec.get("domains") or [])
    terms = list(rec.get("domain_terms") or [])
    scores = list(rec.get("domain_scores") or [])
    mapper.map_labels(rec, "projects")
    if given and given == rec["domains"] and len(terms) == len(given) == len(scores):
        source = rec.get("domain_source") or "import"
        for ev, term, score in zip(rec["domain_evidence"], terms, scores, strict=True):
            try:
                value = float(str(score).replace(",", "."))
            except ValueError:
                continue
            ev.update(term=term, terms=[term], score=round(value, 3), source=source)
    if not rec["domains"]:
        text = ". ".join(t for t in (rec.get("title"), "; ".join(rec.get("topics") or [])) if t)
        mapper.map_free_text(rec, text, "title", report=True)


def _participant(rec: dict, id_map: dict[str, str], region_of: dict, col) -> bool:
    """Point a participation at its actor (in place); return False when it is left out."""
    given = rec["actor_id"]
    flag = parse_flag(rec.get("in_dataset"))
    canonical = id_map.get(given)
    if canonical is not None and canonical in region_of:
        rec["actor_id"] = canonical
        rec["region_id"] = region_of[canonical]
        rec["in_dataset"] = True
        return True
    if flag is False:
        rec["in_dataset"] = False  # a partner outside the dataset's regions
        return True
    col.unresolved_item(
        rec,
        "actor_id",
        given,
        "unknown actor (not in the actors tables; mark partners outside the dataset with "
        "in_dataset = false)",
    )
    rec["_reported"] = True
    return False


def _combine(rows: list[dict]) -> list[dict]:
    """Return one row per (project, actor): the strongest role and the summed contributions."""
    first: dict[tuple[str, str], dict] = {}
    out = []
    for rec in rows:
        key = (rec["project_id"], rec["actor_id"])
        kept = first.get(key)
        if kept is None:
            first[key] = rec
            out.append(rec)
            continue
        if _role_rank(rec.get("role")) < _role_rank(kept.get("role")):
            kept["role"] = rec.get("role")
        for column in ("ec_contribution_eur", "net_ec_contribution_eur", "total_cost_eur"):
            if rec.get(column) is not None:
                kept[column] = (kept.get(column) or 0.0) + rec[column]
        rec["_merged_into"] = ":".join(key)
    return sorted(out, key=lambda r: (str(r["project_id"]), str(r["actor_id"])))


def _role_rank(role) -> int:
    return _ROLE_RANK.get(str(role or "").casefold(), len(_ROLE_RANK))


def _frame(rows: list[dict], table: str, extra: tuple[str, ...]) -> pd.DataFrame:
    columns = [c.name for c in TABLES[table].columns] + list(extra) + PROVENANCE
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame.from_records(rows, columns=columns)
