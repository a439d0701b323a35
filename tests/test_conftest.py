"""The suite's own rule: under CI=true a skipped test fails the run unless marked optional."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")
TESTS = """
import pytest

def test_skipped():
    pytest.skip("no server")

@pytest.mark.optional
def test_optional():
    pytest.skip("an optional tool is missing")

def test_runs():
    assert True
"""


@pytest.fixture
def suite(pytester):
    pytester.makeconftest(CONFTEST)
    pytester.makeini("[pytest]\nmarkers =\n    optional: may be skipped under CI=true\n")
    pytester.makepyfile(test_mod=TESTS)
    pytester.makepyfile(test_whole="import pytest\npytest.importorskip('no_such_module_x')\n")
    return pytester


def test_skips_fail_under_ci_unless_optional(suite, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = suite.runpytest("-p", "no:cacheprovider", "test_mod.py")
    result.assert_outcomes(passed=1, skipped=1, failed=1)
    result.stdout.fnmatch_lines(["*test_skipped was skipped under CI=true*"])
    whole = suite.runpytest("-p", "no:cacheprovider", "test_whole.py")
    whole.assert_outcomes(errors=1)
    whole.stdout.fnmatch_lines(["*test_whole.py was skipped under CI=true*"])


def test_skips_stay_skips_outside_ci(suite, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    result = suite.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=3)
