"""Why a candidate kind came back empty: one sentence per kind, read off the graph.

A scan that finds no call candidates without a word leaves a user guessing whether the data,
the settings or the engine is at fault. Each kind needs something in the graph before any
candidate can exist (two regions with priorities in a shared domain; a value chain with actors
of two regions; programmes of two regions funding a chain's domains ...). :func:`shortfalls`
checks those prerequisites, for the kinds that found nothing, in the order the algorithms
need them, and names the first one missing with the counts that show it. When every
prerequisite holds, the sentence says so: then the kind's own filters and thresholds
(``ScanSettings``) left nothing.

Pure: reads the graph, returns text. Cost: one pass over the nodes of the kinds a sentence
needs, O(N + E) at worst, and only for the kinds that came back empty.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx

from synergy.core.model import (
    ACTIVE_IN,
    ACTOR,
    CANDIDATE_KINDS,
    CLUSTER,
    FUNDS,
    HAS_PRIORITY,
    IN_DOMAIN,
    LOCATED_IN,
    MEMBER_OF,
    PART_OF,
    PRIORITY,
    PROGRAMME,
    REGION,
    RUN_BY,
    STAGE,
    VALUE_CHAIN,
)

from .nodes import neighbours

__all__ = ["shortfalls"]

SHOWN = 5  # regions or chains named in a sentence before "..."


def shortfalls(graph: nx.MultiDiGraph, counts: Mapping[str, int]) -> dict[str, str]:
    """Return ``{kind: one sentence}`` for every candidate kind with no candidate.

    ``counts`` holds the number of candidates per kind (a kind absent counts 0).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("region:A", kind="Region", key="A")
    >>> shortfalls(g, {"shared-priority": 3})["call"]
    'no call candidates: the dataset has no value chains.'
    """
    facts = _Facts(graph)
    out: dict[str, str] = {}
    for kind in CANDIDATE_KINDS:
        if counts.get(kind, 0):
            continue
        out[kind] = f"no {kind} candidates: {_REASONS[kind](facts, counts)}."
    return out


def _names(items: Iterable[str]) -> str:
    items = list(items)
    shown = ", ".join(items[:SHOWN])
    return shown + (f" and {len(items) - SHOWN} more" if len(items) > SHOWN else "")


class _Facts:
    """What the graph holds, measured on first use."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.g = graph
        self._by_kind: dict[str, list[str]] | None = None

    def of(self, kind: str) -> list[str]:
        if self._by_kind is None:
            by_kind: dict[str, list[str]] = defaultdict(list)
            for node, k in self.g.nodes(data="kind"):
                by_kind[k].append(node)
            self._by_kind = {k: sorted(v) for k, v in by_kind.items()}
        return self._by_kind.get(kind, [])

    def key(self, node: str) -> str:
        return str(self.g.nodes[node].get("key", node.split(":", 1)[-1]))

    def region_of(self, node: str) -> str | None:
        found = neighbours(self.g, node, LOCATED_IN, REGION)
        return self.key(found[0]) if found else None

    def region_domains(self) -> dict[str, set[str]]:
        """Return region -> the domains of its priorities."""
        out: dict[str, set[str]] = {}
        for r in self.of(REGION):
            domains = {
                self.key(d)
                for p in neighbours(self.g, r, HAS_PRIORITY, PRIORITY)
                for d in neighbours(self.g, p, IN_DOMAIN)
            }
            if domains:
                out[self.key(r)] = domains
        return out

    def chain_regions(self, through_clusters: bool) -> dict[str, set[str]]:
        """Return chain -> the regions of the actors (or clusters) active in its stages."""
        out: dict[str, set[str]] = {}
        for chain in self.of(VALUE_CHAIN):
            regions: set[str] = set()
            for stage in neighbours(self.g, chain, PART_OF, STAGE, out=False):
                for actor in neighbours(self.g, stage, ACTIVE_IN, ACTOR, out=False):
                    if through_clusters:
                        for c in neighbours(self.g, actor, MEMBER_OF, CLUSTER):
                            regions.add(self.region_of(c) or "")
                    else:
                        regions.add(self.region_of(actor) or "")
            out[self.key(chain)] = regions - {""}
        return out

    def chain_domains(self) -> dict[str, set[str]]:
        return {
            self.key(c): {self.key(d) for d in neighbours(self.g, c, IN_DOMAIN)}
            for c in self.of(VALUE_CHAIN)
        }

    def programme_domains(self) -> dict[str, set[str]]:
        """Return region -> the domains its programmes fund."""
        out: dict[str, set[str]] = defaultdict(set)
        for p in self.of(PROGRAMME):
            for r in neighbours(self.g, p, RUN_BY, REGION):
                out[self.key(r)] |= {self.key(d) for d in neighbours(self.g, p, FUNDS)}
        return dict(out)


def _shared_priority(f: _Facts, counts) -> str:
    domains = f.region_domains()
    if len(f.of(REGION)) < 2:
        return f"the dataset has {len(f.of(REGION))} region; shared priorities need two"
    if len(domains) < 2:
        return (
            f"only {len(domains)} of {len(f.of(REGION))} regions have priorities mapped to a "
            "taxonomy domain (see the unresolved priorities)"
        )
    pairs = [(a, b) for a in domains for b in domains if a < b and domains[a] & domains[b]]
    if not pairs:
        listed = "; ".join(f"{r}: {', '.join(sorted(d))}" for r, d in sorted(domains.items()))
        return f"no two regions' priorities share a taxonomy domain ({listed})"
    return (
        f"{len(pairs)} region pairs share a priority domain, but none passed the shared-"
        "priority filters of the settings"
    )


def _value_chain(f: _Facts, counts, *, kind: str = "value-chain") -> str:
    if not f.of(VALUE_CHAIN):
        return "the dataset has no value chains"
    chains = f.chain_regions(through_clusters=kind == "pilot")
    who = "clusters whose members" if kind == "pilot" else "actors that"
    two = sorted(c for c, r in chains.items() if len(r) >= 2)
    if not two:
        listed = "; ".join(
            f"{c}: {', '.join(sorted(r)) or 'none'}" for c, r in sorted(chains.items())
        )
        return f"no value chain has {who} hold a stage in two regions (regions per chain: {listed})"
    return (
        f"{_names(two)} {'has' if len(two) == 1 else 'have'} {who} hold stages in two "
        f"regions, but no {kind} candidate passed the filters of the settings"
    )


def _relatedness(f: _Facts, counts) -> str:
    regions = f.region_domains()
    if len(f.of(REGION)) < 2:
        return "relatedness compares regions and the dataset has fewer than two"
    found = {d for ds in regions.values() for d in ds}
    if len(found) < 2:
        return (
            "the region x domain matrix needs two regions and two domains with data; "
            f"it has {len(regions)} regions and {len(found)} domains from priorities"
        )
    return (
        "no region has a related domain it lacks in which a partner is strong "
        "(see the relatedness table)"
    )


def _pilot(f: _Facts, counts) -> str:
    return _value_chain(f, counts, kind="pilot")


def _call(f: _Facts, counts) -> str:
    if not f.of(VALUE_CHAIN):
        return "the dataset has no value chains"
    chain_domains = f.chain_domains()
    if not any(chain_domains.values()):
        return (
            "no value chain has taxonomy domains (fill the chains' domains cells, or give "
            "chain and stage names the taxonomy knows)"
        )
    if not counts.get("pilot", 0):
        return "calls fund pilot consortia and there are no pilot candidates"
    funding = f.programme_domains()
    if not funding:
        return "the dataset has no programmes with taxonomy domains"
    per_chain = {
        c: sorted(r for r, ds in funding.items() if ds & domains)
        for c, domains in chain_domains.items()
    }
    if not any(len(r) >= 2 for r in per_chain.values()):
        found = "; ".join(f"{r}: {', '.join(sorted(d))}" for r, d in sorted(funding.items()))
        return (
            "no two regions have programmes matching a chain's domains (programme domains "
            f"found: {found})"
        )
    return (
        "programmes of two regions match a chain's domains, but no call passed the call "
        "filters (windows, TRL, instruments) of the settings; call-exclusions.csv names each "
        "programme left out and the rule"
    )


_REASONS = {
    "shared-priority": _shared_priority,
    "value-chain": _value_chain,
    "relatedness": _relatedness,
    "pilot": _pilot,
    "call": _call,
}
