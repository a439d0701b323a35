"""Benchmark: Neo4j push rate (nodes + relationships per second) for a small and a large graph.

Needs the local server (`make neo4j-up`) or NEO4J_URI & co. It writes to the configured
database: before each first push the engine's labels are cleared (not timed), so the first
push writes into a database without engine data, constraints on; the repeated push of the
same graph is a no-op and reported on its own line (it is not throughput). The engine's
labels are cleared at the end.

The large graph is the graph of a dataset folder (``--dataset``, e.g. the EU-scale
``synergy synth OUT --regions 240 --clusters 3000 --actors 200000 --seed 1``), read and
built as the scan does (candidates are not pushed); without it, a generated graph of
``--nodes`` nodes.

    .venv/bin/python benchmarks/bench_neo4j_push.py --dataset out/bench/synth-r240-c3000-a200000
    .venv/bin/python benchmarks/bench_neo4j_push.py --nodes 50000 --batch-size 10000
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

import networkx as nx

from synergy.core.model import (
    ACTIVE_IN,
    ACTOR,
    CLUSTER,
    DOMAIN,
    FUNDS,
    HAS_PRIORITY,
    IN_DOMAIN,
    LOCATED_IN,
    MEMBER_OF,
    NEXT,
    PART_OF,
    PRIORITY,
    PROGRAMME,
    REGION,
    RUN_BY,
    STAGE,
    SUPPORTS,
    VALUE_CHAIN,
    node_id,
)
from synergy.neo4j import connection as neo4j_connection
from synergy.neo4j import store as neo4j_store

__all__ = ["synthetic_graph", "main"]


def synthetic_graph(n_nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """Return a vocabulary-following graph with about ``n_nodes`` nodes and twice as many edges.

    Proportions mimic an EU-wide dataset: most nodes are actors, each located in a region,
    member of one or two clusters and active in a value-chain stage.
    """
    rng = random.Random(seed)
    g = nx.MultiDiGraph()

    def node(kind: str, *parts: str, **attrs) -> str:
        nid = node_id(kind, *parts)
        g.add_node(nid, kind=kind, name=f"{kind} {' '.join(parts)}", key=parts[-1], **attrs)
        return nid

    def edge(u: str, v: str, etype: str, **attrs) -> None:
        g.add_edge(u, v, key=etype, type=etype, **attrs)

    n_regions = max(2, n_nodes // 800)
    regions = [node(REGION, f"R{i:03d}", country="EU", development="advanced") for i in
               range(n_regions)]  # fmt: skip
    domains = [node(DOMAIN, f"d{i:02d}", field="pilot") for i in range(40)]
    chains = []
    for c in range(max(1, n_nodes // 2000)):
        chain = node(VALUE_CHAIN, f"c{c:03d}")
        stages = [node(STAGE, f"c{c:03d}", f"s{s}", chain_id=f"c{c:03d}", stage_order=s + 1)
                  for s in range(5)]  # fmt: skip
        for a, b in zip(stages, stages[1:], strict=False):
            edge(a, b, NEXT)
        for s in stages:
            edge(s, chain, PART_OF)
        edge(chain, rng.choice(domains), IN_DOMAIN, term="t", score=0.9)
        chains.extend(stages)
    clusters = []
    for r_i, region in enumerate(regions):
        rid = f"R{r_i:03d}"
        prios = []
        for p in range(10):
            prio = node(PRIORITY, rid, f"P{p}", region_id=rid, title=f"Priority {p}")
            edge(region, prio, HAS_PRIORITY)
            edge(prio, rng.choice(domains), IN_DOMAIN, term="energy", score=0.8)
            prios.append(prio)
        for c in range(20):
            cl = node(CLUSTER, f"{rid}-c{c}", region_id=rid, members=rng.randint(5, 200))
            edge(cl, region, LOCATED_IN)
            edge(cl, rng.choice(prios), SUPPORTS)
            edge(cl, rng.choice(domains), IN_DOMAIN, term="x", score=0.7)
            clusters.append(cl)
        for p in range(4):
            prog = node(PROGRAMME, f"{rid}-f{p}", region_id=rid, budget_eur=1e6, trl_min=3,
                        trl_max=7, beneficiaries=["firm", "research"])  # fmt: skip
            edge(prog, region, RUN_BY)
            edge(prog, rng.choice(domains), FUNDS, term="y", score=0.6)
    i = 0
    while g.number_of_nodes() < n_nodes:
        r_i = rng.randrange(n_regions)
        actor = node(ACTOR, f"A{i:07d}", region_id=f"R{r_i:03d}", type="firm", size="small",
                     nace=["C27", "C28"])  # fmt: skip
        edge(actor, regions[r_i], LOCATED_IN)
        for cl in {rng.choice(clusters[r_i * 20 : r_i * 20 + 20]) for _ in range(2)}:
            edge(actor, cl, MEMBER_OF)
        edge(actor, rng.choice(chains), ACTIVE_IN)
        i += 1
    return g


PIDFILE = Path(__file__).resolve().parent.parent / "tools" / "neo4j" / "run" / "neo4j.pid"


def _server_cpu() -> float:
    """Return the local server's CPU seconds so far (0 when it is not ours to see)."""
    try:
        fields = Path(f"/proc/{PIDFILE.read_text().strip()}/stat").read_text().split(")")[1]
        utime, stime = fields.split()[11:13]
        return (int(utime) + int(stime)) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def dataset_graph(folder: Path) -> nx.MultiDiGraph:
    """Return the graph the scan builds from the dataset ``folder`` (default taxonomy)."""
    from ingest import load_dataset
    from synergy.core.taxonomy import Taxonomy
    from synergy.graph.build import build_graph

    taxonomy = Taxonomy.load(None)
    return build_graph(load_dataset(folder, taxonomy=taxonomy).tables, taxonomy)


def _bench(driver, database: str, graph, what: str, batch_size: int, workers: int) -> None:
    t0 = time.perf_counter()
    g = graph()
    built = time.perf_counter() - t0
    entities = g.number_of_nodes() + g.number_of_edges()
    print(f"graph: {g.number_of_nodes():,} nodes + {g.number_of_edges():,} relationships "
          f"({what}, built in {built:.1f}s), batch size {batch_size}, "
          f"{workers} workers")  # fmt: skip
    with driver.session(database=database) as session:
        neo4j_store.delete_engine_graph(session)  # not timed: the first push finds no data
    for label, replace in (("first push (replace)", True), ("repeat push (no-op)", False)):
        t0, c0, s0 = time.perf_counter(), time.process_time(), _server_cpu()
        stats = neo4j_store.push_graph(
            driver, g, database=database, batch_size=batch_size, replace=replace, workers=workers
        )
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0 + _server_cpu() - s0
        # On a shared machine wall time depends on the neighbours; client + server CPU
        # seconds say what the push itself costs (the rate an idle machine would approach).
        print(f"  {label:22s} {wall:7.1f}s  {entities / wall:10,.0f} entities/s  "
              f"(CPU {cpu:6.1f}s: {entities / cpu if cpu else 0:10,.0f}/CPU-s)  "
              f"created {stats.created}, load {os.getloadavg()[0]:.1f}")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark from the command line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=200_000, help="large graph size (nodes)")
    ap.add_argument("--small", type=int, default=2_000, help="small graph size (nodes)")
    ap.add_argument("--dataset", type=Path, help="dataset folder of the large graph")
    ap.add_argument("--batch-size", type=int, default=neo4j_store.BATCH_SIZE)
    ap.add_argument("--workers", type=int, default=neo4j_store.WORKERS)
    args = ap.parse_args(argv)
    database = neo4j_connection.database_from_env()
    driver = neo4j_connection.connect()
    graphs = [(lambda: synthetic_graph(args.small), f"generated, {args.small:,} nodes")]
    if args.dataset:
        graphs.append((lambda: dataset_graph(args.dataset), f"dataset {args.dataset.name}"))
    else:
        graphs.append((lambda: synthetic_graph(args.nodes), f"generated, {args.nodes:,} nodes"))
    try:
        for graph, what in graphs:
            _bench(driver, database, graph, what, args.batch_size, args.workers)
        with driver.session(database=database) as session:
            neo4j_store.delete_engine_graph(session)
    finally:
        driver.close()


if __name__ == "__main__":
    main()
