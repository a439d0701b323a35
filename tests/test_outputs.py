"""Tests of synergy.outputs: atomic folders, safe cells, CSV/XLSX/GraphML, the scan folder."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import networkx as nx
import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from synergy.core.contract import PAIRINGS_COLUMNS, UNRESOLVED_COLUMNS
from synergy.core.errors import OutputError
from synergy.outputs.atomic import atomic_output_dir
from synergy.outputs.graphml import graphml_bytes, write_graphml
from synergy.outputs.manifest import drop_timings, manifest_json, summary_rows_from_manifest
from synergy.outputs.scan_files import write_scan_outputs
from synergy.outputs.tables import (
    frame_csv_bytes,
    pairings_csv_bytes,
    safe_cell,
    write_unresolved_csv,
)
from synergy.outputs.xlsx import MAX_COLUMN_WIDTH, write_pairings_xlsx


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_old_output(folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    (folder / "manifest.json").write_text('{"old": true}\n')
    (folder / "pairings.csv").write_text("rank\n1\n")
    (folder / "img").mkdir()
    (folder / "img" / "old.png").write_bytes(b"\x89PNG old")
    return snapshot(folder)


def pairings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "evidence": ["AT31 and ITC4 share energy.", "-starts with minus", "x" * 300, "ok"],
            "rank": [1, 2, 3, 4],
            "kind": ["call", "shared-priority", "value-chain", "shared-priority"],
            "regions": ["AT31;ITC4", "=SUM(A1)", "DE21;ITC4", "@AT31"],
            "clusters": ["", "c1;c2", "", ""],
            "domains": ["energy", "mobility", "energy", "energy"],
            "chain_id": ["", "", "h2", ""],
            "score": [0.91234, 0.5, 1 / 3, 0.25],
            "components": ["overlap=0.9", "overlap=0.5", "complement=0.3", "overlap=0.2"],
            "involves": ["region:AT31;region:ITC4", "", "", ""],
        }
    )


def small_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(
        "region:AT31", kind="Region", name="Upper Austria", key="AT31", aliases=["OÖ", "OOE"]
    )
    g.add_node("region:ITC4", kind="Region", name="Lombardy", key="ITC4", aliases=[])
    g.add_node("cluster:c1", kind="Cluster", name="Cl\x0bean <tech> & co", key="c1", members=None)
    g.add_node("priority:AT31:P1", kind="Priority", name="Energy", key="P1", extra={"b": 2, "a": 1})
    g.add_edge("region:AT31", "priority:AT31:P1", key="HAS_PRIORITY", type="HAS_PRIORITY")
    g.add_edge("cluster:c1", "region:AT31", key="LOCATED_IN", type="LOCATED_IN")
    g.add_edge("cluster:c1", "region:AT31", key="SUPPORTS", type="SUPPORTS", score=0.5)
    g.add_edge("cluster:c1", "region:ITC4", key="LOCATED_IN", type="LOCATED_IN", score=1)
    return g


# --------------------------------------------------------------------------- atomic folder


def test_atomic_output_dir_creates_new_folder(tmp_path):
    out = tmp_path / "deep" / "out"
    with atomic_output_dir(out) as tmp:
        assert tmp.parent == out.parent and tmp.name.startswith(".")
        (tmp / "manifest.json").write_text("{}")
    assert snapshot(out) == {"manifest.json": b"{}"}
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_atomic_output_dir_success_replaces_old_output(tmp_path):
    out = tmp_path / "out"
    make_old_output(out)
    with atomic_output_dir(out) as tmp:
        (tmp / "manifest.json").write_text("{}")
    assert snapshot(out) == {"manifest.json": b"{}"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_atomic_output_dir_failure_keeps_old_folder_byte_identical(tmp_path):
    out = tmp_path / "out"
    before = make_old_output(out)
    with pytest.raises(RuntimeError), atomic_output_dir(out) as tmp:
        (tmp / "manifest.json").write_text("{}")
        (tmp / "pairings.csv").write_text("half")
        raise RuntimeError("disk full halfway")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_atomic_output_dir_failure_leaves_no_new_folder(tmp_path):
    with pytest.raises(ValueError), atomic_output_dir(tmp_path / "out") as tmp:
        (tmp / "x").write_text("x")
        raise ValueError
    assert list(tmp_path.iterdir()) == []


def test_atomic_output_dir_refuses_unrelated_folder(tmp_path):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_bytes(b"precious")
    with (
        pytest.raises(OutputError, match="not empty and holds no manifest.json"),
        atomic_output_dir(out),
    ):
        pass
    assert snapshot(out) == {"chapter1.docx": b"precious"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_atomic_output_dir_refuses_existing_file(tmp_path):
    out = tmp_path / "out"
    out.write_text("a file")
    with pytest.raises(OutputError, match="is an existing file"), atomic_output_dir(out):
        pass
    assert out.read_text() == "a file"


def test_atomic_output_dir_accepts_empty_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with atomic_output_dir(out) as tmp:
        (tmp / "manifest.json").write_text("{}")
    assert snapshot(out) == {"manifest.json": b"{}"}


# --------------------------------------------------------------------------- safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ('  =HYPERLINK("x")', '\'  =HYPERLINK("x")'),
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),
        ("AT31;ITC4", "AT31;ITC4"),
        ("a=b", "a=b"),
        ("", ""),
        (-2, "-2"),
        (-0.5, "-0.5"),
        (3.0, "3"),
        (None, ""),
        (float("nan"), ""),
        (["a", "=b"], "a;=b"),
    ],
)
def test_safe_cell_cases(value, expected):
    assert safe_cell(value) == expected


def test_safe_cell_numpy_negative_stays_number():
    assert safe_cell(pd.Series([-7]).iloc[0]) == "-7"


# --------------------------------------------------------------------------- pairings.csv


def test_pairings_csv_contract_columns_escaping_and_format(tmp_path):
    raw = pairings_csv_bytes(pairings())
    assert b"\r" not in raw and raw.endswith(b"\n")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0] == [*PAIRINGS_COLUMNS, "involves"]
    by_rank = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_rank["1"]["score"] == "0.9123"
    assert by_rank["3"]["score"] == "0.3333"
    assert by_rank["2"]["regions"] == "'=SUM(A1)"
    assert by_rank["2"]["evidence"] == "'-starts with minus"
    assert by_rank["4"]["regions"] == "'@AT31"
    assert pairings_csv_bytes(pairings()) == raw


# --------------------------------------------------------------------------- pairings.xlsx


def test_pairings_xlsx_fixed_timestamps_and_identical_bytes(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_pairings_xlsx(a, pairings(), summary_rows=[("settings.top_n", 10)])
    write_pairings_xlsx(b, pairings(), summary_rows=[("settings.top_n", 10)])
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2  # created and modified


def test_xlsx_rows_written_as_xml_equal_openpyxl_cells(monkeypatch):
    """The fast path (data rows as XML) gives the same bytes as openpyxl's own cells."""
    from synergy.outputs import xlsx

    long = "evidence " * 12  # wider than the cap: wraps
    tricky = pd.DataFrame(
        {
            "text": [" padded ", "a & b < c > d", "#N/A", "=SUM(A1)", "x" * 40_000, "line\nnext"],
            "wrapped": [long, None, "#DIV/0!", "=1+1", 7, "\u00e9t\u00e9 \u2013 \U0001f600 " * 8],
            "number": [1, 2.5, 1e20, -0.1 + 0.2, float("nan"), 12345678901234567890],
            "empty": [None, "", None, None, None, None],
            "ctrl": ["a\x01b", "tab\there", "  ", "0", True, "\r\n"],
            "code": ["#REF!", "#N/A", "#NAME?", "#N/A ", "#NUM!", "#NULL!"],
        }
    )
    frames = {"one": tricky, "[bad]:name?": tricky.head(2), "none": tricky.iloc[0:0]}
    kinds = pairings()
    fast = (
        xlsx.write_frames_bytes(frames, wrap={"one": ["text"]}),
        xlsx.write_frames_bytes({"plain": tricky[["number", "empty"]]}),
        xlsx.write_workbook_bytes(kinds, [("settings.top_n", 10)]),
    )
    monkeypatch.setattr(xlsx, "ROWS_AS_XML", False)
    reference = (
        xlsx.write_frames_bytes(frames, wrap={"one": ["text"]}),
        xlsx.write_frames_bytes({"plain": tricky[["number", "empty"]]}),
        xlsx.write_workbook_bytes(kinds, [("settings.top_n", 10)]),
    )
    for got, want in zip(fast, reference, strict=True):
        assert got == want
    with zipfile.ZipFile(io.BytesIO(fast[0])) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert 't="e"><v>#REF!</v>' in sheet and 'xml:space="preserve"> padded ' in sheet
    assert 't="inlineStr"><is><t>#N/A</t>' in sheet  # in a wrapped column: text
    assert "a &amp; b &lt; c &gt; d" in sheet and "<f>" not in sheet


def test_pairings_xlsx_sheets_header_and_no_formulas(tmp_path):
    path = tmp_path / "p.xlsx"
    write_pairings_xlsx(path, pairings(), summary_rows=[("settings.label", "=cmd|' /C calc'!A0")])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["summary", "shared-priority", "value-chain", "call"]
    for ws in wb:
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold for c in ws[1] if c.value is not None)
        assert ws.auto_filter.ref
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)
        for dim in ws.column_dimensions.values():
            assert dim.width <= MAX_COLUMN_WIDTH
    shared = wb["shared-priority"]
    header = [c.value for c in shared[1]]
    records = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in shared.iter_rows(2)
    ]
    assert [r["rank"] for r in records] == [2, 4]
    assert records[0]["regions"] == "'=SUM(A1)" and records[0]["score"] == 0.5
    summary = [[c.value for c in row] for row in wb["summary"].iter_rows()]
    assert ["candidates", "shared-priority", 2, None, None, None] in summary
    assert ["settings", "settings.label", "'=cmd|' /C calc'!A0", None, None, None] in summary
    best_call = next(r for r in summary if r[:2] == ["best of kind", "call"])
    assert best_call[2:5] == [1, "AT31;ITC4", 0.91234]


def test_pairings_xlsx_kind_sheets_people_first_ids_last_no_empty_columns(tmp_path):
    """Each kind's sheet: rank, kind_rank, names, score, evidence first; then what that kind
    uses; ids last; a column empty for the kind (or everywhere) is left out."""
    df = pairings()
    df["kind_rank"] = [1, 1, 1, 2]
    df["stability"] = [0.9, None, None, None]  # a column another part of the engine adds
    df["gaps"] = ["ITC4", "", "", ""]  # only calls use it
    df["candidate_id"] = [f"candidate:{i}" for i in range(4)]
    df["empty_everywhere"] = ""
    names = pd.DataFrame(
        {
            "candidate": ["Call on Energy", "Shared A", "Chain H2", "Shared B"],
            "region_names": ["Upper Austria;Lombardy", "x", "y", "z"],
            "cluster_names": ["", "C1;C2", "", ""],
        }
    )
    path = tmp_path / "p.xlsx"
    write_pairings_xlsx(path, df, names=names)
    wb = openpyxl.load_workbook(path)
    headers = {ws.title: [c.value for c in ws[1]] for ws in wb}
    assert headers["call"] == [
        "rank", "kind_rank", "candidate", "region_names", "score", "evidence",
        "domains", "components", "stability", "gaps",
        "regions", "involves", "candidate_id",
    ]  # fmt: skip
    assert headers["shared-priority"] == [
        "rank", "kind_rank", "candidate", "region_names", "cluster_names", "score", "evidence",
        "domains", "components", "regions", "clusters", "candidate_id",
    ]  # fmt: skip
    # value-chain rows use chain_id: an id column, so it comes last.
    assert headers["value-chain"][-2:] == ["chain_id", "candidate_id"]
    for title, header in headers.items():
        assert "empty_everywhere" not in header
        assert title == "summary" or "kind" not in header  # the sheet is the kind
    # Evidence wraps (long text), ids never do; the summary names the best candidates.
    chain = wb["value-chain"]
    evidence = headers["value-chain"].index("evidence") + 1
    assert chain.cell(2, evidence).alignment.wrap_text
    assert chain.column_dimensions[get_column_letter(evidence)].width == MAX_COLUMN_WIDTH
    ids = headers["value-chain"].index("candidate_id") + 1
    assert not chain.cell(2, ids).alignment.wrap_text
    summary = [[c.value for c in row] for row in wb["summary"].iter_rows()]
    best = ["best of kind", "call", 1, "Call on Energy", 0.91234, "AT31 and ITC4 share energy."]
    assert best in summary
    # Every sheet prints: landscape, one page wide, the header row on every page.
    for ws in wb:
        assert ws.print_title_rows == "$1:$1"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


# --------------------------------------------------------------------------- graph.graphml


def test_graphml_roundtrip_keeps_kind_name_type(tmp_path):
    path = tmp_path / "g.graphml"
    write_graphml(path, small_graph())
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert sorted(back.nodes) == sorted(small_graph().nodes)
    for _, data in back.nodes(data=True):
        assert data["kind"] and data["name"]
    edges = sorted((u, v, k, d["type"]) for u, v, k, d in back.edges(keys=True, data=True))
    assert edges == [
        ("cluster:c1", "region:AT31", "LOCATED_IN", "LOCATED_IN"),
        ("cluster:c1", "region:AT31", "SUPPORTS", "SUPPORTS"),
        ("cluster:c1", "region:ITC4", "LOCATED_IN", "LOCATED_IN"),
        ("region:AT31", "priority:AT31:P1", "HAS_PRIORITY", "HAS_PRIORITY"),
    ]
    assert back.nodes["region:AT31"]["aliases"] == "OÖ;OOE"
    assert "members" not in back.nodes["cluster:c1"]
    assert back.nodes["cluster:c1"]["name"] == "Clean <tech> & co"  # \x0b is not XML
    assert json.loads(back.nodes["priority:AT31:P1"]["extra"]) == {"a": 1, "b": 2}
    assert back.edges["cluster:c1", "region:ITC4", "LOCATED_IN"]["score"] == 1.0


def test_graphml_bytes_independent_of_insertion_order():
    g = small_graph()
    reverse = nx.MultiDiGraph()
    for n in reversed(list(g.nodes)):
        reverse.add_node(n, **dict(reversed(list(g.nodes[n].items()))))
    for u, v, k, d in reversed(list(g.edges(keys=True, data=True))):
        reverse.add_edge(u, v, key=k, **d)
    assert graphml_bytes(reverse) == graphml_bytes(g)


# --------------------------------------------------------------------------- unresolved, manifest


def test_unresolved_csv_contract_columns(tmp_path):
    df = pd.DataFrame({"value": ["=Bayern"], "file": ["a.csv"], "row": [3], "score": [0.41]})
    write_unresolved_csv(tmp_path / "u.csv", df)
    rows = list(csv.reader((tmp_path / "u.csv").open(encoding="utf-8", newline="")))
    assert rows == [list(UNRESOLVED_COLUMNS), ["a.csv", "", "3", "", "'=Bayern", "", "", "0.4100"]]


def test_manifest_sorted_with_trailing_newline():
    manifest = {"timings": {"scan": 1.5}, "b": [1, 2], "a": {"z": Path("x/y"), "y": {3, 1}}}
    text = manifest_json(manifest)
    assert text.endswith("}\n")
    assert list(json.loads(text)) == ["a", "b", "timings"]
    assert json.loads(text)["a"] == {"y": [1, 3], "z": "x/y"}
    assert drop_timings(json.loads(text)) == {"a": {"y": [1, 3], "z": "x/y"}, "b": [1, 2]}


def test_summary_rows_from_manifest_flattens_without_timings():
    manifest = {
        "timings": {"total": 1.0},
        "settings": {"weights": {"call": {"budget": 0.5}}, "seed": 42},
        "inputs": [{"path": "a.csv"}, {"path": "b.csv"}],
        "synergy": "0.1.0",
    }
    assert summary_rows_from_manifest(manifest) == [
        ("inputs", "2 entries (see manifest.json)"),
        ("settings.seed", 42),
        ("settings.weights.call.budget", 0.5),
        ("synergy", "0.1.0"),
    ]


def test_frame_csv_bytes_escapes_side_tables():
    df = pd.DataFrame({"region": ["AT31", "=evil()"], 3: [["a", "b"], None], "n": [-1, 2]})
    assert frame_csv_bytes(df) == b"region,3,n\nAT31,a;b,-1\n'=evil(),,2\n"


# --------------------------------------------------------------------------- whole folder


def scan_kwargs(**over):
    kwargs = dict(
        graph=small_graph(),
        pairings=pairings(),
        unresolved=pd.DataFrame(columns=list(UNRESOLVED_COLUMNS)),
        manifest={"settings": {"top_n": 10}, "timings": {"total": 0.1}},
        report_md="# r\n",
        report_html="<!DOCTYPE html>",
        graph_html="<html></html>",
        images={"heatmap": b"\x89PNG1"},
        extra_files={"stress.csv": "region\nAT31\n"},
    )
    kwargs.update(over)
    return kwargs


def test_write_scan_outputs_writes_contract_files(tmp_path):
    out = tmp_path / "out"
    written = write_scan_outputs(out, **scan_kwargs())
    expected = [
        "graph.graphml", "graph.html", "img/heatmap.png", "manifest.json", "pairings.csv",
        "pairings.xlsx", "report.html", "report.md", "stress.csv", "unresolved.csv",
    ]  # fmt: skip
    assert written == expected
    assert sorted(snapshot(out)) == expected
    assert (out / "img" / "heatmap.png").read_bytes() == b"\x89PNG1"
    first = snapshot(out)
    write_scan_outputs(out, **scan_kwargs())  # a rerun replaces the previous output
    assert snapshot(out) == first


def test_write_scan_outputs_failure_keeps_previous_output(tmp_path):
    out = tmp_path / "out"
    write_scan_outputs(out, **scan_kwargs())
    before = snapshot(out)
    with pytest.raises(TypeError):  # graph_html of the wrong type fails halfway through
        write_scan_outputs(out, **scan_kwargs(report_md="# new\n", graph_html=12345))
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("name", ["../escape.csv", "/abs.csv", "pairings.csv", ".hidden"])
def test_write_scan_outputs_refuses_bad_extra_names(tmp_path, name):
    with pytest.raises(OutputError):
        write_scan_outputs(tmp_path / "out", **scan_kwargs(extra_files={name: "x"}))
    assert not (tmp_path / "out").exists()


def _networkx_graphml(graph: nx.Graph) -> bytes:
    """The reference: the sorted, cleaned copy written by networkx's own GraphML writer."""
    from synergy.outputs.graphml import graphml_value

    def clean(data):
        kept = {str(k): graphml_value(data[k]) for k in sorted(data, key=str)}
        return {k: v for k, v in kept.items() if v is not None}

    def unify(items):
        types: dict[str, set] = {}
        for attrs in items:
            for key, value in attrs.items():
                types.setdefault(key, set()).add(type(value))
        for key, seen in types.items():
            if len(seen) > 1:
                cast = float if seen <= {int, float} else str
                for attrs in items:
                    if key in attrs:
                        attrs[key] = cast(attrs[key])

    out = nx.MultiDiGraph()
    out.graph.update(clean(graph.graph))
    nodes = sorted(graph.nodes, key=str)
    node_attrs = [clean(graph.nodes[n]) for n in nodes]
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), e[2]))
    edge_attrs = [clean(e[3]) for e in edges]
    unify(node_attrs)
    unify(edge_attrs)
    for n, attrs in zip(nodes, node_attrs, strict=True):
        out.add_node(str(n), **attrs)
    for (u, v, k, _), attrs in zip(edges, edge_attrs, strict=True):
        out.add_edge(str(u), str(v), key=str(k), **attrs)
    buf = io.BytesIO()
    nx.write_graphml(out, buf, encoding="utf-8", prettyprint=True, infer_numeric_types=True)
    return buf.getvalue()


def hostile_graphml_graph() -> nx.MultiDiGraph:
    g = small_graph()
    g.graph["title"] = 'scan "A" & <B>'
    g.add_node('actor:q"<&>\t\n', kind="Actor", name="", nace=["C10", "C11"], size="small")
    g.add_node("actor:plain", kind="Actor", name="Plain", nace=["C10"], size="small")
    g.add_node("actor:nan", kind="Actor", name="NaN size", nace=["C10"], size=float("nan"))
    g.add_node("actor:mixed", kind="Actor", name="tab\there\r\nnew", nace=[1, None], size=3)
    g.add_node("actor:np", kind="Actor", name="numpy", members=np.int64(7), flag=True)
    g.add_node("actor:set", kind="Actor", name="set", tags={"b", "a"}, members=2.5)
    g.add_node("actor:bare")
    g.add_edge("actor:plain", 'actor:q"<&>\t\n', key="KNOWS")
    g.add_edge("actor:plain", "region:AT31", key="LOCATED_IN", type="LOCATED_IN")
    g.add_edge("actor:np", "region:AT31", key="LOCATED_IN", type="LOCATED_IN", score=1)
    g.add_edge("actor:set", "region:AT31", key="LOCATED_IN", type="LOCATED_IN", score=0.5)
    return g


def test_graphml_bytes_equal_networkx_writer_on_hostile_graph():
    # Escaping, empty text, dropped NaN, mixed int/float (-> double) and int/str (-> string)
    # attributes, numpy scalars, sets, graph data, bare nodes and edges: byte for byte.
    g = hostile_graphml_graph()
    assert graphml_bytes(g) == _networkx_graphml(g)
    assert graphml_bytes(small_graph()) == _networkx_graphml(small_graph())


def test_graphml_stream_equals_bytes_and_roundtrips(tmp_path):
    g = hostile_graphml_graph()
    path = tmp_path / "g.graphml"
    write_graphml(path, g)
    assert path.read_bytes() == graphml_bytes(g)
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.nodes['actor:q"<&>\t\n']["nace"] == "C10;C11"
    assert back.nodes["actor:mixed"]["name"] == "tab\there\nnew"  # XML folds \r\n
    assert back.nodes["actor:np"]["members"] == 7.0  # members mixes int and float
    assert back.nodes["actor:mixed"]["size"] == "3"  # size mixes text and int
    assert "size" not in back.nodes["actor:nan"]
    assert back.graph["title"] == 'scan "A" & <B>'
