"""Time synergy's relatedness functions against ecomplexity 0.5.3 and econcomplex 1.0.1.

Equal terms: both sides start from the same wide regions x domains matrix and compute the same
things: RCA, the presence matrix M, diversity and ubiquity, ECI/PCI (standardised), the
min-conditional proximity and the relatedness density.

* synergy: its public functions on the labelled DataFrame (``rca``, ``presence`` on that RCA,
  ``diversity``, ``ubiquity``, ``proximity``, ``relatedness_density``, ``complexity``), input
  checks and labelled outputs included.
* ecomplexity: the functions its ``ecomplexity()`` entry point calls for one year, on the same
  matrix as a numpy array: ``ComplexityData.calculate_rca`` and ``calculate_mcp``, the
  ``nansum`` diversity/ubiquity lines, ``calc_eci_pci``, ``calc_discrete_proximity``,
  ``calc_density``, then its ECI/PCI standardisation. The matrix takes the place of the
  rectangular frame that ``create_full_df`` builds from long data (its ``.values`` reshaped to
  locations x products is exactly this matrix), so ecomplexity is not charged for reading long
  data, nor for the complexity-outlook values (COI/COG), the log-supermodularity check and the
  long output frame that ``ecomplexity()`` adds and synergy does not compute.

* econcomplex 1.0.1: its public matrix functions, as its documentation shows them, on the same
  labelled DataFrame: ``rca``, ``binarize`` of that RCA at 1 (what ``mcp`` does, without
  computing RCA a second time), then ``diversity``, ``ubiquity``, ``proximity``
  (``compute="product"``), ``relatedness_density`` (with that proximity) and ``eci_pci``
  (``method="eigenvector"``, ``trim=False``: every row and column is non-empty) on the presence
  matrix with ``use_rca=False``, so nothing is computed twice. Its conventions differ in three
  places, compared accordingly: proximity's diagonal is 0 (compared off the diagonal), density
  is 0-100 and leaves the domain itself out (compared with synergy's density on a zero-diagonal
  proximity, x 100), and PCI is z-scored on its own with the sign that makes it fall with
  ubiquity (compared as z-scores up to sign).

We time the computing functions rather than charge synergy for a long-to-wide pivot because
``ecomplexity()`` would still do more work than synergy (COI/COG, long output); the computing
functions are the only way to give both sides the same work.

Every number is compared (max absolute difference per output, must be <= 1e-9). Times are
CPU seconds (``time.process_time``, all threads of the process) and wall seconds, median of
``--repeats`` (>= 5) warm runs after one warm-up call. Start-up is measured in a fresh process
per library: the import of the library (numpy and pandas already loaded: both sides take them
as input) plus one call on a tiny 20 x 40 matrix, i.e. what any run costs whatever its size. A
ratio counts as reportable where start-up is under 10% of a run (start-up + warm wall time) for
both libraries. ``--json`` prints one JSON object.

Usage: ``.venv/bin/python benchmarks/bench_relatedness.py [--shape 300x600 ...] [--json]``
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
import types
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "TOLERANCE",
    "make_matrix",
    "run_synergy",
    "run_ecomplexity",
    "run_econcomplex",
    "econcomplex_diff",
    "max_abs_diff",
    "startup",
    "main",
]

TOLERANCE = 1e-9
OUTPUTS = ("rca", "mcp", "diversity", "ubiquity", "proximity", "density", "eci", "pci")
DEFAULT_SHAPES = ((100, 200), (300, 600), (600, 300), (1000, 1000))


def make_matrix(n: int, m: int, seed: int) -> pd.DataFrame:
    """Return a sparse, skewed regions x domains matrix (lognormal sizes, nested presence)."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0.0, 1.2, size=(n, 1)) * rng.lognormal(0.0, 1.2, size=(1, m))
    capability, difficulty = rng.random((n, 1)), rng.random((1, m))
    # About 55% zeros; capable regions also hold the rare domains, as in real data.
    keep = rng.random((n, m)) < 0.05 + 0.85 / (1.0 + np.exp(-6 * (capability - difficulty)))
    x = np.round(size * rng.lognormal(0.0, 1.0, size=(n, m)) * keep * 100)
    x[:, x.sum(axis=0) == 0] = 1.0  # keep every domain: ecomplexity would drop empty ones
    x[x.sum(axis=1) == 0, :] = 1.0  # and every region
    return pd.DataFrame(
        x, index=[f"r{i:04d}" for i in range(n)], columns=[f"d{j:04d}" for j in range(m)]
    )


def _relatedness_module():
    """Return synergy's relatedness module (its path moves with the package layout)."""
    try:
        from synergy.algorithms import relatedness
    except ImportError:
        from synergy import relatedness
    return relatedness


def run_synergy(values: pd.DataFrame) -> dict:
    """Return synergy's outputs for the wide matrix ``values`` (labelled pandas objects)."""
    rel = _relatedness_module()
    rca = rel.rca(values)
    mcp = rel.presence(rca, use_rca=False)  # M from the RCA just computed, as ecomplexity does
    prox = rel.proximity(mcp)
    eci, pci = rel.complexity(mcp)
    return {
        "rca": rca,
        "mcp": mcp,
        "diversity": rel.diversity(mcp),
        "ubiquity": rel.ubiquity(mcp),
        "proximity": prox,
        "density": rel.relatedness_density(mcp, prox),
        "eci": eci,
        "pci": pci,
    }


def run_ecomplexity(x: np.ndarray) -> dict:
    """Return ecomplexity 0.5.3's outputs for the wide matrix ``x`` (numpy arrays).

    The steps and their order are those of ``ecomplexity.ecomplexity()`` for one year with its
    defaults (presence by RCA >= 1, discrete symmetric proximity, no knn), minus COI/COG and
    the output reshaping.
    """
    from ecomplexity.calc_density import calc_density
    from ecomplexity.calc_proximity import calc_discrete_proximity
    from ecomplexity.ComplexityData import ComplexityData
    from ecomplexity.ecomplexity import calc_eci_pci

    n, m = x.shape
    cdata = object.__new__(ComplexityData)  # its __init__ only reads and cleans long data
    cdata.t = 0
    # What create_full_df leaves: a frame whose values reshape to (locations, products).
    cdata.data_t = types.SimpleNamespace(
        values=x, index=types.SimpleNamespace(levels=(range(n), range(m)))
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cdata.calculate_rca()
        cdata.calculate_mcp(1, 1, "rca", None, 0)
        cdata.diversity_t = np.nansum(cdata.mcp_t, axis=1)
        cdata.ubiquity_t = np.nansum(cdata.mcp_t, axis=0)
        eci, pci = calc_eci_pci(cdata)
        prox = calc_discrete_proximity(cdata.mcp_t, cdata.ubiquity_t, False)
        density = calc_density(rca_or_mcp=cdata.mcp_t, proximity_mat=prox, knn=None)
    pci = (pci - eci.mean()) / eci.std()
    eci = (eci - eci.mean()) / eci.std()
    return {
        "rca": cdata.rca_t,
        "mcp": cdata.mcp_t,
        "diversity": cdata.diversity_t,
        "ubiquity": cdata.ubiquity_t,
        "proximity": prox,
        "density": density,
        "eci": eci,
        "pci": pci,
    }


def run_econcomplex(values: pd.DataFrame) -> dict:
    """Return econcomplex 1.0.1's outputs for the wide matrix ``values`` (its public API)."""
    import econcomplex as ec

    rca = ec.rca(values)
    # presence from that RCA with its own binarize (ec.mcp(values) would compute RCA again)
    mcp = pd.DataFrame(ec.binarize(rca, 1.0), index=values.index, columns=values.columns)
    prox = ec.proximity(mcp, use_rca=False, compute="product")["product"]
    eci, pci = ec.eci_pci(mcp, use_rca=False, method="eigenvector", trim=False)
    return {
        "rca": rca,
        "mcp": mcp,
        "diversity": ec.diversity(mcp, use_rca=False),
        "ubiquity": ec.ubiquity(mcp, use_rca=False),
        "proximity": prox,
        "density": ec.relatedness_density(mcp, phi=prox, use_rca=False),
        "eci": eci,
        "pci": pci,
    }


def econcomplex_diff(ours: dict, theirs: dict) -> dict[str, float]:
    """Return the max absolute difference per output, econcomplex's conventions accounted for.

    Not timed: synergy's zero-diagonal density is computed here for the comparison only.
    """
    rel = _relatedness_module()
    out = {}
    for name in ("rca", "mcp", "diversity", "ubiquity", "eci"):
        a, b = np.asarray(ours[name], dtype=float), np.asarray(theirs[name], dtype=float)
        out[name] = float(np.max(np.abs(a - b))) if a.shape == b.shape else float("inf")
    a, b = np.asarray(ours["proximity"], dtype=float), np.asarray(theirs["proximity"], dtype=float)
    off = ~np.eye(a.shape[0], dtype=bool)
    out["proximity"] = float(np.max(np.abs(a[off] - b[off])))
    zero = ours["proximity"].to_numpy(copy=True)
    np.fill_diagonal(zero, 0.0)
    phi = pd.DataFrame(zero, index=ours["proximity"].index, columns=ours["proximity"].columns)
    density = rel.relatedness_density(ours["mcp"], phi).to_numpy() * 100
    out["density"] = float(np.max(np.abs(density - np.asarray(theirs["density"], dtype=float))))
    pci = np.asarray(ours["pci"], dtype=float)
    z = (pci - pci.mean()) / pci.std()
    b = np.asarray(theirs["pci"], dtype=float)
    out["pci"] = float(min(np.max(np.abs(z - b)), np.max(np.abs(z + b))))
    return out


def max_abs_diff(ours: dict, theirs: dict) -> dict[str, float]:
    """Return the max absolute difference per output (same positions: same matrix order)."""
    out = {}
    for name in OUTPUTS:
        a = np.asarray(ours[name], dtype=float)
        b = np.asarray(theirs[name], dtype=float)
        if a.shape != b.shape or np.isnan(a).any() or np.isnan(b).any():
            out[name] = float("inf")  # a NaN or a dropped row is a disagreement
        else:
            out[name] = float(np.max(np.abs(a - b))) if a.size else 0.0
    return out


def _timed(fn, arg, repeats: int) -> tuple[float, float]:
    """Return (median CPU seconds, median wall seconds) of ``repeats`` calls of ``fn(arg)``."""
    cpu, wall = [], []
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        fn(arg)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


TINY = (20, 40)


def startup(tool: str, seed: int = 0, probes: int = 3) -> dict:
    """Return the start-up of ``tool``, median of ``probes`` fresh processes (:func:`_probe`)."""
    cmd = [sys.executable, __file__, "--probe", tool, "--seed", str(seed)]
    runs = [
        json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
        for _ in range(probes)
    ]
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def _probe(tool: str, seed: int) -> dict:
    """In this fresh process, with numpy and pandas loaded (both sides take them as input),
    time the import of ``tool`` and one call on a tiny matrix: the cost of any run that does
    not depend on its size."""
    values = make_matrix(*TINY, seed)
    w0 = time.perf_counter()
    if tool == "synergy":
        _relatedness_module()
        fn, arg = run_synergy, values
    elif tool == "econcomplex":
        import econcomplex  # noqa: F401

        fn, arg = run_econcomplex, values
    else:
        import ecomplexity  # noqa: F401  (the package import loads scikit-learn)

        fn, arg = run_ecomplexity, values.to_numpy()
    imported = time.perf_counter() - w0
    w1 = time.perf_counter()
    fn(arg)
    tiny = time.perf_counter() - w1
    return {"import_s": imported, "tiny_call_s": tiny, "startup_s": imported + tiny}


def bench_shape(n: int, m: int, seed: int, repeats: int, starts: dict) -> dict:
    """Return the equality check and the warm timings of one shape."""
    values = make_matrix(n, m, seed)
    x = values.to_numpy()
    mine = run_synergy(values)  # also the warm-up calls
    diffs = max_abs_diff(mine, run_ecomplexity(x))
    peer = econcomplex_diff(mine, run_econcomplex(values))
    keys = ("warm_cpu_s", "warm_wall_s")
    ours = dict(zip(keys, _timed(run_synergy, values, repeats), strict=True))
    theirs = dict(zip(keys, _timed(run_ecomplexity, x, repeats), strict=True))
    other = dict(zip(keys, _timed(run_econcomplex, values, repeats), strict=True))
    for side, tool in ((ours, "synergy"), (theirs, "ecomplexity"), (other, "econcomplex")):
        side.update(starts[tool])
        side["startup_share"] = side["startup_s"] / (side["startup_s"] + side["warm_wall_s"])
    reportable = max(ours["startup_share"], theirs["startup_share"]) < 0.10
    return {
        "shape": [n, m],
        "nonzero_share": float((x > 0).mean()),
        "max_abs_diff": diffs,
        "econcomplex_max_abs_diff": peer,
        "equal": max(diffs.values()) <= TOLERANCE and max(peer.values()) <= 1e-6,
        "synergy": ours,
        "ecomplexity": theirs,
        "econcomplex": other,
        "ratio_cpu": theirs["warm_cpu_s"] / ours["warm_cpu_s"],
        "ratio_wall": theirs["warm_wall_s"] / ours["warm_wall_s"],
        "ratio_reportable": reportable,
        "ratio_cpu_econcomplex": other["warm_cpu_s"] / ours["warm_cpu_s"],
        "ratio_econcomplex_reportable": max(ours["startup_share"], other["startup_share"]) < 0.10,
    }


def _shape(text: str) -> tuple[int, int]:
    n, _, m = text.lower().partition("x")
    return int(n), int(m)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 0 if every shape agrees to :data:`TOLERANCE`, 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", type=_shape, action="append", help="NxM, repeatable")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--probe", choices=("synergy", "ecomplexity", "econcomplex"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    shapes = args.shape or list(DEFAULT_SHAPES)
    repeats = max(args.repeats, 5)
    if args.probe:
        print(json.dumps(_probe(args.probe, args.seed)))
        return 0
    starts = {tool: startup(tool, args.seed) for tool in ("synergy", "ecomplexity", "econcomplex")}
    results = [bench_shape(n, m, args.seed, repeats, starts) for n, m in shapes]
    report = {
        "benchmark": "relatedness+complexity, computing functions on the same wide matrix",
        "tolerance": TOLERANCE,
        "repeats": repeats,
        "shapes": results,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
    }
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        for r in results:
            o, e, c = r["synergy"], r["ecomplexity"], r["econcomplex"]
            ratio = f"{r['ratio_cpu']:.1f}x" if r["ratio_reportable"] else "not reported"
            print(
                f"{r['shape'][0]} x {r['shape'][1]}: synergy {o['warm_cpu_s'] * 1e3:.1f} ms CPU, "
                f"ecomplexity {e['warm_cpu_s'] * 1e3:.1f} ms CPU, ratio {ratio}, econcomplex "
                f"{c['warm_cpu_s'] * 1e3:.1f} ms CPU; start-up {o['startup_s']:.2f} s / "
                f"{e['startup_s']:.2f} s / {c['startup_s']:.2f} s; max abs diff "
                f"{max(r['max_abs_diff'].values()):.1e} / "
                f"{max(r['econcomplex_max_abs_diff'].values()):.1e}"
            )
    bad = [r["shape"] for r in results if not r["equal"]]
    if bad:
        print(f"numbers differ from an oracle beyond the tolerance at {bad}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
