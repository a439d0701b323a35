"""Text helpers shared by ingest and the engine: folding for comparison, accents, slugs.

>>> fold("Provence-Alpes-Côte d'Azur"), strip_accents("Größe Café"), to_ascii("Größe Café")
('provence alpes cote d azur', 'Große Cafe', 'Groe Cafe')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "strip_accents", "to_ascii", "slug"]

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def to_ascii(text: str) -> str:
    """Return ``text`` decomposed (NFKD) with every non-ASCII character dropped, case kept."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def strip_accents(text: str) -> str:
    """Return ``text`` without accents (NFKD, combining marks dropped), other letters and case
    kept (``ß`` stays ``ß``)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: object) -> str:
    """Return text folded for comparison: lowercase, no accents, words separated by one space.

    >>> fold("  Baden-Württemberg ")
    'baden wurttemberg'
    """
    return _NOT_ALNUM.sub(" ", to_ascii(str(text).casefold())).strip()


def slug(text: object) -> str:
    """Return a lowercase ASCII slug: accents dropped, runs of other characters to ``-``.

    >>> slug("Baden-Württemberg Automotive e.V.")
    'baden-wurttemberg-automotive-e-v'
    """
    return _NOT_ALNUM.sub("-", to_ascii(str(text)).lower()).strip("-") or "x"
