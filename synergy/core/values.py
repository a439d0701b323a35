"""Cell values shared by every layer: what counts as missing, and plain Python scalars.

>>> is_missing(float("nan")), is_missing(""), is_empty(""), plain(__import__("numpy").int64(3))
(True, False, True, 3)
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

__all__ = ["is_missing", "is_empty", "plain"]


def is_missing(value: Any) -> bool:
    """Return True for None, ``pd.NA``, ``pd.NaT`` and float NaN (not for empty text)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def is_empty(value: Any) -> bool:
    """Return True for a missing value (:func:`is_missing`) or one whose text is ``""``."""
    return is_missing(value) or str(value) == ""


def plain(value: Any) -> Any:
    """Return a numpy scalar as the Python scalar it holds; anything else unchanged."""
    item = getattr(value, "item", None)
    if item is not None and not isinstance(value, (str, bytes)) and getattr(value, "ndim", 1) == 0:
        return item()
    return value
