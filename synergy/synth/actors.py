"""Return synthetic actors, their value-chain roles and their labelled duplicate rows.

Part of the synthetic dataset generator (:mod:`synergy.synth`). Vectorised with numpy where
it counts: O(actors × stages) time for the roles, O(actors) for the rest; names are built in
one Python pass (about 0.5 s for 200 000 actors).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synergy.core.model import ACTOR_SIZES, ACTOR_TYPES
from synergy.synth.vocab import (
    DOMAIN_IDS,
    DOMAINS,
    LEGAL_FORMS,
    LEGAL_VARIANTS,
    ORG_PATTERNS,
    SECTOR_WORDS,
)

__all__ = ["make_actors", "stem_text", "SYLLABLES", "DUPLICATE_SHARE"]

DUPLICATE_SHARE = 0.03  # duplicate rows per distinct actor

_CONS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
# The closing consonant depends on the first consonant and on the vowel, so two different
# syllables differ in at least two letters: distinct actors never look like typos of each other.
SYLLABLES = tuple(
    c + v + _CONS[(i + 5 * j) % len(_CONS)]
    for i, c in enumerate(_CONS)
    for j, v in enumerate(_VOWELS)
)
_N = len(SYLLABLES)
_TECH = ("tec", "tronic", "tech", "lab", "med", "sys")
_NON_FIRM_NACE = {"research": "72", "university": "85", "public": "84", "intermediary": "94"}
_DOMAIN_INDEX = {d: i for i, d in enumerate(DOMAIN_IDS)}


def stem_text(index: int) -> str:
    """Return invented word number ``index``: 3 syllables below 70², else 4.

    The last syllable is a checksum of the others, so two different words differ in at least
    two syllables (four letters): distinct actors never look like typos of each other.

    >>> stem_text(0), stem_text(71)
    ('Babbabbab', 'Belbelbis')
    """
    if index < _N**2:
        parts = [index // _N, index % _N]
    else:
        i = index - _N**2
        parts = [i // _N**2, (i // _N) % _N, i % _N]
    parts.append(sum(parts) % _N)
    return "".join(SYLLABLES[p] for p in parts).capitalize()


def _stage_roles(rng, reg, dom, types, chains, n_regions, counts):
    """Return (chain index, stage index, second stage flag, planted) arrays for every actor."""
    n, k_chains = len(reg), len(chains)
    chain = np.full(n, -1)
    stage = np.full(n, -1)
    if k_chains == 0 or n == 0:
        return chain, stage, np.zeros(n, bool), []
    chain_dom = np.zeros((len(DOMAIN_IDS), k_chains), bool)
    for k, (_, stages) in enumerate(chains):
        for _, doms in stages:
            for d in doms:
                chain_dom[_DOMAIN_INDEX[d], k] = True
    has_cand = chain_dom[dom].any(axis=1)
    takes = rng.random(n) < np.where(has_cand, 0.5, 0.08)
    for d in range(len(DOMAIN_IDS)):
        idx = np.nonzero(takes & (dom == d))[0]
        cands = np.nonzero(chain_dom[d])[0]
        if len(cands) == 0:
            cands = np.arange(k_chains)
        chain[idx] = cands[rng.integers(len(cands), size=len(idx))]
    # A U-shaped bias per region and chain: most regions lean clearly up- or downstream.
    center = rng.beta(0.5, 0.5, size=(n_regions, k_chains))
    planted = _plant(rng, reg, types, chain, counts, chains)
    for k, (_, stages) in enumerate(chains):
        idx = np.nonzero(chain == k)[0]
        ns = len(stages)
        x = np.linspace(0.0, 1.0, ns)
        w = np.exp(-((x[None, :] - center[reg[idx], k][:, None]) ** 2) / (2 * 0.2**2)) + 0.02
        match = np.array(
            [[DOMAIN_IDS[d] in doms for _, doms in stages] for d in range(len(DOMAIN_IDS))]
        )
        w *= 1.0 + 2.0 * match[dom[idx]]
        cum = w.cumsum(axis=1)
        u = rng.random(len(idx)) * cum[:, -1]
        stage[idx] = np.minimum((cum < u[:, None]).sum(axis=1), ns - 1)
    second = (chain >= 0) & (rng.random(n) < 0.15)
    for p in planted:
        k, ns, half = p["_k"], len(chains[p["_k"]][1]), len(chains[p["_k"]][1]) // 2
        up = np.nonzero((reg == p["_up"]) & (chain == k))[0]
        down = np.nonzero((reg == p["_down"]) & (chain == k))[0]
        stage[up] = np.where(stage[up] < half, stage[up], rng.integers(0, half, size=len(up)))
        stage[down] = np.where(
            stage[down] >= half, stage[down], rng.integers(half, ns, size=len(down))
        )
        second[up] = False
        second[down] = False
        p["_up_idx"], p["_down_idx"] = up, down
    return chain, stage, second, planted


def _plant(rng, reg, types, chain, counts, chains) -> list[dict]:
    """Pick region pairs that split a chain (one upstream, one downstream); recruit actors."""
    eligible = [int(r) for r in rng.permutation(len(counts)) if counts[r] >= 12]
    n_pairs = min(len(chains), max(1, len(counts) // 12), 5, len(eligible) // 2)
    ks = rng.permutation(len(chains))[:n_pairs]
    planted = []
    for i in range(n_pairs):
        up, down, k = eligible[2 * i], eligible[2 * i + 1], int(ks[i])
        for r in (up, down):
            have = np.nonzero((reg == r) & (chain == k))[0]
            free = np.nonzero((reg == r) & (chain < 0) & (types == 0))[0]
            need = max(0, max(4, int(counts[r]) // 50) - len(have))
            chain[free[:need]] = k
        planted.append({"_k": k, "_up": up, "_down": down})
    return planted


def _typo(rng, word: str) -> str:
    """Return ``word`` with one typing error inside it (never its first letter)."""
    if len(word) < 3:
        return word + word[-1]
    i = int(rng.integers(1, len(word) - 1))
    op = int(rng.integers(4))
    if op == 0 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == 1:
        return word[:i] + word[i + 1 :]
    if op == 2:
        letters = [c for c in "aeiourstnlkm" if c != word[i].lower()]
        return word[:i] + letters[int(rng.integers(len(letters)))] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _variant(rng, core: str, stem: str, legal: str) -> tuple[str, str]:
    """Return (duplicate name, variation kinds) for one actor name."""
    kinds = []
    new_legal = legal
    if legal and rng.random() < 0.5:
        options = LEGAL_VARIANTS.get(legal, ("",))
        new_legal = options[int(rng.integers(len(options)))]
        kinds.append("legal-form")
    new_core = core
    if rng.random() < 0.5 or not kinds:
        typo = _typo(rng, stem)
        if rng.random() < 0.3:
            typo = _typo(rng, typo)
        new_core = core.replace(stem, typo, 1)
        kinds.append("typo")
    sep = " "
    if rng.random() < 0.25:
        new_core = new_core.replace("-", " ").replace(".", "")
        sep = ", " if new_legal else " "
        kinds.append("punctuation")
    name = f"{new_core}{sep}{new_legal}".strip()
    if rng.random() < 0.25:
        name = name.upper() if rng.random() < 0.5 else name.lower()
        kinds.append("case")
    return name, ";".join(kinds)


def _stems(indices: np.ndarray) -> np.ndarray:
    """Return :func:`stem_text` for many indices at once (object array)."""
    syl = np.array(SYLLABLES, dtype=object)
    cap = np.array([x.capitalize() for x in SYLLABLES], dtype=object)
    out = np.empty(len(indices), dtype=object)
    three = indices < _N**2
    i = indices[three]
    a, b = i // _N, i % _N
    out[three] = cap[a] + syl[b] + syl[(a + b) % _N]
    j = indices[~three] - _N**2
    a, b, c = j // _N**2, (j // _N) % _N, j % _N
    out[~three] = cap[a] + syl[b] + syl[c] + syl[(a + b + c) % _N]
    return out


def _draw_stems(rng, m: int) -> np.ndarray:
    """Return ``m`` distinct word numbers: short (3-syllable) words first, then 4-syllable."""
    short = min(m, _N**2 // 2)
    if m - short > _N**3:
        raise ValueError(f"{m} actors in one region exceed the {_N**3} invented names.")
    picks = np.concatenate(
        [
            rng.choice(_N**2, size=short, replace=False),
            _N**2 + rng.choice(_N**3, size=m - short, replace=False),
        ]
    )
    return rng.permutation(picks)


def _cycled(options: tuple[str, ...], width: int = 12) -> list[str]:
    # 12 is a multiple of every option count used (1-4), so "pick % 12" stays uniform.
    return [options[j % len(options)] for j in range(width)]


def _names(rng, reg, types, stems, langs, countries):
    """Return (name cores, legal forms, stems as written) for every actor (object arrays)."""
    n = len(reg)
    pattern = rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    sector = rng.integers(10, size=n)
    legal_pick = rng.integers(12, size=n)
    tech = rng.integers(len(_TECH), size=n)
    lang_ids = sorted(set(langs))
    lang_of = np.array([lang_ids.index(x) for x in langs])[reg]
    sectors = np.array([list(SECTOR_WORDS[x]) for x in lang_ids], dtype=object)
    legal_table = np.array([_cycled(LEGAL_FORMS.get(c, ("Ltd",))) for c in countries], dtype=object)
    stem = _stems(stems)
    is_firm = types == 0
    stem = np.where(is_firm & (pattern == 2), stem + np.array(_TECH, dtype=object)[tech], stem)
    firm_core = np.where(pattern == 0, stem + " " + sectors[lang_of, sector], stem)
    # Non-firm names: "<prefix><stem><suffix>" from the pattern of their type and language.
    pre = np.empty((len(ACTOR_TYPES), len(lang_ids)), dtype=object)
    post = np.empty_like(pre)
    for t, tname in enumerate(ACTOR_TYPES):
        for j, lang in enumerate(lang_ids):
            head, _, tail = ORG_PATTERNS.get(tname, {}).get(lang, "{s}").partition("{s}")
            pre[t, j], post[t, j] = head, tail
    org_core = pre[types, lang_of] + stem + post[types, lang_of]
    cores = np.where(is_firm, firm_core, org_core)
    legals = np.where(is_firm, legal_table[reg, legal_pick], "")
    return cores, legals.astype(object), stem


def make_actors(
    rng,
    regions: pd.DataFrame,
    weight,
    profile,
    clusters: pd.DataFrame,
    cluster_rows: list[list[int]],
    chains: list,
    n: int,
):
    """Return (actors, duplicates, planted, members per cluster) for ``n`` distinct actors.

    ``actors`` holds the distinct actors and the duplicate rows, sorted by ``actor_id``;
    ``duplicates`` has ``actor_id``, ``duplicate_of``, ``variation``; ``planted`` lists the
    complementary region pairs with the actors that make them. Draws happen in a fixed order
    from ``rng``, so the same seed gives the same actors.
    """
    n_regions = len(regions)
    counts = rng.multinomial(n, weight / weight.sum())
    reg = np.repeat(np.arange(n_regions), counts)
    types, size, size_blank, member, second = _draw_kinds(rng, n)
    c1, c2, dom, stems = _draw_clusters(
        rng, counts, profile, clusters, cluster_rows, member, second
    )
    chain, stage, second_stage, planted = _stage_roles(
        rng, reg, dom, types, chains, n_regions, counts
    )
    langs = regions["_lang"].tolist()
    rids = regions["region_id"].tolist()
    cids = clusters["cluster_id"].tolist() if len(clusters) else []
    cores, legals, stem = _names(rng, reg, types, stems, langs, regions["country"].tolist())
    nace_second = rng.random(n) < 0.2
    nace_pick = rng.integers(12, size=(n, 2))
    nd = int(round(n * DUPLICATE_SHARE))
    width = max(6, len(str(n + nd)))
    ids = [f"A{x + 1:0{width}d}" for x in rng.permutation(n + nd)]
    cid_arr = np.array([*cids, ""], dtype=object)  # index -1 -> ""
    cl1, cl2 = cid_arr[c1], cid_arr[c2]
    base = {
        "actor_id": np.array(ids[:n], dtype=object),
        "name": np.where(legals == "", cores, cores + " " + legals),
        "region_id": np.array(rids, dtype=object)[reg],
        "type": np.array(ACTOR_TYPES, dtype=object)[types],
        "size": np.where(size_blank, "", np.array(ACTOR_SIZES, dtype=object)[size]).astype(object),
        "nace": _nace(types, dom, nace_pick, nace_second),
        "cluster_ids": np.where(c2 >= 0, cl1 + ";" + cl2, cl1),
        "roles": _role_cells(chain, stage, second_stage, chains),
        "_lang": np.array(langs, dtype=object)[reg],
        "_dup": np.zeros(n, bool),
        "_alt": np.zeros(n, bool),
    }
    extra, duplicates = _duplicate_rows(rng, base, ids[n:], cores, stem, legals)
    actors = pd.DataFrame({k: np.concatenate([base[k], extra[k]]) for k in base})
    actors = actors.sort_values("actor_id", kind="stable").reset_index(drop=True)
    members = np.bincount(c1[c1 >= 0], minlength=len(cids)) + np.bincount(
        c2[c2 >= 0], minlength=len(cids)
    )
    return actors, duplicates, _planted_truth(planted, chains, rids, ids), members


def _draw_kinds(rng, n: int):
    """Return each actor's type, size (and whether it is left blank), membership flags."""
    types = rng.choice(len(ACTOR_TYPES), size=n, p=[0.86, 0.05, 0.02, 0.02, 0.05])
    size = np.select(
        [types == 0, types == 1, types == 2, types == 3],
        [
            rng.choice(4, size=n, p=[0.55, 0.28, 0.12, 0.05]),
            rng.choice([2, 3], size=n),
            np.full(n, 3),
            np.full(n, 2),
        ],
        rng.choice([0, 1], size=n),
    )
    size_blank = rng.random(n) < 0.08
    member = rng.random(n) < np.where(types == 0, 0.55, 0.8)
    second = rng.random(n) < 0.12
    return types, size, size_blank, member, second


def _draw_clusters(rng, counts, profile, clusters, cluster_rows, member, second):
    """Return each actor's first and second cluster (-1: none), domain and name stem.

    Region by region: stems and domains (from the region's profile) are drawn, then members
    pick clusters of their region by cluster weight; a member takes its cluster's domain.
    """
    n = int(counts.sum())
    c1, c2 = np.full(n, -1), np.full(n, -1)
    dom = np.zeros(n, dtype=np.int64)
    stems = np.zeros(n, dtype=np.int64)
    cw = clusters["_weight"].to_numpy() if len(clusters) else np.zeros(0)
    cdom = clusters["_domain"].map(_DOMAIN_INDEX).to_numpy() if len(clusters) else np.zeros(0, int)
    start = 0
    for r in range(len(counts)):
        s, e = start, start + int(counts[r])
        start = e
        m = e - s
        if m == 0:
            continue
        stems[s:e] = _draw_stems(rng, m)
        dom[s:e] = rng.choice(len(DOMAIN_IDS), size=m, p=profile[r])
        cl = np.asarray(cluster_rows[r], dtype=np.int64)
        if len(cl):
            p = cw[cl] / cw[cl].sum()
            pick, pick2 = cl[rng.choice(len(cl), size=m, p=p)], cl[rng.choice(len(cl), size=m, p=p)]
            c1[s:e] = np.where(member[s:e], pick, -1)
            c2[s:e] = np.where(member[s:e] & second[s:e] & (pick2 != pick), pick2, -1)
    has = c1 >= 0
    dom[has] = cdom[c1[has]]
    return c1, c2, dom, stems


def _duplicate_rows(rng, base: dict, ids: list[str], cores, stem, legals):
    """Return the duplicate rows (name variants of drawn actors, some cells left blank) and
    the truth table ``actor_id``, ``duplicate_of``, ``variation``."""
    n, nd = len(base["actor_id"]), len(ids)
    src = np.sort(rng.choice(n, size=nd, replace=False)) if nd else np.zeros(0, int)
    keep = rng.random((nd, 4))
    dup_names, kinds = [], []
    for i in src:
        name, kind = _variant(rng, cores[i], stem[i], legals[i])
        dup_names.append(name)
        kinds.append(kind)
    alt = rng.random(nd) < 1 / 3
    blank = np.full(nd, "", dtype=object)
    extra = {
        "actor_id": np.array(ids, dtype=object),
        "name": np.array(dup_names, dtype=object),
        "region_id": base["region_id"][src],
        "type": base["type"][src],
        "size": np.where(keep[:, 0] < 0.7, base["size"][src], blank),
        "nace": np.where(keep[:, 1] < 0.6, base["nace"][src], blank),
        "cluster_ids": np.where(keep[:, 2] < 0.6, base["cluster_ids"][src], blank),
        "roles": np.where(keep[:, 3] < 0.2, base["roles"][src], blank),
        "_lang": base["_lang"][src],
        "_dup": np.ones(nd, bool),
        "_alt": alt,
    }
    duplicates = pd.DataFrame(
        {
            "actor_id": extra["actor_id"],
            "duplicate_of": base["actor_id"][src],
            "variation": np.array(kinds, dtype=object),
        }
    )
    return extra, duplicates.sort_values("actor_id").reset_index(drop=True)


def _nace(types, dom, pick, second) -> np.ndarray:
    """Return the NACE cell of every actor: 1–2 divisions of its domain, or its type's."""
    table = np.array([_cycled(DOMAINS[d][0]) for d in DOMAIN_IDS], dtype=object)
    first, other = table[dom, pick[:, 0]], table[dom, pick[:, 1]]
    firm_cell = np.where(second & (other != first), first + ";" + other, first)
    fixed = np.array([_NON_FIRM_NACE.get(t, "") for t in ACTOR_TYPES], dtype=object)[types]
    return np.where(types == 0, firm_cell, fixed)


def _role_cells(chain, stage, second, chains) -> np.ndarray:
    """Return the ``roles`` cell of every actor (``chain:stage``, maybe the next stage too)."""
    flat = [f"{cid}:{sid}" for cid, stages in chains for sid, _ in stages] + [""]
    last = np.array(
        [k == len(stages) - 1 for _, stages in chains for k in range(len(stages))] + [True]
    )
    offsets = np.cumsum([0] + [len(st) for _, st in chains])
    pos = np.where(chain >= 0, offsets[np.maximum(chain, 0)] + stage, len(flat) - 1)
    flat_arr = np.array(flat, dtype=object)
    first = flat_arr[pos]
    nxt = flat_arr[np.minimum(pos + 1, len(flat) - 1)]
    return np.where(second & (chain >= 0) & ~last[pos], first + ";" + nxt, first)


def _planted_truth(planted, chains, rids, ids) -> list[dict]:
    out = []
    for p in planted:
        cid, stages = chains[p["_k"]]
        half = len(stages) // 2
        out.append(
            {
                "kind": "value-chain",
                "chain_id": cid,
                "upstream_region": rids[p["_up"]],
                "downstream_region": rids[p["_down"]],
                "upstream_stages": [s for s, _ in stages[:half]],
                "downstream_stages": [s for s, _ in stages[half:]],
                "upstream_actors": sorted(ids[i] for i in p["_up_idx"]),
                "downstream_actors": sorted(ids[i] for i in p["_down_idx"]),
            }
        )
    return sorted(out, key=lambda d: (d["chain_id"], d["upstream_region"]))
