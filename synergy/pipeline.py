"""The scan, stage by stage: ingest → graph → algorithms → ranked candidates, in memory.

:func:`scan` runs the stages in order and returns a :class:`ScanResult`; writing it is the
job of :func:`synergy.outputs.scan_files.write_scan`. The CLI is a thin wrapper around these
two; so are the Neo4j push and the focused visualisations.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import networkx as nx
import pandas as pd

from synergy.algorithms.calls import CallResult
from synergy.algorithms.ranking import rank_candidates
from synergy.core.gcpause import gc_paused
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
    choices: dict[str, object] = field(default_factory=dict)  # data-dependent choices made
    timings: dict[str, float] = field(default_factory=dict)
    shortfalls: dict[str, str] = field(default_factory=dict)  # kind -> why it found nothing


SCAN_STAGES = 10  # calls of the progress callback in scan(); write_scan adds WRITE_STAGES


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
    prepare: Callable[[object], object] | None = None,
) -> ScanResult:
    """Return the scan of a dataset folder: validated tables, graph and ranked candidates.

    ``prepare``, when given, receives the loaded ``ingest.Dataset`` and returns the one to
    scan (the backtest cuts the dated tables at a year this way).

    Raises
    ------
    synergy.core.errors.InputError
        When the dataset has problems (all of them listed).
    """
    from ingest import load_dataset
    from synergy.core.taxonomy import Taxonomy
    from synergy.graph.build import build_graph
    from synergy.graph.nodes import edge_count
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
    if prepare is not None:
        dataset = prepare(dataset)
    rows = ", ".join(f"{len(df):,} {name}" for name, df in sorted(dataset.tables.items()))
    _stage(marks, progress, "graph", rows)
    graph = build_graph(dataset.tables, taxonomy)
    # Ingest and graph pause the cyclic collector themselves; the algorithms make many small
    # objects and no cycles too, so it stays off until the end (see synergy.core.gcpause).
    with gc_paused():
        size = f"{graph.number_of_nodes():,} nodes, {edge_count(graph):,} edges"
        _stage(marks, progress, "shared priorities", size)
        candidates = pair_candidates(
            graph,
            settings,
            then=lambda n: _stage(marks, progress, "value chains", f"{n:,} candidates so far"),
        )
        _stage(marks, progress, "pilots and calls", f"{len(candidates):,} candidates so far")
        pilots, found_calls, links = actionable_candidates(graph, settings, taxonomy)
        candidates += pilots + found_calls.calls
        choices: dict[str, object] = {
            "calls": {
                "as_of": found_calls.as_of,
                "as_of_source": "settings" if settings.calls.as_of else "newest programme opening",
                "earmark": found_calls.earmark,
            }
        }
        _stage(marks, progress, "relatedness", f"{len(candidates):,} candidates so far")
        related, extras, metrics = relatedness_analysis(graph, taxonomy, settings)
        choices["relatedness"] = metrics.pop("choice", {})
        candidates += related
        _stage(marks, progress, "communities and stress test", size)
        extras.update(structure_analysis(graph, taxonomy, settings, metrics))
        extras["call-exclusions"] = found_calls.exclusions
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
        runs, left_out = stability_runs(settings, dataset.tables)
        _stage(marks, progress, "stability", f"{runs} perturbed runs")
        pairings = with_stability(pairings, dataset.tables, taxonomy, settings, runs)
        choices["stability"] = {
            "runs": runs,
            **({"left_out": left_out} if left_out else {}),
            "top_k": settings.stability.top_k,
            "seed": settings.seed,
            "perturbation": "weights x U(0.5, 1.5); bootstrap of priorities, clusters, actors, "
            "programmes rows",
        }
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
        choices=choices,
        timings=timings,
        shortfalls=why_empty,
    )


def pair_candidates(
    graph: nx.MultiDiGraph, settings: ScanSettings, then: Callable[[int], None] | None = None
) -> list[Candidate]:
    """Return shared-priority and value-chain candidates, with their track record.

    ``then`` is called with the number of shared-priority candidates before the value chains
    are searched (the scan's progress line).
    """
    from synergy.algorithms.shared_priorities import shared_priorities
    from synergy.algorithms.track_record import with_track_record
    from synergy.algorithms.value_chains import value_chain_complementarity

    found = shared_priorities(graph, weights=settings.weights, params=settings.shared_priorities)
    if then is not None:
        then(len(found))
    found += value_chain_complementarity(
        graph,
        weights=settings.weights,
        params=settings.value_chains,
        actor_weights=settings.actor_weights,
    )
    return with_track_record(graph, found, weights=settings.weights, params=settings.track_record)


def stability_runs(settings: ScanSettings, tables) -> tuple[int, str]:
    """Return the perturbed runs to make and, when they are left out for size, why.

    ``settings.stability.max_actors`` caps the default: past it the stability column stays
    empty and the manifest says so (``max_actors=None`` makes the runs at any size).
    """
    params = settings.stability
    actors = tables.get("actors")
    n = 0 if actors is None else len(actors)
    if params.max_actors is None or params.runs <= 0 or n <= params.max_actors:
        return params.runs, ""
    return 0, (
        f"{n:,} actor rows, more than {params.max_actors:,}: the {params.runs} perturbed runs "
        "(each rebuilds the graph) are left out and the stability column is empty; "
        "ask for the runs explicitly to compute it"
    )


def with_stability(
    pairings: pd.DataFrame, tables, taxonomy, settings: ScanSettings, runs: int
) -> pd.DataFrame:
    """Return the pairings with a ``stability`` column after ``kind_rank`` (``runs`` runs).

    See :mod:`synergy.algorithms.stability`; each perturbed run rebuilds the graph from the
    bootstrapped tables and reruns the candidate stages with perturbed weights.
    """

    from synergy.algorithms.diversification import diversification_candidates
    from synergy.algorithms.stability import stability
    from synergy.graph.build import build_graph

    def candidates(sample, weights) -> list[Candidate]:
        g = build_graph(sample, taxonomy)
        run = replace(settings, weights=weights)
        out = pair_candidates(g, run)
        pilots, calls, _ = actionable_candidates(g, run, taxonomy)
        out += pilots + calls.calls
        values = profile_values(g, taxonomy, settings.relatedness.profile)
        if values.shape[0] >= 2 and values.shape[1] >= 2:
            out += diversification_candidates(
                g, values, weights=weights.of("relatedness"), params=settings.relatedness
            )
        return out

    column = stability(
        pairings,
        tables,
        candidates,
        weights=settings.weights,
        runs=runs,
        top_k=settings.stability.top_k,
        seed=settings.seed,
    ).round(2)
    out = pairings.copy()
    at = (
        list(out.columns).index("kind_rank") + 1 if "kind_rank" in out.columns else len(out.columns)
    )
    out.insert(at, "stability", column)
    return out


def actionable_candidates(
    graph: nx.MultiDiGraph, settings: ScanSettings, taxonomy=None
) -> tuple[list[Candidate], CallResult, pd.DataFrame | None]:
    """Return joint pilot candidates, the synchronized calls (with exclusions) and the links.

    Predicted cluster-cluster links (Adamic-Adar / resource allocation over shared domains,
    stages and actors) feed the pilots' ``link`` component; with projects in the graph the
    pilots take their ``track_record`` before the calls rank the consortia they name.

    Complexity: O(A + E) once per graph for the shared incidence matrices
    (:mod:`synergy.graph.incidence`), then sparse products: links O(sum over features of
    min(d_f, 100)^2), pilots O(chains · C² · S) vectorised for C active clusters and S stages,
    calls linear in pilots and programmes. Nothing loops over the actors in Python.
    """
    from synergy.algorithms.calls import find_calls
    from synergy.algorithms.links import predicted_links
    from synergy.algorithms.pilots import pilot_candidates
    from synergy.algorithms.track_record import with_track_record

    weights = settings.weights
    links = predicted_links(graph, top=None, params=settings.links)
    pilots = pilot_candidates(
        graph,
        weights=weights,
        params=settings.pilots,
        link_scores=links,
        nace_to_domains=taxonomy.domains_for_nace if taxonomy is not None else None,
        actor_weights=settings.actor_weights,
    )
    pilots = with_track_record(graph, pilots, weights=weights, params=settings.track_record)
    calls = find_calls(graph, pilots, weights=weights, params=settings.calls)
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
    """Return diversification candidates, the per-region tables and the matrices.

    Relatedness runs on what regions *do*: the sources of ``settings.relatedness.profile``
    (by default the ``capability`` ones of :func:`synergy.graph.profiles.region_domain_values`:
    clusters counted once, actors through their NACE classes, project participations), kept
    apart from what they *intend* (priorities); the
    ``intent-capability`` table compares the two per region. With
    ``settings.relatedness.reference`` (a regions x domains CSV) RCA and proximity are
    estimated on the scanned regions plus those; ECI/PCI are reported only when
    :func:`synergy.algorithms.relatedness.complexity_support` holds.

    Complexity: O(A + E) for the matrix (each distinct NACE code list mapped once, actors
    summed with ``np.bincount``), then O(n m² + n² m) for n regions and m domains, plus
    n complexity computations for the leave-one-region-out check.
    """
    from synergy.algorithms.alignment import intent_vs_capability
    from synergy.algorithms.diversification import diversification_candidates
    from synergy.algorithms.relatedness import region_metrics
    from synergy.graph.profiles import region_domain_values, region_names

    params = settings.relatedness
    values = profile_values(graph, taxonomy, params.profile)
    reference = read_reference(params.reference, taxonomy) if params.reference else None
    choice: dict[str, object] = {
        "matrix": _matrix_label(params.profile),
        "proximity_reference": (
            f"{params.reference} ({len(reference)} regions)"
            if reference is not None
            else "the scanned regions only (no reference matrix given)"
        ),
    }
    if values.shape[0] < 2 or values.shape[1] < 2:
        return [], {}, {"choice": choice}
    domain_names = {d: dom.name for d, dom in taxonomy.domains.items()}
    names = region_names(graph)
    found = diversification_candidates(
        graph,
        values,
        domain_names=domain_names,
        weights=settings.weights.of("relatedness"),
        params=params,
        reference=reference,
    )
    table, matrices = region_metrics(
        values,
        names,
        rca_threshold=params.rca_threshold,
        proximity_method=params.proximity_method,
        reference=reference,
        min_regions=params.complexity_min_regions,
        min_stability=params.complexity_min_stability,
    )
    choice["proximity_regions"] = matrices["proximity_regions"]
    choice["complexity"] = matrices["complexity_note"]
    matrices["choice"] = choice
    intent = region_domain_values(graph, source="intent", nace_to_domains=taxonomy.domains_for_nace)
    aligned = intent_vs_capability(intent, values, names=names, domain_names=domain_names)
    return found, {"relatedness": table, "intent-capability": aligned}, matrices


def profile_values(graph: nx.MultiDiGraph, taxonomy, profile: tuple[str, ...]) -> pd.DataFrame:
    """Return the region x domain matrix of the ``profile`` sources (shares, combined).

    Raises SchemaError for an unknown or empty source list.
    """
    from synergy.graph.profiles import PROFILE_SOURCES, region_domain_values

    unknown = [s for s in profile if s not in PROFILE_SOURCES]
    if unknown or not profile:
        from synergy.core.errors import SchemaError

        raise SchemaError(
            f"unknown profile source(s) {', '.join(unknown) or '(none given)'}; choose among "
            f"{', '.join(PROFILE_SOURCES)}.",
            option="profile",
        )
    return region_domain_values(
        graph,
        source="combined",
        weights={s: 1.0 if s in profile else 0.0 for s in PROFILE_SOURCES},
        nace_to_domains=taxonomy.domains_for_nace,
    )


def _matrix_label(profile: tuple[str, ...]) -> str:
    """Return the manifest's name of the matrix: its role when one, then its sources.

    >>> _matrix_label(("clusters", "actors", "projects"))
    'capability (clusters, actors, projects)'
    """
    from synergy.graph.profiles import SOURCE_REGISTRY

    roles = sorted({SOURCE_REGISTRY[s].role for s in profile})
    return f"{' and '.join(roles)} ({', '.join(profile)})"


def read_reference(path: Path, taxonomy) -> pd.DataFrame:
    """Return a reference regions x domains matrix from a CSV (first column: region ids).

    The other columns are taxonomy domain ids holding non-negative activity counts (e.g.
    participations or employment mapped to domains). Raises InputError naming the file, the
    column and the fix when it cannot be used.
    """
    from synergy.core.errors import InputError

    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype={0: str})
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the reference matrix ({exc}).") from exc
    if frame.shape[1] < 2:
        raise InputError(
            f"{path}: the reference matrix needs a region id column and domain columns."
        )
    frame = frame.set_index(frame.columns[0])
    unknown = [c for c in frame.columns if c not in taxonomy.domains]
    if unknown:
        raise InputError(
            f"{path}: columns {', '.join(map(str, unknown[:5]))} are not taxonomy domain ids. "
            "Fix: name each column after a domain id (e.g. hydrogen, agrifood)."
        )
    numbers = frame.apply(pd.to_numeric, errors="coerce")
    bad = numbers.isna() & frame.notna()
    if bad.to_numpy().any() or (numbers < 0).to_numpy().any():
        r, c = next(iter(zip(*((numbers < 0) | bad).to_numpy().nonzero(), strict=True)))
        raise InputError(
            f"{path}: row {frame.index[r]!r}, column {frame.columns[c]!r} is not a "
            "non-negative number. Fix: put activity counts in every domain cell."
        )
    numbers.index = numbers.index.astype(str)
    return numbers.fillna(0.0).astype(float).sort_index()
