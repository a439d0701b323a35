"""Shared fixtures (small hand-checkable datasets copied into a temporary folder) and the rule
that under ``CI=true`` a skipped test fails the run unless it is marked ``optional``."""

from __future__ import annotations

import os
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


@pytest.fixture(scope="module")
def driver():
    """Yield a driver to the project's Neo4j server (skips when none runs) for a module."""
    from helpers.neo4j import connect_or_skip

    drv = connect_or_skip()
    yield drv
    drv.close()


@pytest.fixture(scope="module")
def browser():
    """Yield headless Chromium (Debian's, network blocked per page) for a module's tests."""
    from helpers.browser import launch_browser, require_chromium

    require_chromium()
    with launch_browser() as b:
        yield b


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


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _fail_skip(report, what: str) -> None:
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = (
        f"{what} was skipped under CI=true ({reason}). A skipped test hides a broken "
        "feature: make it run, or mark it @pytest.mark.optional if it may be left out."
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (
        _in_ci()
        and report.skipped
        and not hasattr(report, "wasxfail")
        and item.get_closest_marker("optional") is None
    ):
        _fail_skip(report, item.nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    # a module skipped as a whole (pytest.importorskip at import time) counts as skipped too
    outcome = yield
    report = outcome.get_result()
    if _in_ci() and report.skipped:
        _fail_skip(report, report.nodeid)
