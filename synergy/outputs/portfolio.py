"""A pilot portfolio on disk: ``portfolio.csv``, ``portfolio.md``, ``portfolio.xlsx`` and
``manifest.json``, written atomically."""

from __future__ import annotations

import json
from pathlib import Path

from synergy.outputs.atomic import atomic_output_dir, atomic_write
from synergy.outputs.tables import frame_csv_bytes
from synergy.outputs.xlsx import write_frames_bytes
from synergy.report.portfolio import portfolio_markdown

__all__ = ["write_portfolio"]


def write_portfolio(portfolio, out: Path, *, dataset: str, select: int) -> list[str]:
    """Write the portfolio's files into ``out`` atomically; return their names."""
    df = portfolio.table()
    manifest = {"synergy_pilots": {"dataset": dataset, "select": select,
                                   "method": portfolio.method}}  # fmt: skip
    files: dict[str, bytes | str] = {
        "portfolio.csv": frame_csv_bytes(df, decimals={"score": 4}),
        "portfolio.md": portfolio_markdown(portfolio, dataset),
        "portfolio.xlsx": write_frames_bytes({"portfolio": df}),
        "manifest.json": json.dumps(manifest, indent=2) + "\n",
    }
    with atomic_output_dir(out) as tmp:
        for name, payload in files.items():
            atomic_write(tmp / name, payload)
    return sorted(files)
