"""synergy.algorithms.relatedness on hand-worked cases: every expected value is worked out in
the comments, so these run (and fail) without any reference implementation.

The comparison with ecomplexity 0.5.3 (the oracle) is in test_relatedness_oracle.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers.matrices import random_values

from synergy.algorithms import relatedness
from synergy.algorithms.relatedness import (
    PROXIMITY_METHODS,
    coherence,
    complexity,
    diversity,
    presence,
    proximity,
    rca,
    relatedness_density,
    ubiquity,
)
from synergy.core.errors import InputError

# Hand-worked 3 x 3 case: totals A=B=C=4; agri 5, ict 3, tourism 4; grand total 12.
HAND = pd.DataFrame(
    {"agri": [4, 0, 1], "ict": [0, 2, 1], "tourism": [0, 2, 2]}, index=["A", "B", "C"]
)


def test_rca_hand_case():
    expected = [[2.4, 0.0, 0.0], [0.0, 2.0, 1.5], [0.6, 1.0, 1.5]]
    np.testing.assert_allclose(rca(HAND).to_numpy(), expected)


def test_rca_all_zero_is_zero_not_nan():
    zeros = pd.DataFrame(np.zeros((2, 3)), index=["A", "B"], columns=["x", "y", "z"])
    assert (rca(zeros).to_numpy() == 0).all()


def test_rca_rejects_negative_values():
    bad = HAND.astype(float).copy()
    bad.loc["B", "ict"] = -1.0
    with pytest.raises(InputError, match="negative value at \\('B', 'ict'\\)"):
        rca(bad)


def test_presence_hand_case_threshold_and_raw():
    # C's RCA in ict is exactly 1.0: included, as ecomplexity's ">=" does.
    assert presence(HAND).to_numpy().tolist() == [[1, 0, 0], [0, 1, 1], [0, 1, 1]]
    assert presence(HAND, threshold=2.0).to_numpy().tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 0]]
    raw = presence(HAND, threshold=2, use_rca=False)
    assert raw.to_numpy().tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]


def test_diversity_and_ubiquity_hand_case():
    m = presence(HAND)
    assert diversity(m).to_dict() == {"A": 1, "B": 2, "C": 2}
    assert ubiquity(m).to_dict() == {"agri": 1, "ict": 2, "tourism": 2}


def test_diversity_rejects_non_binary():
    with pytest.raises(InputError, match="only 0 and 1"):
        diversity(HAND)


# Presence for the proximity options: a in R1, R2; b in R1, R3; c in R1, R2, R3, R4.
PRES = pd.DataFrame(
    {"a": [1, 1, 0, 0], "b": [1, 0, 1, 0], "c": [1, 1, 1, 1]}, index=["R1", "R2", "R3", "R4"]
)
# Co-occurrences C: ab = 1, ac = 2, bc = 2; ubiquities a 2, b 2, c 4.


def test_proximity_min_conditional_hand_case():
    phi = proximity(PRES)
    expected = [
        [1.0, min(1 / 2, 1 / 2), min(2 / 2, 2 / 4)],
        [0.5, 1.0, min(2 / 2, 2 / 4)],
        [0.5, 0.5, 1.0],
    ]
    np.testing.assert_allclose(phi.to_numpy(), expected)
    assert list(phi.index) == list(phi.columns) == ["a", "b", "c"]


def test_proximity_association_hand_case():
    # Off-diagonal c: ab 1, ac 2, bc 2 -> s = (3, 3, 4), t = 2 * (1 + 2 + 2) = 10.
    phi = proximity(PRES, method="association")
    expected = [
        [0.0, 1 * 10 / (3 * 3), 2 * 10 / (3 * 4)],
        [1 * 10 / (3 * 3), 0.0, 2 * 10 / (3 * 4)],
        [2 * 10 / (3 * 4), 2 * 10 / (3 * 4), 0.0],
    ]
    np.testing.assert_allclose(phi.to_numpy(), expected)


def test_proximity_cosine_hand_case():
    phi = proximity(PRES, method="cosine")
    ac = 2 / np.sqrt(12)
    np.testing.assert_allclose(phi.to_numpy(), [[0, 1 / 3, ac], [1 / 3, 0, ac], [ac, ac, 0]])


def test_proximity_jaccard_hand_case():
    phi = proximity(PRES, method="jaccard")
    ab, ac = 1 / (3 + 3 - 1), 2 / (3 + 4 - 2)
    np.testing.assert_allclose(phi.to_numpy(), [[0, ab, ac], [ab, 0, ac], [ac, ac, 0]])


@pytest.mark.parametrize("method", PROXIMITY_METHODS)
def test_proximity_isolated_domain_is_zero(method):
    pres = PRES.assign(d=0)
    phi = proximity(pres, method=method)
    assert (phi["d"] == 0).all() and (phi.loc["d"] == 0).all()
    assert np.isfinite(phi.to_numpy()).all()


def test_proximity_unknown_method_raises():
    with pytest.raises(ValueError, match="unknown proximity method"):
        proximity(PRES, method="pearson")  # type: ignore[arg-type]


def test_relatedness_density_hand_case():
    phi = proximity(PRES)  # rows a: (1, .5, .5) b: (.5, 1, .5) c: (.5, .5, 1)
    dens = relatedness_density(PRES, phi)
    # R3 holds b and c: density in a = (0.5 + 0.5) / 2 = 0.5; in c = (0.5 + 1) / 2 = 0.75.
    assert dens.loc["R3", "a"] == pytest.approx(0.5)
    assert dens.loc["R3", "c"] == pytest.approx(0.75)
    assert dens.loc["R4", "b"] == pytest.approx(0.25)
    assert (dens.loc["R1"] == 1.0).all()
    assert ((dens >= 0) & (dens <= 1)).all().all()


def test_relatedness_density_aligns_proximity_by_label():
    phi = proximity(PRES)
    shuffled = phi.loc[["c", "a", "b"], ["b", "c", "a"]]
    pd.testing.assert_frame_equal(
        relatedness_density(PRES, shuffled), relatedness_density(PRES, phi)
    )
    with pytest.raises(InputError, match="proximity lacks domains"):
        relatedness_density(PRES, phi.drop(index="c", columns="c"))


def test_complexity_nested_hand_case():
    # Perfectly nested: R1 in a, b, c; R2 in a, b; R3 in a. Mpp has eigenvalues 1, 1/4, 1/9.
    m = pd.DataFrame({"a": [1, 1, 1], "b": [1, 1, 0], "c": [1, 0, 0]}, index=["R1", "R2", "R3"])
    eci, pci = complexity(m)
    s = np.sqrt(1.5)
    np.testing.assert_allclose(eci.to_numpy(), [s, 0.0, -s], atol=1e-12)
    np.testing.assert_allclose(pci.to_numpy(), [-s, s, 3 * s], atol=1e-12)
    # Each region's ECI is the mean PCI of its domains.
    np.testing.assert_allclose(eci.to_numpy(), (m @ pci / m.sum(axis=1)).to_numpy(), atol=1e-12)
    assert eci.mean() == pytest.approx(0) and eci.std(ddof=0) == pytest.approx(1)


def test_complexity_wide_and_tall_solvers_agree():
    # The eigen-solve runs on the smaller side (regions here, domains after transposing);
    # transposing swaps the roles, so region scores must stay perfectly (anti)correlated.
    mcp = presence(random_values(20, 35, 11))
    eci, pci = complexity(mcp)
    eci_t, pci_t = complexity(mcp.T)
    assert list(pci_t.index) == list(eci.index)
    assert abs(np.corrcoef(eci, pci_t)[0, 1]) == pytest.approx(1.0, abs=1e-9)
    assert abs(np.corrcoef(pci, eci_t)[0, 1]) == pytest.approx(1.0, abs=1e-9)


def test_complexity_lanczos_and_dense_paths_agree(monkeypatch):
    mcp = presence(random_values(90, 140, 12))
    fast = complexity(mcp)
    monkeypatch.setattr(relatedness, "_LANCZOS_MIN", 10**9)
    dense = complexity(mcp)
    for a, b in zip(fast, dense, strict=True):
        np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), atol=1e-9)


def test_functions_accept_numpy_arrays():
    m = presence(HAND.to_numpy())
    assert (
        list(m.index) == [0, 1, 2] and m.to_numpy().tolist() == presence(HAND).to_numpy().tolist()
    )
    eci, pci = complexity(PRES.to_numpy())
    np.testing.assert_allclose(eci.to_numpy(), complexity(PRES)[0].to_numpy())


def test_rca_does_not_modify_input_with_nan():
    values = HAND.astype(float)
    values.iloc[0, 1] = np.nan
    before = values.copy()
    rca(values)
    pd.testing.assert_frame_equal(values, before)


def test_complexity_degenerate_inputs_are_nan():
    eci, pci = complexity(pd.DataFrame({"a": [1, 1]}, index=["R1", "R2"]))
    assert eci.isna().all() and pci.isna().all()


def test_complexity_equal_diversity_falls_back_to_ubiquity_sign():
    # Every region has diversity 2, so the sign comes from PCI vs ubiquity (rarer = complex).
    m = pd.DataFrame(
        {"a": [1, 1, 1, 0], "b": [1, 1, 0, 1], "c": [0, 0, 1, 1], "d": [0, 0, 0, 0]},
        index=["R1", "R2", "R3", "R4"],
    )
    eci, pci = complexity(m)
    assert np.isfinite(eci).all() and np.isnan(pci["d"])
    assert pci["c"] > pci["a"]


def test_coherence_hand_case():
    phi = proximity(PRES)  # ab .5, ac .5, bc .5
    coh = coherence(PRES, phi)
    assert coh["R1"] == pytest.approx(0.5)  # three pairs of 0.5
    assert coh["R2"] == pytest.approx(0.5)
    assert np.isnan(coh["R4"])  # a single specialisation has no pair
    custom = pd.DataFrame(
        [[1, 0.9, 0.1], [0.9, 1, 0.3], [0.1, 0.3, 1]], index=list("abc"), columns=list("abc")
    )
    coh = coherence(PRES, custom)
    assert coh["R1"] == pytest.approx((0.9 + 0.1 + 0.3) / 3)
    assert coh["R2"] == pytest.approx(0.1)
    assert coh["R3"] == pytest.approx(0.3)
    with pytest.raises(InputError, match="proximity lacks domains"):
        coherence(PRES, custom.drop(index="a", columns="a"))
