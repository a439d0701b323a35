"""How stable is a candidate's place: the share of perturbed runs keeping it in its kind's top k.

A score is one point estimate from uncertain inputs and weights someone chose. Each perturbed
run (Saltelli-style one-at-a-time sensitivity is not enough: weights and data move together)

* draws every component weight of every kind as ``w × U(0.5, 1.5)``;
* bootstraps the rows of the ``priorities``, ``clusters``, ``actors`` and ``programmes``
  tables (drawn with replacement; a row drawn twice counts once, so each run sees about 63 %
  of each table — what the scan would say had those rows been all that was delivered);
* rebuilds the graph and the candidates (``candidates`` callable) and ranks each kind.

A candidate's ``stability`` is the share of runs in which it is among the ``top_k`` of its
kind (0-1). Candidates are matched across runs by what they are about, not by their full
id (a bootstrap can change a pair's shared-domain list): regions for shared priorities,
regions and chain for value chains, clusters and chain for pilots, focal region, partner and
domain for relatedness, topic and instrument for calls (:func:`identity`).

Seeded (``numpy.random.default_rng([seed, run])``), so reruns give the same column. Cost:
``runs`` times the graph build and the candidate stages (no communities, brokers or stress
test); see the README for measured times.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from synergy.core.scoring import Candidate, Weights

__all__ = ["BOOTSTRAP_TABLES", "identity", "perturbed_weights", "bootstrap", "stability"]

BOOTSTRAP_TABLES = {
    "priorities": ["region_id", "priority_id"],
    "clusters": ["cluster_id"],
    "actors": ["actor_id"],
    "programmes": ["programme_id"],
}


def identity(kind: str, regions: str, clusters: str, domains: str, chain_id: str, extra) -> str:
    """Return what a candidate is about, stable under bootstrap (see the module docstring)."""
    if kind == "shared-priority":
        return f"{kind}|{regions}"
    if kind == "value-chain":
        return f"{kind}|{regions}|{chain_id}"
    if kind == "pilot":
        return f"{kind}|{clusters}|{chain_id}"
    if kind == "relatedness":
        return f"{kind}|{regions}|{domains}|{extra.get('focal_region', '')}"
    if kind == "call":
        return f"{kind}|{domains}|{extra.get('instrument', '')}|{extra.get('pilot_field', '')}"
    return f"{kind}|{regions}|{clusters}|{domains}|{chain_id}"


def _candidate_key(c: Candidate) -> str:
    return identity(
        c.kind, ";".join(c.regions), ";".join(c.clusters), ";".join(c.domains), c.chain_id, c.extra
    )


def perturbed_weights(weights: Weights, rng: np.random.Generator, low=0.5, high=1.5) -> Weights:
    """Return every component weight multiplied by its own draw from U(low, high).

    >>> w = perturbed_weights(Weights({"k": {"a": 1.0}}), np.random.default_rng(0))
    >>> 0.5 <= w.of("k")["a"] <= 1.5
    True
    """
    return Weights(
        {
            kind: {c: v * float(rng.uniform(low, high)) for c, v in sorted(comps.items())}
            for kind, comps in sorted(weights.by_kind.items())
        }
    )


def bootstrap(tables: Mapping[str, pd.DataFrame], rng: np.random.Generator) -> dict:
    """Return the tables with the rows of :data:`BOOTSTRAP_TABLES` drawn with replacement."""
    out = dict(tables)
    for name, keys in BOOTSTRAP_TABLES.items():
        df = tables.get(name)
        if df is None or not len(df):
            continue
        rows = np.unique(rng.integers(0, len(df), size=len(df)))
        sample = df.iloc[rows]
        present = [k for k in keys if k in sample.columns]
        out[name] = sample.drop_duplicates(subset=present) if present else sample
    return out


def _top_keys(candidates: list[Candidate], top_k: int) -> set[str]:
    by_kind: dict[str, list[tuple[float, str]]] = {}
    for c in candidates:
        by_kind.setdefault(c.kind, []).append((-round(c.score, 9), _candidate_key(c)))
    top: set[str] = set()
    for items in by_kind.values():
        items.sort()
        top.update(k for _, k in items[:top_k])
    return top


def stability(
    pairings: pd.DataFrame,
    tables: Mapping[str, pd.DataFrame],
    candidates: Callable[[Mapping[str, pd.DataFrame], Weights], list[Candidate]],
    *,
    weights: Weights,
    runs: int = 10,
    top_k: int = 10,
    seed: int = 42,
) -> pd.Series:
    """Return the ``stability`` of every row of ``pairings`` (0-1, aligned with its index).

    Parameters
    ----------
    pairings
        The ranked candidates (columns ``kind``, ``regions``, ``clusters``, ``domains``,
        ``chain_id`` and, where present, ``focal_region``, ``instrument``, ``pilot_field``).
    tables
        The canonical input tables the scan read.
    candidates
        ``(tables, weights) -> candidates``: the graph build and candidate stages.
    runs, top_k, seed
        Perturbed runs, the top of each kind that counts, and the seed.
    """
    if runs <= 0 or pairings.empty:
        return pd.Series(np.nan, index=pairings.index, name="stability")
    hits: Counter[str] = Counter()
    for run in range(runs):
        rng = np.random.default_rng([seed, run])
        w = perturbed_weights(weights, rng)
        hits.update(_top_keys(candidates(bootstrap(tables, rng), w), top_k))
        # a run's graph holds reference cycles; the scan pauses the cyclic collector, so free
        # each run's graph before the next is built (else all runs stay in memory at once);
        # the youngest generation holds all of it while paused, and costs nothing to sweep
        gc.collect(0)

    def column(name: str) -> list[str]:
        if name not in pairings.columns:
            return [""] * len(pairings)
        return ["" if v is None or v != v else str(v) for v in pairings[name].tolist()]

    extras = ("focal_region", "instrument", "pilot_field")
    extra = [
        dict(zip(extras, values, strict=True)) for values in zip(*map(column, extras), strict=True)
    ]
    keys = [
        identity(kind, regions, clusters, domains, chain, e)
        for kind, regions, clusters, domains, chain, e in zip(
            column("kind"), column("regions"), column("clusters"), column("domains"),
            column("chain_id"), extra, strict=True,
        )
    ]  # fmt: skip
    return pd.Series([hits[k] / runs for k in keys], index=pairings.index, name="stability")
