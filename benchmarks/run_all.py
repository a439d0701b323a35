"""Run every benchmark side by side in one run and rewrite benchmarks/RESULTS.md.

Sections (``--only NAME`` runs one and keeps the others already in RESULTS.md):

* ``relatedness``: synergy.algorithms.relatedness against ecomplexity 0.5.3 on a 300 x 600 matrix
  (``bench_relatedness.py --json``);
* ``dedupe``: ``ingest.dedupe`` against Splink 5 (DuckDB) on the generated 20k set and a
  ``synergy synth`` 5k set (``bench_dedupe.py --json``), in the bench-only venv ``.venv-bench``
  (Splink brings pyarrow, which changes pandas' string type, so it never enters ``.venv``);
* ``scan``: ``synergy scan`` at three sizes under ``/usr/bin/time -v`` (wall time, peak RSS)
  with the per-stage timings of ``OUT/manifest.json``;
* ``neo4j``: push rate of ``bench_neo4j_push.py`` (skipped when no server answers).

Usage::

    .venv/bin/python benchmarks/run_all.py            # full sizes (the EU scan takes minutes)
    .venv/bin/python benchmarks/run_all.py --quick    # small sizes, about two minutes
    .venv/bin/python benchmarks/run_all.py --only scan --quick

Datasets and scan outputs go to ``--workdir`` (default ``out/bench``); synthetic datasets are
made once and reused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["SECTIONS", "machine", "main"]

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
VENV_PY = ROOT / ".venv" / "bin" / "python"
SYNERGY = ROOT / ".venv" / "bin" / "synergy"
BENCH_VENV = ROOT / ".venv-bench"
SECTIONS = ("relatedness", "dedupe", "scan", "neo4j")
TITLES = {
    "relatedness": "(a) Relatedness and complexity vs ecomplexity",
    "dedupe": "(b) Actor deduplication vs Splink",
    "scan": "(c) Scan: stage times and peak memory",
    "neo4j": "(d) Neo4j push rate",
}
SCAN_STAGES = (
    "ingest",
    "graph",
    "shared priorities",
    "value chains",
    "pilots and calls",
    "relatedness",
    "communities and stress test",
    "ranking",
    "render",
)


def _run(cmd: list[str], *, timeout: float = 3600, env: dict | None = None) -> tuple[int, str, str]:
    """Return (exit code, stdout, stderr) of ``cmd`` run from the project root."""
    done = subprocess.run(
        [str(c) for c in cmd],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def machine() -> dict[str, str]:
    """Return the CPU model, cores, RAM, Python version, date and load of this machine."""
    cpu = ""
    ram_gb = 0.0
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        cpu = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in cpuinfo.splitlines()
                if ln.startswith("model name")
            ),
            "",
        )
        mem = Path("/proc/meminfo").read_text()
        ram_gb = int(re.search(r"MemTotal:\s+(\d+)", mem).group(1)) / 1024**2
    except (OSError, AttributeError):
        pass
    return {
        "CPU": cpu or platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "RAM": f"{ram_gb:.1f} GB",
        "Python": platform.python_version(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


# --- (a) relatedness ------------------------------------------------------------------------


def section_relatedness(quick: bool, workdir: Path) -> list[str]:
    """Return the Markdown of section (a)."""
    shapes = [(100, 200)] if quick else [(300, 600)]
    lines = [
        "Both libraries compute RCA, presence, proximity, relatedness density and ECI/PCI "
        "from the same matrix in the same run (median of repeats); ratio = ecomplexity time / "
        "synergy time.",
        "",
        "| shape | synergy | ecomplexity 0.5.3 | ratio | max abs diff |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for n, m in shapes:
        code, out, err = _run(
            [VENV_PY, BENCH / "bench_relatedness.py", "--json", "--regions", n, "--domains", m]
        )
        if code != 0 and not out.strip():
            return [f"failed: {err.strip()[-400:]}"]
        res = json.loads(out)
        worst = max(res["max_abs_diff"].values())
        lines.append(
            f"| {n} x {m} | {res['synergy_ms']} ms | {res['ecomplexity_ms']} ms | "
            f"**{res['speedup']}x** | {worst:.1e} |"
        )
    return lines


# --- (b) dedupe -----------------------------------------------------------------------------


def _bench_python(install: bool) -> tuple[Path | None, str]:
    """Return (python of .venv-bench with Splink, note), making the venv when allowed."""
    py = BENCH_VENV / "bin" / "python"
    if py.exists() and _run([py, "-c", "import splink"])[0] == 0:
        return py, ""
    if not install:
        return None, "Splink not installed in .venv-bench (run without --no-install)"
    steps = [
        ["python3", "-m", "venv", BENCH_VENV],
        [py, "-m", "pip", "install", "-q", "--upgrade", "pip"],
        [py, "-m", "pip", "install", "-q", "-e", ".", "splink"],
    ]
    for step in steps:
        code, _, err = _run(step, timeout=1800)
        if code != 0:
            return None, f"could not make .venv-bench: {err.strip()[-300:]}"
    return py, ""


def _synth(workdir: Path, regions: int, clusters: int, actors: int) -> Path:
    """Return a ``synergy synth`` dataset folder (seed 1), made once."""
    folder = workdir / f"synth-r{regions}-c{clusters}-a{actors}"
    if not (folder / "_truth").exists():
        cmd = [SYNERGY, "synth", folder, "--regions", regions, "--clusters", clusters]
        code, _, err = _run([*cmd, "--actors", actors, "--seed", 1, "-q"])
        if code != 0:
            raise RuntimeError(f"synergy synth failed: {err.strip()[-400:]}")
    return folder


def section_dedupe(quick: bool, workdir: Path, install: bool) -> list[str]:
    """Return the Markdown of section (b)."""
    py, note = _bench_python(install)
    splink = py is not None
    py = py or VENV_PY
    sets = [
        ("generated", ["--n", 5_000 if quick else 20_000]),
        ("synth 5k", ["--synth", _synth(workdir, 20, 100, 5_000)]),
    ]
    lines = [
        "Pairwise precision, recall and F1 over input rows against the labelled duplicates; "
        "seconds of the whole call (Splink: training, prediction, clustering). "
        "ratio = tool seconds / synergy seconds.",
        "",
    ]
    if note:
        lines += [f"Splink skipped: {note}.", ""]
    lines += [
        "| data | rows | tool | precision | recall | F1 | seconds | ratio |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, args in sets:
        cmd = [py, BENCH / "bench_dedupe.py", "--json", *args, *([] if splink else ["--no-splink"])]
        code, out, err = _run(cmd)
        if code != 0:
            lines.append(f"| {label} | | failed: {err.strip().splitlines()[-1:]} | | | | | |")
            continue
        res = json.loads(out)
        for r in res["results"]:
            lines.append(
                f"| {label} | {res['rows']} | {r['tool']} | {r['precision']:.4f} | "
                f"{r['recall']:.4f} | {r['f1']:.4f} | {r['seconds']:.2f} | {r['ratio']}x |"
            )
    return lines


# --- (c) scan -------------------------------------------------------------------------------


def _time_v(stderr: str) -> tuple[float, float]:
    """Return (wall seconds, max RSS in MB) from ``/usr/bin/time -v`` output."""
    wall = re.search(r"Elapsed \(wall clock\) time.*?: (?:(\d+):)?(\d+):([\d.]+)", stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    seconds = (
        int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
        if wall
        else float("nan")
    )
    return seconds, int(rss.group(1)) / 1024 if rss else float("nan")


def section_scan(quick: bool, workdir: Path) -> list[str]:
    """Return the Markdown of section (c)."""
    regions = 60 if quick else 240
    sizes = (
        [(2_000, 30), (6_600, 100), (20_000, 300)]
        if quick
        else [(20_000, 300), (66_000, 1_000), (200_000, 3_000)]
    )
    lines = [
        f"`synergy synth --regions {regions} --seed 1` with clusters in proportion to actors "
        "(one cluster per ~67 actors, as in the EU-scale set of 3,000 clusters for 200,000 "
        "actors); each scan runs as `/usr/bin/time -v .venv/bin/synergy scan DIR --out OUT -q`. "
        "Stage seconds come from `OUT/manifest.json`. Targets (issue 7) at EU scale: "
        "<= 60 s wall and <= 4 GB, goal <= 20 s and <= 2 GB.",
        "",
    ]
    head = ["actors", "clusters", "wall s", "peak RSS MB", *SCAN_STAGES]
    lines += ["| " + " | ".join(head) + " |", "| " + " | ".join(["---:"] * len(head)) + " |"]
    measured = []
    for actors, clusters in sizes:
        folder = _synth(workdir, regions, clusters, actors)
        out = workdir / f"scan-{folder.name}"
        code, _, err = _run(["/usr/bin/time", "-v", SYNERGY, "scan", folder, "--out", out, "-q"])
        wall, rss = _time_v(err)
        if code != 0:
            lines.append(f"| {actors} | {clusters} | failed (exit {code}) |")
            continue
        timings = json.loads((out / "manifest.json").read_text()).get("timings", {})
        cells = [f"{timings.get(s, float('nan')):.1f}" for s in SCAN_STAGES]
        lines.append(
            f"| {actors} | {clusters} | {wall:.1f} | {rss:.0f} | " + " | ".join(cells) + " |"
        )
        measured.append((actors, wall, rss))
    if len(measured) >= 2:
        (a0, w0, r0), (a1, w1, r1) = measured[0], measured[-1]
        lines += [
            "",
            f"Ratio largest / smallest: actors {a1 / a0:.1f}x, wall {w1 / w0:.1f}x, "
            f"peak RSS {r1 / r0:.1f}x (wall growing slower than actors means fixed costs "
            "dominate the small run; faster means a super-linear stage).",
        ]
    return lines


# --- (d) neo4j ------------------------------------------------------------------------------


def _neo4j_up() -> bool:
    """Return whether a Neo4j server answers with the configured credentials."""
    probe = (
        "from synergy.neo4j import connection as s\n"
        "d = s.connect()\n"
        "d.verify_connectivity()\n"
        "d.close()\n"
    )
    try:
        return _run([VENV_PY, "-c", probe], timeout=60)[0] == 0
    except subprocess.TimeoutExpired:
        return False


def section_neo4j(quick: bool, workdir: Path) -> list[str]:
    """Return the Markdown of section (d)."""
    if not _neo4j_up():
        return ["skipped: Neo4j not running (make neo4j-up)"]
    nodes = 20_000 if quick else 200_000
    code, out, err = _run([VENV_PY, BENCH / "bench_neo4j_push.py", "--nodes", nodes])
    if code != 0:
        return [f"failed: {err.strip()[-400:]}"]
    rates = [float(x.replace(",", "")) for x in re.findall(r"([\d,]+) entities/s", out)]
    lines = ["```", out.strip(), "```"]
    if len(rates) >= 3:
        lines.append(
            f"\nFirst-push rate, large / small graph: {rates[2]:,.0f} / {rates[0]:,.0f} "
            f"entities/s = {rates[2] / rates[0]:.1f}x."
        )
    return lines


# --- RESULTS.md -----------------------------------------------------------------------------


def _marker(name: str) -> str:
    return f"<!-- section:{name} -->"


def _old_sections(path: Path) -> dict[str, str]:
    """Return the sections of an earlier RESULTS.md written by this script."""
    if not path.exists():
        return {}
    text = path.read_text()
    parts = re.split(r"<!-- section:(\w+) -->\n", text)
    return {parts[k]: parts[k + 1].rstrip() + "\n" for k in range(1, len(parts) - 1, 2)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and rewrite RESULTS.md; return 0 unless a section crashed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a few minutes)")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only this section")
    parser.add_argument("--workdir", type=Path, default=ROOT / "out" / "bench")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--no-install", action="store_true", help="never create .venv-bench")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    chosen = args.only or list(SECTIONS)
    runners = {
        "relatedness": lambda: section_relatedness(args.quick, args.workdir),
        "dedupe": lambda: section_dedupe(args.quick, args.workdir, not args.no_install),
        "scan": lambda: section_scan(args.quick, args.workdir),
        "neo4j": lambda: section_neo4j(args.quick, args.workdir),
    }
    sections = _old_sections(args.out)
    status = 0
    for name in chosen:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            body = runners[name]()
        except Exception as exc:  # a broken benchmark must not hide the others' results
            body, status = [f"failed: {type(exc).__name__}: {exc}"], 1
        took = time.perf_counter() - start
        mode = "quick" if args.quick else "full"
        sections[name] = (
            f"## {TITLES[name]}\n\n" + "\n".join(body) + f"\n\n_{mode} run, {took:.0f} s._\n"
        )
        print("\n".join(body), file=sys.stderr)
    info = machine()
    head = [
        "# Benchmark results",
        "",
        "Written by `benchmarks/run_all.py` (`make bench`); do not edit by hand.",
        "",
        "| machine | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in info.items()],
        "",
    ]
    body = [f"{_marker(n)}\n{sections[n]}" for n in SECTIONS if n in sections]
    args.out.write_text("\n".join(head) + "\n" + "\n".join(body))
    print(f"wrote {args.out}", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
