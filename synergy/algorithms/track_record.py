"""Track record: the projects a candidate's parties already carried out together.

A candidate's *parties* are the groups whose cooperation it proposes: the member actors of
each cluster for a ``pilot``, each region's actors on the chain for a ``value-chain``
candidate, all actors of each region for a ``shared-priority`` candidate. A project is a
*joint project* of two parties when an actor of each takes part in it (two different actors:
a member of both clusters does not make a collaboration on its own). Each joint project
counts with

* its recency, ``0.5 ** (age / half_life_years)``, the age measured from the newest project
  start in the data (not from today, so reruns give the same bytes); an undated project
  counts ``undated_weight``;
* the weaker side's role: ``minor_role_weight`` when a side only took part as
  ``associatedPartner`` or ``thirdParty`` (they rarely carry budget), 1 otherwise.

``track_record`` = min(1, summed weight / ``saturation``), averaged over the party pairs of a
trio. The component joins the candidate's score with the kind's ``track_record`` weight; the
evidence sentence names up to ``max_named`` joint projects (acronym and start year), and a
candidate without any is flagged ``new_partnership``: a new partnership is worth proposing
too, so it keeps every other component and is not zeroed.

Without projects in the graph nothing changes: the component is left out (not 0), since no
data is no evidence of no collaboration.

Complexity: O(P) to index the participations once per graph; per candidate, the union of its
parties' project sets (memoised per party) and a pass over the smaller set per party pair.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx

from synergy.core.model import (
    ACTIVE_IN,
    ACTOR,
    CLUSTER,
    LOCATED_IN,
    MEMBER_OF,
    PART_OF,
    PARTICIPATES_IN,
    PROJECT,
    REGION,
    STAGE,
    VALUE_CHAIN,
    node_id,
)
from synergy.core.scoring import Candidate, Weights, composite
from synergy.core.settings import TrackRecordParams
from synergy.graph.incidence import incidence

__all__ = ["KINDS", "JointProject", "TrackRecord", "track_record", "with_track_record"]

KINDS = ("shared-priority", "value-chain", "pilot")
"""Candidate kinds whose scores take the ``track_record`` component."""


@dataclass(frozen=True)
class JointProject:
    """A project two parties of a candidate carried out together, with its weight."""

    project: str  # node id
    name: str  # acronym (or title)
    year: int | None
    weight: float

    def label(self) -> str:
        """Return ``ACRONYM (year)``."""
        return f"{self.name} ({self.year})" if self.year else self.name


# party -> project node -> (participating actor nodes of the party, best role weight)
_Projects = dict[str, tuple[frozenset[str], float]]


class TrackRecord:
    """Who took part in which project, and each project's recency weight, for one graph."""

    def __init__(self, g: nx.MultiDiGraph, params: TrackRecordParams):
        self.g = g
        self.params = params
        inc = incidence(g)
        self.projects = inc.nodes.get(PROJECT, [])
        starts = {p: _date(g.nodes[p].get("start")) for p in self.projects}
        dated = [d for d in starts.values() if d is not None]
        newest = max(dated) if dated else None
        self.newest = newest
        self.recency: dict[str, float] = {}
        for p, d in starts.items():
            if d is None or newest is None:
                self.recency[p] = params.undated_weight
            else:
                age = (newest - d).days / 365.25
                self.recency[p] = 0.5 ** (age / params.half_life_years)
        self.year = {p: d.year if d else None for p, d in starts.items()}
        self.by_actor: dict[str, list[tuple[str, float]]] = {}
        minor = {r.casefold() for r in params.minor_roles}
        for p in self.projects:
            for a, _, key, data in g.in_edges(p, keys=True, data=True):
                if key != PARTICIPATES_IN:
                    continue
                role = str(data.get("role") or "").casefold()
                w = params.minor_role_weight if role in minor else 1.0
                self.by_actor.setdefault(a, []).append((p, w))
        self._memo: dict[tuple, _Projects] = {}

    @classmethod
    def of(cls, g: nx.MultiDiGraph, params: TrackRecordParams | None = None) -> TrackRecord | None:
        """Return the graph's track record (memoised per graph and params), None without
        projects."""
        params = params or TrackRecordParams()
        inc = incidence(g)
        if not inc.nodes.get(PROJECT):
            return None
        key = ("track_record", params)
        if key not in inc.memo:
            inc.memo[key] = cls(g, params)
        return inc.memo[key]

    # --- parties ---------------------------------------------------------------------------

    def _party(self, key: tuple, actors: Iterable[str]) -> _Projects:
        if key not in self._memo:
            found: dict[str, tuple[set[str], float]] = {}
            for a in actors:
                for p, w in self.by_actor.get(a, ()):
                    who, best = found.get(p, (set(), 0.0))
                    who.add(a)
                    found[p] = (who, max(best, w))
            self._memo[key] = {p: (frozenset(who), w) for p, (who, w) in found.items()}
        return self._memo[key]

    def region(self, region_id: str) -> _Projects:
        """Return the projects of a region's actors."""
        rnode = node_id(REGION, region_id)
        return self._party(("region", region_id), _sources(self.g, rnode, LOCATED_IN, ACTOR))

    def cluster(self, cluster_id: str) -> _Projects:
        """Return the projects of a cluster's member actors."""
        cnode = node_id(CLUSTER, cluster_id)
        return self._party(("cluster", cluster_id), _sources(self.g, cnode, MEMBER_OF, ACTOR))

    def chain_region(self, chain_id: str, region_id: str) -> _Projects:
        """Return the projects of a region's actors active on a value chain's stages."""

        def actors() -> Iterable[str]:
            cnode = node_id(VALUE_CHAIN, chain_id)
            stages = _sources(self.g, cnode, PART_OF, STAGE) if cnode in self.g else []
            for s in stages:
                for a in _sources(self.g, s, ACTIVE_IN, ACTOR):
                    if self.g.nodes[a].get("region_id") == region_id:
                        yield a

        return self._party(("chain", chain_id, region_id), actors())

    def parties(self, c: Candidate) -> list[_Projects]:
        """Return the project sets of a candidate's parties (see the module docstring)."""
        if c.kind == "pilot":
            return [self.cluster(x) for x in c.clusters]
        if c.kind == "value-chain" and c.chain_id:
            return [self.chain_region(c.chain_id, r) for r in c.regions]
        return [self.region(r) for r in c.regions]

    # --- joint projects --------------------------------------------------------------------

    def joint(self, a: _Projects, b: _Projects) -> list[JointProject]:
        """Return the joint projects of two parties, heaviest first."""
        small, large = (a, b) if len(a) <= len(b) else (b, a)
        out = []
        for p, (who, w) in small.items():
            other = large.get(p)
            if other is None:
                continue
            if len(who) == 1 and who == other[0]:
                continue  # one actor in both parties is no collaboration
            weight = self.recency[p] * min(w, other[1])
            out.append(JointProject(p, self._name(p), self.year[p], weight))
        return sorted(out, key=lambda j: (-j.weight, -(j.year or 0), j.name, j.project))

    def _name(self, p: str) -> str:
        data = self.g.nodes[p]
        return str(data.get("acronym") or data.get("name") or data.get("key") or p)

    def score(self, c: Candidate) -> tuple[float, list[JointProject]]:
        """Return the candidate's ``track_record`` (0-1) and its joint projects, heaviest first."""
        sides = self.parties(c)
        if len(sides) < 2:
            return 0.0, []
        values = []
        seen: dict[str, JointProject] = {}
        for a, b in itertools.combinations(sides, 2):
            found = self.joint(a, b)
            values.append(min(1.0, sum(j.weight for j in found) / self.params.saturation))
            for j in found:
                if j.project not in seen or j.weight > seen[j.project].weight:
                    seen[j.project] = j
        projects = sorted(
            seen.values(), key=lambda j: (-j.weight, -(j.year or 0), j.name, j.project)
        )
        return sum(values) / len(values), projects


def track_record(
    g: nx.MultiDiGraph, candidate: Candidate, *, params: TrackRecordParams | None = None
) -> tuple[float, list[JointProject]] | None:
    """Return a candidate's ``track_record`` and joint projects, None when the graph has no
    projects.

    Examples
    --------
    >>> import networkx as nx
    >>> from synergy.core.scoring import Candidate
    >>> g = nx.MultiDiGraph()
    >>> for r in ("A", "B"):
    ...     g.add_node(f"region:{r}", kind="Region", key=r, name=r)
    ...     g.add_node(f"actor:{r}1", kind="Actor", key=f"{r}1", name=f"{r}1", region_id=r)
    ...     _ = g.add_edge(f"actor:{r}1", f"region:{r}", key="LOCATED_IN", type="LOCATED_IN")
    >>> g.add_node("project:1", kind="Project", key="1", name="P1", start="2020-01-01")
    >>> for a in ("A1", "B1"):
    ...     _ = g.add_edge(f"actor:{a}", "project:1", key="PARTICIPATES_IN", type="PARTICIPATES_IN",
    ...                role="participant")
    >>> c = Candidate("shared-priority", ("A", "B"), 0.5, {}, "A and B share energy.")
    >>> value, found = track_record(g, c)
    >>> value, [j.label() for j in found]
    (0.5, ['P1 (2020)'])
    """
    record = TrackRecord.of(g, params)
    if record is None:
        return None
    return record.score(candidate)


def with_track_record(
    g: nx.MultiDiGraph,
    candidates: list[Candidate],
    *,
    weights: Weights | None = None,
    params: TrackRecordParams | None = None,
) -> list[Candidate]:
    """Return the candidates with the ``track_record`` component, score and evidence added.

    Only candidates of :data:`KINDS` change, and only when the graph holds projects; the
    others come back as they are. The score is recomputed as the weighted mean of all
    components with the kind's weights; ``extra`` gains ``new_partnership`` (True when the
    parties share no project) and ``shared_projects`` (the joint projects' ids, heaviest first).
    """
    params = params or TrackRecordParams()
    record = TrackRecord.of(g, params)
    if record is None:
        return list(candidates)
    weights = weights or Weights()
    out = []
    for c in candidates:
        if c.kind not in KINDS:
            out.append(c)
            continue
        value, found = record.score(c)
        components = {**c.components, "track_record": value}
        extra = {
            **c.extra,
            "new_partnership": not found,
            "shared_projects": ";".join(g.nodes[j.project].get("key", j.project) for j in found),
        }
        out.append(
            dataclasses.replace(
                c,
                score=composite(components, weights.of(c.kind)),
                components=components,
                evidence=c.evidence.rstrip() + " " + _sentence(found, params.max_named),
                extra=extra,
            )
        )
    return out


def _sentence(found: list[JointProject], cap: int) -> str:
    if not found:
        return "New partnership: no joint project of theirs in the projects data."
    names = [j.label() for j in found[:cap]]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    more = f" (and {len(found) - cap} more)" if len(found) > cap else ""
    n = len(found)
    return f"Already worked together in {n} project{'s' if n != 1 else ''}: {listed}{more}."


def _sources(g: nx.MultiDiGraph, node: str, etype: str, kind: str) -> list[str]:
    """Return the sorted ``kind`` nodes with an ``etype`` edge into ``node``."""
    if node not in g:
        return []
    return sorted(
        {u for u, _, k in g.in_edges(node, keys=True) if k == etype and g.nodes[u]["kind"] == kind}
    )


def _date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
