"""Intent against capability: does a region's S3 strategy build on what it does?

Smart specialisation should grow from a region's capabilities (Foray; Balland et al. 2019):
a priority with no matching capability is a bet on something new, a capability no priority
names is a strength the strategy ignores. Two matrices of
:func:`synergy.graph.profiles.region_domain_values` are compared per region:

``intent``      the ``intent`` sources (priorities), as shares
``capability``  the ``capability`` sources (clusters, actors), as shares and RCA

Columns of :func:`intent_vs_capability` (one row per region, sorted by region id):

``alignment``              cosine similarity of the two share vectors (0-1; blank without
                           either): 1 when the strategy mirrors what the region does
``intent_top``             the region's largest intent domains with their share
``capability_top``         its domains of highest capability RCA (RCA >= 1)
``intended_not_capable``   intent domains (share >= ``min_share``) with capability RCA < 1
``capable_not_intended``   capability RCA >= 1 domains its priorities do not name

Time O(n m) for n regions and m domains.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from synergy.algorithms.relatedness import rca

__all__ = ["ALIGNMENT_COLUMNS", "intent_vs_capability"]

ALIGNMENT_COLUMNS = [
    "region_id",
    "name",
    "alignment",
    "intent_top",
    "capability_top",
    "intended_not_capable",
    "capable_not_intended",
]


def _shares(frame: pd.DataFrame) -> np.ndarray:
    x = frame.to_numpy(dtype=float)
    total = x.sum(axis=1, keepdims=True)
    return np.divide(x, total, out=np.zeros_like(x), where=total > 0)


def intent_vs_capability(
    intent: pd.DataFrame,
    capability: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    domain_names: Mapping[str, str] | None = None,
    top: int = 3,
    min_share: float = 0.05,
) -> pd.DataFrame:
    """Return one row per region comparing what it intends with what it does.

    Examples
    --------
    >>> intent = pd.DataFrame({"a": [1.0, 0.0], "b": [1.0, 1.0]}, index=["R1", "R2"])
    >>> cap = pd.DataFrame({"a": [2.0, 0.0], "b": [0.0, 2.0]}, index=["R1", "R2"])
    >>> t = intent_vs_capability(intent, cap)
    >>> t["alignment"].tolist(), t.loc[0, "capable_not_intended"], t.loc[0, "intended_not_capable"]
    ([0.7071, 1.0], '', 'b (50%)')
    """
    names = names or {}
    domain_names = domain_names or {}
    columns = sorted(set(intent.columns) | set(capability.columns), key=str)
    regions = sorted(set(intent.index) | set(capability.index), key=str)
    i_frame = intent.reindex(index=regions, columns=columns, fill_value=0.0).fillna(0.0)
    c_frame = capability.reindex(index=regions, columns=columns, fill_value=0.0).fillna(0.0)
    si, sc = _shares(i_frame), _shares(c_frame)
    cap_rca = rca(c_frame).to_numpy()
    rows = []
    for k, r in enumerate(regions):
        a, b = si[k], sc[k]
        norm = float(np.linalg.norm(a) * np.linalg.norm(b))
        align = round(float(a @ b) / norm, 4) if norm > 0 else np.nan

        def label(j: int, value: str) -> str:
            return f"{domain_names.get(columns[j], columns[j])} ({value})"

        order_i = [j for j in np.argsort(-a, kind="stable") if a[j] > 0][:top]
        strong = [j for j in np.argsort(-cap_rca[k], kind="stable") if cap_rca[k, j] >= 1]
        has_cap = b.sum() > 0
        rows.append(
            {
                "region_id": r,
                "name": names.get(r, r),
                "alignment": align,
                "intent_top": "; ".join(label(j, f"{a[j]:.0%}") for j in order_i),
                "capability_top": "; ".join(
                    label(j, f"RCA {cap_rca[k, j]:.1f}") for j in strong[:top]
                ),
                "intended_not_capable": "; ".join(
                    label(j, f"{a[j]:.0%}")
                    for j in np.argsort(-a, kind="stable")
                    if has_cap and a[j] >= min_share and cap_rca[k, j] < 1
                ),
                "capable_not_intended": "; ".join(
                    label(j, f"RCA {cap_rca[k, j]:.1f}")
                    for j in strong
                    if a.sum() > 0 and a[j] == 0
                ),
            }
        )
    return pd.DataFrame(rows, columns=ALIGNMENT_COLUMNS)
