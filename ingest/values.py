"""Parse cell values into the canonical types, in the ways regions actually write them.

Numbers may carry thousands separators of any locale (``1.200``, ``1'200``, ``1 200``),
currency signs and multipliers (``2,5 Mio €``); enumerations accept the five languages'
words for each value (``stärker entwickelt`` → ``advanced``). Every parser returns the value
or raises :class:`ValueError` with a message a person can act on.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache

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


# Words for each enumeration value in EN/DE/IT/FR/SL (folded: lowercase, no accents).
ENUM_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "development": {
        "advanced": (
            "advanced",
            "more developed",
            "developed",
            "stronger",
            "high",
            "starker entwickelt",
            "entwickelt",
            "fortgeschritten",
            "piu sviluppata",
            "piu sviluppate",
            "sviluppata",
            "avanzata",
            "plus developpee",
            "plus developpees",
            "developpee",
            "avancee",
            "razvita",
            "bolj razvita",
            "razvitejsa",
            "napredna",
        ),
        "transition": (
            "transition",
            "in transition",
            "transitional",
            "ubergang",
            "ubergangsregion",
            "transizione",
            "in transizione",
            "en transition",
            "prehodna",
            "v tranziciji",
            "tranzicija",
        ),
        "less-developed": (
            "less developed",
            "less-developed",
            "lagging",
            "weniger entwickelt",
            "meno sviluppata",
            "meno sviluppate",
            "moins developpee",
            "moins developpees",
            "manj razvita",
            "slabse razvita",
        ),
    },
    "type": {
        "firm": (
            "firm",
            "company",
            "enterprise",
            "business",
            "sme",
            "startup",
            "start up",
            "industry",
            "corporate",
            "unternehmen",
            "firma",
            "betrieb",
            "kmu",
            "impresa",
            "azienda",
            "pmi",
            "societa",
            "entreprise",
            "societe",
            "pme",
            "podjetje",
            "druzba",
            "msp",
        ),
        "research": (
            "research",
            "research institute",
            "research centre",
            "research center",
            "rto",
            "lab",
            "laboratory",
            "forschung",
            "forschungseinrichtung",
            "forschungsinstitut",
            "institut",
            "ricerca",
            "centro di ricerca",
            "istituto di ricerca",
            "recherche",
            "centre de recherche",
            "laboratoire",
            "raziskave",
            "raziskovalni institut",
            "institut za raziskave",
            "ri",
        ),
        "university": (
            "university",
            "higher education",
            "college",
            "universitat",
            "hochschule",
            "fachhochschule",
            "universita",
            "politecnico",
            "ateneo",
            "universite",
            "haute ecole",
            "ecole",
            "univerza",
            "fakulteta",
            "uni",
        ),
        "public": (
            "public",
            "public authority",
            "authority",
            "government",
            "administration",
            "municipality",
            "behorde",
            "verwaltung",
            "offentlich",
            "gemeinde",
            "pubblico",
            "ente pubblico",
            "pubblica amministrazione",
            "comune",
            "public",
            "collectivite",
            "administration publique",
            "javno",
            "javni",
            "obcina",
            "uprava",
        ),
        "intermediary": (
            "intermediary",
            "cluster",
            "cluster organisation",
            "agency",
            "association",
            "chamber",
            "network",
            "innovation agency",
            "intermediar",
            "verband",
            "kammer",
            "agentur",
            "netzwerk",
            "intermediario",
            "associazione",
            "camera di commercio",
            "agenzia",
            "rete",
            "distretto",
            "intermediaire",
            "agence",
            "association",
            "chambre",
            "cci",
            "pole",
            "posrednik",
            "zbornica",
            "agencija",
            "zdruzenje",
            "grozd",
            "mreza",
        ),
    },
    "size": {
        "micro": (
            "micro",
            "micro enterprise",
            "microenterprise",
            "kleinst",
            "kleinstunternehmen",
            "micro impresa",
            "microimpresa",
            "tpe",
            "micro entreprise",
            "mikro",
            "mikro podjetje",
        ),
        "small": (
            "small",
            "s",
            "klein",
            "kleinunternehmen",
            "piccola",
            "piccolo",
            "petite",
            "petit",
            "pe",
            "malo",
            "majhno",
            "malo podjetje",
        ),
        "medium": (
            "medium",
            "m",
            "mittel",
            "mittelgross",
            "mittleres",
            "media",
            "medio",
            "moyenne",
            "moyen",
            "eti",
            "srednje",
            "srednje podjetje",
        ),
        "large": (
            "large",
            "l",
            "big",
            "gross",
            "grossunternehmen",
            "grande",
            "grande impresa",
            "grande entreprise",
            "ge",
            "veliko",
            "veliko podjetje",
        ),
    },
}


def parse_enum(
    value: object,
    column: str,
    choices: tuple[str, ...],
    *,
    min_score: int = MatchSettings.enum_min_score,
) -> tuple[str, float]:
    """Return (canonical value, score) for an enumeration cell, in any of the five languages.

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
