"""Map a raw table's headers onto the canonical columns of its table, the way a person would.

Each header is read in this order:

1. the folder's ``columns.toml`` (any header → a canonical column, per table): rule
   ``columns.toml``;
2. the table's aliases in eleven languages (:mod:`ingest.schema`): rule ``alias``. When two
   headers claim the same column, the more specific one wins (the column's own name, then
   more words: ``Raison sociale`` before ``Acteur``); the other is kept as an extra column;
3. by content, for the table's id column and its name/title column: when a header can mean
   either (``Priorität``, ``prioridad``), when two headers both claim the name while the id has
   no header (``Akteur; Name``: a bare table noun beside a name column), or when a header
   matches no alias (``N°``, ``Titolo del bando``), the values decide: short, unique,
   code-like values (:mod:`ingest.shapes`) make the id (rule ``content-id``), text makes the
   name or title (rule ``content-text``);
4. everything else is an extra column (rule ``extra``), kept and listed.

Only a truly undecidable case is an error, and it quotes the first values of the competing
columns: two columns equally fit to be the id, or two equally specific headers of the title.
Every decision is returned with its rule and one sentence of why, for the manifest, the
report's resolution table and the ``columns.toml`` that ``synergy validate`` can write.

:func:`detect_table` uses the same resolution to tell which table a sheet or file holds when
its name does not say, and which sheets and files are not data at all (notes, legends).
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz, process

from synergy.core.errors import Problem

from .readers import RawTable
from .schema import TABLES, TableSpec, normalise_header
from .shapes import ColumnShape, column_shape

__all__ = [
    "HeaderDecision",
    "HeaderMap",
    "TableGuess",
    "detect_table",
    "resolve_headers",
    "load_columns_toml",
]

RULES = ("columns.toml", "alias", "content-id", "content-text", "extra")


@dataclass(frozen=True)
class HeaderDecision:
    """What one header of a raw table was taken to be, by which rule, and why."""

    header: str
    column: str  # the canonical column; "" for an extra column
    rule: str  # one of RULES
    why: str


@dataclass(frozen=True)
class HeaderMap:
    """Where each canonical column sits in a raw table, and the headers left over."""

    columns: dict[str, int]  # canonical column -> index in the raw row
    extra: dict[str, int]  # unmatched header -> index
    width: int  # number of header cells (including blank ones that carry no data)
    decisions: tuple[HeaderDecision, ...] = ()
    undecided: dict[str, tuple[str, ...]] = field(default_factory=dict)  # column -> headers


def load_columns_toml(path: Path, rel: str) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Return ``{table: {normalised header: canonical column}}`` from a ``columns.toml``.

    The file holds one section per table::

        [actors]
        "Ragione Sociale Completa" = "name"

    A section ``[all]`` (or ``["*"]``) applies to every table.
    """
    problems: list[Problem] = []
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return {}, [
            Problem(
                file=rel,
                code="not-a-table",
                message=f"columns.toml is not valid TOML ({exc}).",
                fix='Write one section per table, e.g. [actors] then "Odd Header" = "name".',
            )
        ]
    out: dict[str, dict[str, str]] = {}
    for section, mapping in sorted(doc.items()):
        table = "*" if section in ("*", "all") else section
        if table != "*" and table not in TABLES:
            problems.append(
                Problem(
                    file=rel,
                    column=section,
                    code="schema-error",
                    message=f"unknown table [{section}].",
                    fix=f"Use one of: {', '.join(TABLES)} (or [all]).",
                )
            )
            continue
        if not isinstance(mapping, dict):
            problems.append(
                Problem(
                    file=rel,
                    column=section,
                    code="schema-error",
                    message=f"[{section}] must be a table of header = column pairs.",
                    fix='Write e.g. "Odd Header" = "name".',
                )
            )
            continue
        valid = (
            {c.name for t in TABLES.values() for c in t.columns}
            if table == "*"
            else {c.name for c in TABLES[table].columns}
        )
        for header, column in sorted(mapping.items()):
            if column not in valid:
                problems.append(
                    Problem(
                        file=rel,
                        column=header,
                        code="schema-error",
                        message=f"[{section}] maps '{header}' to unknown column '{column}'.",
                        fix=f"Use one of: {', '.join(sorted(valid))}.",
                    )
                )
                continue
            out.setdefault(table, {})[normalise_header(header)] = column
    return out, problems


# --------------------------------------------------------------------------- resolution

FILLED = 100  # a required column with a header: what matters most
ALIAS = 10  # the header is an alias of the column
FITS = 5  # the values look like what the column holds
OWN_NAME = 10  # specificity of the column's own name ("budget_eur")
MAX_WORDS = 3  # specificity of other aliases: their number of words, up to this


@dataclass(eq=False)
class _Header:
    index: int
    text: str
    key: str
    claims: tuple[str, ...]  # the columns this header is an alias of
    values: list[object]

    @cached_property
    def shape(self) -> ColumnShape:
        """Return how the column's values look (measured only when a decision needs it)."""
        return column_shape(self.values)

    def specificity(self, column: str) -> int:
        """Return how specifically this header names ``column`` (its own name beats all)."""
        if self.key == column:
            return OWN_NAME
        return min(len(self.key.split("_")), MAX_WORDS)


def _content_pair(spec: TableSpec) -> tuple[str | None, str | None]:
    """Return the table's (id column, name/title column) that content may decide, or None."""
    ids = [k for k in spec.key if k != "region_id" or spec.name == "regions"]
    id_column = ids[0] if len(ids) == 1 else None  # a compound key (value chains) has no one id
    text = next((c.name for c in spec.columns if c.required and c.name in ("name", "title")), None)
    return id_column, text


def resolve_headers(
    raw: RawTable,
    spec: TableSpec,
    custom: dict[str, dict[str, str]] | None = None,
    *,
    region_implied: bool = False,
) -> tuple[HeaderMap, list[Problem]]:
    """Return the header map of ``raw`` for ``spec`` and the problems found.

    ``custom`` comes from :func:`load_columns_toml`; ``region_implied`` is True when the file
    sits in a region sub-folder, so ``region_id`` may be omitted. See the module docstring
    for the rules; ``HeaderMap.decisions`` says, per header, what was decided and why.
    """
    problems: list[Problem] = []
    custom = custom or {}
    mapped = {**custom.get("*", {}), **custom.get(spec.name, {})}

    def problem(column: str | None, code: str, message: str, fix: str) -> None:
        problems.append(
            Problem(
                file=raw.file,
                sheet=raw.sheet,
                row=1,
                column=column,
                code=code,
                message=message,
                fix=fix,
            )
        )

    headers, fixed = _read_headers(raw, spec, mapped, problem)
    chosen: dict[int, tuple[str, str, str]] = {i: (c, "columns.toml", "mapped in columns.toml")
                                               for c, i in fixed.items()}  # fmt: skip
    undecided: dict[str, tuple[str, ...]] = {}
    id_column, text_column = _content_pair(spec)
    pair = {c for c in (id_column, text_column) if c and c not in fixed}
    _by_alias(spec, headers, pair, fixed, chosen, undecided, problem)
    if pair:
        _by_content(spec, headers, id_column, text_column, fixed, chosen, undecided, problem)
    columns = {column: i for i, (column, _, _) in chosen.items()}
    extra = {h.text: h.index for h in headers if h.index not in chosen}
    decisions = tuple(
        HeaderDecision(h.text, *chosen[h.index])
        if h.index in chosen
        else HeaderDecision(h.text, "", "extra", _extra_why(spec, h, headers, chosen))
        for h in headers
    )
    for req in spec.required:
        if req in columns or req in undecided or (req == "region_id" and region_implied):
            continue
        problem(req, "missing-column", *_missing_column(spec, req, extra))
    hmap = HeaderMap(columns, extra, len(raw.header), decisions, undecided)
    return hmap, problems


def _read_headers(raw: RawTable, spec: TableSpec, mapped: dict, problem):
    """Return the non-blank headers with their alias claims, and the columns.toml mappings.

    Reports columns with data but no header, and two headers mapped to one column by
    ``columns.toml``.
    """
    aliases = spec.alias_columns()
    headers: list[_Header] = []
    fixed: dict[str, int] = {}
    for i, header in enumerate(raw.header):
        key = normalise_header(header)
        values = raw.column(i)
        if not key:
            if any(str(v or "").strip() for v in values):
                problem(
                    f"#{i + 1}",
                    "blank-header",
                    f"column {i + 1} has data but no header.",
                    "Give the column a header, or delete it.",
                )
            continue
        headers.append(_Header(i, header, key, aliases.get(key, ()), values))
        if key in mapped:
            headers[-1].claims = ()
            column = mapped[key]
            if column in fixed:
                first = raw.header[fixed[column]]
                problem(
                    header,
                    "duplicate-label",
                    f"columns.toml maps both '{header}' and '{first}' to '{column}'.",
                    "Map only one of the two headers in columns.toml.",
                )
            else:
                fixed[column] = i
    for h in headers:  # a column columns.toml gave to another header is no longer claimed
        h.claims = tuple(c for c in h.claims if c not in fixed)
    return headers, fixed


def _by_alias(spec, headers, pair, fixed, chosen, undecided, problem) -> None:
    """Give each column outside the content pair to the most specific header claiming it."""
    for column in (c.name for c in spec.columns):
        if column in pair or column in fixed:
            continue
        claimants = [h for h in headers if h.index not in chosen and column in h.claims
                     and not set(h.claims) & pair]  # fmt: skip
        if not claimants:
            continue
        best = max(h.specificity(column) for h in claimants)
        top = [h for h in claimants if h.specificity(column) == best]
        winner = top[0]
        chosen[winner.index] = (column, "alias", f"an alias of {column}")
        if len(top) > 1:
            undecided[column] = tuple(h.text for h in top)
            problem(
                top[1].text,
                "duplicate-label",
                f"'{top[1].text}' and '{winner.text}' both mean '{column}', and neither "
                f"says so more specifically: '{winner.text}' holds {winner.shape.describe()}, "
                f"'{top[1].text}' holds {top[1].shape.describe()}.",
                f"Keep one of the two columns, or say which one is '{column}' in a columns."
                f'toml next to the file: [{spec.name}] "{winner.text}" = "{column}".',
            )


def _by_content(spec, headers, id_column, text_column, fixed, chosen, undecided, problem):
    """Fill the table's id and name/title columns from the headers left, by alias and values.

    Every way of giving the two columns to the remaining headers (those that claim one of
    them, and those that match no alias) is scored: a column filled counts most, then a
    header that is an alias of the column (the more specific, the more), then values that
    fit (codes for the id, text for the name). The best way wins; a tie between ways that
    fill a column differently is undecidable, reported with the competing columns' first
    values (and added to ``undecided``).
    """
    slots = [c for c in (id_column, text_column) if c and c not in fixed]
    pool = [h for h in headers if h.index not in chosen
            and (set(h.claims) & set(slots) or not h.claims)]  # fmt: skip
    claimants = [[h for h in pool if s in h.claims] for s in slots]
    if all(len(c) == 1 and len(c[0].claims) == 1 for c in claimants):
        for slot, (h,) in zip(slots, claimants, strict=True):  # one alias each: no doubt
            chosen[h.index] = (slot, "alias", f"an alias of {slot}")
        return

    def fits(h: _Header, slot: str) -> bool:
        return h.shape.code_like if slot == id_column else h.shape.text_like

    def score(h: _Header, slot: str) -> int | None:
        if slot in h.claims:
            return FILLED + ALIAS + h.specificity(slot) + (FITS if fits(h, slot) else 0)
        return FILLED + FITS if fits(h, slot) else None  # by content only when it fits

    options = [[None, *[h for h in pool if score(h, s) is not None]] for s in slots]
    ranked: list[tuple[int, tuple]] = []
    for combo in itertools.product(*options):
        taken = [h.index for h in combo if h is not None]
        if len(taken) != len(set(taken)):
            continue
        total = sum(score(h, s) or 0 for h, s in zip(combo, slots, strict=True) if h is not None)
        ranked.append((total, combo))
    best = max(total for total, _ in ranked)
    ties = [combo for total, combo in ranked if total == best]
    for k, slot in enumerate(slots):
        fills = [h for h in dict.fromkeys(combo[k] for combo in ties) if h is not None]
        if len(fills) > 1:
            undecided[slot] = tuple(h.text for h in fills)
            _undecidable(spec, slot, fills, problem)
    for k, slot in enumerate(slots):
        h = ties[0][k]
        if h is None or slot in undecided:
            continue
        chosen[h.index] = (slot, *_content_rule(spec, h, slot, id_column, pool, ties[0], slots))


def _content_rule(spec, h: _Header, slot: str, id_column, pool, combo, slots) -> tuple[str, str]:
    """Return (rule, why) for header ``h`` given column ``slot`` in the content step."""
    others = [o for o in pool if o is not h and slot in o.claims]
    if slot in h.claims:
        if len(h.claims) > 1 or others:
            rest = [c for c in h.claims if c != slot]
            if others:
                alt = others[0]
                taken = dict(zip(slots, combo, strict=True))
                went = next((s for s, x in taken.items() if x is alt), None)
                why = (f"an alias of {slot}; '{alt.text}' also is, but "
                       + (f"holds the {went}" if went else "fits less well"))  # fmt: skip
            else:
                taken = dict(zip(slots, combo, strict=True))
                held = [f"'{taken[c].text}' holds the {c}" for c in rest if taken.get(c)]
                why = f"an alias of {' and '.join(h.claims)}; " + (
                    ", ".join(held) or f"{' and '.join(rest)} has no header here"
                )
            return "alias", why
        return "alias", f"an alias of {slot}"
    kind = "short, unique codes" if slot == id_column else "text"
    alias_note = f"its header means {h.claims[0]}, but " if h.claims else ""
    rule = "content-id" if slot == id_column else "content-text"
    return rule, (
        f"{alias_note}no other header names {slot} and its values are {kind} ({h.shape.describe()})"
    )


def _undecidable(spec: TableSpec, slot: str, competing: list[_Header], problem) -> None:
    """Report a column two or more headers are equally fit to hold, quoting their values."""
    quoted = "; ".join(f"'{h.text}': {h.shape.describe()}" for h in competing)
    names = " or ".join(f"'{h.text}'" for h in competing)
    alias = all(slot in h.claims for h in competing)
    code, message = (
        ("duplicate-label", f"{names} all mean '{slot}' and nothing tells which one is: {quoted}.")
        if alias
        else (
            "ambiguous-column",
            f"'{slot}' has no header, and {names} are equally fit to hold it: {quoted}.",
        )
    )
    problem(
        competing[0].text,
        code,
        message,
        f"Say which one in a columns.toml next to the file: [{spec.name}] "
        f'"{competing[0].text}" = "{slot}".',
    )


def _extra_why(spec: TableSpec, h: _Header, headers, chosen) -> str:
    """Return why a header was kept as an extra column."""
    claimed = [c for c in h.claims if c in {col for col, _, _ in chosen.values()}]
    if claimed:
        column = claimed[0]
        winner = next(x.text for x in headers if chosen.get(x.index, ("",))[0] == column)
        return f"also means {column}, but '{winner}' holds it"
    return f"no column of {spec.name}"


def _missing_column(spec: TableSpec, req: str, extra: dict[str, int]) -> tuple[str, str]:
    """Return (message, fix) for a missing required column, naming the closest header."""
    col = spec.column(req)
    tried = ", ".join(sorted({req, *col.aliases})[:12])
    suggestion = ""
    if extra:
        best = process.extractOne(
            normalise_header(req),
            {h: normalise_header(h) for h in extra},
            scorer=fuzz.WRatio,
        )
        if best:
            suggestion = f" The closest header here is '{best[2]}'."
    return (
        f"required column '{req}' of table '{spec.name}' is missing "
        f"(headers tried: {tried}, ...; no other column's values fit).{suggestion}",
        f"Rename the right column to '{req}', or map it in a columns.toml next to "
        f'the file: [{spec.name}] "Your Header" = "{req}".',
    )


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class TableGuess:
    """Which table a sheet or file holds judged by its headers, or why none.

    ``table`` is set when one table's headers are all there (counting content decisions and
    the region a folder implies); ``not_data`` is True when no table's headers appear at all
    (a notes or legend sheet); otherwise ``why`` says what is missing or ambiguous.
    """

    table: str | None
    not_data: bool
    why: str


MIN_COLUMNS = 2  # alias matches (besides a region) that make a sheet look like a table


def detect_table(
    raw: RawTable, custom: dict[str, dict[str, str]] | None = None, *, region_implied: bool = False
) -> TableGuess:
    """Return the table ``raw`` holds judged by its headers (see :class:`TableGuess`).

    A table is a candidate when at least two of its columns other than the region are named
    by alias; among the candidates whose required columns are all found, the one naming the
    most columns by alias wins, and a tie is no answer.
    """
    custom = custom or {}
    candidates: list[tuple[int, str, list[Problem]]] = []
    for spec in TABLES.values():
        mapped = {**custom.get("*", {}), **custom.get(spec.name, {})}
        aliases = spec.alias_columns()
        named = {c for h in raw.header for c in (
            (mapped[normalise_header(h)],) if normalise_header(h) in mapped
            else aliases.get(normalise_header(h), ()))}  # fmt: skip
        if len(named - {"region_id"}) < MIN_COLUMNS:
            continue
        hmap, problems = resolve_headers(raw, spec, custom, region_implied=region_implied)
        by_alias = sum(1 for d in hmap.decisions if d.rule in ("alias", "columns.toml"))
        candidates.append((by_alias, spec.name, problems))
    if not candidates:
        return TableGuess(None, True, "no header is a column of any table")
    complete = sorted(
        ((n, name) for n, name, probs in candidates if not _blocking(probs)), reverse=True
    )
    if complete and (len(complete) == 1 or complete[0][0] > complete[1][0]):
        return TableGuess(complete[0][1], False, f"its headers are those of {complete[0][1]}")
    if len(complete) > 1:
        tied = " and ".join(name for n, name in complete if n == complete[0][0])
        return TableGuess(None, False, f"its headers fit {tied} equally well")
    closest = max(candidates)
    missing = sorted({p.column or "" for p in closest[2] if _blocking([p])})
    return TableGuess(
        None,
        False,
        f"its headers come closest to {closest[1]}, but {', '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} missing or ambiguous",
    )


def _blocking(problems: list[Problem]) -> bool:
    return any(
        p.code in ("missing-column", "ambiguous-column", "duplicate-label") for p in problems
    )
