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

__all__ = ["Column", "TableSpec", "TABLES", "TABLE_NAMES", "normalise_header", "table_for_name"]

# Column types: str, int, float, list (``;``-separated), enum (one of ``choices``), date.
HEADERS_FILE = "data/headers.toml"


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
        """Return normalised header -> canonical column name for this table."""
        return _alias_map(self)


@cache
def _alias_map(spec: TableSpec) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in spec.columns:
        for a in (c.name, *c.aliases):
            out.setdefault(normalise_header(a), c.name)
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
    tables = {}
    for name, table in doc["tables"].items():
        columns = tuple(
            Column(
                column,
                type=spec.get("type", "str"),
                required=spec.get("required", False),
                aliases=_expand(spec.get("aliases", []), shared, f"{name}.{column}"),
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
            file_names=_expand(table.get("file_names", []), shared, f"{name} file names"),
        )
    return tables


TABLES: dict[str, TableSpec] = _load_tables()
TABLE_NAMES = tuple(TABLES)

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
