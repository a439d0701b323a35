"""Build the property graph (networkx) from the canonical tables.

The graph is a :class:`networkx.MultiDiGraph` whose edge key is the edge type, so the same
model serves networkx, GraphML and Neo4j (see :mod:`synergy.core.model` for the vocabulary).
Attributes whose value is missing are left out rather than stored as None, so GraphML and
Neo4j see only facts.

Complexity: O(rows + references) — one pass over each table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx
import pandas as pd

from synergy.core.gcpause import gc_paused
from synergy.core.model import (
    ACTIVE_IN,
    ACTOR,
    CLUSTER,
    DOMAIN,
    FUNDS,
    HAS_PRIORITY,
    IN_DOMAIN,
    LOCATED_IN,
    MEMBER_OF,
    NEXT,
    PART_OF,
    PARTICIPATES_IN,
    PRIORITY,
    PROGRAMME,
    PROJECT,
    REGION,
    RUN_BY,
    STAGE,
    SUPPORTS,
    VALUE_CHAIN,
    node_id,
)
from synergy.core.values import is_empty

__all__ = ["build_graph"]


def _clean(attrs: Mapping) -> dict:
    """Return attrs without missing values (None, NaN, empty strings and lists)."""
    out = {}
    for k, v in attrs.items():
        if v is None or (isinstance(v, float) and v != v) or v == "" or v == []:
            continue
        if isinstance(v, tuple):
            v = list(v)
        out[k] = v
    return out


def _rows(df: pd.DataFrame) -> Iterable[dict]:
    """Return the rows as dicts of plain Python values (faster than ``to_dict``)."""
    if not len(df):
        return []
    cols = list(df.columns)
    return [
        dict(zip(cols, vals, strict=True))
        for vals in zip(*(df[c].tolist() for c in cols), strict=True)
    ]


def _add_actors(g: nx.MultiDiGraph, actors: pd.DataFrame) -> None:
    """Add actor nodes and their edges in bulk: O(actors + links), no per-edge wrapper."""
    if not len(actors):
        return
    region_prefix = node_id(REGION, "")
    cluster_prefix = node_id(CLUSTER, "")
    stage_prefix = node_id(STAGE, "")
    actor_prefix = node_id(ACTOR, "")
    has_sources = "source_ids" in actors.columns
    columns = [
        actors[c].tolist() if c in actors.columns else [None] * len(actors)
        for c in (
            "actor_id",
            "name",
            "region_id",
            "type",
            "size",
            "nace",
            "cluster_ids",
            "roles",
            "source",
        )
    ]
    sources = actors["source_ids"].tolist() if has_sources else [None] * len(actors)
    nodes = []
    edges = []
    for aid, name, rid, typ, size, nace, clusters, roles, origin, srcs in zip(
        *columns, sources, strict=True
    ):
        nid = actor_prefix + aid
        attrs = {
            "kind": ACTOR,
            "name": name if not is_empty(name) else aid,
            "key": aid,
            "region_id": rid,
        }
        if not is_empty(typ):
            attrs["type"] = typ
        if not is_empty(size):
            attrs["size"] = size
        if nace:
            attrs["nace"] = list(nace)
        if srcs:
            others = [x for x in srcs if x != aid]
            if others:
                attrs["source_ids"] = others
        if not is_empty(origin):
            attrs["source"] = origin
        nodes.append((nid, attrs))
        edges.append((nid, region_prefix + rid, LOCATED_IN, {"type": LOCATED_IN}))
        for cl in clusters or ():
            edges.append((nid, cluster_prefix + cl, MEMBER_OF, {"type": MEMBER_OF}))
        for role in roles or ():
            edges.append((nid, stage_prefix + role, ACTIVE_IN, {"type": ACTIVE_IN}))
    g.add_nodes_from(nodes)
    _add_edges_fast(g, edges)


def _add_edges_fast(g: nx.MultiDiGraph, edges: list[tuple[str, str, str, dict]]) -> None:
    """Add keyed edges between existing nodes, as ``add_edges_from`` would, ~3x faster.

    At EU scale (400,000 actor edges) networkx's per-edge bookkeeping dominates the graph
    build, so this writes the adjacency the way ``MultiDiGraph.add_edge`` does: the successor
    and predecessor maps share one key dict per node pair. Edges to unknown nodes, or a
    graph class with another layout, go through networkx itself.
    """
    succ, pred = getattr(g, "_succ", None), getattr(g, "_pred", None)
    if type(g) is not nx.MultiDiGraph or succ is None or pred is None:
        g.add_edges_from(edges)
        return
    slow = []
    for u, v, key, attrs in edges:
        if u not in succ or v not in succ:
            slow.append((u, v, key, attrs))
            continue
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = {}
            succ[u][v] = keydict
            pred[v][u] = keydict
        if key in keydict:
            keydict[key].update(attrs)
        else:
            keydict[key] = dict(attrs)
    if slow:
        g.add_edges_from(slow)
    if hasattr(nx, "_clear_cache"):  # networkx >= 3.3 caches views of the adjacency
        nx._clear_cache(g)


def build_graph(tables: Mapping[str, pd.DataFrame], taxonomy=None) -> nx.MultiDiGraph:
    """Return the synergy property graph of a dataset's canonical tables.

    Parameters
    ----------
    tables
        ``Dataset.tables`` from :func:`ingest.load_dataset` (or the same shape built by hand).
    taxonomy
        A :class:`synergy.core.taxonomy.Taxonomy`, for domain names and pilot fields.

    Examples
    --------
    >>> import pandas as pd
    >>> t = {"regions": pd.DataFrame([{"region_id": "R1", "name": "One"}])}
    >>> g = build_graph(t)
    >>> g.nodes["region:R1"]["kind"], g.nodes["region:R1"]["name"]
    ('Region', 'One')
    """
    with gc_paused():  # one node dict per actor, no cycles: see synergy.core.gcpause
        return _build(tables, taxonomy)


def _build(tables: Mapping[str, pd.DataFrame], taxonomy) -> nx.MultiDiGraph:
    empty = pd.DataFrame()
    b = _Builder(taxonomy)
    b.regions(tables.get("regions", empty))
    b.priorities(tables.get("priorities", empty))
    b.clusters(tables.get("clusters", empty))
    b.value_chains(tables.get("value_chains", empty))
    _add_actors(b.g, tables.get("actors", empty))
    b.programmes(tables.get("programmes", empty))
    b.projects(tables.get("projects", empty), tables.get("participations", empty))
    return b.g


class _Builder:
    """Adds one table at a time to a new graph; domains are added when first linked."""

    def __init__(self, taxonomy) -> None:
        self.g = nx.MultiDiGraph()
        self.taxonomy = taxonomy

    def node(self, nid: str, kind: str, name: str, key: str, **attrs) -> None:
        self.g.add_node(nid, **_clean({"kind": kind, "name": name or key, "key": key, **attrs}))

    def edge(self, u: str, v: str, etype: str, **attrs) -> None:
        self.g.add_edge(u, v, key=etype, **_clean({"type": etype, **attrs}))

    def domain(self, did: str) -> str:
        nid = node_id(DOMAIN, did)
        if nid not in self.g:
            dom = self.taxonomy.domains.get(did) if self.taxonomy is not None else None
            self.node(nid, DOMAIN, dom.name if dom else did, did, field=getattr(dom, "field", None))
        return nid

    def domain_edges(self, src: str, rec: dict) -> None:
        """Link ``src`` to the domains of ``rec``, with the taxonomy match as evidence."""
        evidence = {e["domain"]: e for e in rec.get("domain_evidence") or []}
        for did in rec.get("domains") or []:
            e = evidence.get(did, {})
            self.edge(
                src,
                self.domain(did),
                IN_DOMAIN if not src.startswith("programme:") else FUNDS,
                term=e.get("term"),
                score=e.get("score"),
                source=e.get("source"),
            )

    def regions(self, df: pd.DataFrame) -> None:
        for r in _rows(df):
            self.node(
                node_id(REGION, r["region_id"]),
                REGION,
                r.get("name"),
                r["region_id"],
                country=r.get("country"),
                development=r.get("development"),
                aliases=list(r.get("aliases") or []),
            )

    def priorities(self, df: pd.DataFrame) -> None:
        for p in _rows(df):
            rid = p["region_id"]
            nid = node_id(PRIORITY, rid, p["priority_id"])
            self.node(
                nid,
                PRIORITY,
                p.get("title"),
                p["priority_id"],
                region_id=rid,
                title=p.get("title"),
                description=p.get("description"),
                language=p.get("language"),
                keywords=list(p.get("keywords") or []),
                nace=list(p.get("nace") or []),
            )
            self.edge(node_id(REGION, rid), nid, HAS_PRIORITY)
            self.domain_edges(nid, p)

    def clusters(self, df: pd.DataFrame) -> None:
        for c in _rows(df):
            nid = node_id(CLUSTER, c["cluster_id"])
            rid = c["region_id"]
            self.node(
                nid,
                CLUSTER,
                c.get("name"),
                c["cluster_id"],
                region_id=rid,
                members=_int(c.get("members")),
                website=c.get("website"),
                description=c.get("description"),
                nace=list(c.get("nace") or []),
            )
            self.edge(nid, node_id(REGION, rid), LOCATED_IN)
            for pid in c.get("priority_ids") or []:
                self.edge(nid, node_id(PRIORITY, rid, pid), SUPPORTS)
            self.domain_edges(nid, c)

    def value_chains(self, chains: pd.DataFrame) -> None:
        """Add each chain, its stages upstream first (``NEXT`` between them) and domains."""
        if not len(chains):
            return
        chains = chains.sort_values(["chain_id", "stage_order", "stage_id"], kind="stable")
        for chain_id, stages in chains.groupby("chain_id", sort=True):
            cid = node_id(VALUE_CHAIN, chain_id)
            names = [n for n in stages["chain_name"] if isinstance(n, str) and n]
            fields = [f for f in stages.get("pilot_field", []) if isinstance(f, str) and f]
            self.node(
                cid,
                VALUE_CHAIN,
                names[0] if names else chain_id,
                chain_id,
                stages=int(len(stages)),
                pilot_field=fields[0] if fields else None,
            )
            previous = None
            for s in _rows(stages):
                sid = node_id(STAGE, chain_id, s["stage_id"])
                self.node(
                    sid,
                    STAGE,
                    s.get("stage_name"),
                    s["stage_id"],
                    chain_id=chain_id,
                    stage_order=_int(s.get("stage_order")),
                    domains=sorted(s.get("domains") or []),
                )
                self.edge(sid, cid, PART_OF)
                self.domain_edges(cid, s)
                if previous is not None:
                    self.edge(previous, sid, NEXT)
                previous = sid

    def programmes(self, df: pd.DataFrame) -> None:
        for p in _rows(df):
            nid = node_id(PROGRAMME, p["programme_id"])
            rid = p["region_id"]
            self.node(
                nid,
                PROGRAMME,
                p.get("name"),
                p["programme_id"],
                region_id=rid,
                budget_eur=p.get("budget_eur"),
                instrument=p.get("instrument"),
                trl_min=_int(p.get("trl_min")),
                trl_max=_int(p.get("trl_max")),
                beneficiaries=list(p.get("beneficiaries") or []),
                opens=p.get("opens"),
                closes=p.get("closes"),
            )
            self.edge(nid, node_id(REGION, rid), RUN_BY)
            self.domain_edges(nid, p)

    def projects(self, projects: pd.DataFrame, participations: pd.DataFrame) -> None:
        """Add each project, its domains and the dataset's actors taking part in it.

        Participants outside the dataset's regions are no Actor nodes (their regions are no
        Region nodes); the project keeps them as ``partners_outside`` ("NAME (region)") and
        every participant's region in ``regions``, so "which projects join two regions" sees
        partners anywhere.
        """
        taking_part: dict[str, list[dict]] = {}
        for row in _rows(participations):
            taking_part.setdefault(str(row["project_id"]), []).append(row)
        for p in _rows(projects):
            pid = str(p["project_id"])
            nid = node_id(PROJECT, pid)
            rows = taking_part.get(pid, [])
            outside = [r for r in rows if r.get("in_dataset") is False]
            self.node(
                nid,
                PROJECT,
                p.get("acronym") or p.get("title"),
                pid,
                acronym=p.get("acronym"),
                title=p.get("title"),
                start=p.get("start"),
                end=p.get("end"),
                programme=p.get("programme"),
                scheme=p.get("scheme"),
                ec_contribution_eur=p.get("ec_contribution_eur"),
                topics=list(p.get("topics") or []),
                status=p.get("status"),
                source=p.get("source"),
                participants=len(rows),
                regions=sorted({str(r["region_id"]) for r in rows if not is_empty(r["region_id"])}),
                partners_outside=[
                    f"{r.get('actor_name') or r['actor_id']}"
                    + (f" ({r['region_id']})" if not is_empty(r["region_id"]) else "")
                    for r in outside
                ],
            )
            self.domain_edges(nid, p)
            for r in rows:
                if r.get("in_dataset") is False:
                    continue
                self.edge(
                    node_id(ACTOR, r["actor_id"]),
                    nid,
                    PARTICIPATES_IN,
                    role=r.get("role"),
                    ec_contribution=r.get("ec_contribution_eur"),
                )


def _int(value) -> int | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return int(value)
