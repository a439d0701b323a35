"""synergy.algorithms.diversification on hand-worked matrices and invariants on a random one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synergy.algorithms.diversification import partner_diversification
from synergy.algorithms.relatedness import presence, proximity, rca, relatedness_density

# RCA: A agri 1.0, food 3.0; B ict 3.0; C agri 2.0. M: A {agri, food}, B {ict}, C {agri}.
# phi(agri, food) = min(1/2, 1/1) = 0.5, so C's density in food = 0.5 / 1.5 = 1/3.
HAND = pd.DataFrame({"agri": [2, 0, 4], "food": [2, 0, 0], "ict": [0, 4, 0]}, index=["A", "B", "C"])


def test_partner_diversification_hand_case_with_clusters():
    counts = pd.DataFrame({"food": [3]}, index=["A"])
    [c] = partner_diversification(HAND, cluster_counts=counts, names={"C": "Gamma"})
    assert c["kind"] == "relatedness"
    assert (c["regions"], c["domains"]) == (["A", "C"], ["food"])
    assert (c["focal_region"], c["partner_region"]) == ("C", "A")
    assert c["components"] == pytest.approx(
        {"density": 1 / 3, "partner_rca": 0.5, "partner_clusters": 0.75}, abs=1e-6
    )
    assert c["score"] == pytest.approx(0.5 / 3 + 0.3 * 0.5 + 0.2 * 0.75, abs=1e-6)
    assert c["evidence"] == (
        "Gamma is 0.33 related to food but not specialised in it; "
        "A holds RCA 3.0 in food with 3 clusters."
    )


def test_partner_diversification_without_clusters_renormalises():
    [c] = partner_diversification(HAND, domain_names={"food": "Food processing"})
    assert c["components"]["partner_clusters"] == 0.0
    assert c["score"] == pytest.approx((0.5 / 3 + 0.3 * 0.5) / 0.8, abs=1e-6)
    assert c["evidence"] == (
        "C is 0.33 related to Food processing but not specialised in it; "
        "A holds RCA 3.0 in Food processing."
    )


def test_partner_diversification_zero_clusters_sentence():
    counts = pd.DataFrame({"agri": [5]}, index=["C"])
    [c] = partner_diversification(HAND, cluster_counts=counts)
    assert c["components"]["partner_clusters"] == 0.0
    assert c["evidence"].endswith("with no cluster recorded there.")


def test_partner_diversification_density_threshold_filters():
    assert partner_diversification(HAND, density_threshold=0.34) == []
    assert len(partner_diversification(HAND, density_threshold=0.33)) == 1


def test_partner_diversification_weights():
    [c] = partner_diversification(HAND, weights={"density": 1, "partner_rca": 0})
    assert c["score"] == pytest.approx(1 / 3, abs=1e-6)
    with pytest.raises(ValueError, match="unknown weight"):
        partner_diversification(HAND, weights={"size": 1})


def _random(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.lognormal(0, 1, (12, 9)) * (rng.random((12, 9)) < 0.5)
    return pd.DataFrame(x, index=[f"R{i:02d}" for i in range(12)], columns=list("abcdefghi"))


def test_partner_diversification_invariants_random():
    values = _random()
    counts = pd.DataFrame(
        np.random.default_rng(1).integers(0, 4, values.shape),
        index=values.index,
        columns=values.columns,
    )
    out = partner_diversification(
        values,
        cluster_counts=counts,
        density_threshold=0.2,
        top_per_region=None,
        partners_per_domain=None,
    )
    r = rca(values)
    m = presence(values)
    dens = relatedness_density(m, proximity(m))
    assert out, "the random matrix should yield candidates"
    for c in out:
        focal, partner, d = c["focal_region"], c["partner_region"], c["domains"][0]
        assert r.loc[focal, d] < 1 <= r.loc[partner, d]
        assert c["components"]["density"] == pytest.approx(dens.loc[focal, d], abs=1e-6)
        assert 0 <= c["score"] <= 1 and c["regions"] == sorted([focal, partner])
        n = counts.loc[partner, d]
        assert c["components"]["partner_clusters"] == pytest.approx(n / (n + 1), abs=1e-6)
    # Every eligible (focal, domain, partner) triple is there when nothing is capped.
    eligible = {
        (f, d, p)
        for f in values.index
        for d in values.columns
        for p in values.index
        if p != f and r.loc[f, d] < 1 <= r.loc[p, d] and dens.loc[f, d] >= 0.2
    }
    assert {(c["focal_region"], c["domains"][0], c["partner_region"]) for c in out} == eligible
    scores = [c["score"] for c in out]
    assert scores == sorted(scores, reverse=True)


def test_partner_diversification_caps_and_determinism():
    values = _random(3)
    out = partner_diversification(
        values, density_threshold=0.1, top_per_region=3, partners_per_domain=1
    )
    per_region: dict[str, int] = {}
    per_domain: dict[tuple[str, str], int] = {}
    for c in out:
        per_region[c["focal_region"]] = per_region.get(c["focal_region"], 0) + 1
        key = (c["focal_region"], c["domains"][0])
        per_domain[key] = per_domain.get(key, 0) + 1
    assert max(per_region.values()) <= 3 and max(per_domain.values()) == 1
    assert out == partner_diversification(
        values, density_threshold=0.1, top_per_region=3, partners_per_domain=1
    )
    # Row order of the input does not change the result.
    shuffled = values.sample(frac=1.0, random_state=0)
    assert out == partner_diversification(
        shuffled, density_threshold=0.1, top_per_region=3, partners_per_domain=1
    )
