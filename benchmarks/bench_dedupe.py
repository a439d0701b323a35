"""Benchmark actor deduplication: ``ingest.dedupe.dedupe_actors`` against Splink 5 (DuckDB).

Quality is pairwise precision, recall and F1 over input rows (a pair is a true match when both
rows stand for the same actor). Thresholds are chosen the same way for both tools: each labelled
set is split by actor (seeded) into a development split and a test split; each tool's
threshold is the one with the best F1 on the development split (ours: ``DedupeSettings``'
``threshold`` and ``max_edits``; Splink: the match weight at which pairs are clustered),
and precision, recall and F1 are reported on the test split only. A third set neither tool was
tuned on, ``benchmarks/data/real_names.csv`` (hand-labelled real organisation names, local
spelling vs CORDIS-style spelling), is scored with the thresholds of the generated set's
development split.

Splink is configured as its documentation recommends for organisation names (see
:func:`splink_settings`): cleaned names, an exact level with term-frequency adjustment, a
legal-form-stripped exact level, Jaro-Winkler levels, token-set Jaccard levels; the name's
rarest word (Jaro-Winkler), the legal form and the actor type as further comparisons; the
prior from a deterministic rule, u from random sampling, m either by expectation maximisation
on training blocks that are not the compared name or from the development split's labels;
prediction blocked within a region on the stripped name, the rarest name words and the name's
first letters. Both tools compare rows of one region only and link rows of one region with the
same ``actor_id`` (ours by its same-id rule, Splink by the same rule applied to its clusters).

Labelled data: :func:`generate_actors` (multilingual surname, sector, place and coined-name
pools with legal-form, case, punctuation, accent, connector and typo variants), a ``synergy
synth`` folder (``--synth``; ``_truth/actor_duplicates.csv``) and the real-name set.

Splink is a bench-only dependency and must stay out of the project's ``.venv`` (it brings
pyarrow, which changes pandas' string type): ``benchmarks/run_all.py`` makes ``.venv-bench``
(``python3 -m venv .venv-bench && .venv-bench/bin/pip install -e . splink``) and runs this
script there; ``--no-splink`` runs ours alone in any venv.

Usage::

    .venv-bench/bin/python benchmarks/bench_dedupe.py --json            # quality + timing
    .venv-bench/bin/python benchmarks/bench_dedupe.py --synth out/bench/synth-r20-c100-a5000
    .venv/bin/python benchmarks/bench_dedupe.py --no-splink --timing-sizes 200000
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from synergy.core.settings import DedupeSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# ingest is imported where it is used, so that a fresh process can time its import.

__all__ = [
    "generate_actors",
    "pairwise_scores",
    "split_by_actor",
    "read_real",
    "read_synth",
    "run_ours",
    "tune_ours",
    "splink_settings",
    "run_splink",
    "tune_splink",
    "main",
]

REAL_NAMES = Path(__file__).resolve().parent / "data" / "real_names.csv"
SPLIT_SEED = 2024
OUR_THRESHOLDS = tuple(round(0.80 + 0.02 * k, 2) for k in range(11))  # 0.80 ... 1.00
OUR_MAX_EDITS = (0, 1, 2)
SPLINK_THRESHOLDS = tuple(float(w) for w in np.arange(-20.0, 30.5, 0.5))  # match weights


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


def read_synth(folder: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the actor rows ingest hands to the deduplicator for a ``synergy synth`` folder,
    and each row's true actor (``_truth/actor_duplicates.csv``: actor_id, duplicate_of)."""
    import ingest.dataset as dedupe_module  # its duplicate-actors stage calls dedupe_actors
    from ingest import load_dataset

    captured: list[pd.DataFrame] = []
    original = dedupe_module.dedupe_actors

    def capture(actors, **kwargs):
        captured.append(actors.copy())
        return original(actors, **kwargs)

    dedupe_module.dedupe_actors = capture
    try:
        load_dataset(folder)
    finally:
        dedupe_module.dedupe_actors = original
    truth = pd.read_csv(folder / "_truth" / "actor_duplicates.csv", dtype=str)
    of = dict(zip(truth["actor_id"], truth["duplicate_of"], strict=True))
    df = captured[0]
    return df, np.array([of.get(a, a) for a in df["actor_id"].astype(str)])


def split_by_actor(
    df: pd.DataFrame, truth: np.ndarray, *, seed: int = SPLIT_SEED, share: float = 0.5
) -> tuple[tuple[pd.DataFrame, np.ndarray], tuple[pd.DataFrame, np.ndarray]]:
    """Return ((development rows, labels), (test rows, labels)): disjoint actors, seeded.

    Every row of one true actor lands in the same split, so no duplicate pair is cut in two
    and no actor of the test split is seen while choosing thresholds.
    """
    labels = np.asarray(truth).astype(str)
    actors = np.unique(labels)
    chosen = np.random.default_rng(seed).permutation(actors)[: round(len(actors) * share)]
    dev = np.isin(labels, chosen)
    return (
        (df[dev].reset_index(drop=True), labels[dev]),
        (df[~dev].reset_index(drop=True), labels[~dev]),
    )


def _true_pairs(truth: np.ndarray) -> int:
    sizes = pd.Series(truth).value_counts()
    return int((sizes * (sizes - 1) // 2).sum())


def read_real(path: Path = REAL_NAMES) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the hand-labelled real-name rows (the contract's actor columns) and their actor.

    The file lists one organisation name per row as a source would: ``file`` says which list
    it comes from (a regional member list in local spelling, a CORDIS-style participant list
    in upper-case transliteration, a third list with short or English names), ``entity`` is
    the label (rows with the same entity are the same organisation).
    """
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if not r["region_id"].startswith("#")]
    df = pd.DataFrame(rows)
    df["_row"] = df.groupby("file").cumcount() + 2
    df["actor_id"] = [f"{f.split('.')[0]}-{r}" for f, r in zip(df["file"], df["_row"], strict=True)]
    df = df.rename(columns={"file": "_file"})
    df["_sheet"] = None
    truth = df.pop("entity").to_numpy()
    return df[["actor_id", "name", "region_id", "type", "_file", "_sheet", "_row"]], truth


# --- ours -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One deduplication run: a label per row and the seconds it took."""

    labels: np.ndarray
    wall: float
    cpu: float


def run_ours(df: pd.DataFrame, settings: DedupeSettings | None = None) -> Run:
    """Return the actor of every row of ``df`` according to ``dedupe_actors``."""
    from ingest.dedupe import dedupe_actors
    from synergy.core.settings import DedupeSettings

    start, cpu = time.perf_counter(), time.process_time()
    result = dedupe_actors(df, settings=settings or DedupeSettings())
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    where = {src: k for k, srcs in enumerate(result.actors["sources"]) for src in srcs}
    sheets = df["_sheet"].fillna("").astype(str) if "_sheet" in df else [""] * len(df)
    keys = [
        f"{f}[{s}]:{r}" if s else f"{f}:{r}"
        for f, s, r in zip(df["_file"], sheets, df["_row"], strict=True)
    ]
    return Run(np.array([where[k] for k in keys]), wall, cpu)


def tune_ours(df: pd.DataFrame, truth: np.ndarray) -> tuple[DedupeSettings, float]:
    """Return the settings with the best F1 on ``df`` (first best in grid order) and that F1."""
    from synergy.core.settings import DedupeSettings

    best: tuple[float, DedupeSettings] | None = None
    for threshold in OUR_THRESHOLDS:
        for edits in OUR_MAX_EDITS:
            settings = DedupeSettings(threshold=threshold, max_edits=edits)
            f1 = pairwise_scores(run_ours(df, settings).labels, truth)[2]
            if best is None or f1 > best[0]:
                best = (f1, settings)
    assert best is not None
    return best[1], best[0]


# --- Splink ---------------------------------------------------------------------------------


def _generic_clean(name: str) -> str:
    """Return the cleaning Splink's documentation asks for: lower case, no accents, no
    punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def splink_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return the columns Splink compares, engineered from the actor rows.

    ``name_clean`` is the cleaned full name; ``name_core`` and ``legal_form`` split it into the
    name without legal forms and connectors and the legal form, with the project's own
    legal-form table (:func:`ingest.legal_forms.split_names`), so both tools know the same
    legal forms; ``name_tokens`` are the distinct words of ``name_core``; ``rare_1`` and
    ``rare_2`` its two rarest words in this input (for blocking, as in Splink's business-names
    example).
    """
    from ingest.legal_forms import split_names

    names = [str(x) for x in df["name"]]
    core, form = split_names(names)
    tokens = [sorted(set(c.split())) for c in core]
    freq = Counter(t for toks in tokens for t in toks)
    rare = [sorted(toks, key=lambda t: (freq[t], t))[:2] for toks in tokens]
    types = df["type"] if "type" in df else pd.Series([None] * len(df))
    return pd.DataFrame(
        {
            "unique_id": np.arange(len(df)),
            "region_id": df["region_id"].astype(str).to_numpy(),
            "actor_type": [str(t) if isinstance(t, str) and t else None for t in types],
            "name_clean": [_generic_clean(x) or None for x in names],
            "name_core": [c or None for c in core],
            "legal_form": [f or None for f in form],
            "name_tokens": [toks or None for toks in tokens],
            "rare_1": [r[0] if r else None for r in rare],
            "rare_2": [r[1] if len(r) > 1 else None for r in rare],
        }
    )


TOKEN_JACCARD = (
    "len(list_intersect(name_tokens_l, name_tokens_r)) / "
    "len(list_distinct(list_concat(name_tokens_l, name_tokens_r)))"
)


def splink_settings():
    """Return the Splink ``SettingsCreator`` of this benchmark (see the module docstring)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_description="organisation name",
        comparison_levels=[
            cll.NullLevel("name_clean"),
            cll.ExactMatchLevel("name_clean").configure(tf_adjustment_column="name_clean"),
            cll.ExactMatchLevel("name_core").configure(tf_adjustment_column="name_core"),
            cll.JaroWinklerLevel("name_core", 0.92),
            cll.CustomLevel(f"{TOKEN_JACCARD} >= 0.9", "same words (token-set Jaccard >= 0.9)"),
            cll.JaroWinklerLevel("name_core", 0.88),
            cll.CustomLevel(f"{TOKEN_JACCARD} >= 0.7", "token-set Jaccard >= 0.7"),
            cll.JaroWinklerLevel("name_core", 0.7),
            cll.ElseLevel(),
        ],
    )
    within = "l.region_id = r.region_id and "
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            name,
            cl.JaroWinklerAtThresholds("rare_1", [0.92, 0.8]),
            cl.ExactMatch("legal_form"),
            cl.ExactMatch("actor_type"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("region_id", "name_core"),
            block_on("region_id", "rare_1"),
            block_on("region_id", "rare_2"),
            within + "l.rare_1 = r.rare_2",
            within + "l.rare_2 = r.rare_1",
            block_on("region_id", "substr(name_core, 1, 4)"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def _splink_linker(df: pd.DataFrame, settings, labels: np.ndarray | None = None):
    """Return a Splink DuckDB linker on the engineered columns of ``df``."""
    import logging

    from splink import DuckDBAPI, Linker

    frame = splink_frame(df)
    if labels is not None:
        frame["true_actor"] = labels
    return Linker(DuckDBAPI().register(frame), settings, log_level=logging.ERROR)


def _estimate_prior_and_u(linker) -> None:
    """Estimate the prior from a deterministic rule and u by random sampling (unsupervised)."""
    from splink import block_on

    linker.training.estimate_probability_two_random_records_match(
        [block_on("region_id", "name_clean")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)


def m_from_labels(df: pd.DataFrame, truth: np.ndarray) -> dict:
    """Return a Splink model whose m come from the labels of ``df``
    (``estimate_m_from_label_column``): the most favourable setting for Splink."""
    linker = _splink_linker(df, splink_settings(), labels=np.asarray(truth).astype(str))
    _estimate_prior_and_u(linker)
    linker.training.estimate_m_from_label_column("true_actor")
    return linker.misc.save_model_to_json()


def _splink_predict(df: pd.DataFrame, model: dict | None = None):
    """Return (linker, predictions) of Splink on ``df``.

    Without ``model``, trained unsupervised as documented: prior from deterministic rules,
    u by random sampling, m by expectation maximisation, round robin (blocks on the legal
    form train the name, blocks on the name train the legal form and the type). With
    ``model`` (from :func:`m_from_labels`), its m are kept and only the prior and u are
    estimated on ``df``.
    """
    from splink import block_on

    linker = _splink_linker(df, model if model is not None else splink_settings())
    _estimate_prior_and_u(linker)
    if model is None:
        for rule in (block_on("region_id", "legal_form"), block_on("region_id", "name_core")):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
    return linker, linker.inference.predict()


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


def run_splink(df: pd.DataFrame, threshold: float, model: dict | None = None) -> Run:
    """Return the actor of every row according to Splink clustered at match weight
    ``threshold``.

    Timed from the raw rows: feature engineering, training, prediction, Splink's own
    clustering and the same-id rule (``model``: see :func:`_splink_predict`).
    """
    start, cpu = time.perf_counter(), time.process_time()
    linker, predictions = _splink_predict(df, model)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_weight=threshold
    ).as_pandas_dataframe()
    label = dict(zip(clusters["unique_id"].tolist(), clusters["cluster_id"].tolist(), strict=True))
    labels = _link_same_ids(df, [label.get(k, f"single-{k}") for k in range(len(df))])
    return Run(labels, time.perf_counter() - start, time.process_time() - cpu)


def _components(n: int, pairs: pd.DataFrame, threshold: float) -> list[int]:
    """Return connected components of the pairs whose match weight is at or above
    ``threshold`` (Splink's clustering rule)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    keep = pairs[pairs["match_weight"] >= threshold]
    graph = coo_matrix(
        (np.ones(len(keep)), (keep["unique_id_l"].to_numpy(), keep["unique_id_r"].to_numpy())),
        shape=(n, n),
    )
    return connected_components(graph, directed=False)[1].tolist()


def tune_splink(
    df: pd.DataFrame, truth: np.ndarray, model: dict | None = None
) -> tuple[float, float]:
    """Return the match weight with the best F1 on ``df`` (first best) and that F1.

    One model is trained and predicts once; clusters at each threshold are the connected
    components of the pairs at or above it, which is what Splink's clustering computes.
    """
    _, predictions = _splink_predict(df, model)
    cols = ["unique_id_l", "unique_id_r", "match_weight"]
    pairs = predictions.as_pandas_dataframe()[cols]
    best: tuple[float, float] | None = None
    for threshold in SPLINK_THRESHOLDS:
        labels = _link_same_ids(df, _components(len(df), pairs, threshold))
        f1 = pairwise_scores(labels, truth)[2]
        if best is None or f1 > best[0]:
            best = (f1, threshold)
    assert best is not None
    return best[1], best[0]


# --- the benchmark --------------------------------------------------------------------------


def _scored(tool: str, setting: str, run: Run, truth: np.ndarray) -> dict:
    p, r, f = pairwise_scores(run.labels, truth)
    return {
        "tool": tool,
        "setting": setting,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "wall_s": round(run.wall, 3),
        "cpu_s": round(run.cpu, 3),
    }


def _ours_setting(s: DedupeSettings) -> str:
    return f"threshold {s.threshold:.2f}, max_edits {s.max_edits}"


def quality(
    name: str, df: pd.DataFrame, truth: np.ndarray, splink: bool, chosen: dict | None = None
) -> tuple[dict, dict]:
    """Return the scores of the tools on one labelled set, and the thresholds used.

    Without ``chosen``: split by actor, choose every threshold on the development split,
    score the test split. With ``chosen`` (from another set's development split): score the
    whole set with those thresholds (and Splink's m from that set's labels).
    """
    if chosen is None:
        (dev, dev_truth), (test, test_truth) = split_by_actor(df, truth)
        ours, ours_f1 = tune_ours(dev, dev_truth)
        chosen = {"ours": ours, "dev_f1": {"ours": ours_f1}}
        if splink:
            chosen["splink_em"], chosen["dev_f1"]["splink_em"] = tune_splink(dev, dev_truth)
            chosen["labels_model"] = m_from_labels(dev, dev_truth)
            chosen["splink_labels"], chosen["dev_f1"]["splink_labels"] = tune_splink(
                dev, dev_truth, chosen["labels_model"]
            )
        dev_rows = len(dev)
    else:
        test, test_truth, dev_rows = df, truth, 0
    ours = chosen["ours"]
    results = [
        _scored("synergy", "shipped defaults", run_ours(test), test_truth),
        _scored("synergy", _ours_setting(ours), run_ours(test, ours), test_truth),
    ]
    if splink:
        em, lab = chosen["splink_em"], chosen["splink_labels"]
        results += [
            _scored("Splink, m by EM", f"match weight {em:g}", run_splink(test, em), test_truth),
            _scored(
                "Splink, m from dev labels",
                f"match weight {lab:g}",
                run_splink(test, lab, chosen["labels_model"]),
                test_truth,
            ),
        ]
    summary = {
        "ours": _ours_setting(ours),
        **{k: chosen[k] for k in ("splink_em", "splink_labels") if k in chosen},
        "dev_f1": chosen["dev_f1"],
    }
    return {
        "set": name,
        "dev_rows": dev_rows,
        "test_rows": len(test),
        "test_true_pairs": _true_pairs(test_truth),
        "chosen": summary,
        "results": results,
    }, chosen


def _probe(tool: str) -> dict:
    """In this fresh process (numpy and pandas loaded), time the tool's import and one run on
    100 generated rows: what any run costs whatever its size."""
    df, _ = generate_actors(100, regions=1, seed=11)
    start = time.perf_counter()
    if tool == "splink":
        import splink  # noqa: F401
        import splink.comparison_library  # noqa: F401
    else:
        import ingest.dedupe  # noqa: F401
    imported = time.perf_counter() - start
    run = run_splink(df, 0.5) if tool == "splink" else run_ours(df)
    return {"import_s": imported, "tiny_run_s": run.wall, "startup_s": imported + run.wall}


def startup(tool: str, probes: int = 3) -> dict:
    """Return ``tool``'s start-up: the median of ``probes`` fresh processes (:func:`_probe`)."""
    cmd = [sys.executable, __file__, "--probe", tool]
    runs = [
        json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
        for _ in range(probes)
    ]
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def timing(
    sizes: list[int], chosen: dict, splink: bool, repeats: int, splink_max_rows: int
) -> list[dict]:
    """Return warm wall and CPU seconds (median of ``repeats``) per size and tool, with the
    start-up share and whether a ratio is reportable (start-up < 10% of a run for both).
    Splink is not timed above ``splink_max_rows`` rows (one run takes minutes there)."""
    tools = ["synergy"] + (["Splink"] if splink else [])
    starts = {tool: startup("splink" if tool == "Splink" else "ours") for tool in tools}
    out = []
    for n in sizes:
        df, _ = generate_actors(n, regions=max(1, n // 500), seed=11)
        row = {"rows": len(df), "tools": {}}
        for tool in tools:
            if tool == "Splink" and n > splink_max_rows:
                continue

            def call(df=df, tool=tool):
                if tool == "Splink":
                    return run_splink(df, chosen["splink_em"])
                return run_ours(df, chosen["ours"])

            call()  # warm-up
            runs = [call() for _ in range(repeats)]
            wall = statistics.median(r.wall for r in runs)
            share = starts[tool]["startup_s"] / (starts[tool]["startup_s"] + wall)
            row["tools"][tool] = {
                "wall_s": wall,
                "cpu_s": statistics.median(r.cpu for r in runs),
                **starts[tool],
                "startup_share": share,
            }
        if "Splink" in row["tools"]:
            ours, theirs = row["tools"]["synergy"], row["tools"]["Splink"]
            row["ratio_wall"] = theirs["wall_s"] / ours["wall_s"]
            row["ratio_cpu"] = theirs["cpu_s"] / ours["cpu_s"]
            row["ratio_reportable"] = max(ours["startup_share"], theirs["startup_share"]) < 0.10
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="distinct actors to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--synth", type=Path, help="also a `synergy synth` folder")
    parser.add_argument("--real", type=Path, default=REAL_NAMES, help="the real-name set")
    parser.add_argument("--timing-sizes", type=int, nargs="*", default=[20_000, 200_000])
    parser.add_argument("--splink-max-rows", type=int, default=25_000, help="time Splink up to")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--probe", choices=("ours", "splink"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(_probe(args.probe)))
        return 0
    splink = not args.no_splink
    df, truth = generate_actors(args.n, regions=max(1, args.n // 500), seed=args.seed)
    generated, chosen = quality(f"generated {args.n:,} actors, seed {args.seed}", df, truth, splink)
    sets = [generated]
    if args.synth:
        sets.append(quality(f"synergy synth {args.synth.name}", *read_synth(args.synth), splink)[0])
    real = quality(
        "real names, thresholds from the generated set", *read_real(args.real), splink, chosen
    )
    sets.append(real[0])
    report = {
        "benchmark": "actor dedupe",
        "split_seed": SPLIT_SEED,
        "sets": sets,
        "splink_max_rows": args.splink_max_rows,
        "timing": timing(
            args.timing_sizes, chosen, splink, max(args.repeats, 5), args.splink_max_rows
        ),
    }
    if args.json:
        print(json.dumps(report, indent=2, default=str))
        return 0
    for s in sets:
        print(f"{s['set']}: {s['test_rows']} test rows, {s['test_true_pairs']} true pairs")
        for r in s["results"]:
            print(
                f"  {r['tool']:8} {r['setting']:32} P {r['precision']:.4f} R {r['recall']:.4f} "
                f"F1 {r['f1']:.4f}  {r['wall_s']:.2f} s"
            )
    for row in report["timing"]:
        print(
            f"{row['rows']} rows: "
            + ", ".join(
                f"{t} {v['wall_s']:.2f} s wall, {v['cpu_s']:.2f} s CPU, "
                f"start-up {v['startup_share']:.0%}"
                for t, v in row["tools"].items()
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
