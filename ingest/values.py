"""Parse cell values into the canonical types, in the ways regions actually write them.

Numbers may carry thousands separators of any locale (``1.200``, ``1'200``, ``1 200``),
currency signs and multipliers (``2,5 Mio €``); enumerations accept the words of eleven
languages for each value (``stärker entwickelt`` → ``advanced``, ``duże`` → ``large``; the
words live in ``ingest/data/values.toml``). Every parser returns the value or raises
:class:`ValueError` with a message a person can act on.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from synergy.core.settings import MatchSettings
from synergy.core.text import fold

__all__ = [
    "parse_int",
    "parse_float",
    "parse_list",
    "parse_enum",
    "parse_date",
    "is_blank",
    "clean_text",
    "nace_code",
    "ENUM_SYNONYMS",
]

_MULTIPLIERS = {
    "k": 1e3,
    "tsd": 1e3,
    "mila": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mio": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "milioni": 1e6,
    "milione": 1e6,
    "millionen": 1e6,
    "mil": 1e6,
    "mrd": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "md": 1e9,
    "miliardi": 1e9,
    "milliarden": 1e9,
    "milliards": 1e9,
}


def is_blank(value: object) -> bool:
    """Return True for None, NaN and whitespace-only text."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def clean_text(value: object) -> str:
    """Return the cell as text: stripped, NFC-normalised, numbers without a trailing ``.0``."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _number_text(text: str) -> tuple[str, float]:
    """Return (numeric part with one ``.`` decimal point, multiplier)."""
    t = text.strip().lower()
    t = re.sub(r"(eur|euro|€|chf|sfr|\$)", " ", t)
    mult = 1.0
    m = re.search(r"([a-z]+)\.?\s*$", t)
    if m and m.group(1) in _MULTIPLIERS:
        mult = _MULTIPLIERS[m.group(1)]
        t = t[: m.start()]
    t = re.sub(r"[\s'\u00a0\u202f_]", "", t)
    if not re.fullmatch(r"[+-]?[\d.,]+", t):
        raise ValueError(f"'{text}' is not a number")
    if "." in t and "," in t:
        dec = "." if t.rfind(".") > t.rfind(",") else ","
        thou = "," if dec == "." else "."
        t = t.replace(thou, "").replace(dec, ".")
    elif t.count(",") > 1 or t.count(".") > 1:
        t = t.replace(",", "").replace(".", "")
    elif "," in t or "." in t:
        sep = "," if "," in t else "."
        frac = t.split(sep)[1]
        # one separator followed by exactly three digits is a thousands separator
        # ("1.200", "3,000") unless a multiplier says it is a decimal ("2.500 Mio").
        t = t.replace(sep, "") if len(frac) == 3 and mult == 1.0 else t.replace(sep, ".")
    return t, mult


def parse_float(value: object) -> float:
    """Return a float from a cell.

    >>> parse_float("1.500.000,50 €")
    1500000.5
    >>> parse_float("2,5 Mio")
    2500000.0
    >>> parse_float("1'200")
    1200.0
    """
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, int | float):
        return float(value)
    t, mult = _number_text(str(value))
    return float(t) * mult


def parse_int(value: object) -> int:
    """Return an int from a cell; refuses fractions.

    >>> parse_int("1.200")
    1200
    >>> parse_int(3.0)
    3
    """
    f = parse_float(value)
    if not f.is_integer():
        raise ValueError(f"'{value}' is not a whole number")
    return int(f)


def parse_list(value: object) -> list[str]:
    """Return the items of a ``;``-separated cell (line breaks also separate), blanks dropped.

    >>> parse_list(" energy; hydrogen ;;")
    ['energy', 'hydrogen']
    """
    if is_blank(value):
        return []
    if isinstance(value, list | tuple):
        items = [clean_text(v) for v in value]
    else:
        items = [clean_text(v) for v in re.split(r"[;\n\r]+", clean_text(value))]
    return [i for i in items if i]


def parse_date(value: object) -> str:
    """Return an ISO date from ``2025-03-01``, ``01.03.2025`` or ``01/03/2025`` (day first).

    >>> parse_date("01.03.2025")
    '2025-03-01'
    """
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    t = clean_text(value)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", t)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", t)
        if not m:
            raise ValueError(f"'{t}' is not a date (use YYYY-MM-DD)")
        d, mo, y = (int(g) for g in m.groups())
    return dt.date(y, mo, d).isoformat()


VALUES_FILE = "data/values.toml"


def _load_enum_synonyms() -> dict[str, dict[str, tuple[str, ...]]]:
    """Return column -> value -> the words a cell may hold for it, in every language.

    Read from ``ingest/data/values.toml``: per value, ``words`` (EN/DE/IT/FR/SL) and one list
    per further language (es, pl, nl, pt, cs, sv), all compared folded.
    """
    text = resources.files("ingest").joinpath(VALUES_FILE).read_text(encoding="utf-8")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for column, values in tomllib.loads(text).items():
        out[column] = {
            value: tuple(dict.fromkeys(fold(w) for words in langs.values() for w in words))
            for value, langs in values.items()
        }
    return out


# National editions of NACE Rev. 2 add a level below the class: Poland's PKD 2007 a letter
# ("85.42.Z"), France's NAF a letter ("72.19Z"), Italy's ATECO two digits ("28.11.00").
_NATIONAL_NACE = re.compile(r"([A-U]?\s*\d{2}\.?\d{2})(?:\.?[A-Z]|\.\d{1,2})")


def nace_code(value: str) -> str:
    """Return a NACE code without the national subclass of PKD, NAF or ATECO (else as is).

    >>> [nace_code(c) for c in ("85.42.Z", "72.19Z", "28.11.00", "C26.6", "29")]
    ['85.42', '72.19', '28.11', 'C26.6', '29']
    """
    m = _NATIONAL_NACE.fullmatch(value.strip())
    return m.group(1) if m else value


# Words for each enumeration value in eleven languages (folded: lowercase, no accents).
ENUM_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = _load_enum_synonyms()


def parse_enum(
    value: object,
    column: str,
    choices: tuple[str, ...],
    *,
    min_score: int = MatchSettings.enum_min_score,
) -> tuple[str, float]:
    """Return (canonical value, score) for an enumeration cell, in any of the eleven languages.

    Exact words score 1.0; a close spelling (rapidfuzz ratio ≥ ``min_score``, 0-100) is
    accepted with its score.

    >>> parse_enum("Stärker entwickelt", "development", ("advanced", "transition"))
    ('advanced', 1.0)
    >>> parse_enum("Universität", "type", ("firm", "research", "university"))
    ('university', 1.0)
    """
    return _enum_lookup(clean_text(value), column, choices, min_score)


@lru_cache(maxsize=64)
def _enum_table(column: str, choices: tuple[str, ...]) -> dict[str, str]:
    synonyms = ENUM_SYNONYMS.get(column, {})
    table: dict[str, str] = {}
    for choice in choices:
        table[fold(choice)] = choice
        for word in synonyms.get(choice, ()):
            table.setdefault(fold(word), choice)
    return table


@lru_cache(maxsize=4096)
def _enum_lookup(
    text: str, column: str, choices: tuple[str, ...], min_score: int
) -> tuple[str, float]:
    folded = fold(text)
    table = _enum_table(column, choices)
    if folded in table:
        return table[folded], 1.0
    best = process.extractOne(folded, sorted(table), scorer=fuzz.ratio, score_cutoff=min_score)
    if best:
        return table[best[0]], round(best[1] / 100, 3)
    raise ValueError(f"'{text}' is not one of: {', '.join(choices)}")
