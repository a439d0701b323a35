"""``synergy backtest`` as a library: scan what was known up to a year, score the rankings
against the collaborations that started afterwards, next to baselines (same run, same units).

:func:`backtest` loads the dataset once per scan through :func:`synergy.pipeline.scan`, whose
``prepare`` hook cuts the dated tables (:func:`synergy.algorithms.backtest.split_tables`), so
no project starting after the split (nor its participations) reaches the trained graph. The
truth comes from the full tables of that same load.

With ``tune``, a first scan cut at ``until - horizon`` is scored against the collaborations
of ``(until - horizon, until]`` (all inside the training years): for each candidate kind,
``tune_trials`` seeded random weight vectors over its components (and the given weights) are
rescored from the candidates' components and the best average precision wins (the given
weights unless another is strictly better). The chosen weights are then reported on the test
split next to the given ones; the test years are never used to choose them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from synergy.algorithms import backtest as bt
from synergy.core.scoring import Candidate, Weights
from synergy.core.settings import BacktestParams, ScanSettings

__all__ = ["BacktestResult", "SplitRun", "backtest", "OTHER_TABLES"]

OTHER_TABLES = (
    "Regions, priorities, clusters, actors, value chains and programmes are used as given "
    "(they carry no dates); only projects are cut by start date, and participations go with "
    "their projects. Undated projects are left out of the trained scan."
)


@dataclass
class SplitRun:
    """One split's trained scan and its evaluation."""

    until: int
    horizon: int
    info: bt.SplitInfo
    scan: object  # pipeline.ScanResult of the cut dataset
    results: dict  # level -> kind -> {"given": evaluation, "tuned": evaluation}
    truth: bt.Truth | None = None  # joint-project years of every pair (full tables)


@dataclass
class BacktestResult:
    """Everything ``backtest.json`` records, plus the trained scans."""

    dataset: str
    params: BacktestParams
    settings: ScanSettings
    test: SplitRun
    tune: SplitRun | None = None
    tuned_weights: Weights | None = None
    tuning: dict = field(default_factory=dict)  # kind -> {"given": ap, "tuned": ap, ...}
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """Return the JSON-ready record (no timings: those go to the manifest)."""
        p = self.params
        doc = {
            "dataset": self.dataset,
            "settings": {
                "until": self.test.until,
                "horizon": p.horizon,
                "ks": list(p.ks),
                "target": p.target,
                "seed": p.seed,
                "bootstrap_reps": p.reps,
                "random_draws": p.random_draws,
                "tune": self.tune is not None,
                "tune_trials": p.tune_trials if self.tune is not None else 0,
                "weights": self.settings.weights.as_dict(),
                "other_tables": OTHER_TABLES,
                "levels": {
                    "region": "unordered pairs of the dataset's regions",
                    "cluster": "unordered pairs of clusters in different regions",
                },
                "targets": {
                    "new": "pairs whose first joint project starts in the window; pairs that "
                    "already worked together are left out",
                    "any": "every pair with a joint project starting in the window",
                }[p.target],
            },
            "splits": {"test": self._split(self.test)},
        }
        if self.tune is not None:
            doc["splits"]["tune"] = self._split(self.tune)
            doc["tuned_weights"] = {
                "weights": self.tuned_weights.as_dict() if self.tuned_weights else {},
                "chosen_on": f"split until {self.tune.until}, truth "
                f"{self.tune.until + 1}-{self.tune.until + self.tune.horizon}",
                "search": self.tuning,
            }
        doc["results"] = self.test.results
        return doc

    @staticmethod
    def _split(run: SplitRun) -> dict:
        return {
            "until": run.until,
            "window": [run.until + 1, run.until + run.horizon],
            **run.info.as_dict(),
        }


def backtest(
    dataset_dir: str | Path,
    until: int,
    *,
    settings: ScanSettings | None = None,
    params: BacktestParams | None = None,
    tune: bool = False,
    progress=None,
) -> BacktestResult:
    """Return the backtest of a dataset folder cut at the end of ``until``.

    Raises
    ------
    synergy.core.errors.InputError
        When the dataset has problems (as for a scan).
    synergy.core.errors.SchemaError
        When the dataset has no dated projects up to ``until`` or none after it.
    """
    import time

    params = params or BacktestParams()
    # the stability column is not scored here: its perturbed runs would only cost time
    settings = settings or ScanSettings()
    settings = dataclasses.replace(
        settings, stability=dataclasses.replace(settings.stability, runs=0)
    )
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    test = _run_split(dataset_dir, until, params, settings, progress, check_future=True)
    timings["test split"] = round(time.perf_counter() - t0, 4)
    tune_run = tuned = None
    search: dict = {}
    if tune:
        t1 = time.perf_counter()
        tune_run = _run_split(
            dataset_dir, until - params.horizon, params, settings, progress, limit=until
        )
        tuned, search = _tune(tune_run, settings.weights, params)
        _evaluate(test, params, settings.weights, tuned)
        timings["tuning"] = round(time.perf_counter() - t1, 4)
    return BacktestResult(
        dataset=str(dataset_dir),
        params=params,
        settings=settings,
        test=test,
        tune=tune_run,
        tuned_weights=tuned,
        tuning=search,
        timings=timings,
    )


def _run_split(
    dataset_dir,
    until: int,
    params: BacktestParams,
    settings: ScanSettings,
    progress,
    *,
    limit: int | None = None,
    check_future: bool = False,
) -> SplitRun:
    """Scan the dataset cut at ``until``; the truth comes from the tables cut at ``limit``
    (the tuning split never sees the test years)."""
    from synergy import pipeline
    from synergy.core.errors import SchemaError

    holder: dict = {}

    def prepare(dataset):
        # checked here, right after loading, so a year with nothing to learn or check costs
        # no scan
        full = dataset.tables
        cut, info = bt.split_tables(full, until)
        if info.projects_kept == 0:
            raise SchemaError(
                f"no dated project starts in or before {until}: nothing to learn from. "
                "Choose a later year or add projects (synergy import cordis).",
                option="until",
            )
        if check_future and info.projects_after == 0:
            raise SchemaError(
                f"no project starts after {until}: nothing to check the rankings against. "
                "Choose an earlier year.",
                option="until",
            )
        holder["truth_tables"] = full if limit is None else bt.split_tables(full, limit)[0]
        holder["info"] = info
        return dataclasses.replace(dataset, tables=cut)

    if progress:
        progress(f"scan up to {until}")
    result = pipeline.scan(dataset_dir, settings, prepare=prepare)
    info: bt.SplitInfo = holder["info"]
    truth = bt.joint_years(holder["truth_tables"], result.graph)
    run = SplitRun(until, params.horizon, info, result, {}, truth)
    _evaluate(run, params, settings.weights, None)
    return run


def _levels(run: SplitRun, params: BacktestParams):
    """Yield (level, units, labels, shared baseline inputs) of a split."""
    graph = run.scan.graph
    truth = run.truth
    prior_regions = truth.prior("region", run.until)
    tables = run.scan.dataset.tables
    for level in bt.LEVELS:
        prior = truth.prior(level, run.until)
        exclude = prior if params.target == "new" else ()
        u = bt.units(graph, level, exclude)
        if not u.pairs:
            continue
        positives = truth.positives(level, run.until, run.horizon, params.target)
        labels = np.array([p in positives for p in u.pairs], dtype=np.int8)
        activity = _activity(graph, tables, level)
        yield level, u, labels, prior_regions, activity


def _activity(graph, tables, level: str) -> dict[str, float]:
    """Return each party's participations up to the split (actor counts + 1 without any)."""
    from synergy.core.model import ACTOR, CLUSTER, LOCATED_IN, MEMBER_OF, REGION

    parts = tables.get("participations")
    count: dict[str, float] = {}
    if parts is not None and len(parts):
        inside = parts[parts["in_dataset"].fillna(True).astype(bool)]
        by_actor = inside.groupby("actor_id").size().to_dict()
    else:
        by_actor = {}
    kind, edge = (REGION, LOCATED_IN) if level == "region" else (CLUSTER, MEMBER_OF)
    members: dict[str, int] = {}
    for a, v, k in graph.edges(keys=True):
        if k != edge or graph.nodes[a].get("kind") != ACTOR:
            continue
        if graph.nodes[v].get("kind") != kind:
            continue
        party = graph.nodes[v].get("key", v)
        members[party] = members.get(party, 0) + 1
        n = by_actor.get(graph.nodes[a].get("key", a), 0)
        count[party] = count.get(party, 0.0) + float(n)
    if not by_actor:
        return {p: members[p] + 1.0 for p in members}
    return count


def _kinds(candidates: list[Candidate]) -> list[str]:
    return sorted({c.kind for c in candidates})


def _evaluate(run: SplitRun, params: BacktestParams, given: Weights, tuned: Weights | None):
    """Fill ``run.results`` (level -> kind -> {"given"[, "tuned"]})."""
    candidates = run.scan.candidates
    for level, u, labels, prior_regions, activity in _levels(run, params):
        rng = np.random.default_rng([params.seed, len(u.pairs)])
        tiebreak = rng.permutation(len(u.pairs))
        baselines = {
            name: bt.baseline_scores(
                name,
                u,
                prior_regions=prior_regions,
                activity=activity,
                candidates=candidates,
            )
            for name in bt.BASELINES
            if name != "random"
        }
        randoms = [
            bt.baseline_scores("random", u, prior_regions={}, activity={}, candidates=(), rng=rng)
            for _ in range(params.random_draws)
        ]
        level_out = run.results.setdefault(level, {})
        for kind in _kinds(candidates):
            for label, weights in (("given", None), ("tuned", tuned)):
                if label == "tuned" and tuned is None:
                    continue
                if label in level_out.get(kind, {}):
                    continue
                scores = bt.candidate_scores(candidates, kind, u, weights)
                if scores is None:
                    continue
                level_out.setdefault(kind, {})[label] = bt.evaluate(
                    {"model": scores, **baselines},
                    labels,
                    ks=params.ks,
                    tiebreak=tiebreak,
                    reps=params.reps,
                    seed=params.seed,
                    random_scores=randoms,
                )


def _tune(run: SplitRun, given: Weights, params: BacktestParams) -> tuple[Weights, dict]:
    """Return the weights with the best average precision on the tuning split, per kind."""
    from synergy.algorithms.ranking_metrics import average_precision, ranked_labels

    candidates = run.scan.candidates
    levels = {level: (u, labels) for level, u, labels, *_ in _levels(run, params)}
    chosen = {k: dict(v) for k, v in given.by_kind.items()}
    search: dict = {}
    rng = np.random.default_rng([params.seed, 13])
    for kind in _kinds(candidates):
        comps = sorted({c for cand in candidates if cand.kind == kind for c in cand.components})
        level = "cluster" if kind == "pilot" and "cluster" in levels else "region"
        if not comps or level not in levels:
            continue
        u, labels = levels[level]
        if not labels.sum():
            search[kind] = {"level": level, "note": "no positives on the tuning split"}
            continue
        tiebreak = np.random.default_rng([params.seed, len(u.pairs)]).permutation(len(u.pairs))

        def ap(weights: dict[str, float], kind=kind, u=u, labels=labels, tiebreak=tiebreak):
            w = Weights({**given.by_kind, kind: weights})
            scores = bt.candidate_scores(candidates, kind, u, w)
            if scores is None:
                return float("nan")
            return average_precision(ranked_labels(scores, labels, tiebreak))

        base = {c: given.of(kind).get(c, 0.0) for c in comps}
        best_w, best = base, ap(base)
        start = best
        for _ in range(params.tune_trials):
            draw = rng.dirichlet(np.ones(len(comps)))
            w = {c: round(float(x), 3) for c, x in zip(comps, draw, strict=True)}
            value = ap(w)
            if np.isfinite(value) and (not np.isfinite(best) or value > best + 1e-12):
                best_w, best = w, value
        chosen[kind] = {**chosen.get(kind, {}), **best_w}
        search[kind] = {
            "level": level,
            "given_ap": None if not np.isfinite(start) else round(start, 6),
            "tuned_ap": None if not np.isfinite(best) else round(best, 6),
            "trials": params.tune_trials,
        }
    return Weights(chosen), search
