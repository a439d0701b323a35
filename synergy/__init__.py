"""synergy: transregional synergies between regions' smart-specialisation strategies.

The library behind the ``synergy`` command line. The layers, lowest first: ``core``
(vocabulary, errors, settings), ``ingest`` (files to tables), ``graph`` (tables to the property
graph), ``algorithms`` (pure functions of the graph), ``pipeline`` (the scan's stages), and at
the edges ``outputs``, ``report``, ``explorer``, ``neo4j`` and ``synth``. The names below are
the public API; each is imported on first use, so ``import synergy`` stays cheap.

>>> import synergy
>>> settings = synergy.ScanSettings(top=5)
>>> settings.weights.of("value-chain")["coverage"], settings.stress.hhi_concentrated
(0.3, 0.25)
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    # a scan, end to end
    "scan": "synergy.pipeline",
    "ScanResult": "synergy.pipeline",
    "write_scan": "synergy.outputs.scan_files",
    "load_dataset": "ingest",
    "build_graph": "synergy.graph.build",
    # settings, weights, candidates, errors
    "ScanSettings": "synergy.core.settings",
    "MatchSettings": "synergy.core.settings",
    "DedupeSettings": "synergy.core.settings",
    "Weights": "synergy.core.scoring",
    "parse_weights": "synergy.core.scoring",
    "Candidate": "synergy.core.scoring",
    "Taxonomy": "synergy.core.taxonomy",
    "SynergyError": "synergy.core.errors",
    "InputError": "synergy.core.errors",
    # the algorithms: the graph (or matrices from it) in, candidates or tables out
    "shared_priorities": "synergy.algorithms.shared_priorities",
    "value_chain_complementarity": "synergy.algorithms.value_chains",
    "chain_coverage": "synergy.algorithms.value_chains",
    "pilot_candidates": "synergy.algorithms.pilots",
    "call_candidates": "synergy.algorithms.calls",
    "predicted_links": "synergy.algorithms.links",
    "partner_diversification": "synergy.algorithms.diversification",
    "diversification_candidates": "synergy.algorithms.diversification",
    "rca": "synergy.algorithms.relatedness",
    "presence": "synergy.algorithms.relatedness",
    "proximity": "synergy.algorithms.relatedness",
    "relatedness_density": "synergy.algorithms.relatedness",
    "complexity": "synergy.algorithms.relatedness",
    "coherence": "synergy.algorithms.relatedness",
    "region_metrics": "synergy.algorithms.relatedness",
    "projection": "synergy.algorithms.communities",
    "communities": "synergy.algorithms.communities",
    "brokers": "synergy.algorithms.brokers",
    "stress_test": "synergy.algorithms.stress",
    "rank_candidates": "synergy.algorithms.ranking",
    "schedule_meetings": "synergy.algorithms.workshop",
    "workshop_pack": "synergy.algorithms.workshop",
    "select_portfolio": "synergy.algorithms.portfolio",
    "region_domain_values": "synergy.graph.profiles",
    # pages and files for people
    "build_report": "synergy.report.build",
    "render_graph_html": "synergy.explorer.page",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'synergy' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
