"""The output contract's names: the files a scan writes and the first columns of its tables.

Other tools and people read these files, so names and column order are a contract (DESIGN.md):
add columns freely, rename none.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from synergy.core.values import is_empty

__all__ = [
    "PAIRINGS_COLUMNS",
    "UNRESOLVED_COLUMNS",
    "CONTRACT_FILES",
    "MANIFEST",
    "LEAD_COLUMNS",
    "ID_COLUMNS",
    "is_id_column",
    "used_columns",
    "reading_order",
]

PAIRINGS_COLUMNS = (
    "rank",
    "kind",
    "regions",
    "clusters",
    "domains",
    "chain_id",
    "score",
    "components",
    "evidence",
)
UNRESOLVED_COLUMNS = ("file", "sheet", "row", "column", "value", "reason", "best_guess", "score")
CONTRACT_FILES = (
    "pairings.csv",
    "pairings.xlsx",
    "report.md",
    "report.html",
    "graph.html",
    "graph.graphml",
    "unresolved.csv",
    "manifest.json",
)
MANIFEST = "manifest.json"

# What a person reads first about a candidate, in this order (people's views: the report,
# the spreadsheets). The name columns come from synergy.graph.names.
LEAD_COLUMNS = (
    "rank",
    "kind_rank",
    "candidate",
    "region_names",
    "cluster_names",
    "score",
    "evidence",
)
# Columns that hold ids (for joins and tools, not for reading); any other column whose name
# ends in "_id" or "_ids" is one too, so a column added later lands in the right place.
ID_COLUMNS = ("regions", "clusters", "candidate_id", "involves", "consortia", "consortia_partial")


def is_id_column(name: str) -> bool:
    """Return True for a column of ids (read last).

    >>> is_id_column("involves"), is_id_column("chain_id"), is_id_column("stability")
    (True, True, False)
    """
    return name in ID_COLUMNS or name.endswith(("_id", "_ids"))


def used_columns(frame: pd.DataFrame) -> list[str]:
    """Return the columns of ``frame`` with at least one non-empty cell, in their order."""
    used = []
    for column in frame.columns:
        values = frame[column]
        if any(not is_empty(v) and not (isinstance(v, (list, tuple)) and not v) for v in values):
            used.append(str(column))
    return used


def reading_order(frame: pd.DataFrame, *, drop: Sequence[str] = ()) -> list[str]:
    """Return the columns of ``frame`` a person needs, in reading order.

    Only columns with a value in some row (a kind's sheet shows what that kind uses); first
    :data:`LEAD_COLUMNS`, then every other column in its order, then the id columns.
    Data-driven: a column another part of the engine adds shows up without a list to edit.

    >>> df = pd.DataFrame({"regions": ["A;B"], "score": [0.5], "gaps": [""], "rank": [1],
    ...                    "stability": [0.9], "kind": ["call"]})
    >>> reading_order(df, drop=["kind"])
    ['rank', 'score', 'stability', 'regions']
    """
    used = [c for c in used_columns(frame) if c not in set(drop)]
    lead = [c for c in LEAD_COLUMNS if c in used]
    ids = [c for c in used if is_id_column(c) and c not in lead]
    middle = [c for c in used if c not in lead and c not in ids]
    return lead + middle + ids
