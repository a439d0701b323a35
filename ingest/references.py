"""Check keys, resolve references between tables and map labels to the taxonomy.

Called by :func:`ingest.dataset.load_dataset` once every row has a canonical region. Each
reference is looked up exactly first, then by folded name, then fuzzily (rapidfuzz) with the
score recorded; what cannot be resolved is listed as unresolved with the best guess and left
out of the link, never guessed silently.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import chain

import pandas as pd
from rapidfuzz import fuzz, process

from synergy.core.errors import Problem
from synergy.core.settings import MatchSettings
from synergy.core.text import fold

from .schema import TABLES
from .values import parse_enum

__all__ = ["resolve_references", "unique_rows"]
PROVENANCE = ["_file", "_sheet", "_row"]


def resolve_references(
    records: dict[str, list[dict]],
    regions: list[dict],
    taxonomy,
    col,
    match: MatchSettings | None = None,
) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """Return the canonical tables and the actor records, references resolved.

    ``tables["actors"]`` still holds every actor row: merging duplicates is the next stage
    (:func:`ingest.dataset.load_dataset` runs :func:`ingest.dedupe.dedupe_actors`). ``match``
    holds the fuzzy minimum scores and the domain-mapping weights.
    """
    match = match or MatchSettings()
    live = {
        t: [r for r in rows if not r.get("_reported") and not r.get("_merged_into")]
        for t, rows in records.items()
        if t != "regions"
    }
    mapper = _DomainMapper(taxonomy, col, match)
    priorities = unique_rows(live["priorities"], "priorities", col)
    for rec in priorities:
        mapper.map_priority(rec)
    prio_index = _PriorityIndex(priorities, match.reference_min_score)
    clusters = _clusters(live["clusters"], prio_index, mapper, col)
    chains = unique_rows(live["value_chains"], "value_chains", col)
    for rec in chains:
        mapper.map_labels(rec, "value_chains")
    _chain_domains_from_names(chains, mapper)
    actors = _actors(live["actors"], clusters, chains, col, match.reference_min_score)
    programmes = _programmes(live["programmes"], mapper, col, match.enum_min_score)
    tables = {
        "regions": _to_frame(regions, "regions"),
        "priorities": _to_frame(priorities, "priorities", evidence=True),
        "clusters": _to_frame(clusters, "clusters", evidence=True),
        "value_chains": _to_frame(chains, "value_chains", evidence=True),
        "programmes": _to_frame(programmes, "programmes", evidence=True),
        "actors": _to_frame(actors, "actors"),
    }
    return tables, actors


def _clusters(rows: list[dict], prio_index, mapper, col) -> list[dict]:
    """Return the clusters with their priorities resolved and their domains mapped."""
    clusters = unique_rows(rows, "clusters", col)
    for rec in clusters:
        rec["priority_ids"] = prio_index.resolve_all(rec, col)
        mapper.map_labels(rec, "clusters")
        if not rec["domains"]:
            mapper.map_free_text(
                rec, f"{rec['name'] or ''}. {rec.get('description') or ''}", "name", report=False
            )
        if not rec["domains"]:
            # a cluster without domains of its own works in those of the priorities it backs
            inherited = prio_index.domains_of(rec["region_id"], rec["priority_ids"])
            rec["domains"] = inherited
            rec["domain_evidence"] = [
                {
                    "domain": d,
                    "term": "(from supported priorities)",
                    "terms": ["(from supported priorities)"],
                    "score": 1.0,
                    "source": "priority",
                }
                for d in inherited
            ]
    return clusters


def _chain_domains_from_names(chains: list[dict], mapper) -> None:
    """Map the chains that name no domain in any row from their chain and stage names.

    A chain's ``domains`` cell is often left empty: its name ("Grüner Wasserstoff für den
    Schwerverkehr") and its stages' names say the topic. Each row of such a chain gets the
    domains of the chain name and of its own stage name, matched like a priority's title
    (explained, with the term and score; generic words alone decide nothing). A chain whose
    names match no domain is reported as unresolved.
    """
    by_chain: dict[str, list[dict]] = defaultdict(list)
    for rec in chains:
        by_chain[rec["chain_id"]].append(rec)
    for chain_id, rows in sorted(by_chain.items()):
        if any(r["domains"] for r in rows):
            continue  # the region named the chain's domains: they stand
        name = next((r.get("chain_name") for r in rows if r.get("chain_name")), "") or ""
        chain_found = mapper.name_domains(name, "chain name") if name else []
        for rec in rows:
            stage = rec.get("stage_name") or ""
            found = chain_found + (mapper.name_domains(stage, "stage name") if stage else [])
            for ev in found:
                if ev["domain"] not in rec["domains"]:
                    rec["domains"].append(ev["domain"])
                    rec["domain_evidence"].append(ev)
        if not any(r["domains"] for r in rows):
            first = rows[0]
            mapper.col.unresolved_item(
                first,
                "chain_name",
                name or chain_id,
                "the chain has no domains and its chain and stage names match no taxonomy "
                "domain (fill its domains cell)",
            )


def _actors(
    rows: list[dict], clusters: list[dict], chains: list[dict], col, min_score: int
) -> list[dict]:
    """Return the actor rows with their clusters and value-chain roles resolved."""
    cluster_index = _NameIndex({c["cluster_id"]: c["name"] or "" for c in clusters}, min_score)
    role_index = _NameIndex(
        {f"{c['chain_id']}:{c['stage_id']}": c.get("stage_name") or "" for c in chains},
        min_score,
    )
    stage_only: dict[str, list[str]] = defaultdict(list)
    for c in chains:
        stage_only[fold(c["stage_id"])].append(f"{c['chain_id']}:{c['stage_id']}")
    actors = unique_rows(rows, "actors", col, across_files=False)
    # A register repeats the same few cluster and role cells: resolve each distinct cell once.
    clusters_of = _CellMemo(
        lambda refs: _resolve_list(refs, "cluster_ids", cluster_index, "unknown cluster")
    )
    roles_of = _CellMemo(lambda refs: _resolve_roles(refs, role_index, stage_only))
    for rec in actors:
        rec["cluster_ids"] = clusters_of(rec, rec.get("cluster_ids"), col)
        rec["roles"] = roles_of(rec, rec.get("roles"), col)
    return actors


class _CellMemo:
    """Resolve a list cell through ``resolve(refs) -> (ids, events)``, once per distinct cell.

    Events are ``(unresolved | resolved, arguments)`` told to the collector for every row
    that holds the cell, in the order ``resolve`` found them; each row gets its own list.
    """

    def __init__(self, resolve):
        self.resolve = resolve
        self.memo: dict[tuple, tuple[list[str], list]] = {}

    def __call__(self, rec: dict, cell, col) -> list[str]:
        if not cell:
            return []
        key = tuple(cell)
        hit = self.memo.get(key)
        if hit is None:
            hit = self.memo[key] = self.resolve(list(cell))
        ids, events = hit
        for what, args in events:
            if what == "unresolved":
                col.unresolved_item(rec, *args)
            else:
                col.resolved(rec, *args)
        return list(ids)


def _programmes(rows: list[dict], mapper, col, enum_min_score: int) -> list[dict]:
    """Return the programmes with domains and beneficiaries mapped and TRL ranges checked."""
    programmes = unique_rows(rows, "programmes", col)
    for rec in programmes:
        mapper.map_labels(rec, "programmes")
        _resolve_beneficiaries(rec, col, enum_min_score)
        lo, hi = rec.get("trl_min"), rec.get("trl_max")
        if lo is not None and hi is not None and lo > hi:
            col.errors.append(
                Problem(
                    file=rec["_file"],
                    sheet=rec["_sheet"] or None,
                    row=rec["_row"],
                    column="trl_max",
                    code="type-error",
                    message=f"trl_max {hi} is below trl_min {lo}.",
                    fix="Swap the two values or correct one of them.",
                )
            )
    return programmes


# --- keys ----------------------------------------------------------------------------------


def unique_rows(rows: list[dict], table: str, col, *, across_files: bool = True) -> list[dict]:
    """Return one row per key: same-file repeats are errors; cross-file repeats merge."""
    spec = TABLES[table]
    seen: dict[tuple, dict] = {}
    out = []
    key_of = _key_getter(spec.key)
    for rec in rows:
        key = key_of(rec)
        if key not in seen:
            seen[key] = rec
            out.append(rec)
            continue
        first = seen[key]
        label = ":".join(str(k) for k in key)
        if first["_file"] == rec["_file"] and first["_sheet"] == rec["_sheet"]:
            col.errors.append(
                Problem(
                    file=rec["_file"],
                    sheet=rec["_sheet"] or None,
                    row=rec["_row"],
                    column=spec.key[-1],
                    code="unique-error",
                    message=f"{table} id '{label}' appears twice in this file (also row "
                    f"{first['_row']}).",
                    fix="Give each row its own id, or delete the repeated row.",
                )
            )
            continue
        if not across_files:
            out.append(rec)  # actors: the deduplicator merges and reports conflicts
            continue
        for column in spec.columns:
            a, b = first.get(column.name), rec.get(column.name)
            if column.type == "list":
                first[column.name] = list(dict.fromkeys([*(a or []), *(b or [])]))
            elif a in (None, "") and b not in (None, ""):
                first[column.name] = b
            elif a not in (None, "") and b not in (None, "") and a != b:
                col.errors.append(
                    Problem(
                        file=rec["_file"],
                        sheet=rec["_sheet"] or None,
                        row=rec["_row"],
                        column=column.name,
                        code="conflict",
                        message=f"{table} '{label}' has {column.name} '{b}' here but '{a}' in "
                        f"{first['_file']} row {first['_row']}.",
                        fix="Make the two files agree, or keep the entity in one file only.",
                    )
                )
        rec["_merged_into"] = label
    keys = list(map(key_of, out))
    if not set(map(type, chain.from_iterable(keys))) <= {str}:
        keys = [tuple(map(str, k)) for k in keys]
    return [out[i] for i in sorted(range(len(out)), key=keys.__getitem__)]


def _key_getter(columns: tuple[str, ...]):
    """Return a function giving a record's key as a tuple (``rec.get`` of each key column)."""
    if len(columns) == 1:
        (name,) = columns
        return lambda rec: (rec.get(name),)
    return lambda rec: tuple(map(rec.get, columns))


def _to_frame(rows: list[dict], table: str, *, evidence: bool = False) -> pd.DataFrame:
    columns = [c.name for c in TABLES[table].columns]
    if evidence:
        columns.append("domain_evidence")
    columns += PROVENANCE
    if not rows:
        return pd.DataFrame(columns=columns)
    # every record carries every canonical column (see records.type_rows)
    return pd.DataFrame.from_records(rows, columns=columns)


# --- references ----------------------------------------------------------------------------


class _NameIndex:
    """Resolve a reference to an id by id, by folded id or name, then fuzzily."""

    def __init__(self, names: dict[str, str], min_score: int):
        self.ids = names
        self.min_score = min_score
        self.exact: dict[str, str] = {}
        for i in sorted(names):
            self.exact.setdefault(fold(i), i)
        for i in sorted(names):
            if names[i]:
                self.exact.setdefault(fold(names[i]), i)
        self.choices = sorted(self.exact)
        self.memo: dict[str, tuple[str | None, str | None, float]] = {}

    def resolve(self, ref: str) -> tuple[str | None, str | None, float]:
        """Return (id or None, best guess, score 0..1)."""
        if ref in self.ids:
            return ref, None, 1.0
        if ref in self.memo:
            return self.memo[ref]
        key = fold(ref)
        if key in self.exact:
            out = (self.exact[key], None, 1.0)
        elif not self.choices:
            out = (None, None, 0.0)
        else:
            best = process.extractOne(key, self.choices, scorer=fuzz.WRatio)
            guess, score = self.exact[best[0]], round(best[1] / 100, 3)
            out = (guess, None, score) if best[1] >= self.min_score else (None, guess, score)
        self.memo[ref] = out
        return out


def _split_commas(items: list[str], known) -> list[str]:
    """Return the items, splitting ``a, b`` at commas when the whole is not known but a part is.

    The contract separates values with ``;``; people also write commas. A name that really
    contains a comma still resolves whole, so only unknown items are split.
    """
    out: list[str] = []
    for item in items:
        if "," in item and not known(item):
            parts = [p.strip() for p in item.split(",") if p.strip()]
            if any(known(p) for p in parts):
                out.extend(parts)
                continue
        out.append(item)
    return out


def _resolve_list(
    refs: list[str], column: str, index: _NameIndex, reason: str
) -> tuple[list[str], list]:
    """Return the ids ``refs`` name and the events to report (see :class:`_CellMemo`)."""
    out, events = [], []
    for ref in _split_commas(refs, lambda r: index.resolve(r)[0]):
        found, guess, score = index.resolve(ref)
        if found is None:
            events.append(("unresolved", (column, ref, reason, guess, score)))
            continue
        if found != ref:
            method = "fuzzy" if score < 1 else "name"
            events.append(("resolved", (column, ref, found, score, method)))
        out.append(found)
    return list(dict.fromkeys(out)), events


def _resolve_roles(
    refs: list[str], index: _NameIndex, stage_only: dict[str, list[str]]
) -> tuple[list[str], list]:
    """Return the ``chain:stage`` ids ``refs`` name and the events to report."""
    out, events = [], []
    for ref in _split_commas(refs, lambda r: index.resolve(r)[0]):
        norm = ref.replace("/", ":").replace(" : ", ":").strip()
        if ":" not in norm and len(stage_only.get(fold(norm), [])) == 1:
            found, guess, score = stage_only[fold(norm)][0], None, 1.0
        else:
            chain, _, stage = norm.partition(":")
            found, guess, score = index.resolve(f"{chain.strip()}:{stage.strip()}")
        if found is None:
            reason = "unknown value-chain stage (write chain_id:stage_id)"
            events.append(("unresolved", ("roles", ref, reason, guess, score)))
            continue
        if found != ref:
            method = "fuzzy" if score < 1 else "name"
            events.append(("resolved", ("roles", ref, found, score, method)))
        out.append(found)
    return list(dict.fromkeys(out)), events


class _PriorityIndex:
    """Priorities by region; a cluster's priority reference is looked up in its region."""

    def __init__(self, priorities: list[dict], min_score: int):
        self.by_region: dict[str, dict[str, dict]] = defaultdict(dict)
        self.names: dict[str, _NameIndex] = {}
        by_region_names: dict[str, dict[str, str]] = defaultdict(dict)
        for p in priorities:
            self.by_region[p["region_id"]][p["priority_id"]] = p
            by_region_names[p["region_id"]][p["priority_id"]] = p["title"] or ""
        for region, names in by_region_names.items():
            self.names[region] = _NameIndex(names, min_score)

    def resolve_all(self, rec: dict, col) -> list[str]:
        index = self.names.get(rec["region_id"])
        out = []
        for ref in _split_commas(
            rec.get("priority_ids") or [], lambda r: index and index.resolve(r)[0]
        ):
            if index is None:
                col.unresolved_item(
                    rec, "priority_ids", ref, "the cluster's region has no priorities"
                )
                continue
            found, guess, score = index.resolve(ref)
            if found is None:
                col.unresolved_item(
                    rec,
                    "priority_ids",
                    ref,
                    f"unknown priority of region {rec['region_id']}",
                    guess,
                    score,
                )
                continue
            if found != ref:
                col.resolved(
                    rec, "priority_ids", ref, found, score, "fuzzy" if score < 1 else "name"
                )
            out.append(found)
        return list(dict.fromkeys(out))

    def domains_of(self, region: str, priority_ids: list[str]) -> list[str]:
        out: list[str] = []
        for pid in priority_ids:
            out.extend(self.by_region[region][pid]["domains"])
        return list(dict.fromkeys(out))


def _resolve_beneficiaries(rec: dict, col, min_score: int) -> None:
    choices = TABLES["actors"].column("type").choices
    out = []
    for ref in rec.get("beneficiaries") or []:
        try:
            value, _ = parse_enum(ref, "type", choices, min_score=min_score)
        except ValueError:
            col.unresolved_item(
                rec, "beneficiaries", ref, f"unknown beneficiary type (use {', '.join(choices)})"
            )
            continue
        out.append(value)
    rec["beneficiaries"] = list(dict.fromkeys(out))


# --- taxonomy ------------------------------------------------------------------------------


class _DomainMapper:
    """Map ``domains`` labels and free texts to taxonomy ids, keeping the evidence."""

    def __init__(self, taxonomy, col, match: MatchSettings):
        self.taxonomy = taxonomy
        self.col = col
        self.match = match
        self.label_memo: dict[str, object] = {}
        self.name_memo: dict[str, list[dict]] = {}

    def _label(self, label: str):
        if label not in self.label_memo:
            self.label_memo[label] = self.taxonomy.resolve_label(
                label, min_score=self.match.label_min_score
            )
        return self.label_memo[label]

    def map_labels(self, rec: dict, table: str) -> None:
        """Map the ``domains`` cell: ids or labels in any language.

        A label that is no id, name or keyword is read like free text ("Energie und
        Wasserstoff" → energy, hydrogen), at most ``match.label_domains`` domains per label.
        """
        ids: list[str] = []
        evidence: list[dict] = []
        for label in _split_commas(rec.get("domains") or [], self._label):
            match = self._label(label)
            matches = [match] if match else []
            held: list = []
            if not matches:
                found = self.taxonomy.explain_text(label, min_score=self.match.text_min_score)
                matches = [m for m in found if not m.held_back][: self.match.label_domains]
                held = [m for m in found if m.held_back]
            if not matches:
                self.col.unresolved_item(
                    rec, "domains", label, "label matches no taxonomy domain" + _held_note(held)
                )
                continue
            for m in matches:
                if m.domain_id not in ids:
                    ids.append(m.domain_id)
                    evidence.append(_evidence(m, label))
        rec["domains"] = ids
        rec["domain_evidence"] = evidence

    def map_free_text(self, rec: dict, text: str, column: str, *, report: bool) -> None:
        found = self.taxonomy.explain_text(
            text, language=rec.get("language") or None, min_score=self.match.text_min_score
        )
        matches = [m for m in found if not m.held_back][: self.match.text_domains]
        if not matches:
            if report:
                held = [m for m in found if m.held_back]
                self.col.unresolved_item(
                    rec,
                    column,
                    text.strip(" ."),
                    "text matches no taxonomy domain" + _held_note(held),
                )
            return
        for m in matches:
            if m.domain_id not in rec["domains"]:
                rec["domains"].append(m.domain_id)
                rec["domain_evidence"].append(_evidence(m, text))

    def name_domains(self, text: str, source: str) -> list[dict]:
        """Return the evidence of the domains a name matches (as a priority title would)."""
        if text not in self.name_memo:
            found = self.taxonomy.explain_text(text, min_score=self.match.text_min_score)
            kept = [m for m in found if not m.held_back][: self.match.text_domains]
            self.name_memo[text] = [
                {**_evidence(m, text), "source": f"{m.source} ({source})"} for m in kept
            ]
        return [dict(ev) for ev in self.name_memo[text]]

    def map_priority(self, rec: dict) -> None:
        """Map a priority without ``domains`` from its title first, then its description.

        Title matches keep their score; description and keyword matches count at
        ``match.description_weight`` of theirs when the title matched something, because a
        description names neighbouring fields in passing, and then need the stronger evidence of
        ``map_text(detail=True)``; NACE codes are the last resort. Generic words alone decide
        nothing; a priority left without a domain is reported with the matches held back. At
        most ``match.text_domains`` domains are kept.
        """
        self.map_labels(rec, "priorities")
        if rec["domains"]:
            return
        language = rec.get("language") or None
        title = rec.get("title") or ""
        detail = ". ".join(
            t for t in (rec.get("description"), "; ".join(rec.get("keywords") or [])) if t
        )
        found: dict[str, tuple[float, dict]] = {}
        m_score = self.match.text_min_score
        held, backing = [], []
        for m in self.taxonomy.explain_text(title, language=language, min_score=m_score):
            if m.held_back:
                held.append(m)
            else:
                found[m.domain_id] = (m.score, _evidence(m, title))
        factor = self.match.description_weight if found else 1.0
        if detail:
            for m in self.taxonomy.explain_text(
                detail, language=language, min_score=m_score, detail=bool(found)
            ):
                if m.held_back:
                    held.append(m)
                elif m.domain_id in found:
                    backing.append(m)  # its words back a domain the title decided
                else:
                    ev = _evidence(m, detail)
                    ev["score"] = round(m.score * factor, 3)
                    ev["source"] = f"{m.source} (description)"
                    found[m.domain_id] = (m.score * factor, ev)
        if not found:
            # last resort: the NACE codes the region gave for the priority
            for code in rec.get("nace") or []:
                for d in self.taxonomy.domains_for_nace(code):
                    ev = {
                        "domain": d,
                        "term": f"NACE {code}",
                        "terms": [f"NACE {code}"],
                        "score": self.match.nace_weight,
                        "source": "nace",
                        "text": code,
                    }
                    found.setdefault(d, (self.match.nace_weight, ev))
        if not found:
            self.col.unresolved_item(
                rec,
                "title",
                title,
                "neither title, description nor NACE codes match a domain" + _held_note(held),
            )
            return
        for m in held + backing:  # words backing a domain decided elsewhere join its evidence
            if m.domain_id in found and found[m.domain_id][1]["source"] != "nace":
                terms = found[m.domain_id][1]["terms"]
                terms += [t for t in m.terms if t not in terms]
        best = sorted(found.items(), key=lambda kv: (-kv[1][0], kv[0]))[: self.match.text_domains]
        rec["domains"] = [d for d, _ in best]
        rec["domain_evidence"] = [ev for _, (_, ev) in best]


def _evidence(match, text: str) -> dict:
    return {
        "domain": match.domain_id,
        "term": match.term,
        "terms": list(match.terms or (match.term,)),
        "score": round(match.score, 3),
        "source": match.source,
        "text": text[:200],
    }


def _held_note(held: list) -> str:
    """Return '; low evidence: ...' naming the matches held back, or '' when there are none."""
    if not held:
        return ""
    parts = [f"{m.domain_id} ({m.held_back})" for m in held]
    return "; low evidence, held back: " + "; ".join(dict.fromkeys(parts))
