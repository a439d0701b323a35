"""The S3 stress test: is each region's strategy backed, robust, focused and coherent?

WP T1 of the seed project asks for a stress test of every partner region's smart
specialisation strategy and a benchmark of the regions against each other. Per region,
read from the graph:

``priorities``
    its ``HAS_PRIORITY`` priorities.
``no_cluster``
    priorities no cluster is behind: no cluster ``SUPPORTS`` them and no cluster of the same
    region works in any of their domains (``IN_DOMAIN``).
``no_actor``
    priorities no actor of the region is behind: none is a member of a cluster behind the
    priority, active in a value-chain stage of a chain in one of its domains, or (with
    ``nace_to_domains``) holds a NACE code that maps to one of its domains.
``single_points``
    value-chain stages the region holds through exactly one actor: if that actor leaves,
    the region drops out of that link of the chain
    (:func:`synergy.algorithms.value_chains.chain_coverage`).
    Marked *only one in all regions* when no other region has an actor there either.
``hhi``
    Herfindahl-Hirschman concentration of the region's domain portfolio, ``sum_d s_d^2``
    over the shares of the priorities and clusters sources of
    :func:`synergy.graph.profiles.region_domain_values` (1 = a single domain; ``1 / hhi`` is the
    number of equally weighted domains it amounts to).
``coherence``
    :func:`synergy.algorithms.relatedness.coherence` of the region's specialisations (RCA >= 1
    on the ``relatedness`` values matrix, default the combined profile), with the proximity of all
    regions: how related the domains it is strong in are to each other.
``development``
    the region's development level (``advanced``, ``transition``, ``less-developed``).
``clusters_with_members``, ``actors_per_cluster``, ``priorities_mapped``, ``completeness``
    how complete the region's data is: the share of its clusters with at least one member
    actor recorded, the mean number of member actors per cluster, the share of its
    priorities mapped to a domain, and ``complete``/``partial`` (partial when a cluster has
    no member recorded, a priority is unmapped, or the region has no actors). Where the data
    is partial, a "no cluster / no actor behind a priority" or "single actor" flag says
    *none in the data*: the gap may be in the delivery, not in the region.

:func:`stress_test` returns a :class:`StressReport` with the per-region table, plain-language
flags and a benchmark of every indicator against the median of all regions.

Complexity: O(A + E) once per graph for the shared incidence matrices; who backs which
priority is then two sparse products (clusters x regions with members there, regions x
domains their actors work in), O(E), plus O(P · c) for P priorities and c clusters per
region; O(n m^2) for the proximity of n regions and m domains.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from synergy.algorithms.relatedness import coherence, presence, proximity
from synergy.algorithms.value_chains import chain_coverage
from synergy.core.model import (
    ACTOR,
    CLUSTER,
    DOMAIN,
    HAS_PRIORITY,
    IN_DOMAIN,
    PART_OF,
    PRIORITY,
    REGION,
    STAGE,
    SUPPORTS,
    VALUE_CHAIN,
)
from synergy.core.settings import StressParams
from synergy.graph.incidence import incidence, of_kind, relation
from synergy.graph.nodes import neighbours
from synergy.graph.profiles import region_domain_values

__all__ = [
    "StressReport",
    "REGION_COLUMNS",
    "FLAG_COLUMNS",
    "BENCHMARK_COLUMNS",
    "BENCHMARK_INDICATORS",
    "stress_test",
]

NaceMapper = Callable[[str], list[str]]
REGION_COLUMNS = [
    "region_id",
    "name",
    "development",
    "priorities",
    "clusters",
    "actors",
    "priorities_no_cluster",
    "priorities_no_actor",
    "no_cluster",
    "no_actor",
    "single_points",
    "single_point_stages",
    "hhi",
    "effective_domains",
    "top_domain",
    "coherence",
    "clusters_with_members",
    "actors_per_cluster",
    "priorities_mapped",
    "completeness",
    "flags",
]


@dataclass(frozen=True)
class StressReport:
    """The stress test: per-region indicators, flags and the benchmark against the median.

    ``regions``   one row per region, columns :data:`REGION_COLUMNS` (names ``;``-joined)
    ``flags``     region_id, name, indicator, severity (high/medium/low), message, items
    ``benchmark`` region_id, name, indicator, value, median, position, assessment, message
    """

    regions: pd.DataFrame
    flags: pd.DataFrame
    benchmark: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables by output name (``stress``, ``stress-flags``, ``stress-benchmark``)."""
        return {
            "stress": self.regions,
            "stress-flags": self.flags,
            "stress-benchmark": self.benchmark,
        }


def _located(g: nx.MultiDiGraph, kind: str) -> dict[str, list[str]]:
    """Return region node -> sorted nodes of ``kind`` located in it.

    ``LOCATED_IN`` edges, else the node's ``region_id`` (see :meth:`Incidence.located`).
    """
    inc = incidence(g)
    m = inc.located(kind, g).tocsc()
    nodes, regions = inc.nodes.get(kind, []), inc.nodes.get(REGION, [])
    return {
        r: [nodes[i] for i in m.indices[m.indptr[j] : m.indptr[j + 1]].tolist()]
        for j, r in enumerate(regions)
        if m.indptr[j + 1] > m.indptr[j]
    }


def _chain_domains(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Return stage node -> domain nodes of its value chain."""
    out = {}
    for s in of_kind(g, STAGE):
        chains = neighbours(g, s, PART_OF, VALUE_CHAIN)
        out[s] = {d for c in chains for d in neighbours(g, c, IN_DOMAIN, DOMAIN)}
    return out


class _Backing:
    """What backs each region's priorities, from the shared incidence matrices.

    A region's actors are behind a priority through a cluster (a member located in the
    region, of a cluster behind it) or through their own domains (the domains of the chains
    whose stages they are active in, and with ``nace_to_domains`` of their NACE codes).
    Both only need, per region, the clusters with members there (clusters x regions) and
    the union of its actors' domains (regions x domains): two sparse products, O(E).
    """

    def __init__(self, g: nx.MultiDiGraph, stage_domains, nace_to_domains):
        inc = incidence(g)
        self.g = g
        self.cluster_pos = inc.index.get(CLUSTER, {})
        self.region_pos = inc.index.get(REGION, {})
        domains = inc.nodes.get(DOMAIN, [])
        self.domain_pos = {d: j for j, d in enumerate(domains)}
        stages = inc.nodes.get(STAGE, [])
        pairs = [
            (i, self.domain_pos[d])
            for i, s in enumerate(stages)
            for d in sorted(stage_domains.get(s, ()))
            if d in self.domain_pos
        ]
        via_stage = relation(
            [i for i, _ in pairs], [j for _, j in pairs], (len(stages), len(domains))
        )
        actor_domains = inc.actor_stage @ via_stage
        if nace_to_domains is not None:
            ids, nace = inc.actor_nace_domains(g, nace_to_domains)
            at = [self.domain_pos.get(f"domain:{x}") for x in ids]
            known = [(j, k) for j, k in enumerate(at) if k is not None]
            shape = (len(ids), len(domains))
            select = relation([j for j, _ in known], [k for _, k in known], shape)
            actor_domains = actor_domains + nace @ select
        located = inc.located(ACTOR, g)
        self.region_domains = (located.T @ actor_domains).toarray() > 0
        self.member_in = (inc.actor_cluster.T @ located).toarray() > 0
        cd = inc.cluster_domain
        self.cluster_domains = [
            {domains[j] for j in cd.indices[cd.indptr[i] : cd.indptr[i + 1]].tolist()}
            for i in range(cd.shape[0])
        ]

    def __call__(self, region: str, clusters: list[str]):
        """Return (priorities, without cluster, without actor) of one region (priority nodes)."""
        g = self.g
        r = self.region_pos[region]
        priorities = neighbours(g, region, HAS_PRIORITY, PRIORITY)
        at = [self.cluster_pos[c] for c in clusters]
        no_cluster, no_actor = [], []
        for p in priorities:
            domains = set(neighbours(g, p, IN_DOMAIN, DOMAIN))
            supporters = set(neighbours(g, p, SUPPORTS, CLUSTER, out=False))
            behind = [
                i
                for c, i in zip(clusters, at, strict=True)
                if c in supporters or self.cluster_domains[i] & domains
            ]
            if not behind:
                no_cluster.append(p)
            via_cluster = any(self.member_in[i, r] for i in behind)
            own = any(self.region_domains[r, self.domain_pos[d]] for d in domains)
            if not via_cluster and not own:
                no_actor.append(p)
        return priorities, no_cluster, no_actor


def _completeness(g, clusters, priorities, members, cluster_pos, actors: int) -> dict:
    """Return the data-completeness columns of one region (module docstring)."""
    held = [int(members[cluster_pos[c]]) for c in clusters]
    mapped = [p for p in priorities if neighbours(g, p, IN_DOMAIN, DOMAIN)]
    with_members = sum(1 for n in held if n > 0) / len(held) if held else np.nan
    per_cluster = sum(held) / len(held) if held else np.nan
    share = len(mapped) / len(priorities) if priorities else np.nan
    gaps = []
    if held and with_members < 1:
        gaps.append(f"{sum(1 for n in held if n == 0)} of {len(held)} clusters without members")
    if priorities and share < 1:
        gaps.append(f"{len(priorities) - len(mapped)} of {len(priorities)} priorities unmapped")
    if actors == 0:
        gaps.append("no actors recorded")
    return {
        "clusters_with_members": round(with_members, 4) if held else np.nan,
        "actors_per_cluster": round(per_cluster, 2) if held else np.nan,
        "priorities_mapped": round(share, 4) if priorities else np.nan,
        "completeness": "partial: " + ", ".join(gaps) if gaps else "complete",
    }


def _single_points(g: nx.MultiDiGraph) -> dict[str, list[tuple[str, str, bool]]]:
    """Return region_id -> [(stage label, actor name, only one in all regions)], sorted."""
    out: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for cov in chain_coverage(g):
        for k, stage in enumerate(cov.stages):
            holders = {r: cov.actors.get((r, stage), []) for r in cov.regions}
            everyone = {a for acts in holders.values() for a in acts}
            for r, acts in holders.items():
                if len(acts) == 1:
                    label = f"{cov.name}: {cov.stage_names[k]}"
                    name = str(g.nodes[acts[0]].get("name", acts[0]))
                    out[r].append((label, name, len(everyone) == 1))
    return out


def _concentration(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Return per region_id: hhi, effective_domains, top_domain (priorities + clusters)."""
    values = region_domain_values(g, source="combined", weights={"actors": 0.0})
    total = values.sum(axis=1)
    shares = values.div(total.where(total > 0, 1.0), axis=0)
    hhi = (shares**2).sum(axis=1).where(total > 0)
    names = {g.nodes[d]["key"]: g.nodes[d].get("name", d) for d in of_kind(g, DOMAIN)}
    top = [
        f"{names.get(row.idxmax(), row.idxmax())} {row.max():.0%}" if row.max() > 0 else ""
        for _, row in shares.iterrows()
    ]
    return pd.DataFrame(
        {"hhi": hhi, "effective_domains": 1.0 / hhi, "top_domain": top}, index=values.index
    )


def _coherence(g: nx.MultiDiGraph, values: pd.DataFrame | None, nace_to_domains) -> pd.Series:
    if values is None:
        values = region_domain_values(g, nace_to_domains=nace_to_domains)
    if values.shape[0] < 2 or values.shape[1] < 2:
        return pd.Series(np.nan, index=values.index, name="coherence")
    m = presence(values)
    return coherence(m, proximity(m))


def stress_test(
    graph: nx.MultiDiGraph,
    *,
    relatedness: pd.DataFrame | None = None,
    nace_to_domains: NaceMapper | None = None,
    params: StressParams | None = None,
) -> StressReport:
    """Return the S3 stress test of every region in the graph.

    Parameters
    ----------
    graph
        The synergy graph (:func:`synergy.graph.build.build_graph`).
    relatedness
        The regions x domains activity matrix coherence is computed on (e.g.
        :func:`synergy.graph.profiles.region_domain_values` with a NACE mapping); default: the
        combined priorities + clusters (+ actors with ``nace_to_domains``) profile.
    nace_to_domains
        ``code -> domain ids`` (``Taxonomy.domains_for_nace``), so an actor's NACE codes
        count as being behind a priority and feed the default coherence matrix.

    Returns
    -------
    StressReport
        ``.regions``, ``.flags`` and ``.benchmark`` tables, sorted by region id.
    """
    located_clusters = _located(graph, CLUSTER)
    inc = incidence(graph)
    per_region = np.diff(inc.located(ACTOR, graph).tocsc().indptr).tolist()
    actor_counts = dict(zip(inc.nodes.get(REGION, []), per_region, strict=True))
    backing = _Backing(graph, _chain_domains(graph), nace_to_domains)
    spof = _single_points(graph)
    conc = _concentration(graph)
    coh = _coherence(graph, relatedness, nace_to_domains)
    members = np.diff(inc.actor_cluster.tocsc().indptr)  # member actors per cluster
    cluster_pos = inc.index.get(CLUSTER, {})
    rows = []
    for region in of_kind(graph, REGION):
        data = graph.nodes[region]
        rid = data["key"]
        clusters = located_clusters.get(region, [])
        priorities, no_cluster, no_actor = backing(region, clusters)
        points = spof.get(rid, [])

        def titles(nodes: list[str]) -> str:
            return ";".join(str(graph.nodes[p].get("name", p)) for p in nodes)

        rows.append(
            {
                "region_id": rid,
                "name": data.get("name", rid),
                "development": data.get("development", "") or "",
                "priorities": len(priorities),
                "clusters": len(clusters),
                "actors": actor_counts.get(region, 0),
                "priorities_no_cluster": len(no_cluster),
                "priorities_no_actor": len(no_actor),
                "no_cluster": titles(no_cluster),
                "no_actor": titles(no_actor),
                "single_points": len(points),
                "single_point_stages": ";".join(
                    f"{label} ({actor}{', only one in all regions' if alone else ''})"
                    for label, actor, alone in points
                ),
                "hhi": float(conc["hhi"].get(rid, np.nan)),
                "effective_domains": float(conc["effective_domains"].get(rid, np.nan)),
                "top_domain": conc["top_domain"].get(rid, ""),
                "coherence": float(coh.get(rid, np.nan)),
                **_completeness(
                    graph, clusters, priorities, members, cluster_pos, actor_counts.get(region, 0)
                ),
                "_points": points,
            }
        )
    regions = pd.DataFrame(rows)
    if regions.empty:
        empty = pd.DataFrame(columns=REGION_COLUMNS)
        return StressReport(empty, region_flags(empty, params), benchmark_table(empty))
    flags = region_flags(regions, params)
    counts = flags.groupby("region_id").size() if len(flags) else pd.Series(dtype=int)
    regions["flags"] = [int(counts.get(r, 0)) for r in regions["region_id"]]
    return StressReport(
        regions=regions[REGION_COLUMNS].reset_index(drop=True),
        flags=flags,
        benchmark=benchmark_table(regions),
    )


# --------------------------------------------------------------------------- flags, benchmark

FLAG_COLUMNS = ["region_id", "name", "indicator", "severity", "message", "items"]
BENCHMARK_COLUMNS = [
    "region_id",
    "name",
    "indicator",
    "value",
    "median",
    "position",
    "assessment",
    "message",
]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# (indicator, label, higher is better: True/False/None = neutral, format)
BENCHMARK_INDICATORS = (
    ("cluster_backing", "priorities with a cluster behind them", True, "pct"),
    ("actor_backing", "priorities with an actor behind them", True, "pct"),
    ("clusters_per_priority", "clusters per priority", True, "num"),
    ("single_points", "value-chain stages resting on one actor", False, "int"),
    ("hhi", "portfolio concentration (HHI)", False, "num"),
    ("coherence", "portfolio coherence", True, "num"),
    ("clusters", "clusters", None, "int"),
    ("actors", "actors", None, "int"),
)


def _fmt(value: float, how: str) -> str:
    if value != value:
        return "n/a"
    if how == "pct":
        return f"{value:.0%}"
    if how == "int":
        return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"
    return f"{value:.2f}"


def _names(items: str, cap: int) -> str:
    parts = [p for p in items.split(";") if p]
    more = f" and {len(parts) - cap} more" if len(parts) > cap else ""
    return ", ".join(parts[:cap]) + more


def _flag(row, indicator: str, severity: str, message: str, items: str = "") -> dict:
    return {
        "region_id": row["region_id"],
        "name": row["name"],
        "indicator": indicator,
        "severity": severity,
        "message": message,
        "items": items,
    }


def region_flags(regions: pd.DataFrame, params: StressParams | None = None) -> pd.DataFrame:
    """Return plain-language flags for the weak spots of each region's strategy.

    ``params`` holds the thresholds: a portfolio is concentrated from ``hhi_concentrated``
    (0.25, the US DoJ/FTC "highly concentrated" market threshold, HHI 2,500 on a 0-10,000
    scale), highly so from ``hhi_very_concentrated``; coherence is low in the lowest quartile
    and below ``coherence_margin`` times the median (clearly below it, not noise around it).
    """
    params = params or StressParams()
    if regions.empty:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    median_hhi = float(regions["hhi"].median())
    coh = regions["coherence"].dropna()
    low_coherence = float(coh.quantile(0.25)) if len(coh) >= 4 else np.nan
    median_coherence = float(coh.median()) if len(coh) else np.nan
    out = []
    for _, row in regions.iterrows():
        out += _backing_flags(row, params.max_named)
        out += _single_point_flags(row, params.max_named)
        out += _concentration_flags(row, median_hhi, params)
        c = float(row["coherence"])
        if c == c and c < low_coherence and c < params.coherence_margin * median_coherence:
            out.append(
                _flag(
                    row,
                    "coherence",
                    "low",
                    f"Among the least coherent portfolios: coherence {c:.2f} (median "
                    f"{median_coherence:.2f}); its strong domains seldom go together elsewhere.",
                )
            )
    flags = pd.DataFrame(out, columns=FLAG_COLUMNS)
    order = flags["severity"].map(SEVERITY_ORDER)
    return (
        flags.assign(_o=order)
        .sort_values(["_o", "region_id", "indicator"], kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def _incomplete(row) -> str:
    """Return ", none in the data (...)" when the region's data is known to be partial."""
    state = str(row.get("completeness", "complete") or "complete")
    if state.startswith("partial"):
        return f" — none in the data, which is {state}"
    return ""


def _backing_flags(row, cap: int) -> list[dict]:
    """Return the flags of a region without priorities or with priorities nobody backs."""
    n = int(row["priorities"])
    out = []
    if n == 0:
        out.append(_flag(row, "priorities", "high", "No S3 priorities are recorded."))
    for column, count, what in (
        ("no_cluster", "priorities_no_cluster", "cluster"),
        ("no_actor", "priorities_no_actor", "actor"),
    ):
        k = int(row[count])
        if n and k:
            severity = "high" if k * 2 >= n else "medium"
            verb = "has" if k == 1 else "have"
            pronoun = "it" if k == 1 else "them"
            tail = _incomplete(row)
            out.append(
                _flag(
                    row,
                    column,
                    severity,
                    f"{k} of {n} priorities ({_names(row[column], cap)}) {verb} no {what} "
                    f"behind {pronoun}{tail}.",
                    row[column],
                )
            )
    return out


def _single_point_flags(row, cap: int) -> list[dict]:
    """Return the flag of a region whose value-chain stages rest on a single actor."""
    points = row.get("_points") or []
    if not points:
        return []
    alone = [p for p in points if p[2]]
    text = "; ".join(f"{label} ({actor})" for label, actor, _ in points[:cap])
    more = f" and {len(points) - cap} more" if len(points) > cap else ""
    tail = f"; {len(alone)} of them held by no other region either" if alone else ""
    return [
        _flag(
            row,
            "single_points",
            "high" if alone else "medium",
            f"{len(points)} value-chain stage{'s rest' if len(points) != 1 else ' rests'} "
            f"on a single actor: {text}{more}{tail}{_incomplete(row)}.",
            row["single_point_stages"],
        )
    ]


def _concentration_flags(row, median_hhi: float, params: StressParams) -> list[dict]:
    """Return the flag of a region whose domain portfolio is concentrated."""
    hhi = float(row["hhi"])
    if not (hhi == hhi and hhi >= params.hhi_concentrated):
        return []
    return [
        _flag(
            row,
            "hhi",
            "high" if hhi >= params.hhi_very_concentrated else "medium",
            f"Concentrated portfolio: HHI {hhi:.2f}, like "
            f"{row['effective_domains']:.1f} equally weighted domains (median of all "
            f"regions {median_hhi:.2f}); largest domain: {row['top_domain']}.",
            row["top_domain"],
        )
    ]


def _indicator_values(regions: pd.DataFrame) -> pd.DataFrame:
    n = regions["priorities"].where(regions["priorities"] > 0)
    return pd.DataFrame(
        {
            "cluster_backing": 1 - regions["priorities_no_cluster"] / n,
            "actor_backing": 1 - regions["priorities_no_actor"] / n,
            "clusters_per_priority": regions["clusters"] / n,
            "single_points": regions["single_points"].astype(float),
            "hhi": regions["hhi"],
            "coherence": regions["coherence"],
            "clusters": regions["clusters"].astype(float),
            "actors": regions["actors"].astype(float),
        }
    )


def benchmark_table(regions: pd.DataFrame) -> pd.DataFrame:
    """Return every region's indicators against the median of all regions, in words."""
    if regions.empty:
        return pd.DataFrame(columns=BENCHMARK_COLUMNS)
    values = _indicator_values(regions)
    out = []
    for indicator, label, higher_better, how in BENCHMARK_INDICATORS:
        column = values[indicator]
        median = float(column.median())
        for i, row in regions.iterrows():
            v = float(column.loc[i])
            if v != v or median != median:
                position = "n/a"
            elif np.isclose(v, median):
                position = "at median"
            else:
                position = "above median" if v > median else "below median"
            if higher_better is None or position in ("n/a", "at median"):
                assessment = "" if position == "n/a" else "typical"
                if higher_better is None and position not in ("n/a", "at median"):
                    assessment = "larger" if v > median else "smaller"
            else:
                assessment = "better" if (v > median) == higher_better else "worse"
            words = {"better": "better than", "worse": "worse than", "typical": "at"}
            relation = words.get(assessment, "compared with")
            if assessment in ("larger", "smaller"):
                relation = f"{assessment} than"
            message = (
                f"{label[0].upper() + label[1:]}: {_fmt(v, how)}, {relation} the median of all "
                f"regions ({_fmt(median, how)})."
                if position != "n/a"
                else f"{label[0].upper() + label[1:]}: not available."
            )
            out.append(
                {
                    "region_id": row["region_id"],
                    "name": row["name"],
                    "indicator": indicator,
                    "value": round(v, 6) if v == v else np.nan,
                    "median": round(median, 6) if median == median else np.nan,
                    "position": position,
                    "assessment": assessment,
                    "message": message,
                }
            )
    return (
        pd.DataFrame(out, columns=BENCHMARK_COLUMNS)
        .sort_values(["region_id"], kind="stable")
        .reset_index(drop=True)
    )
