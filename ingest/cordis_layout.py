"""What the CORDIS CSV extracts look like, and how one of their cells becomes a value.

CORDIS publishes each framework programme as a zip of ``;``-separated CSV files with every
field double-quoted (``cordis-h2020projects-csv.zip``, ``cordis-HORIZONprojects-csv.zip``).
The importer reads three of them: ``project.csv`` (one row per project),
``organization.csv`` (one row per participation of an organisation in a project) and the
optional ``euroSciVoc.csv`` (one row per project and field of science). Columns are read by
header name: the releases order some columns differently. Where each layout fact comes from
is recorded in ``tests/data/cordis/SOURCES.md``.

Quirks handled here:

* money: ``ecContribution`` and ``netEcContribution`` are written with a decimal point
  (``528340.97``), ``totalCost`` of ``organization.csv`` with a decimal comma
  (``960619,95``); :func:`parse_money` reads either, so no column needs to be told which;
* country codes: CORDIS writes ``EL`` for Greece and ``UK`` for the United Kingdom where
  ISO 3166 says ``GR`` and ``GB`` (:func:`iso_country`); NUTS codes keep ``EL``/``UK``;
* ``nutsCode``: empty, only a country (``DE``, ``XK``), or a NUTS-1/2/3 code (``AT312``);
* dates: ``YYYY-MM-DD``, timestamps ``YYYY-MM-DD HH:MM:SS`` (only the date is kept).
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "PROJECT_FILE",
    "ORGANIZATION_FILE",
    "EUROSCIVOC_FILE",
    "REQUIRED",
    "OPTIONAL",
    "RELEASES",
    "ACTIVITY_TYPES",
    "parse_money",
    "parse_date",
    "parse_sme",
    "iso_country",
    "nuts_code",
    "nuts_at_level",
    "looks_like_nuts",
]

PROJECT_FILE = "project.csv"
ORGANIZATION_FILE = "organization.csv"
EUROSCIVOC_FILE = "euroSciVoc.csv"

# Columns the importer cannot do without, per file (publisher's spelling).
REQUIRED: dict[str, tuple[str, ...]] = {
    PROJECT_FILE: ("id", "acronym", "title", "startDate", "endDate", "frameworkProgramme"),
    ORGANIZATION_FILE: ("projectID", "organisationID", "name", "activityType", "nutsCode", "role"),
    EUROSCIVOC_FILE: ("projectID", "euroSciVocPath", "euroSciVocTitle"),
}
# Columns read when present (a release without them still imports).
OPTIONAL: dict[str, tuple[str, ...]] = {
    PROJECT_FILE: ("status", "ecMaxContribution", "totalCost", "topics", "fundingScheme"),
    ORGANIZATION_FILE: (
        "shortName",
        "SME",
        "country",
        "ecContribution",
        "netEcContribution",
        "totalCost",
    ),
    EUROSCIVOC_FILE: (),
}

# frameworkProgramme value -> the ``source`` written on projects of that release.
RELEASES: dict[str, str] = {"H2020": "cordis-h2020", "HORIZON": "cordis-horizon"}

# activityType -> actor type of the input contract.
ACTIVITY_TYPES: dict[str, str] = {
    "HES": "university",  # higher or secondary education establishment
    "REC": "research",  # research organisation
    "PRC": "firm",  # private for-profit entity
    "PUB": "public",  # public body
    "OTH": "intermediary",  # other
}

_ISO = {"EL": "GR", "UK": "GB"}
_NUTS = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def parse_money(text: str) -> float | None:
    """Return the amount in ``text`` (decimal point or decimal comma), None when empty.

    A single ``.`` or ``,`` is the decimal separator; with both, the last one is, and the
    other groups thousands.

    >>> parse_money("960619,95"), parse_money("528340.97"), parse_money("230000")
    (960619.95, 528340.97, 230000.0)
    >>> parse_money("1.234.567,5"), parse_money("1,234,567.5"), parse_money(" ") is None
    (1234567.5, 1234567.5, True)
    >>> parse_money("EUR 12")
    Traceback (most recent call last):
    ...
    ValueError: 'EUR 12' is not an amount
    """
    value = text.strip().replace(" ", "").replace("\u00a0", "")
    if not value:
        return None
    if "," in value and "." in value:
        thousands = "." if value.rfind(",") > value.rfind(".") else ","
        value = value.replace(thousands, "")
    elif value.count(",") > 1 or value.count(".") > 1:
        value = value.replace(",", "").replace(".", "")
    value = value.replace(",", ".")
    if not _NUMBER.match(value):
        raise ValueError(f"{text!r} is not an amount")
    return float(value)


def parse_date(text: str) -> str | None:
    """Return ``YYYY-MM-DD`` from a date or timestamp cell, None when empty.

    >>> parse_date("2015-10-01"), parse_date("2022-10-28 14:07:26"), parse_date("") is None
    ('2015-10-01', '2022-10-28', True)
    >>> parse_date("01/10/2015")
    Traceback (most recent call last):
    ...
    ValueError: '01/10/2015' is not a date (YYYY-MM-DD)
    """
    value = text.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def parse_sme(text: str) -> bool | None:
    """Return True/False for ``SME`` (``true``/``false``), None when empty or unknown.

    >>> parse_sme("true"), parse_sme("FALSE"), parse_sme("")
    (True, False, None)
    """
    value = text.strip().lower()
    return True if value == "true" else False if value == "false" else None


def iso_country(code: str) -> str:
    """Return the ISO 3166 alpha-2 form of a CORDIS country code (EL -> GR, UK -> GB).

    >>> iso_country("EL"), iso_country("uk"), iso_country("AT"), iso_country("")
    ('GR', 'GB', 'AT', '')
    """
    value = code.strip().upper()
    return _ISO.get(value, value)


def nuts_code(text: str) -> str:
    """Return a ``nutsCode`` cell normalised (upper case, no spaces); '' when not a NUTS code.

    >>> nuts_code(" at312 "), nuts_code("DE"), nuts_code(""), nuts_code("DE;HU")
    ('AT312', 'DE', '', '')
    """
    value = re.sub(r"\s+", "", text).upper()
    return value if _NUTS.match(value) else ""


def nuts_at_level(code: str, level: int) -> str | None:
    """Return ``code`` rolled up to NUTS ``level`` (0-3), None when it is less precise.

    >>> nuts_at_level("AT312", 2), nuts_at_level("AT312", 0), nuts_at_level("DE", 2)
    ('AT31', 'AT', None)
    """
    width = 2 + level
    return code[:width] if len(code) >= width else None


def looks_like_nuts(region_id: str) -> bool:
    """Return whether a dataset's region id is written like a NUTS code (``AT31``, ``SI0``).

    >>> looks_like_nuts("ITC4"), looks_like_nuts("R1"), looks_like_nuts("Bavaria")
    (True, False, False)
    """
    return bool(_NUTS.match(region_id)) and region_id[:2].isalpha() and region_id.isupper()
