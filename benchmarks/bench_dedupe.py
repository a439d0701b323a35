"""Benchmark actor deduplication: ``ingest.dedupe.dedupe_actors`` against Splink (DuckDB).

Quality is pairwise precision, recall and F1 over input rows (a pair is a true match when both
rows stand for the same actor); time is wall-clock seconds of the whole call (for Splink:
registering, training, predicting and clustering).

The labelled data come from a small deterministic generator in this file: distinct actors per
region built from multilingual surname, sector, place and coined-name pools (so near-misses such
as "Schmidt Logistik" / "Schmitt Logistik" and "Impianti Torino 1" / "Impianti Torino 2" occur
naturally), plus duplicates with legal-form, case, punctuation, accent, connector and 1–2
character typo variants, under a new id or the same id. ``--synth DIR`` reads a dataset made by
``synergy.synth`` instead (its ``_truth/actor_duplicates.csv`` holds the labels).

Splink is a bench-only dependency and must stay out of the project's ``.venv`` (it brings
pyarrow, which changes pandas' string type): ``benchmarks/run_all.py`` makes ``.venv-bench``
(``python3 -m venv .venv-bench && .venv-bench/bin/pip install -e . splink``) and runs this
script there; ``--no-splink`` runs ours alone in any venv.

Usage::

    .venv-bench/bin/python benchmarks/bench_dedupe.py           # 20k actors, ours vs Splink
    .venv/bin/python benchmarks/bench_dedupe.py --n 200000 --no-splink   # timing at scale
    .venv/bin/python benchmarks/bench_dedupe.py --synth out/synth-dataset --no-splink --json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.dedupe import dedupe_actors  # noqa: E402
from ingest.legal_forms import normalise_name
from synergy.core.settings import DedupeSettings

__all__ = ["generate_actors", "pairwise_scores", "run_ours", "run_splink", "main"]

SURNAMES = {
    "de": "Müller Schmidt Schmitt Schneider Fischer Weber Meyer Meier Mayer Wagner Becker "
    "Schulz Hoffmann Hofmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann "
    "Schwarz Zimmermann Braun Krüger Hartmann Lange Werner Krause Lehmann Huber Gruber "
    "Moser Steiner Brunner Eder Fuchs Berger Winkler Haas Pichler Leitner Maier",
    "it": "Rossi Russo Ferrari Esposito Bianchi Bianco Romano Colombo Ricci Marino Greco Bruno "
    "Gallo Conti Costa Giordano Mancini Rizzo Lombardi Moretti Barbieri Fontana Santoro "
    "Mariani Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale "
    "Serra Villa Conte Ferri Fabbri Marchetti",
    "fr": "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefèvre Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard "
    "André Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau "
    "Blanc Guérin Muller Henry Roussel Perrin",
    "sl": "Novak Horvat Kovačič Krajnc Zupančič Potočnik Kovač Mlakar Kos Vidmar Golob Turk "
    "Božič Kralj Korošec Zupan Bizjak Hribar Kotnik Kavčič Rozman Kastelic Oblak Petek "
    "Žagar Kolar Košir Koren Jerman Medved Zorko Kranjc Pirc Sever Hočevar Jereb Rupnik",
    "en": "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
    "Evans Walker White Roberts Green Hall Wood Jackson Clarke Clark Harris Lewis Young "
    "King Lee Baker Hill Moore Cooper Ward Morris Turner Parker Cook Bell Murphy Bailey",
}
SECTORS = {
    "de": "Maschinenbau Elektrotechnik Holzbau Kunststofftechnik Logistik Metallbau Anlagenbau "
    "Energietechnik Lebensmittel Bau Automation Werkzeugbau Umwelttechnik Medizintechnik "
    "Software Beratung Transporte Solartechnik Feinmechanik Verpackung",
    "it": "Meccanica Costruzioni Elettronica Impianti Alimentari Automazione Logistica Plastica "
    "Energia Tessile Ingegneria Legno Trasporti Informatica Servizi Stampi Serramenti",
    "fr": "Mécanique Électronique Bâtiment Ingénierie Logistique Plasturgie Énergie "
    "Agroalimentaire Informatique Conseil Industrie Décolletage Horlogerie Usinage",
    "sl": "Strojništvo Elektronika Gradbeništvo Inženiring Logistika Plastika Energetika "
    "Informatika Storitve Avtomatika Orodjarna Kovinarstvo Svetovanje Prevozi",
    "en": "Engineering Systems Solutions Technologies Logistics Energy Software Consulting "
    "Robotics Materials Analytics Instruments Components Devices",
}
PLACES = [
    "Torino",
    "Milano",
    "Trento",
    "Verona",
    "Brescia",
    "Bergamo",
    "Bolzano",
    "Ljubljana",
    "Maribor",
    "Celje",
    "Kranj",
    "Linz",
    "Wels",
    "Steyr",
    "Salzburg",
    "München",
    "Augsburg",
    "Stuttgart",
    "Ulm",
    "Besançon",
    "Fribourg",
    "Bulle",
    "Dijon",
    "Belfort",
    "Annecy",
    "Novara",
    "Padova",
    "Vicenza",
    "Koper",
]
PREFIXES = [
    "Alp",
    "Tech",
    "Inno",
    "Eco",
    "Bio",
    "Nova",
    "Medi",
    "Agri",
    "Hydro",
    "Opti",
    "Digi",
    "Smart",
    "Sol",
    "Terra",
    "Vita",
    "Neo",
    "Euro",
    "Inter",
    "Pro",
    "Mont",
    "Velo",
    "Aero",
    "Quant",
    "Vers",
    "Lumi",
]
SUFFIXES = [
    "tec",
    "tech",
    "nova",
    "lab",
    "soft",
    "tronic",
    "med",
    "sys",
    "logic",
    "form",
    "plan",
    "net",
    "matic",
    "gen",
    "vision",
    "works",
    "line",
    "pack",
    "flex",
    "star",
    "data",
    "cell",
]
AND = {
    "de": ["&", "und", "u."],
    "it": ["&", "e"],
    "fr": ["&", "et"],
    "sl": ["&", "in"],
    "en": ["&", "and"],
}
FORMS = {
    "de": [
        ["GmbH", "G.m.b.H.", "Gmbh", "GMBH", "Ges.m.b.H."],
        ["AG", "A.G."],
        ["KG", "K.G."],
        ["GmbH & Co. KG", "GmbH & Co KG", "GmbH u. Co. KG", "Gmbh&Co.KG"],
        ["e.V.", "eV", "e. V."],
    ],
    "it": [
        ["S.p.A.", "SpA", "S.P.A.", "spa"],
        ["S.r.l.", "Srl", "S.R.L.", "s.r.l"],
        ["s.a.s.", "Sas", "S.A.S."],
        ["S.n.c.", "Snc"],
        ["Soc. Coop.", "Società Cooperativa"],
    ],
    "fr": [["SA", "S.A."], ["SAS", "S.A.S."], ["SARL", "S.à r.l.", "Sàrl"], ["SE"]],
    "sl": [["d.o.o.", "doo", "D.O.O.", "d. o. o."], ["d.d.", "dd"], ["s.p.", "sp"]],
    "en": [
        ["Ltd", "Ltd.", "Limited", "LTD"],
        ["plc", "PLC"],
        ["LLC", "L.L.C."],
        ["Inc.", "Inc", "Incorporated"],
    ],
}
LANGS = tuple(FORMS)


def _core_name(rng: random.Random, lang: str) -> tuple[str, bool]:
    """Return a name without legal form and whether it names a firm (not a research body)."""
    sur, sec = SURNAMES[lang].split(), SECTORS[lang].split()
    coined = rng.choice(PREFIXES) + rng.choice(SUFFIXES)
    pick = rng.random()
    if pick < 0.30:
        return f"{rng.choice(sur)} {rng.choice(sec)}", True
    if pick < 0.42:
        return f"{rng.choice(sur)} {rng.choice(AND[lang][:1])} {rng.choice(sur)}", True
    if pick < 0.55:
        return f"{coined} {rng.choice(SECTORS['en'].split())}", True
    if pick < 0.65:
        return f"{rng.choice(sec)} {rng.choice(PLACES)}", True
    if pick < 0.75:
        return f"{rng.choice(sur)} {rng.choice(sec)} {rng.choice(PLACES)}", True
    if pick < 0.83:
        return coined, True
    if pick < 0.93:
        return f"{rng.choice(sec)} {rng.choice(PLACES)} {rng.randint(1, 5)}", True
    inst = {
        "de": "Institut für",
        "it": "Istituto di",
        "fr": "Institut de",
        "sl": "Inštitut za",
        "en": "Institute of",
    }[lang]
    return f"{inst} {rng.choice(sec)} {rng.choice(PLACES)}", False


def _typo(rng: random.Random, text: str, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        letters = [k for k, c in enumerate(chars) if c.isalpha()]
        k = rng.choice(letters)
        op = rng.random()
        if op < 0.4:
            chars[k] = rng.choice("abcdefghijklmnoprstuvz")
        elif op < 0.65 and len(letters) > 4:
            del chars[k]
        elif op < 0.85:
            chars.insert(k, rng.choice("aeinorst"))
        elif k + 1 < len(chars) and chars[k + 1].isalpha():
            chars[k], chars[k + 1] = chars[k + 1], chars[k]
    return "".join(chars)


def _variant(rng: random.Random, core: str, forms: list[str], lang: str) -> str:
    """Return another spelling of ``core`` + a legal form of ``forms`` (same actor)."""
    if rng.random() < 0.35:
        core = _typo(rng, core, 1 if rng.random() < 0.7 else 2)
    for conn in AND[lang]:
        if f" {conn} " in core and rng.random() < 0.7:
            core = core.replace(f" {conn} ", f" {rng.choice(AND[lang])} ")
    if rng.random() < 0.3:
        core = unicodedata.normalize("NFKD", core).encode("ascii", "ignore").decode()
    form = "" if not forms else ("" if rng.random() < 0.2 else rng.choice(forms))
    sep = rng.choice([" ", " ", ", "]) if form else ""
    name = f"{core}{sep}{form}"
    case = rng.random()
    if case < 0.2:
        name = name.upper()
    elif case < 0.3:
        name = name.lower()
    elif case < 0.4:
        name = name.replace(" ", "-", 1)
    return name


def generate_actors(
    n: int = 20_000, *, dup_rate: float = 0.03, regions: int = 40, seed: int = 7
) -> tuple[pd.DataFrame, np.ndarray]:
    """Return (actors with provenance, the true entity number of every row)."""
    rng = random.Random(seed)
    rows: list[dict] = []
    entity: list[int] = []
    per_region = max(1, n // regions)
    for r in range(regions):
        region, lang = f"R{r:03d}", LANGS[r % len(LANGS)]
        seen: set[str] = set()
        while len(seen) < per_region:
            core, firm = _core_name(rng, lang)
            if core.lower() in seen:
                continue
            seen.add(core.lower())
            forms = rng.choice(FORMS[lang]) if firm else []
            name = f"{core} {forms[0]}" if forms else core
            ent = len(entity)
            base = {
                "actor_id": f"{region}-A{len(seen):05d}",
                "name": name,
                "region_id": region,
                "type": "firm" if firm else "research",
                "size": rng.choice(["micro", "small", "medium", "large"]),
                "nace": [f"C{rng.randint(10, 33)}"],
                "_file": f"{region}/actors.csv",
            }
            rows.append(base)
            entity.append(ent)
            copies = 1 if rng.random() < dup_rate else 0
            copies += copies and rng.random() < 0.1
            for c in range(copies):
                dup = dict(
                    base,
                    name=_variant(rng, core, forms, lang),
                    nace=[],
                    _file=f"{region}/members_{c}.csv",
                    actor_id=base["actor_id"]
                    if rng.random() < 0.3
                    else f"{region}-M{len(rows):06d}",
                )
                rows.append(dup)
                entity.append(ent)
    df = pd.DataFrame(rows)
    df["entity"] = entity
    df = df.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    df["_sheet"] = None
    df["_row"] = df.groupby("_file").cumcount() + 1
    return df.drop(columns="entity"), df["entity"].to_numpy()


def pairwise_scores(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    """Return pairwise (precision, recall, F1) of cluster labels ``pred`` against ``truth``."""

    def pairs(sizes: pd.Series) -> int:
        return int((sizes * (sizes - 1) // 2).sum())

    frame = pd.DataFrame({"p": pred, "t": truth})
    tp = pairs(frame.groupby(["p", "t"]).size())
    found, true = pairs(frame.groupby("p").size()), pairs(frame.groupby("t").size())
    precision = tp / found if found else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_ours(
    df: pd.DataFrame, settings: DedupeSettings = DedupeSettings()
) -> tuple[np.ndarray, float]:
    """Return (cluster label per row of ``df``, seconds)."""
    start = time.perf_counter()
    result = dedupe_actors(df, settings=settings)
    seconds = time.perf_counter() - start
    where = {src: k for k, srcs in enumerate(result.actors["sources"]) for src in srcs}
    sheets = df["_sheet"].fillna("").astype(str) if "_sheet" in df else [""] * len(df)
    keys = [
        f"{f}[{s}]:{r}" if s else f"{f}:{r}"
        for f, s, r in zip(df["_file"], sheets, df["_row"], strict=True)
    ]
    return np.array([where[k] for k in keys]), seconds


def _generic_clean(name: str) -> str:
    """Return the cleaning a Splink user would do: lowercase ASCII, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def run_splink(
    df: pd.DataFrame, truth: np.ndarray, *, clean=_generic_clean
) -> tuple[np.ndarray, float, float]:
    """Return (cluster label per row, seconds, threshold) of a Splink 5 DuckDB dedupe of ``df``.

    The model compares the cleaned name at Jaro-Winkler levels; predictions are blocked within
    a region on the first or last three characters of the name or on the id; u comes from
    random sampling; m is set by hand (EM on this one-field model converged to m = u, scoring
    exact names like strangers); same-id rows are linked afterwards by a deterministic rule,
    as ours are. Generous to
    Splink: it is clustered at match probabilities from 0.001 to 0.9 (one name field cannot
    lift the all-pairs prior far) and the best F1 against ``truth`` is kept; seconds count
    training, prediction and one clustering.
    """
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    names = [clean(x) for x in df["name"]]
    frame = pd.DataFrame(
        {
            "unique_id": np.arange(len(df)),
            "region_id": df["region_id"].astype(str).to_numpy(),
            "actor_id": df["actor_id"].astype(str).to_numpy(),
            "name": names,
            "head": [x[:3] for x in names],
            "tail": [x.replace(" ", "")[-3:] for x in names],
        }
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("region_id", "head"),
            block_on("region_id", "tail"),
            block_on("region_id", "actor_id"),
        ],
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.97, 0.92, 0.85]).configure(
                m_probabilities=[0.55, 0.25, 0.1, 0.05, 0.05]
            )
        ],
    )
    linker = Linker(DuckDBAPI().register(frame), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("region_id", "name")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    predictions = linker.inference.predict(threshold_match_probability=0.0005)
    pre = time.perf_counter() - start
    best = (np.arange(len(df)), 0.0, 0.0, -1.0)
    for threshold in (0.001, 0.01, 0.05, 0.1, 0.2, 0.5, 0.8, 0.9):
        t0 = time.perf_counter()
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        ).as_pandas_dataframe()
        label = dict(
            zip(clusters["unique_id"].tolist(), clusters["cluster_id"].tolist(), strict=True)
        )
        labels = _link_same_ids(df, [label.get(k, -1 - k) for k in range(len(df))])
        seconds = pre + time.perf_counter() - t0
        f1 = pairwise_scores(labels, truth)[2]
        if f1 > best[3]:
            best = (labels, seconds, threshold, f1)
    return best[0], best[1], best[2]


def _link_same_ids(df: pd.DataFrame, labels: list) -> np.ndarray:
    """Return cluster labels with rows of the same (region, actor_id) put together."""
    parent = {lab: lab for lab in labels}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[tuple[str, str], object] = {}
    for key, lab in zip(zip(df["region_id"], df["actor_id"], strict=True), labels, strict=True):
        other = first.setdefault(key, lab)
        a, b = find(lab), find(other)
        if a != b:
            parent[b] = a
    return np.array([str(find(lab)) for lab in labels])


def read_synth(folder: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the actor rows ingest hands to the deduplicator for a ``synergy synth`` folder,
    and each row's true actor (``_truth/actor_duplicates.csv``: actor_id, duplicate_of)."""
    import ingest.dataset as loader  # its duplicate-actors stage calls dedupe_actors
    from ingest import load_dataset

    captured: list[pd.DataFrame] = []
    original = loader.dedupe_actors

    def capture(actors, **kwargs):
        captured.append(actors.copy())
        return original(actors, **kwargs)

    loader.dedupe_actors = capture
    try:
        load_dataset(folder)
    finally:
        loader.dedupe_actors = original
    truth = pd.read_csv(folder / "_truth" / "actor_duplicates.csv", dtype=str)
    of = dict(zip(truth["actor_id"], truth["duplicate_of"], strict=True))
    df = captured[0]
    return df, np.array([of.get(a, a) for a in df["actor_id"].astype(str)])


def _as_json(source: str, rows: int, true_pairs: int, results: list[tuple]) -> dict:
    """Return the results as a JSON-ready dict; ``ratio`` is each tool's seconds / ours."""
    ours = results[0][4]
    return {
        "benchmark": "actor dedupe",
        "source": source,
        "rows": rows,
        "true_pairs": true_pairs,
        "results": [
            {
                "tool": tool,
                "precision": round(p, 4),
                "recall": round(r, 4),
                "f1": round(f, 4),
                "seconds": round(s, 3),
                "ratio": round(s / ours, 2) if ours else None,
            }
            for tool, p, r, f, s in results
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="distinct actors to generate")
    parser.add_argument("--dup-rate", type=float, default=0.03)
    parser.add_argument("--regions", type=int, default=0, help="default: one per 500 actors")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--synth", type=Path, help="a `synergy synth` folder instead")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)

    if args.synth:
        df, truth = read_synth(args.synth)
        source = f"synergy synth folder {args.synth}"
    else:
        regions = args.regions or max(1, args.n // 500)
        df, truth = generate_actors(args.n, dup_rate=args.dup_rate, regions=regions, seed=args.seed)
        source = (
            f"generated: {args.n} actors, {args.dup_rate:.0%} duplicated, "
            f"{regions} regions, seed {args.seed}"
        )
    true_pairs = int(pd.Series(truth).value_counts().pipe(lambda s: (s * (s - 1) // 2).sum()))
    if not args.json:
        print(f"{source}: {len(df)} rows, {true_pairs} true duplicate pairs\n")

    results = []
    labels, seconds = run_ours(df)
    results.append(("synergy dedupe_actors", *pairwise_scores(labels, truth), seconds))
    if not args.no_splink:
        for label, clean in (
            ("generic cleaning", _generic_clean),
            ("our normalise_name", normalise_name),
        ):
            labels, seconds, threshold = run_splink(df, truth, clean=clean)
            tool = f"Splink 5 (DuckDB), {label}, best p={threshold}"
            results.append((tool, *pairwise_scores(labels, truth), seconds))
    if args.json:
        print(json.dumps(_as_json(source, len(df), true_pairs, results), indent=2))
        return 0
    print("| tool | precision | recall | F1 | seconds |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for tool, p, r, f, s in results:
        print(f"| {tool} | {p:.4f} | {r:.4f} | {f:.4f} | {s:.2f} |")
    if len(results) > 1:
        ours = results[0][4]
        ratios = ", ".join(f"{s / ours:.1f}x ({t})" for t, *_, s in results[1:])
        print(f"\nSpeed ratio (Splink seconds / ours): {ratios}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
