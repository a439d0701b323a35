"""The backtest's pure parts: cut the tables at a year, find who first worked together
afterwards, turn a scan's candidates and the baselines into pair rankings, and score them.

A *split* is ``(until, horizon)``: the scan sees projects starting up to the end of ``until``
(participations with them); the truth is the pairs whose first joint project starts in
``(until, until + horizon]``. Everything else (regions, priorities, clusters, actors, value
chains, programmes) is used as given: those tables carry no dates.

*Levels* and their *units*:

``region``   every unordered pair of the dataset's regions;
``cluster``  every unordered pair of clusters in different regions.

Two parties *work together* in a project when two different in-dataset actors, one of each,
take part in it (an actor's party: its region; its clusters). With ``target="new"`` (the
default) pairs that already worked together up to ``until`` are left out of the units (they
cannot collaborate for the first time) and the positives are the rest that work together in
the window; with ``target="any"`` every pair is a unit and the positives are all pairs that
work together in the window.

A candidate kind ranks a pair by the best score among its candidates naming both parties
(``regions`` at the region level, ``clusters`` at the cluster level; a trio names three pairs);
pairs it does not name score 0. Baselines rank the same units:

``size``             product of the parties' participations up to ``until`` (their actor
                     counts, plus one, when the data holds no project before the split);
``persistence``      the parties' joint projects up to ``until``, at the level of their regions
                     (a cluster pair inherits its regions'; constant at the region level with
                     ``target="new"``, where no unit has any);
``same-country``     1 when both parties lie in the same country;
``shared-priority``  the ``domain_overlap`` component of the regions' shared-priority candidate
                     (priorities alone, no clusters, actors or projects);
``random``           uniform scores, ``random_draws`` seeded draws averaged.

Every metric comes with a bootstrap interval over the units (paired for the model and a
baseline, so ``lift`` = model / baseline has an interval of its own).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from synergy.algorithms.ranking_metrics import Interval, all_metrics, bootstrap, metric_names
from synergy.core.model import ACTOR, CLUSTER, MEMBER_OF, REGION, node_id
from synergy.core.scoring import Candidate, Weights, composite

__all__ = [
    "LEVELS",
    "BASELINES",
    "TARGETS",
    "SplitInfo",
    "split_tables",
    "Truth",
    "joint_years",
    "Units",
    "units",
    "candidate_scores",
    "baseline_scores",
    "evaluate",
    "rescored",
]

LEVELS = ("region", "cluster")
BASELINES = ("size", "persistence", "same-country", "shared-priority", "random")
TARGETS = ("new", "any")
LIFT_METRICS = ("ap",)  # lift is reported for these and for every p@k


@dataclass(frozen=True)
class SplitInfo:
    """What the cut at ``until`` kept and left out (the manifest's account of it)."""

    until: int
    projects_kept: int
    projects_after: int
    projects_undated: int
    participations_kept: int
    participations_after: int

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _start_year(values: pd.Series) -> pd.Series:
    """Return the start year of each project (NaN when blank or unreadable)."""
    text = values.astype("string").str.strip().str.slice(0, 4)
    return pd.to_numeric(text.where(text.str.fullmatch(r"\d{4}", na=False)), errors="coerce")


def split_tables(
    tables: dict[str, pd.DataFrame], until: int
) -> tuple[dict[str, pd.DataFrame], SplitInfo]:
    """Return the tables as known at the end of ``until``, and what the cut left out.

    Projects starting after ``until`` go, and so do undated projects (no date says they were
    known by then); participations go with their projects. Other tables are kept as given.

    >>> t = {"projects": pd.DataFrame({"project_id": ["a", "b", "c"],
    ...                                "start": ["2019-05-01", "2021-01-01", ""]}),
    ...      "participations": pd.DataFrame({"project_id": ["a", "b", "b"],
    ...                                      "actor_id": ["x", "x", "y"]})}
    >>> kept, info = split_tables(t, 2020)
    >>> kept["projects"]["project_id"].tolist(), kept["participations"]["actor_id"].tolist()
    (['a'], ['x'])
    >>> info.projects_after, info.projects_undated, info.participations_after
    (1, 1, 2)
    """
    out = dict(tables)
    projects = tables.get("projects")
    if projects is None or not len(projects):
        return out, SplitInfo(until, 0, 0, 0, 0, 0)
    year = _start_year(projects["start"])
    keep = (year <= until).fillna(False).to_numpy(dtype=bool)
    out["projects"] = projects[keep].reset_index(drop=True)
    kept_ids = set(out["projects"]["project_id"])
    parts = tables.get("participations")
    n_parts = n_kept = 0
    if parts is not None:
        mask = parts["project_id"].isin(kept_ids).to_numpy(dtype=bool)
        out["participations"] = parts[mask].reset_index(drop=True)
        n_parts, n_kept = len(parts), int(mask.sum())
    return out, SplitInfo(
        until=until,
        projects_kept=int(keep.sum()),
        projects_after=int((year > until).sum()),
        projects_undated=int(year.isna().sum()),
        participations_kept=n_kept,
        participations_after=n_parts - n_kept,
    )


Pair = tuple[str, str]


@dataclass
class Truth:
    """The start years of each pair's joint projects, per level (from the full tables)."""

    years: dict[str, dict[Pair, tuple[int, ...]]]

    def prior(self, level: str, until: int) -> dict[Pair, int]:
        """Return the pairs with joint projects up to ``until`` and how many."""
        out = {}
        for pair, ys in self.years[level].items():
            n = sum(1 for y in ys if y <= until)
            if n:
                out[pair] = n
        return out

    def positives(self, level: str, until: int, horizon: int, target: str) -> set[Pair]:
        """Return the pairs that work together in ``(until, until + horizon]``
        (for the first time, with ``target="new"``)."""
        out = set()
        for pair, ys in self.years[level].items():
            inside = any(until < y <= until + horizon for y in ys)
            if inside and (target == "any" or min(ys) > until):
                out.add(pair)
        return out


def _pairs(parties: Iterable[tuple[str, str]]) -> set[Pair]:
    """Return the party pairs joined by two different actors (``parties``: (party, actor))."""
    by_party: dict[str, set[str]] = {}
    for party, actor in parties:
        by_party.setdefault(party, set()).add(actor)
    out = set()
    for a, b in itertools.combinations(sorted(by_party), 2):
        if len(by_party[a] | by_party[b]) >= 2:
            out.add((a, b))
    return out


def joint_years(tables: dict[str, pd.DataFrame], graph: nx.MultiDiGraph) -> Truth:
    """Return every pair's joint-project start years from the full projects tables.

    ``graph`` supplies each actor's clusters (the actors table is the same before and after
    the cut); participants outside the dataset are not parties.
    """
    years: dict[str, dict[Pair, list[int]]] = {lvl: {} for lvl in LEVELS}
    projects = tables.get("projects")
    parts = tables.get("participations")
    if projects is None or parts is None or not len(parts):
        return Truth({lvl: {} for lvl in LEVELS})
    start = dict(zip(projects["project_id"], _start_year(projects["start"]), strict=True))
    inside = parts[parts["in_dataset"].fillna(True).astype(bool)]
    clusters_of: dict[str, list[str]] = {}
    for pid, rows in inside.groupby("project_id", sort=True):
        y = start.get(pid)
        if y is None or pd.isna(y):
            continue
        y = int(y)
        actors = [str(a) for a in rows["actor_id"]]
        regions = [str(r) for r in rows["region_id"]]
        sides = {
            "region": list(zip(regions, actors, strict=True)),
            "cluster": [
                (c, a) for a in actors for c in clusters_of.setdefault(a, _clusters(graph, a))
            ],
        }
        for level, parties in sides.items():
            for pair in _pairs(parties):
                years[level].setdefault(pair, []).append(y)
    return Truth({lvl: {p: tuple(sorted(v)) for p, v in years[lvl].items()} for lvl in LEVELS})


def _clusters(graph: nx.MultiDiGraph, actor_id: str) -> list[str]:
    a = node_id(ACTOR, actor_id)
    if a not in graph:
        return []
    return sorted(
        graph.nodes[v].get("key", v)
        for _, v, k in graph.out_edges(a, keys=True)
        if k == MEMBER_OF and graph.nodes[v].get("kind") == CLUSTER
    )


@dataclass
class Units:
    """The pairs a level ranks, with what the baselines need to know about each party."""

    level: str
    pairs: list[Pair]
    region_of: dict[str, str]  # party -> region (itself at the region level)
    country: dict[str, str]  # region -> country
    index: dict[Pair, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {p: i for i, p in enumerate(self.pairs)}


def units(graph: nx.MultiDiGraph, level: str, exclude: Iterable[Pair] = ()) -> Units:
    """Return the level's units (see the module docstring) without ``exclude``."""
    regions = sorted(d.get("key", n) for n, d in graph.nodes(data=True) if d.get("kind") == REGION)
    country = {r: str(graph.nodes[node_id(REGION, r)].get("country") or "") for r in regions}
    if level == "region":
        region_of = {r: r for r in regions}
        pairs = list(itertools.combinations(regions, 2))
    else:
        region_of = {
            d.get("key", n): str(d.get("region_id") or "")
            for n, d in graph.nodes(data=True)
            if d.get("kind") == CLUSTER
        }
        parties = sorted(region_of)
        pairs = [
            (a, b) for a, b in itertools.combinations(parties, 2) if region_of[a] != region_of[b]
        ]
    skip = set(exclude)
    return Units(level, [p for p in pairs if p not in skip], region_of, country)


def _parties(c: Candidate, level: str) -> Sequence[str]:
    return c.regions if level == "region" else c.clusters if c.kind == "pilot" else ()


def candidate_scores(
    candidates: Iterable[Candidate], kind: str, u: Units, weights: Weights | None = None
) -> np.ndarray | None:
    """Return the kind's score of each unit (best candidate naming both parties; 0 if none),
    None when the kind names no pair at this level. With ``weights`` the candidates are
    rescored from their components first (see :func:`rescored`)."""
    scores = np.zeros(len(u.pairs))
    named = False
    for c in candidates:
        if c.kind != kind:
            continue
        parties = sorted(set(_parties(c, u.level)))
        if len(parties) < 2:
            continue
        named = True
        s = rescored(c, weights) if weights is not None else c.score
        for pair in itertools.combinations(parties, 2):
            i = u.index.get(pair)
            if i is not None and s > scores[i]:
                scores[i] = s
    return scores if named else None


def rescored(c: Candidate, weights: Weights) -> float:
    """Return the candidate's score under other component weights."""
    return composite(c.components, weights.of(c.kind))


def baseline_scores(
    name: str,
    u: Units,
    *,
    prior_regions: dict[Pair, int],
    activity: dict[str, float],
    candidates: Iterable[Candidate],
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    """Return a baseline's score of each unit (see the module docstring).

    ``prior_regions``: region pairs' joint projects up to the split; ``activity``: each
    party's participations up to the split (or actor count + 1 without projects).
    """
    if name == "size":
        return np.array([activity.get(a, 0.0) * activity.get(b, 0.0) for a, b in u.pairs])
    if name == "persistence":
        return np.array(
            [
                float(prior_regions.get(tuple(sorted((u.region_of[a], u.region_of[b]))), 0))
                for a, b in u.pairs
            ]
        )
    if name == "same-country":
        return np.array(
            [
                float(
                    bool(u.country.get(u.region_of[a]))
                    and u.country.get(u.region_of[a]) == u.country.get(u.region_of[b])
                )
                for a, b in u.pairs
            ]
        )
    if name == "shared-priority":
        overlap: dict[Pair, float] = {}
        for c in candidates:
            if c.kind == "shared-priority" and len(c.regions) == 2:
                key = tuple(sorted(c.regions))
                overlap[key] = max(overlap.get(key, 0.0), c.components.get("domain_overlap", 0))
        return np.array(
            [overlap.get(tuple(sorted((u.region_of[a], u.region_of[b]))), 0.0) for a, b in u.pairs]
        )
    if name == "random":
        if rng is None:
            raise ValueError("the random baseline needs a generator")
        return rng.random(len(u.pairs))
    raise ValueError(f"unknown baseline {name!r}")


def evaluate(
    rankers: dict[str, np.ndarray],
    labels: np.ndarray,
    *,
    ks: Sequence[int],
    tiebreak: np.ndarray,
    reps: int,
    seed: int,
    random_scores: Sequence[np.ndarray] = (),
    model: str = "model",
) -> dict:
    """Return every ranker's metrics with intervals, and the model's lift over each other one.

    ``rankers`` maps a name to its scores of the units (the model under ``model``). The
    intervals come from the same ``reps`` resamples of the units for every ranker, so a lift
    (model metric / baseline metric, for average precision and each precision@k) has a paired
    interval. ``random_scores`` are the random baseline's draws: its metrics are their mean
    (the interval spans the draws' 2.5-97.5 percentiles), and the lift over it divides the
    model's metric by that mean.
    """
    n = len(labels)
    labels = np.asarray(labels, dtype=np.int8)
    names = metric_names(ks)
    lift_at = [names.index(m) for m in (*LIFT_METRICS, *(f"p@{k}" for k in ks))]
    others = [r for r in rankers if r != model]
    m = len(names)
    mean_random = None
    if random_scores:
        draws = np.array([all_metrics(s, labels, tiebreak, ks) for s in random_scores])
        with np.errstate(all="ignore"):
            mean_random = np.array(
                [np.nanmean(c) if np.isfinite(c).any() else np.nan for c in draws.T]
            )

    def statistic(idx: np.ndarray) -> np.ndarray:
        vals = {
            r: all_metrics(scores[idx], labels[idx], tiebreak[idx], ks)
            for r, scores in rankers.items()
        }
        parts = [vals[r] for r in rankers]
        base = vals[model][lift_at]
        with np.errstate(all="ignore"):
            parts += [base / vals[r][lift_at] for r in others]
            if mean_random is not None:
                parts.append(base / mean_random[lift_at])
        return np.concatenate(parts)

    intervals = bootstrap(statistic, n, reps=reps, seed=seed)
    out: dict = {"units": n, "positives": int(labels.sum()), "rankers": {}, "lift": {}}
    pos = 0
    for r in rankers:
        out["rankers"][r] = {names[j]: intervals[pos + j].as_dict() for j in range(m)}
        pos += m
    if mean_random is not None:
        out["rankers"]["random"] = {
            names[j]: Interval(
                mean_random[j],
                *(
                    np.nanquantile(draws[:, j], [0.025, 0.975])
                    if np.isfinite(draws[:, j]).any()
                    else (np.nan, np.nan)
                ),
            ).as_dict()
            for j in range(m)
        }
    lift_names = [names[j] for j in lift_at]
    for r in [*others, *(["random"] if mean_random is not None else [])]:
        out["lift"][r] = {lift_names[j]: intervals[pos + j].as_dict() for j in range(len(lift_at))}
        pos += len(lift_at)
    return out
