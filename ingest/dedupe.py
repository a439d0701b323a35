"""Deduplicate actors listed in several files, within each region.

The same organisation often appears in two files with its name spelled differently
("Müller GmbH" / "MUELLER G.m.b.H." / "Muller Gmbh & Co. KG"), sometimes under two ids and
sometimes under the same id. :func:`dedupe_actors` merges such rows into one actor and reports
every merge with its score and reason, so a person can check it.

How rows are linked (links never cross regions):

1. ``same-id``: rows with the same ``actor_id``.
2. ``same-name``: rows whose :func:`normalise_name` is equal once spaces are removed and the
   German transliterations ``ae``, ``oe``, ``ue`` are read as ``ä``, ``ö``, ``ü``
   (:func:`ingest.legal_forms.name_key`: CORDIS's ``MUELLER`` is "Müller").
3. ``fuzzy``: names whose rapidfuzz ``ratio`` reaches ``threshold``, or that are at most one
   (names of ``one_edit_length`` characters or more) or two (``two_edit_length``) typing
   edits apart, *and* pass guards against false merges: :func:`names_compatible` (equal
   numbers and roman numerals, differing words must be near spellings, words of up to three
   letters equal), no different written legal forms ("AG" and "GmbH" are two companies), and
   names shorter than ``min_length`` only merge when equal.

Links are closed transitively with union-find; the kept row of each group is the first one in
``(imported, _file, _sheet, _row)`` order, so the output does not depend on the input row order
and a region's own row is kept before a row imported from open data (a row with a ``source``,
such as ``cordis``): the merged actor keeps the region's id and spelling, and ``source_ids``
holds both ids.

Complexity: time O(n log n + n * window), memory O(n * window), for n actor rows; never all
pairs. Each distinct spelling is normalised once (:func:`ingest.legal_forms.split_names`, a few
C passes over the joined names plus a memoised legal-form walk); exact keys (id, name) are
grouped with pandas/numpy factorisation. Fuzzy candidates come from three sorted-neighbourhood
passes (:mod:`ingest.blocking`): sort a region's distinct names by a key (the name, the
reversed name, the name's words longest first), block on the key's first three characters and
pair each name with the next ``window`` names of its block (a block of at most ``window + 1``
names is thus compared all-pairs). Length and character-count bounds on whole arrays drop ~90%
of the pairs before rapidfuzz scores the rest in C; the guards run on the few that score high
enough. 206,000 actor rows (a synthetic EU-scale dataset, :mod:`synergy.synth`) take about 2 s
on two cores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from ingest.blocking import fuzzy_matches
from ingest.legal_forms import (
    fold_digraphs,
    names_compatible,
    normalise_name,
    split_name,
    split_names,
)
from synergy.core.errors import Problem
from synergy.core.gcpause import gc_paused
from synergy.core.settings import DedupeSettings
from synergy.core.values import is_empty

__all__ = [
    "DedupeResult",
    "dedupe_actors",
    "normalise_name",
    "split_name",
    "names_compatible",
    "LIST_COLUMNS",
    "MERGE_COLUMNS",
]

LIST_COLUMNS = ("nace", "cluster_ids", "roles")
"""Columns whose values are unioned (order kept, duplicates dropped) when rows merge."""

MERGE_COLUMNS = (
    "region_id",
    "kept_id",
    "merged_id",
    "kept_name",
    "merged_name",
    "score",
    "reason",
    "via",
    "kept_source",
    "merged_source",
)
"""Columns of :attr:`DedupeResult.merges`; ``via`` is the id of the row the merged row matched."""

_CONFLICT_COLUMNS = ("type", "size")
_REASON_RANK = {"same-id": 0, "same-name": 1, "fuzzy": 2}
_PROVENANCE = ("_file", "_sheet", "_row")

Link = tuple[int, int, float, str]  # (row, row, score 0-1, reason)


@dataclass(frozen=True, eq=False)
class DedupeResult:
    """What :func:`dedupe_actors` returns.

    ``actors`` has one row per real actor (the input columns plus ``source_ids`` and
    ``sources``); ``merges`` one row per input row folded into another (columns
    :data:`MERGE_COLUMNS`); ``id_map`` maps every input ``actor_id`` to its canonical id;
    ``conflicts`` lists ``conflict`` problems (``type``/``size`` disagree; the first value is
    kept) and ``unique-error`` problems (one id used for unrelated names, or in two regions).
    """

    actors: pd.DataFrame
    merges: pd.DataFrame
    id_map: dict[str, str] = field(default_factory=dict)
    conflicts: list[Problem] = field(default_factory=list)


def _as_list(value: object) -> list[str]:
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value if not is_empty(v)]
    if is_empty(value):
        return []
    return [v.strip() for v in str(value).split(";") if v.strip()]


def _texts(values: pd.Series) -> list[str]:
    """Return ``values`` as Python strings, missing values as ``""``."""
    out = values.tolist()
    missing = values.isna().to_numpy()
    # set(map(type, ...)) runs in C; a generator over 200,000 cells does not.
    if missing.any() or not set(map(type, out)) <= {str}:
        out = ["" if m else str(v) for v, m in zip(out, missing.tolist(), strict=True)]
    return out


def _sorted_codes(values: list[str]) -> np.ndarray:
    """Return codes that sort like ``values`` (cheap when few distinct values, like files)."""
    return pd.factorize(np.array(values, dtype=object), sort=True)[0]


def _codes(*columns: list | np.ndarray) -> np.ndarray:
    """Return one int64 code per row for the combination of ``columns`` (equal rows, equal code)."""
    code = np.zeros(len(columns[0]), dtype=np.int64)
    for col in columns:
        arr = col if isinstance(col, np.ndarray) else np.array(col, dtype=object)
        c, uniques = pd.factorize(arr)
        code = pd.factorize(code * (len(uniques) + 1) + c)[0].astype(np.int64)
    return code


def _first_of_group(codes: np.ndarray) -> np.ndarray:
    """Return, for every row, the position of the first row with the same code."""
    first = np.full(int(codes.max()) + 1 if len(codes) else 0, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    return first[codes]


@dataclass(frozen=True, eq=False)
class _Rows:
    """The input rows in provenance order, with the columns the algorithm reads as lists."""

    df: pd.DataFrame
    ids: list[str]
    names: list[str]
    region: np.ndarray  # object array of region ids
    files: list[str]
    sheets: list[str]
    rows: list[int | None]

    def problem(self, i: int, column: str | None, code: str, message: str, fix: str) -> Problem:
        return Problem(
            file=self.files[i],
            sheet=self.sheets[i] or None,
            row=self.rows[i],
            column=column,
            message=message,
            fix=fix,
            code=code,
        )

    def where(self, i: int) -> str:
        return self.problem(i, None, "", "", "").location()

    def sources(self) -> list[str]:
        """Return ``file:row`` (``file[sheet]:row`` in workbooks) of every row."""
        return [
            f"{f}[{s}]:{'' if r is None else r}" if s else f"{f}:{'' if r is None else r}"
            for f, s, r in zip(self.files, self.sheets, self.rows, strict=True)
        ]


def _prepare(actors: pd.DataFrame) -> _Rows:
    """Return the rows sorted by (file, sheet, row, id, name, region)."""
    missing = [c for c in ("actor_id", "name", "region_id") if c not in actors.columns]
    if missing:
        raise ValueError(f"dedupe_actors needs the columns {missing}; got {list(actors.columns)}")
    df = actors.reset_index(drop=True)
    n = len(df)
    files = _texts(df["_file"]) if "_file" in df else [""] * n
    sheets = _texts(df["_sheet"]) if "_sheet" in df else [""] * n
    rows = (
        pd.to_numeric(df["_row"], errors="coerce").to_numpy(dtype=float)
        if "_row" in df
        else np.arange(1, n + 1, dtype=float)
    )
    ids, names, regions = (_texts(df[c]) for c in ("actor_id", "name", "region_id"))
    imported = (
        np.array([bool(x) for x in _texts(df["source"])], dtype=np.int64)
        if "source" in df
        else np.zeros(n, dtype=np.int64)
    )
    # np.lexsort sorts by the last key first; id, name and region only break ties.
    keys = [np.nan_to_num(rows, nan=-1.0), _sorted_codes(sheets), _sorted_codes(files), imported]
    order = np.lexsort(keys) if n else np.zeros(0, dtype=np.int64)
    tie = np.ones(max(n - 1, 0), dtype=bool)
    for key in keys:
        tie &= np.diff(key[order]) == 0
    if tie.any():
        order = np.lexsort([np.array(k, dtype=str) for k in (regions, names, ids)] + keys)
    take = order.tolist()
    taken = rows[order]
    blank = np.isnan(taken)
    row_numbers = (
        [None if b else int(v) for v, b in zip(taken.tolist(), blank.tolist(), strict=True)]
        if blank.any()
        else taken.astype(np.int64).tolist()
    )
    return _Rows(
        df=df.take(order).reset_index(drop=True),
        ids=[ids[k] for k in take],
        names=[names[k] for k in take],
        region=np.array([regions[k] for k in take], dtype=object),
        files=[files[k] for k in take],
        sheets=[sheets[k] for k in take],
        rows=row_numbers,
    )


def _same_id_links(
    rows: _Rows, norm: list[str], settings: DedupeSettings, problems: list[Problem]
) -> list[Link]:
    """Return same-id links inside regions; report unrelated names and cross-region reuse."""
    ids, names, region = rows.ids, rows.names, rows.region
    n = len(ids)
    has_id = np.array([bool(i) for i in ids], dtype=bool)
    id_codes = _codes(ids)
    first = _first_of_group(_codes(region, id_codes))
    links = []
    for i in np.flatnonzero((first != np.arange(n)) & has_id).tolist():
        f = int(first[i])
        score = (
            1.0
            if norm[f] == norm[i]
            else max(fuzz.ratio(norm[f], norm[i]), fuzz.token_set_ratio(norm[f], norm[i])) / 100
        )
        links.append((f, i, round(score, 4), "same-id"))
        if score < settings.same_id_min_score:
            problems.append(
                rows.problem(
                    i,
                    "actor_id",
                    "unique-error",
                    f"actor id '{ids[i]}' names '{names[i]}' here but '{names[f]}' at "
                    f"{rows.where(f)}; the rows were merged into one actor (name similarity "
                    f"{score:.2f}).",
                    "Give one of them its own actor_id, or correct the name.",
                )
            )
    first_any = _first_of_group(id_codes)
    elsewhere = (region != region[first_any]) & (first == np.arange(n)) & has_id
    for i in np.flatnonzero(elsewhere).tolist():
        f = int(first_any[i])
        problems.append(
            rows.problem(
                i,
                "actor_id",
                "unique-error",
                f"actor id '{ids[i]}' is used in region '{region[i]}' here and in region "
                f"'{region[f]}' at {rows.where(f)}; actors of different regions are never merged.",
                "Give one of them its own actor_id.",
            )
        )
    return links


def _fuzzy_links(
    region: np.ndarray,
    norm: list[str],
    forms: list[str],
    reps: np.ndarray,
    settings: DedupeSettings,
) -> list[Link]:
    """Return fuzzy links among the rows ``reps`` (one row per distinct region and name).

    ``forms[k]`` holds the legal-form families written for rep ``k`` in any row, ``|``-joined.
    """
    if len(reps) < 2:
        return []
    a, b, score = fuzzy_matches(
        _codes(region[reps]), [norm[k] for k in reps.tolist()], forms, settings
    )
    return [
        (int(reps[i]), int(reps[j]), round(s / 100, 4), "fuzzy")
        for i, j, s in zip(a.tolist(), b.tolist(), score.tolist(), strict=True)
    ]


def _form_sets(first: np.ndarray, families: list[str], reps: np.ndarray) -> list[str]:
    """Return, per rep, the ``|``-joined legal-form families written in its exact-name group."""
    frame = pd.DataFrame({"g": first, "f": np.array(families, dtype=object)})
    frame = frame[frame["f"] != ""].drop_duplicates().sort_values(["g", "f"])
    several = frame["g"].duplicated(keep=False).to_numpy()
    lookup = dict(zip(frame["g"][~several].tolist(), frame["f"][~several].tolist(), strict=True))
    # Names written with two legal forms are rare: a Python loop over them is cheap.
    for g, group in frame[several].groupby("g", sort=True):
        lookup[int(g)] = "|".join(group["f"].tolist())
    return [lookup.get(k, "") for k in reps.tolist()]


def _union(n: int, links: list[Link]) -> tuple[np.ndarray, list[Link]]:
    """Return each row's group root (its smallest row) and the links that joined groups.

    Links are taken strongest first (same id, then same name, then by score), so the tree
    that explains each group uses the best evidence.
    """
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    tree = []
    for link in sorted(links, key=lambda e: (_REASON_RANK[e[3]], -e[2], e[0], e[1])):
        ri, rj = find(link[0]), find(link[1])
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
            tree.append(link)
    return np.array([find(x) for x in range(n)], dtype=np.int64), tree


def _attach(root: np.ndarray, tree: list[Link]) -> dict[int, tuple[int, float, str]]:
    """Return row -> (row it hangs from, score, reason), walking the tree from each root."""
    adjacent: dict[int, list[tuple[int, float, str]]] = {}
    for i, j, s, r in tree:
        adjacent.setdefault(i, []).append((j, s, r))
        adjacent.setdefault(j, []).append((i, s, r))
    out: dict[int, tuple[int, float, str]] = {}
    for start in sorted({int(root[i]) for i in adjacent}):
        queue, seen = [start], {start}
        while queue:
            node = queue.pop(0)
            for other, s, r in sorted(adjacent[node]):
                if other not in seen:
                    seen.add(other)
                    out[other] = (node, s, r)
                    queue.append(other)
    return out


def _object_column(values: list, index: pd.Index) -> pd.Series:
    # Through an object array, lists stay cell values (equal-length lists would become 2-D).
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return pd.Series(arr, index=index, dtype=object)


def _first_value(
    rows: _Rows, col: str, values: list, group: list[int], problems: list[Problem]
) -> object:
    """Return the group's first non-empty value of ``col``, reporting disagreeing rows."""
    kept = next((g for g in group if not is_empty(values[g])), None)
    if kept is None:
        return values[group[0]]
    if col in _CONFLICT_COLUMNS:
        for g in group:
            if not is_empty(values[g]) and str(values[g]) != str(values[kept]):
                problems.append(
                    rows.problem(
                        g,
                        col,
                        "conflict",
                        f"actor '{rows.names[g]}' ({rows.ids[g]}) has {col} '{values[g]}' here but "
                        f"'{values[kept]}' at {rows.where(kept)}, where it was merged as the same "
                        f"actor; keeping '{values[kept]}'.",
                        f"Make the two rows agree on {col}, or give the actors distinct names.",
                    )
                )
    return values[kept]


def _assemble(
    rows: _Rows,
    root: np.ndarray,
    attach: dict[int, tuple[int, float, str]],
    problems: list[Problem],
) -> DedupeResult:
    """Return the :class:`DedupeResult` for rows grouped by ``root``."""
    n, ids, names = len(rows.ids), rows.ids, rows.names
    members: dict[int, list[int]] = {}
    for i in np.flatnonzero(root != np.arange(n)).tolist():
        members.setdefault(int(root[i]), [int(root[i])]).append(i)
    roots = np.flatnonzero(root == np.arange(n))
    kept = roots.tolist()
    out = rows.df.take(roots).reset_index(drop=True)
    position = {r: k for k, r in enumerate(kept) if r in members}

    patch = [position[r] for r in members]
    for col in rows.df.columns:
        # ``source`` says where the kept row comes from; the other ids are in source_ids
        if col in ("actor_id", "name", "region_id", "source", *_PROVENANCE):
            continue
        values = rows.df[col].tolist()
        listed = col in LIST_COLUMNS
        cells = out[col].to_numpy(dtype=object, copy=True)
        if listed and not set(map(type, cells)) <= {list}:
            cells[:] = [v if type(v) is list else _as_list(v) for v in cells]
        # Only merged groups change; singletons keep their row as it is.
        cells[patch] = _object_column(
            [
                list(dict.fromkeys(v for g in group for v in _as_list(values[g])))
                if listed
                else _first_value(rows, col, values, group, problems)
                for group in members.values()
            ],
            pd.RangeIndex(len(patch)),
        ).to_numpy()
        out[col] = pd.Series(cells, index=out.index, dtype=object) if listed else cells

    sources = rows.sources()
    source_ids = [[ids[r]] for r in kept]
    source_rows = [[sources[r]] for r in kept]
    for r, group in members.items():
        source_ids[position[r]] = list(dict.fromkeys(ids[g] for g in group))
        source_rows[position[r]] = [sources[g] for g in group]
    out["source_ids"] = _object_column(source_ids, out.index)
    out["sources"] = _object_column(source_rows, out.index)

    merge_rows = []
    for i in sorted(attach, key=lambda x: (int(root[x]), x)):
        via, score, reason = attach[i]
        k = int(root[i])
        merge_rows.append(
            (
                rows.region[k],
                ids[k],
                ids[i],
                names[k],
                names[i],
                score,
                reason,
                ids[via],
                sources[k],
                sources[i],
            )
        )
    merges = pd.DataFrame(merge_rows, columns=list(MERGE_COLUMNS))
    merges["score"] = merges["score"].astype(float)

    # An id reused in two regions maps to the actor of its first row.
    id_values = np.array(ids, dtype=object)
    id_code, distinct_ids = pd.factorize(id_values)
    first_row = np.unique(id_code, return_index=True)[1]
    id_map = dict(zip(distinct_ids.tolist(), id_values[root[first_row]].tolist(), strict=True))
    problems.sort(
        key=lambda p: (
            p.file,
            p.sheet or "",
            p.row if p.row is not None else -1,
            p.column or "",
            p.code,
            p.message,
        )
    )
    return DedupeResult(actors=out, merges=merges, id_map=id_map, conflicts=problems)


def dedupe_actors(
    actors: pd.DataFrame, *, settings: DedupeSettings = DedupeSettings()
) -> DedupeResult:
    """Return the actors with duplicates merged, the merges, an id map and the conflicts.

    Parameters
    ----------
    actors : DataFrame
        Columns ``actor_id``, ``name``, ``region_id`` (resolved), optionally ``type``,
        ``size``, ``source``, list columns :data:`LIST_COLUMNS` and provenance ``_file``,
        ``_sheet``, ``_row`` (missing provenance counts as an empty file name and the row
        position).
    settings : DedupeSettings
        Thresholds and block sizes.

    Returns
    -------
    DedupeResult
        ``actors``: one row per actor, ordered by the provenance of its first row (rows with
        a ``source``, imported from open data, after the dataset's own), holding the
        first row's id, name and provenance, the first non-empty value of other columns, the
        union of list columns, ``source_ids`` (every id merged in, kept id first) and
        ``sources`` (``file:row``, or ``file[sheet]:row`` for workbooks, of every row merged
        in). Rows with the same id in the same region are merged even when their names are
        unrelated, since the id is the table's key, and that is reported as ``unique-error``;
        one id used in two regions is reported and not merged.

    Raises
    ------
    ValueError
        If ``actor_id``, ``name`` or ``region_id`` is missing.

    Examples
    --------
    >>> df = pd.DataFrame({"actor_id": ["a1", "b7"], "region_id": ["ITC4", "ITC4"],
    ...                    "name": ["Rossi Meccanica S.p.A.", "ROSSI MECCANICA SPA"]})
    >>> res = dedupe_actors(df)
    >>> res.actors["source_ids"].tolist(), res.id_map
    ([['a1', 'b7']], {'a1': 'a1', 'b7': 'a1'})
    >>> res.merges[["kept_id", "merged_id", "score", "reason"]].to_dict("records")
    [{'kept_id': 'a1', 'merged_id': 'b7', 'score': 1.0, 'reason': 'same-name'}]
    """
    with gc_paused():
        return _dedupe(actors, settings)


def _dedupe(actors: pd.DataFrame, settings: DedupeSettings) -> DedupeResult:
    rows = _prepare(actors)
    n = len(rows.ids)
    # Names repeat across files; normalise each distinct spelling once.
    name_code, spellings = pd.factorize(np.array(rows.names, dtype=object))
    cores, families = split_names(spellings.tolist())
    # CORDIS's MUELLER is Müller: compare names with umlaut transliterations folded
    cores = fold_digraphs(cores)
    core_code, distinct = pd.factorize(np.array([c.replace(" ", "") for c in cores], dtype=object))
    compact_len = np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct))
    norm_of = np.array(cores, dtype=object)
    norm = norm_of[name_code].tolist()
    compact = core_code[name_code].astype(np.int64)
    problems: list[Problem] = []

    links = _same_id_links(rows, norm, settings, problems)
    first = _first_of_group(_codes(_codes(rows.region), compact)) if n else np.zeros(0, np.int64)
    length = compact_len[compact] if n else np.zeros(0, np.int64)
    for i in np.flatnonzero((first != np.arange(n)) & (length > 0)).tolist():
        links.append((int(first[i]), i, 1.0, "same-name"))
    reps = np.flatnonzero((first == np.arange(n)) & (length >= max(settings.min_length, 1)))
    forms = _form_sets(first, np.array(families, dtype=object)[name_code].tolist(), reps)
    links += _fuzzy_links(rows.region, norm, forms, reps, settings)

    root, tree = _union(n, links)
    return _assemble(rows, root, _attach(root, tree), problems)
