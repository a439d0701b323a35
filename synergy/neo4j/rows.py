"""The graph as Neo4j rows: one label per node ``kind``, one relationship type per edge type.

The property ``id`` holds the networkx node id (unique per label, enforced by a constraint),
every other node and edge attribute becomes a property, and scan candidates become
``Candidate`` nodes with ``INVOLVES`` relationships. Labels and relationship types are
checked against :mod:`synergy.core.model` before they are written into Cypher; every value
travels as a query parameter. The transactional push and the bulk export share these rows.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Mapping

import networkx as nx
import pandas as pd

from synergy.core.errors import Neo4jError
from synergy.core.model import CANDIDATE, EDGE_TYPES, NODE_KINDS

__all__ = [
    "LABELS",
    "to_property",
    "properties",
    "check_label",
    "check_type",
    "node_rows",
    "edge_rows",
    "candidate_rows",
]

LABELS = (*NODE_KINDS, CANDIDATE)
_PRIMITIVES = (bool, int, float, str)


def to_property(value):
    """Return ``value`` as a Neo4j property value, or None to leave it out.

    Primitives stay as they are, lists of one primitive type stay lists, numpy scalars become
    Python ones, dicts and mixed lists become JSON text, anything else becomes ``str``.

    >>> to_property(["a", "b"]), to_property(None), to_property(float("nan")), to_property({"x": 1})
    (['a', 'b'], None, None, '{"x": 1}')
    """
    if value is None:
        return None
    if type(value) is list and all(type(v) is str for v in value):
        return list(value)  # the common case, answered without the general walk below
    if hasattr(value, "item") and not isinstance(value, list | tuple | dict):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, _PRIMITIVES):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = [
            to_property(v)
            for v in (sorted(value, key=str) if isinstance(value, set | frozenset) else value)
        ]
        items = [v for v in items if v is not None]
        kinds = {type(v) for v in items}
        if len(kinds) <= 1 and kinds <= set(_PRIMITIVES):
            return items
        return [
            v if isinstance(v, str) else json.dumps(v, sort_keys=True, default=str) for v in items
        ]
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def properties(attrs: Mapping, node_id: str | None = None, skip: str | None = None) -> dict:
    """Return ``attrs`` as Neo4j properties (:func:`to_property`; None values left out).

    ``node_id`` becomes the ``id`` property; the attribute named ``skip`` is left out.
    """
    out = {}
    for key, value in attrs.items():
        kind = type(value)
        # str, int and bool are kept as they are and a float unless NaN, as to_property
        # would; asking the type first is what makes rows for a million entities quick.
        if kind is str or kind is int or kind is bool or (kind is float and value == value):
            prop = value
        elif kind is float:
            continue
        else:
            prop = to_property(value)
            if prop is None:
                continue
        out[key if type(key) is str else str(key)] = prop
    if skip is not None:
        out.pop(skip, None)
    if node_id is not None:
        out["id"] = node_id  # the graph's id wins over an attribute that happens to be called id
    return out


def check_label(label: str, what: str) -> str:
    if label not in LABELS:
        raise Neo4jError(
            f"{what} has kind {label!r}, which is not a node kind of the graph vocabulary "
            f"({', '.join(LABELS)}); Neo4j labels come only from synergy.core.model."
        )
    return label


def check_type(rel_type: str, what: str) -> str:
    if rel_type not in EDGE_TYPES:
        raise Neo4jError(
            f"{what} has type {rel_type!r}, which is not an edge type of the graph vocabulary "
            f"({', '.join(EDGE_TYPES)}); Neo4j relationship types come only from "
            "synergy.core.model."
        )
    return rel_type


def node_rows(graph: nx.MultiDiGraph) -> tuple[dict[str, list], dict[str, str]]:
    rows: dict[str, list] = defaultdict(list)
    label_of: dict[str, str] = {}
    for node, attrs in sorted(graph.nodes(data=True), key=lambda item: str(item[0])):
        label = check_label(attrs.get("kind"), f"node {node!r}")
        if label == CANDIDATE:
            raise Neo4jError(f"node {node!r}: Candidate nodes come from pairings, not the graph.")
        label_of[node] = label
        rows[label].append({"id": str(node), "props": properties(attrs, str(node))})
    return rows, label_of


def edge_rows(graph: nx.MultiDiGraph, label_of: Mapping[str, str]) -> dict[tuple, list]:
    """Return ``{(type, source label, target label): [{"s", "t", "props"}]}``.

    One relationship per (source, target, type), as MERGE would keep; the ``type`` attribute
    is the relationship type itself, so it is not stored again as a property.
    """
    rows: dict[tuple, dict] = defaultdict(dict)
    checked: set = set()
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        rel_type = attrs.get("type", key)
        if rel_type not in checked:
            checked.add(check_type(rel_type, f"edge {u!r} -> {v!r}"))
        props = properties(attrs, skip="type") if len(attrs) > 1 or "type" not in attrs else {}
        s, t = str(u), str(v)
        rows[(rel_type, label_of[u], label_of[v])][(u, v)] = {"s": s, "t": t, "props": props}
    return {group: list(pairs.values()) for group, pairs in rows.items()}


def candidate_rows(pairings: pd.DataFrame, label_of: Mapping[str, str]):
    nodes, involves, skipped = [], defaultdict(list), []
    for record in pairings.to_dict("records"):
        cid = record.get("candidate_id")
        cid = str(cid) if to_property(cid) is not None else f"candidate:{record.get('rank')}"
        targets = sorted({t for t in str(record.get("involves") or "").split(";") if t.strip()})
        props = properties({str(k): v for k, v in record.items()}, cid)
        nodes.append({"id": cid, "props": props, "targets": targets})
        for target in targets:
            if target in label_of:
                involves[label_of[target]].append({"s": cid, "t": target, "props": {}})
            else:
                skipped.append(f"{cid} INVOLVES {target} (no such node in the graph)")
    return nodes, involves, skipped
