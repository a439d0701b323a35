"""Joint pilot candidates: cluster pairs and trios from different regions along one value chain.

A cluster *brings* a stage of a value chain through its member actors active in it
(``Actor -MEMBER_OF-> Cluster``, ``Actor -ACTIVE_IN-> Stage``), but only where the stage is
its business: the stage's domains (the ``domains`` of its value-chain row, else the chain's)
meet the cluster's own domains, or the member holds the stage as its main activity (its first
NACE code maps to one of the stage's domains). An agri-food pole does not bring precision
sensors because a university member also works on them. Each member counts by type times size
(:class:`synergy.core.settings.ActorWeights`). A pilot is a group of two or three clusters,
each from a different region, in which every cluster brings at least one stage the others
lack: a concrete chain the named actors could test new cluster services along. Stages the
group holds through one actor only are flagged; trios that differ in one cluster only are
grouped under the best, with the others as ``alternatives``. Components (each 0–1,
documented here and in :data:`COMPONENTS`):

``chain_fit``        sum over stages of min(1, weighted actors / ``ready_actors``) / stages
``handover``         upstream→downstream steps (stage k → k+1) that only the group closes
                     (no single member holds both ends) / steps in the chain
``domain_fit``       share of the chain's domains found in the members' cluster domain profiles
``actor_readiness``  mean over covered stages of min(1, weighted actors there / 2)
``link``             (only when link scores are given) mean predicted-link score of the
                     cluster pairs inside the group; absent components do not weigh

The *pilot field* is the taxonomy ``field`` of the chain: a ``pilot_field`` attribute on the
ValueChain node when the data sets one, else the field most of the chain's domains belong to
(ties broken by the domains the members' clusters work in, then by name).

Complexity: clusters x stages member counts are one sparse product of the shared incidence
matrices, O(E). Per chain with C active clusters and S stages, partners are chosen in numpy
row blocks, O(C² · S) work and O(512 · C) memory; each cluster keeps its ``max_partners``
best partners, so at most C · max_partners pairs survive and are scored vectorised (the same
floats as one group at a time); only the ``max_per_chain`` best become full candidates with
evidence. Trios (kept only where they cover more stages than any pair on the chain) extend
only those pairs by one cluster per distinct (stage pattern, region):
O(C · max_partners · reps · S).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

import networkx as nx
import numpy as np
import scipy.sparse as sp

from synergy.algorithms.value_chains import ChainCoverage, chain_coverage, group_alternatives
from synergy.core.model import (
    ACTOR,
    CLUSTER,
    DOMAIN,
    IN_DOMAIN,
    REGION,
    STAGE,
    VALUE_CHAIN,
    node_id,
)
from synergy.core.scoring import Candidate, Weights, composite
from synergy.core.settings import ActorWeights, PilotParams
from synergy.core.text import slug
from synergy.graph.incidence import NameLookup, incidence, relation

__all__ = ["COMPONENTS", "PILOT_WEIGHTS", "pilot_candidates", "pilot_field", "link_score_map"]

COMPONENTS = ("chain_fit", "handover", "domain_fit", "actor_readiness", "link")
# Defaults for ``DEFAULT_WEIGHTS["pilot"]``; a completed chain should outrank a richer partial
# one, hence chain_fit leads. ``Weights.of("pilot")`` overrides any of them.
PILOT_WEIGHTS = {
    "chain_fit": 0.45,
    "handover": 0.20,
    "domain_fit": 0.15,
    "actor_readiness": 0.20,
    "link": 0.10,
}


def link_score_map(link_scores) -> dict[tuple[str, str], float]:
    """Return ``{(cluster_a, cluster_b): score}`` (sorted input cluster ids) from link scores.

    Accepts a mapping keyed by cluster pairs or a DataFrame with ``cluster_a``, ``cluster_b``,
    ``score`` (as :func:`synergy.algorithms.links.predicted_links` returns); ``cluster:``
    prefixes are dropped so node ids and input ids both work.
    """
    if link_scores is None:
        return {}

    def bare(c) -> str:
        c = str(c)
        return c.split(":", 1)[1] if c.startswith("cluster:") else c

    pairs: dict[tuple[str, str], float] = {}
    if isinstance(link_scores, Mapping):
        items = [(a, b, s) for (a, b), s in link_scores.items()]
    else:
        items = list(
            zip(
                link_scores["cluster_a"].tolist(),
                link_scores["cluster_b"].tolist(),
                link_scores["score"].tolist(),
                strict=True,
            )
        )
    for a, b, s in items:
        x, y = sorted((bare(a), bare(b)))
        key = (x, y)
        pairs[key] = max(pairs.get(key, 0.0), min(1.0, max(0.0, float(s))))
    return pairs


def pilot_field(
    g: nx.MultiDiGraph, chain_id: str, prefer: Mapping[str, float] | None = None
) -> str:
    """Return the pilot field of a chain (see the module docstring).

    ``prefer`` weighs domain ids (e.g. how many of the chain's clusters work in each) to
    break ties between fields with as many of the chain's domains.
    """
    cnode = node_id(VALUE_CHAIN, chain_id)
    explicit = g.nodes[cnode].get("pilot_field") if cnode in g else None
    if explicit:
        return slug(str(explicit))
    votes: Counter[str] = Counter()
    preferred: dict[str, float] = defaultdict(float)
    prefer = prefer or {}
    for _, dnode, k in sorted(g.out_edges(cnode, keys=True)) if cnode in g else []:
        if k != IN_DOMAIN:
            continue
        field = g.nodes[dnode].get("field")
        if field:
            votes[field] += 1
            preferred[field] += prefer.get(g.nodes[dnode].get("key"), 0)
    if not votes:
        return ""
    return min(votes, key=lambda f: (-votes[f], -preferred[f], f))


class _Context:
    """Cluster facts read once from the shared incidence (no per-actor walk of the graph)."""

    def __init__(self, g: nx.MultiDiGraph, nace_to_domains=None, actor_weights=None):
        inc = incidence(g)
        aw = actor_weights or ActorWeights()
        self.clusters = inc.nodes.get(CLUSTER, [])
        self.stage_index = inc.index.get(STAGE, {})
        self.actor_nodes = inc.nodes.get(ACTOR, [])
        self.region = [r if r is not None else "" for r in inc.attr_region(CLUSTER, g)]
        keys = [d.get("key") for d in inc.data.get(DOMAIN, [])]
        col = {str(k): j for j, k in enumerate(keys)}
        cd = inc.cluster_domain
        self.domains = [
            {keys[j] for j in cd.indices[cd.indptr[i] : cd.indptr[i + 1]].tolist()}
            for i in range(len(self.clusters))
        ]
        stages = inc.nodes.get(STAGE, [])
        stage_domains = _stage_domains(g, stages)
        sd = _matrix(stage_domains, col, (len(stages), len(keys)))
        # where the stage lies in the cluster's own domains, every active member brings it
        own = (cd @ sd.T).toarray() > 0  # clusters x stages
        # else only members whose main activity (first NACE code) is in the stage's domains
        memo: dict[str, set[str]] = {}
        main = [_main_domains(d, nace_to_domains, memo) for d in inc.data.get(ACTOR, [])]
        md = _matrix(main, col, (len(self.actor_nodes), len(keys)))
        held = inc.actor_stage
        main_held = held.multiply((md @ sd.T) > 0).tocsr()
        weights = np.array(
            [aw.of(d.get("type"), d.get("size")) for d in inc.data.get(ACTOR, [])], dtype=float
        )
        ac_w = inc.actor_cluster.multiply(weights[:, None]).tocsr()
        all_w = (ac_w.T @ held).toarray()
        main_w = (ac_w.T @ main_held).toarray()
        self.weighted = np.where(own, all_w, main_w)  # clusters x stages
        self.heads_all = (inc.actor_cluster.T @ held).toarray()
        self.heads_main = (inc.actor_cluster.T @ main_held).toarray()
        self.own = own
        self.main_held = main_held
        self.members = inc.actor_cluster.tocsc()
        self.stages_of = inc.actor_stage

    def counts(self, cov: ChainCoverage) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (active cluster positions, weighted actors, actor heads) on the chain."""
        cols = [self.stage_index.get(s) for s in cov.stage_nodes]
        n = len(self.clusters)
        weighted = np.zeros((n, len(cols)))
        heads = np.zeros((n, len(cols)), dtype=np.int64)
        for k, c in enumerate(cols):
            if c is not None:
                weighted[:, k] = self.weighted[:, c]
                heads[:, k] = np.rint(
                    np.where(self.own[:, c], self.heads_all[:, c], self.heads_main[:, c])
                )
        active = np.flatnonzero(heads.any(axis=1))
        return active, weighted[active], heads[active]

    def held(self, cluster_pos: int, cov: ChainCoverage) -> dict[int, list[str]]:
        """Return stage index -> the cluster's member actors that bring it (sorted)."""
        m = self.members
        k_of = {self.stage_index.get(snode): k for k, snode in enumerate(cov.stage_nodes)}
        out: dict[int, list[str]] = defaultdict(list)
        for r in m.indices[m.indptr[cluster_pos] : m.indptr[cluster_pos + 1]].tolist():
            a = self.stages_of
            mh = self.main_held
            main = set(mh.indices[mh.indptr[r] : mh.indptr[r + 1]].tolist())
            for col in a.indices[a.indptr[r] : a.indptr[r + 1]].tolist():
                k = k_of.get(col)
                if k is not None and (self.own[cluster_pos, col] or col in main):
                    out[k].append(self.actor_nodes[r])
        return out


def _stage_domains(g: nx.MultiDiGraph, stages: list[str]) -> list[set[str]]:
    """Return each stage's own domains, else the domains of its chain."""
    out = []
    for s in stages:
        own = set(g.nodes[s].get("domains") or [])
        if not own:
            chain = node_id(VALUE_CHAIN, g.nodes[s].get("chain_id", ""))
            if chain in g:
                own = {
                    g.nodes[d]["key"] for _, d, k in g.out_edges(chain, keys=True) if k == IN_DOMAIN
                }
        out.append(own)
    return out


def _main_domains(actor: dict, nace_to_domains, memo: dict[str, set[str]]) -> set[str]:
    """Return the domains of an actor's main activity: its first NACE code (memoised)."""
    codes = actor.get("nace") or []
    if isinstance(codes, str):
        codes = [c for c in codes.split(";") if c.strip()]
    if not codes or nace_to_domains is None:
        return set()
    code = str(codes[0]).strip()
    if code not in memo:
        memo[code] = {str(d).split(":", 1)[-1] for d in nace_to_domains(code)}
    return memo[code]


def _matrix(sets: list[set[str]], col: dict[str, int], shape) -> sp.csr_matrix:
    pairs = [(i, col[d]) for i, ds in enumerate(sets) for d in sorted(ds) if d in col]
    return relation([i for i, _ in pairs], [j for _, j in pairs], shape)


def pilot_candidates(
    g: nx.MultiDiGraph,
    *,
    weights: Weights | None = None,
    params: PilotParams | None = None,
    link_scores=None,
    nace_to_domains=None,
    actor_weights: ActorWeights | None = None,
) -> list[Candidate]:
    """Return ``pilot`` candidates: cluster pairs and trios completing a value chain.

    Parameters
    ----------
    g
        The synergy graph.
    weights
        Component weights of kind ``pilot`` (see :data:`COMPONENTS`).
    params
        ``max_per_chain``: pilots kept per chain, best first (pairs and trios together);
        ``max_partners``: per chain, each cluster keeps its best partners only (bounds the
        work at EU scale); ``max_trios_per_chain``: trios kept per chain, best first (a trio
        must cover more stages than its best pair); ``ready_actors``,
        ``named_per_cluster``: see :class:`synergy.core.settings.PilotParams`.
    link_scores
        Optional predicted cluster-cluster links (see :func:`link_score_map`); adds ``link``.
    nace_to_domains
        ``code -> domain ids`` for the members' main activity (``Taxonomy.domains_for_nace``);
        without it only the stage-in-cluster-domains rule lets a cluster bring a stage.
    actor_weights
        What one actor counts on a stage (:class:`synergy.core.settings.ActorWeights`).

    Returns
    -------
    list of Candidate
        ``extra`` holds ``pilot_field``, ``stages`` (``cluster=stage,stage;...``),
        ``actors`` (``;`` actor node ids) and ``group_size``.
    """
    w = {**PILOT_WEIGHTS, **(weights or Weights()).of("pilot")}
    params = params or PilotParams()
    max_per_chain, ready = params.max_per_chain, params.ready_actors
    links = link_score_map(link_scores)
    ctx_all = _Context(g, nace_to_domains, actor_weights)
    names = NameLookup(g)
    out: list[Candidate] = []
    for cov in chain_coverage(g):
        if len(cov.stages) < 2:
            continue
        active, counts, heads = ctx_all.counts(cov)
        clusters = [ctx_all.clusters[i] for i in active.tolist()]
        region_of = {c: ctx_all.region[i] for c, i in zip(clusters, active.tolist(), strict=True)}
        if len(set(region_of.values())) < 2:
            continue
        domains_of = {c: ctx_all.domains[i] for c, i in zip(clusters, active.tolist(), strict=True)}
        held = _LazyHeld(ctx_all, cov, clusters, active)
        chain_domains = set(cov.domains)
        field = pilot_field(g, cov.chain_id, Counter(d for c in clusters for d in domains_of[c]))
        ctx = (cov, clusters, counts, held, chain_domains, field, w, links, names, region_of,
               params, heads)  # fmt: skip
        groups = _pairs(clusters, counts, region_of, params.max_partners)
        keys = [c.split(":", 1)[1] for c in clusters]
        scores, covered = _pair_scores(
            groups, counts, domains_of, chain_domains, links, clusters, w, ready
        )
        # rank on (score, cluster ids); only the best max_per_chain scores (with ties) can
        # make the cut, and only the kept groups become full candidates
        keep = np.arange(len(groups))
        if len(groups) > max_per_chain > 0:
            cut = np.partition(scores, len(groups) - max_per_chain)[len(groups) - max_per_chain]
            keep = np.flatnonzero(scores >= cut)
        ranked: list[tuple[float, tuple, tuple[int, ...]]] = [
            (float(scores[x]), tuple(sorted((keys[groups[x][0]], keys[groups[x][1]]))), groups[x])
            for x in keep.tolist()
        ]
        # trios only where no pair reaches their coverage: a third partner must earn its place
        cover = counts > 0
        best_pair = int(covered.max()) if len(groups) else 0
        trios = []
        for t in _trios(clusters, counts, region_of, groups) if best_pair < len(cov.stages) else []:
            if int(cover[list(t)].any(axis=0).sum()) > best_pair:
                held_domains = set().union(*(domains_of[clusters[m]] for m in t))
                comps = _components(
                    list(t), counts, held_domains, chain_domains, links, clusters, ready
                )
                trios.append((composite(comps, w), tuple(sorted(keys[m] for m in t)), t))
        trios.sort(key=lambda item: (-item[0], item[1]))
        ranked += trios[: params.max_trios_per_chain]
        ranked.sort(key=lambda item: (-item[0], len(item[1]), item[1]))
        found = [_candidate(ctx, list(m), domains_of) for _, _, m in ranked[:max_per_chain]]
        out.extend(group_alternatives(found, _clusters, lambda c: names.get(f"cluster:{c}", c)))
    return out


def _clusters(c: Candidate) -> tuple[str, ...]:
    return c.clusters


class _LazyHeld:
    """cluster node -> stage index -> member actors there, computed for asked clusters only."""

    def __init__(self, ctx: _Context, cov: ChainCoverage, clusters: list[str], active):
        self._ctx, self._cov = ctx, cov
        self._pos = dict(zip(clusters, active.tolist(), strict=True))
        self._memo: dict[str, dict[int, list[str]]] = {}

    def __getitem__(self, c: str) -> dict[int, list[str]]:
        if c not in self._memo:
            self._memo[c] = self._ctx.held(self._pos[c], self._cov)
        return self._memo[c]


def _pair_scores(
    groups,
    counts,
    domains_of,
    chain_domains,
    links,
    clusters,
    w,
    ready_actors: float = PilotParams.ready_actors,
):
    """Return (composite score, stages covered) of every pair, vectorised like _components.

    Every component is a ratio of small integers or a mean of halves, so the values equal
    those :func:`_components` gives one group at a time, bit for bit.
    """
    if not groups:
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    idx = np.asarray(groups, dtype=np.int64)
    a, b = idx[:, 0], idx[:, 1]
    cover = counts > 0
    ca, cb = cover[a], cover[b]
    union = ca | cb
    n_stages = counts.shape[1]
    n_union = union.sum(axis=1)
    both = (ca[:, :-1] & ca[:, 1:]) | (cb[:, :-1] & cb[:, 1:])
    closed = (union[:, :-1] & union[:, 1:] & ~both).sum(axis=1)
    per_stage = np.minimum(1.0, (counts[a] + counts[b]) / ready_actors)
    ready = np.divide(
        (per_stage * union).sum(axis=1), n_union, out=np.zeros(len(a)), where=n_union > 0
    )
    if chain_domains:
        chain = sorted(chain_domains)
        hits = np.array([[d in domains_of[c] for d in chain] for c in clusters], dtype=bool)
        fit = (hits[a] | hits[b]).sum(axis=1) / len(chain)
    else:
        fit = np.zeros(len(a))
    comps = {
        "chain_fit": per_stage.sum(axis=1) / n_stages,
        "handover": closed / max(1, n_stages - 1),
        "domain_fit": fit,
        "actor_readiness": ready,
    }
    if links:
        bare = [c.split(":", 1)[1] for c in clusters]
        comps["link"] = np.array(
            [links.get(tuple(sorted((bare[i], bare[j]))), 0.0) for i, j in groups], dtype=float
        )
    total = sum(w.get(k, 0.0) for k in comps)
    if total <= 0:
        return np.zeros(len(a)), n_union
    acc = np.zeros(len(a))
    for k, v in comps.items():
        acc = acc + v * w.get(k, 0.0)
    return acc / total, n_union


def _pairs(clusters, counts, region_of, max_partners, block: int = 512) -> list[tuple[int, int]]:
    """Return the kept pairs: different regions, each bringing a stage the other lacks.

    Each cluster keeps its ``max_partners`` best partners by (stages covered together, the
    partner's actors on the chain, partner id). Vectorised in row blocks, O(C² · S) work in
    numpy with O(block · C) memory.
    """
    n = len(clusters)
    if n < 2 or max_partners <= 0:
        return []
    cover = (counts > 0).astype(np.float64)
    n_stages = counts.shape[1]
    size = cover.sum(axis=1).astype(np.int64)
    # weights are multiples of 1/16: scaled, the depth is an exact integer
    depth = np.rint(counts.sum(axis=1) * 16).astype(np.int64)
    _, region = np.unique(
        np.array([region_of[c] for c in clusters], dtype=object).astype(str), return_inverse=True
    )
    top_depth = int(depth.max()) + 1
    # one integer per (i, j) orders partners like the tuple (-union, -depth[j], j)
    tail = (top_depth - depth) * n + np.arange(n)
    sentinel = np.iinfo(np.int64).max
    m = min(max_partners, n)
    kept: set[tuple[int, int]] = set()
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        inter = np.rint(cover[lo:hi] @ cover.T).astype(np.int64)
        union = size[lo:hi, None] + size[None, :] - inter
        ok = (size[lo:hi, None] > inter) & (size[None, :] > inter)
        ok &= region[lo:hi, None] != region[None, :]
        key = (n_stages - union) * ((top_depth + 1) * n) + tail[None, :]
        key[~ok] = sentinel
        best = np.argpartition(key, m - 1, axis=1)[:, :m] if m < n else np.argsort(key, axis=1)
        rows = np.repeat(np.arange(lo, hi), best.shape[1])
        cols = best.ravel()
        good = key[rows - lo, cols] != sentinel
        for i, j in zip(rows[good].tolist(), cols[good].tolist(), strict=True):
            kept.add((min(i, j), max(i, j)))
    return sorted(kept)


def _trios(clusters, counts, region_of, pairs) -> list[tuple[int, int, int]]:
    """Return trios extending kept pairs by the cluster that adds the most stages.

    Vectorised over the candidate third members: O(pairs · reps · S), where reps is one
    cluster per (stage pattern, region). Only called when no pair completes the chain.
    """
    cover = counts > 0
    # one representative per (stage pattern, region): the deepest cluster
    reps: dict[tuple, int] = {}
    for k in range(len(clusters)):
        key = (tuple(cover[k]), region_of[clusters[k]])
        if key not in reps or counts[k].sum() > counts[reps[key]].sum():
            reps[key] = k
    cand = np.array(sorted(reps.values()), dtype=np.int64)
    if not len(cand):
        return []
    c_cover = cover[cand]
    c_depth = counts[cand].sum(axis=1)
    c_region = np.array([region_of[clusters[k]] for k in cand], dtype=object)
    c_name = [clusters[k] for k in cand]
    seen: set[tuple[int, int, int]] = set()
    for i, j in pairs:
        pair_union = cover[i] | cover[j]
        added = (c_cover & ~pair_union).sum(axis=1)
        # every member must bring a stage the other two lack
        i_own = (cover[i] & ~(cover[j] | c_cover)).any(axis=1)
        j_own = (cover[j] & ~(cover[i] | c_cover)).any(axis=1)
        other_region = (c_region != region_of[clusters[i]]) & (c_region != region_of[clusters[j]])
        ok = np.flatnonzero((added > 0) & i_own & j_own & other_region)
        if not len(ok):
            continue
        best = min(ok, key=lambda m: (-int(added[m]), -int(c_depth[m]), c_name[m]))
        seen.add(tuple(sorted((i, j, int(cand[best])))))
    return sorted(seen)


def _components(
    members,
    counts,
    held_domains,
    chain_domains,
    links,
    clusters,
    ready_actors: float = PilotParams.ready_actors,
) -> dict:
    cover = counts[members] > 0
    union = cover.any(axis=0)
    n_stages = counts.shape[1]
    closed = sum(
        1
        for k in range(n_stages - 1)
        if union[k] and union[k + 1] and not (cover[:, k] & cover[:, k + 1]).any()
    )
    per_stage = np.minimum(1.0, counts[members].sum(axis=0) / ready_actors)
    comps = {
        "chain_fit": float(per_stage.sum() / n_stages),
        "handover": closed / max(1, n_stages - 1),
        "domain_fit": len(held_domains & chain_domains) / len(chain_domains)
        if chain_domains
        else 0.0,
        "actor_readiness": float(per_stage[union].mean()) if union.any() else 0.0,
    }
    if links:
        bare = [clusters[m].split(":", 1)[1] for m in members]
        pair_scores = [
            links.get(tuple(sorted((a, b))), 0.0) for x, a in enumerate(bare) for b in bare[x + 1 :]
        ]
        comps["link"] = float(sum(pair_scores) / len(pair_scores))
    return comps


def _candidate(ctx, members: list[int], domains_of) -> Candidate:
    cov, clusters, counts, held, chain_domains, field, w, links, names, region_of, params, heads = (
        ctx
    )
    cover = counts[members] > 0
    member_domains = [domains_of.get(clusters[m], set()) for m in members]
    held_domains = set().union(*member_domains)
    comps = _components(
        members, counts, held_domains, chain_domains, links, clusters, params.ready_actors
    )
    shared = sorted(set.intersection(*member_domains) & chain_domains) if member_domains else []
    topic = sorted(held_domains & chain_domains) or sorted(chain_domains)
    sides, stages_detail, actors_all = [], [], []
    for x, m in enumerate(members):
        c = clusters[m]
        others = np.delete(cover, x, axis=0).any(axis=0)
        own = [k for k in range(len(cov.stages)) if cover[x, k] and not others[k]]
        mine = [k for k in range(len(cov.stages)) if cover[x, k]]
        actors = sorted({a for k in mine for a in held[c][k]})
        actors_all.extend(actors)
        cap = params.named_per_cluster
        named = ", ".join(names.get(a, a) for a in actors[:cap])
        more = f" +{len(actors) - cap}" if len(actors) > cap else ""
        region = region_of[c]
        rname = names.get(node_id(REGION, region), region)
        stage_names = ", ".join(cov.stage_names[k] for k in own)
        also = [cov.stage_names[k] for k in mine if k not in own]
        if also:
            stage_names += f" (shares {', '.join(also)})"
        sides.append(f"{names.get(c, c)} ({rname}) brings {stage_names} with {named}{more}")
        stages_detail.append(c.split(":", 1)[1] + "=" + ",".join(cov.stages[k] for k in mine))
    union = int(cover.any(axis=0).sum())
    domain_text = (
        f"shared domains {', '.join(shared)}"
        if shared
        else f"complementary domains {', '.join(topic)}"
    )
    single = []
    for k in range(len(cov.stages)):
        if int(heads[members, k].sum()) == 1:
            holder = next(a for m in members for a in held[clusters[m]].get(k, []))
            single.append(f"{cov.stage_names[k]} ({names.get(holder, holder)})")
    evidence = (
        f"{cov.name} pilot ({field or 'no field'}): " + "; ".join(sides)
        + f" — together {union} of {len(cov.stages)} stages, {domain_text}"
        + (f"; resting on one actor: {', '.join(single)}" if single else "") + "."
    )  # fmt: skip
    regions = sorted({region_of[clusters[m]] for m in members})
    cluster_keys = sorted(clusters[m].split(":", 1)[1] for m in members)
    return Candidate(
        kind="pilot",
        regions=tuple(regions),
        score=composite(comps, w),
        components=comps,
        evidence=evidence,
        clusters=tuple(cluster_keys),
        domains=tuple(topic),
        chain_id=cov.chain_id,
        involves=tuple(
            sorted(
                [node_id(REGION, r) for r in regions]
                + [clusters[m] for m in members]
                + sorted(set(actors_all))
            )
        ),
        extra={
            "pilot_field": field,
            "stages": ";".join(sorted(stages_detail)),
            "actors": ";".join(sorted(set(actors_all))),
            "shared_domains": ";".join(shared),
            "group_size": len(members),
            "single_actor_stages": ";".join(single),
        },
    )
