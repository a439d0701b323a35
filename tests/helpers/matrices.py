"""Random regions x domains activity matrices with the structure of real data."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["random_values"]


def random_values(n: int, m: int, seed: int, *, integer: bool = False) -> pd.DataFrame:
    """Return a skewed, sparse, non-negative regions x domains matrix with sortable labels."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0.0, 1.0, size=(n, 1)) * rng.lognormal(0.0, 1.0, size=(1, m))
    capability = rng.random((n, 1))
    difficulty = rng.random((1, m))
    # Nested structure (capable regions do the hard domains too), as in real data.
    keep = rng.random((n, m)) < 0.15 + 0.8 / (1.0 + np.exp(-8 * (capability - difficulty)))
    x = size * rng.lognormal(0.0, 1.0, size=(n, m)) * keep
    if integer:
        x = np.round(x * 10)
    return pd.DataFrame(
        x,
        index=[f"r{i:03d}" for i in range(n)],
        columns=[f"d{j:03d}" for j in range(m)],
    )
