"""The scan, stage by stage: ingest → graph → algorithms → ranked candidates, in memory.

:func:`scan` runs the stages in order and returns a :class:`ScanResult`; writing it is the
job of :func:`synergy.outputs.scan_files.write_scan`. The CLI is a thin wrapper around these
two; so are the Neo4j push and the focused visualisations.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from synergy.algorithms.ranking import rank_candidates
from synergy.core.scoring import Candidate
from synergy.core.settings import ScanSettings

__all__ = ["ScanResult", "scan", "SCAN_STAGES", "Progress"]

Progress = Callable[[str], None]


@dataclass
class ScanResult:
    """What a scan found: the dataset, the graph, the ranked candidates and extra tables."""

    dataset: object  # ingest.Dataset
    graph: nx.MultiDiGraph
    pairings: pd.DataFrame
    settings: ScanSettings
    taxonomy: object
    candidates: list[Candidate] = field(default_factory=list)
    extras: dict[str, pd.DataFrame] = field(default_factory=dict)
    metrics: dict[str, object] = field(default_factory=dict)  # relatedness matrices
    timings: dict[str, float] = field(default_factory=dict)
    shortfalls: dict[str, str] = field(default_factory=dict)  # kind -> why it found nothing


SCAN_STAGES = 9  # calls of the progress callback in scan(); write_scan adds WRITE_STAGES


def _stage(timings: dict, progress: Progress | None, name: str, detail: str = "") -> None:
    """Start timing stage ``name`` and tell the progress callback (with counts, if any)."""
    if progress:
        progress(f"{name} ({detail})" if detail else name)
    timings[name] = time.perf_counter()


def scan(
    dataset_dir: str | Path,
    settings: ScanSettings | None = None,
    *,
    progress: Progress | None = None,
) -> ScanResult:
    """Return the scan of a dataset folder: validated tables, graph and ranked candidates.

    Raises
    ------
    synergy.core.errors.InputError
        When the dataset has problems (all of them listed).
    """
    from ingest import load_dataset
    from synergy.algorithms.shared_priorities import shared_priorities
    from synergy.algorithms.track_record import with_track_record
    from synergy.algorithms.value_chains import value_chain_complementarity
    from synergy.core.taxonomy import Taxonomy
    from synergy.graph.build import build_graph
    from synergy.graph.shortfalls import shortfalls

    settings = settings or ScanSettings()
    marks: dict[str, float] = {}
    t0 = time.perf_counter()
    _stage(marks, progress, "taxonomy")
    taxonomy = Taxonomy.load(settings.taxonomy_path)
    _stage(marks, progress, "ingest", f"{dataset_dir}")
    dataset = load_dataset(
        dataset_dir, taxonomy=taxonomy, match=settings.match, dedupe=settings.dedupe
    )
    rows = ", ".join(f"{len(df):,} {name}" for name, df in sorted(dataset.tables.items()))
    _stage(marks, progress, "graph", rows)
    graph = build_graph(dataset.tables, taxonomy)
    # The graph lives until the end of the scan: keep the collector from rescanning it.
    gc.collect()
    gc.freeze()
    try:
        size = f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges"
        _stage(marks, progress, "shared priorities", size)
        candidates = shared_priorities(
            graph, weights=settings.weights, params=settings.shared_priorities
        )
        _stage(marks, progress, "value chains", f"{len(candidates):,} candidates so far")
        candidates += value_chain_complementarity(
            graph, weights=settings.weights, params=settings.value_chains
        )
        candidates = with_track_record(
            graph, candidates, weights=settings.weights, params=settings.track_record
        )
        _stage(marks, progress, "pilots and calls", f"{len(candidates):,} candidates so far")
        pilots, calls, links = actionable_candidates(graph, settings)
        candidates += pilots + calls
        _stage(marks, progress, "relatedness", f"{len(candidates):,} candidates so far")
        related, extras, metrics = relatedness_analysis(graph, taxonomy, settings)
        candidates += related
        _stage(marks, progress, "communities and stress test", size)
        extras.update(structure_analysis(graph, taxonomy, settings, metrics))
        if links is not None and len(links):
            extras["links"] = links.head(settings.top or settings.links.shown).reset_index(
                drop=True
            )
        _stage(marks, progress, "ranking", f"{len(candidates):,} candidates")
        pairings = rank_candidates(
            candidates,
            graph,
            top=settings.top,
            favour_mixed_development=settings.favour_mixed_development,
        )
        found = pairings["kind"].value_counts().to_dict() if len(pairings) else {}
        why_empty = shortfalls(graph, found)
    finally:
        gc.unfreeze()
    marks["end"] = time.perf_counter()
    names = list(marks)
    timings = {
        names[i]: round(marks[names[i + 1]] - marks[names[i]], 4) for i in range(len(names) - 1)
    }
    timings["total"] = round(marks["end"] - t0, 4)
    return ScanResult(
        dataset=dataset,
        graph=graph,
        pairings=pairings,
        settings=settings,
        taxonomy=taxonomy,
        candidates=candidates,
        extras=extras,
        metrics=metrics,
        timings=timings,
        shortfalls=why_empty,
    )


def actionable_candidates(
    graph: nx.MultiDiGraph, settings: ScanSettings
) -> tuple[list[Candidate], list[Candidate], pd.DataFrame | None]:
    """Return joint pilot and synchronized call candidates, and the predicted links used.

    Predicted cluster-cluster links (Adamic-Adar / resource allocation over shared domains,
    stages and actors) feed the pilots' ``link`` component; with projects in the graph the
    pilots take their ``track_record`` before the calls rank the consortia they name.

    Complexity: O(A + E) once per graph for the shared incidence matrices
    (:mod:`synergy.graph.incidence`), then sparse products: links O(sum over features of
    min(d_f, 100)^2), pilots O(chains · C² · S) vectorised for C active clusters and S stages,
    calls linear in pilots and programmes. Nothing loops over the actors in Python.
    """
    from synergy.algorithms.calls import call_candidates
    from synergy.algorithms.links import predicted_links
    from synergy.algorithms.pilots import pilot_candidates
    from synergy.algorithms.track_record import with_track_record

    weights = settings.weights
    links = predicted_links(graph, top=None, params=settings.links)
    pilots = pilot_candidates(graph, weights=weights, params=settings.pilots, link_scores=links)
    pilots = with_track_record(graph, pilots, weights=weights, params=settings.track_record)
    calls = call_candidates(graph, pilots, weights=weights, params=settings.calls)
    return pilots, calls, links


def structure_analysis(
    graph: nx.MultiDiGraph, taxonomy, settings: ScanSettings, metrics: dict
) -> dict[str, pd.DataFrame]:
    """Return the communities, brokers and S3 stress-test tables of the graph.

    Complexity: the cluster/region projection is one sparse product of the clusters x
    features matrix, O(P) for its P similar pairs plus a kNN cut; Louvain about O(m log n)
    on the projection (n = clusters + regions, m <= 30 n); betweenness O(k (m + n log n))
    for k = max(32, 4e6 / m) seeded sources, vectorised; the stress test two sparse
    products over the actors, O(A + E). Independent of the number of actors beyond O(A + E).
    """
    from synergy.algorithms.brokers import brokers
    from synergy.algorithms.communities import communities, projection
    from synergy.algorithms.stress import stress_test

    out: dict[str, pd.DataFrame] = {}
    proj = projection(graph, params=settings.communities)
    if proj.number_of_nodes():
        comm = communities(graph, seed=settings.seed, params=settings.communities, proj=proj)
        out["communities"] = comm
        found = brokers(graph, comm, seed=settings.seed, params=settings.brokers, proj=proj)
        out["brokers"] = found[found["is_broker"]].reset_index(drop=True)
    stress = stress_test(
        graph,
        relatedness=metrics.get("values"),
        nace_to_domains=taxonomy.domains_for_nace,
        params=settings.stress,
    )
    out.update(stress.tables())
    return out


def relatedness_analysis(
    graph: nx.MultiDiGraph, taxonomy, settings: ScanSettings
) -> tuple[list[Candidate], dict[str, pd.DataFrame], dict[str, object]]:
    """Return diversification candidates, the per-region metrics table and the matrices.

    The region × domain matrix combines the sources of ``settings.relatedness.profile``:
    priorities, clusters (weighted by members), actors (through their NACE codes) and project
    participations, see :func:`synergy.graph.profiles.region_domain_values`.

    Complexity: O(A + E) for the matrix (each distinct NACE code list mapped once, actors
    summed with ``np.bincount``), then O(n m² + n² m) for n regions and m domains.
    """
    from synergy.algorithms.diversification import diversification_candidates
    from synergy.algorithms.relatedness import region_metrics
    from synergy.graph.profiles import PROFILE_SOURCES, region_domain_values, region_names

    chosen = settings.relatedness.profile
    unknown = [s for s in chosen if s not in PROFILE_SOURCES]
    if unknown or not chosen:
        from synergy.core.errors import SchemaError

        raise SchemaError(
            f"unknown profile source(s) {', '.join(unknown) or '(none given)'}; choose among "
            f"{', '.join(PROFILE_SOURCES)}.",
            option="profile",
        )
    values = region_domain_values(
        graph,
        source="combined",
        weights={s: 1.0 if s in chosen else 0.0 for s in PROFILE_SOURCES},
        nace_to_domains=taxonomy.domains_for_nace,
    )
    if values.shape[0] < 2 or values.shape[1] < 2:
        return [], {}, {}
    domain_names = {d: dom.name for d, dom in taxonomy.domains.items()}
    params = settings.relatedness
    found = diversification_candidates(
        graph,
        values,
        domain_names=domain_names,
        weights=settings.weights.of("relatedness"),
        params=params,
    )
    table, matrices = region_metrics(
        values,
        region_names(graph),
        rca_threshold=params.rca_threshold,
        proximity_method=params.proximity_method,
    )
    return found, {"relatedness": table}, matrices
