"""Templates of every input table, for ``synergy init``: canonical headers, one example row."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from synergy.core.errors import OutputError

__all__ = ["TEMPLATES", "write_templates"]

# One example row per table, consistent across tables so the templates validate as a set.
TEMPLATES: dict[str, list[dict[str, str]]] = {
    "regions": [
        {
            "region_id": "AT31",
            "name": "Oberösterreich",
            "country": "AT",
            "development": "advanced",
            "aliases": "Upper Austria;Alta Austria;Haute-Autriche",
        }
    ],
    "priorities": [
        {
            "region_id": "AT31",
            "priority_id": "P1",
            "title": "Effiziente industrielle Produktion",
            "description": "Smart factory, automation and resource-efficient manufacturing.",
            "language": "de",
            "domains": "advanced-manufacturing",
            "nace": "C28",
            "keywords": "Industrie 4.0;Automatisierung",
        }
    ],
    "clusters": [
        {
            "cluster_id": "at31-mechatronics",
            "name": "Mechatronik-Cluster",
            "region_id": "AT31",
            "priority_ids": "P1",
            "domains": "mechatronics;advanced-manufacturing",
            "nace": "C28",
            "members": "300",
            "website": "https://example.org/mechatronics",
            "description": "Machine builders, automation and robotics firms.",
        }
    ],
    "actors": [
        {
            "actor_id": "at31-a001",
            "name": "Muster Automation GmbH",
            "region_id": "AT31",
            "type": "firm",
            "size": "medium",
            "nace": "C28.4",
            "cluster_ids": "at31-mechatronics",
            "roles": "additive-manufacturing:machines",
        }
    ],
    "value_chains": [
        {
            "chain_id": "additive-manufacturing",
            "stage_id": "machines",
            "stage_order": "1",
            "stage_name": "Machines and equipment",
            "chain_name": "Additive manufacturing",
            "domains": "advanced-manufacturing",
        }
    ],
    "programmes": [
        {
            "programme_id": "at31-innovate",
            "region_id": "AT31",
            "name": "Innovationsförderung",
            "budget_eur": "5000000",
            "domains": "advanced-manufacturing;Digitalisierung",
            "instrument": "grant",
            "trl_min": "4",
            "trl_max": "7",
            "beneficiaries": "firm;research",
            "opens": "2026-01-15",
            "closes": "2026-06-30",
        }
    ],
}

# Columns an importer fills (``synergy import cordis``), not a person: left out of the templates.
_IMPORTED_COLUMNS = {"actors": ("source",)}

_README = """# Your region's S3 data

One file per table (CSV, UTF-8; `;` separates several values in one cell). Required
columns: regions (region_id, name), priorities (region_id, priority_id, title), clusters
(cluster_id, name, region_id), actors (actor_id, name, region_id), value_chains (chain_id,
stage_id, stage_order), programmes (programme_id, region_id, name). Headers may be in any
of eleven languages (English, German, Italian, French, Slovenian, Spanish, Polish, Dutch,
Portuguese, Czech, Swedish); `synergy validate . --write-columns` writes the `columns.toml`
that says how each header is read, and any other header can be mapped there:

    [actors]
    "Your Odd Header" = "name"

Replace the example rows, then run `synergy validate .` and, from the folder above this one,
`synergy scan my-region --out out/my-region`: keep scan outputs outside this folder.
"""


def write_templates(directory: str | Path, *, force: bool = False) -> list[str]:
    """Write one CSV template per table plus a README into ``directory``; return file names.

    The open-data tables (``projects``, ``participations``) get no template: an importer
    writes them (``synergy import cordis``).

    Raises
    ------
    OutputError
        When a template exists already and ``force`` is False.
    """
    from ingest.schema import TABLES

    target = Path(directory)
    names = [f"{t}.csv" for t in TABLES if t in TEMPLATES] + ["README.md"]
    existing = [n for n in names if (target / n).exists()]
    if existing and not force:
        raise OutputError(
            f"{target}: {', '.join(existing)} exist already. "
            "Fix: allow overwriting them (force), or choose another folder.",
            option="force",
        )
    target.mkdir(parents=True, exist_ok=True)
    contents: dict[str, str] = {"README.md": _README}
    for table, rows in TEMPLATES.items():
        skip = _IMPORTED_COLUMNS.get(table, ())
        columns = [c.name for c in TABLES[table].columns if c.name not in skip]
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
        contents[f"{table}.csv"] = buf.getvalue()
    for name in names:
        fd, tmp = tempfile.mkstemp(dir=target, prefix=f".{name}.")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(contents[name])
        os.replace(tmp, target / name)
    return names
