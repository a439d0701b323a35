"""``synergy validate``: check a dataset, list every problem; with ``--write-columns``, write
the ``columns.toml`` of each folder (nothing else is ever written)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from synergy.commands.options import DATASET, DEBUG, TAXONOMY, State, err, out, tell_not_read

__all__ = ["validate"]


def validate(
    dataset: Path = DATASET,
    taxonomy: Path = TAXONOMY,
    write_columns: bool = typer.Option(
        False,
        "--write-columns",
        help="Write the columns.toml each folder's headers would use (one per folder, every "
        "mapping commented with its reason), so you can check and freeze it. An existing "
        "columns.toml is kept.",
    ),
    debug: bool = DEBUG,
) -> None:
    """Check a dataset and report every problem; write nothing (but --write-columns).

    Example: synergy validate examples/alpine-space --write-columns
    """
    from ingest import load_dataset
    from synergy.core.taxonomy import Taxonomy

    State.debug = State.debug or debug
    if write_columns:
        _write_columns(dataset)
    ds = load_dataset(dataset, taxonomy=Taxonomy.load(taxonomy))
    tell_not_read(ds)
    table = Table(title=f"{dataset}: valid")
    for column in ("table", "rows"):
        table.add_column(column)
    for name, df in sorted(ds.tables.items()):
        table.add_row(name, str(len(df)))
    out.print(table)
    out.print(
        f"{len(ds.resolutions)} references resolved by alias or fuzzily, "
        f"{len(ds.merges)} duplicate actors merged, {len(ds.unresolved)} unresolved "
        "items (listed below).",
        markup=False,
    )
    for row in ds.unresolved.head(50).itertuples():
        guess = f" (best guess: {row.best_guess})" if row.best_guess else ""
        out.print(
            f"  {row.file} row {row.row}, {row.column}: '{row.value}': {row.reason}{guess}",
            markup=False,
        )


def _write_columns(dataset: Path) -> None:
    """Write each folder's columns.toml (before loading, so problems elsewhere do not stop it)."""
    from ingest.columns import columns_toml_text, plan_columns
    from synergy.outputs.atomic import atomic_write

    if not dataset.is_dir():
        return  # load_dataset says what is wrong
    for plan in plan_columns(dataset):
        target = dataset / plan.path
        if target.exists():
            err.print(
                f"Kept the existing {plan.path} (delete it to write a new one).", markup=False
            )
            continue
        atomic_write(target, columns_toml_text(plan))
        err.print(f"Wrote {plan.path}.", markup=False)
