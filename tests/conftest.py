"""Shared fixtures: small hand-checkable datasets copied into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
ALPINE = ROOT / "examples" / "alpine-space"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """Return a writable copy of tests/data/mini (3 regions, 2 chains, 9 actor rows)."""
    target = tmp_path / "mini"
    shutil.copytree(DATA / "mini", target)
    return target


@pytest.fixture(scope="session")
def taxonomy():
    from synergy.core.taxonomy import Taxonomy

    return Taxonomy.load()


@pytest.fixture
def mini_graph(mini, taxonomy):
    """Return the property graph of tests/data/mini."""
    from ingest import load_dataset
    from synergy.graph.build import build_graph

    return build_graph(load_dataset(mini, taxonomy=taxonomy).tables, taxonomy)
