"""NUTS codes: their level and parents, older versions, and the region of a dataset they lie in.

Regions deliver references at every NUTS level and from every NUTS version: ``AT332``
(Innsbruck, NUTS-3) where the dataset's regions are NUTS-2 (``AT33``, Tirol), ``FR714``
(Isère in NUTS 2013) where the dataset has ``FRK`` (Auvergne-Rhône-Alpes since NUTS 2016).
This module answers, without guessing:

- what a code is: :func:`level`, :func:`parent`, :func:`is_nuts` (known in some version),
  :func:`looks_like_nuts` (written like one);
- what an old code is now: :func:`to_current` follows Eurostat's correspondence tables
  (2010→2013→2016→2021→2024, shipped in ``ingest/data/nuts_changes.csv``, sources in
  ``ingest/data/NUTS_SOURCES.md``) to the current codes. A recode, boundary shift or merge
  gives one code; a split gives several, and the reference is ambiguous;
- which region of a dataset contains it: :class:`NutsRegions` rolls a code up to the dataset
  region that contains it, after mapping it to the current version if needed.

Every answer carries the rule that produced it (``exact``, ``nuts-rollup``,
``nuts-2013→2016``, ``nuts-2013→2016+rollup``, ``nuts-coarser``, ``outside``, ``unknown``,
``not-nuts``) so a caller can report it as a resolution. Unknown codes and codes outside the
dataset are answers, not errors.

"Current" means the codes of ``synergy/data/nuts_labels.json``: NUTS 2024, the UK's NUTS 2018
and the 2024 statistical regions of EFTA and candidate countries.

>>> regions = NutsRegions(["AT33", "FRK", "PL91"])
>>> regions.resolve("AT332").region_id, regions.resolve("AT332").rule
('AT33', 'nuts-rollup')
>>> regions.resolve("FR714").region_id, regions.resolve("FR714").rule
('FRK', 'nuts-2013→2016+rollup')
>>> regions.resolve("PL12").status
'ambiguous'
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

__all__ = [
    "CURRENT_VERSION",
    "Change",
    "NutsAnswer",
    "NutsRegions",
    "Succession",
    "is_nuts",
    "label",
    "labels",
    "level",
    "looks_like_nuts",
    "normalise",
    "parent",
    "rollup",
    "to_current",
]

CURRENT_VERSION = "2024"
_PATTERN = re.compile(r"[A-Z]{2}[0-9A-Z]{0,3}")


@dataclass(frozen=True)
class Change:
    """One line of ``nuts_changes.csv``: a code that stopped being valid in one revision."""

    version_from: str
    version_to: str
    old: str
    new: tuple[str, ...]
    change: str  # recode | boundary-shift | merge | split | discontinued
    partly: tuple[str, ...]
    eurostat: str


@dataclass(frozen=True)
class Succession:
    """What a code stands for in the current NUTS version, and how that was found.

    ``status`` is ``current`` (the code is valid now), ``mapped`` (one current code),
    ``split`` (several current codes: ambiguous), ``discontinued`` (Eurostat names no
    successor) or ``unknown`` (not a code of any NUTS version since 2010).
    """

    code: str
    status: str
    current: tuple[str, ...]
    since: str | None = None  # the last version in which ``code`` itself was valid
    steps: tuple[Change, ...] = ()

    @property
    def rule(self) -> str:
        """Return ``exact`` for a current code, else ``nuts-<versions it changed in>``.

        >>> to_current("FR714").rule
        'nuts-2013→2016'
        >>> to_current("AT332").rule
        'exact'
        """
        if not self.steps:
            return "exact" if self.status == "current" else self.status
        versions = [self.since or self.steps[0].version_from]
        versions += [s.version_to for s in self.steps if s.version_to not in versions]
        return "nuts-" + "→".join(versions)


@dataclass(frozen=True)
class NutsAnswer:
    """Where a reference lies among a dataset's regions, by which rule, and why.

    ``status`` is ``resolved`` (``region_id`` set), ``ambiguous`` (``candidates`` pairs each
    current code with the dataset region containing it, or None when outside), ``outside``
    (a NUTS code no dataset region contains), ``unknown`` (written like a NUTS code but no
    version knows it) or ``not-nuts``.
    """

    reference: str
    status: str
    rule: str
    region_id: str | None = None
    current: tuple[str, ...] = ()
    candidates: tuple[tuple[str, str | None], ...] = ()
    detail: str = ""


# --------------------------------------------------------------------------- shipped data


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    """Return current NUTS code -> official label (``synergy/data/nuts_labels.json``).

    The one loader of the shipped labels: :mod:`ingest.regions` and :mod:`synergy.synth`
    read them through :func:`labels` and :func:`label`.
    """
    path = resources.files("synergy") / "data" / "nuts_labels.json"
    return json.loads(path.read_text(encoding="utf-8"))["labels"]


def labels() -> Mapping[str, str]:
    """Return every current NUTS code with its official label (read once, shared).

    >>> labels()["AT33"]
    'Tirol'
    """
    return MappingProxyType(_labels())


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    codes = set(_labels()) | {c.old for c in _all_changes()}
    return frozenset(c[:2] for c in codes)


@lru_cache(maxsize=1)
def _all_changes() -> tuple[Change, ...]:
    text = (resources.files("ingest") / "data" / "nuts_changes.csv").read_text(encoding="utf-8")
    return tuple(
        Change(
            version_from=r["from"],
            version_to=r["to"],
            old=r["old"],
            new=tuple(c for c in r["new"].split(";") if c),
            change=r["change"],
            partly=tuple(c for c in r["partly"].split(";") if c),
            eurostat=r["eurostat"],
        )
        for r in csv.DictReader(text.splitlines())
    )


@lru_cache(maxsize=1)
def _revisions() -> tuple[tuple[str, dict[str, Change]], ...]:
    """Return ``(version_from, {old code: change})`` per revision, oldest first."""
    by_version: dict[str, dict[str, Change]] = {}
    for c in _all_changes():
        by_version.setdefault(c.version_from, {})[c.old] = c
    return tuple(sorted(by_version.items()))


# --------------------------------------------------------------------------- codes


def normalise(code: str) -> str:
    """Return a code as NUTS writes it: stripped, upper case, inner spaces removed.

    >>> normalise(" at 332 ")
    'AT332'
    """
    return re.sub(r"\s+", "", str(code)).upper()


def label(code: str) -> str | None:
    """Return the official label of a current code, or None.

    >>> label("AT332")
    'Innsbruck'
    """
    return _labels().get(normalise(code))


def is_nuts(code: str) -> bool:
    """Return True if ``code`` is a NUTS code now or was one in a version since 2010.

    Country codes (level 0) count. Case and spaces are ignored.

    >>> [is_nuts(c) for c in ("AT332", "at33", "FR714", "AT", "AT999", "Tirol")]
    [True, True, True, True, False, False]
    """
    c = normalise(code)
    if c in _labels() or any(c in changes for _, changes in _revisions()):
        return True
    return len(c) == 2 and c in _countries()


def looks_like_nuts(code: str) -> bool:
    """Return True if ``code`` is written like a NUTS code: in capitals, a known country code
    then up to three capitals or digits (known or not: ``AT999`` looks like one).

    >>> [looks_like_nuts(c) for c in ("AT999", "DE21", "de21", "Essen", "XY12", "Tirol")]
    [True, True, False, False, False, False]
    """
    text = str(code).strip()
    return bool(_PATTERN.fullmatch(text)) and text[:2] in _countries()


def level(code: str) -> int | None:
    """Return the NUTS level of a code (0 for a country), or None if it is not written like one.

    >>> [level(c) for c in ("AT", "AT3", "AT33", "at332", "Tirol", "Essen")]
    [0, 1, 2, 3, None, None]
    """
    c = normalise(code)
    return len(c) - 2 if is_nuts(c) or looks_like_nuts(str(code).strip()) else None


def parent(code: str, at_level: int) -> str | None:
    """Return the code's ancestor at ``at_level`` (the code itself at its own level), or None
    when ``at_level`` is below the code's level or the code is not a NUTS code.

    >>> parent("AT332", 2), parent("AT332", 1), parent("AT332", 0), parent("AT33", 3)
    ('AT33', 'AT3', 'AT', None)
    """
    lv = level(code)
    if lv is None or not 0 <= at_level <= lv:
        return None
    return normalise(code)[: 2 + at_level]


# --------------------------------------------------------------------------- versions


def to_current(code: str) -> Succession:
    """Return what ``code`` stands for in the current NUTS version.

    A current code stands for itself. An older code is followed through every revision after
    the last version it was valid in; a split anywhere on the way gives several codes.

    >>> s = to_current("FR714")
    >>> s.status, s.current, s.since, s.rule
    ('mapped', ('FRK24',), '2013', 'nuts-2013→2016')
    >>> to_current("SI02").current, to_current("SI02").rule
    (('SI04',), 'nuts-2010→2013')
    >>> s = to_current("PL12")
    >>> s.status, s.current
    ('split', ('PL91', 'PL92'))
    >>> to_current("AT999").status
    'unknown'
    """
    c = normalise(code)
    if c in _labels() or (len(c) == 2 and c in _countries()):
        return Succession(c, "current", (c,))
    revisions = _revisions()
    start = next((i for i in range(len(revisions) - 1, -1, -1) if c in revisions[i][1]), None)
    if start is None:
        return Succession(c, "unknown", ())
    frontier = [c]
    steps: list[Change] = []
    for _, changes in revisions[start:]:
        nxt: list[str] = []
        for x in frontier:
            change = changes.get(x)
            if change is None:
                nxt.append(x)
            else:
                steps.append(change)
                nxt.extend(change.new)
        frontier = sorted(set(nxt))
    status = "discontinued" if not frontier else "mapped" if len(frontier) == 1 else "split"
    return Succession(c, status, tuple(frontier), revisions[start][0], tuple(steps))


# --------------------------------------------------------------------------- dataset regions


class NutsRegions:
    """The regions of one dataset, for rolling NUTS references up to them.

    ``region_ids`` may mix levels (``AT33`` beside ``FRK``), hold codes of older versions
    (``FR71`` is found through ``FRK2``) and ids that are not NUTS codes (ignored here).
    """

    def __init__(self, region_ids: Iterable[str]):
        self.ids = tuple(sorted(set(region_ids)))
        self._exact = {normalise(r): r for r in self.ids}
        self._by_current: dict[str, str] = {}  # current code -> dataset region id
        for rid in self.ids:
            if not is_nuts(rid):
                continue
            succession = to_current(rid)
            if succession.status in ("current", "mapped"):
                self._by_current.setdefault(succession.current[0], rid)
        self._current_of = {rid: code for code, rid in self._by_current.items()}

    def container(self, current_code: str) -> str | None:
        """Return the dataset region that is or contains a current code (the most specific).

        >>> NutsRegions(["AT3", "AT33"]).container("AT332")
        'AT33'
        """
        c = normalise(current_code)
        for k in range(len(c), 1, -1):
            rid = self._by_current.get(c[:k])
            if rid is not None:
                return rid
        return None

    def within(self, current_code: str) -> tuple[str, ...]:
        """Return the dataset regions lying inside a current code (coarser references).

        >>> NutsRegions(["AT31", "AT33", "ITH5"]).within("AT3")
        ('AT31', 'AT33')
        """
        c = normalise(current_code)
        return tuple(sorted(r for code, r in self._by_current.items() if code.startswith(c)))

    def resolve(self, reference: str) -> NutsAnswer:
        """Return the dataset region ``reference`` lies in, with the rule used.

        >>> regions = NutsRegions(["AT33", "FRK", "PL91", "ES21"])
        >>> [(a.status, a.region_id, a.rule) for a in map(regions.resolve, ["AT33", "AT332"])]
        [('resolved', 'AT33', 'exact'), ('resolved', 'AT33', 'nuts-rollup')]
        >>> a = regions.resolve("FR71")
        >>> a.region_id, a.rule, a.current
        ('FRK', 'nuts-2013→2016+rollup', ('FRK2',))
        >>> a = regions.resolve("PL12")
        >>> a.status, a.candidates
        ('ambiguous', (('PL91', 'PL91'), ('PL92', None)))
        >>> regions.resolve("DE212").status, regions.resolve("DE212").rule
        ('outside', 'outside')
        >>> regions.resolve("AT3").status, regions.resolve("AT3").candidates
        ('ambiguous', (('AT3', 'AT33'),))
        >>> [regions.resolve(r).status for r in ("AT999", "at332", "Tirol", "Essen")]
        ['unknown', 'resolved', 'not-nuts', 'not-nuts']
        """
        ref = normalise(reference)
        if ref in self._exact:
            rid = self._exact[ref]
            return NutsAnswer(reference, "resolved", "exact", rid, (ref,), detail=f"{ref}.")
        if not (is_nuts(ref) or looks_like_nuts(str(reference).strip())):
            detail = f"'{reference}' is not written like a NUTS code."
            return NutsAnswer(reference, "not-nuts", "not-nuts", detail=detail)
        succession = to_current(ref)
        if succession.status == "unknown":
            detail = f"{ref} is not a NUTS code of any version since 2010."
            return NutsAnswer(reference, "unknown", "unknown", detail=detail)
        if succession.status == "discontinued":
            return self._discontinued(reference, ref, succession)
        current = succession.current
        found = tuple((code, self.container(code)) for code in current)
        containers = {region for _, region in found}
        said = f"{ref}{_history(succession)}"
        if len(containers) == 1 and None not in containers:
            region = found[0][1]
            assert region is not None
            rolled = any(code != self._current_of[region] for code in current)
            rule = _join(succession.rule, "rollup" if rolled else "")
            detail = f"{said} {'lies in' if rolled else 'is'} {region}."
            return NutsAnswer(reference, "resolved", rule, region, current, detail=detail)
        if containers == {None}:
            inner = tuple((code, r) for code in current for r in self.within(code))
            if not inner:
                detail = f"{said} lies outside the dataset's regions."
                return NutsAnswer(reference, "outside", "outside", None, current, detail=detail)
            names = ", ".join(r for _, r in inner)
            detail = f"{said} is larger than the dataset's regions and holds {names}: say which."
            rule = _join(succession.rule, "coarser")
            return NutsAnswer(reference, "ambiguous", rule, None, current, inner, detail)
        parts = ", ".join(f"{c} ({'in ' + r if r else 'outside the dataset'})" for c, r in found)
        detail = f"{said}: {parts}; say which one is meant."
        return NutsAnswer(reference, "ambiguous", succession.rule, None, current, found, detail)

    def _discontinued(self, reference: str, ref: str, succession: Succession) -> NutsAnswer:
        # Eurostat names no successor; an ancestor that kept its code and borders since then
        # (it never appears in the changes after the code's last version) still contains it.
        since = succession.since or ""
        later = [c for c in _all_changes() if c.version_from >= since]
        changed = {c.old for c in later} | {n for c in later for n in c.new}
        for k in range(len(ref) - 1, 1, -1):
            region = self._by_current.get(ref[:k])
            if region is not None and ref[:k] not in changed:
                rule = _join(succession.rule, "rollup")
                detail = (
                    f"{ref} (discontinued after NUTS {since}) lay in {ref[:k]}, "
                    f"unchanged since: {region}."
                )
                return NutsAnswer(reference, "resolved", rule, region, detail=detail)
        gone = f"{ref} was discontinued after NUTS {since} and Eurostat names no successor"
        if not any(code.startswith(ref[:2]) for code in self._by_current):
            detail = f"{gone}; no region of its country is in the dataset."
            return NutsAnswer(reference, "outside", "outside", detail=detail)
        return NutsAnswer(reference, "unknown", succession.rule, detail=f"{gone}: say which.")


def rollup(reference: str, region_ids: Iterable[str]) -> NutsAnswer:
    """Return where ``reference`` lies among ``region_ids`` (see :meth:`NutsRegions.resolve`).

    >>> rollup("AT332", {"AT33"}).region_id
    'AT33'
    >>> rollup("FRK24", {"FRK"}).region_id
    'FRK'
    """
    return NutsRegions(region_ids).resolve(reference)


def _join(rule: str, step: str) -> str:
    if not step:
        return rule
    return f"nuts-{step}" if rule == "exact" else f"{rule}+{step}"


_VERBS = {
    "recode": "recoded",
    "boundary-shift": "border moved",
    "merge": "merged",
    "split": "split",
}


def _history(succession: Succession) -> str:
    """Return ' (NUTS 2013, recoded to FRK24 in NUTS 2016)' for an old code, '' for a current one.

    >>> _history(to_current("PT163"))
    ' (NUTS 2010, merged, recoded to PT193 in NUTS 2024)'
    """
    if not succession.steps:
        return ""
    verbs = ", ".join(dict.fromkeys(_VERBS[s.change] for s in succession.steps))
    now = ", ".join(succession.current)
    last = succession.steps[-1].version_to
    return f" (NUTS {succession.since}, {verbs} to {now} in NUTS {last})"
