"""How well a ranking finds the items that turned out positive: pure functions on arrays.

A *ranking* is a score per item (higher first) and a 0/1 label per item. Ties are broken by
a third array, ``tiebreak`` (lower first), that every ranker of the same items shares: the
backtest draws it once from its seed, so tied items are ordered at random but identically
for the model and its baselines, and reruns give the same numbers.

* precision@k: share of the first k items that are positive (divided by k, also when fewer
  than k items exist);
* recall@k: share of all positives found in the first k items (NaN without positives);
* nDCG@k: discounted cumulative gain of the first k items (gain 1 per positive, discount
  ``1 / log2(rank + 1)``) over the best possible one (NaN without positives);
* average precision: the mean of precision@rank over the ranks of the positives (NaN without
  positives);
* AUC: the probability that a random positive scores above a random negative, ties counted
  half (Mann-Whitney with mid-ranks; independent of ``tiebreak``; NaN without positives or
  without negatives).

:func:`bootstrap` resamples the items with replacement (seeded) and returns a percentile
interval of any statistic of the resampled arrays; :func:`lift` is the ratio of two metrics
with the interval of the ratio over the same (paired) resamples.

Complexity: one sort, O(n log n), per ranking; the bootstrap repeats it ``reps`` times.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "ranked_labels",
    "precision_at_k",
    "recall_at_k",
    "ndcg_at_k",
    "average_precision",
    "auc",
    "Interval",
    "bootstrap",
    "metric_names",
    "all_metrics",
]


def ranked_labels(scores, labels, tiebreak=None) -> np.ndarray:
    """Return the labels in ranking order: score descending, then ``tiebreak`` ascending.

    >>> ranked_labels([0.2, 0.9, 0.2], [1, 0, 0], tiebreak=[1, 0, 0]).tolist()
    [0, 0, 1]
    """
    s = np.asarray(scores, dtype=float)
    t = np.arange(len(s)) if tiebreak is None else np.asarray(tiebreak)
    order = np.lexsort((t, -s))
    return np.asarray(labels, dtype=np.int8)[order]


def precision_at_k(ranked: np.ndarray, k: int) -> float:
    """Return the share of positives among the first ``k`` ranked items (over ``k``).

    >>> precision_at_k([1, 0, 1, 0], 2), precision_at_k([1, 0, 1, 0], 4)
    (0.5, 0.5)
    >>> precision_at_k([1], 4)
    0.25
    """
    if k <= 0:
        raise ValueError("k must be positive")
    return float(np.sum(np.asarray(ranked)[:k])) / k


def recall_at_k(ranked: np.ndarray, k: int) -> float:
    """Return the share of all positives found among the first ``k`` items (NaN without any).

    >>> recall_at_k([1, 0, 1, 0], 1), recall_at_k([0, 0], 1)
    (0.5, nan)
    """
    r = np.asarray(ranked)
    total = r.sum()
    return float(r[:k].sum() / total) if total else float("nan")


def ndcg_at_k(ranked: np.ndarray, k: int) -> float:
    """Return nDCG@k with binary gains (NaN without positives).

    >>> round(ndcg_at_k([0, 1], 2), 4)  # (1/log2 3) / 1
    0.6309
    """
    r = np.asarray(ranked, dtype=float)
    positives = int(r.sum())
    if not positives:
        return float("nan")
    discount = 1.0 / np.log2(np.arange(2, len(r) + 2))
    dcg = float((r[:k] * discount[:k]).sum())
    ideal = float(discount[: min(k, positives)].sum())
    return dcg / ideal


def average_precision(ranked: np.ndarray) -> float:
    """Return the mean of precision@rank over the positives' ranks (NaN without positives).

    >>> average_precision([1, 0, 1, 0])  # (1/1 + 2/3) / 2
    0.8333333333333333
    """
    r = np.asarray(ranked, dtype=float)
    positives = r.sum()
    if not positives:
        return float("nan")
    hits = np.cumsum(r)
    ranks = np.arange(1, len(r) + 1)
    return float((r * hits / ranks).sum() / positives)


def auc(scores, labels) -> float:
    """Return the ROC AUC: P(random positive scores above random negative), ties half.

    >>> auc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])  # 3 wins and one tie of 4 pairs
    0.875
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels).astype(bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    sorted_s = s[order]
    ranks = np.empty(len(s), dtype=float)
    # mid-ranks of tied groups (1-based)
    _, first, counts = np.unique(sorted_s, return_index=True, return_counts=True)
    mid = first + (counts + 1) / 2.0
    ranks[order] = np.repeat(mid, counts)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


@dataclass(frozen=True)
class Interval:
    """A value with its bootstrap percentile interval (``low``, ``high``)."""

    value: float
    low: float
    high: float

    def contains(self, x: float) -> bool:
        return bool(self.low <= x <= self.high)

    def as_dict(self) -> dict[str, float | None]:
        return {k: _clean(getattr(self, k)) for k in ("value", "low", "high")}


def _clean(x: float) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), 6)


def bootstrap(
    statistic: Callable[[np.ndarray], np.ndarray | float],
    n: int,
    *,
    reps: int,
    seed: int,
    level: float = 0.95,
) -> list[Interval]:
    """Return ``statistic(all items)`` with percentile intervals over ``reps`` resamples.

    ``statistic`` receives the index array of a resample (``np.arange(n)`` for the value)
    and returns one value or a vector; each entry gets its interval, leaving out resamples
    where it is NaN (no positives drawn).

    >>> values = np.array([1.0, 2, 3, 4])
    >>> [iv] = bootstrap(lambda i: float(np.mean(values[i])), 4, reps=200, seed=0)
    >>> iv.value, 1.0 <= iv.low < iv.value < iv.high <= 4.0
    (2.5, True)
    """
    value = np.atleast_1d(np.asarray(statistic(np.arange(n)), dtype=float))
    rng = np.random.default_rng(seed)
    draws = np.array(
        [np.atleast_1d(statistic(rng.integers(0, n, size=n))) for _ in range(reps)], dtype=float
    ).reshape(reps, len(value))
    tail = (1.0 - level) / 2.0
    out = []
    for j, v in enumerate(value):
        col = draws[:, j][np.isfinite(draws[:, j])]
        if len(col):
            low, high = np.quantile(col, [tail, 1.0 - tail])
            out.append(Interval(float(v), float(low), float(high)))
        else:
            out.append(Interval(float(v), float("nan"), float("nan")))
    return out


def metric_names(ks: Sequence[int]) -> list[str]:
    """Return the names of :func:`all_metrics`' values, in order.

    >>> metric_names([5])
    ['p@5', 'r@5', 'ndcg@5', 'ap', 'auc']
    """
    return [f"{m}@{k}" for k in ks for m in ("p", "r", "ndcg")] + ["ap", "auc"]


def all_metrics(scores, labels, tiebreak, ks: Sequence[int]) -> np.ndarray:
    """Return every metric of one ranking in :func:`metric_names` order, with one sort.

    Equal to the single-metric functions (checked in the tests):

    >>> all_metrics([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0], [0, 2, 1, 3], [2]).round(4).tolist()
    [0.5, 0.5, 0.6131, 0.8333, 0.875]
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=float)
    order = np.lexsort((np.asarray(tiebreak), -s))
    r = y[order]
    n, positives = len(r), r.sum()
    hits = np.cumsum(r)
    out = []
    discount = 1.0 / np.log2(np.arange(2, n + 2))
    gains = np.cumsum(r * discount)
    for k in ks:
        top = hits[min(k, n) - 1] if n else 0.0
        out.append(top / k)
        if positives:
            out.append(top / positives)
            ideal = discount[: int(min(k, positives))].sum()
            out.append((gains[min(k, n) - 1]) / ideal)
        else:
            out += [np.nan, np.nan]
    if positives:
        out.append(float((r * hits / np.arange(1, n + 1)).sum() / positives))
    else:
        out.append(np.nan)
    n_neg = n - positives
    if positives and n_neg:
        # mid-ranks (ascending, 1-based) of tied score groups, from the descending order
        desc = s[order]
        starts = np.flatnonzero(np.r_[True, desc[1:] != desc[:-1]])
        counts = np.diff(np.r_[starts, n])
        mid_desc = np.repeat(starts + (counts + 1) / 2.0, counts)  # rank from the top
        asc_rank = n + 1 - mid_desc
        wins = asc_rank[r > 0].sum() - positives * (positives + 1) / 2
        out.append(float(wins / (positives * n_neg)))
    else:
        out.append(np.nan)
    return np.asarray(out, dtype=float)
