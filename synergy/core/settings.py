"""The settings of a scan: everything a run depends on besides its input files.

One frozen :class:`ScanSettings` holds every constant that changes results: the weights, the
matching thresholds of ingest, the deduplication settings, each algorithm's parameters
(saturation points, caps, how many names an evidence sentence gives), the stress-test
thresholds, the seed and the caps of what the report and the explorer show. The scan passes
each part down explicitly (``params=`` of the algorithms); the manifest records all of it, so
a manifest and the input files fully determine a run.

>>> ScanSettings().stress.hhi_concentrated, ScanSettings(top=5).describe()["top"]
(0.25, 5)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from synergy.core.scoring import Weights

__all__ = [
    "ScanSettings",
    "BacktestParams",
    "MatchSettings",
    "DedupeSettings",
    "SharedPriorityParams",
    "ValueChainParams",
    "RelatednessParams",
    "PilotParams",
    "CallParams",
    "LinkParams",
    "CommunityParams",
    "BrokerParams",
    "StressParams",
    "ViewSettings",
    "ActorWeights",
    "StabilityParams",
    "TrackRecordParams",
]


@dataclass(frozen=True)
class MatchSettings:
    """How ingest matches what people wrote to the dataset's ids and the taxonomy.

    Scores are 0-1 (``rapidfuzz`` scores divided by 100) unless said otherwise.
    """

    region_min_score: float = 0.86  # a fuzzy region reference resolves at this score...
    region_margin: float = 0.04  # ...and this far ahead of the next region
    reference_min_score: int = 90  # fuzzy cluster, priority and stage references (0-100)
    enum_min_score: int = 88  # fuzzy enumeration values ("Universitaet" -> university; 0-100)
    label_min_score: float = 0.86  # a free-text domain label ("Wasserstoff" -> hydrogen)
    text_min_score: float = 0.8  # a domain found in a priority's or cluster's text
    text_domains: int = 4  # domains kept per priority text (more is noise)
    label_domains: int = 2  # domains one free-text label may map to
    description_weight: float = 0.6  # a domain found only in a priority's description
    nace_weight: float = 0.5  # a domain known only from a priority's NACE codes


@dataclass(frozen=True)
class SharedPriorityParams:
    """Parameters of :func:`synergy.algorithms.shared_priorities.shared_priorities`."""

    max_per_region: int = 10  # best partners kept per region
    min_shared: int = 1  # shared specific (not broad) domains a pair needs
    broad_share: float = 0.75  # a domain this share of the regions prioritise is broad...
    broad_min_regions: int = 4  # ...when at least this many regions have priorities
    max_named: int = 3  # shared domains named in the evidence sentence


@dataclass(frozen=True)
class ActorWeights:
    """How much one actor counts on a value-chain stage, by type times size (0-1).

    A large firm or a research institute holds a stage more firmly than a micro firm or an
    intermediary that only accompanies it; unknown values take ``unknown``.
    """

    type: dict[str, float] = field(
        default_factory=lambda: {
            "firm": 1.0, "research": 1.0, "university": 1.0, "public": 0.5, "intermediary": 0.5,
        }
    )  # fmt: skip
    size: dict[str, float] = field(
        default_factory=lambda: {"large": 1.0, "medium": 0.75, "small": 0.5, "micro": 0.25}
    )
    unknown: float = 0.5

    def of(self, actor_type: object, size: object) -> float:
        """Return the weight of one actor.

        >>> ActorWeights().of("firm", "micro"), ActorWeights().of("public", None)
        (0.25, 0.25)
        """
        t = self.type.get(str(actor_type or ""), self.unknown)
        z = self.size.get(str(size or ""), self.unknown)
        return t * z


@dataclass(frozen=True)
class ValueChainParams:
    """Parameters of :func:`synergy.algorithms.value_chains.value_chain_complementarity`."""

    max_per_region: int = 5  # best partners kept per region and chain
    max_trios_per_chain: int = 20
    depth_saturation: float = 2.0  # weighted actors on a stage at which it counts as covered
    max_named_actors: int = 3  # actors named per side in the evidence sentence
    max_involved_actors: int = 25  # actors per region linked to a candidate


@dataclass(frozen=True)
class RelatednessParams:
    """Parameters of the relatedness stage (:mod:`synergy.algorithms.diversification`)."""

    # sources of the capability matrix relatedness and complexity run on
    # (synergy.graph.profiles): what regions do, not what they intend (priorities); "projects"
    # counts participations and adds nothing to a dataset without projects
    profile: tuple[str, ...] = ("clusters", "actors", "projects")
    reference: Path | None = None  # regions x domains CSV that widens RCA/proximity estimation
    rca_threshold: float = 1.0  # RCA at which a region counts as specialised (Balassa)
    proximity_method: str = "min-conditional"
    complexity_min_regions: int = 30  # ECI/PCI only on at least this many regions...
    complexity_min_stability: float = 0.9  # ...and a leave-one-region-out Spearman this high
    density_threshold: float = 0.3  # relatedness density a focal region needs in a domain
    top_per_region: int = 5  # candidates kept per focal region
    partners_per_domain: int = 2  # partners kept per focal region and domain


@dataclass(frozen=True)
class PilotParams:
    """Parameters of :func:`synergy.algorithms.pilots.pilot_candidates`."""

    max_per_chain: int = 30
    max_partners: int = 5  # partner clusters considered per cluster and chain
    max_trios_per_chain: int = 10
    ready_actors: float = 2.0  # weighted actors on a stage at which it counts as covered
    named_per_cluster: int = 2  # actors named per cluster in the evidence sentence


@dataclass(frozen=True)
class CallParams:
    """Parameters of :func:`synergy.algorithms.calls.call_candidates`."""

    min_regions: int = 2  # regions that must be able to fund a call
    as_of: str | None = None  # ISO date programmes must be open after (None: newest opening)
    earmark: float = 0.10  # share of each programme's budget it can put into joint calls
    budget_saturation: float = 2_000_000.0  # earmarked euros per region scoring 1
    consortia_saturation: int = 3  # fundable pilot consortia scoring 1
    max_named: int = 4  # programmes and consortia named in the evidence sentence


@dataclass(frozen=True)
class TrackRecordParams:
    """Parameters of :mod:`synergy.algorithms.track_record` (prior joint projects).

    Recency is measured from the newest project start in the data, not from today, so a rerun
    on the same files gives the same scores.
    """

    half_life_years: float = 5.0  # a joint project this much older than the newest counts half
    saturation: float = 2.0  # recency-weighted joint projects at which the component reaches 1
    minor_roles: tuple[str, ...] = ("associatedPartner", "thirdParty")
    minor_role_weight: float = 0.5  # a joint project through a minor role counts this much
    undated_weight: float = 0.25  # a project without a start date counts this much
    max_named: int = 3  # joint projects named in the evidence sentence


@dataclass(frozen=True)
class LinkParams:
    """Parameters of :func:`synergy.algorithms.links.predicted_links`."""

    max_feature_degree: int = 100  # features shared by more clusters are skipped
    max_named: int = 5  # shared features named in the evidence
    shown: int = 50  # likely new links kept for links.csv when the scan keeps all candidates


@dataclass(frozen=True)
class CommunityParams:
    """Parameters of :func:`synergy.algorithms.communities.projection` and ``communities``."""

    max_feature_degree: int = 500  # features shared by more clusters are skipped
    region_links: int = 10  # strongest cluster links kept per region
    max_neighbours: int = 30  # strongest neighbours kept per cluster (kNN cut)
    region_link_weight: float = 1.0
    method: str = "louvain"  # or "greedy" (modularity)
    resolution: float = 1.0
    top_domains: int = 3  # domains named per community


@dataclass(frozen=True)
class BrokerParams:
    """Parameters of :func:`synergy.algorithms.brokers.brokers`."""

    top: int = 5  # clusters, and regions, flagged as brokers
    exact_max_nodes: int = 1000  # above this, betweenness is sampled from seeded sources
    edge_budget: int = 4_000_000  # sources x edges the sampled betweenness may visit
    min_samples: int = 32  # sources sampled at least


@dataclass(frozen=True)
class StressParams:
    """Thresholds of the S3 stress test (:mod:`synergy.algorithms.stress`)."""

    hhi_concentrated: float = 0.25  # a domain portfolio this concentrated is flagged
    hhi_very_concentrated: float = 0.5  # ... and flagged high above this
    coherence_margin: float = 0.9  # coherence below this share of the median is flagged
    max_named: int = 5  # items named in a flag


@dataclass(frozen=True)
class StabilityParams:
    """Parameters of :func:`synergy.algorithms.stability.stability` (the ``stability`` column)."""

    runs: int = 10  # perturbed runs (0: no stability column values)
    top_k: int = 10  # a candidate counts as stable in a run when in its kind's top k
    # above this many actor rows the perturbed runs are left out (each run rebuilds the graph:
    # ~5 s at 200,000 actors) unless runs are asked for explicitly; None: no limit
    max_actors: int | None = 50_000


@dataclass(frozen=True)
class ViewSettings:
    """How much the report and the explorer show."""

    report_top: int = 10  # candidates listed per kind
    report_rows: int = 50  # rows of a long table before it is cut
    explorer_top: int = 20  # candidates highlighted and listed in graph.html
    explorer_max_nodes: int = 1500  # above this, graph.html folds actors (then others) away
    # above this many nodes, graph.html opens folded at regions, clusters, domains and value
    # chains (actors, priorities, programmes and stages on demand)
    explorer_open_nodes: int = 150


@dataclass(frozen=True)
class BacktestParams:
    """Settings of ``synergy backtest`` that change its numbers (recorded in backtest.json).

    Not part of :class:`ScanSettings`: the scans a backtest runs use the scan's own settings.
    """

    horizon: int = 3  # years after the split whose first collaborations are the truth
    ks: tuple[int, ...] = (10, 20, 50)  # cut-offs of precision, recall and nDCG
    target: str = "new"  # "new": first collaborations only; "any": every collaboration
    seed: int = 7  # tie-breaking, bootstrap and random baseline
    reps: int = 200  # bootstrap resamples of the units
    random_draws: int = 20  # random rankings averaged for the random baseline
    tune_trials: int = 40  # random weight vectors tried per kind when tuning


@dataclass(frozen=True)
class ScanSettings:
    """Everything a scan depends on besides its input files (recorded in the manifest)."""

    taxonomy_path: Path | None = None
    weights: Weights = field(default_factory=Weights)
    top: int | None = None  # keep the best N candidates per kind (None: all)
    favour_mixed_development: float = 0.0  # bonus weight for pairs of different levels
    seed: int = 42  # communities (Louvain) and sampled betweenness
    match: MatchSettings = field(default_factory=MatchSettings)
    dedupe: DedupeSettings = field(default_factory=lambda: DedupeSettings())
    shared_priorities: SharedPriorityParams = field(default_factory=SharedPriorityParams)
    value_chains: ValueChainParams = field(default_factory=ValueChainParams)
    actor_weights: ActorWeights = field(default_factory=ActorWeights)
    relatedness: RelatednessParams = field(default_factory=RelatednessParams)
    pilots: PilotParams = field(default_factory=PilotParams)
    calls: CallParams = field(default_factory=CallParams)
    track_record: TrackRecordParams = field(default_factory=TrackRecordParams)
    links: LinkParams = field(default_factory=LinkParams)
    communities: CommunityParams = field(default_factory=CommunityParams)
    brokers: BrokerParams = field(default_factory=BrokerParams)
    stress: StressParams = field(default_factory=StressParams)
    stability: StabilityParams = field(default_factory=StabilityParams)
    view: ViewSettings = field(default_factory=ViewSettings)

    def describe(self) -> dict:
        """Return the settings as plain JSON-ready data (what the manifest records)."""
        out: dict = {
            "taxonomy": str(self.taxonomy_path) if self.taxonomy_path else "(shipped)",
            "weights": self.weights.as_dict(),
            "top": self.top,
            "favour_mixed_development": self.favour_mixed_development,
            "seed": self.seed,
        }
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name not in out and dataclasses.is_dataclass(value):
                out[f.name] = dataclasses.asdict(value)
        return out


@dataclass(frozen=True)
class DedupeSettings:
    """Thresholds and block sizes of :func:`ingest.dedupe.dedupe_actors`.

    ``threshold`` is a rapidfuzz ``ratio`` (0–1) on normalised names. Below it, names of at
    least ``one_edit_length`` (``two_edit_length``) characters still merge when one (two)
    typing edits apart, never more than ``max_edits``. Names shorter than ``min_length`` only
    merge when equal. ``window`` caps the comparisons per name and blocking pass;
    ``same_id_min_score`` is the similarity under which two names under one id are reported;
    ``legal_form_guard`` stops fuzzy merges of names whose written legal forms differ.
    """

    threshold: float = 0.92
    min_length: int = 4
    max_edits: int = 2
    one_edit_length: int = 8
    two_edit_length: int = 9
    window: int = 10
    same_id_min_score: float = 0.6
    legal_form_guard: bool = True

    def __post_init__(self) -> None:
        for name in ("threshold", "same_id_min_score"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(
                    f"DedupeSettings.{name} must lie in [0, 1], got {getattr(self, name)!r}"
                )
        if self.window < 1 or self.min_length < 0 or self.max_edits < 0:
            raise ValueError("DedupeSettings.window must be >= 1, min_length and max_edits >= 0")
        if self.one_edit_length < 1 or self.two_edit_length < 1:
            raise ValueError("DedupeSettings.one_edit_length and two_edit_length must be >= 1")

    @property
    def candidate_cutoff(self) -> float:
        """Return the lowest ratio any accepted pair can have (pairs below are not checked)."""
        # n substitutions in names of length L give ratio 1 - n / L.
        typo = [
            1 - e / length
            for e, length in ((1, self.one_edit_length), (2, self.two_edit_length))
            if e <= self.max_edits
        ]
        return max(0.0, min([self.threshold, *typo]) - 0.01)
