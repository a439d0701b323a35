"""The Cypher statements of a push, and the batches that carry the rows to them.

Two paths write the same graph (``tests/test_neo4j_push.py`` compares them):

* the **reference path** is plainly idempotent: ``MERGE`` every node on its ``id`` and every
  relationship between end nodes found by their ``id`` property, one transaction at a time;
* the **fast path** writes with ``CREATE`` into each label and relationship type the database
  does not hold yet (``MERGE`` where it does, so a push after an interrupted one completes the
  graph without duplicates), finds end nodes by the element id their node statement returned
  instead of an index lookup, and sorts each relationship group by end node so that batches
  running at the same time touch different nodes (Neo4j locks sparse nodes when it links them).

Labels and types come from :mod:`synergy.neo4j.rows` (checked against the vocabulary of
:mod:`synergy.core.model`) and every value travels as a parameter. Node statements return the
element ids; relationship statements return how many rows found both end nodes.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping

from synergy.core.model import CANDIDATE, INVOLVES
from synergy.neo4j.batches import Batch, split
from synergy.neo4j.rows import check_label, check_type

__all__ = ["node_batches", "candidate_batches", "relationship_batches"]

_IDS = "RETURN collect([r.id, elementId(n)]) AS ids"


def _quote(key: str) -> str:
    """Return ``key`` as a Cypher identifier (backticks, inner backticks doubled)."""
    return "`" + key.replace("`", "``") + "`"


def _quote_str(key: str) -> str:
    """Return ``key`` as a Cypher string literal (JSON escaping is valid Cypher)."""
    return json.dumps(key)


def node_batches(
    by_label: Mapping[str, list], *, fresh: Collection[str], size: int, fast: bool
) -> list[list[Batch]]:
    """Return the batches writing each label's node rows (``{"id", "props"}``), one list per
    label.

    ``SET n = props`` mirrors the graph: attributes dropped since an earlier push go too.
    """
    batches = []
    for label in sorted(by_label):
        name = check_label(label, label)
        props = [row["props"] for row in by_label[label]]
        if fast and label in fresh:
            # A map of the label's keys costs the server a quarter less than SET n = r;
            # a key missing from a row reads as null, which CREATE leaves unset.
            keys = sorted({key for row in props for key in row})
            fields = ", ".join(f"{_quote(key)}: r[{_quote_str(key)}]" for key in keys)
            query = f"UNWIND $rows AS r CREATE (n:`{name}` {{{fields}}}) {_IDS}"
        else:
            query = f"UNWIND $rows AS r MERGE (n:`{name}` {{id: r.id}}) SET n = r {_IDS}"
        batches.append(split(props, size, f"{label} nodes", query))
    return batches


def candidate_batches(rows: list, *, fresh: bool, size: int, fast: bool) -> list[Batch]:
    """Return the batches writing ``Candidate`` nodes (``{"id", "props", "targets"}``).

    Candidate ids are reused across scans, so an existing candidate loses the ``INVOLVES``
    links its new row no longer lists; the others are merged by the relationship batches.
    """
    if fast and fresh:
        query = f"UNWIND $rows AS r CREATE (n:`{CANDIDATE}`) SET n = r.props {_IDS}"
    else:
        query = (
            f"UNWIND $rows AS r MERGE (n:`{CANDIDATE}` {{id: r.id}}) SET n = r.props "
            f"WITH n, r CALL (n, r) {{ MATCH (n)-[old:`{INVOLVES}`]->(x) "
            f"WHERE NOT x.id IN r.targets DELETE old }} {_IDS}"
        )
    return split(rows, size, f"{CANDIDATE} nodes", query)


def relationship_batches(
    by_type: Mapping[tuple[str, str, str], list],
    ids: Mapping[str, str],
    *,
    fresh: Collection[str],
    size: int,
    fast: bool,
) -> list[list[Batch]]:
    """Return the batches writing each ``(type, source label, target label)`` group, one list
    per group.

    Rows are ``{"s", "t", "props"}`` with graph ids; ``ids`` maps graph ids to the element
    ids the node batches returned (used by the fast path only).
    """
    batches = []
    for group in sorted(by_type):
        rel_type, src, dst = group
        rows = by_type[group]
        check_type(rel_type, rel_type)
        check_label(src, src)
        check_label(dst, dst)
        create = fast and rel_type in fresh
        with_props = not create or any(row["props"] for row in rows)
        what = f"{rel_type} relationships ({src} to {dst})"
        verb = "CREATE" if create else "MERGE"
        set_props = " SET x = r[2]" if with_props else ""
        if fast:
            ordered = sorted(rows, key=lambda row: (row["t"], row["s"]))
            params = [
                [ids[row["s"]], ids[row["t"]], row["props"]]
                if with_props
                else [ids[row["s"]], ids[row["t"]]]
                for row in ordered
            ]
            match = (
                f"MATCH (a:`{src}`) WHERE elementId(a) = r[0] "
                f"MATCH (b:`{dst}`) WHERE elementId(b) = r[1]"
            )
        else:
            params = [[row["s"], row["t"], row["props"]] for row in rows]
            match = f"MATCH (a:`{src}` {{id: r[0]}}) MATCH (b:`{dst}` {{id: r[1]}})"
        query = (
            f"UNWIND $rows AS r {match} {verb} (a)-[x:`{rel_type}`]->(b){set_props} "
            "RETURN count(*) AS n"
        )
        batches.append(split(params, size, what, query))
    return batches
