"""The common S3 taxonomy and the mapper from labels and free text to its domain ids.

Priorities of different regions become comparable once they point at shared domain ids.
The shipped taxonomy (``synergy/data/taxonomy.json``) holds 42 thematic domains, each with a
pilot field, NACE Rev. 2 divisions (and classes where they are more precise) and keywords in
English, German, Italian, French, Slovenian, Spanish, Polish, Dutch, Portuguese, Czech and
Swedish; ``synergy/data/TAXONOMY.md`` says which S3
category lists it was checked against. Users may replace it with their own JSON or TOML file
of the same schema.

Matching is explainable: every :class:`DomainMatch` carries the term as written in the
taxonomy, a score in 0..1 and how it was found. Text is compared accent- and case-insensitively
on whole words; a word also matches a keyword through its inflected forms (``energetiche`` for
``energetico``, ``vodika`` for ``vodik``), as part of a German-style compound
(``Wasserstofftechnologien`` contains ``Wasserstoff``) or, as a last resort, with one typo.
All-capital acronyms (``AI``, ``IT``, ``KI``) match only when written in capitals. A generic
word of the taxonomy's ``weak_keywords`` ("construction", "Bauen", "costruzioni") never decides
a domain alone, and a description needs stronger evidence than a title (:meth:`map_text`).

>>> tax = Taxonomy.load()
>>> [m.domain_id for m in tax.map_text("Wasserstoff und Brennstoffzellen")]
['hydrogen']
>>> tax.resolve_label("Aerospazio")  # doctest: +NORMALIZE_WHITESPACE
DomainMatch(domain_id='aerospace', term='Aerospazio', score=1.0, source='name', language='it',
            terms=('Aerospazio',), held_back='')
>>> tax.domains_for_nace("C29.1")
['automotive', 'mobility']
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler

from synergy.core.errors import TaxonomyError
from synergy.core.settings import MatchSettings
from synergy.core.text import strip_accents

__all__ = [
    "Domain",
    "DomainMatch",
    "Taxonomy",
    "LANGUAGES",
    "PILOT_FIELDS",
    "NACE_SECTIONS",
    "NACE_DIVISIONS",
    "check_taxonomy",
    "nace_division",
    "normalize_text",
]

LANGUAGES = ("en", "de", "it", "fr", "sl", "es", "pl", "nl", "pt", "cs", "sv")
SHIPPED = "data/taxonomy.json"

# Match quality -> score. Exact multi-word terms are the strongest evidence; fuzzy the weakest.
_EXACT, _INFLECTED, _COMPOUND, _FUZZY = 0, 1, 2, 3
LANGUAGE_BOOST = 0.03
_FUZZY_TOKEN_MIN = 0.85  # OSA similarity of a one-typo word of 7+ letters
_CACHE_MAX = 200_000

_TOKEN = re.compile(r"[^\W_]+")
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
# Rests after a known word that make a derivation, not a compound ("design|ated").
_DERIVATION_RESTS = frozenset(
    ("ate", "ated", "ates", "ating", "ation", "ations", "ing", "ings", "ers", "ment", "ments",
     "ness", "ity", "ive", "ives", "ally", "ise", "ised", "ize", "ized")
)  # fmt: skip
_VOWELS = frozenset("aeiou")
_SL_ENDINGS = ("a", "e", "i", "o", "u", "om", "em", "ov", "ih", "ami", "ah", "am", "im", "imi")
_LANGUAGE_NAMES = {
    "english": "en", "eng": "en", "german": "de", "deutsch": "de", "deu": "de", "ger": "de",
    "italian": "it", "italiano": "it", "ita": "it", "french": "fr", "francais": "fr",
    "fra": "fr", "fre": "fr", "slovenian": "sl", "slovene": "sl", "slovenscina": "sl",
    "slv": "sl", "slo": "sl", "si": "sl", "spanish": "es", "espanol": "es", "castellano": "es",
    "spa": "es", "polish": "pl", "polski": "pl", "pol": "pl", "dutch": "nl", "nederlands": "nl",
    "nld": "nl", "dut": "nl", "portuguese": "pt", "portugues": "pt", "por": "pt", "czech": "cs",
    "cestina": "cs", "ces": "cs", "cze": "cs", "cz": "cs", "swedish": "sv", "svenska": "sv",
    "swe": "sv", "se": "sv",
}  # fmt: skip


PILOT_FIELDS = (
    "eco-innovation", "bioeconomy", "circular-economy", "connected-mobility",
    "advanced-manufacturing", "energy", "digital", "health", "creative-tourism", "society",
)  # fmt: skip
# NACE Rev. 2 sections and their divisions (88 divisions).
NACE_SECTIONS: dict[str, tuple[str, ...]] = {
    sec: tuple(f"{i:02d}" for i in range(lo, hi + 1))
    for sec, lo, hi in (
        ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
        ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68),
        ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88),
        ("R", 90, 93), ("S", 94, 96), ("T", 97, 98), ("U", 99, 99),
    )
}  # fmt: skip
NACE_DIVISIONS = frozenset(d for divs in NACE_SECTIONS.values() for d in divs)
_NACE_CODE = re.compile(r"([A-U])?\s*(?:(\d{2})\d{2}|(\d{1,2})(?:\.\d{1,2})?)")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOP_KEYS = ("version", "source", "sources", "languages", "fields", "weak_keywords", "domains")
_DOMAIN_KEYS = ("id", "name", "field", "nace", "nace_classes", "keywords", "description")
_NACE_CLASS = re.compile(r"(\d{2})\.\d{2}")
_SOURCE_KEYS = ("title", "url", "used")


def nace_division(code: str) -> str | None:
    """Return the two-digit NACE Rev. 2 division of a code, or None if it is not one.

    >>> [nace_division(c) for c in ("C29.1", "29.10", "2910", "29", "1.1", "C", "04", "100")]
    ['29', '29', '29', '29', '01', None, None, None]
    """
    m = _NACE_CODE.fullmatch(str(code).strip().upper())
    if m is None:
        return None
    division = (m.group(2) or m.group(3)).zfill(2)
    return division if division in NACE_DIVISIONS else None


def nace_detail(code: str) -> str | None:
    """Return a code's group or class as ``"28.1"`` / ``"28.11"``, None for a division or less.

    >>> [nace_detail(c) for c in ("C28.11", "2811", "28.1", "28", "C", "P85.4")]
    ['28.11', '28.11', '28.1', None, None, '85.4']
    """
    text = str(code).strip().upper()
    m = re.fullmatch(r"([A-U])?\s*(\d{2})\.?(\d{1,2})", text)
    if m is None or nace_division(text) is None:
        return None
    return f"{m.group(2)}.{m.group(3)}"


def _nace_within(detail: str, cls: str) -> bool:
    """Return True when a group/class code and a listed class coincide (``28.1`` in ``28.11``)."""
    return cls.startswith(detail) or detail.startswith(cls)


def _nace_divisions(code: str) -> tuple[str, ...]:
    """Return the divisions a code covers: one for a division/group/class, all for a section."""
    text = str(code).strip().upper()
    if text in NACE_SECTIONS:
        return NACE_SECTIONS[text]
    division = nace_division(text)
    return (division,) if division else ()


def _suggest(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_words(where: str, value: Any, what: str, problems: list[str]) -> dict[str, Any]:
    """Return ``value`` as a {language: ...} dict, or {} after recording why it is not one."""
    if not isinstance(value, dict):
        problems.append(f"{where}: '{what}' must be a table of languages, e.g. {{\"en\": ...}}.")
        return {}
    for lang in value:
        if not (isinstance(lang, str) and re.fullmatch(r"[a-z]{2}", lang)):
            problems.append(
                f"{where}: {what} language {lang!r} is not a two-letter code like 'en'."
            )
    return value


def _check_domain(i: int, d: Any, fields: tuple, seen: dict, problems: list[str]) -> dict | None:
    if not isinstance(d, dict):
        problems.append(f"domain #{i + 1}: must be a table with id, name, field, nace, keywords.")
        return None
    did = d.get("id")
    where = f"domain '{did}'" if isinstance(did, str) and did else f"domain #{i + 1}"
    for k in sorted(set(d) - set(_DOMAIN_KEYS)):
        problems.append(f"{where}: unknown key '{k}'{_suggest(str(k), _DOMAIN_KEYS)}.")
    if not isinstance(did, str) or not did:
        problems.append(f'{where}: missing id. Fix: add "id": "my-domain".')
    elif not _ID.fullmatch(did):
        problems.append(
            f"{where}: id must be lowercase letters, digits and '-' (like 'agri-food')."
        )
    elif did in seen:
        problems.append(f"{where}: duplicate id (also domain #{seen[did] + 1}). Fix: rename one.")
    else:
        seen[did] = i
    names = d.get("name")
    if isinstance(names, str):
        names = {"en": names}
    names = _check_words(where, names, "name", problems) if "name" in d else {}
    if "name" not in d or not names:
        problems.append(f'{where}: missing name. Fix: add "name": {{"en": "..."}}.')
    for lang, name in names.items():
        if not isinstance(name, str) or not normalize_text(name):
            problems.append(f"{where}: name.{lang} must be a non-empty string, not {name!r}.")
    fld = d.get("field")
    if not isinstance(fld, str) or not fld:
        problems.append(f"{where}: missing field. Fix: add one of: {', '.join(fields)}.")
    elif fld not in fields:
        problems.append(f"{where}: unknown field '{fld}'{_suggest(fld, fields)}; "
                        f"known: {', '.join(fields)}.")  # fmt: skip
    nace = d.get("nace", [])
    divisions: list[str] = []
    if not isinstance(nace, list):
        problems.append(f'{where}: nace must be a list of division codes like ["10", "29"].')
        nace = []
    for code in nace:
        div = nace_division(code) if isinstance(code, str) else None
        if not isinstance(code, str):
            problems.append(f'{where}: NACE code {code!r} is not a string. Fix: write "{code}".')
        elif div is None:
            problems.append(f"{where}: '{code}' is not a NACE Rev. 2 division (01-99).")
        elif div not in divisions:
            divisions.append(div)
    classes = d.get("nace_classes", [])
    if not isinstance(classes, list):
        problems.append(f'{where}: nace_classes must be a list of class codes like ["30.11"].')
        classes = []
    for code in classes:
        m = _NACE_CLASS.fullmatch(code) if isinstance(code, str) else None
        if m is None or m.group(1) not in NACE_DIVISIONS:
            problems.append(
                f"{where}: NACE class {code!r} is not a NACE Rev. 2 class like '30.11'."
            )
    keywords = _check_words(where, d.get("keywords", {}), "keywords", problems)
    clean_kw: dict[str, list[str]] = {}
    for lang, terms in keywords.items():
        if not isinstance(terms, list):
            problems.append(f"{where}: keywords.{lang} must be a list of strings.")
            continue
        clean_kw[lang] = []
        for j, term in enumerate(terms):
            if not isinstance(term, str):
                problems.append(f"{where}: keyword {lang}[{j}] {term!r} is not a string.")
            elif not normalize_text(term):
                problems.append(f"{where}: keyword {lang}[{j}] {term!r} has no letters or digits.")
            else:
                clean_kw[lang].append(term)
    return {
        "id": did,
        "name": names,
        "field": fld,
        "nace": divisions,
        "nace_classes": sorted({c for c in classes if isinstance(c, str)}),
        "keywords": clean_kw,
    }


def _check_sources(value: Any, problems: list[str]) -> list[dict[str, str]]:
    """Return the ``sources`` list (title, url, what was used), after recording its problems."""
    if not isinstance(value, list):
        problems.append("'sources' must be a list of tables with a title and a url.")
        return []
    out = []
    for i, src in enumerate(value):
        if not isinstance(src, dict) or not all(
            isinstance(src.get(k), str) for k in _SOURCE_KEYS[:2]
        ):
            problems.append(f"source #{i + 1}: give a table with a 'title' and a 'url'.")
            continue
        for k in sorted(set(src) - set(_SOURCE_KEYS)):
            problems.append(f"source #{i + 1}: unknown key '{k}'{_suggest(str(k), _SOURCE_KEYS)}.")
        out.append({k: str(src[k]) for k in _SOURCE_KEYS if k in src})
    return out


def _check_weak(value: Any, domains: list[dict], problems: list[str]) -> dict[str, list[str]]:
    """Return the weak keywords per language; each must be a name or keyword of that language."""
    weak = _check_words("weak_keywords", value, "weak_keywords", problems)
    known: dict[str, set[str]] = {}
    for d in domains:
        for lang, name in d["name"].items():
            if isinstance(name, str):
                known.setdefault(lang, set()).add(normalize_text(name))
        for lang, terms in d["keywords"].items():
            known.setdefault(lang, set()).update(normalize_text(t) for t in terms)
    out: dict[str, list[str]] = {}
    for lang, terms in weak.items():
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            problems.append(f"weak_keywords.{lang} must be a list of strings.")
            continue
        for term in terms:
            if normalize_text(term) not in known.get(lang, set()):
                problems.append(
                    f"weak keyword {term!r} ({lang}) is no name or keyword of any domain in that "
                    "language. Fix: remove it, or add it to a domain's keywords."
                )
        out[lang] = list(terms)
    return out


def check_taxonomy(data: Any) -> tuple[list[str], dict]:
    """Return (problems, cleaned data) for a parsed taxonomy document; no problems if valid."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return ["the top level must be a table/object with a 'domains' list."], {}
    for k in sorted(set(data) - set(_TOP_KEYS)):
        problems.append(f"unknown top-level key '{k}'{_suggest(str(k), _TOP_KEYS)}.")
    fields = data.get("fields", PILOT_FIELDS)
    if not isinstance(fields, list | tuple) or not all(isinstance(f, str) for f in fields):
        problems.append("'fields' must be a list of pilot field names.")
        fields = PILOT_FIELDS
    languages = data.get("languages", LANGUAGES)
    if not isinstance(languages, list | tuple) or not all(isinstance(x, str) for x in languages):
        problems.append("'languages' must be a list of two-letter codes.")
        languages = LANGUAGES
    domains = data.get("domains")
    if not isinstance(domains, list) or not domains:
        problems.append("missing 'domains': give a non-empty list of domains "
                        "(in TOML: [[domains]] tables).")  # fmt: skip
        domains = []
    seen: dict[str, int] = {}
    clean = [_check_domain(i, d, tuple(fields), seen, problems) for i, d in enumerate(domains)]
    kept = [c for c in clean if c is not None]
    doc = {
        "version": str(data.get("version", "")),
        "source": str(data.get("source", "")),
        "sources": _check_sources(data.get("sources", []), problems),
        "fields": tuple(fields),
        "languages": tuple(languages),
        "weak_keywords": _check_weak(data.get("weak_keywords", {}), kept, problems),
        "domains": kept,
    }
    return problems, doc


@dataclass(frozen=True)
class Domain:
    """One thematic domain of the taxonomy."""

    id: str
    names: dict[str, str] = dc_field(hash=False)
    field: str
    nace: tuple[str, ...]
    keywords: dict[str, tuple[str, ...]] = dc_field(hash=False)
    nace_classes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """Return the English name, else the first name given."""
        return self.names.get("en") or next(iter(self.names.values()), self.id)


@dataclass(frozen=True)
class DomainMatch:
    """One assignment of a text or label to a domain, with its evidence.

    ``source`` is ``'id'``, ``'name'``, ``'keyword'``, ``'fuzzy'`` or ``'nace'``; ``term`` and
    ``score`` are those of the best match, ``terms`` every taxonomy term the text matched for the
    domain (deciding ones first). ``held_back`` says why the match does not count (see
    :meth:`Taxonomy.explain_text`); it is empty for an assignment.
    """

    domain_id: str
    term: str
    score: float
    source: str
    language: str | None = None
    terms: tuple[str, ...] = ()
    held_back: str = ""


@dataclass(frozen=True)
class _Entry:
    """One taxonomy term owned by one domain (a term may belong to several)."""

    domain_id: str
    term: str
    language: str
    source: str  # 'name' | 'keyword'
    rank: int  # position in the domain's list: earlier terms are more typical
    lang_rank: int  # position of the language in the taxonomy's languages
    weak: bool = False  # a generic word (``weak_keywords``): never decides a domain alone


@dataclass(frozen=True)
class _Pattern:
    tokens: tuple[str, ...]
    acronym: bool
    entries: tuple[_Entry, ...]


@dataclass(frozen=True)
class _Hit:
    """One occurrence of a taxonomy term in a text, for one domain."""

    key: tuple  # ranking key of the match (score first)
    match: DomainMatch
    pos: int  # index of the first word
    length: int  # words covered
    weak: bool


def normalize_text(text: str) -> str:
    """Return the matching form of ``text``: accent-free, case-folded words joined by spaces.

    >>> normalize_text("Mobilité  électrique / E-Mobilität")
    'mobilite electrique e mobilitat'
    """
    return " ".join(_TOKEN.findall(strip_accents(text).casefold()))


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return 2 <= len(letters) <= 5 and term.isupper() and " " not in term.strip()


def _norm_language(language: str | None) -> str | None:
    if not language or not isinstance(language, str):
        return None
    code = re.split(r"[-_ ]", strip_accents(language).strip().casefold())[0]
    return _LANGUAGE_NAMES.get(code, code)


def _variants(token: str, language: str) -> set[str]:
    """Return the inflected forms of a keyword word in its language (without the word itself).

    The rules are deliberately small (plural and case endings) so that they add recall without
    joining unrelated words: ``chemie`` does not reach the French ``chemin``.
    """
    out: set[str] = set()
    n = len(token)
    if n < 4 or not token.isalpha():
        return out
    last = token[-1]
    if language == "en":
        out |= {token + "s", token + "es"}
        if last == "y" and n >= 5:
            out.add(token[:-1] + "ies")
    elif language == "de":
        out |= {token + s for s in ("e", "n", "en", "s", "es", "er", "r", "em", "m")}
    elif language == "fr":
        out |= {token + s for s in ("s", "x", "e", "es")}
        if token.endswith("al"):
            out.add(token[:-2] + "aux")
    elif language == "it":
        if last in _VOWELS and n >= 5:
            stem = token[:-1]
            out |= {stem + v for v in "aeio"}
            if stem.endswith(("c", "g")):
                out |= {stem + "he", stem + "hi"}
            if stem.endswith("i"):
                out.add(stem)
        elif last not in _VOWELS:
            out.add(token + "s")
    elif language == "sl":
        if last in _VOWELS and n >= 5:
            stem = token[:-1]
            out |= {stem + e for e in (*_SL_ENDINGS, "ega", "emu")}
            if len(stem) >= 4:
                out.add(stem)
        elif last not in _VOWELS:
            out |= {token + e for e in (*_SL_ENDINGS, "ove", "ova", "ovi", "ovo", "ovih")}
            if n >= 6 and token[-2] == "e" and token[-3] not in _VOWELS:
                # fleeting e: turizem -> turizma
                out |= {token[:-2] + last + e for e in _SL_ENDINGS}
    else:
        out |= {token + "s", token + "es"}
    out.discard(token)
    return out


class Taxonomy:
    """The domains of a taxonomy and a precompiled matcher over their names and keywords.

    Build one with :meth:`load`; ``domains`` maps each id to its :class:`Domain`, sorted by id.
    ``weak_keywords`` lists, per language, names or keywords too generic to decide a domain
    alone ("construction", "Bauen", "cantiere"); ``sources`` the documents the taxonomy was
    checked against (title, url, what was used).
    """

    def __init__(
        self,
        domains: Iterable[Domain],
        *,
        version: str = "",
        source: str = "",
        fields: Iterable[str] = PILOT_FIELDS,
        languages: Iterable[str] = LANGUAGES,
        weak_keywords: Mapping[str, Iterable[str]] | None = None,
        sources: Iterable[Mapping[str, str]] = (),
    ):
        self.domains: dict[str, Domain] = {d.id: d for d in sorted(domains, key=lambda d: d.id)}
        self.version = version
        self.source = source
        self.fields = tuple(fields)
        self.languages = tuple(languages)
        self.weak_keywords: dict[str, tuple[str, ...]] = {
            lang: tuple(terms) for lang, terms in sorted((weak_keywords or {}).items())
        }
        self.sources: tuple[dict[str, str], ...] = tuple(dict(s) for s in sources)
        self._by_nace: dict[str, list[str]] = {}
        for d in self.domains.values():
            for code in d.nace:
                self._by_nace.setdefault(code, []).append(d.id)
        # classes per (domain, division): a domain listing classes in a division is linked to
        # that division through those classes only
        self._classes: dict[tuple[str, str], tuple[str, ...]] = {}
        for d in self.domains.values():
            for c in d.nace_classes:
                key = (d.id, c[:2])
                self._classes[key] = (*self._classes.get(key, ()), c)
        self._compile()

    # --- loading -----------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None = None) -> Taxonomy:
        """Return the taxonomy in ``path`` (JSON or TOML), or the shipped one when None.

        Raises
        ------
        TaxonomyError
            When the file is missing, unreadable or malformed; the message names the file,
            the domain and what to fix.
        """
        if path is None:
            global _SHIPPED_CACHE
            if _SHIPPED_CACHE is None:
                text = resources.files("synergy").joinpath(SHIPPED).read_text(encoding="utf-8")
                _SHIPPED_CACHE = cls.from_dict(json.loads(text), where=f"synergy/{SHIPPED}")
            return _SHIPPED_CACHE
        p = Path(path)
        if not p.is_file():
            raise TaxonomyError(
                f"{p}: taxonomy file not found. Fix: give the path of a .json or .toml file, "
                "or leave the option out to use the shipped taxonomy."
            )
        suffix = p.suffix.lower()
        try:
            text = p.read_text(encoding="utf-8-sig")
            if suffix == ".json":
                data = json.loads(text)
            elif suffix == ".toml":
                data = tomllib.loads(text)
            else:
                raise TaxonomyError(
                    f"{p}: unsupported taxonomy file type '{suffix or '(none)'}'. "
                    "Fix: save it as .json or .toml."
                )
        except UnicodeDecodeError as exc:
            raise TaxonomyError(f"{p}: not UTF-8 text ({exc}). Fix: save it as UTF-8.") from exc
        except json.JSONDecodeError as exc:
            raise TaxonomyError(
                f"{p}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}. "
                "Fix: correct the syntax (a JSON linter shows the spot)."
            ) from exc
        except tomllib.TOMLDecodeError as exc:
            raise TaxonomyError(f"{p}: invalid TOML: {exc}. Fix: correct the syntax.") from exc
        return cls.from_dict(data, where=str(p))

    @classmethod
    def from_dict(cls, data: Any, *, where: str = "(taxonomy)") -> Taxonomy:
        """Return the taxonomy described by parsed JSON/TOML ``data``, validated.

        Raises
        ------
        TaxonomyError
            Listing every problem found, each with the domain it concerns.
        """
        problems, clean = check_taxonomy(data)
        if problems:
            n = len(problems)
            lines = "\n".join(f"  - {p}" for p in problems[:50])
            more = f"\n  ... and {n - 50} more" if n > 50 else ""
            raise TaxonomyError(
                f"{where}: {n} problem{'s' if n != 1 else ''} in the taxonomy:\n{lines}{more}"
            )
        domains = [
            Domain(
                id=d["id"],
                names=dict(d["name"]),
                field=d["field"],
                nace=tuple(d["nace"]),
                keywords={lang: tuple(terms) for lang, terms in d["keywords"].items()},
                nace_classes=tuple(d["nace_classes"]),
            )
            for d in clean["domains"]
        ]
        return cls(
            domains,
            version=clean["version"],
            source=clean["source"],
            fields=clean["fields"],
            languages=clean["languages"],
            weak_keywords=clean["weak_keywords"],
            sources=clean["sources"],
        )

    def to_json(self) -> str:
        """Return the canonical JSON of the taxonomy (sorted keys, compact): stable for hashing.

        >>> t = Taxonomy.load()
        >>> Taxonomy.from_dict(json.loads(t.to_json())).to_json() == t.to_json()
        True
        """
        doc = {
            "version": self.version,
            "source": self.source,
            "sources": list(self.sources),
            "fields": list(self.fields),
            "languages": list(self.languages),
            "weak_keywords": {k: list(v) for k, v in self.weak_keywords.items()},
            "domains": [
                {
                    "id": d.id,
                    "name": dict(d.names),
                    "field": d.field,
                    "nace": list(d.nace),
                    "nace_classes": list(d.nace_classes),
                    "keywords": {k: list(v) for k, v in d.keywords.items()},
                }
                for d in self.domains.values()
            ],
        }
        return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    # --- compiling the matcher ---------------------------------------------------------------

    def _compile(self) -> None:
        patterns: dict[tuple[str, ...], list[_Entry]] = {}
        acronyms: dict[tuple[str, ...], bool] = {}
        labels: dict[str, tuple[tuple, _Entry]] = {}
        word_langs: dict[str, set[str]] = {}
        lang_order = {lang: i for i, lang in enumerate(self.languages)}
        weak = {
            lang: {normalize_text(t) for t in terms} for lang, terms in self.weak_keywords.items()
        }

        def add(term: str, entry: _Entry, priority: tuple) -> None:
            norm = normalize_text(term)
            if not norm:
                return
            forms = {tuple(norm.split())}
            joined = normalize_text(_INNER_HYPHEN.sub("", strip_accents(term)))
            forms.add(tuple(joined.split()))
            for tokens in forms:
                patterns.setdefault(tokens, []).append(entry)
                acronyms[tokens] = acronyms.get(tokens, True) and _is_acronym(term)
                for tok in tokens:
                    word_langs.setdefault(tok, set()).add(entry.language)
            if norm not in labels or priority < labels[norm][0]:
                labels[norm] = (priority, entry)

        for d in self.domains.values():
            for lang, name in sorted(d.names.items(), key=lambda kv: lang_order.get(kv[0], 99)):
                lo = lang_order.get(lang, 99)
                is_weak = normalize_text(name) in weak.get(lang, ())
                add(name, _Entry(d.id, name, lang, "name", -1, lo, is_weak), (0, 0, lo, d.id))
            for lang, terms in sorted(d.keywords.items(), key=lambda kv: lang_order.get(kv[0], 99)):
                lo = lang_order.get(lang, 99)
                for rank, term in enumerate(terms):
                    is_weak = normalize_text(term) in weak.get(lang, ())
                    entry = _Entry(d.id, term, lang, "keyword", rank, lo, is_weak)
                    add(term, entry, (1, rank, lo, d.id))

        self._patterns_by_first: dict[str, list[_Pattern]] = {}
        for tokens in sorted(patterns):
            pat = _Pattern(tokens, acronyms[tokens], tuple(patterns[tokens]))
            self._patterns_by_first.setdefault(tokens[0], []).append(pat)
        # word form -> {keyword word: quality}; exact forms win over inflected ones
        index: dict[str, dict[str, int]] = {}
        for word in sorted(word_langs):
            for lang in sorted(word_langs[word]):
                for form in _variants(word, lang):
                    index.setdefault(form, {}).setdefault(word, _INFLECTED)
        for word in word_langs:
            index.setdefault(word, {})[word] = _EXACT
        self._index = index
        # one typo changes the length by at most one: bucket candidates by initial and length
        self._fuzzy_words: dict[tuple[str, int], list[str]] = {}
        for word in sorted(word_langs):
            if len(word) >= 6 and word.isalpha():
                for n in (len(word) - 1, len(word), len(word) + 1):
                    self._fuzzy_words.setdefault((word[0], n), []).append(word)
        self._labels = {norm: entry for norm, (_, entry) in labels.items()}
        self._label_keys = sorted(self._labels)
        self._word_cache: dict[str, tuple[dict[str, tuple[int, float]], tuple]] = {}

    def _learn(self, raw: str) -> tuple[dict[str, tuple[int, float]], tuple]:
        """Return (``{keyword word: (quality, similarity)}``, patterns starting here), cached."""
        word = strip_accents(raw).casefold()
        found = self._index.get(word)
        if found:
            matches = {w: (q, 1.0) for w, q in found.items()}
        else:
            matches = self._compound(word)
            # A part that only opens multi-word terms ("technologie" of "digitale technologie")
            # must not hide a one-typo match of the whole word.
            if not any(
                len(p.tokens) == 1 for w in matches for p in self._patterns_by_first.get(w, ())
            ):
                matches = self._fuzzy(word) or matches
        starts = tuple(
            (pat, q, sim)
            for kw_word, (q, sim) in sorted(matches.items())
            for pat in self._patterns_by_first.get(kw_word, ())
            if not pat.acronym or raw.isupper()
        )
        if len(self._word_cache) >= _CACHE_MAX:
            self._word_cache.clear()
        self._word_cache[raw] = result = (matches, starts)
        return result

    def _compound(self, word: str) -> dict[str, tuple[int, float]]:
        out: dict[str, tuple[int, float]] = {}
        n = len(word)
        for cut in range(n - 3, 4, -1):  # longest known head first: Wasserstoff before Wasser
            heads = _closest(self._index.get(word[:cut]), 5)
            if heads and word[cut:] not in _DERIVATION_RESTS:
                out.update(dict.fromkeys(heads, (_COMPOUND, 1.0)))
                break
        for cut in range(3, n - 5):  # longest known tail first: Elektro|mobilitat
            tails = _closest(self._index.get(word[cut:]), 6)
            if tails:
                out.update(dict.fromkeys(tails, (_COMPOUND, 1.0)))
                break
        return out

    def _fuzzy(self, word: str) -> dict[str, tuple[int, float]]:
        if len(word) < 7 or not word.isalpha():
            return {}
        choices = self._fuzzy_words.get((word[0], len(word)))
        if not choices:
            return {}
        best = process.extractOne(
            word, choices, scorer=OSA.normalized_similarity, score_cutoff=_FUZZY_TOKEN_MIN
        )
        return {best[0]: (_FUZZY, float(best[1]))} if best else {}

    # --- matching ------------------------------------------------------------------------------

    def map_text(
        self,
        text: str,
        *,
        language: str | None = None,
        min_score: float = MatchSettings.text_min_score,
        limit: int | None = None,
        detail: bool = False,
    ) -> list[DomainMatch]:
        """Return the domains whose terms occur in ``text``, best first, one match per domain.

        A domain counts only on enough evidence (:meth:`explain_text` also returns the matches
        held back, with the reason): a generic word of ``weak_keywords`` ("construction",
        "materials") never decides a domain alone. With ``detail=True`` (a description next to
        a title that already named its domains) a domain needs more: a multi-word term, or two
        distinct keywords, or one keyword that is not part of a longer term of another domain
        ("digitale" in "sanità digitale" is a health term, not a second domain).

        Parameters
        ----------
        text
            Free text, e.g. a priority's title and description.
        language
            The text's language (``de``, ``it-IT``, ``German``...): terms of that language
            score ``LANGUAGE_BOOST`` higher. Terms of every language are searched regardless.
        min_score
            Matches scoring below are dropped. Scores: exact multi-word term 1.0, exact word
            0.95, inflected 0.92/0.90, compound part 0.85, one typo 0.80-0.84.
        limit
            Keep at most this many domains.
        detail
            Ask for the stronger evidence a description needs (see above).

        Returns
        -------
        list of DomainMatch
            Sorted by score (descending), then domain id; ``terms`` lists every term matched.

        Examples
        --------
        >>> tax = Taxonomy.load()
        >>> [(m.domain_id, m.term, m.score) for m in tax.map_text("Chimica verde e bioplastiche")]
        [('bioeconomy', 'chimica verde', 1.0), ('chemistry', 'chimica verde', 1.0), \
('plastics', 'bioplastiche', 0.95)]
        >>> tax.map_text("Lorem ipsum dolor sit amet")
        []
        >>> [(m.domain_id, m.terms) for m in tax.map_text("Construction navale et ports")]
        [('maritime', ('construction navale', 'ports')), ('logistics', ('ports',))]
        """
        found = self.explain_text(text, language=language, min_score=min_score, detail=detail)
        ranked = [m for m in found if not m.held_back]
        return ranked[:limit] if limit is not None else ranked

    def explain_text(
        self,
        text: str,
        *,
        language: str | None = None,
        min_score: float = MatchSettings.text_min_score,
        detail: bool = False,
    ) -> list[DomainMatch]:
        """Return every domain ``text`` matches: the assignments, then the matches held back.

        An assignment has an empty ``held_back``; a match held back says why, e.g. "only the
        generic word 'construction'". Parameters as in :meth:`map_text`.

        >>> tax = Taxonomy.load()
        >>> [(m.domain_id, m.terms, m.held_back) for m in tax.explain_text("Costruzioni")]
        [('construction', ('costruzioni',), "only the generic word 'costruzioni'")]
        >>> [(m.domain_id, m.held_back) for m in tax.explain_text("Sanità digitale", detail=True)]
        [('health', ''), \
('ict', "in a description, its one keyword 'digitale' is part of 'sanità digitale' (health)")]
        """
        if not isinstance(text, str) or not text.strip():
            return []
        judged = self._judge(self._hits(text, _norm_language(language), min_score), detail)
        kept = sorted(
            (m for m, _ in judged if not m.held_back), key=lambda m: (-m.score, m.domain_id)
        )
        held = sorted((m for m, _ in judged if m.held_back), key=lambda m: (-m.score, m.domain_id))
        return kept + held

    def _hits(self, text: str, lang: str | None, min_score: float) -> list[_Hit]:
        """Return every occurrence of a taxonomy term in ``text`` scoring at least ``min_score``."""
        raw = _TOKEN.findall(unicodedata.normalize("NFC", text))
        cache_get, learn = self._word_cache.get, self._learn
        per_word = [cache_get(w) or learn(w) for w in raw]
        n = len(per_word)
        hits: list[_Hit] = []
        for i, (_, starts) in enumerate(per_word):
            for pat, worst, sim in starts:
                k = len(pat.tokens)
                if k > 1:
                    if i + k > n:
                        continue
                    for j in range(1, k):
                        hit = per_word[i + j][0].get(pat.tokens[j])
                        if hit is None:
                            break
                        worst, sim = max(worst, hit[0]), min(sim, hit[1])
                    else:
                        self._record(hits, pat, worst, sim, lang, i, min_score)
                else:
                    self._record(hits, pat, worst, sim, lang, i, min_score)
        return hits

    @staticmethod
    def _record(
        hits: list[_Hit],
        pat: _Pattern,
        worst: int,
        sim: float,
        lang: str | None,
        pos: int,
        min_score: float,
    ) -> None:
        multi = len(pat.tokens) > 1
        if worst == _EXACT:
            base = 1.0 if multi else 0.95
        elif worst == _INFLECTED:
            base = 0.92 if multi else 0.9
        elif worst == _COMPOUND:
            base = 0.85
        else:
            base = 0.8 + 0.25 * (sim - _FUZZY_TOKEN_MIN)
        for e in pat.entries:
            score = round(min(1.0, base + (LANGUAGE_BOOST if e.language == lang else 0.0)), 4)
            if score < min_score:
                continue
            key = (score, len(pat.tokens), -e.rank, -e.lang_rank, e.term)
            source = "fuzzy" if worst == _FUZZY else e.source
            match = DomainMatch(e.domain_id, e.term, score, source, e.language)
            hits.append(_Hit(key, match, pos, len(pat.tokens), e.weak))

    @staticmethod
    def _judge(hits: list[_Hit], detail: bool) -> list[tuple[DomainMatch, int]]:
        """Return (match, position of its best term) per domain, held back without evidence."""
        by_domain: dict[str, list[_Hit]] = {}
        within: dict[int, set[str]] = {}  # the domains whose multi-word terms cover each word
        for h in hits:
            by_domain.setdefault(h.match.domain_id, []).append(h)
            for pos in range(h.pos, h.pos + h.length) if h.length > 1 and not h.weak else ():
                within.setdefault(pos, set()).add(h.match.domain_id)
        out = []
        for did, own in by_domain.items():
            deciding = [h for h in own if not h.weak]
            why = ""
            if not deciding:
                words = _first_terms(own)
                quoted = ", ".join(f"'{w}'" for w in words)
                why = f"only the generic word{'s' * (len(words) > 1)} {quoted}"
            elif detail and not (
                any(h.length > 1 or within.get(h.pos, set()) <= {did} for h in deciding)
                or _distinct(deciding) >= 2
            ):
                h = deciding[0]
                other = next(
                    o
                    for o in hits
                    if o.length > 1 and not o.weak and o.pos <= h.pos < o.pos + o.length
                )
                why = (
                    f"in a description, its one keyword '{h.match.term}' is part of "
                    f"'{other.match.term}' ({other.match.domain_id})"
                )
                deciding = []
            best = max(deciding or own, key=lambda h: h.key)
            first = sorted(sorted(deciding, key=lambda h: h.pos), key=lambda h: h.key, reverse=True)
            rest = sorted((h for h in own if h not in deciding), key=lambda h: h.pos)
            match = replace(best.match, terms=tuple(_first_terms(first + rest)), held_back=why)
            out.append((match, best.pos))
        return out

    def resolve_label(
        self, label: str, *, min_score: float = MatchSettings.label_min_score
    ) -> DomainMatch | None:
        """Return the domain one ``domains`` cell item means, or None when nothing fits.

        Tried in turn: a domain id (case-insensitive), a name or keyword in any language
        (accent- and case-insensitive, score 1.0; a label that *is* a generic keyword is an
        explicit choice and resolves too), the best :meth:`map_text` match scoring at
        least 0.85 (inflections, compounds; of equal scores the term named first), then a fuzzy
        comparison with every name and keyword (mean of the Indel ratio and Jaro-Winkler
        similarity, at least ``min_score``, every word of 4+ letters close to a word of the
        term). A term shared by several domains resolves to the domain listing it earliest.

        Examples
        --------
        >>> tax = Taxonomy.load()
        >>> tax.resolve_label("Energy-Renewables").source
        'id'
        >>> tax.resolve_label("Mobilité").domain_id
        'mobility'
        >>> m = tax.resolve_label("Energei")
        >>> (m.domain_id, m.source, m.score >= 0.86)
        ('energy-renewables', 'fuzzy', True)
        >>> tax.resolve_label("Verwaltung") is None
        True
        """
        if not isinstance(label, str):
            return None
        key = label.strip().casefold().replace("_", "-")
        if key in self.domains:
            return DomainMatch(key, key, 1.0, "id", None, (key,))
        norm = normalize_text(label)
        if not norm:
            return None
        if norm.replace(" ", "-") in self.domains:
            did = norm.replace(" ", "-")
            return DomainMatch(did, did, 1.0, "id", None, (did,))
        entry = self._labels.get(norm)
        if entry is not None:  # the label is the term itself: even a generic one is explicit
            return DomainMatch(
                entry.domain_id, entry.term, 1.0, entry.source, entry.language, (entry.term,)
            )
        # of several domains in one label, the one named first is the label's head
        judged = self._judge(self._hits(label, None, 0.85), detail=False)
        found = [(m, pos) for m, pos in judged if not m.held_back]
        if found:
            return min(found, key=lambda mp: (-mp[0].score, mp[1], mp[0].domain_id))[0]
        return self._fuzzy_label(norm, min_score)

    def _fuzzy_label(self, norm: str, min_score: float) -> DomainMatch | None:
        # Indel ratio alone scores a swapped pair of letters ("Energei") at 0.857; blending in
        # Jaro-Winkler rewards such typos while a shared prefix alone stays below the bar.
        shortlist = process.extract(
            norm, self._label_keys, scorer=fuzz.ratio, score_cutoff=60, limit=20
        )
        best: tuple[float, str] | None = None
        words = [w for w in norm.split() if len(w) >= 4]
        for choice, ratio, _ in shortlist:
            if not _words_covered(words, choice.split()):
                continue
            score = round((ratio / 100 + JaroWinkler.normalized_similarity(norm, choice)) / 2, 4)
            if score >= min_score and (best is None or (-score, choice) < (-best[0], best[1])):
                best = (score, choice)
        if best is None:
            return None
        e = self._labels[best[1]]
        return DomainMatch(e.domain_id, e.term, best[0], "fuzzy", e.language, (e.term,))

    def domains_for_nace(self, code: str) -> list[str]:
        """Return the ids of the domains a NACE code belongs to, sorted.

        ``code`` may be a division, group or class, with or without section letter
        (``"29"``, ``"C29"``, ``"29.10"``, ``"C29.1"``), or a section letter (``"C"``).
        A domain linked to the code's division counts, except where the domain lists
        ``nace_classes`` in a division other domains share: then only a code at class (or
        group) level that names one of those classes counts (C28 machinery is not hydrogen;
        28.29 may be). A class the domain lists outside its divisions counts too. A section
        counts every domain of its divisions.

        >>> tax = Taxonomy.load()
        >>> tax.domains_for_nace("29.10")
        ['automotive', 'mobility']
        >>> "hydrogen" in tax.domains_for_nace("28.41"), tax.domains_for_nace("28")
        (False, ['advanced-manufacturing'])
        """
        if not isinstance(code, str):
            code = str(code)
        text = code.strip().upper()
        if text in NACE_SECTIONS:
            return sorted({d for div in NACE_SECTIONS[text] for d in self._by_nace.get(div, ())})
        division = nace_division(text)
        if division is None:
            return []
        detail = nace_detail(text)
        found = set()
        linked = self._by_nace.get(division, ())
        for d in linked:
            classes = self._classes.get((d, division))
            # classes sharpen a division several domains share; a bare division code only one
            # domain claims still identifies it
            sole = detail is None and len(linked) == 1
            if not classes or sole or (detail and any(_nace_within(detail, c) for c in classes)):
                found.add(d)
        if detail:
            for (d, div), classes in self._classes.items():
                if div == division and any(_nace_within(detail, c) for c in classes):
                    found.add(d)
        return sorted(found)

    def __repr__(self) -> str:
        return f"Taxonomy({len(self.domains)} domains, version={self.version!r})"


_SHIPPED_CACHE: Taxonomy | None = None


def _first_terms(hits: list[_Hit]) -> list[str]:
    """Return the hits' terms, each once (by its matching form) in its first place."""
    terms: dict[str, str] = {}
    for h in hits:
        terms.setdefault(normalize_text(h.match.term), h.match.term)
    return list(terms.values())


def _distinct(hits: list[_Hit]) -> int:
    """Return how many distinct terms the hits found at distinct places of a text."""
    return min(len({normalize_text(h.match.term) for h in hits}), len({h.pos for h in hits}))


def _closest(found: dict[str, int] | None, min_len: int) -> list[str]:
    """Return the keyword words of at least ``min_len`` letters a form matches best.

    A compound part that is itself a keyword ("logistik") must not also count as an inflection
    of a longer keyword ("logistika").
    """
    words = {w: q for w, q in (found or {}).items() if len(w) >= min_len}
    best = min(words.values(), default=None)
    return [w for w, q in words.items() if q == best]


def _words_covered(words: list[str], choice_words: list[str]) -> bool:
    """Return True if every word is close to some word of the choice.

    Keeps "vodne tehnologije" (water) from resolving to "vodikove tehnologije" (hydrogen) on the
    strength of the shared long word alone.
    """
    return all(any(OSA.normalized_similarity(w, c) >= 0.7 for c in choice_words) for w in words)
