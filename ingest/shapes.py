"""What the values of a column look like: codes, free text, or neither.

Header resolution (:mod:`ingest.headers`) asks this module when a header alone cannot say
which canonical column a raw column holds: a person reading ``Akteur; Name`` looks at the
values and sees short, unique codes (``T-001``) in one column and names in the other. The
measures here are that look, written down: they read a column's values and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .values import clean_text

__all__ = ["ColumnShape", "column_shape", "is_code"]

_SLUG_MARK = re.compile(r"[-_.:/]")
MAX_CODE_LENGTH = 30  # longer than any id a person would type; short names can be this long
MAX_CODE_WORDS = 3  # "CLUST-ER MECH" is a code, "Cluster Life Sciences Tirol" is not
CODE_SHARE = 0.8  # a code column may hold a few odd values
TEXT_SHARE = 0.5  # a text column holds mostly non-codes
MIN_TEXT_LENGTH = 4  # on average: "de", "it" are language codes, not names


def is_code(value: str) -> bool:
    """Return True if a cell looks like an identifier rather than a name or a sentence.

    A code is short (at most 30 characters and three words) and has a digit (``T-001``,
    ``1001``), or no lower-case letter (``MINALOGIC``, ``CLUST-ER MECH``), or is one word
    joined by ``-_.:/`` (``lombardy-aerospace``).

    >>> [is_code(v) for v in ("T-001", "MINALOGIC", "CLUST-ER MECH", "h2-schwerverkehr")]
    [True, True, True, True]
    >>> [is_code(v) for v in ("Mechatronik", "Plansee SE", "Cluster Life Sciences Tirol", "")]
    [False, False, False, False]
    """
    text = value.strip()
    words = text.split()
    if not text or len(text) > MAX_CODE_LENGTH or len(words) > MAX_CODE_WORDS:
        return False
    if any(ch.isdigit() for ch in text):
        return True
    if not any(ch.islower() for ch in text):
        return any(ch.isalpha() for ch in text)
    return len(words) == 1 and bool(_SLUG_MARK.search(text))


@dataclass(frozen=True)
class ColumnShape:
    """How one raw column's values look.

    ``blank`` counts empty cells; ``unique`` says the non-blank values are all different
    (case and spacing aside); ``codes`` is the share of non-blank values that are codes;
    ``first`` holds the first three non-blank values, for messages.
    """

    values: int
    blank: int
    unique: bool
    codes: float
    mean_length: float
    first: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Return True when every cell holds a value (a required column's content)."""
        return self.values > 0 and self.blank == 0

    @property
    def code_like(self) -> bool:
        """Return True for short, unique, code-like values: what an id column holds."""
        return self.complete and self.unique and self.codes >= CODE_SHARE

    @property
    def text_like(self) -> bool:
        """Return True for values that are mostly not codes: what a name or title holds."""
        return self.complete and self.codes < TEXT_SHARE and self.mean_length >= MIN_TEXT_LENGTH

    def describe(self) -> str:
        """Return the first values as a person would quote them: ``'T-001', 'T-002', ...``."""
        quoted = ", ".join(f"'{v}'" for v in self.first)
        return quoted + (", ..." if self.values - self.blank > len(self.first) else "")


def column_shape(values: list[object]) -> ColumnShape:
    """Return the :class:`ColumnShape` of a column's cells.

    >>> s = column_shape(["CL-LS", "CL-MT", "CL-EE"])
    >>> s.code_like, s.text_like, s.describe()
    (True, False, "'CL-LS', 'CL-MT', 'CL-EE'")
    >>> column_shape(["Cluster Life Sciences Tirol", "Cluster Mechatronik Tirol"]).text_like
    True
    >>> column_shape(["de", "de", "de"]).code_like  # codes, but not unique: not an id
    False
    """
    texts = [clean_text(v) for v in values]
    filled = [t for t in texts if t]
    folded = {" ".join(t.casefold().split()) for t in filled}
    codes = sum(1 for t in filled if is_code(t))
    return ColumnShape(
        values=len(texts),
        blank=len(texts) - len(filled),
        unique=len(folded) == len(filled),
        codes=codes / len(filled) if filled else 0.0,
        mean_length=sum(map(len, filled)) / len(filled) if filled else 0.0,
        first=tuple(filled[:3]),
    )
