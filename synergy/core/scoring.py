"""Composite scores: named components, weights a user can set, and the candidate record.

Every candidate's ``score`` is the weighted mean of its named components (each 0–1), so it
is 0–1 too and can always say where it comes from. Default weights are documented here and
in the README; :func:`parse_weights` overrides any of them from text such as
``"value-chain.coverage=0.5,value-chain.depth=0"`` or from a TOML/JSON file with one table
per kind (the command line passes its weights option through it).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from synergy.core.errors import SchemaError

__all__ = ["DEFAULT_WEIGHTS", "Weights", "Candidate", "parse_weights", "composite"]

DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "shared-priority": {
        "domain_overlap": 0.50,  # specificity-weighted Jaccard of the priority profiles
        "specificity": 0.20,  # how rare the shared domains are among the regions (0-1)
        "cluster_backing": 0.30,  # the part of domain_overlap both regions back with clusters
        # prior joint projects of the two regions' actors, by recency (only with projects data)
        "track_record": 0.10,
    },
    "value-chain": {
        "coverage": 0.30,  # share of the chain's stages the group covers together
        "gain": 0.30,  # stages added beyond the best single member, over the chain length
        "handover": 0.20,  # upstream→downstream links only the group closes
        "depth": 0.20,  # actors behind each covered stage, saturating at 3
        "track_record": 0.15,  # prior joint projects of the chain's actors (with projects data)
    },
    "relatedness": {"density": 0.5, "partner_rca": 0.3, "partner_clusters": 0.2},
    "pilot": {
        "chain_fit": 0.45,  # stages of the chain the clusters' actors cover together
        "handover": 0.20,  # upstream→downstream steps only the group closes
        "domain_fit": 0.15,  # shared or complementary domains of the clusters
        "actor_readiness": 0.20,  # named actors ready on each brought stage
        "link": 0.10,  # predicted cluster-cluster link (Adamic-Adar / resource allocation)
        "track_record": 0.15,  # prior joint projects of the clusters' members (with projects)
    },
    "call": {
        "domain_match": 0.20,  # programmes' domains against the topic
        "region_coverage": 0.25,  # share of the topic's regions that can fund their partners
        "trl_fit": 0.15,  # overlap of programme TRL ranges with the applicants'
        "eligibility": 0.10,  # applicant types the programmes accept
        "budget": 0.10,  # combined budget, saturating
        "consortia": 0.20,  # pilot consortia every region can fund
    },
}


@dataclass(frozen=True)
class Weights:
    """Component weights per candidate kind (missing components weigh 0)."""

    by_kind: dict[str, dict[str, float]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_WEIGHTS.items()}
    )

    def of(self, kind: str) -> dict[str, float]:
        return self.by_kind.get(kind, {})

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {k: dict(sorted(v.items())) for k, v in sorted(self.by_kind.items())}


def parse_weights(spec: str | None) -> Weights:
    """Return the defaults overridden by ``spec``: ``kind.component=value,...`` or a file.

    >>> parse_weights("value-chain.coverage=0.5").of("value-chain")["coverage"]
    0.5
    """
    base = {k: dict(v) for k, v in DEFAULT_WEIGHTS.items()}
    if not spec:
        return Weights(base)
    path = Path(spec)
    if path.suffix.lower() in (".toml", ".json") and path.exists():
        try:
            text = path.read_text(encoding="utf-8")
            doc = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
        except (OSError, ValueError) as exc:
            raise SchemaError(
                f"{path}: cannot read the weights file ({exc}).", option="weights"
            ) from exc
        items = [
            (f"{kind}.{comp}", value)
            for kind, comps in doc.items()
            for comp, value in (comps.items() if isinstance(comps, dict) else [])
        ]
    else:
        items = []
        for part in spec.split(","):
            if not part.strip():
                continue
            name, sep, value = part.partition("=")
            if not sep:
                raise SchemaError(
                    f"'{part}' is not kind.component=value (e.g. value-chain.coverage=0.5).",
                    option="weights",
                )
            items.append((name.strip(), value.strip()))
    for name, value in items:
        kind, _, comp = name.partition(".")
        if kind not in base or comp not in base[kind]:
            known = ", ".join(f"{k}.{c}" for k in base for c in base[k])
            raise SchemaError(f"unknown component '{name}'. Known: {known}.", option="weights")
        try:
            w = float(value)
        except (TypeError, ValueError) as exc:
            raise SchemaError(f"'{name}={value}' is not a number.", option="weights") from exc
        if w < 0:
            raise SchemaError(f"'{name}' must not be negative.", option="weights")
        base[kind][comp] = w
    return Weights(base)


def composite(components: dict[str, float], weights: dict[str, float]) -> float:
    """Return the weighted mean of the components (0 when all weights are 0).

    >>> composite({"a": 1.0, "b": 0.0}, {"a": 3, "b": 1})
    0.75
    """
    total = sum(weights.get(k, 0.0) for k in components)
    if total <= 0:
        return 0.0
    return sum(v * weights.get(k, 0.0) for k, v in components.items()) / total


@dataclass(frozen=True)
class Candidate:
    """One ranked candidate with its evidence (a row of ``pairings.csv``)."""

    kind: str
    regions: tuple[str, ...]
    score: float
    components: dict[str, float]
    evidence: str
    clusters: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    chain_id: str = ""
    involves: tuple[str, ...] = ()  # node ids (regions, clusters, actors)
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def candidate_id(self) -> str:
        """Return a stable id from what the candidate is about (not from its rank)."""
        basis = "|".join(
            [
                self.kind,
                ";".join(self.regions),
                ";".join(self.clusters),
                ";".join(self.domains),
                self.chain_id,
            ]
        )
        return "candidate:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]

    def row(self) -> dict:
        """Return the output-contract row (without rank)."""
        return {
            "kind": self.kind,
            "regions": ";".join(self.regions),
            "clusters": ";".join(self.clusters),
            "domains": ";".join(self.domains),
            "chain_id": self.chain_id,
            "score": round(self.score, 4),
            "components": ";".join(f"{k}={v:.3f}" for k, v in self.components.items()),
            "evidence": self.evidence,
            "candidate_id": self.candidate_id,
            "involves": ";".join(self.involves),
            **self.extra,
        }
