"""CSV files for ``neo4j-admin database import full``: the fastest load of a new database.

Same rows as the transactional push (:mod:`synergy.neo4j.rows`: labels, ``id``, properties,
``Candidate`` and ``INVOLVES``), written as typed CSV columns instead of pushed over Bolt.
"""

from __future__ import annotations

import csv
import json
import os
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pandas as pd

from synergy.core.model import CANDIDATE, INVOLVES
from synergy.neo4j.rows import LABELS, candidate_rows, edge_rows, node_rows

__all__ = ["export_bulk"]

_ADMIN_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _column_type(values: list) -> str:
    """Return the neo4j-admin type of a column (``long``, ``string[]``, ...)."""
    scalar = {type(v) for v in values if not isinstance(v, list)}
    arrays = [v for v in values if isinstance(v, list)]
    if arrays and scalar:
        return "string"
    if arrays:
        inner = {type(x) for a in arrays for x in a} or {str}
        return (_ADMIN_TYPES[inner.pop()] if len(inner) == 1 else "string") + "[]"
    if scalar == {int, float}:
        return "double"
    return _ADMIN_TYPES[scalar.pop()] if len(scalar) == 1 else "string"


def _admin_cell(value, col_type: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        if not col_type.endswith("[]"):
            return json.dumps(value, ensure_ascii=False)
        return ";".join(str(v).lower() if isinstance(v, bool) else str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_admin_csv(path, fixed: list[str], rows: list[tuple[list[str], dict]]) -> None:
    keys = sorted({k for _, props in rows for k in props} - {"id"})
    types = {k: _column_type([p[k] for _, p in rows if k in p]) for k in keys}
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([*fixed, *(f"{k}:{types[k]}" for k in keys)])
        for head, props in rows:
            w.writerow([*head, *(_admin_cell(props.get(k), types[k]) for k in keys)])
    os.replace(tmp, path)


def export_bulk(graph: nx.MultiDiGraph, pairings: pd.DataFrame | None, out_dir) -> list[Path]:
    """Return the paths written: CSVs for ``neo4j-admin database import full``.

    One ``nodes_<Label>.csv`` per node kind (``id:ID`` = node id, ``:LABEL``, typed property
    columns such as ``members:long`` or ``aliases:string[]``), one ``rels_<TYPE>.csv`` per edge
    type (``:START_ID``, ``:END_ID``, ``:TYPE``, properties), the candidates as
    ``Candidate`` nodes with ``INVOLVES``, plus ``import-command.txt`` and
    ``constraints.cypher``. Rows are sorted, so the same graph gives identical files.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    by_label, label_of = node_rows(graph)
    by_type = edge_rows(graph, label_of)
    nodes: dict[str, list] = {k: [([r["id"], k], r["props"]) for r in v] for k, v in
                              by_label.items()}  # fmt: skip
    rels: dict[str, list] = defaultdict(list)
    for (rel_type, _, _), rows in by_type.items():
        rels[rel_type] += [([r["s"], r["t"], rel_type], r["props"]) for r in rows]
    if pairings is not None:
        cand_nodes, cand_rels, _ = candidate_rows(pairings, label_of)
        nodes[CANDIDATE] = [([r["id"], CANDIDATE], r["props"]) for r in cand_nodes]
        rels[INVOLVES] += [([r["s"], r["t"], INVOLVES], {}) for v in cand_rels.values() for r in v]
    written = []
    for label, rows in sorted(nodes.items()):
        path = out / f"nodes_{label}.csv"
        _write_admin_csv(path, ["id:ID", ":LABEL"], sorted(rows, key=lambda r: r[0]))
        written.append(path)
    for rel_type, rows in sorted(rels.items()):
        path = out / f"rels_{rel_type}.csv"
        _write_admin_csv(path, [":START_ID", ":END_ID", ":TYPE"], sorted(rows, key=lambda r: r[0]))
        written.append(path)
    args = [f"--nodes={p.name}" for p in written if p.name.startswith("nodes_")]
    args += [f"--relationships={p.name}" for p in written if p.name.startswith("rels_")]
    command = (
        "# Run in this folder with the server stopped; then run constraints.cypher once.\n"
        "neo4j-admin database import full neo4j --overwrite-destination "
        "--multiline-fields=true --array-delimiter=';' " + " ".join(args) + "\n"
    )
    constraints = "".join(
        f"CREATE CONSTRAINT synergy_{label.lower()}_id IF NOT EXISTS "
        f"FOR (n:`{label}`) REQUIRE n.id IS UNIQUE;\n"
        for label in LABELS
    )
    for name, text in (("import-command.txt", command), ("constraints.cypher", constraints)):
        path = out / name
        tmp = path.with_name(name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        written.append(path)
    return written
