"""Partner-enabled diversification: related domains a region lacks and a partner holds.

Smart specialisation favours diversifying into domains *related* to what a region already
does (Balland et al. 2019). A transregional partner makes it concrete: region r is related
to domain d (high relatedness density) but not specialised in it (RCA < 1), while partner p
is specialised in d (RCA >= 1), ideally with clusters there. Each such (r, d, p) is a
``relatedness`` candidate for ``pairings.csv``.

Score (0-1), a weighted mean of three components, each 0-1:

``density``           relatedness density of r in d (``relatedness.relatedness_density``)
``partner_rca``       the partner's symmetric RCA ``(RCA - 1) / (RCA + 1)`` (Laursen 2015),
                      clipped to 0-1: 0 at RCA 1, 0.5 at RCA 3, towards 1 as RCA grows
``partner_clusters``  ``n / (n + 1)`` for the partner's n clusters in d: 0, 0.5, 0.67, 0.75...

Default weights :data:`DEFAULT_WEIGHTS` (0.5, 0.3, 0.2). Without ``cluster_counts`` the
clusters component is reported as 0 and left out of the weighted mean (the other weights are
renormalised), so missing cluster data does not cap every score at 0.8.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from synergy.algorithms.relatedness import (
    presence,
    proximity,
    rca,
    relatedness_density,
    with_reference,
)
from synergy.algorithms.shared_priorities import cluster_domains
from synergy.core.model import CLUSTER, REGION, node_id
from synergy.core.scoring import Candidate
from synergy.core.settings import RelatednessParams
from synergy.graph.profiles import cluster_counts, region_names

__all__ = ["DEFAULT_WEIGHTS", "partner_diversification", "diversification_candidates"]

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "density": 0.5,
    "partner_rca": 0.3,
    "partner_clusters": 0.2,
}


def _weights(weights: Mapping[str, float] | None, with_clusters: bool) -> dict[str, float]:
    w = dict(DEFAULT_WEIGHTS)
    for name, value in (weights or {}).items():
        if name not in w:
            raise ValueError(f"unknown weight {name!r}; use {sorted(w)}")
        if not value >= 0:
            raise ValueError(f"weight {name!r} must be >= 0, got {value!r}")
        w[name] = float(value)
    if not with_clusters:
        w["partner_clusters"] = 0.0
    if sum(w.values()) <= 0:
        raise ValueError("at least one weight must be positive")
    return w


def _evidence(
    focal: str, partner: str, domain: str, dens: float, strength: float, clusters: int | None
) -> str:
    text = (
        f"{focal} is {dens:.2f} related to {domain} but not specialised in it; "
        f"{partner} holds RCA {strength:.1f} in {domain}"
    )
    if clusters:
        text += f" with {clusters} cluster{'' if clusters == 1 else 's'}"
    elif clusters == 0:
        text += " with no cluster recorded there"
    return text + "."


def partner_diversification(
    values: pd.DataFrame,
    *,
    cluster_counts: pd.DataFrame | None = None,
    density_threshold: float = 0.3,
    rca_threshold: float = 1.0,
    top_per_region: int | None = 5,
    partners_per_domain: int | None = 2,
    weights: Mapping[str, float] | None = None,
    names: Mapping[str, str] | None = None,
    domain_names: Mapping[str, str] | None = None,
    proximity_method: str = "min-conditional",
    reference: pd.DataFrame | None = None,
) -> list[dict]:
    r"""Return partner-enabled diversification candidates, best first.

    For every region r and domain d with relatedness density >= ``density_threshold`` and
    RCA < ``rca_threshold`` in r, every other region p with RCA >= ``rca_threshold`` in d is
    a candidate (r, p, d). Presence, proximity and density are computed from ``values``
    with the same ``rca_threshold``.

    Parameters
    ----------
    values : DataFrame
        Regions x domains activity (e.g. :func:`synergy.graph.profiles.region_domain_values`).
    cluster_counts : DataFrame, optional
        Regions x domains number of clusters (:func:`synergy.graph.profiles.cluster_counts`),
        aligned by label; missing cells count 0.
    density_threshold : float
        Minimum relatedness density (0-1) of the focal region in the domain.
    rca_threshold : float
        RCA at which a region counts as specialised (1.0 = Balassa).
    top_per_region : int or None
        Keep at most this many candidates per focal region (None = all).
    partners_per_domain : int or None
        Keep at most this many partners per (focal region, domain) (None = all), so one
        domain with many strong partners does not crowd out the others.
    weights : mapping, optional
        Component weights, keys as in :data:`DEFAULT_WEIGHTS`.
    names, domain_names : mapping, optional
        Display names for region ids and domain ids in the evidence sentence.
    proximity_method : str
        Passed to :func:`synergy.algorithms.relatedness.proximity`.
    reference : DataFrame, optional
        More regions x domains rows: RCA and proximity are estimated on ``values`` plus these
        (:func:`synergy.algorithms.relatedness.with_reference`); candidates join only the
        regions of ``values``.

    Returns
    -------
    list of dict
        Keys ``kind`` (``"relatedness"``), ``regions`` ([r, p] sorted), ``domains`` ([d]),
        ``focal_region`` (r), ``partner_region`` (p), ``score`` (0-1), ``components``
        (``density``, ``partner_rca``, ``partner_clusters``) and ``evidence`` (one sentence).
        Sorted by score descending, then focal region, domain and partner.

    Notes
    -----
    Time O(n m^2 + n^2 m) for n regions and m domains.

    Examples
    --------
    C is specialised in agri only; agri and food co-occur (in A), so C is related to food
    (density ``0.5 / (0.5 + 1) = 1/3``); A holds RCA 3 in food (``partner_rca`` 0.5) with 3
    clusters (0.75): score ``0.5 * 1/3 + 0.3 * 0.5 + 0.2 * 0.75 = 0.4667``.

    >>> v = pd.DataFrame({"agri": [2, 0, 4], "food": [2, 0, 0], "ict": [0, 4, 0]},
    ...                  index=["A", "B", "C"])
    >>> counts = pd.DataFrame({"food": [3]}, index=["A"])
    >>> [c] = partner_diversification(v, cluster_counts=counts, names={"A": "Alpha", "C": "Gamma"})
    >>> c["regions"], c["domains"], c["score"]
    (['A', 'C'], ['food'], 0.466667)
    >>> print(c["evidence"].replace("; ", ";\n"))
    Gamma is 0.33 related to food but not specialised in it;
    Alpha holds RCA 3.0 in food with 3 clusters.
    """
    names = names or {}
    domain_names = domain_names or {}
    w = _weights(weights, cluster_counts is not None)
    total_w = sum(w.values())
    full = with_reference(values, reference)
    m_full = presence(full, threshold=rca_threshold)
    phi = proximity(m_full, method=proximity_method)  # type: ignore[arg-type]
    values = values.reindex(columns=full.columns, fill_value=0.0)
    r = rca(full).loc[values.index]
    m = m_full.loc[values.index]
    dens = relatedness_density(m, phi)
    counts = None
    if cluster_counts is not None:
        counts = cluster_counts.reindex(index=values.index, columns=values.columns).fillna(0)

    regions = sorted(values.index, key=str)
    domains = sorted(values.columns, key=str)
    r_np = r.loc[regions, domains].to_numpy()
    m_np = m.loc[regions, domains].to_numpy()
    d_np = dens.loc[regions, domains].to_numpy()
    c_np = None if counts is None else counts.loc[regions, domains].to_numpy()

    strength = np.clip((r_np - 1) / (r_np + 1), 0.0, 1.0)
    n_np = np.zeros_like(r_np) if c_np is None else c_np.astype(float)
    with_clusters = n_np / (n_np + 1)
    base = (w["partner_rca"] * strength + w["partner_clusters"] * with_clusters) / total_w

    eligible = (m_np == 0) & (d_np >= density_threshold) & (d_np > 0)
    strong = r_np >= rca_threshold

    out: list[dict[str, Any]] = []
    for i, focal in enumerate(regions):
        found: list[dict[str, Any]] = []
        for j in np.flatnonzero(eligible[i]).tolist():
            domain = domains[j]
            partners = np.flatnonzero(strong[:, j])
            partners = partners[partners != i]
            scores = np.round(w["density"] * d_np[i, j] / total_w + base[partners, j], 6)
            # Regions are sorted, so the index breaks score ties by region id.
            ranked = partners[np.lexsort((partners, -scores))]
            score_of = dict(zip(partners.tolist(), scores.tolist(), strict=True))
            for k in ranked[:partners_per_domain].tolist():
                n_clusters = None if c_np is None else int(n_np[k, j])
                comp = {
                    "density": float(d_np[i, j]),
                    "partner_rca": float(strength[k, j]),
                    "partner_clusters": float(with_clusters[k, j]),
                }
                partner = regions[k]
                found.append(
                    {
                        "kind": "relatedness",
                        "regions": sorted([str(focal), str(partner)]),
                        "domains": [str(domain)],
                        "focal_region": str(focal),
                        "partner_region": str(partner),
                        "score": score_of[k],
                        "components": {c: round(v, 6) for c, v in comp.items()},
                        "evidence": _evidence(
                            names.get(focal, str(focal)),
                            names.get(partner, str(partner)),
                            domain_names.get(domain, str(domain)),
                            float(d_np[i, j]),
                            float(r_np[k, j]),
                            n_clusters,
                        ),
                    }
                )
        found.sort(key=lambda c: (-c["score"], c["domains"][0], c["partner_region"]))
        out.extend(found[:top_per_region])
    out.sort(key=lambda c: (-c["score"], c["focal_region"], c["domains"][0], c["partner_region"]))
    return out


def diversification_candidates(
    graph: nx.MultiDiGraph,
    values: pd.DataFrame,
    *,
    domain_names: Mapping[str, str] | None = None,
    weights: Mapping[str, float] | None = None,
    params: RelatednessParams | None = None,
    reference: pd.DataFrame | None = None,
) -> list[Candidate]:
    """Return the ``relatedness`` candidates of a graph's region x domain ``values``.

    :func:`partner_diversification` with the graph's region names and cluster counts and the
    thresholds of ``params``; each candidate names the partner's clusters in the domain and
    involves both regions and them.
    """
    params = params or RelatednessParams()
    found = partner_diversification(
        values,
        cluster_counts=cluster_counts(graph),
        density_threshold=params.density_threshold,
        rca_threshold=params.rca_threshold,
        top_per_region=params.top_per_region,
        partners_per_domain=params.partners_per_domain,
        weights=weights,
        names=region_names(graph),
        domain_names=domain_names,
        proximity_method=params.proximity_method,
        reference=reference,
    )
    by_region = cluster_domains(graph)
    out = []
    for c in found:
        partner, domain = c["partner_region"], c["domains"][0]
        clusters = tuple(sorted(by_region.get(partner, {}).get(domain, [])))
        out.append(
            Candidate(
                kind="relatedness",
                regions=tuple(c["regions"]),
                score=float(c["score"]),
                components={k: float(v) for k, v in c["components"].items()},
                evidence=c["evidence"],
                clusters=clusters,
                domains=(domain,),
                involves=tuple(
                    sorted(
                        [node_id(REGION, r) for r in c["regions"]]
                        + [node_id(CLUSTER, k) for k in clusters]
                    )
                ),
                extra={"focal_region": c["focal_region"]},
            )
        )
    return out
