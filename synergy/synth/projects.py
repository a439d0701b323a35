"""Dated projects and participations for a synthetic dataset (``synergy synth``, on request).

Off by default, and drawn from a random stream of their own (``default_rng([seed, 12])``)
after every other table, so a dataset without projects is byte for byte what it was, and
adding projects changes no other file.

Each project works on one value chain and starts on a day between 2014 and 2024 (projects
are numbered in start order). Its consortium is built one partner at a time:

1. the coordinator is drawn from the actors holding a stage of the chain, by size (research
   organisations and universities three times as often, as in EU framework programmes);
2. ``pool_size`` candidates are drawn the same way from the chain's actors (every actor when
   the chain has few), and a *partner model* weighs them; the next partner is drawn by those
   weights (times ``same_region_weight`` for the coordinator's own region: framework
   projects are transnational); repeat until the consortium has its size (2 + Poisson(3));
3. a share of the places goes to partners outside the dataset (``in_dataset`` false, a NUTS-2
   code of another region), as CORDIS lists them.

**Who works with whom is the swappable part**: a partner model is any function
``(PartnerPool) -> weights``. The backtest (issue 13) draws history with one model and checks
whether the engine predicts what another drew. Shipped models (:data:`PARTNER_MODELS`):

``size``           the null model: weight = size score only;
``complementary``  size x (1 + ``stage_bonus`` if the candidate holds a stage of the chain the
                   consortium does not cover yet) x lognormal noise (sigma ``noise``);
``regional``       size x (1 + ``gain_bonus`` x the share of the chain's stages the candidate's
                   region holds and no region of the consortium holds yet) x lognormal noise:
                   regions that complete each other's chains work together (the backtest's
                   signal dataset; ``size`` is its null).

Complexity: O(projects x (pool_size + partners x pool_size)) with numpy over the pool; the
candidate pools come from cumulative size weights (``searchsorted``), never all actors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from synergy.synth.actors import stem_text

__all__ = [
    "PartnerPool",
    "PartnerModel",
    "PARTNER_MODELS",
    "size_only",
    "complementary",
    "regional",
    "make_projects",
    "PROJECT_COLUMNS",
    "PARTICIPATION_COLUMNS",
]

PROJECT_COLUMNS = (
    "project_id",
    "acronym",
    "title",
    "start",
    "end",
    "programme",
    "scheme",
    "ec_contribution_eur",
    "domains",
    "source",
)
PARTICIPATION_COLUMNS = (
    "project_id",
    "actor_id",
    "actor_name",
    "role",
    "ec_contribution_eur",
    "region_id",
    "in_dataset",
)
FIRST_DAY = date(2014, 1, 1)
LAST_DAY = date(2024, 12, 31)
_SIZE_SCORE = {"micro": 1.0, "small": 2.0, "medium": 4.0, "large": 8.0, "": 2.0}
_TYPE_FACTOR = {"research": 3.0, "university": 3.0}
_SCHEMES = ("RIA", "IA", "CSA")


@dataclass(frozen=True)
class PartnerPool:
    """The candidates for the next place in a consortium, as a partner model sees them.

    Arrays are aligned with ``candidates`` (positions in the dataset's distinct actors).
    """

    year: int  # the project's start year
    chain: str
    candidates: np.ndarray  # int positions
    size: np.ndarray  # size score (micro 1 ... large 8, x3 research and universities)
    new_stage: np.ndarray  # bool: holds a stage of the chain the consortium lacks so far
    same_region: np.ndarray  # bool: in the coordinator's region
    rng: np.random.Generator
    # share of the chain's stages held in the candidate's region that no region of the
    # consortium holds yet (0-1): what the region brings, as the scan's value-chain gain sees it
    region_gain: np.ndarray | None = None


PartnerModel = Callable[[PartnerPool], np.ndarray]


def size_only(pool: PartnerPool) -> np.ndarray:
    """Return weights by size alone: the null model of who collaborates.

    >>> pool = PartnerPool(2020, "c", np.arange(2), np.array([1.0, 4.0]),
    ...                    np.array([True, False]), np.array([False, False]),
    ...                    np.random.default_rng(0))
    >>> size_only(pool).tolist()
    [1.0, 4.0]
    """
    return pool.size.astype(float)


def complementary(pool: PartnerPool, *, stage_bonus: float = 3.0, noise: float = 0.5) -> np.ndarray:
    """Return weights favouring candidates who bring a missing stage: size x bonus x noise."""
    bonus = 1.0 + stage_bonus * pool.new_stage.astype(float)
    return pool.size * bonus * pool.rng.lognormal(0.0, noise, size=len(pool.candidates))


def regional(pool: PartnerPool, *, gain_bonus: float = 12.0, noise: float = 0.5) -> np.ndarray:
    """Return weights favouring candidates whose *region* brings stages the consortium's
    regions lack: size x (1 + ``gain_bonus`` x region gain) x lognormal noise.

    The mechanism the scan's value-chain and pilot rankings assume (regions that complete each
    other's chains work together), so the backtest's signal dataset uses it.
    """
    gain = pool.region_gain if pool.region_gain is not None else np.zeros(len(pool.candidates))
    bonus = 1.0 + gain_bonus * gain
    return pool.size * bonus * pool.rng.lognormal(0.0, noise, size=len(pool.candidates))


PARTNER_MODELS: dict[str, PartnerModel] = {
    "size": size_only,
    "complementary": complementary,
    "regional": regional,
}
"""The partner models the ``synth`` command offers, by name."""


@dataclass(frozen=True)
class _Actors:
    """The distinct actors as arrays, with the chains and stages they hold."""

    ids: list[str]
    names: list[str]
    regions: list[str]
    weight: np.ndarray
    stages: list[frozenset[tuple[str, str]]]  # (chain, stage) pairs per actor
    on_chain: dict[str, np.ndarray]  # chain -> positions of actors holding one of its stages
    region_stages: dict[tuple[str, str], frozenset[str]]  # (region, chain) -> stages held there


def _actors(actors: pd.DataFrame) -> _Actors:
    distinct = actors[~actors["_dup"]].reset_index(drop=True)
    weight = np.array(
        [
            _SIZE_SCORE.get(str(s), 2.0) * _TYPE_FACTOR.get(str(t), 1.0)
            for s, t in zip(distinct["size"], distinct["type"], strict=True)
        ]
    )
    stages = []
    on_chain: dict[str, list[int]] = {}
    for i, cell in enumerate(distinct["roles"].tolist()):
        held = frozenset(tuple(r.split(":", 1)) for r in str(cell or "").split(";") if ":" in r)
        stages.append(held)
        for chain in sorted({c for c, _ in held}):
            on_chain.setdefault(chain, []).append(i)
    regions = distinct["region_id"].tolist()
    region_stages: dict[tuple[str, str], set[str]] = {}
    for region, held in zip(regions, stages, strict=True):
        for chain, stage in held:
            region_stages.setdefault((str(region), chain), set()).add(stage)
    return _Actors(
        region_stages={k: frozenset(v) for k, v in region_stages.items()},
        ids=distinct["actor_id"].tolist(),
        names=distinct["name"].tolist(),
        regions=distinct["region_id"].tolist(),
        weight=weight,
        stages=stages,
        on_chain={c: np.array(v, dtype=np.int64) for c, v in on_chain.items()},
    )


def _draw(rng, positions: np.ndarray, weight: np.ndarray, k: int) -> np.ndarray:
    """Return ``k`` positions drawn with replacement by ``weight`` (cumulative sums)."""
    cum = np.cumsum(weight[positions])
    picks = np.searchsorted(cum, rng.random(k) * cum[-1], side="right")
    return positions[np.minimum(picks, len(positions) - 1)]


def make_projects(
    actors: pd.DataFrame,
    value_chains: pd.DataFrame,
    *,
    n: int,
    seed: int,
    model: PartnerModel = complementary,
    outside_codes: list[str] | None = None,
    pool_size: int = 200,
    same_region_weight: float = 0.2,
    outside_share: float = 0.1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``(projects, participations)``: ``n`` dated projects of the dataset's actors.

    Parameters
    ----------
    actors
        The synthetic actors (:func:`synergy.synth.actors.make_actors`; duplicate rows are
        skipped, participations name distinct actors).
    value_chains
        The chains table: each project works on one chain and takes its domains.
    n, seed
        How many projects; the stream is ``default_rng([seed, 12])``.
    model
        The partner model (:data:`PARTNER_MODELS` or any ``PartnerPool -> weights``).
    outside_codes
        NUTS codes of regions outside the dataset, for partners outside it (none when empty).
    pool_size, same_region_weight, outside_share
        See the module docstring.
    """
    rng = np.random.default_rng([seed, 12])
    acts = _actors(actors)
    chains = sorted(c for c in acts.on_chain if len(acts.on_chain[c]) >= 2)
    if n <= 0 or not chains:
        return (
            pd.DataFrame(columns=list(PROJECT_COLUMNS)),
            pd.DataFrame(columns=list(PARTICIPATION_COLUMNS)),
        )
    chain_info = _chain_info(value_chains)
    span = (LAST_DAY - FIRST_DAY).days
    starts = sorted(FIRST_DAY + timedelta(days=int(d)) for d in rng.integers(0, span + 1, n))
    width = max(6, len(str(n)))
    projects, rows = [], []
    outside = list(outside_codes or [])
    for k, start in enumerate(starts):
        chain = chains[int(rng.integers(len(chains)))]
        name, stage_names, domains = chain_info.get(chain, (chain, {}, ""))
        members = _consortium(rng, acts, chain, start.year, model, pool_size, same_region_weight)
        pid = f"SP{k + 1:0{width}d}"
        budget = float(round(rng.lognormal(14.6, 0.7), -3))
        # partners outside the dataset, about ``outside_share`` of the consortium's places
        n_out = int(rng.binomial(len(members), outside_share)) if outside else 0
        shares = acts.weight[members] * np.where(np.arange(len(members)) == 0, 1.5, 1.0)
        total = shares.sum() + n_out * 2.0
        for place, a in enumerate(members.tolist()):
            rows.append(
                {
                    "project_id": pid,
                    "actor_id": acts.ids[a],
                    "actor_name": acts.names[a],
                    "role": "coordinator" if place == 0 else "participant",
                    "ec_contribution_eur": round(budget * shares[place] / total, 2),
                    "region_id": acts.regions[a],
                    "in_dataset": "true",
                }
            )
        for j in range(n_out):
            code = outside[int(rng.integers(len(outside)))]
            word = stem_text(int(rng.integers(4900, 40000)))
            rows.append(
                {
                    "project_id": pid,
                    "actor_id": f"ext-{k + 1}-{j + 1}",
                    "actor_name": f"{word.upper()} INSTITUTE",
                    "role": "participant",
                    "ec_contribution_eur": round(budget * 2.0 / total, 2),
                    "region_id": code,
                    "in_dataset": "false",
                }
            )
        held = sorted({s for a in members.tolist() for c, s in acts.stages[a] if c == chain})
        focus = ", ".join(stage_names.get(s, s) for s in held[:2]) or name
        projects.append(
            {
                "project_id": pid,
                "acronym": stem_text(k + 4900).upper()[:10],
                "title": f"{name}: {focus}",
                "start": start.isoformat(),
                "end": (start + timedelta(days=int(rng.integers(2, 5)) * 365)).isoformat(),
                "programme": "H2020" if start.year < 2021 else "HORIZON",
                "scheme": _SCHEMES[int(rng.integers(len(_SCHEMES)))],
                "ec_contribution_eur": budget,
                "domains": domains,
                "source": "synth",
            }
        )
    return (
        pd.DataFrame(projects, columns=list(PROJECT_COLUMNS)),
        pd.DataFrame(rows, columns=list(PARTICIPATION_COLUMNS)),
    )


def _chain_info(value_chains: pd.DataFrame) -> dict[str, tuple[str, dict[str, str], str]]:
    """Return chain -> (name, stage -> stage name, domains cell)."""
    out: dict[str, tuple[str, dict[str, str], str]] = {}
    for chain, stages in value_chains.groupby("chain_id", sort=True):
        names = dict(zip(stages["stage_id"], stages["stage_name"], strict=True))
        domains = sorted({d for cell in stages["domains"] for d in str(cell).split(";") if d})
        out[str(chain)] = (str(stages["chain_name"].iloc[0]), names, ";".join(domains))
    return out


def _consortium(rng, acts: _Actors, chain, year, model, pool_size, same_region_weight):
    """Return the consortium's actor positions, coordinator first."""
    on = acts.on_chain[chain]
    size = min(2 + int(rng.poisson(3)), len(on))
    coordinator = int(_draw(rng, on, acts.weight, 1)[0])
    members = [coordinator]
    covered = {s for c, s in acts.stages[coordinator] if c == chain}
    pool = on if len(on) <= pool_size else np.unique(_draw(rng, on, acts.weight, pool_size))
    pool = pool[pool != coordinator]
    home = acts.regions[coordinator]
    same = np.array([acts.regions[a] == home for a in pool.tolist()], dtype=bool)
    n_stages = max(
        1, len({s for (_, c), held in acts.region_stages.items() if c == chain for s in held})
    )
    region_covered = set(acts.region_stages.get((home, chain), ()))
    while len(members) < size and len(pool):
        new = np.array(
            [
                any(c == chain and s not in covered for c, s in acts.stages[a])
                for a in pool.tolist()
            ],
            dtype=bool,
        )
        gain = np.array(
            [
                len(acts.region_stages.get((acts.regions[a], chain), frozenset()) - region_covered)
                / n_stages
                for a in pool.tolist()
            ]
        )
        view = PartnerPool(year, chain, pool, acts.weight[pool], new, same, rng, gain)
        w = np.asarray(model(view), dtype=float) * np.where(same, same_region_weight, 1.0)
        if not (w > 0).any():
            break
        pick = int(_draw(rng, np.arange(len(pool)), w, 1)[0])
        a = int(pool[pick])
        members.append(a)
        covered |= {s for c, s in acts.stages[a] if c == chain}
        region_covered |= acts.region_stages.get((acts.regions[a], chain), frozenset())
        keep = np.arange(len(pool)) != pick
        pool, same = pool[keep], same[keep]
    return np.array(members, dtype=np.int64)
