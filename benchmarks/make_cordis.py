"""Write a synthetic CORDIS CSV extract in the published layout, deterministic by seed.

The files have the headers of the real Horizon 2020 / Horizon Europe downloads (see
``tests/data/cordis/SOURCES.md``), ``;``-separated with every field quoted, and their quirks:
``ecContribution`` with a decimal point and ``totalCost`` with a decimal comma in
``organization.csv``, ``EL``/``UK`` country codes, about 1% of organisations without a
``nutsCode`` and 1% with only a country, NUTS-3 codes from the shipped NUTS labels, objectives
with line breaks, quotes and semicolons. Sizes follow the real H2020 extract: about five
participations per project and an organisation taking part in about six projects.

Usage::

    .venv/bin/python benchmarks/make_cordis.py out/bench/cordis-200k --rows 200000 --seed 1
    .venv/bin/python benchmarks/make_cordis.py out/bench/cordis.zip --rows 200000 --zip
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import zipfile
from importlib import resources
from pathlib import Path

__all__ = ["PROJECT_HEADER", "ORGANIZATION_HEADER", "EUROSCIVOC_HEADER", "generate", "main"]

PROJECT_HEADER = [
    "id",
    "acronym",
    "status",
    "title",
    "startDate",
    "endDate",
    "totalCost",
    "ecMaxContribution",
    "legalBasis",
    "topics",
    "ecSignatureDate",
    "frameworkProgramme",
    "masterCall",
    "subCall",
    "fundingScheme",
    "nature",
    "objective",
    "contentUpdateDate",
    "rcn",
    "grantDoi",
]
ORGANIZATION_HEADER = [
    "projectID",
    "projectAcronym",
    "organisationID",
    "vatNumber",
    "name",
    "shortName",
    "SME",
    "activityType",
    "street",
    "postCode",
    "city",
    "country",
    "nutsCode",
    "geolocation",
    "organizationURL",
    "contactForm",
    "contentUpdateDate",
    "rcn",
    "order",
    "role",
    "ecContribution",
    "netEcContribution",
    "totalCost",
    "endOfParticipation",
    "active",
]
EUROSCIVOC_HEADER = [
    "projectID",
    "euroSciVocCode",
    "euroSciVocPath",
    "euroSciVocTitle",
    "euroSciVocDescription",
]

_FIELDS = (
    (
        "/23/43/1195/1209",
        "/engineering and technology/mechanical engineering/"
        "manufacturing engineering/additive manufacturing",
        "additive manufacturing",
    ),
    (
        "/23/37/1101/1109/1113",
        "/engineering and technology/environmental engineering/"
        "energy and fuels/renewable energy/hydrogen energy",
        "hydrogen energy",
    ),
    (
        "/23/35/1051/1079",
        "/engineering and technology/electrical engineering, electronic "
        "engineering, information engineering/electronic engineering/robotics",
        "robotics",
    ),
    ("/21/39/225/233", "/natural sciences/chemical sciences/polymer sciences/plastics", "plastics"),
    (
        "/27/81/691",
        "/agricultural sciences/agriculture, forestry, and fisheries/agriculture",
        "agriculture",
    ),
    (
        "/25/57/451/463",
        "/social sciences/economics and business/economics/sustainable economy/circular economy",
        "circular economy",
    ),
    (
        "/21/31/97",
        "/natural sciences/computer and information sciences/artificial intelligence",
        "artificial intelligence",
    ),
    ("/29/107/591", "/medical and health sciences/basic medicine/immunology/vaccines", "vaccines"),
    ("/21/33/121", "/natural sciences/mathematics/pure mathematics/topology", "topology"),
)
_WORDS = [
    "smart",
    "green",
    "hydrogen",
    "robotic",
    "circular",
    "digital",
    "bio",
    "precision",
    "modular",
    "resilient",
    "lightweight",
    "autonomous",
    "quantum",
    "alpine",
    "marine",
    "urban",
    "sensor",
    "battery",
    "polymer",
]
_NOUNS = [
    "factories",
    "materials",
    "valleys",
    "farms",
    "cities",
    "grids",
    "composites",
    "networks",
    "vaccines",
    "pipelines",
    "moulds",
    "corridors",
]
_SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "ten",
    "lu",
    "ber",
    "sa",
    "vo",
    "din",
    "ex",
    "tra",
    "fil",
    "gor",
    "hen",
    "ia",
    "mon",
]
_FORMS = ("GMBH", "SPA", "SAS", "DOO", "AG", "SRL", "LIMITED", "BV", "SL", "OY", "AB", "")
_ACTIVITIES = (("PRC", 45), ("HES", 20), ("REC", 20), ("PUB", 8), ("OTH", 7))
_ROLES = ("participant", "participant", "participant", "thirdParty", "associatedPartner")


def _nuts3() -> list[str]:
    """Return the NUTS-3 codes of the shipped labels (no extra-regio codes)."""
    path = resources.files("synergy") / "data" / "nuts_labels.json"
    labels = json.loads(path.read_text(encoding="utf-8"))["labels"]
    return sorted(c for c in labels if len(c) == 5 and not c.endswith("Z"))


def _q(cells) -> str:
    return ";".join('"' + str(c).replace('"', '""') + '"' for c in cells) + "\n"


def _money_point(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _money_comma(value: float) -> str:
    return _money_point(value).replace(".", ",")


def generate(
    out: Path, *, rows: int = 200_000, seed: int = 1, release: str = "H2020", as_zip: bool = False
) -> dict[str, int]:
    """Write project.csv, organization.csv and euroSciVoc.csv; return the row counts.

    ``out`` is a folder (or, with ``as_zip``, a zip holding the files under ``csv/``).
    """
    rng = random.Random(seed)
    n_projects = max(1, rows // 5)
    n_orgs = max(1, rows // 6)
    codes = _nuts3()
    activities = [a for a, _ in _ACTIVITIES]
    weights = [w for _, w in _ACTIVITIES]
    orgs = []
    for i in range(n_orgs):
        code = rng.choice(codes)
        roll = rng.random()
        nuts = "" if roll < 0.01 else code[:2] if roll < 0.02 else code
        name = " ".join(
            "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).upper()
            for _ in range(rng.randint(1, 3))
        )
        activity = rng.choices(activities, weights)[0]
        form = rng.choice(_FORMS) if activity == "PRC" else ""
        orgs.append(
            (
                str(900_000_000 + i),
                f"{name} {form}".strip(),
                activity,
                "true" if activity == "PRC" and rng.random() < 0.6 else "false",
                code[:2],
                nuts,
            )
        )
    # consortium sizes: every project has a coordinator, the other rows go to random projects
    sizes = [1] * n_projects
    for k in rng.choices(range(n_projects), k=rows - n_projects):
        sizes[k] += 1
    first, years = (
        (600_000, range(2014, 2021)) if release == "H2020" else (101_000_000, range(2021, 2028))
    )
    folder = out.with_name(out.name + ".parts") if as_zip else out
    folder.mkdir(parents=True, exist_ok=True)
    handles = {
        name: (folder / name).open("w", encoding="utf-8", newline="")
        for name in ("project.csv", "organization.csv", "euroSciVoc.csv")
    }
    project, organization, voc = handles.values()
    project.write(_q(PROJECT_HEADER))
    organization.write(_q(ORGANIZATION_HEADER))
    voc.write(_q(EUROSCIVOC_HEADER))
    counts = {"project.csv": 0, "organization.csv": 0, "euroSciVoc.csv": 0}
    rcn = itertools.count(2_000_000)
    for p, size in enumerate(sizes):
        pid = str(first + p)
        acronym = "".join(rng.choice(_SYLLABLES) for _ in range(3)).upper()
        year = rng.choice(years)
        start = f"{year}-{rng.randint(1, 12):02d}-01"
        end = f"{year + rng.randint(1, 4)}-{rng.randint(1, 12):02d}-28"
        shares = [rng.uniform(50_000, 1_500_000) for _ in range(size)]
        total = round(sum(shares))
        title = f"{rng.choice(_WORDS).capitalize()} {rng.choice(_WORDS)} {rng.choice(_NOUNS)}"
        objective = f'{title}; work package "{acronym}".\nSecond paragraph.'
        project.write(
            _q(
                [
                    pid,
                    acronym,
                    "SIGNED",
                    title,
                    start,
                    end,
                    total,
                    total,
                    f"{release}.2.4",
                    f"{release}-TOPIC-{p % 97}",
                    start,
                    release,
                    f"{release}-CALL",
                    f"{release}-CALL",
                    "RIA",
                    "",
                    objective,
                    "2024-01-23 09:34:12",
                    next(rcn),
                    f"10.3030/{pid}",
                ]
            )
        )
        counts["project.csv"] += 1
        for code, path, field_title in rng.sample(_FIELDS, rng.randint(1, 2)):
            voc.write(_q([pid, code, path, field_title, ""]))
            counts["euroSciVoc.csv"] += 1
        for order, oi in enumerate(rng.sample(range(n_orgs), min(size, n_orgs)), start=1):
            oid, name, activity, sme, country, nuts = orgs[oi]
            share = shares[order - 1]
            organization.write(
                _q(
                    [
                        pid,
                        acronym,
                        oid,
                        "",
                        name,
                        name[:12],
                        sme,
                        activity,
                        "MAIN STREET 1",
                        "1000",
                        "CITY",
                        country,
                        nuts,
                        "",
                        "",
                        "",
                        "2024-01-23 09:34:12",
                        next(rcn),
                        order,
                        "coordinator" if order == 1 else rng.choice(_ROLES),
                        _money_point(share),
                        _money_point(share),
                        _money_comma(share * 1.25),
                        "false",
                        "",
                    ]
                )
            )
            counts["organization.csv"] += 1
    for fh in handles.values():
        fh.close()
    if as_zip:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in handles:
                zf.write(folder / name, f"csv/{name}")
                (folder / name).unlink()
        folder.rmdir()
    return counts


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, write the extract, print the row counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (or zip file with --zip)")
    parser.add_argument("--rows", type=int, default=200_000, help="organization.csv rows")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--release", choices=("H2020", "HORIZON"), default="H2020")
    parser.add_argument("--zip", action="store_true", help="write a zip (files under csv/)")
    args = parser.parse_args(argv)
    counts = generate(
        args.out, rows=args.rows, seed=args.seed, release=args.release, as_zip=args.zip
    )
    print(json.dumps(counts), file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
