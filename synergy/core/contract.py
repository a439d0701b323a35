"""The output contract's names: the files a scan writes and the first columns of its tables.

Other tools and people read these files, so names and column order are a contract (DESIGN.md):
add columns freely, rename none.
"""

from __future__ import annotations

__all__ = ["PAIRINGS_COLUMNS", "UNRESOLVED_COLUMNS", "CONTRACT_FILES", "MANIFEST"]

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
