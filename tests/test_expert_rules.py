"""Small hand-checkable sets for the rules of issue 16: complexity support, reference matrix,
intent against capability, stability, data completeness."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synergy.algorithms.alignment import intent_vs_capability
from synergy.algorithms.relatedness import (
    complexity_support,
    proximity,
    region_metrics,
    with_reference,
)
from synergy.algorithms.stability import bootstrap, identity, perturbed_weights, stability
from synergy.core.errors import InputError
from synergy.core.scoring import Candidate, Weights
from synergy.core.settings import ScanSettings

MINI = Path(__file__).parent / "data" / "mini"


def _nested(n: int = 40, m: int = 10, seed: int = 1) -> pd.DataFrame:
    """Regions holding the first k_i domains: a perfectly nested presence matrix."""
    k = np.random.default_rng(seed).integers(1, m + 1, size=n)
    cells = [[1 if j < k[i] else 0 for j in range(m)] for i in range(n)]
    return pd.DataFrame(cells, index=[f"R{i:02d}" for i in range(n)], columns=list("abcdefghij"))


def test_complexity_needs_enough_regions():
    few = _nested(11)
    ok, note, stab = complexity_support(few)
    assert not ok and stab is None
    assert note.startswith("ECI/PCI left out: 11 regions")
    # the same 11 regions' table has no ECI, and says so
    table, matrices = region_metrics(few.astype(float))
    assert table["eci"].isna().all() and matrices["pci"].isna().all()
    assert "fewer than the 30" in matrices["complexity_note"]


def test_complexity_leave_one_region_out():
    ok, note, stab = complexity_support(_nested(40))
    assert ok and stab == 1.0  # a nested matrix ranks domains by ubiquity, whoever is dropped
    noisy = pd.DataFrame(
        (np.random.default_rng(1).random((40, 10)) < 0.4).astype(int),
        index=[f"R{i:02d}" for i in range(40)],
        columns=list("abcdefghij"),
    )
    ok, note, stab = complexity_support(noisy, min_stability=0.99)
    assert not ok and stab < 0.99
    assert note.startswith("ECI/PCI left out: dropping region R")
    # with 30+ regions and the check passed, the table carries ECI
    table, matrices = region_metrics(noisy.astype(float), min_stability=-1.0)
    assert table["eci"].notna().all() and matrices["pci"].notna().any()
    assert matrices["complexity_note"].startswith("ECI/PCI reported: 40 regions")


def test_reference_widens_proximity_estimation():
    values = pd.DataFrame({"a": [1.0, 0.0], "b": [1.0, 1.0]}, index=["R1", "R2"])
    # on the two scanned regions a and b always co-occur where a is: proximity 1 ...
    m = (values > 0).astype(int)
    assert proximity(m).loc["a", "b"] == pytest.approx(0.5)
    # ... the reference adds regions holding b without a: proximity drops
    ref = pd.DataFrame({"a": [0.0, 0.0], "b": [1.0, 1.0]}, index=["X1", "X2"])
    full = with_reference(values, ref)
    assert list(full.index) == ["R1", "R2", "X1", "X2"]
    _, matrices = region_metrics(values, reference=ref)
    assert matrices["proximity_regions"] == 4
    assert list(matrices["density"].index) == ["R1", "R2"]


def test_reference_file_in_scan_and_errors(tmp_path):
    from synergy.pipeline import read_reference, scan

    good = tmp_path / "reference.csv"
    rows = ["region_id,hydrogen,agrifood,forestry-wood"]
    rows += [f"X{i:02d},{i % 3},{(i + 1) % 2},{i % 5}" for i in range(30)]
    good.write_text("\n".join(rows) + "\n", encoding="utf-8")
    settings = ScanSettings()
    result = scan(
        MINI, replace(settings, relatedness=replace(settings.relatedness, reference=good))
    )
    choice = result.choices["relatedness"]
    assert choice["proximity_regions"] == 33 and "30 regions" in choice["proximity_reference"]
    assert choice["matrix"] == "capability (clusters, actors, projects)"
    bad = tmp_path / "bad.csv"
    bad.write_text("region_id,hydrogen,numismatics\nX,1,2\n", encoding="utf-8")
    tax = result.taxonomy
    with pytest.raises(InputError, match="numismatics are not taxonomy domain ids"):
        read_reference(bad, tax)
    neg = tmp_path / "neg.csv"
    neg.write_text("region_id,hydrogen\nX,-1\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 'X', column 'hydrogen'"):
        read_reference(neg, tax)


def test_intent_against_capability_hand_case():
    intent = pd.DataFrame(
        {"agri": [2.0, 0.0], "ict": [2.0, 1.0], "space": [0.0, 1.0]}, index=["A", "B"]
    )
    capability = pd.DataFrame(
        {"agri": [4.0, 0.0], "ict": [0.0, 2.0], "space": [0.0, 2.0]}, index=["A", "B"]
    )
    t = intent_vs_capability(intent, capability).set_index("region_id")
    # A intends agri and ict equally but does only agri: cosine (.5,.5,0)·(1,0,0) = 0.7071
    assert t.loc["A", "alignment"] == pytest.approx(0.7071)
    assert t.loc["A", "intended_not_capable"] == "ict (50%)"
    # B does exactly what it intends
    assert t.loc["B", "alignment"] == pytest.approx(1.0)
    assert t.loc["B", "intended_not_capable"] == "" and t.loc["B", "capable_not_intended"] == ""
    assert t.loc["A", "capability_top"] == "agri (RCA 2.0)"


def _cand(kind, regions, score, **extra):
    return Candidate(kind, regions, score, {}, "e.", extra=extra)


def test_stability_counts_runs_in_top_k():
    pairings = pd.DataFrame(
        {
            "kind": ["shared-priority"] * 3,
            "regions": ["A;B", "A;C", "B;C"],
            "clusters": "",
            "domains": "",
            "chain_id": "",
        }  # fmt: skip
    )
    weights = Weights({"shared-priority": {"x": 1.0}})

    def fixed(tables, w):
        # A-B always first; A-C beats B-C only when the perturbed weight x exceeds 1
        x = w.of("shared-priority")["x"]
        return [
            _cand("shared-priority", ("A", "B"), 0.9),
            _cand("shared-priority", ("A", "C"), 0.5 if x > 1 else 0.1),
            _cand("shared-priority", ("B", "C"), 0.3),
        ]

    col = stability(pairings, {}, fixed, weights=weights, runs=20, top_k=1, seed=7)
    assert col.tolist() == [1.0, 0.0, 0.0]
    two = stability(pairings, {}, fixed, weights=weights, runs=20, top_k=2, seed=7)
    draws = [perturbed_weights(weights, np.random.default_rng([7, r])) for r in range(20)]
    above = sum(d.of("shared-priority")["x"] > 1 for d in draws) / 20
    assert two.tolist() == [1.0, above, 1.0 - above]
    assert two.equals(stability(pairings, {}, fixed, weights=weights, runs=20, top_k=2, seed=7))
    assert stability(pairings, {}, fixed, weights=weights, runs=0).isna().all()


def test_stability_bootstrap_and_identity():
    tables = {
        "actors": pd.DataFrame({"actor_id": list("abcdefghij")}),
        "regions": pd.DataFrame({"region_id": ["R1", "R2"]}),
    }
    sample = bootstrap(tables, np.random.default_rng(0))
    assert sample["regions"] is tables["regions"]  # structure tables stay whole
    assert 0 < len(sample["actors"]) < 10 and sample["actors"]["actor_id"].is_unique
    # a shared priority is matched by its regions, whatever domains a run finds
    assert identity("shared-priority", "A;B", "c1", "health", "", {}) == identity(
        "shared-priority", "A;B", "", "ict", "", {}
    )


def test_stability_column_in_scan_is_deterministic():
    from synergy.pipeline import scan

    a, b = scan(MINI), scan(MINI)
    col = a.pairings["stability"]
    assert col.between(0, 1).all()
    assert (
        list(a.pairings.columns).index("stability")
        == list(a.pairings.columns).index("kind_rank") + 1
    )
    pd.testing.assert_series_equal(col, b.pairings["stability"])
    assert a.choices["stability"]["runs"] == 10 and a.choices["stability"]["seed"] == 42


def test_stability_frees_each_run_while_the_collector_is_paused():
    import gc
    import weakref

    pairings = pd.DataFrame(
        {"kind": ["shared-priority"], "regions": ["A;B"], "clusters": "", "domains": "",
         "chain_id": ""}
    )  # fmt: skip
    weights = Weights({"shared-priority": {"x": 1.0}})
    alive = []

    class Cyclic:  # stands for a run's graph: freed only by the cyclic collector
        def __init__(self):
            self.me = self

    def run(tables, w):
        alive.append(weakref.ref(Cyclic()))
        return [_cand("shared-priority", ("A", "B"), 0.9)]

    gc.disable()  # as the scan does
    try:
        stability(pairings, {}, run, weights=weights, runs=5, top_k=1, seed=7)
        assert [r() is None for r in alive] == [True] * 5
    finally:
        gc.enable()


def test_stability_left_out_above_max_actors_and_said_why():
    from synergy.pipeline import scan

    n = len(scan(MINI, ScanSettings()).dataset.tables["actors"])
    capped = ScanSettings(stability=replace(ScanSettings().stability, max_actors=n - 1))
    result = scan(MINI, capped)
    assert result.choices["stability"]["runs"] == 0
    assert f"{n:,} actor rows" in result.choices["stability"]["left_out"]
    assert result.pairings["stability"].isna().all()
    # asked for explicitly (no limit), the runs are made whatever the size
    forced = replace(capped.stability, runs=3, max_actors=None)
    result = scan(MINI, ScanSettings(stability=forced))
    assert (
        result.choices["stability"]["runs"] == 3 and "left_out" not in result.choices["stability"]
    )
    assert result.pairings["stability"].between(0, 1).all()


def test_stress_data_completeness_says_none_in_the_data(mini_graph):
    from synergy.algorithms.stress import stress_test

    g = mini_graph.copy()
    # a cluster without members in R1: R1's data is partial
    g.add_node("cluster:empty", kind="Cluster", key="empty", name="Empty", region_id="R1")
    g.add_edge("cluster:empty", "region:R1", key="LOCATED_IN", type="LOCATED_IN")
    report = stress_test(g)
    regions = report.regions.set_index("region_id")
    assert regions.loc["R1", "completeness"].startswith("partial: 1 of")
    assert regions.loc["R1", "clusters_with_members"] < 1
    flags = report.flags[report.flags["region_id"] == "R1"]
    backing = flags[flags["indicator"].isin(["no_cluster", "no_actor", "single_points"])]
    assert len(backing) and backing["message"].str.contains("none in the data").all()
