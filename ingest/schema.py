"""The canonical tables of the input contract, their column types and header aliases.

The tables, columns and aliases live in ``ingest/data/headers.toml`` (its header says how to
add a language); this module reads them once into :class:`TableSpec` objects.

Headers are compared after :func:`normalise_header` (lowercase, accents dropped, any run of
spaces, dots, dashes or underscores as one ``_``), so ``Region ID``, ``region-id`` and
``REGION_ID`` are the same header. Aliases are resolved *per table*: in ``actors`` a
``Cluster`` column means ``cluster_ids``; in ``clusters`` it means ``name``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from synergy.core.text import to_ascii

__all__ = [
    "Column",
    "TableSpec",
    "TABLES",
    "TABLE_NAMES",
    "GENERIC_SHEETS",
    "LANGUAGES",
    "normalise_header",
    "table_for_name",
    "is_generic_sheet",
]

# Column types: str, int, float, list (``;``-separated), enum (one of ``choices``), date.
HEADERS_FILE = "data/headers.toml"
# The languages of the alias data: `aliases` holds the first five, one list each the others.
LANGUAGES = ("en", "de", "it", "fr", "sl", "es", "pl", "nl", "pt", "cs", "sv")
_MORE_LANGUAGES = LANGUAGES[5:]


@dataclass(frozen=True)
class Column:
    """One canonical column: its type, whether it is required, and its header aliases."""

    name: str
    type: str = "str"
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class TableSpec:
    """A canonical table: its columns, its key and the file/sheet names that hold it."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    file_names: tuple[str, ...] = field(default=())

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def alias_map(self) -> dict[str, str]:
        """Return normalised header -> canonical column name for this table (the first
        column listed, when an alias heads several)."""
        return {alias: columns[0] for alias, columns in _alias_columns(self).items()}

    def alias_columns(self) -> dict[str, tuple[str, ...]]:
        """Return normalised header -> every column of this table it is an alias of, in
        column order (``prioridad`` heads ``priority_id`` and ``title``)."""
        return _alias_columns(self)


@cache
def _alias_columns(spec: TableSpec) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for c in spec.columns:
        for a in (c.name, *c.aliases):
            key = normalise_header(a)
            if c.name not in out.get(key, ()):
                out[key] = (*out.get(key, ()), c.name)
    return out


def normalise_header(text: str) -> str:
    """Return a header in comparable form.

    >>> normalise_header("  Région ID ")
    'region_id'
    >>> normalise_header("Stage-Order")
    'stage_order'
    """
    # a byte-order mark has no ASCII form, so to_ascii drops it too
    return re.sub(r"[^a-z0-9]+", "_", to_ascii(str(text).casefold())).strip("_")


def _expand(items: list[str], shared: dict[str, list[str]], where: str) -> tuple[str, ...]:
    """Return ``items`` with every ``"@name"`` replaced by the shared list ``name``."""
    out: list[str] = []
    for item in items:
        if item.startswith("@"):
            if item[1:] not in shared:
                raise ValueError(f"{HEADERS_FILE}: {where} names an unknown shared list {item!r}")
            out.extend(shared[item[1:]])
        else:
            out.append(item)
    return tuple(out)


def _load_tables() -> dict[str, TableSpec]:
    """Return the table specs of the shipped ``data/headers.toml``, in file order."""
    text = resources.files("ingest").joinpath(HEADERS_FILE).read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    shared = doc.get("shared", {})
    tables: dict[str, TableSpec] = {}
    for name, table in doc["tables"].items():
        columns = tuple(
            Column(
                column,
                type=spec.get("type", "str"),
                required=spec.get("required", False),
                aliases=_expand(spec.get("aliases", []), shared, f"{name}.{column}")
                + tuple(w for lang in _MORE_LANGUAGES for w in spec.get(lang, ())),
                choices=tuple(spec.get("choices", ())),
                min=spec.get("min"),
                max=spec.get("max"),
            )
            for column, spec in table["columns"].items()
        )
        tables[name] = TableSpec(
            name=name,
            columns=columns,
            key=tuple(table["key"]),
            file_names=_expand(table.get("file_names", []), shared, f"{name} file names")
            + tuple(
                w
                for lang in _MORE_LANGUAGES
                for w in table.get("file_names_more", {}).get(lang, ())
            ),
        )
    return tables


def _load_generic_sheets() -> frozenset[str]:
    text = resources.files("ingest").joinpath(HEADERS_FILE).read_text(encoding="utf-8")
    return frozenset(normalise_header(s) for s in tomllib.loads(text)["sheets"]["generic"])


TABLES: dict[str, TableSpec] = _load_tables()
TABLE_NAMES = tuple(TABLES)
GENERIC_SHEETS = _load_generic_sheets()

_FILE_NAME_INDEX = {
    normalise_header(n): t.name for t in TABLES.values() for n in (t.name, *t.file_names)
}


def table_for_name(stem: str) -> str | None:
    """Return the canonical table a file stem or sheet name stands for, or ``None``.

    >>> table_for_name("Priorités")
    'priorities'
    >>> table_for_name("value-chains")
    'value_chains'
    """
    return _FILE_NAME_INDEX.get(normalise_header(stem))


def is_generic_sheet(name: str) -> bool:
    """Return True for a sheet name that says nothing about its table (``Sheet1``, ``Hoja1``).

    >>> [is_generic_sheet(n) for n in ("Sheet1", "Arkusz1", "Akteure")]
    [True, True, False]
    """
    return normalise_header(name) in GENERIC_SHEETS
