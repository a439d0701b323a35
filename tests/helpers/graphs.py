"""Graphs and candidates the explorer tests draw: hostile names, a large graph, an Alpine-scale
graph. Built by hand or with a seeded generator, so every page is the same on every run."""

from __future__ import annotations

import networkx as nx

from synergy.core import model

__all__ = [
    "EVIDENCE_1",
    "HOSTILE_IMG",
    "HOSTILE_QUOTES",
    "HOSTILE_SCRIPT",
    "alpine_like_graph",
    "big_graph",
    "hostile_graph",
    "hostile_pairings",
]

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(1)</script>"
HOSTILE_QUOTES = "\"quotes' & ampersands"
EVIDENCE_1 = (
    "Lombardia and Oberösterreich both prioritise hydrogen; Alpha makes it, Beta stores it."
)


def hostile_graph() -> nx.MultiDiGraph:
    """Return a 22-node graph: 3 regions, 4 priorities, 3 clusters, 4 actors, 3 domains,
    one 3-stage chain and a programme.

    Three names are hostile markup; the explorer must show them as text.
    """
    g = nx.MultiDiGraph()

    def node(kind, key, name, **attrs):
        nid = model.node_id(kind, *key.split(":"))
        g.add_node(nid, kind=kind, name=name, key=key, **attrs)
        return nid

    def edge(u, v, etype, **attrs):
        g.add_edge(u, v, key=etype, type=etype, **attrs)

    lom = node(model.REGION, "ITC4", "Lombardia", country="IT", development="advanced")
    upa = node(model.REGION, "AT31", "Oberösterreich", country="AT", aliases=["Upper Austria"])
    bad = node(model.REGION, "SI03", HOSTILE_IMG, country="SI")
    energy = node(model.DOMAIN, "energy", "Energy")
    mobility = node(model.DOMAIN, "mobility", "Mobility")
    agri = node(model.DOMAIN, "agri-food", "Agri-food")
    for region, pid, domain, score in [
        (lom, "P1", energy, 0.9),
        (upa, "P1", energy, 0.8),
        (upa, "P2", mobility, 0.6),
        (bad, "P1", agri, 0.7),
    ]:
        key = region.split(":", 1)[1]
        p = node(model.PRIORITY, f"{key}:{pid}", f"Priority {pid} of {key}", region_id=key)
        edge(region, p, model.HAS_PRIORITY)
        edge(p, domain, model.IN_DOMAIN, term="hydrogen", score=score)
    c_lom = node(
        model.CLUSTER, "lom-energy", "Lombardy Energy Cluster", region_id="ITC4", members=40
    )
    c_upa = node(model.CLUSTER, "upa-h2", "Upper Austria H2 Cluster", region_id="AT31", members=9)
    c_bad = node(model.CLUSTER, "si-food", HOSTILE_SCRIPT, region_id="SI03")
    for c, r, d in [(c_lom, lom, energy), (c_upa, upa, energy), (c_bad, bad, agri)]:
        edge(c, r, model.LOCATED_IN)
        edge(c, d, model.IN_DOMAIN, term="energy", score=0.5)
    chain = node(model.VALUE_CHAIN, "hydrogen", "Hydrogen")
    edge(chain, energy, model.IN_DOMAIN, score=1.0)
    stages = []
    for order, sid in enumerate(["production", "storage", "use"], start=1):
        s = node(
            model.STAGE, f"hydrogen:{sid}", sid.title(), chain_id="hydrogen", stage_order=order
        )
        edge(s, chain, model.PART_OF)
        stages.append(s)
    edge(stages[0], stages[1], model.NEXT)
    edge(stages[1], stages[2], model.NEXT)
    actors = [
        ("alpha", "Alpha Elettrolizzatori", "ITC4", c_lom, stages[0]),
        ("beta", "Beta Speicher GmbH", "AT31", c_upa, stages[1]),
        ("gamma", HOSTILE_QUOTES, "SI03", c_bad, stages[2]),
        ("delta", "Delta Mobility", "AT31", c_upa, stages[2]),
    ]
    for key, name, region, cluster, stage in actors:
        a = node(model.ACTOR, key, name, region_id=region, type="firm", size="small")
        edge(a, model.node_id(model.REGION, region), model.LOCATED_IN)
        edge(a, cluster, model.MEMBER_OF)
        edge(a, stage, model.ACTIVE_IN)
    prog = node(model.PROGRAMME, "fesr-lom", "FESR Lombardia", region_id="ITC4", budget_eur=5e6)
    edge(prog, lom, model.RUN_BY)
    edge(prog, energy, model.FUNDS, term="energia", score=0.75)
    return g


def hostile_pairings() -> list[dict]:
    """Return two candidates in the output contract's columns plus ``involves``."""
    return [
        {
            "rank": 1,
            "kind": "value-chain",
            "regions": "AT31;ITC4",
            "clusters": "lom-energy;upa-h2",
            "domains": "energy",
            "chain_id": "hydrogen",
            "score": 0.82,
            "components": "coverage=1.0;overlap=0.6",
            "evidence": EVIDENCE_1,
            "involves": "region:ITC4;region:AT31;cluster:lom-energy;cluster:upa-h2;actor:alpha",
        },
        {
            "rank": 2,
            "kind": "shared-priority",
            "regions": "AT31;SI03",
            "clusters": "si-food",
            "domains": "agri-food",
            "chain_id": float("nan"),
            "score": 0.41,
            "components": "overlap=0.4",
            "evidence": f"{HOSTILE_SCRIPT} shares agri-food with {HOSTILE_IMG}.",
            "involves": "region:AT31;region:SI03;cluster:si-food",
        },
    ]


def big_graph(n_regions: int = 20, clusters_per: int = 10, actors_per: int = 25) -> nx.MultiDiGraph:
    """Return a synthetic graph with ``n_regions * clusters_per * actors_per`` actors."""
    g = nx.MultiDiGraph()
    domains = [model.node_id(model.DOMAIN, f"d{i}") for i in range(10)]
    for d in domains:
        g.add_node(d, kind=model.DOMAIN, name=d, key=d.split(":")[1])
    for r in range(n_regions):
        rid = model.node_id(model.REGION, f"R{r:02d}")
        g.add_node(rid, kind=model.REGION, name=f"Region {r}", key=f"R{r:02d}")
        for c in range(clusters_per):
            cid = model.node_id(model.CLUSTER, f"R{r:02d}-c{c}")
            g.add_node(cid, kind=model.CLUSTER, name=f"Cluster {r}.{c}", key=cid[8:])
            g.add_edge(cid, rid, key=model.LOCATED_IN, type=model.LOCATED_IN)
            d = domains[(r + c) % len(domains)]
            g.add_edge(cid, d, key=model.IN_DOMAIN, type=model.IN_DOMAIN, score=0.5)
            for a in range(actors_per):
                aid = model.node_id(model.ACTOR, f"R{r:02d}-c{c}-a{a}")
                g.add_node(aid, kind=model.ACTOR, name=f"Actor {r}.{c}.{a}", key=aid[6:])
                g.add_edge(aid, rid, key=model.LOCATED_IN, type=model.LOCATED_IN)
                g.add_edge(aid, cid, key=model.MEMBER_OF, type=model.MEMBER_OF)
    return g


def alpine_like_graph(seed: int = 3) -> tuple[nx.MultiDiGraph, list[dict]]:
    """Return an Alpine-scale graph (11 regions, 40 domains, 60 clusters, 200 actors, ~360 nodes)
    and 20 candidates, built with a seeded generator."""
    import random

    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    regions = [model.node_id(model.REGION, f"AL{r:02d}") for r in range(11)]
    domains = [model.node_id(model.DOMAIN, f"dom-{d:02d}") for d in range(40)]
    for i, r in enumerate(regions):
        g.add_node(r, kind=model.REGION, name=f"Alpine region {i}", key=r.split(":")[1])
    for i, d in enumerate(domains):
        g.add_node(d, kind=model.DOMAIN, name=f"Domain {i}", key=d.split(":")[1])
    for r in regions:
        for p in range(3):
            pid = f"{r}:P{p}".replace("region:", "priority:")
            g.add_node(pid, kind=model.PRIORITY, name=f"Priority {p}", key=pid[9:], region_id=r[7:])
            g.add_edge(r, pid, key=model.HAS_PRIORITY, type=model.HAS_PRIORITY)
            d = rnd.choice(domains)
            g.add_edge(pid, d, key=model.IN_DOMAIN, type=model.IN_DOMAIN, score=rnd.random())
    clusters = []
    for c in range(60):
        cid = model.node_id(model.CLUSTER, f"cl-{c:02d}")
        r = regions[c % 11]
        g.add_node(cid, kind=model.CLUSTER, name=f"Cluster {c}", key=cid[8:], region_id=r[7:])
        g.add_edge(cid, r, key=model.LOCATED_IN, type=model.LOCATED_IN)
        for d in rnd.sample(domains, 2):
            g.add_edge(cid, d, key=model.IN_DOMAIN, type=model.IN_DOMAIN, score=rnd.random())
        clusters.append(cid)
    stages = []
    for ch in ("hydrogen", "wood"):
        chain = model.node_id(model.VALUE_CHAIN, ch)
        g.add_node(chain, kind=model.VALUE_CHAIN, name=ch.title(), key=ch)
        for s in range(4):
            sid = model.node_id(model.STAGE, ch, f"s{s}")
            g.add_node(
                sid, kind=model.STAGE, name=f"{ch} stage {s}", key=f"{ch}:s{s}", stage_order=s
            )
            g.add_edge(sid, chain, key=model.PART_OF, type=model.PART_OF)
            stages.append(sid)
    for a in range(200):
        aid = model.node_id(model.ACTOR, f"ac-{a:03d}")
        cid = clusters[a % 60]
        region = g.nodes[cid]["region_id"]
        g.add_node(aid, kind=model.ACTOR, name=f"Actor {a}", key=aid[6:], region_id=region)
        g.add_edge(
            aid, model.node_id(model.REGION, region), key=model.LOCATED_IN, type=model.LOCATED_IN
        )
        g.add_edge(aid, cid, key=model.MEMBER_OF, type=model.MEMBER_OF)
        if a % 4 == 0:
            g.add_edge(aid, rnd.choice(stages), key=model.ACTIVE_IN, type=model.ACTIVE_IN)
    for i, r in enumerate(regions):
        pid = model.node_id(model.PROGRAMME, f"prog-{i}")
        g.add_node(pid, kind=model.PROGRAMME, name=f"Programme {i}", key=pid[10:], region_id=r[7:])
        g.add_edge(pid, r, key=model.RUN_BY, type=model.RUN_BY)
        g.add_edge(pid, rnd.choice(domains), key=model.FUNDS, type=model.FUNDS, score=0.8)
    pairings = []
    for rank in range(1, 21):
        a, b = rnd.sample(clusters, 2)
        ra, rb = g.nodes[a]["region_id"], g.nodes[b]["region_id"]
        pairings.append(
            {
                "rank": rank,
                "kind": "pilot",
                "regions": ";".join(sorted({ra, rb})),
                "clusters": f"{a[8:]};{b[8:]}",
                "score": round(1 - rank / 25, 3),
                "evidence": f"Cluster {a[8:]} and {b[8:]} share two domains (candidate {rank}).",
                "involves": f"region:{ra};region:{rb};{a};{b}",
            }
        )
    return g, pairings
