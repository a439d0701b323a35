"""Run every command on fixed inputs and compare the files byte by byte with a reference run.

A refactoring must not change any output byte. This tool makes that checkable:

    python tools/compare_outputs.py run /work/ref-outputs      # once, on the commit before
    python tools/compare_outputs.py check /work/ref-outputs    # after every step: run + compare
    python tools/compare_outputs.py compare REF NEW            # compare two finished runs

``make compare REF=/work/ref-outputs`` runs ``check``. The runs go through the command line
(``python cli.py ...``) so they exercise exactly what users run: ``scan`` of the Alpine example
(default and with ``--top/--weights/--favour-mixed-development``), ``validate``, ``stress``,
``workshop``, ``pilots``, ``viz`` (region, chain, candidate), ``neo4j export --bulk``, ``init``,
and ``synth`` of a 20k-actor dataset (240 regions, 300 clusters) with its ``scan``, ``stress``
and ``viz --region``. Each command's stdout is kept too (stderr holds timings and is not).

Every file is compared byte by byte, except ``manifest.json``: it is compared as JSON with the
``timings`` removed (and, with ``--ignore-settings``, without its ``settings`` as well: the one
change a settings refactoring may make). Exit 0 when everything is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALPINE = ROOT / "examples" / "alpine-space"
SYNTH_SIZES = ["--regions", "240", "--clusters", "300", "--actors", "20000", "--seed", "1"]


def _runs(out: Path) -> list[tuple[str, list[str]]]:
    """Return (stdout file name, CLI arguments) for every run, in order."""
    a, s = str(ALPINE), str(out / "synth20k" / "data")
    viz = f"{out}/alpine/viz"
    return [
        ("alpine/scan", ["scan", a, "--out", f"{out}/alpine/scan"]),
        (
            "alpine/scan-options",
            [
                "scan", a, "--out", f"{out}/alpine/scan-options", "--top", "30",
                "--favour-mixed-development", "0.05", "--weights",
                "value-chain.coverage=0.5,shared-priority.cluster_backing=0.1",
            ],
        ),  # fmt: skip
        ("alpine/validate", ["validate", a]),
        ("alpine/stress", ["stress", a, "--out", f"{out}/alpine/stress"]),
        (
            "alpine/workshop",
            [
                "workshop", a, "--region", "AT31", "--slots", "6", "--tables", "8",
                "--time-start", "09:00", "--slot-minutes", "20", "--out",
                f"{out}/alpine/workshop",
            ],
        ),  # fmt: skip
        ("alpine/pilots", ["pilots", a, "--select", "10", "--out", f"{out}/alpine/pilots"]),
        ("alpine/viz-region", ["viz", a, "--region", "ITC4", "--out", f"{viz}/region.html"]),
        ("alpine/viz-chain", ["viz", a, "--chain", "h2", "--out", f"{viz}/chain.html"]),
        ("alpine/viz-candidate", ["viz", a, "--candidate", "1", "--out", f"{viz}/cand.html"]),
        ("alpine/neo4j-export", ["neo4j", "export", "--bulk", f"{out}/alpine/bulk", a]),
        ("init", ["init", f"{out}/init"]),
        ("synth20k/synth", ["synth", s, *SYNTH_SIZES, "--quiet"]),
        ("synth20k/scan", ["scan", s, "--out", f"{out}/synth20k/scan"]),
        ("synth20k/stress", ["stress", s, "--out", f"{out}/synth20k/stress", "--quiet"]),
        ("synth20k/viz-region", ["viz", s, "--region", "DE21", "--out", f"{out}/synth20k/v.html"]),
    ]  # fmt: skip


def run(out: Path) -> None:
    """Run every command into ``out`` (which must not exist yet); keep each stdout."""
    out = out.resolve()
    if out.exists():
        sys.exit(f"{out} exists already; remove it or choose another folder.")
    (out / "_stdout").mkdir(parents=True)
    # A fixed width so rich tables on stdout lay out the same way every time.
    env = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1", "TERM": "dumb"}
    for name, args in _runs(out):
        print(f"  synergy {' '.join(args)}", file=sys.stderr)
        proc = subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            sys.exit(f"synergy {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
        target = out / "_stdout" / f"{name}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(proc.stdout.replace(str(out), "<OUT>"), encoding="utf-8")


def _drop(data, keys: set[str]):
    if isinstance(data, dict):
        return {k: _drop(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [_drop(v, keys) for v in data]
    return data


def _manifest_text(path: Path, ignore: set[str]) -> str:
    return json.dumps(_drop(json.loads(path.read_bytes()), ignore), indent=1, sort_keys=True)


def compare(ref: Path, new: Path, *, ignore_settings: bool = False) -> int:
    """Print every difference between two runs; return the number of differing files."""
    ignore = {"timings"} | ({"settings"} if ignore_settings else set())
    files = {p.relative_to(ref) for p in ref.rglob("*") if p.is_file()}
    files |= {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    bad = 0
    for rel in sorted(files):
        a, b = ref / rel, new / rel
        if not a.is_file() or not b.is_file():
            print(f"MISSING in {'reference' if not a.is_file() else 'new run'}: {rel}")
            bad += 1
            continue
        if rel.name == "manifest.json":
            ta, tb = _manifest_text(a, ignore), _manifest_text(b, ignore)
            if ta != tb:
                bad += 1
                print(f"DIFFERS (timings aside): {rel}")
                diff = difflib.unified_diff(ta.splitlines(), tb.splitlines(), lineterm="", n=1)
                print("\n".join(list(diff)[:60]))
            continue
        if a.read_bytes() != b.read_bytes():
            bad += 1
            print(f"DIFFERS: {rel}")
    manifests = sum(1 for rel in files if rel.name == "manifest.json")
    print(
        f"{len(files)} files compared ({manifests} manifests without "
        f"{' and '.join(sorted(ignore))}): " + ("all identical." if not bad else f"{bad} differ.")
    )
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_run = sub.add_parser("run", help="run every command into a new folder")
    p_run.add_argument("out", type=Path)
    p_cmp = sub.add_parser("compare", help="compare two finished runs")
    p_cmp.add_argument("ref", type=Path)
    p_cmp.add_argument("new", type=Path)
    p_chk = sub.add_parser("check", help="run into a temporary folder and compare with REF")
    p_chk.add_argument("ref", type=Path)
    p_chk.add_argument("--keep", type=Path, help="run into this folder and keep it")
    for p in (p_cmp, p_chk):
        p.add_argument(
            "--ignore-settings",
            action="store_true",
            help="also leave out the manifests' settings (a settings refactoring's change)",
        )
    args = parser.parse_args(argv)
    if args.cmd == "run":
        run(args.out)
        return 0
    if args.cmd == "compare":
        return 1 if compare(args.ref, args.new, ignore_settings=args.ignore_settings) else 0
    tmp = Path(tempfile.mkdtemp(prefix="synergy-compare-"))
    new = args.keep or tmp / "new"
    try:
        run(new)
        return 1 if compare(args.ref, new, ignore_settings=args.ignore_settings) else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
