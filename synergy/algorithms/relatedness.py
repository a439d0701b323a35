"""Relatedness and economic complexity on a regions x domains matrix.

The economic-geography standard behind smart specialisation (Hidalgo et al. 2007; Hidalgo &
Hausmann 2009; Balland et al. 2019), computed exactly as Harvard Growth Lab's ``ecomplexity``
0.5.3 does, which the tests use as the oracle (to 1e-6 on random matrices):

============================  =============================================================
``rca``                       Balassa RCA / location quotient ``(x_rd/x_r) / (x_d/x)``
``presence``                  ``M_rd = 1`` where RCA >= threshold (ecomplexity ``mcp``)
``diversity``, ``ubiquity``   ``k_r = sum_d M_rd``, ``k_d = sum_r M_rd``
``proximity``                 ``phi_ij = min(P(i|j), P(j|i))`` and EconGeo's normalisations
``relatedness_density``       ``omega_rd = sum_j M_rj phi_dj / sum_j phi_dj`` (0-1)
``complexity``                ECI and PCI, z-scored with the ECI mean and standard deviation
``coherence``                 mean proximity among a region's specialised domains
============================  =============================================================

Every function takes and returns pandas objects labelled like its input (rows = regions,
columns = domains; a 2-D numpy array is accepted too and gets positional labels) and works
with numpy/scipy inside. Nothing here reads files or prints, and results are deterministic
(the one iterative solver starts from a fixed vector).

Conventions where ``ecomplexity`` drops data (it removes regions and domains whose total is 0
before computing anything): here they stay in the output with RCA 0, presence 0, proximity 0
(also on the diagonal), density 0, coherence NaN and ECI/PCI NaN, and they take no part in the
totals or in the ECI standardisation, so every other number equals ``ecomplexity``'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import linalg
from scipy.sparse import linalg as sparse_linalg

from synergy.core.errors import InputError

__all__ = [
    "PROXIMITY_METHODS",
    "rca",
    "presence",
    "diversity",
    "ubiquity",
    "proximity",
    "relatedness_density",
    "complexity",
    "coherence",
    "complexity_support",
    "with_reference",
    "region_metrics",
]

ProximityMethod = Literal["min-conditional", "association", "cosine", "jaccard"]
PROXIMITY_METHODS: tuple[str, ...] = ("min-conditional", "association", "cosine", "jaccard")
# Below this size the dense eigen-solver is as fast as Lanczos and needs no convergence check.
_LANCZOS_MIN = 64


def _as_frame(values: pd.DataFrame | np.ndarray) -> pd.DataFrame:
    """Return ``values`` as a DataFrame (a 2-D array gets positional labels)."""
    if isinstance(values, pd.DataFrame):
        return values
    arr = np.asarray(values)
    if arr.ndim != 2:
        raise TypeError(f"expected a 2-D matrix (rows = regions), got {arr.ndim} dimensions")
    return pd.DataFrame(arr)


def _matrix(frame: pd.DataFrame, what: str) -> np.ndarray:
    """Return ``frame`` as a C-contiguous float64 array, NaN read as 0, checked non-negative."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame (rows = regions), got {type(frame)}")
    try:
        # C order so row sums run in the same order as ecomplexity's (bit-identical RCA).
        arr = np.ascontiguousarray(frame.to_numpy(dtype=np.float64, na_value=np.nan))
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"{what} holds non-numeric cells ({exc}). Fix: keep only numbers in the matrix."
        ) from exc
    nan = np.isnan(arr)
    if nan.any():
        arr = np.where(nan, 0.0, arr)  # never write into the caller's frame
    if not np.isfinite(arr).all():
        raise InputError(f"{what} holds infinite values. Fix: replace them with finite numbers.")
    if (arr < 0).any():
        r, c = np.argwhere(arr < 0)[0]
        raise InputError(
            f"{what} holds a negative value at ({frame.index[r]!r}, {frame.columns[c]!r}). "
            "Fix: use non-negative activity values (counts, members, shares)."
        )
    return arr


def _binary(frame: pd.DataFrame, what: str = "presence") -> np.ndarray:
    arr = _matrix(frame, what)
    if not ((arr == 0.0) | (arr == 1.0)).all():
        raise InputError(
            f"{what} must hold only 0 and 1. Fix: build it with "
            "synergy.algorithms.relatedness.presence()."
        )
    return arr


def _aligned(proximity: pd.DataFrame, domains: pd.Index) -> np.ndarray:
    """Return ``proximity`` as an array ordered like ``domains`` on both axes."""
    missing = domains.difference(proximity.index).union(domains.difference(proximity.columns))
    if len(missing):
        raise InputError(
            f"proximity lacks domains {sorted(map(str, missing))[:5]}. "
            "Fix: compute it from the same presence matrix."
        )
    return _matrix(proximity.loc[domains, domains], "proximity")


def _safe_divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Return ``num / den`` with 0 wherever ``den`` is 0 (no NaN or inf leaks)."""
    out = np.zeros(np.broadcast_shapes(np.shape(num), np.shape(den)))
    # Divide only where defined: same IEEE result there, and no slow inf/NaN paths elsewhere.
    return np.divide(num, den, out=out, where=np.broadcast_to(den != 0, out.shape))


def rca(values: pd.DataFrame) -> pd.DataFrame:
    """Return the Balassa revealed comparative advantage (location quotient) of each cell.

    ``RCA_rd = (x_rd / x_r) / (x_d / x)`` where ``x_r`` is region r's total, ``x_d`` domain d's
    total and ``x`` the grand total: above 1, region r holds a larger share of its activity in
    d than the whole set of regions does. Computed in the same order of operations as
    ``ecomplexity`` (so thresholds at exactly 1 round the same way).

    Parameters
    ----------
    values : DataFrame
        Non-negative activity, rows = regions, columns = domains. NaN counts as 0.

    Returns
    -------
    DataFrame
        Same labels as ``values``. Rows or columns whose total is 0 get RCA 0 (``ecomplexity``
        drops them instead); no NaN or inf is ever returned.

    Raises
    ------
    InputError
        If a value is negative, infinite or not numeric.

    Notes
    -----
    Time O(n m) for n regions and m domains.

    Examples
    --------
    >>> v = pd.DataFrame({"agri": [4, 0, 1], "ict": [0, 2, 1], "tourism": [0, 2, 2]},
    ...                  index=["A", "B", "C"])
    >>> rca(v)
       agri  ict  tourism
    A   2.4  0.0      0.0
    B   0.0  2.0      1.5
    C   0.6  1.0      1.5
    """
    values = _as_frame(values)
    x = _matrix(values, "values")
    row = x.sum(axis=1)[:, np.newaxis]
    col = x.sum(axis=0)[np.newaxis, :]
    share = _safe_divide(x, row)
    reference = _safe_divide(col, col.sum(axis=1)[:, np.newaxis])
    out = _safe_divide(share, reference)
    return pd.DataFrame(out, index=values.index, columns=values.columns)


def presence(values: pd.DataFrame, *, threshold: float = 1.0, use_rca: bool = True) -> pd.DataFrame:
    """Return the 0/1 specialisation matrix M: 1 where RCA (or the value itself) >= threshold.

    Parameters
    ----------
    values : DataFrame
        Non-negative activity, rows = regions, columns = domains.
    threshold : float
        Cut-off, 1.0 as in ``ecomplexity``'s ``rca_mcp_threshold``.
    use_rca : bool
        If True (default) compare :func:`rca` with ``threshold``; if False compare the values
        themselves (for a matrix that already is an RCA or a count of presences).

    Returns
    -------
    DataFrame
        int64 0/1, same labels as ``values``.

    Notes
    -----
    Time O(n m).

    Examples
    --------
    >>> v = pd.DataFrame({"agri": [4, 0, 1], "ict": [0, 2, 1], "tourism": [0, 2, 2]},
    ...                  index=["A", "B", "C"])
    >>> presence(v)
       agri  ict  tourism
    A     1    0        0
    B     0    1        1
    C     0    1        1
    """
    values = _as_frame(values)
    x = rca(values).to_numpy() if use_rca else _matrix(values, "values")
    m = (x >= threshold).astype(np.int64)
    return pd.DataFrame(m, index=values.index, columns=values.columns)


def diversity(presence: pd.DataFrame) -> pd.Series:
    """Return each region's diversity ``k_r``: the number of domains it is specialised in.

    Time O(n m).

    Examples
    --------
    >>> m = pd.DataFrame({"agri": [1, 0], "ict": [1, 1]}, index=["A", "B"])
    >>> diversity(m).tolist()
    [2, 1]
    """
    presence = _as_frame(presence)
    m = _binary(presence)
    return pd.Series(m.sum(axis=1).astype(np.int64), index=presence.index, name="diversity")


def ubiquity(presence: pd.DataFrame) -> pd.Series:
    """Return each domain's ubiquity ``k_d``: the number of regions specialised in it.

    Time O(n m).

    Examples
    --------
    >>> m = pd.DataFrame({"agri": [1, 0], "ict": [1, 1]}, index=["A", "B"])
    >>> ubiquity(m).tolist()
    [1, 2]
    """
    presence = _as_frame(presence)
    m = _binary(presence)
    return pd.Series(m.sum(axis=0).astype(np.int64), index=presence.columns, name="ubiquity")


def proximity(
    presence: pd.DataFrame, *, method: ProximityMethod = "min-conditional"
) -> pd.DataFrame:
    """Return the domain x domain proximity (relatedness) matrix from co-occurrences.

    With ``C = M^T M`` (``C_ij`` = regions specialised in both i and j; ``C_ii = k_i``):

    ``"min-conditional"`` (default, Hidalgo et al. 2007, as ``ecomplexity``)
        ``phi_ij = min(C_ij / k_i, C_ij / k_j)``, the smaller of the two conditional
        probabilities; the diagonal is 1 (0 for a domain no region is specialised in).
    ``"association"``, ``"cosine"``, ``"jaccard"`` (van Eck & Waltman 2009, exactly as
    EconGeo's ``relatedness()``)
        on the co-occurrences with the diagonal set to 0, ``c_ij``, with ``s_i = sum_j c_ij``
        and ``t = sum_ij c_ij``: association strength ``c_ij t / (s_i s_j)`` (1 = as often
        as chance predicts, unbounded above), cosine ``c_ij / sqrt(s_i s_j)``, Jaccard
        ``c_ij / (s_i + s_j - c_ij)``. Their diagonal is 0 and 0/0 is 0.

    Parameters
    ----------
    presence : DataFrame
        0/1 matrix from :func:`presence`, rows = regions, columns = domains.
    method : str
        One of :data:`PROXIMITY_METHODS`.

    Returns
    -------
    DataFrame
        Symmetric, indexed and labelled by the domains (the columns of ``presence``).

    Notes
    -----
    Time O(n m^2) (one matrix product).

    Examples
    --------
    >>> m = pd.DataFrame({"a": [1, 1, 0], "b": [1, 0, 1], "c": [1, 1, 1]},
    ...                  index=["R1", "R2", "R3"])
    >>> proximity(m).round(4)
            a       b       c
    a  1.0000  0.5000  0.6667
    b  0.5000  1.0000  0.6667
    c  0.6667  0.6667  1.0000

    ``a`` and ``b`` co-occur in R1 only and each is in two regions: ``min(1/2, 1/2) = 0.5``.
    """
    presence = _as_frame(presence)
    m = _binary(presence)
    # float32 is exact for these integer counts (< 2**24 regions) and twice as fast.
    m32 = m.astype(np.float32)
    c = (m32.T @ m32).astype(np.float64)
    if method == "min-conditional":
        # Same expression as ecomplexity's calc_discrete_proximity: P(i|j) then min with P(j|i).
        phi = _safe_divide(c, np.diag(c)[np.newaxis, :])
        phi = np.minimum(phi, phi.T)
    elif method in ("association", "cosine", "jaccard"):
        np.fill_diagonal(c, 0.0)
        s = c.sum(axis=0)
        si, sj = s[:, np.newaxis], s[np.newaxis, :]
        if method == "association":
            phi = _safe_divide(c * c.sum(), si * sj)
        elif method == "cosine":
            phi = _safe_divide(c, np.sqrt(si * sj))
        else:
            phi = _safe_divide(c, si + sj - c)
        np.fill_diagonal(phi, 0.0)
    else:
        raise ValueError(f"unknown proximity method {method!r}; use one of {PROXIMITY_METHODS}")
    return pd.DataFrame(phi, index=presence.columns, columns=presence.columns)


def relatedness_density(presence: pd.DataFrame, proximity: pd.DataFrame) -> pd.DataFrame:
    """Return the relatedness density of each region to each domain, between 0 and 1.

    ``omega_rd = sum_j M_rj phi_dj / sum_j phi_dj``: the share of domain d's proximity mass
    that falls on domains region r is already specialised in (Hidalgo et al. 2007; ``density``
    in ``ecomplexity``; EconGeo's ``relatedness_density`` divided by 100). The sum includes
    ``j = d``, as in ``ecomplexity``. A domain with no proximity at all gets density 0.

    Parameters
    ----------
    presence : DataFrame
        0/1 matrix from :func:`presence`.
    proximity : DataFrame
        Domain x domain matrix, e.g. from :func:`proximity`; it must hold every column of
        ``presence`` (it is aligned by label).

    Returns
    -------
    DataFrame
        Same labels as ``presence``.

    Notes
    -----
    Time O(n m^2).

    Examples
    --------
    >>> m = pd.DataFrame({"a": [1, 1, 0], "b": [1, 0, 1], "c": [1, 1, 1]},
    ...                  index=["R1", "R2", "R3"])
    >>> relatedness_density(m, proximity(m)).round(3)
            a      b      c
    R1  1.000  1.000  1.000
    R2  0.769  0.538  0.714
    R3  0.538  0.769  0.714

    R2 holds a and c: its density in a is ``(1 + 2/3) / (1 + 1/2 + 2/3) = 10/13``.
    """
    presence, proximity = _as_frame(presence), _as_frame(proximity)
    m = _binary(presence)
    domains = presence.columns
    phi = _aligned(proximity, domains)
    # Same expression as ecomplexity's calc_density: M @ (phi.T / rowsum(phi)).
    weights = _safe_divide(phi.T, phi.sum(axis=1)[np.newaxis, :])
    return pd.DataFrame(m @ weights, index=presence.index, columns=domains)


def complexity(presence: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Return the economic complexity index of regions (ECI) and of domains (PCI).

    The method of reflections' fixed point (Hidalgo & Hausmann 2009) as ``ecomplexity``
    computes it: ``kp`` is the eigenvector of the second largest eigenvalue of
    ``Mpp = U^-1 M^T D^-1 M`` (D, U diagonal matrices of diversity and ubiquity) and
    ``kc = D^-1 M kp``; the sign makes ECI correlate positively with diversity; then
    ``eci = (kc - mean(kc)) / std(kc)`` and ``pci = (kp - mean(kc)) / std(kc)`` (population
    standard deviation), which keeps each region's ECI equal to the mean PCI of its domains.

    ``Mpp`` is not symmetric, but ``A = D^-1/2 M U^-1/2`` makes ``U^1/2 Mpp U^-1/2 = A^T A``
    symmetric with the same eigenvalues. The eigenvector is computed on the smaller of
    ``A A^T`` and ``A^T A`` with a symmetric solver: ``scipy.linalg.eigh`` restricted to the
    one eigenpair needed, or above 64 x 64 Lanczos (``scipy.sparse.linalg.eigsh``) after
    deflating the known leading eigenvector (``sqrt(diversity)`` or ``sqrt(ubiquity)``, with
    eigenvalue 1). Both are faster and more accurate than the general non-symmetric
    ``numpy.linalg.eig`` on ``Mpp`` that ``ecomplexity`` uses; the results agree with it to
    about 1e-12 whenever the second eigenvalue is separated from the third.

    Regions with diversity 0 and domains with ubiquity 0 get NaN and are left out of the
    computation and the standardisation (``ecomplexity`` does the same, or drops them).
    If diversity is the same for every region the sign cannot come from it: then the sign
    makes PCI correlate negatively with ubiquity (``ecomplexity`` returns NaN there).

    Parameters
    ----------
    presence : DataFrame
        0/1 matrix from :func:`presence`.

    Returns
    -------
    tuple of Series
        ``(eci, pci)``, indexed by regions and by domains, named ``"eci"`` and ``"pci"``.
        All NaN if fewer than two regions and two domains have any specialisation.

    Notes
    -----
    Time O(n m k) to form the k x k matrix, ``k = min(n, m)``, plus O(k^2) per Lanczos
    iteration (O(k^3) for the dense solver on small or hard cases).

    Examples
    --------
    >>> m = pd.DataFrame({"a": [1, 1, 1], "b": [1, 1, 0], "c": [1, 0, 0]},
    ...                  index=["R1", "R2", "R3"])
    >>> eci, pci = complexity(m)
    >>> (eci.round(3) + 0.0).tolist(), pci.round(3).tolist()
    ([1.225, 0.0, -1.225], [-1.225, 1.225, 3.674])

    The most diversified region is the most complex, the rarest domain the most complex, and
    each region's ECI is the mean PCI of its domains (R2: (-1.225 + 1.225) / 2 = 0).
    """
    presence = _as_frame(presence)
    m = _binary(presence)
    eci = np.full(m.shape[0], np.nan)
    pci = np.full(m.shape[1], np.nan)
    div, ubi = m.sum(axis=1), m.sum(axis=0)
    rows, cols = div > 0, ubi > 0
    if rows.sum() >= 2 and cols.sum() >= 2:
        kc, kp = _eigen_complexity(m[rows][:, cols], div[rows], ubi[cols])
        mean, std = kc.mean(), kc.std()
        if std > 0:
            eci[rows] = (kc - mean) / std
            pci[cols] = (kp - mean) / std
    return (
        pd.Series(eci, index=presence.index, name="eci"),
        pd.Series(pci, index=presence.columns, name="pci"),
    )


def _second_eigenvector(gram: np.ndarray, top: np.ndarray) -> np.ndarray:
    """Return the eigenvector of the second largest eigenvalue of the symmetric PSD ``gram``.

    ``top`` is its known leading eigenvector (eigenvalue 1). Large matrices use Lanczos
    (ARPACK ``eigsh``) on ``gram - top top^T``, whose largest eigenvalue is the second one of
    ``gram``, from a fixed start vector (deterministic); small ones, or a Lanczos run that does
    not converge, use the dense ``scipy.linalg.eigh`` restricted to that one eigenpair.
    """
    k = gram.shape[0]
    if k > _LANCZOS_MIN:
        top = top / np.linalg.norm(top)
        deflated = gram - np.outer(top, top)
        start = np.random.default_rng(0).random(k) + 0.5
        try:
            _, vec = sparse_linalg.eigsh(deflated, k=1, which="LA", v0=start, tol=0.0)
            return vec[:, 0]
        except sparse_linalg.ArpackError:
            pass
    _, vec = linalg.eigh(gram, subset_by_index=[k - 2, k - 2], driver="evx")
    return vec[:, 0]


def _eigen_complexity(
    m: np.ndarray, div: np.ndarray, ubi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return unstandardised ``(kc, kp)`` with ecomplexity's sign, via a symmetric eigen-solve."""
    d_half, u_half = 1.0 / np.sqrt(div), 1.0 / np.sqrt(ubi)
    a = m * d_half[:, np.newaxis] * u_half[np.newaxis, :]
    if m.shape[0] <= m.shape[1]:
        # A A^T = D^1/2 Mcc D^-1/2; its top eigenvector is D^1/2 1 = sqrt(diversity).
        vec = _second_eigenvector(a @ a.T, np.sqrt(div))
        kc_vec = vec * d_half
        # kp is proportional to U^-1 M^T kc (the second eigenvalue is > 0, so the sign holds).
        kp = (m.T @ kc_vec) / ubi
    else:
        kp = _second_eigenvector(a.T @ a, np.sqrt(ubi)) * u_half
    kc = (m @ kp) / div
    sign = _sign(div, kc)
    if sign == 0:
        sign = -_sign(ubi, kp) or 1.0
    return sign * kc, sign * kp


def _sign(x: np.ndarray, y: np.ndarray) -> float:
    """Return the sign of the Pearson correlation of x and y, 0 when it is undefined."""
    if x.std() == 0 or y.std() == 0:
        return 0.0
    r = np.corrcoef(x, y)[0, 1]
    return float(np.sign(r)) if np.isfinite(r) else 0.0


def coherence(presence: pd.DataFrame, proximity: pd.DataFrame) -> pd.Series:
    """Return each region's portfolio coherence: mean proximity among its specialised domains.

    ``coherence_r = sum_{i != j in S_r} phi_ij / (|S_r| (|S_r| - 1))`` with ``S_r`` the
    domains where ``M_rd = 1``: how related the domains a region is specialised in are to one
    another (the portfolio coherence of Balland et al. 2019's relatedness framework; a
    coherent S3 builds on related strengths). 0-1 with the min-conditional proximity. NaN when
    the region is specialised in fewer than two domains (no pair to compare).

    Parameters
    ----------
    presence : DataFrame
        0/1 matrix from :func:`presence`.
    proximity : DataFrame
        Domain x domain matrix holding every column of ``presence``.

    Returns
    -------
    Series
        Indexed by region, named ``"coherence"``.

    Notes
    -----
    Time O(n m^2).

    Examples
    --------
    >>> m = pd.DataFrame({"a": [1, 1, 0], "b": [1, 0, 1], "c": [1, 1, 1]},
    ...                  index=["R1", "R2", "R3"])
    >>> coherence(m, proximity(m)).round(4).tolist()
    [0.6111, 0.6667, 0.6667]
    """
    presence, proximity = _as_frame(presence), _as_frame(proximity)
    m = _binary(presence)
    phi = _aligned(proximity, presence.columns).copy()
    np.fill_diagonal(phi, 0.0)
    k = m.sum(axis=1)
    pair_sum = ((m @ phi) * m).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(k >= 2, pair_sum / (k * (k - 1)), np.nan)
    return pd.Series(out, index=presence.index, name="coherence")


def complexity_support(
    presence: pd.DataFrame, *, min_regions: int = 30, min_stability: float = 0.9
) -> tuple[bool, str, float | None]:
    """Return ``(supported, note, stability)``: may ECI/PCI be reported on this matrix?

    Complexity indices rank domains by the diversity of the regions holding them; on a
    handful of regions that ranking turns over when one region is dropped. They are
    reported only when at least ``min_regions`` regions have a specialisation and the
    leave-one-region-out check holds: dropping any single region, the PCI ranking of the
    domains keeps a Spearman correlation of at least ``min_stability`` with the full one
    (``stability`` is the lowest such correlation). ``note`` says why in words.

    Time O(n) complexity computations, O(n · n m k) in all.

    Examples
    --------
    >>> m = pd.DataFrame({"a": [1, 1, 1], "b": [1, 1, 0], "c": [1, 0, 0]}, index=["R1", "R2", "R3"])
    >>> ok, note, _ = complexity_support(m)
    >>> ok, note[:42]
    (False, 'ECI/PCI left out: 3 regions have a special')
    """
    from scipy.stats import spearmanr

    presence = _as_frame(presence)
    m = _binary(presence)
    active = presence.index[m.sum(axis=1) > 0]
    if len(active) < min_regions:
        return (
            False,
            f"ECI/PCI left out: {len(active)} regions have a specialisation, fewer than the "
            f"{min_regions} a stable complexity ranking needs.",
            None,
        )
    _, pci = complexity(presence)
    lowest = 1.0
    worst = ""
    for r in active:
        _, pci_r = complexity(presence.drop(index=r))
        both = pci.notna() & pci_r.notna()
        if both.sum() < 3:
            continue
        rho = spearmanr(pci[both], pci_r[both]).statistic
        rho = float(rho) if rho == rho else 0.0
        if rho < lowest:
            lowest, worst = rho, str(r)
    if lowest < min_stability:
        return (
            False,
            f"ECI/PCI left out: dropping region {worst} moves the domains' complexity ranking "
            f"to a Spearman correlation of {lowest:.2f} with the full one (at least "
            f"{min_stability:.2f} needed).",
            round(lowest, 4),
        )
    return (
        True,
        f"ECI/PCI reported: {len(active)} regions; leave-one-region-out Spearman of the domain "
        f"ranking at least {lowest:.2f}.",
        round(lowest, 4),
    )


def with_reference(values: pd.DataFrame, reference: pd.DataFrame | None) -> pd.DataFrame:
    """Return ``values`` stacked on the reference regions it does not hold (columns united).

    The reference rows widen the set RCA and proximity are estimated on; a reference row with
    the id of a scanned region is left out (the scanned data describes that region).

    >>> v = pd.DataFrame({"a": [1.0]}, index=["R1"])
    >>> ref = pd.DataFrame({"a": [2.0, 3.0], "b": [1.0, 0.0]}, index=["R1", "X"])
    >>> with_reference(v, ref).to_dict("index")
    {'R1': {'a': 1.0, 'b': 0.0}, 'X': {'a': 3.0, 'b': 0.0}}
    """
    if reference is None or reference.empty:
        return values
    extra = reference.loc[~reference.index.isin(values.index)]
    columns = sorted(set(values.columns) | set(extra.columns), key=str)
    both = pd.concat(
        [values.reindex(columns=columns, fill_value=0.0), extra.reindex(columns=columns)]
    )
    return both.fillna(0.0).astype(float)


def region_metrics(
    values: pd.DataFrame,
    names: Mapping[str, str] | None = None,
    *,
    rca_threshold: float = 1.0,
    proximity_method: ProximityMethod = "min-conditional",
    reference: pd.DataFrame | None = None,
    min_regions: int = 30,
    min_stability: float = 0.9,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Return the per-region table (diversity, ECI, coherence) and the matrices behind it.

    The table has ``region_id``, ``name``, ``diversity``, ``eci`` and ``coherence`` (rounded
    to 4 decimals) in the order of ``values``' rows; the matrices are ``values``,
    ``presence``, ``density`` (relatedness density), ``pci`` and ``eci`` of the scanned
    regions, and ``complexity_note``, ``complexity_stability`` and ``proximity_regions``.

    RCA, proximity and complexity are estimated on ``values`` plus the ``reference`` regions
    (:func:`with_reference`); ECI and PCI are NaN unless :func:`complexity_support` holds.
    """
    names = names or {}
    full = with_reference(values, reference)
    m_full = presence(full, threshold=rca_threshold)
    supported, note, stability = complexity_support(
        m_full, min_regions=min_regions, min_stability=min_stability
    )
    if supported:
        eci, pci = complexity(m_full)
    else:
        eci = pd.Series(np.nan, index=full.index, name="eci")
        pci = pd.Series(np.nan, index=full.columns, name="pci")
    phi = proximity(m_full, method=proximity_method)
    m = m_full.loc[values.index]
    table = pd.DataFrame(
        {
            "region_id": values.index,
            "name": [names.get(r, r) for r in values.index],
            "diversity": diversity(m).reindex(values.index).to_numpy(),
            "eci": eci.reindex(values.index).round(4).to_numpy(),
            "coherence": coherence(m, phi).reindex(values.index).round(4).to_numpy(),
        }
    )
    matrices = {
        "values": values,
        "presence": m,
        "density": relatedness_density(m, phi),
        "pci": pci,
        "eci": eci.reindex(values.index),
        "complexity_note": note,
        "complexity_stability": stability,
        "proximity_regions": int(len(full)),
    }
    return table, matrices
