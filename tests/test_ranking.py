"""Ranking: one global row order, and a rank within each kind."""

from __future__ import annotations

import networkx as nx

from synergy.algorithms.ranking import rank_candidates
from synergy.core.scoring import Candidate


def _candidate(kind: str, regions: tuple[str, ...], score: float) -> Candidate:
    return Candidate(kind=kind, regions=regions, score=score, components={}, evidence="x")


def test_rank_candidates_kind_rank_counts_within_each_kind():
    candidates = [
        _candidate("call", ("A", "B"), 0.9),
        _candidate("shared-priority", ("A", "C"), 0.4),
        _candidate("call", ("A", "C"), 0.7),
        _candidate("shared-priority", ("B", "C"), 0.5),
        _candidate("pilot", ("A", "B"), 0.6),
    ]
    df = rank_candidates(candidates, nx.MultiDiGraph())
    assert df["rank"].tolist() == [1, 2, 3, 4, 5]
    assert list(zip(df["kind"], df["regions"], df["kind_rank"], strict=True)) == [
        ("call", "A;B", 1),
        ("call", "A;C", 2),
        ("pilot", "A;B", 1),
        ("shared-priority", "B;C", 1),
        ("shared-priority", "A;C", 2),
    ]
    # kind_rank follows the contract's columns, before the extra ones
    assert df.columns[:10].tolist()[-1] == "kind_rank"


def test_rank_candidates_top_keeps_kind_rank_contiguous():
    candidates = [_candidate("call", (f"R{i}", "Z"), 1 - i / 10) for i in range(5)]
    candidates += [_candidate("pilot", (f"R{i}", "Z"), 0.95 - i / 10) for i in range(5)]
    df = rank_candidates(candidates, nx.MultiDiGraph(), top=2)
    assert sorted(df["kind_rank"].tolist()) == [1, 1, 2, 2]
    assert df.groupby("kind")["kind_rank"].apply(list).to_dict() == {
        "call": [1, 2],
        "pilot": [1, 2],
    }


def test_rank_candidates_empty_has_kind_rank_column():
    df = rank_candidates([], nx.MultiDiGraph())
    assert "kind_rank" in df.columns and df.empty
