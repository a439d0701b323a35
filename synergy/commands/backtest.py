"""``synergy backtest``: how well would the rankings have predicted the collaborations that
followed? Scan what was known up to a year, score against the projects that started later."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer

from synergy.commands.options import DATASET, DEBUG, QUIET, TAXONOMY, State, err, out, print_table

__all__ = ["backtest"]


def backtest(
    dataset: Path = DATASET,
    until: int = typer.Option(
        ..., "--until", help="Last year the scan may see (projects by start date)."
    ),
    out_dir: Path = typer.Option(
        None, "--out", "-o", help="Output folder (default: out/<dataset name>-backtest)."
    ),
    horizon: int = typer.Option(
        3, "--horizon", min=1, help="Years after --until whose new collaborations are the truth."
    ),
    k: str = typer.Option("10,20,50", "--k", help="Cut-offs of precision, recall and nDCG."),
    target: str = typer.Option(
        "new",
        "--target",
        help="'new': pairs collaborating for the first time (the default); 'any': every pair "
        "collaborating in the window.",
    ),
    weights: str = typer.Option(
        None, "--weights", help="kind.component=value,... or a TOML/JSON file (weights.json)."
    ),
    tune: bool = typer.Option(
        False,
        "--tune",
        help="Search component weights on the split --horizon years earlier, report them on "
        "this one and save them as weights.json.",
    ),
    seed: int = typer.Option(7, "--seed", help="Seed of tie-breaking, bootstrap and random."),
    reps: int = typer.Option(200, "--bootstrap", min=10, help="Bootstrap resamples."),
    taxonomy: Path = TAXONOMY,
    quiet: bool = QUIET,
    debug: bool = DEBUG,
) -> None:
    """Score the scan's rankings against the collaborations that started after --until.

    Projects starting after --until (and their participations) never reach the scan; other
    tables are used as given. Metrics per candidate kind and level (region pairs, cluster
    pairs) with bootstrap intervals, next to baselines (size, persistence, same country,
    shared priorities, random) and the model's lift over each.

    Example: synergy backtest data/alpine-cordis --until 2019 --horizon 3 --out out/backtest
    """
    from synergy import backtest as library
    from synergy.algorithms.backtest import TARGETS
    from synergy.core.scoring import parse_weights
    from synergy.core.settings import BacktestParams, ScanSettings
    from synergy.outputs.backtest import write_backtest

    State.debug = State.debug or debug
    try:
        ks = tuple(dict.fromkeys(int(x) for x in k.split(",") if x.strip()))
    except ValueError:
        ks = ()
    if not ks or min(ks) < 1:
        raise typer.BadParameter(
            f"'{k}': positive whole numbers, comma-separated.", param_hint="--k"
        )
    if target not in TARGETS:
        raise typer.BadParameter(
            f"'{target}': use one of {', '.join(TARGETS)}.", param_hint="--target"
        )
    params = dataclasses.replace(
        BacktestParams(), horizon=horizon, ks=ks, target=target, seed=seed, reps=reps
    )
    settings = ScanSettings(taxonomy_path=taxonomy, weights=parse_weights(weights))
    out_dir = out_dir or Path("out") / f"{dataset.resolve().name}-backtest"
    status = None if quiet else err.status("backtest ...", spinner="dots")
    if status:
        status.start()
    try:
        result = library.backtest(
            dataset,
            until,
            settings=settings,
            params=params,
            tune=tune,
            progress=(lambda stage: status.update(f"{stage} ...")) if status else None,
        )
        files = write_backtest(result, out_dir)
    finally:
        if status:
            status.stop()
    if quiet:
        return
    rows = []
    for level, kinds in sorted(result.test.results.items()):
        for kind, evals in sorted(kinds.items()):
            for which, ev in sorted(evals.items()):
                lift = ev["lift"].get("size", {}).get("ap", {})
                ap = ev["rankers"]["model"]["ap"]
                rows.append(
                    [
                        level,
                        kind + (" (tuned)" if which == "tuned" else ""),
                        f"{ev['positives']}/{ev['units']}",
                        _iv(ap),
                        _iv(ev["rankers"]["size"]["ap"]),
                        _iv(lift),
                    ]
                )
    print_table(
        out,
        ["level", "kind", "positives/pairs", "AP model", "AP size", "lift over size"],
        rows,
        title=f"Backtest: scan up to {until}, truth {until + 1}-{until + horizon}",
        no_wrap=("level",),
    )
    err.print(f"Wrote {len(files)} files to {out_dir}/ (see backtest.html).", markup=False)


def _iv(iv: dict) -> str:
    if not iv or iv.get("value") is None:
        return "–"
    if iv.get("low") is None:
        return f"{iv['value']:.3f}"
    return f"{iv['value']:.3f} [{iv['low']:.3f}, {iv['high']:.3f}]"
