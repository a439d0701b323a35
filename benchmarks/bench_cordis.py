"""Benchmark ``synergy import cordis`` on a generated 200,000-row ``organization.csv``.

Measures wall time and peak resident memory of the import, each run in its own process under
``/usr/bin/time -v``, next to two references measured in the same run:

* *baseline*: the same import of the 9-project test fixture (``tests/data/cordis/h2020``):
  the fixed cost of Python, pandas, the taxonomy...;
* *rows as dicts*: a process that loads the same modules and the taxonomy and then holds
  ``organization.csv`` as a list of ``csv.DictReader`` dicts (what a non-streaming reader
  would hold before doing any work; it does nothing else, so only its memory compares).

The extract comes from ``benchmarks/make_cordis.py`` (seed 1, made once in ``--workdir``).
Imports run without regions (NUTS level 2: every project and organisation is kept, the most
work) and with the regions of ``examples/alpine-space`` (one more pass over
``organization.csv`` to find the projects touching them).

Usage::

    .venv/bin/python benchmarks/bench_cordis.py                 # 200,000 rows
    .venv/bin/python benchmarks/bench_cordis.py --rows 20000 --json

``section_lines(quick, workdir)`` returns the Markdown for ``benchmarks/run_all.py``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["measure", "section_lines", "summary_lines", "main"]

ROOT = Path(__file__).resolve().parents[1]
PY = ROOT / ".venv" / "bin" / "python"
SYNERGY = ROOT / ".venv" / "bin" / "synergy"
REGIONS = ROOT / "examples" / "alpine-space"


def _timed(cmd: list) -> tuple[float, float, str]:
    """Return (wall seconds, peak RSS MB, stderr) of ``cmd`` run under /usr/bin/time -v."""
    done = subprocess.run(
        ["/usr/bin/time", "-v", *[str(c) for c in cmd]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} failed: {done.stderr.strip()[-500:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*?: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return seconds, int(rss.group(1)) / 1024, done.stderr


def _extract(workdir: Path, rows: int) -> Path:
    folder = workdir / f"cordis-{rows}"
    if not (folder / "organization.csv").exists():
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from make_cordis import generate

        generate(folder, rows=rows, seed=1)
    return folder


def measure(rows: int, workdir: Path) -> dict:
    """Return the measurements of one run (seconds, MB, row counts) as a dict."""
    workdir.mkdir(parents=True, exist_ok=True)
    extract = _extract(workdir, rows)
    org = extract / "organization.csv"
    tiny = workdir / "cordis-import-fixture"
    shutil.rmtree(tiny, ignore_errors=True)
    fixture = ROOT / "tests" / "data" / "cordis" / "h2020"
    _, base_mb, _ = _timed([SYNERGY, "import", "cordis", fixture, "--out", tiny, "-q"])
    naive = (
        "import csv, cli, ingest.cordis, synergy.outputs.import_tables\n"
        "from synergy.core.taxonomy import Taxonomy\n"
        "Taxonomy.load()\n"
        f"with open({str(org)!r}, encoding='utf-8', newline='') as fh:\n"
        "    rows = list(csv.DictReader(fh, delimiter=';'))\n"
        "print(len(rows))\n"
    )
    _, dicts_mb, _ = _timed([PY, "-c", naive])
    result = {"rows": rows, "baseline_mb": round(base_mb), "dicts_mb": round(dicts_mb)}
    for key, extra in (("level2", []), ("regions", ["--regions", REGIONS])):
        out = workdir / f"cordis-import-{rows}-{key}"
        shutil.rmtree(out, ignore_errors=True)
        seconds, mb, _ = _timed([SYNERGY, "import", "cordis", extract, "--out", out, "-q", *extra])
        manifest = json.loads((out / "_cordis" / "import-manifest.json").read_text())
        result[key] = {"seconds": round(seconds, 1), "peak_mb": round(mb), **manifest["files"]}
    return result


def _markdown(res: dict) -> list[str]:
    lines = [
        f"`synergy import cordis` on a generated extract (`benchmarks/make_cordis.py --rows "
        f"{res['rows']} --seed 1`: {res['rows']:,} organization.csv rows, {res['rows'] // 5:,} "
        "projects), each run in its own process under `/usr/bin/time -v`. Memory references "
        "from the same run: the same import of the 9-project test fixture (baseline: Python, "
        "pandas, taxonomy), and a process loading the same modules that holds organization.csv "
        "as a list of `csv.DictReader` dicts (memory only: it does no work).",
        "",
        "| run | wall s | peak RSS MB | above baseline MB | projects | participations | actors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, label in (("level2", "no regions (NUTS-2)"), ("regions", "--regions alpine-space")):
        r = res[key]
        lines.append(
            f"| import, {label} | {r['seconds']} | {r['peak_mb']} | "
            f"{r['peak_mb'] - res['baseline_mb']} | {r['projects-cordis.csv']:,} | "
            f"{r['participations-cordis.csv']:,} | {r['actors-cordis.csv']:,} |"
        )
    lines += [
        f"| baseline (import of the test fixture) | | {res['baseline_mb']} | 0 | | | |",
        f"| rows as dicts | | {res['dicts_mb']} | {res['dicts_mb'] - res['baseline_mb']} | | | |",
        "",
        f"Memory above baseline, streaming import / rows as dicts: "
        f"{res['level2']['peak_mb'] - res['baseline_mb']} / "
        f"{res['dicts_mb'] - res['baseline_mb']} MB "
        f"({(res['level2']['peak_mb'] - res['baseline_mb']) / max(1, res['dicts_mb'] - res['baseline_mb']):.2f}x). "  # noqa: E501
        "The import's own memory holds one entry per distinct project and organisation.",
    ]
    return lines


def section_lines(quick: bool, workdir: Path) -> list[str]:
    """Return the Markdown section for ``run_all.py`` (20,000 rows when ``quick``)."""
    return _markdown(measure(20_000 if quick else 200_000, workdir))


def summary_lines(lines: list[str]) -> list[str]:
    """Return the README line of a section: the no-regions import's time and memory."""
    row = next((ln for ln in lines if ln.startswith("| import, no regions")), None)
    rows = re.search(r"([\d,]+) organization\.csv rows", "\n".join(lines))
    if row is None or rows is None:
        return []
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    return [
        f"CORDIS import of {rows.group(1)} organization.csv rows (no regions): {cells[1]} s "
        f"wall, {cells[2]} MB peak RSS ({cells[3]} MB above the fixture import)."
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print Markdown (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--workdir", type=Path, default=ROOT / "out" / "bench")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    res = measure(args.rows, args.workdir)
    print(json.dumps(res, indent=2) if args.json else "\n".join(_markdown(res)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
