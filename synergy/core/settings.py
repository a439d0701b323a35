"""The settings of a scan: everything a run depends on besides its input files.

One frozen object, recorded in the manifest, so a manifest and the inputs fully determine a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from synergy.core.scoring import Weights

__all__ = ["ScanSettings", "DedupeSettings"]


@dataclass(frozen=True)
class ScanSettings:
    """Everything a scan depends on besides its input files (recorded in the manifest)."""

    taxonomy_path: Path | None = None
    weights: Weights = field(default_factory=Weights)
    top: int | None = None  # keep the best N candidates per kind (None: all)
    favour_mixed_development: float = 0.0  # bonus weight for pairs of different levels
    seed: int = 42

    def describe(self) -> dict:
        """Return the settings as plain JSON-ready data."""
        return {
            "taxonomy": str(self.taxonomy_path) if self.taxonomy_path else "(shipped)",
            "weights": self.weights.as_dict(),
            "top": self.top,
            "favour_mixed_development": self.favour_mixed_development,
            "seed": self.seed,
        }


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
