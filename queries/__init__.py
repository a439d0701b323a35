"""Named Cypher queries shipped as package data (``queries/*.cypher``).

Each file starts with a header comment::

    // name: shared-priorities
    // description: Domains that two regions both prioritise, with each side's priorities.
    // params: region_a (string, ITC4) region_b (string, AT31) limit (int = 10)

Parameter types are ``string``, ``int``, ``float`` and ``bool``; ``(type, example)`` is a
parameter the query needs, ``(type = value)`` one with a default that may be left out;
``params: none`` means the query takes none. Values always travel as Cypher parameters,
never as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from synergy.core.errors import SchemaError, SynergyError

__all__ = ["QueryParam", "NamedQuery", "load_queries", "get_query", "parse_query"]

_HEADER = re.compile(r"^//\s*(name|description|params)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"(\w+)\s*\(\s*(string|int|float|bool)\s*([,=])\s*([^)]*?)\s*\)")
_TRUE = {"1", "true", "yes", "y", "on"}
_FALSE = {"0", "false", "no", "n", "off"}


@dataclass(frozen=True)
class QueryParam:
    """One declared parameter: name, type (``string``/``int``/``float``/``bool``), example,
    and whether the example is also its default (then the parameter may be left out)."""

    name: str
    type: str
    example: str
    has_default: bool = False

    def usage(self) -> str:
        """Return ``name=example``, marked ``(default)`` when it may be left out.

        >>> QueryParam("limit", "int", "10", True).usage(), QueryParam("r", "string", "X").usage()
        ('limit=10 (default)', 'r=X')
        """
        return f"{self.name}={self.example}" + (" (default)" if self.has_default else "")

    def convert(self, value: object, query: str) -> object:
        """Return ``value`` converted to the declared type (strings from the CLI included)."""
        if not isinstance(value, str) or self.type == "string":
            return value
        text = value.strip()
        if self.type == "bool" and text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        try:
            if self.type == "int":
                return int(text)
            if self.type == "float":
                return float(text)
        except ValueError:
            pass
        raise SynergyError(
            f"query '{query}': parameter '{self.name}' must be {self.type}, got {value!r} "
            f"(example: {self.name}={self.example})."
        )


@dataclass(frozen=True)
class NamedQuery:
    """A named Cypher query: what question it answers, its parameters and its text."""

    name: str
    description: str
    params: tuple[QueryParam, ...]
    text: str

    def usage(self) -> str:
        """Return an example ``--param`` line for this query (parameters without default)."""
        return " ".join(f"--param {p.name}={p.example}" for p in self.params if not p.has_default)

    def bind(self, values: Mapping[str, object]) -> dict[str, object]:
        """Return the parameter dict for ``values``, converted to the declared types.

        Raises
        ------
        synergy.core.errors.SynergyError
            When a declared parameter is missing or an unknown one is given.
        """
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(declared))
        missing = [p.name for p in self.params if p.name not in values and not p.has_default]
        if unknown or missing:
            takes = ", ".join(f"{p.name} ({p.type})" for p in self.params) or "no parameters"
            what = []
            if missing:
                what.append(f"missing {', '.join(missing)}")
            if unknown:
                what.append(f"unknown {', '.join(unknown)}")
            raise SynergyError(
                f"query '{self.name}': {'; '.join(what)}. It takes {takes}; e.g. "
                f"synergy neo4j query {self.name} {self.usage()}".rstrip()
                + "."
            )
        given = {p.name: p.example for p in self.params if p.has_default} | dict(values)
        return {k: declared[k].convert(v, self.name) for k, v in given.items()}


def parse_query(text: str, source: str = "<text>") -> NamedQuery:
    """Return the :class:`NamedQuery` of a ``.cypher`` file's text.

    >>> q = parse_query("// name: x\\n// description: d\\n// params: r (string, AT31) n (int = 5)"
    ...                 "\\nRETURN $r LIMIT $n")
    >>> q.name, [p.name for p in q.params], q.text, q.bind({"r": "AT31"})
    ('x', ['r', 'n'], 'RETURN $r LIMIT $n', {'n': 5, 'r': 'AT31'})
    """
    header: dict[str, str] = {}
    body: list[str] = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match and not body:
            header[match.group(1)] = match.group(2)
        elif body or (line.strip() and not line.strip().startswith("//")):
            body.append(line)
    missing = [k for k in ("name", "description", "params") if k not in header]
    if missing:
        raise SchemaError(
            f"{source}: the header lacks {', '.join(missing)}. Start the file with "
            "'// name: ...', '// description: ...' and '// params: p (string, example)'."
        )
    spec = header["params"]
    params = (
        ()
        if spec.lower() in ("", "none")
        else tuple(
            QueryParam(name, kind, example, sep == "=")
            for name, kind, sep, example in (m.groups() for m in _PARAM.finditer(spec))
        )
    )
    if spec.lower() not in ("", "none") and not params:
        raise SchemaError(f"{source}: cannot read '// params: {spec}'; write 'name (type, ex)'.")
    return NamedQuery(header["name"], header["description"], params, "\n".join(body).strip())


@cache
def load_queries() -> dict[str, NamedQuery]:
    """Return the shipped named queries by name, sorted by name."""
    found = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            query = parse_query(entry.read_text(encoding="utf-8"), entry.name)
            found[query.name] = query
    return dict(sorted(found.items()))


def get_query(name: str) -> NamedQuery:
    """Return the named query ``name``.

    Raises
    ------
    synergy.core.errors.SynergyError
        When no query has that name; the message names the closest one.
    """
    queries = load_queries()
    if name in queries:
        return queries[name]
    from rapidfuzz import process

    best = process.extractOne(name, list(queries))
    hint = f" Did you mean '{best[0]}'?" if best and best[1] >= 50 else ""
    raise SynergyError(
        f"no named query '{name}'.{hint} List them with `synergy neo4j query --list`."
    )
