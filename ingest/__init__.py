"""Ingest: read a dataset folder (CSV/XLSX/JSON, any of five languages) into validated tables.

>>> from ingest import load_dataset  # doctest: +SKIP
>>> ds = load_dataset("examples/alpine-space")  # doctest: +SKIP
"""

from .dataset import Dataset, load_dataset

__all__ = ["Dataset", "load_dataset"]
