"""Place a CORDIS organisation in a region from its ``nutsCode``.

With the dataset's regions, a code goes to the region whose id is its longest prefix
(``AT312`` -> ``AT31``, ``SI041`` -> ``SI0``: ids of any NUTS level work); a code outside
them keeps its own region at NUTS ``level`` (the organisation is a partner elsewhere); a code
too coarse to tell (``DE`` when the dataset has ``DE21``) or empty is unknown, with the reason.
Without regions, a code is rolled up to NUTS ``level``.

NUTS versions are compared as written. ``nuts_candidates`` is the hook for a correspondence
between versions (2013/2016/2021/2024): a function returning, for one code, the codes to try
in turn (``ingest/nuts.py`` is to provide one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from synergy.core.errors import InputError, Problem

from .cordis_layout import looks_like_nuts, nuts_at_level

__all__ = ["RegionRollup"]


class RegionRollup:
    """Return the region of a ``nutsCode``: a dataset region by prefix, else a NUTS level.

    Examples
    --------
    >>> r = RegionRollup(["AT31", "DE21", "SI0"], level=2)
    >>> r.resolve("AT312"), r.resolve("SI041"), r.resolve("FRK26"), r.resolve("DE")[:2]
    (('AT31', True, ''), ('SI0', True, ''), ('FRK2', False, ''), ('', False))
    >>> RegionRollup(None, level=2).resolve("EL303")
    ('EL30', True, '')
    """

    def __init__(
        self,
        region_ids: Iterable[str] | None,
        *,
        level: int = 2,
        nuts_candidates: Callable[[str], Sequence[str]] | None = None,
    ):
        self.level = level
        self.candidates = nuts_candidates or (lambda code: (code,))
        self.dataset: dict[str, str] | None = None
        if region_ids is not None:
            ids = list(region_ids)
            self.dataset = {r.upper(): r for r in ids if looks_like_nuts(r.upper())}
            if not self.dataset:
                raise InputError(
                    Problem(
                        file="regions",
                        column="region_id",
                        message="none of the dataset's region ids is a NUTS code "
                        f"({', '.join(ids[:5]) or 'no regions'}), so CORDIS organisations "
                        "cannot be placed in them.",
                        fix="Give the regions their NUTS ids (AT31, DE21, ITC4, ...), or import "
                        "without dataset regions (NUTS level).",
                    )
                )
        self._memo: dict[str, tuple[str, bool, str]] = {}

    def resolve(self, code: str) -> tuple[str, bool, str]:
        """Return ``(region_id, in_dataset, reason it is unknown)`` for a normalised code."""
        if code not in self._memo:
            self._memo[code] = self._resolve(code)
        return self._memo[code]

    def _resolve(self, code: str) -> tuple[str, bool, str]:
        if not code:
            return "", False, "no nutsCode, so the organisation's region is unknown"
        if self.dataset is None:
            region = nuts_at_level(code, self.level)
            if region is None:
                return "", False, f"nutsCode '{code}' is less precise than NUTS level {self.level}"
            return region, True, ""
        for candidate in self.candidates(code):
            for width in range(len(candidate), 1, -1):
                found = self.dataset.get(candidate[:width])
                if found is not None:
                    return found, True, ""
        inside = sorted(r for key, r in self.dataset.items() if key.startswith(code))
        if inside:
            return (
                "",
                False,
                (
                    f"nutsCode '{code}' is too coarse to tell which of the dataset's regions "
                    f"({', '.join(inside[:4])}) the organisation is in"
                ),
            )
        return nuts_at_level(code, self.level) or code, False, ""
