"""Regions x domains activity matrices built from the property graph.

The matrices feed :mod:`synergy.algorithms.relatedness` (RCA, proximity, density, complexity).
Each *source* of evidence says how active a region is in a domain and plays one of two roles
(:data:`SOURCE_ROLES`), kept apart because they answer different questions:

*capability* (what a region **does**, the matrix relatedness and complexity run on)
    ``clusters``: ``(Cluster)-LOCATED_IN->(Region)`` and ``(Cluster)-IN_DOMAIN->(Domain)``;
    each cluster counts **once** (member counts are known for few clusters and would let one
    large cluster dominate a region), split across its domains by match score and evenly
    across its regions.
    ``actors``: ``(Actor)-LOCATED_IN->(Region)``; the actor's ``nace`` codes are mapped to
    domains by ``nace_to_domains`` (``Taxonomy.domains_for_nace``, class-level where the
    taxonomy lists classes); each actor weighs 1, split evenly across its distinct domains.
    ``projects``: ``(Actor)-PARTICIPATES_IN->(Project)-IN_DOMAIN->(Domain)``, the actor's
    region as for ``actors``; each participation weighs 1 (a region's actors taking part in a
    project three times count three), split across the project's domains by match score:
    what the region's organisations have actually done. Empty without projects
    (``synergy import cordis`` writes them).
*intent* (what a region **plans**)
    ``priorities``: ``(Region)-HAS_PRIORITY->(Priority)-IN_DOMAIN->(Domain)``; each priority
    weighs 1, split across its domains by match score.

A new source is one more :class:`Source` entry in :data:`SOURCE_REGISTRY` with its role
(CORDIS participations came in that way). ``source=`` takes a source name, a role
(``"capability"``, ``"intent"``) or ``"combined"`` (every source); the scan's ``profile``
setting chooses among :data:`PROFILE_SOURCES` by weight (0 drops a source). Sources are combined as
shares: every region's row of each source is divided by its row total, then
``combined_rd = sum_s w_s share_s,rd / sum_{s with data for r} w_s``, so every region with any
data has a row summing to 1 (it counts once in the RCA reference, whatever its size or however
complete its data), and a source missing for a region does not pull its profile towards zero.
Default weights :data:`DEFAULT_SOURCE_WEIGHTS` (1 each; a dataset without projects has no
projects cells, so the source changes nothing there).

Rows are every ``Region`` node (by ``region_id``, sorted), columns every ``Domain`` node (by
domain id, sorted) plus any domain the NACE mapping names that has no node; regions without
data keep a row of zeros (:func:`synergy.algorithms.relatedness.rca` maps it to RCA 0).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from synergy.core.model import (
    ACTOR,
    CLUSTER,
    DOMAIN,
    HAS_PRIORITY,
    IN_DOMAIN,
    LOCATED_IN,
    PARTICIPATES_IN,
    PRIORITY,
    PROJECT,
    REGION,
)
from synergy.graph.incidence import incidence, of_kind

__all__ = [
    "SOURCES",
    "PROFILE_SOURCES",
    "SOURCE_REGISTRY",
    "SOURCE_ROLES",
    "Source",
    "sources_of",
    "DEFAULT_SOURCE_WEIGHTS",
    "region_domain_values",
    "cluster_counts",
    "region_names",
]

NaceMapper = Callable[[str], list[str]]
_Cells = dict[tuple[str, str], float]
SOURCE_ROLES = ("capability", "intent")


@dataclass(frozen=True)
class Source:
    """One source of region x domain evidence: its role and how its cells are read."""

    name: str
    role: str  # one of SOURCE_ROLES
    cells: Callable[[nx.MultiDiGraph, NaceMapper | None], _Cells]
    counts: str  # what one unit is, for people


def _priorities_source(graph: nx.MultiDiGraph, nace: NaceMapper | None) -> _Cells:
    return _priority_cells(graph)


def _clusters_source(graph: nx.MultiDiGraph, nace: NaceMapper | None) -> _Cells:
    return _cluster_cells(graph)


def _actors_source(graph: nx.MultiDiGraph, nace: NaceMapper | None) -> _Cells:
    return _actor_cells(graph, nace)


def _projects_source(graph: nx.MultiDiGraph, nace: NaceMapper | None) -> _Cells:
    return _project_cells(graph)


SOURCE_REGISTRY: dict[str, Source] = {
    "priorities": Source("priorities", "intent", _priorities_source, "one priority"),
    "clusters": Source("clusters", "capability", _clusters_source, "one cluster"),
    "actors": Source("actors", "capability", _actors_source, "one actor"),
    "projects": Source("projects", "capability", _projects_source, "one participation"),
}
PROFILE_SOURCES = tuple(SOURCE_REGISTRY)
"""The sources a matrix may combine (the scan's ``profile`` setting)."""
SOURCES = (*SOURCE_REGISTRY, *SOURCE_ROLES, "combined")
DEFAULT_SOURCE_WEIGHTS: Mapping[str, float] = {name: 1.0 for name in SOURCE_REGISTRY}


def sources_of(source: str) -> list[str]:
    """Return the source names ``source`` (a name, a role or ``combined``) stands for.

    >>> sources_of("capability"), sources_of("intent"), sources_of("actors")
    (['clusters', 'actors', 'projects'], ['priorities'], ['actors'])
    """
    if source == "combined":
        return list(SOURCE_REGISTRY)
    if source in SOURCE_ROLES:
        return [n for n, s in SOURCE_REGISTRY.items() if s.role == source]
    if source in SOURCE_REGISTRY:
        return [source]
    raise ValueError(f"unknown source {source!r}; use one of {SOURCES}")


def _key(graph: nx.MultiDiGraph, node: str) -> str:
    """Return the input id of ``node`` (its ``key`` attribute, else the id after the prefix)."""
    key = graph.nodes[node].get("key")
    return str(key) if key not in (None, "") else node.split(":", 1)[-1]


def _targets(graph: nx.MultiDiGraph, node: str, edge_type: str, kind: str) -> dict[str, float]:
    """Return ``{target: score}`` of ``node``'s out-edges of ``edge_type`` to ``kind`` nodes."""
    out: dict[str, float] = {}
    for _, target, key, data in graph.out_edges(node, keys=True, data=True):
        if data.get("type", key) != edge_type or graph.nodes[target].get("kind") != kind:
            continue
        score = data.get("score")
        score = 1.0 if score is None or not np.isfinite(float(score)) else float(score)
        out[target] = max(out.get(target, 0.0), max(score, 0.0))
    return out


def _split(scores: Mapping[str, float]) -> dict[str, float]:
    """Return weights summing to 1, proportional to the scores (evenly if they are all 0)."""
    total = sum(scores.values())
    if total <= 0:
        return {k: 1.0 / len(scores) for k in scores}
    return {k: v / total for k, v in scores.items()}


def _region_of(graph: nx.MultiDiGraph, node: str) -> list[str]:
    """Return the Region nodes ``node`` is LOCATED_IN (its ``region_id`` attribute as fallback)."""
    regions = sorted(_targets(graph, node, LOCATED_IN, REGION))
    if not regions:
        rid = graph.nodes[node].get("region_id")
        candidate = f"region:{rid}"
        if rid and candidate in graph and graph.nodes[candidate].get("kind") == REGION:
            regions = [candidate]
    return regions


def _priority_cells(graph: nx.MultiDiGraph) -> _Cells:
    cells: _Cells = defaultdict(float)
    for region in of_kind(graph, REGION):
        for priority in sorted(_targets(graph, region, HAS_PRIORITY, PRIORITY)):
            domains = _targets(graph, priority, IN_DOMAIN, DOMAIN)
            for domain, w in _split(domains).items():
                cells[region, _key(graph, domain)] += w
    return cells


def _cluster_cells(graph: nx.MultiDiGraph) -> _Cells:
    cells: _Cells = defaultdict(float)
    for cluster in of_kind(graph, CLUSTER):
        regions = _region_of(graph, cluster)
        domains = _targets(graph, cluster, IN_DOMAIN, DOMAIN)
        if not regions or not domains:
            continue
        for domain, w in _split(domains).items():
            for region in regions:
                cells[region, _key(graph, domain)] += w / len(regions)
    return cells


def _actor_cells(graph: nx.MultiDiGraph, nace_to_domains: NaceMapper | None) -> _Cells:
    """Return the actors' cells, vectorised over the shared incidence matrices.

    Every actor adds ``1 / (domains * regions)`` to each of its (region, domain) cells; the
    contributions are summed actor by actor in sorted actor order (``np.bincount`` adds in
    input order), so the totals are the same floats as a loop over the actors gives.
    """
    cells: _Cells = {}
    if nace_to_domains is None:
        return cells
    inc = incidence(graph)
    domains, nace = inc.actor_nace_domains(graph, nace_to_domains)
    located = inc.located(ACTOR, graph)
    regions = inc.nodes.get(REGION, [])
    if not domains or not regions:
        return cells
    n_reg = np.diff(located.indptr)
    n_dom = np.diff(nace.indptr)
    active = (n_reg > 0) & (n_dom > 0)
    # one entry per (actor, region) of the active actors, repeated once per actor domain
    la_rows = np.repeat(np.arange(len(n_reg)), n_reg)
    la_keep = active[la_rows]
    la_rows, la_cols = la_rows[la_keep], located.indices[la_keep]
    times = n_dom[la_rows]
    actor = np.repeat(la_rows, times)
    region = np.repeat(la_cols, times)
    first = np.repeat(np.cumsum(times) - times, times)
    offset = np.arange(len(actor)) - first
    domain = nace.indices[nace.indptr[actor] + offset]
    weight = 1.0 / (n_dom[actor] * n_reg[actor])
    flat = region.astype(np.int64) * len(domains) + domain
    size = len(regions) * len(domains)
    totals = np.bincount(flat, weights=weight, minlength=size)
    touched = np.flatnonzero(np.bincount(flat, minlength=size))
    for cell, value in zip(touched.tolist(), totals[touched].tolist(), strict=True):
        r, d = divmod(cell, len(domains))
        cells[regions[r], domains[d]] = value
    return cells


def _project_cells(graph: nx.MultiDiGraph) -> _Cells:
    """Return the participations' cells: each adds 1 to its actor's region, split by domain."""
    cells: _Cells = defaultdict(float)
    for project in of_kind(graph, PROJECT):
        domains = _split(_targets(graph, project, IN_DOMAIN, DOMAIN))
        if not domains:
            continue
        for actor, _, key in sorted(graph.in_edges(project, keys=True)):
            if key != PARTICIPATES_IN:
                continue
            regions = _region_of(graph, actor)
            for domain, w in domains.items():
                for region in regions:
                    cells[region, _key(graph, domain)] += w / len(regions)
    return cells


def _frame(graph: nx.MultiDiGraph, cells: _Cells, domains: list[str]) -> pd.DataFrame:
    regions = of_kind(graph, REGION)
    frame = pd.DataFrame(
        0.0,
        index=pd.Index([_key(graph, r) for r in regions], name="region_id"),
        columns=pd.Index(domains, name="domain"),
    )
    row = {r: i for i, r in enumerate(regions)}
    col = {d: j for j, d in enumerate(domains)}
    values = frame.to_numpy(copy=True)
    for (region, domain), w in cells.items():
        values[row[region], col[domain]] += w
    return pd.DataFrame(values, index=frame.index, columns=frame.columns)


def _shares(frame: pd.DataFrame) -> pd.DataFrame:
    totals = frame.sum(axis=1)
    return frame.div(totals.where(totals > 0, 1.0), axis=0)


def region_domain_values(
    graph: nx.MultiDiGraph,
    *,
    source: str = "combined",
    weights: Mapping[str, float] | None = None,
    nace_to_domains: NaceMapper | None = None,
) -> pd.DataFrame:
    """Return the regions x domains activity matrix read from the graph.

    See the module docstring for how each source is counted and how sources combine.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The property graph (:func:`synergy.graph.build.build_graph`).
    source : str
        A source of :data:`SOURCE_REGISTRY` (``"priorities"``, ``"clusters"``, ``"actors"``,
        ``"projects"``), a role (``"capability"``, ``"intent"``) or ``"combined"`` (default,
        every source).
    weights : mapping, optional
        Source weights when several sources combine; missing keys take
        :data:`DEFAULT_SOURCE_WEIGHTS`. A weight of 0 drops the source.
    nace_to_domains : callable, optional
        ``code -> list of domain ids`` for the actors source (``Taxonomy.domains_for_nace``).

    Returns
    -------
    DataFrame
        float, index ``region_id`` (sorted), columns ``domain`` (sorted).

    Raises
    ------
    ValueError
        For an unknown ``source`` or weight name, or a negative weight.

    Notes
    -----
    Time O(V + E) over the graph plus O(n m) for the matrix; the actors source is
    vectorised over the shared incidence matrices (:mod:`synergy.graph.incidence`).
    """
    names = sources_of(source)
    w = dict(DEFAULT_SOURCE_WEIGHTS)
    for name, value in (weights or {}).items():
        if name not in w:
            raise ValueError(f"unknown source weight {name!r}; use {sorted(w)}")
        if not value >= 0:
            raise ValueError(f"source weight {name!r} must be >= 0, got {value!r}")
        w[name] = float(value)
    cells = {n: SOURCE_REGISTRY[n].cells(graph, nace_to_domains) for n in names}
    domains = {_key(graph, d) for d in of_kind(graph, DOMAIN)}
    domains.update(d for c in cells.values() for (_, d) in c)
    columns = sorted(domains)
    if len(names) == 1:
        return _frame(graph, cells[names[0]], columns)
    total = None
    weight_sum = None
    for name in names:
        if w[name] == 0:
            continue
        frame = _frame(graph, cells[name], columns)
        has_data = (frame.sum(axis=1) > 0).astype(float) * w[name]
        part = _shares(frame) * w[name]
        total = part if total is None else total + part
        weight_sum = has_data if weight_sum is None else weight_sum + has_data
    if total is None:
        return _frame(graph, {}, columns)
    assert weight_sum is not None
    return total.div(weight_sum.where(weight_sum > 0, 1.0), axis=0)


def cluster_counts(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Return the number of clusters each region has in each domain (regions x domains, int).

    A cluster counts once in every domain it is ``IN_DOMAIN`` of and every region it is
    ``LOCATED_IN``. Labels as :func:`region_domain_values`. Time O(V + E).
    """
    cells: _Cells = defaultdict(float)
    for cluster in of_kind(graph, CLUSTER):
        for region in _region_of(graph, cluster):
            for domain in _targets(graph, cluster, IN_DOMAIN, DOMAIN):
                cells[region, _key(graph, domain)] += 1.0
    columns = sorted({_key(graph, d) for d in of_kind(graph, DOMAIN)})
    return _frame(graph, cells, columns).astype(np.int64)


def region_names(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Return ``{region_id: name}`` for every Region node (the id when it has no name)."""
    return {
        _key(graph, r): str(graph.nodes[r].get("name") or _key(graph, r))
        for r in of_kind(graph, REGION)
    }
