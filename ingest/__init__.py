"""Ingest: read a dataset folder (CSV/XLSX/JSON, any of five languages) into validated tables.

Ingest uses nothing of the engine but :mod:`synergy.core` (vocabulary, errors, settings).

>>> from pathlib import Path
>>> from ingest import load_dataset
>>> ds = load_dataset(Path(__file__).parent.parent / "examples" / "alpine-space")
>>> ds.tables["regions"].loc[0, "region_id"], ds.unresolved.columns[0]
('AT31', 'file')
"""

from .dataset import Dataset, load_dataset

__all__ = ["Dataset", "load_dataset"]
