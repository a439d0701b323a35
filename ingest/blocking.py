"""Candidate pairs for fuzzy name matching: sorted-neighbourhood blocking with cheap filters.

:func:`candidate_pairs` proposes the pairs of names that :mod:`ingest.dedupe` scores with
rapidfuzz. Each blocking pass sorts the names of every region by a key, cuts the sorted list
into blocks (same region, same first three characters of the key) and pairs every name with the
next ``window`` names of its block. Pairs that cannot reach the score cutoff are dropped before
any string comparison, with two bounds computed on whole arrays:

* length: ``ratio = 2 * LCS / (la + lb) <= 2 * min(la, lb) / (la + lb)``;
* characters: the longest common subsequence is at most ``sum_c min(count_a[c], count_b[c])``.

Pairs are formed as shifts of the sorted arrays (the name at sorted position ``k`` against the
one at ``k + d``, ``d = 1 .. window``), so no Python object is made per candidate pair, and only
the ~10% that survive the bounds are kept. Time O(p * (m log m + m * window)) for m names and
p passes, memory O(m * window) in the worst case.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ingest.legal_forms import names_compatible
from synergy.core.settings import DedupeSettings

__all__ = ["sort_order", "block_ids", "char_counts", "candidate_pairs", "fuzzy_matches"]

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 "
_OTHER = len(_ALPHABET)  # bucket for any other byte (normalised names should have none)
_LUT = np.full(256, _OTHER, dtype=np.int64)
for _k, _c in enumerate(_ALPHABET):
    _LUT[ord(_c)] = _k


def sort_order(region: np.ndarray, key: list[str]) -> np.ndarray:
    """Return the positions of ``key`` sorted by (``region`` code, key), ties in position order."""
    m = len(key)
    if not m:
        return np.zeros(0, dtype=np.int64)
    # Normalised names are ASCII: zero-padded bytes read as big-endian 8-byte words sort like
    # the text, and numpy sorts integers far faster than strings.
    data = np.array(key, dtype=bytes)
    width = -(-max(data.itemsize, 1) // 8) * 8
    words = data.astype(f"S{width}").view(">u8").reshape(m, width // 8).astype(np.uint64)
    codes = region.astype(np.int64)
    if codes.min() < 0 or codes.max() >= 1 << 16:
        return np.lexsort([*words.T[::-1], codes])
    # One integer sort on (region, first six bytes) settles almost every name; only runs
    # that share both are sorted again on the whole key.
    head = (codes.astype(np.uint64) << np.uint64(48)) | (words[:, 0] >> np.uint64(16))
    order = np.argsort(head, kind="stable")
    same = head[order][1:] == head[order][:-1]
    if same.any():
        tied = np.zeros(m, dtype=bool)
        tied[1:] |= same
        tied[:-1] |= same
        run = np.cumsum(np.concatenate(([True], ~same)))[tied]
        sub = order[tied]
        order[tied] = sub[np.lexsort([*words[sub].T[::-1], run])]
    return order


def block_ids(region: np.ndarray, key: list[str], order: np.ndarray) -> np.ndarray:
    """Return, along ``order``, a block number that changes with the region or the key's head."""
    if len(order) == 0:
        return np.zeros(0, dtype=np.int64)
    heads = np.array(key, dtype="S3")[order]  # numpy keeps the first three bytes
    reg = region[order]
    change = (reg[1:] != reg[:-1]) | (heads[1:] != heads[:-1])
    return np.concatenate(([0], np.cumsum(change)))


def char_counts(names: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """Return (length of every name, character counts as a names x alphabet array).

    Returns None when a name is not ASCII (the character bound is then skipped).
    """
    lengths = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
    data = "".join(names)
    if not data.isascii():
        return None
    codes = _LUT[np.frombuffer(data.encode("ascii"), dtype=np.uint8)]
    owner = np.repeat(np.arange(len(names), dtype=np.int64), lengths)
    counts = np.bincount(owner * (_OTHER + 1) + codes, minlength=(_OTHER + 1) * len(names))
    dtype = np.uint8 if counts.size == 0 or counts.max() < 256 else np.uint16
    return lengths, counts.reshape(len(names), _OTHER + 1).astype(dtype)


def candidate_pairs(
    region: np.ndarray, keys: list[list[str]], names: list[str], window: int, cutoff: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct pairs (a, b), a < b, sorted, that some pass proposes and may score.

    Parameters
    ----------
    region : ndarray of int
        Region code of every name; names of different regions are never paired.
    keys : list of list of str
        One sort key per name for every blocking pass.
    names : list of str
        The strings that will be scored with rapidfuzz ``ratio`` (0–100).
    window : int
        How many following names of its block each name is paired with.
    cutoff : float
        Lowest ``ratio`` (0–100) of interest; pairs that provably score lower are dropped.
    """
    m = len(names)
    counted = char_counts(names)
    if counted is None:
        lengths, counts = np.fromiter(map(len, names), dtype=np.int64, count=m), None
    else:
        lengths, counts = counted
    # A hair below the cutoff: the bounds are exact integers, rapidfuzz's score a float.
    need = cutoff / 100.0 - 1e-9

    def one_pass(key: list[str]) -> np.ndarray:
        order = sort_order(region, key)
        block = block_ids(region, key, order)
        size = lengths[order]
        sorted_counts = counts[order] if counts is not None else None
        found = [np.zeros(0, dtype=np.int64)]
        for d in range(1, min(window, m - 1) + 1):
            least = need * (size[:-d] + size[d:])
            ok = (block[:-d] == block[d:]) & (2 * np.minimum(size[:-d], size[d:]) >= least)
            if sorted_counts is not None:
                common = np.minimum(sorted_counts[:-d], sorted_counts[d:])
                ok &= 2 * common.sum(axis=1, dtype=np.uint32) >= least
            i, j = order[:-d][ok], order[d:][ok]
            found.append(np.minimum(i, j) * m + np.maximum(i, j))
        return np.concatenate(found)

    # numpy releases the GIL in sorts and array arithmetic, so passes overlap on two cores;
    # the result does not depend on which thread finishes first.
    with ThreadPoolExecutor(max_workers=max(1, min(len(keys), os.cpu_count() or 1))) as pool:
        found = list(pool.map(one_pass, keys))
    # Sorting int64 codes and dropping repeats beats hashing them, and fixes the order.
    codes = np.sort(np.concatenate([np.zeros(0, dtype=np.int64), *found]))
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes
    return codes // max(m, 1), codes % max(m, 1)


def _pass_keys(names: list[str]) -> list[list[str]]:
    """Return the three blocking keys: the name, the reversed compact name, words longest first."""
    # sorted() by length, reverse=True, is stable: alphabetical order survives among equal lengths.
    by_words = [
        " ".join(sorted(sorted(s.split()), key=len, reverse=True)) if " " in s else s for s in names
    ]
    return [names, [s.replace(" ", "")[::-1] for s in names], by_words]


def _forms_clash(a: np.ndarray, b: np.ndarray, forms: list[str]) -> np.ndarray:
    """Return, per pair, whether both reps write legal forms and no family is shared."""
    code, _ = pd.factorize(np.array(forms, dtype=object))
    code = np.where(np.array([f == "" for f in forms], dtype=bool), -1, code)
    clash = (code[a] >= 0) & (code[b] >= 0) & (code[a] != code[b])
    several = np.array(["|" in f for f in forms], dtype=bool)
    # Names written with two legal forms are rare: a Python check of their pairs is cheap.
    for k in np.flatnonzero(clash & (several[a] | several[b])).tolist():
        if set(forms[a[k]].split("|")) & set(forms[b[k]].split("|")):
            clash[k] = False
    return clash


def fuzzy_matches(
    region: np.ndarray, names: list[str], forms: list[str], settings: DedupeSettings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the pairs (a, b), a < b, of ``names`` that match, and their ``ratio`` (0–100).

    Parameters
    ----------
    region : ndarray of int
        Region code per name; names of different regions never match.
    names : list of str
        Distinct normalised names (per region) as :func:`ingest.legal_forms.split_names` makes.
    forms : list of str
        Legal-form families written for each name, ``|``-joined (``""``: none).
    settings : DedupeSettings
        Thresholds, edit allowances, window and guards of :mod:`ingest.dedupe`.

    Candidates come from :func:`candidate_pairs`; they are scored on whole arrays and the
    guards run cheapest first, so Python touches only the few pairs that pass the score.
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(names) < 2:
        return empty, empty, np.zeros(0, dtype=np.float32)
    cutoff = settings.candidate_cutoff * 100
    a, b = candidate_pairs(region, _pass_keys(names), names, settings.window, cutoff)
    values = np.array(names, dtype=object)
    score = process.cpdist(
        values[a], values[b], scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32, workers=-1
    )
    keep = score >= cutoff
    # "Meier Software AG" and "Maier Software GmbH" are two companies, typo or not.
    if settings.legal_form_guard:
        keep &= ~_forms_clash(a, b, forms)
    a, b, score = a[keep], b[keep], score[keep]
    # Below the ratio threshold, only names one or two typing edits apart merge.
    below = score < settings.threshold * 100 - 1e-4
    compact = np.fromiter((len(s) - s.count(" ") for s in names), dtype=np.int64, count=len(names))
    shortest = np.minimum(compact[a], compact[b])
    allowed = np.minimum(
        np.where(
            shortest >= settings.two_edit_length,
            2,
            np.where(shortest >= settings.one_edit_length, 1, 0),
        ),
        settings.max_edits,
    )
    check = np.flatnonzero(below)
    if len(check):
        edits = process.cpdist(
            values[a[check]],
            values[b[check]],
            scorer=OSA.distance,
            score_cutoff=int(allowed[check].max()),
            workers=-1,
        )
        keep = np.ones(len(a), dtype=bool)
        keep[check] = edits <= allowed[check]
        a, b, score = a[keep], b[keep], score[keep]
    fine = np.array(
        [
            names_compatible(names[i], names[j], max_edits=settings.max_edits)
            for i, j in zip(a.tolist(), b.tolist(), strict=True)
        ],
        dtype=bool,
    )
    return a[fine], b[fine], score[fine]
