"""Property-based tests: arbitrary cells never crash ingest and never lose a row silently."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import load_dataset
from synergy.core.errors import InputError

REGIONS = "region_id,name\nR1,Alpha\nR2,Beta\n"

cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)
rows = st.lists(
    st.tuples(cell, cell, st.sampled_from(["R1", "R2", "Alpha", "beta", "Zeta"])),
    min_size=1,
    max_size=12,
)


def _load(root: Path, taxonomy):
    """Return the dataset, or None when ingest refused it with a clean InputError."""
    try:
        return load_dataset(root, taxonomy=taxonomy)
    except InputError as exc:
        assert exc.problems, "an InputError must list its problems"
        for p in exc.problems:
            assert p.file and p.message
        return None


def _check_accounting(ds, n_rows: int) -> None:
    actors = [f for f in ds.files if f["table"] == "actors"]
    read = sum(f["rows_read"] for f in actors)
    assert read == n_rows
    for f in ds.files:
        assert f["rows_read"] == f["rows_ingested"] + f["rows_merged"] + f["rows_reported"]
    reported = sum(f["rows_reported"] for f in actors)
    unresolved_rows = set(ds.unresolved.loc[ds.unresolved["column"] == "region_id", "row"])
    assert reported == len(unresolved_rows)
    assert len(ds.tables["actors"]) == sum(f["rows_ingested"] for f in actors)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=rows, sep=st.sampled_from([",", ";"]), encoding=st.sampled_from(["utf-8", "utf-8-sig"]))
def test_arbitrary_csv_cells_never_crash_or_lose_rows(data, sep, encoding, taxonomy):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "regions.csv").write_text(REGIONS, encoding="utf-8")
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
        writer.writerow(["actor_id", "name", "region_id"])
        # ids are unique so that only the cell text varies
        written = [(f"a{i}", name or "x", region) for i, (_, name, region) in enumerate(data)]
        # a row whose cells are all blank is no row at all (a blank line): skip those
        written = [r for r in written if any(c.strip() for c in r)]
        writer.writerows(written)
        (root / "actors.csv").write_bytes(buf.getvalue().encode(encoding))
        ds = _load(root, taxonomy)
        if ds is not None:
            _check_accounting(ds, len(written))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=rows)
def test_arbitrary_json_records_never_crash_or_lose_rows(data, taxonomy):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "regions.csv").write_text(REGIONS, encoding="utf-8")
        records = [
            {"actor_id": f"a{i}", "name": name, "region_id": region, "nace": other}
            for i, (name, other, region) in enumerate(data)
        ]
        (root / "actors.json").write_text(json.dumps(records), encoding="utf-8")
        ds = _load(root, taxonomy)
        if ds is not None:
            _check_accounting(ds, len(records))


@settings(max_examples=40, deadline=None)
@given(blob=st.binary(max_size=300))
def test_arbitrary_bytes_give_a_clean_error_or_a_table(blob):
    from ingest.readers import SourceFile, read_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "actors.csv"
        path.write_bytes(blob)
        source = SourceFile(path=path, rel="actors.csv", region_folder=None)
        problems = read_file(source)
        assert problems or source.tables
