"""Run the benchmarks side by side, rewrite benchmarks/RESULTS.md and README's figures.

Sections (``--only NAME`` runs one and keeps the others already in RESULTS.md; every section
carries its own run line: date, machine, load at start and end, so a section kept from an
older run never shows under a newer date):

* ``relatedness``: synergy's relatedness functions against ecomplexity 0.5.3's computing
  functions on the same wide matrices (``bench_relatedness.py --json``);
* ``dedupe``: ``ingest.dedupe`` against Splink 5 (DuckDB), thresholds chosen on development
  splits, scored on test splits and on a hand-labelled real-name set
  (``bench_dedupe.py --json``), in the bench-only venv ``.venv-bench`` (Splink brings pyarrow,
  which changes pandas' string type, so it never enters ``.venv``);
* ``scan``: ``synergy scan`` at three sizes under ``/usr/bin/time -v`` (wall time, peak RSS)
  with the per-stage timings of ``OUT/manifest.json``;
* ``neo4j``: push rate of ``bench_neo4j_push.py`` (skipped when no server answers);
* ``cordis``: ``synergy import cordis`` of a generated 200,000-row ``organization.csv``
  (``bench_cordis.py``): wall time and peak RSS next to the memory of holding the rows;
* ``backtest``: ``synergy backtest`` on a synthetic signal dataset and its null twin
  (``bench_backtest.py``): the model's lift over the baselines, with intervals.

Each section also gives one or two ``In short`` lines; the script copies them into README.md
between the ``bench-figures`` markers, so README quotes exactly what RESULTS.md says
(``tests/test_bench_docs.py`` checks it).

Usage::

    .venv/bin/python benchmarks/run_all.py            # full sizes (the EU scan takes minutes)
    .venv/bin/python benchmarks/run_all.py --quick    # small sizes
    .venv/bin/python benchmarks/run_all.py --only relatedness --only dedupe

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
SECTIONS = ("relatedness", "dedupe", "scan", "neo4j", "cordis", "backtest")
TITLES = {
    "relatedness": "(a) Relatedness and complexity vs ecomplexity",
    "dedupe": "(b) Actor deduplication vs Splink",
    "scan": "(c) Scan: stage times and peak memory",
    "neo4j": "(d) Neo4j push rate",
    "cordis": "(e) CORDIS import: time and peak memory",
    "backtest": "(f) Backtest on synthetic ground truth",
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
    "stability",
    "render",
    "write",
)
EU_SCALE = 200_000  # actors of the EU-scale row (issue 17: <= 20 s wall, <= 1 GB peak)
TEN_X = 2_000_000  # the 10x row (issue 17: <= 180 s wall, <= 8 GB peak)


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


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def section_relatedness(quick: bool, workdir: Path) -> tuple[list[str], list[str]]:
    """Return the Markdown of section (a) and its README summary lines."""
    shapes = ["50x100", "100x200"] if quick else ["100x200", "300x600", "600x300", "1000x1000"]
    timing_only = [] if quick else ["3000x3000"]
    cmd = [VENV_PY, BENCH / "bench_relatedness.py", "--json"]
    for shape in shapes + timing_only:
        cmd += ["--shape", shape]
    code, out, err = _run(cmd)
    if not out.strip():
        return [f"failed: {err.strip()[-400:]}"], []
    res = json.loads(out)
    lines = [
        "Equal terms: both sides start from the same wide regions x domains matrix and compute "
        "RCA, presence, diversity, ubiquity, ECI/PCI, proximity and relatedness density; "
        "ecomplexity through the computing functions its `ecomplexity()` calls (no long-data "
        "reshaping, no COI/COG, no long output), synergy through its public functions on a "
        "labelled DataFrame (input checks and labels included). Times are the median of "
        f"{res['repeats']} warm runs after a warm-up call; CPU = all threads of the process. "
        "Start-up = the library's import (numpy and pandas already loaded) plus one call on a "
        "20 x 40 matrix, in a fresh process (median of 3). ratio = ecomplexity CPU / synergy "
        "CPU, shown only where start-up is under 10% of a run (start-up + warm wall time) for "
        "both libraries. econcomplex 1.0.1, the second oracle, runs its public matrix functions "
        "on the same labelled matrix (presence computed once, ``use_rca=False`` after it); its "
        "proximity diagonal, 0-100 density without the domain itself and own-sign PCI z-scores "
        "are compared under those conventions (see bench_relatedness.py).",
        "",
        "| shape | synergy CPU | synergy wall | ecomplexity CPU | ecomplexity wall | "
        "start-up synergy / ecomplexity | ratio | max abs diff | econcomplex CPU | "
        "econcomplex ratio | econcomplex max abs diff |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in res["shapes"]:
        o, e = r["synergy"], r["ecomplexity"]
        ratio = (
            f"**{r['ratio_cpu']:.1f}x**"
            if r["ratio_reportable"]
            else f"not reported (start-up {o['startup_share']:.0%} / {e['startup_share']:.0%})"
        )
        diff = max(r["max_abs_diff"].values())
        c = r.get("econcomplex")
        peer = "| n/a | n/a | n/a"
        if c:
            c_ratio = (
                f"**{r['ratio_cpu_econcomplex']:.1f}x**"
                if r["ratio_econcomplex_reportable"]
                else f"not reported (start-up {c['startup_share']:.0%})"
            )
            peer = (
                f"| {_ms(c['warm_cpu_s'])} | {c_ratio} | "
                f"{max(r['econcomplex_max_abs_diff'].values()):.1e}"
            )
        lines.append(
            f"| {r['shape'][0]} x {r['shape'][1]} | {_ms(o['warm_cpu_s'])} | "
            f"{_ms(o['warm_wall_s'])} | {_ms(e['warm_cpu_s'])} | {_ms(e['warm_wall_s'])} | "
            f"{o['startup_s']:.2f} s / {e['startup_s']:.2f} s | {ratio} | {diff:.1e} {peer} |"
        )
    worst = {
        k: max(r["max_abs_diff"][k] for r in res["shapes"])
        for k in res["shapes"][0]["max_abs_diff"]
    }
    lines += [
        "",
        "Largest difference per output over all shapes: "
        + ", ".join(f"{k} {v:.1e}" for k, v in worst.items())
        + f" (tolerance {res['tolerance']:.0e}"
        + ("; all within)." if code == 0 else "; EXCEEDED, see the table)."),
        "",
        "Leaves out: reading and reshaping long data and ecomplexity's COI/COG (not computed "
        "by synergy); both use the same numpy/OpenBLAS.",
    ]
    reported = [r for r in res["shapes"] if r["ratio_reportable"]]
    largest = res["shapes"][-1]
    summary = [
        (
            "Relatedness and complexity on the same wide matrices (every output within "
            f"{max(worst.values()):.0e} of ecomplexity's): "
            + (
                "; ".join(
                    f"ecomplexity 0.5.3 takes {r['ratio_cpu']:.1f}x synergy's CPU time at "
                    f"{r['shape'][0]} x {r['shape'][1]}"
                    for r in reported
                )
                if reported
                else "no shape where start-up is under 10% of the run, so no ratio"
            )
            + f"; at {largest['shape'][0]} x {largest['shape'][1]} synergy "
            f"{_ms(largest['synergy']['warm_cpu_s'])} vs ecomplexity "
            f"{_ms(largest['ecomplexity']['warm_cpu_s'])} CPU."
        )
    ]
    return lines, summary


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


def section_dedupe(quick: bool, workdir: Path, install: bool) -> tuple[list[str], list[str]]:
    """Return the Markdown of section (b) and its README summary lines."""
    py, note = _bench_python(install)
    splink = py is not None
    py = py or VENV_PY
    n = 5_000 if quick else 20_000
    sizes = ["2000", "5000"] if quick else ["20000", "50000", "200000"]
    cmd = [py, BENCH / "bench_dedupe.py", "--json", "--n", n, "--timing-sizes", *sizes]
    cmd += ["--splink-max-rows", 60_000]
    cmd += ["--synth", _synth(workdir, 20, 100, 5_000), *([] if splink else ["--no-splink"])]
    code, out, err = _run(cmd)
    if code != 0 or not out.strip():
        return [f"failed: {err.strip()[-600:]}"], []
    res = json.loads(out)
    lines = [
        "Pairwise precision, recall and F1 over input rows. Each generated set is split by "
        f"actor (seed {res['split_seed']}) into a development and a test split; every "
        "threshold is the one with the best F1 on the development split (synergy: "
        "`DedupeSettings.threshold` and `max_edits`; Splink: the match weight it clusters "
        "at), and the table scores the test split only. The real-name set "
        "(`benchmarks/data/real_names.csv`, hand-labelled, neither tool tuned on it) is scored "
        "whole with the thresholds of the generated set's development split. Splink 5 (DuckDB) "
        "as its documentation recommends for organisation names (cleaned name exact with "
        "term-frequency adjustment, legal-form-stripped exact, Jaro-Winkler 0.92/0.88/0.7, "
        "token-set Jaccard 0.9/0.7; the rarest word by Jaro-Winkler 0.92/0.8; legal form and "
        "actor type compared; prior from a "
        "deterministic rule, u by random sampling; blocking within the region on the stripped "
        "name, the rarest words and the first four letters), with m either by expectation "
        "maximisation (unsupervised, as documented) or from the development split's labels "
        "(the most favourable setting for Splink). Details: `benchmarks/README.md`.",
    ]
    if note:
        lines += ["", f"Splink skipped: {note}."]
    lines += [
        "",
        "| set | test rows | true pairs | tool | setting (chosen on the development split) | "
        "precision | recall | F1 |",
        "| --- | ---: | ---: | --- | --- | ---: | ---: | ---: |",
    ]
    for s in res["sets"]:
        for r in s["results"]:
            lines.append(
                f"| {s['set']} | {s['test_rows']} | {s['test_true_pairs']} | {r['tool']} | "
                f"{r['setting']} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} |"
            )
    lines += [
        "",
        "Speed on fresh generated sets (seed 11, one region per 500 actors, thresholds as "
        "chosen above; Splink with m by EM, timed from the raw rows through training, "
        "prediction and clustering): median of 5 warm runs, CPU = all threads of the process. "
        "Start-up = the tool's import plus one run on 100 rows in a fresh process (median of "
        "3); a ratio is shown only where start-up is under 10% of a run (start-up + warm wall "
        "time) for both tools. Splink is timed up to "
        f"{res['splink_max_rows']:,} rows (one run takes minutes there); synergy is timed "
        "further.",
        "",
        "| rows | synergy wall | synergy CPU | Splink wall | Splink CPU | "
        "start-up synergy / Splink | ratio wall / CPU |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in res["timing"]:
        o = row["tools"]["synergy"]
        t = row["tools"].get("Splink")
        if t is None:
            why = f"not run (over {res['splink_max_rows']:,} rows)" if splink else "not run"
            lines.append(
                f"| {row['rows']} | {o['wall_s']:.2f} s | {o['cpu_s']:.2f} s | {why} | | "
                f"{o['startup_s']:.2f} s ({o['startup_share']:.0%}) / | |"
            )
            continue
        ratio = (
            f"**{row['ratio_wall']:.1f}x** / {row['ratio_cpu']:.1f}x"
            if row["ratio_reportable"]
            else f"not reported (start-up {o['startup_share']:.0%} / {t['startup_share']:.0%})"
        )
        lines.append(
            f"| {row['rows']} | {o['wall_s']:.2f} s | {o['cpu_s']:.2f} s | {t['wall_s']:.2f} s | "
            f"{t['cpu_s']:.2f} s | {o['startup_s']:.2f} s / {t['startup_s']:.2f} s | {ratio} |"
        )
    lines += [
        "",
        "Leaves out: Splink's charts and its clerical-review tools; synergy's merge report, "
        "conflict checks and provenance (they run inside the timed call). The real-name set is "
        "too small for timings (start-up dominates both tools there).",
    ]
    return lines, dedupe_summary(res)


def dedupe_summary(res: dict) -> list[str]:
    """Return the README lines of the dedupe section: F1 per set and tool, speed ratios."""
    out = []
    for s in res["sets"]:
        f1 = {}
        for r in s["results"]:
            if r["setting"] != "shipped defaults":
                f1.setdefault(r["tool"], r["f1"])
        scores = ", ".join(f"{tool} {value:.3f}" for tool, value in f1.items())
        out.append(f"Deduplication F1 on {s['set']} ({s['test_rows']} rows scored): {scores}.")
    for r in res["timing"]:
        o, t = r["tools"]["synergy"], r["tools"].get("Splink")
        if t is None:
            continue
        speed = (
            f"Splink takes {r['ratio_wall']:.1f}x synergy's wall time "
            f"({r['ratio_cpu']:.1f}x its CPU time)"
            if r["ratio_reportable"]
            else (
                f"no ratio, start-up is {o['startup_share']:.0%} of synergy's run and "
                f"{t['startup_share']:.0%} of Splink's"
            )
        )
        out.append(
            f"Deduplication of {r['rows']:,} rows: synergy {o['wall_s']:.2f} s, Splink "
            f"{t['wall_s']:.1f} s wall ({speed})."
        )
    return out


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


def section_scan(quick: bool, workdir: Path) -> tuple[list[str], list[str]]:
    """Return the Markdown of section (c) and its README summary lines."""
    regions = 60 if quick else 240
    sizes = (
        [(2_000, 30), (6_600, 100), (20_000, 300)]
        if quick
        else [(20_000, 300), (66_000, 1_000), (EU_SCALE, 3_000), (TEN_X, 30_000)]
    )
    lines = [
        f"`synergy synth --regions {regions} --seed 1` with clusters in proportion to actors "
        "(one cluster per ~67 actors, as in the EU-scale set of 3,000 clusters for 200,000 "
        "actors); each scan runs as `/usr/bin/time -v .venv/bin/synergy scan DIR --out OUT -q`. "
        "Stage seconds come from `OUT/manifest.json` (`render`: the explorer and the report, "
        "drawn in a second process at this size; `write`: every file, the tables written "
        "while the report is drawn; stages before them run one after another). Targets "
        "(issue 17): 200,000 actors in <= 20 s wall and <= 1 GB peak, 2,000,000 in <= 180 s "
        "and <= 8 GB. The load average (1 min) is given at the start and end of each scan.",
        "",
    ]
    head = ["actors", "clusters", "wall s", "peak RSS MB", *SCAN_STAGES, "load"]
    lines += ["| " + " | ".join(head) + " |", "| " + " | ".join(["---:"] * len(head)) + " |"]
    measured = []
    for actors, clusters in sizes:
        folder = _synth(workdir, regions, clusters, actors)
        out = workdir / f"scan-{folder.name}"
        load0 = os.getloadavg()[0]
        code, _, err = _run(["/usr/bin/time", "-v", SYNERGY, "scan", folder, "--out", out, "-q"])
        load1 = os.getloadavg()[0]
        wall, rss = _time_v(err)
        if code != 0:
            lines.append(f"| {actors} | {clusters} | failed (exit {code}) |")
            continue
        timings = json.loads((out / "manifest.json").read_text()).get("timings", {})
        cells = [f"{timings.get(s, float('nan')):.1f}" for s in SCAN_STAGES]
        lines.append(
            f"| {actors} | {clusters} | {wall:.1f} | {rss:.0f} | "
            + " | ".join(cells)
            + f" | {load0:.1f}-{load1:.1f} |"
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
    return lines, scan_summary(lines)


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


def section_neo4j(quick: bool, workdir: Path) -> tuple[list[str], list[str]]:
    """Return the Markdown of section (d) and its README summary lines."""
    if not _neo4j_up():
        return ["skipped: Neo4j not running (make neo4j-up)"], []
    # The EU-scale synth dataset of the scan section (quick: the small one), read and built as
    # the scan does, then pushed into a database without engine data.
    regions, clusters, actors = (20, 100, 5_000) if quick else (240, 3_000, 200_000)
    folder = _synth(workdir, regions, clusters, actors)
    code, out, err = _run([VENV_PY, BENCH / "bench_neo4j_push.py", "--dataset", folder])
    if code != 0:
        return [f"failed: {err.strip()[-400:]}"], []
    rates = [float(x.replace(",", "")) for x in re.findall(r"([\d,]+) entities/s", out)]
    lines = ["```", out.strip(), "```"]
    if len(rates) >= 3:
        lines.append(
            f"\nFirst-push rate, large / small graph: {rates[2]:,.0f} / {rates[0]:,.0f} "
            f"entities/s = {rates[2] / rates[0]:.1f}x."
        )
    return lines, neo4j_summary(lines)


# --- (e) cordis -----------------------------------------------------------------------------


def section_cordis(quick: bool, workdir: Path) -> tuple[list[str], list[str]]:
    """Return the Markdown of section (e) and its README summary lines (bench_cordis.py)."""
    sys.path.insert(0, str(BENCH))
    import bench_cordis

    lines = bench_cordis.section_lines(quick, workdir)
    return lines, bench_cordis.summary_lines(lines)


# --- (f) backtest ---------------------------------------------------------------------------


def section_backtest(quick: bool, workdir: Path) -> tuple[list[str], list[str]]:
    """Return the Markdown of section (f) and its README summary line (bench_backtest.py)."""
    sys.path.insert(0, str(BENCH))
    import bench_backtest

    lines = bench_backtest.section_lines(quick, workdir)
    return lines, bench_backtest.summary_lines(lines)


def _table(lines: list[str]) -> list[dict[str, str]]:
    """Return the rows of the first Markdown table in ``lines`` as dicts keyed by header."""
    rows = [ln for ln in lines if ln.startswith("|")]
    if len(rows) < 3:
        return []
    cells = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in rows]
    return [dict(zip(cells[0], r, strict=False)) for r in cells[2:]]


def scan_summary(lines: list[str]) -> list[str]:
    """Return the README line of a scan section: the largest scan's wall, memory and stages."""
    rows = [r for r in _table(lines) if "wall s" in r and r.get("peak RSS MB")]
    if not rows:
        return []
    # The EU-scale row and the largest one (the 10x row in a full run).
    shown = [r for r in rows if int(r["actors"]) == EU_SCALE][:1]
    shown += [rows[-1]] if rows[-1] not in shown else []
    out = []
    for big in shown:
        stages = ", ".join(f"{s} {big[s]} s" for s in SCAN_STAGES if s in big)
        load = f" (load {big['load']})" if big.get("load") else ""
        out.append(
            f"Scan of {int(big['actors']):,} actors and {int(big['clusters']):,} clusters: "
            f"{big['wall s']} s wall, {big['peak RSS MB']} MB peak RSS{load}; {stages}."
        )
    return out


def neo4j_summary(lines: list[str]) -> list[str]:
    """Return the README line of a Neo4j section: the first push of the largest graph."""
    text = "\n".join(lines)
    graphs = re.findall(r"graph: ([\d,]+) nodes \+ ([\d,]+) relationships", text)
    pushes = re.findall(r"first push \(replace\)\s+([\d.]+)s\s+([\d,]+) entities/s", text)
    if not graphs or len(pushes) != len(graphs):
        return []
    (nodes, rels), (seconds, rate) = graphs[-1], pushes[-1]
    repeats = re.findall(r"repeat push \(no-op\)\s+([\d.]+)s", text)
    again = f"; the repeated push (a no-op) {repeats[-1]} s" if len(repeats) == len(graphs) else ""
    return [
        f"Neo4j first push of {nodes} nodes + {rels} relationships: {rate} entities/s "
        f"({seconds} s){again}."
    ]


# --- RESULTS.md -----------------------------------------------------------------------------

HEADER = """# Benchmark results

Written by `benchmarks/run_all.py` (`make bench`); do not edit by hand. Each section says when,
on which machine and under which load it was run: `--only` reruns one section and leaves the
others, with their own run lines, as they were. The `In short` lines are copied into README.md
(between the `bench-figures` markers) by the same script.
"""
RUN_LINE = re.compile(r"^_Run: (?P<run>.*)_$", re.M)
SUMMARY = "> In short: "
README_START = "<!-- bench-figures:start (written by benchmarks/run_all.py from RESULTS.md) -->"
README_END = "<!-- bench-figures:end -->"


def _marker(name: str) -> str:
    return f"<!-- section:{name} -->"


def run_line(info: dict[str, str], load_end: str, mode: str, seconds: float) -> str:
    """Return the line that dates a section: when, where, under which load, how long."""
    return (
        f"_Run: {info['date']}; {info['CPU']}, {info['cores']} cores, {info['RAM']} RAM, "
        f"Python {info['Python']}; load average {info['load average at start']} at start, "
        f"{load_end} at end; {mode} run, {seconds:.0f} s._"
    )


def section_text(name: str, stamp: str, body: list[str], summary: list[str]) -> str:
    """Return one section of RESULTS.md: title, run line, body, then its README lines."""
    tail = "".join(f"\n{SUMMARY}{s}\n" for s in summary)
    return f"## {TITLES[name]}\n\n{stamp}\n\n" + "\n".join(body) + "\n" + tail


def _legacy_stamp(text: str) -> str | None:
    """Return a run line for sections of a RESULTS.md with one machine table for all."""
    table = dict(re.findall(r"^\| ([^|]+?) \| ([^|]*?) \|$", text, re.M))
    if "date" not in table:
        return None
    return (
        f"_Run: {table['date']}; {table.get('CPU', '?')}, {table.get('cores', '?')} cores, "
        f"{table.get('RAM', '?')} RAM, Python {table.get('Python', '?')}; load average "
        f"{table.get('load average at start', '?')} at start (carried over from the single "
        "header of the RESULTS.md that run wrote)._"
    )


def parse_results(text: str) -> dict[str, str]:
    """Return the sections of a RESULTS.md written by this script, each with its run line.

    Sections of the older layout (one machine table for the whole file) get a run line made
    from that table, and the README summary line their numbers support.
    """
    parts = re.split(r"<!-- section:(\w+) -->\n", text)
    legacy = _legacy_stamp(parts[0])
    sections = {}
    for k in range(1, len(parts) - 1, 2):
        name, body = parts[k], parts[k + 1].rstrip() + "\n"
        if not RUN_LINE.search(body) and legacy and name in TITLES:
            lines = body.splitlines()
            content = [ln for ln in lines[1:] if not ln.startswith("_full run")]
            while content and not content[0].strip():
                content.pop(0)
            summaries = {"scan": scan_summary, "neo4j": neo4j_summary}.get(name)
            body = section_text(name, legacy, content, summaries(content) if summaries else [])
        sections[name] = body
    return sections


def compose_results(sections: dict[str, str]) -> str:
    """Return RESULTS.md for ``sections`` (name -> text), in the order of :data:`SECTIONS`."""
    body = [f"{_marker(n)}\n{sections[n].rstrip()}\n" for n in SECTIONS if n in sections]
    return HEADER + "\n" + "\n".join(body)


def readme_block(results: str) -> str:
    """Return README's benchmark-figures block: every ``In short`` line of RESULTS.md, dated."""
    lines = [README_START, ""]
    for name, text in parse_results(results).items():
        run = RUN_LINE.search(text)
        date = run.group("run").split(";", 1)[0] if run else "undated"
        for ln in text.splitlines():
            if ln.startswith(SUMMARY):
                lines.append(f"- {ln[len(SUMMARY) :]} _({TITLES[name][:3].strip()} {date})_")
    lines += ["", README_END]
    return "\n".join(lines)


def sync_readme(readme: Path, results: str) -> bool:
    """Replace README's benchmark-figures block with the one ``results`` gives; return
    whether README changed. README must hold the two markers."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"{readme} lacks the {README_START!r} ... {README_END!r} markers")
    new = text[:start] + readme_block(results) + text[end + len(README_END) :]
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, rewrite RESULTS.md and README's figures; return 0 unless a section
    crashed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a few minutes)")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only this section")
    parser.add_argument("--workdir", type=Path, default=ROOT / "out" / "bench")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument(
        "--readme", type=Path, help="README to update (default: README.md with the default --out)"
    )
    parser.add_argument("--no-install", action="store_true", help="never create .venv-bench")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    chosen = args.only or list(SECTIONS)
    runners = {
        "relatedness": lambda: section_relatedness(args.quick, args.workdir),
        "dedupe": lambda: section_dedupe(args.quick, args.workdir, not args.no_install),
        "scan": lambda: section_scan(args.quick, args.workdir),
        "neo4j": lambda: section_neo4j(args.quick, args.workdir),
        "cordis": lambda: section_cordis(args.quick, args.workdir),
        "backtest": lambda: section_backtest(args.quick, args.workdir),
    }
    sections = parse_results(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    status = 0
    for name in chosen:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        info = machine()
        start = time.perf_counter()
        try:
            body, summary = runners[name]()
        except Exception as exc:  # a broken benchmark must not hide the others' results
            (body, summary), status = ([f"failed: {type(exc).__name__}: {exc}"], []), 1
        took = time.perf_counter() - start
        load_end = " ".join(f"{x:.1f}" for x in os.getloadavg())
        stamp = run_line(info, load_end, "quick" if args.quick else "full", took)
        sections[name] = section_text(name, stamp, body, summary)
        print(sections[name], file=sys.stderr)
    results = compose_results(sections)
    args.out.write_text(results, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    readme = args.readme or (ROOT / "README.md" if args.out == BENCH / "RESULTS.md" else None)
    if readme and sync_readme(readme, results):
        print(f"updated the benchmark figures in {readme}", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
