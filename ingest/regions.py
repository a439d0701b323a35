"""Resolve region references written as ids, names, aliases or NUTS codes of any level.

"Baviera", "Bayern", "Bavière" and "DE2" all name the same region. The index holds, for each
region of the ``regions`` table, its id, its name, its listed aliases, the official NUTS name
when the id is a NUTS code (Eurostat, via :mod:`ingest.nuts`), and the exonyms shipped in
``synergy/data/region_names.json``. :meth:`RegionIndex.lookup` resolves a reference exactly
(after folding case, accents and punctuation) with score 1.0; else, when it is written like a
NUTS code, through :class:`ingest.nuts.NutsRegions` (``AT332`` rolls up to ``AT33``, the
NUTS 2013 ``FR714`` to ``FRK``; a code outside the dataset's regions or split between regions
is reported, not guessed); else fuzzily (rapidfuzz) when the best match is good enough and
clearly better than the runner-up; the score is kept as evidence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from synergy.core.settings import MatchSettings
from synergy.core.text import fold

from .nuts import NutsRegions
from .nuts import label as nuts_label

__all__ = ["RegionIndex", "RegionLookup", "RegionMatch"]

# Words that decorate region names without distinguishing them.
_NOISE = re.compile(
    r"\b(region|regione|regio|région|regija|province|provincia|provinz|autonomous|autonoma|"
    r"autonome|autonomna|canton|cantone|kanton|of|di|de|du|della|del|des|la|le|land|"
    r"freistaat|state|etat|état|stato|pokrajina)\b"
)


def _core(text: str) -> str:
    t = _NOISE.sub(" ", fold(text))
    return re.sub(r"\s+", " ", t).strip()


@dataclass(frozen=True)
class RegionMatch:
    """The region a reference resolved to, how, and how sure."""

    region_id: str
    score: float  # 0..1
    method: str  # 'id', 'name', 'alias', 'nuts-name', 'exonym', 'fuzzy' or a NUTS rule
    matched: str  # the known name or alias that matched (for NUTS: what the code is)


@dataclass(frozen=True)
class RegionLookup:
    """The answer for one reference: a match, or why there is none (with the best guess).

    ``outside`` marks a NUTS code that lies outside every region of the dataset: a partner
    from elsewhere, reported but not an error.
    """

    match: RegionMatch | None
    reason: str = ""
    guess: str | None = None
    score: float | None = None
    outside: bool = False


@lru_cache(maxsize=1)
def _exonyms() -> dict[str, tuple[str, ...]]:
    """Return folded name -> every name of that region in the shipped exonym groups."""
    path = resources.files("synergy") / "data" / "region_names.json"
    try:
        groups = json.loads(path.read_text(encoding="utf-8"))["groups"]
    except FileNotFoundError:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for group in groups:
        for name in group:
            out.setdefault(fold(name), tuple(group))
    return out


def _nuts_name(code: str) -> str | None:
    return nuts_label(code) if code == code.strip().upper() else None


class RegionIndex:
    """Look up region references against the regions of one dataset."""

    def __init__(
        self,
        regions: list[tuple[str, str, list[str]]],
        *,
        min_score: float = MatchSettings.region_min_score,
        margin: float = MatchSettings.region_margin,
    ):
        """``regions`` holds ``(region_id, name, aliases)`` triples."""
        self.min_score = min_score
        self.margin = margin
        self._exact: dict[str, RegionMatch] = {}
        self._fuzzy_keys: dict[str, str] = {}  # folded core name -> region_id
        ids = {rid for rid, _, _ in regions}
        exonyms = _exonyms()
        for rid, name, aliases in sorted(regions):
            self._add(rid, rid, "id")
            self._add(name, rid, "name")
            for alias in aliases:
                self._add(alias, rid, "alias")
            nuts_label = _nuts_name(rid)
            if nuts_label:
                self._add(nuts_label, rid, "nuts-name")
            for key in (rid, name, *(nuts_label and [nuts_label] or [])):
                for other in exonyms.get(fold(key), []):
                    self._add(other, rid, "exonym")
        self.ids = ids
        self.nuts = NutsRegions(ids)

    def _add(self, text: str, rid: str, method: str) -> None:
        if not text:
            return
        key = fold(text)
        if key and key not in self._exact:
            self._exact[key] = RegionMatch(rid, 1.0, method, text)
        core = _core(text)
        if core and core not in self._fuzzy_keys:
            self._fuzzy_keys[core] = rid
        if core and core not in self._exact:
            self._exact[core] = RegionMatch(rid, 1.0, method, text)

    def resolve(self, reference: str) -> tuple[RegionMatch | None, str | None, float]:
        """Return ``(match or None, best guess, best score)`` for one reference."""
        key = fold(reference)
        if not key:
            return None, None, 0.0
        if key in self._exact:
            return self._exact[key], None, 1.0
        core = _core(reference)
        if core in self._exact:
            return self._exact[core], None, 1.0
        if not self._fuzzy_keys:
            return None, None, 0.0
        choices = sorted(self._fuzzy_keys)
        found = process.extract(core or key, choices, scorer=fuzz.WRatio, limit=5)
        if not found:
            return None, None, 0.0
        best_key, best_score, _ = found[0]
        rid = self._fuzzy_keys[best_key]
        score = round(best_score / 100, 3)
        runner = next((s for k, s, _ in found[1:] if self._fuzzy_keys[k] != rid), 0.0) / 100
        # A near tie between two regions is not a resolution: a person must choose.
        if score >= self.min_score and score - runner >= self.margin:
            return RegionMatch(rid, score, "fuzzy", best_key), None, score
        return None, rid, score

    def lookup(self, reference: str) -> RegionLookup:
        """Return the region ``reference`` names: exactly, as a NUTS code, or fuzzily.

        >>> index = RegionIndex([("AT33", "Tirol", []), ("ITH5", "Emilia-Romagna", [])])
        >>> found = index.lookup("AT332")
        >>> found.match.region_id, found.match.method
        ('AT33', 'nuts-rollup')
        >>> index.lookup("AT312").reason
        "outside the dataset: AT312 lies outside the dataset's regions."
        >>> index.lookup("Emilia Romagna").match.method
        'name'
        """
        key = fold(reference)
        exact = self._exact.get(key) or self._exact.get(_core(reference)) if key else None
        if exact is not None:
            return RegionLookup(exact, score=1.0)
        answer = self.nuts.resolve(reference)
        if answer.status == "resolved":
            assert answer.region_id is not None
            match = RegionMatch(answer.region_id, 1.0, answer.rule, answer.detail)
            return RegionLookup(match, score=1.0)
        if answer.status == "outside":
            return RegionLookup(None, f"outside the dataset: {answer.detail}", outside=True)
        if answer.status == "ambiguous":
            guess = "; ".join(dict.fromkeys(r for _, r in answer.candidates if r)) or None
            return RegionLookup(None, f"ambiguous NUTS code: {answer.detail}", guess)
        match, guess, score = self.resolve(reference)
        if answer.status == "unknown":  # written like a NUTS code: no fuzzy match of codes
            best = match.region_id if match else guess
            return RegionLookup(None, f"unknown region: {answer.detail}", best, score)
        if match is not None:
            return RegionLookup(match, score=score)
        return RegionLookup(None, "unknown region", guess, score)
