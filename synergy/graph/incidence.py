"""Compact incidence matrices of the property graph, built once per graph and shared.

At EU scale the graph holds ~200,000 actors; walking their edges in Python once per
algorithm cost seconds each time. :func:`incidence` reads the graph in one pass and returns
sorted node lists per kind plus sparse relations between them (``scipy.sparse`` CSR,
rows = source nodes, columns = target nodes, both in sorted node-id order):

``actor_stage``     Actor -ACTIVE_IN-> Stage
``actor_cluster``   Actor -MEMBER_OF-> Cluster
``actor_located``   Actor -LOCATED_IN-> Region (the ``region_id`` attribute when there is no
                    edge and that region exists, as :mod:`synergy.graph.profiles` reads it)
``cluster_domain``  Cluster -IN_DOMAIN-> Domain

and :meth:`Incidence.edges` for any other ``(source kind, edge type, target kind)``.
Results derived from it (chain coverage, NACE domains of actors) are memoised on the
object, so every stage of a scan reuses them.

The memo is keyed by the graph object (weakly) and checked against its node count and
adjacency size, so a graph changed after the first call is read again; a change that keeps
both counts (editing attributes in place) is not noticed: build a new graph instead.

Complexity: O(V log V + E) for the first call on a graph, O(V) afterwards (the check).
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp

from synergy.core.model import (
    ACTIVE_IN,
    ACTOR,
    CLUSTER,
    DOMAIN,
    IN_DOMAIN,
    LOCATED_IN,
    MEMBER_OF,
    REGION,
    STAGE,
)

__all__ = ["Incidence", "NameLookup", "incidence", "of_kind", "relation"]

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def relation(rows, cols, shape: tuple[int, int]) -> sp.csr_matrix:
    """Return a 0/1 CSR matrix with a one at each ``(rows[i], cols[i])`` (duplicates once).

    >>> relation([0, 0, 1], [1, 1, 0], (2, 2)).toarray().tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    data = np.ones(len(rows), dtype=np.float64)
    m = sp.csr_matrix(
        (data, (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))), shape=shape
    )
    m.sum_duplicates()
    m.data[:] = 1.0
    m.sort_indices()
    return m


@dataclass(frozen=True)
class Incidence:
    """Sorted node ids per kind, their positions, and sparse relations between them."""

    nodes: dict[str, list[str]]  # kind -> sorted node ids
    index: dict[str, dict[str, int]]  # kind -> node id -> position
    data: dict[str, list[dict]]  # kind -> node attribute dicts, aligned with ``nodes``
    _edges: dict[tuple[str, str, str], tuple[list[int], list[int]]]
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def edges(self, src_kind: str, etype: str, dst_kind: str) -> sp.csr_matrix:
        """Return the ``src_kind`` x ``dst_kind`` 0/1 matrix of ``etype`` edges (memoised)."""
        key = ("edges", src_kind, etype, dst_kind)
        if key not in self.memo:
            rows, cols = self._edges.get((src_kind, etype, dst_kind), ([], []))
            shape = (len(self.nodes.get(src_kind, ())), len(self.nodes.get(dst_kind, ())))
            self.memo[key] = relation(rows, cols, shape)
        return self.memo[key]

    def any_edges(self, src_kind: str, dst_kind: str) -> sp.csr_matrix:
        """Return the 0/1 matrix of edges of any type from ``src_kind`` to ``dst_kind`` nodes."""
        key = ("any", src_kind, dst_kind)
        if key not in self.memo:
            rows: list[int] = []
            cols: list[int] = []
            for (s, _, d), (r, c) in self._edges.items():
                if s == src_kind and d == dst_kind:
                    rows += r
                    cols += c
            shape = (len(self.nodes.get(src_kind, ())), len(self.nodes.get(dst_kind, ())))
            self.memo[key] = relation(rows, cols, shape)
        return self.memo[key]

    @property
    def actor_stage(self) -> sp.csr_matrix:
        """Return actors x stages (``ACTIVE_IN``)."""
        return self.edges(ACTOR, ACTIVE_IN, STAGE)

    @property
    def actor_cluster(self) -> sp.csr_matrix:
        """Return actors x clusters (``MEMBER_OF``)."""
        return self.edges(ACTOR, MEMBER_OF, CLUSTER)

    @property
    def cluster_domain(self) -> sp.csr_matrix:
        """Return clusters x domains (``IN_DOMAIN``)."""
        return self.edges(CLUSTER, IN_DOMAIN, DOMAIN)

    def cluster_stage(self) -> sp.csr_matrix:
        """Return clusters x stages: how many member actors of each cluster are active there."""
        if "cluster_stage" not in self.memo:
            self.memo["cluster_stage"] = (self.actor_cluster.T @ self.actor_stage).tocsr()
        return self.memo["cluster_stage"]

    def cluster_features(self) -> tuple[list[tuple[str, str]], sp.csr_matrix]:
        """Return ``(columns, clusters x features 0/1)`` of the clusters' features.

        Features are ``("actor", node)`` (members), ``("domain", node)`` (``IN_DOMAIN``) and
        ``("stage", node)`` (stages the members are active in); columns are sorted by
        ``(kind, node id)``, which is also the order they are summed in by sparse products.
        """
        if "features" not in self.memo:
            stages = self.cluster_stage().copy()
            stages.data[:] = 1.0
            x = sp.hstack([self.actor_cluster.T.tocsr(), self.cluster_domain, stages], format="csr")
            x.sort_indices()
            cols = (
                [("actor", n) for n in self.nodes.get(ACTOR, [])]
                + [("domain", n) for n in self.nodes.get(DOMAIN, [])]
                + [("stage", n) for n in self.nodes.get(STAGE, [])]
            )
            self.memo["features"] = (cols, x)
        return self.memo["features"]

    def located(self, kind: str, g: nx.MultiDiGraph) -> sp.csr_matrix:
        """Return ``kind`` x regions: ``LOCATED_IN`` edges, else the ``region_id`` attribute.

        The attribute counts only for nodes without a ``LOCATED_IN`` edge to a region and
        only when that region node exists.
        """
        key = ("located", kind)
        if key not in self.memo:
            m = self.edges(kind, LOCATED_IN, REGION)
            has = np.diff(m.indptr) > 0
            rows, cols = list(m.nonzero()[0]), list(m.nonzero()[1])
            regions = self.index.get(REGION, {})
            for i in np.flatnonzero(~has).tolist():
                rid = g.nodes[self.nodes[kind][i]].get("region_id")
                j = regions.get(f"region:{rid}") if rid else None
                if j is not None:
                    rows.append(i)
                    cols.append(j)
            self.memo[key] = relation(rows, cols, m.shape)
        return self.memo[key]

    def attr_region(self, kind: str, g: nx.MultiDiGraph) -> list[str | None]:
        """Return the ``region_id`` attribute of every ``kind`` node, in sorted node order."""
        key = ("attr_region", kind)
        if key not in self.memo:
            self.memo[key] = [d.get("region_id") for d in self.data.get(kind, [])]
        return self.memo[key]

    def actor_nace_domains(
        self, g: nx.MultiDiGraph, nace_to_domains: Callable[[str], list[str]]
    ) -> tuple[list[str], sp.csr_matrix]:
        """Return ``(domain ids, actors x domains 0/1)``: where actors' NACE codes map to.

        Domain ids lose a ``domain:`` prefix if the mapper returns node ids; columns are sorted.
        Each distinct code is mapped once.
        """
        key = ("nace", nace_to_domains)
        if key in self.memo:
            return self.memo[key]
        mapped: dict[str, list[str]] = {}
        combos: dict[tuple, int] = {}  # actors share few distinct code lists
        combo_domains: list[set[str]] = []
        per_actor: list[int] = []
        for d in self.data.get(ACTOR, []):
            codes = d.get("nace") or []
            if isinstance(codes, str):
                codes = [c for c in codes.split(";") if c.strip()]
            combo = tuple(codes)
            at = combos.get(combo)
            if at is None:
                doms: set[str] = set()
                for code in codes:
                    c = str(code).strip()
                    if c not in mapped:
                        mapped[c] = [
                            str(x).split(":", 1)[-1] if str(x).startswith("domain:") else str(x)
                            for x in (nace_to_domains(c) or [])
                        ]
                    doms.update(mapped[c])
                at = combos[combo] = len(combo_domains)
                combo_domains.append(doms)
            per_actor.append(at)
        domains = sorted(set().union(*combo_domains)) if combo_domains else []
        col = {d: j for j, d in enumerate(domains)}
        combo_cols = [sorted(col[x] for x in doms) for doms in combo_domains]
        sizes = np.array([len(c) for c in combo_cols], dtype=np.int64)
        which = np.asarray(per_actor, dtype=np.int64)
        rows: np.ndarray | list = (
            np.repeat(np.arange(len(which)), sizes[which]) if len(which) else []
        )
        flat = [np.asarray(c, dtype=np.int64) for c in combo_cols]
        cols: np.ndarray | list = (
            np.concatenate([flat[c] for c in which.tolist()]) if len(rows) else []
        )
        out = (domains, relation(rows, cols, (len(per_actor), len(domains))))
        self.memo[key] = out
        return out


def of_kind(g: nx.MultiDiGraph, kind: str) -> list[str]:
    """Return the sorted ids of the nodes of one kind.

    Read from the memoised incidence, so it costs O(n_kind) instead of a pass over all nodes.
    """
    return list(incidence(g).nodes.get(kind, []))


class NameLookup:
    """Node -> its ``name`` attribute (the node id when it has none), read only when asked.

    Stands in for ``{n: g.nodes[n].get("name", n) for n in ...}`` over 200,000 actors when
    only the few named in evidence sentences are ever looked up.
    """

    def __init__(self, g: nx.MultiDiGraph):
        self._g = g

    def get(self, node: str, default=None):
        """Return the node's name, ``default`` when the node is not in the graph."""
        data = self._g.nodes.get(node)
        if data is None:
            return default
        return data.get("name", node)


def _fingerprint(g: nx.MultiDiGraph) -> tuple[int, int]:
    # a cheap (C-level, ~10 ms at EU scale) stand-in for "the graph has not changed": the
    # node count and the number of linked node pairs
    adj = getattr(g, "_pred", None) or getattr(g, "_adj", {})
    return g.number_of_nodes(), sum(map(len, adj.values()))


def incidence(g: nx.MultiDiGraph) -> Incidence:
    """Return the :class:`Incidence` of a graph, built on first use and then reused.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("actor:a", kind="Actor"); g.add_node("cluster:c", kind="Cluster")
    >>> g.add_edge("actor:a", "cluster:c", key="MEMBER_OF")
    'MEMBER_OF'
    >>> incidence(g).actor_cluster.toarray().tolist()
    [[1.0]]
    """
    fp = _fingerprint(g)
    hit = _CACHE.get(g)
    if hit is not None and hit[0] == fp:
        return hit[1]
    by_kind: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for n, d in g.nodes(data=True):
        by_kind[d.get("kind")].append((n, d))
    for items in by_kind.values():
        items.sort(key=lambda item: item[0])
    nodes = {k: [n for n, _ in v] for k, v in by_kind.items()}
    data = {k: [d for _, d in v] for k, v in by_kind.items()}
    index = {k: {n: i for i, n in enumerate(v)} for k, v in nodes.items()}
    where = {n: (k, i) for k, v in nodes.items() for i, n in enumerate(v)}
    edges: dict[tuple[str, str, str], tuple[list[int], list[int]]] = {}
    # adjacency() hands out the raw neighbour dicts: far cheaper than edge views at 400k edges
    for u, nbrs in g.adjacency():
        ku, iu = where[u]
        for v, keys in nbrs.items():
            kv, iv = where[v]
            for etype in keys:
                pair = edges.get((ku, etype, kv))
                if pair is None:
                    pair = edges[(ku, etype, kv)] = ([], [])
                pair[0].append(iu)
                pair[1].append(iv)
    inc = Incidence(nodes=nodes, index=index, data=data, _edges=edges)
    _CACHE[g] = (fp, inc)
    return inc
