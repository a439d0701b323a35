"""Time synergy.algorithms.relatedness against ecomplexity 0.5.3 on the same matrix, same run.

Both compute RCA, presence, proximity, relatedness density and ECI/PCI from their own input
format (synergy: a wide regions x domains DataFrame; ecomplexity: long time/loc/prod/val
data), each timed as the median of a few repeats. ecomplexity runs with ``verbose=False`` and
``check_logsupermodularity=False`` (its default check is extra work synergy does not do).
The script asserts that the numbers agree to 1e-6 and prints a Markdown row for
benchmarks/RESULTS.md, or JSON with ``--json``.

Usage: ``.venv/bin/python benchmarks/bench_relatedness.py [--regions 300 --domains 600]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import platform
import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd

from synergy.algorithms.relatedness import complexity, presence, proximity, rca, relatedness_density

__all__ = ["make_matrix", "run_synergy", "run_ecomplexity", "main"]

COLS = {"time": "year", "loc": "region", "prod": "domain", "val": "value"}


def make_matrix(n: int, m: int, seed: int) -> pd.DataFrame:
    """Return a sparse, skewed regions x domains matrix (lognormal sizes, nested presence)."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0.0, 1.2, size=(n, 1)) * rng.lognormal(0.0, 1.2, size=(1, m))
    capability, difficulty = rng.random((n, 1)), rng.random((1, m))
    # About 55% zeros; capable regions also hold the rare domains, as in real data.
    keep = rng.random((n, m)) < 0.05 + 0.85 / (1.0 + np.exp(-6 * (capability - difficulty)))
    x = np.round(size * rng.lognormal(0.0, 1.0, size=(n, m)) * keep * 100)
    x[:, x.sum(axis=0) == 0] = 1.0  # keep every domain: ecomplexity would drop empty ones
    return pd.DataFrame(
        x, index=[f"r{i:04d}" for i in range(n)], columns=[f"d{j:04d}" for j in range(m)]
    )


def run_synergy(values: pd.DataFrame) -> dict[str, pd.DataFrame | pd.Series]:
    """Return synergy's rca, mcp, density, eci and pci for ``values``."""
    r = rca(values)
    m = presence(values)
    dens = relatedness_density(m, proximity(m))
    eci, pci = complexity(m)
    return {"rca": r, "mcp": m, "density": dens, "eci": eci, "pci": pci}


def to_long(values: pd.DataFrame) -> pd.DataFrame:
    """Return ``values`` as ecomplexity's long input (year, region, domain, value)."""
    long = values.stack().rename("value").rename_axis(["region", "domain"]).reset_index()
    long["year"] = 2024
    return long


def run_ecomplexity(long: pd.DataFrame) -> pd.DataFrame:
    """Return ecomplexity's output for long data, silenced."""
    from ecomplexity import ecomplexity

    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        return ecomplexity(long, COLS, verbose=False, check_logsupermodularity=False)


def _median_seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def max_abs_diff(ours: dict, theirs: pd.DataFrame) -> dict[str, float]:
    """Return the max absolute difference per metric between synergy and ecomplexity."""
    out = {}
    for name in ("rca", "mcp", "density"):
        wide = theirs.pivot(index="region", columns="domain", values=name)
        mine = ours[name].loc[wide.index, wide.columns].to_numpy(dtype=float)
        out[name] = float(np.max(np.abs(mine - wide.to_numpy(dtype=float))))
    for name, level in (("eci", "region"), ("pci", "domain")):
        col = theirs.groupby(level)[name].first()
        out[name] = float(np.max(np.abs(ours[name].loc[col.index].to_numpy() - col.to_numpy())))
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 0 if the numbers agree, 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--domains", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)

    values = make_matrix(args.regions, args.domains, args.seed)
    long = to_long(values)
    ours = run_synergy(values)
    theirs = run_ecomplexity(long)
    diffs = max_abs_diff(ours, theirs)
    t_ours = _median_seconds(lambda: run_synergy(values), max(args.repeats, 5))
    t_theirs = _median_seconds(lambda: run_ecomplexity(long), args.repeats)
    result = {
        "benchmark": "relatedness+complexity",
        "shape": [args.regions, args.domains],
        "density_nonzero": float((values.to_numpy() > 0).mean()),
        "synergy_ms": round(t_ours * 1000, 1),
        "ecomplexity_ms": round(t_theirs * 1000, 1),
        "speedup": round(t_theirs / t_ours, 1),
        "max_abs_diff": {k: float(f"{v:.3g}") for k, v in diffs.items()},
        "repeats": args.repeats,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
    }
    ok = max(diffs.values()) < 1e-6
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        worst = max(diffs.values())
        print("| benchmark | shape | synergy | ecomplexity 0.5.3 | speed-up | max abs diff |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        print(
            f"| rca + presence + proximity + density + eci/pci | "
            f"{args.regions} x {args.domains} | {result['synergy_ms']} ms | "
            f"{result['ecomplexity_ms']} ms | {result['speedup']}x | {worst:.1e} |"
        )
    if not ok:
        print(f"numbers differ from ecomplexity: {diffs}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
