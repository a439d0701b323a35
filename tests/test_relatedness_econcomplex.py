"""synergy.algorithms.relatedness against econcomplex 1.0.1, a second oracle and peer.

econcomplex consolidates EconGeo, economiccomplexity and py-ecomplexity. Where its
conventions differ from ecomplexity's (which synergy follows), the tests say so and compare
what the two conventions share:

* proximity: econcomplex sets the diagonal to 0 (EconGeo), ecomplexity and synergy to 1;
  off the diagonal they are equal;
* relatedness density: econcomplex reports 0-100 and by default leaves the domain itself out
  of the sum (zero diagonal); with synergy's proximity passed in, it equals synergy's x 100;
* PCI: econcomplex z-scores PCI on its own and picks its sign so that PCI correlates
  negatively with ubiquity; synergy keeps ecomplexity's convention (PCI standardised with
  ECI's mean and deviation, sign tied to ECI, so a region's ECI is the mean PCI of its
  domains). The z-scored rankings are equal up to that sign; ECI is equal outright.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers.matrices import random_values

from synergy.algorithms.relatedness import complexity, presence, proximity, rca, relatedness_density

ec = pytest.importorskip("econcomplex")

TOL = 1e-9
SEEDS = [1, 2, 3, 4, 5]


def _values(seed: int) -> pd.DataFrame:
    x = random_values(40, 15, seed)
    # econcomplex trims empty rows and columns only when asked; keep every one non-empty
    x.iloc[:, x.sum(axis=0).to_numpy() == 0] = 1.0
    return x.loc[x.sum(axis=1) > 0]


@pytest.mark.parametrize("seed", SEEDS)
def test_rca_and_presence_equal_econcomplex(seed):
    x = _values(seed)
    assert np.abs(rca(x).to_numpy() - np.asarray(ec.rca(x), dtype=float)).max() < TOL
    assert (presence(x).to_numpy() == np.asarray(ec.mcp(x), dtype=float)).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_proximity_equals_econcomplex_off_the_diagonal(seed):
    x = _values(seed)
    ours = proximity(presence(x)).to_numpy()
    theirs = np.asarray(ec.proximity(x, compute="product")["product"], dtype=float)
    off = ~np.eye(ours.shape[0], dtype=bool)
    assert np.abs(ours[off] - theirs[off]).max() < TOL
    assert (np.diag(theirs) == 0).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_density_equals_econcomplex(seed):
    x = _values(seed)
    m = presence(x)
    phi = proximity(m)
    ours = relatedness_density(m, phi).to_numpy() * 100
    theirs = np.asarray(ec.relatedness_density(x, phi=phi), dtype=float)
    assert np.abs(ours - theirs).max() < 1e-9
    # econcomplex's default leaves the domain itself out: synergy with a zero diagonal
    arr = phi.to_numpy(copy=True)
    np.fill_diagonal(arr, 0.0)
    zero = pd.DataFrame(arr, index=phi.index, columns=phi.columns)
    default = np.asarray(ec.relatedness_density(x), dtype=float)
    assert np.abs(relatedness_density(m, zero).to_numpy() * 100 - default).max() < 1e-9


@pytest.mark.parametrize("seed", SEEDS)
def test_eci_equals_econcomplex_and_pci_up_to_its_sign_convention(seed):
    x = _values(seed)
    eci, pci = complexity(presence(x))
    e2, p2 = ec.eci_pci(x, method="eigenvector", trim=False)
    assert np.abs(eci.to_numpy() - e2.reindex(eci.index).to_numpy()).max() < 1e-8
    z = ((pci - pci.mean()) / pci.std(ddof=0)).to_numpy()
    theirs = p2.reindex(pci.index).to_numpy()
    assert min(np.abs(z - theirs).max(), np.abs(z + theirs).max()) < 1e-8
    # econcomplex's sign: PCI correlates negatively with ubiquity
    ubiquity = presence(x).sum(axis=0).reindex(pci.index).to_numpy()
    assert np.corrcoef(theirs, ubiquity)[0, 1] <= 0
