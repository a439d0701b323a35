"""The manifest: what a run read, with which settings and versions, and what it found.

A manifest (with the input files) fully determines a run; ``timings`` is the only part that
changes between two runs of the same input and settings.
"""

from __future__ import annotations

import json
import platform
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from synergy import __version__
from synergy.core.values import plain
from synergy.graph.nodes import edge_count

__all__ = [
    "manifest",
    "manifest_json",
    "drop_timings",
    "summary_rows_from_manifest",
]


def manifest(result) -> dict:
    """Return the manifest: inputs with sha256, settings, versions, counts and timings."""
    import numpy
    import rapidfuzz

    g = result.graph
    ds = result.dataset

    def _edge_types(graph: nx.MultiDiGraph) -> Counter:
        # Straight from the adjacency: the edge view is slow on 430k edges.
        found: Counter = Counter()
        for _, nbrs in graph.adjacency():
            for keyed in nbrs.values():
                found.update(keyed.keys() if graph.is_multigraph() else (keyed.get("type"),))
        return found

    return {
        "synergy": __version__,
        "dataset": str(Path(ds.root).name),
        "inputs": ds.files,
        "skipped_files": ds.skipped,
        "not_data": getattr(ds, "not_data", []),
        "skipped_folders": getattr(ds, "skipped_folders", []),
        "extra_columns": ds.extra_columns,
        "settings": result.settings.describe(),
        "choices": getattr(result, "choices", {}) or {},
        "taxonomy_domains": len(result.taxonomy.domains),
        "versions": {
            "python": platform.python_version(),
            "networkx": nx.__version__,
            "pandas": pd.__version__,
            "numpy": numpy.__version__,
            "rapidfuzz": rapidfuzz.__version__,
        },
        "graph": {
            "nodes": g.number_of_nodes(),
            "edges": edge_count(g),
            "nodes_by_kind": dict(sorted(Counter(k for _, k in g.nodes(data="kind")).items())),
            "edges_by_type": dict(sorted(_edge_types(g).items())),
        },
        "tables": {name: int(len(df)) for name, df in sorted(ds.tables.items())},
        "candidates": dict(sorted(Counter(result.pairings["kind"]).items()))
        if len(result.pairings)
        else {},
        "empty_kinds": dict(getattr(result, "shortfalls", {}) or {}),
        "unresolved": int(len(ds.unresolved)),
        "resolutions": int(len(ds.resolutions)),
        "actor_merges": int(len(ds.merges)),
        "timings": result.timings,
    }


def _json_default(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if hasattr(value, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def manifest_json(manifest: Mapping[str, Any]) -> str:
    """Return a manifest (or any JSON record) as text: sorted keys, indent 2, trailing newline."""
    text = json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False, default=_json_default)
    return text + "\n"


def drop_timings(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """Return the manifest without its ``timings`` key, for determinism checks."""
    return {k: v for k, v in manifest.items() if k != "timings"}


def summary_rows_from_manifest(manifest: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Return ``(label, value)`` rows for the XLSX summary: the manifest minus ``timings``.

    Nested mappings become dotted labels (``settings.seed``); lists of records (the inputs)
    become a count that points to ``manifest.json``.
    """
    rows: list[tuple[str, Any]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for key in sorted(value, key=str):
                walk(f"{prefix}.{key}" if prefix else str(key), value[key])
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], Mapping):
            rows.append((prefix, f"{len(value)} entries (see manifest.json)"))
        else:
            rows.append((prefix, value))

    walk("", drop_timings(manifest))
    return rows
