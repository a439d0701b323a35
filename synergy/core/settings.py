"""The settings of a scan: everything a run depends on besides its input files.

One frozen object, recorded in the manifest, so a manifest and the inputs fully determine a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from synergy.core.scoring import Weights

__all__ = ["ScanSettings"]


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
