"""synergy.algorithms.relatedness against ecomplexity 0.5.3 (the oracle) on random matrices.

ecomplexity takes long data (time, loc, prod, val). Under pandas 3 its NaN filling
(``fillna(inplace=True)`` on a column) no longer writes back, so the harness fills NaN with 0
in its input; our functions read NaN as 0 themselves. ecomplexity drops regions and domains
whose total is 0; the harness compares on the rows and columns it keeps and checks ours
separately for the conventions on the dropped ones.
"""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pandas as pd
import pytest
from helpers.matrices import random_values

from synergy.algorithms.relatedness import (
    complexity,
    diversity,
    presence,
    proximity,
    rca,
    relatedness_density,
    ubiquity,
)

ecomplexity_pkg = pytest.importorskip("ecomplexity")

TOL = 1e-6
COLS = {"time": "year", "loc": "region", "prod": "domain", "val": "value"}


def _oracle(values: pd.DataFrame) -> dict[str, pd.DataFrame | pd.Series]:
    """Return ecomplexity's rca, mcp, density, eci, pci, diversity, ubiquity and proximity."""
    long = values.fillna(0).stack().rename("value").rename_axis(["region", "domain"])
    long = long.reset_index()
    long["year"] = 2024
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        out = ecomplexity_pkg.ecomplexity(long, COLS, verbose=False, check_logsupermodularity=False)
        prox = ecomplexity_pkg.proximity(long, COLS)
    out = out.dropna(subset=["rca"])

    def wide(col: str) -> pd.DataFrame:
        return out.pivot(index="region", columns="domain", values=col)

    per_region = out.groupby("region")[["eci", "diversity"]].first()
    per_domain = out.groupby("domain")[["pci", "ubiquity"]].first()
    return {
        "rca": wide("rca"),
        "mcp": wide("mcp"),
        "density": wide("density"),
        "eci": per_region["eci"],
        "pci": per_domain["pci"],
        "diversity": per_region["diversity"],
        "ubiquity": per_domain["ubiquity"],
        "proximity": prox.pivot(index="domain_1", columns="domain_2", values="proximity"),
    }


def _max_diff(ours: pd.DataFrame | pd.Series, theirs: pd.DataFrame | pd.Series) -> float:
    if isinstance(theirs, pd.DataFrame):
        ours = ours.loc[theirs.index, theirs.columns]
    else:
        ours = ours.loc[theirs.index]
    assert not np.isnan(theirs.to_numpy(dtype=float)).any()
    return float(np.max(np.abs(ours.to_numpy(dtype=float) - theirs.to_numpy(dtype=float))))


ORACLE_CASES = [
    (10, 15, 1, False),
    (15, 10, 2, False),
    (40, 60, 3, False),
    (40, 60, 4, True),
    (120, 80, 5, False),
    (80, 120, 6, True),
]


@pytest.mark.parametrize(("n", "m", "seed", "integer"), ORACLE_CASES)
def test_all_metrics_match_ecomplexity_random(n, m, seed, integer):
    values = random_values(n, m, seed, integer=integer)
    theirs = _oracle(values)
    r = rca(values)
    mcp = presence(values)
    phi = proximity(mcp)
    dens = relatedness_density(mcp, phi)
    eci, pci = complexity(mcp)
    assert _max_diff(r, theirs["rca"]) < TOL
    assert _max_diff(mcp, theirs["mcp"]) == 0
    assert _max_diff(diversity(mcp), theirs["diversity"]) == 0
    assert _max_diff(ubiquity(mcp), theirs["ubiquity"]) == 0
    assert _max_diff(phi, theirs["proximity"]) < TOL
    assert _max_diff(dens, theirs["density"]) < TOL
    assert _max_diff(eci, theirs["eci"]) < TOL
    assert _max_diff(pci, theirs["pci"]) < TOL


def test_metrics_match_ecomplexity_with_empty_rows_and_nan():
    values = random_values(30, 25, 7)
    values.iloc[3, :] = 0.0
    values.iloc[:, 5] = 0.0
    values.iloc[0, 0] = np.nan
    theirs = _oracle(values)
    # ecomplexity dropped the empty region and domain; ours keeps them with documented values.
    assert "r003" not in theirs["rca"].index and "d005" not in theirs["rca"].columns
    mcp = presence(values)
    phi = proximity(mcp)
    eci, pci = complexity(mcp)
    assert _max_diff(rca(values), theirs["rca"]) < TOL
    assert _max_diff(relatedness_density(mcp, phi), theirs["density"]) < TOL
    assert _max_diff(eci, theirs["eci"]) < TOL
    assert _max_diff(pci, theirs["pci"]) < TOL
    assert (rca(values).loc["r003"] == 0).all() and (rca(values)["d005"] == 0).all()
    assert np.isnan(eci["r003"]) and np.isnan(pci["d005"])
    assert phi.loc["d005", "d005"] == 0.0
    assert np.isfinite(rca(values).to_numpy()).all()
