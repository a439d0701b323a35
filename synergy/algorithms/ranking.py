"""Rank every candidate of a scan into the pairings table (the output contract's rows)."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from synergy.core.contract import PAIRINGS_COLUMNS
from synergy.core.model import CANDIDATE_KINDS
from synergy.core.scoring import Candidate

__all__ = ["rank_candidates"]

PAIRING_COLUMNS = list(PAIRINGS_COLUMNS)  # the output contract's first columns


def rank_candidates(
    candidates: list[Candidate],
    graph: nx.MultiDiGraph,
    *,
    top: int | None = None,
    favour_mixed_development: float = 0.0,
) -> pd.DataFrame:
    """Return the pairings table: every candidate, best first, with a global and a per-kind rank.

    ``rank`` is the row order of the whole table; ``kind_rank`` numbers the candidates of each
    kind from 1 (the rank people see: scores of different kinds are not comparable).

    Ties are broken by kind (contract order), then regions, clusters and chain, so the
    ranking is deterministic. With ``top`` only the best N of each kind are kept;
    ``favour_mixed_development`` is added to the score of candidates joining regions of
    different development levels (capped at 1) and shown as a component.
    """
    development = {
        d.get("key"): d.get("development", "")
        for _, d in graph.nodes(data=True)
        if d.get("kind") == "Region"
    }
    rows = []
    for c in candidates:
        row = c.row()
        levels = [development.get(r, "") or "unknown" for r in c.regions]
        row["development"] = ";".join(levels)
        if favour_mixed_development and len(set(levels)) > 1:
            row["score"] = round(min(1.0, row["score"] + favour_mixed_development), 4)
            row["components"] += f";mixed_development={favour_mixed_development:.3f}"
        rows.append(row)
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=PAIRING_COLUMNS + ["kind_rank", "candidate_id", "involves"])
    order = {k: i for i, k in enumerate(CANDIDATE_KINDS)}
    df["_kind_order"] = df["kind"].map(order)
    df = df.sort_values(
        ["score", "_kind_order", "regions", "clusters", "chain_id", "domains"],
        ascending=[False, True, True, True, True, True],
        kind="stable",
    )
    if top:
        df = df.groupby("kind", sort=False).head(top)
    df = df.drop(columns="_kind_order").reset_index(drop=True)
    df.insert(0, "rank", range(1, len(df) + 1))
    df["kind_rank"] = df.groupby("kind", sort=False).cumcount() + 1
    extra = [c for c in df.columns if c not in PAIRING_COLUMNS and c != "kind_rank"]
    return df[PAIRING_COLUMNS + ["kind_rank"] + extra]
