"""Names people read: a node's display name and a one-line title for each candidate.

Ids (``AT31``, ``at31-kunststoff``, ``candidate:3964f84fb4e5``) are for machines and joins;
the report, the spreadsheets and the explorer lead with these names instead. Pure functions
of the graph and a candidate row (a mapping with the columns of ``pairings.csv``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import pandas as pd

from synergy.core import model

__all__ = [
    "node_name",
    "key_names",
    "split_cell",
    "candidate_title",
    "candidate_names",
    "NAME_COLUMNS",
    "MAX_NAMED",
]

NAME_COLUMNS = ("candidate", "region_names", "cluster_names")
MAX_NAMED = 4  # names in a title before "+N more"


def split_cell(value: Any) -> list[str]:
    """Return the non-empty parts of a ``;``-joined cell (lists pass through).

    >>> split_cell("AT31;DE1"), split_cell(float("nan")), split_cell(["a", ""])
    (['AT31', 'DE1'], [], ['a'])
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    parts = value if isinstance(value, (list, tuple)) else str(value).split(";")
    return [str(p).strip() for p in parts if str(p).strip()]


def node_name(graph: nx.MultiDiGraph, node: str) -> str:
    """Return a node's ``name`` (else its input ``key``, else the id itself).

    >>> g = nx.MultiDiGraph(); g.add_node("region:AT31", name="Oberösterreich", key="AT31")
    >>> node_name(g, "region:AT31"), node_name(g, "region:XX")
    ('Oberösterreich', 'region:XX')
    """
    if node not in graph:
        return node
    data = graph.nodes[node]
    return str(data.get("name") or data.get("key") or node)


def key_names(graph: nx.MultiDiGraph, kind: str, keys: list[str]) -> list[str]:
    """Return the names of the ``kind`` nodes with these input ids (unknown ids stay ids)."""
    out = []
    for key in keys:
        node = model.node_id(kind, key)
        out.append(node_name(graph, node) if node in graph else key)
    return out


def _join(names: list[str], sep: str = " + ", limit: int = MAX_NAMED) -> str:
    shown = names[:limit]
    more = f" +{len(names) - limit} more" if len(names) > limit else ""
    return sep.join(shown) + more


def _cluster_labels(graph: nx.MultiDiGraph, keys: list[str]) -> list[str]:
    """Return "cluster name (region name)": cluster names repeat across regions."""
    labels = []
    for key in keys:
        node = model.node_id(model.CLUSTER, key)
        if node not in graph:
            labels.append(key)
            continue
        regions = sorted(
            v for v, k in graph.succ[node].items() if model.LOCATED_IN in k and v in graph
        )
        where = ", ".join(node_name(graph, r) for r in regions)
        labels.append(f"{node_name(graph, node)} ({where})" if where else node_name(graph, node))
    return labels


def candidate_title(row: Mapping[str, Any], graph: nx.MultiDiGraph) -> str:
    """Return a one-line title naming who and what a candidate joins, by name.

    >>> g = nx.MultiDiGraph()
    >>> for key, name in (("AT31", "Oberösterreich"), ("DE1", "Baden-Württemberg")):
    ...     g.add_node(f"region:{key}", kind="Region", name=name, key=key)
    >>> g.add_node("domain:wood", kind="Domain", name="Forestry and wood", key="wood")
    >>> candidate_title({"kind": "shared-priority", "regions": "AT31;DE1"}, g)
    'Oberösterreich + Baden-Württemberg'
    >>> candidate_title({"kind": "relatedness", "regions": "AT31;DE1", "domains": "wood",
    ...                  "focal_region": "DE1"}, g)
    'Forestry and wood for Baden-Württemberg, with Oberösterreich'
    """
    kind = str(row.get("kind", ""))
    regions = split_cell(row.get("regions"))
    region_names = key_names(graph, model.REGION, regions)
    domains = key_names(graph, model.DOMAIN, split_cell(row.get("domains")))
    chain_key = split_cell(row.get("chain_id"))
    chain = key_names(graph, model.VALUE_CHAIN, chain_key)[0] if chain_key else ""
    if kind == "value-chain" and chain:
        return f"{chain}: {_join(region_names)}"
    if kind == "pilot":
        clusters = _cluster_labels(graph, split_cell(row.get("clusters")))
        head = f"{chain} pilot" if chain else "Pilot"
        return f"{head}: {_join(clusters or region_names)}"
    if kind == "relatedness":
        focal = split_cell(row.get("focal_region"))
        if focal and focal[0] in regions and domains:
            others = [n for r, n in zip(regions, region_names, strict=True) if r != focal[0]]
            focal_name = key_names(graph, model.REGION, focal[:1])[0]
            with_ = f", with {_join(others, ', ')}" if others else ""
            return f"{domains[0]} for {focal_name}{with_}"
    if kind == "call" and domains:
        return f"Call on {_join(domains, ', ', 3)}: {_join(region_names, ', ')}"
    return _join(region_names) or str(row.get("candidate_id") or kind)


def candidate_names(pairings: pd.DataFrame, graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Return, per row of ``pairings`` (same index), its title and its regions' and clusters'
    names (``;``-joined, in the order of the id columns): the columns of :data:`NAME_COLUMNS`."""
    rows = []
    for record in pairings.to_dict("records"):
        rows.append(
            {
                "candidate": candidate_title(record, graph),
                "region_names": ";".join(
                    key_names(graph, model.REGION, split_cell(record.get("regions")))
                ),
                "cluster_names": ";".join(
                    key_names(graph, model.CLUSTER, split_cell(record.get("clusters")))
                ),
            }
        )
    return pd.DataFrame(rows, index=pairings.index, columns=list(NAME_COLUMNS))
