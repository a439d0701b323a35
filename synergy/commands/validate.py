"""``synergy validate``: check a dataset, list every problem, write nothing."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table

from synergy.commands.options import DATASET, DEBUG, TAXONOMY, State, out

__all__ = ["validate"]


def validate(dataset: Path = DATASET, taxonomy: Path = TAXONOMY, debug: bool = DEBUG) -> None:
    """Check a dataset and report every problem; write nothing.

    Example: synergy validate examples/alpine-space
    """
    from ingest import load_dataset
    from synergy.core.taxonomy import Taxonomy

    State.debug = State.debug or debug
    ds = load_dataset(dataset, taxonomy=Taxonomy.load(taxonomy))
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
