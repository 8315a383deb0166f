"""Deterministic random ids and small vectorised helpers shared by the demo modules."""

from __future__ import annotations

import numpy as np


def hex_ids(rng: np.random.Generator, n: int, nbytes: int = 16) -> np.ndarray:
    """``n`` random hex ids (uuid4-like text, ``2 * nbytes`` characters) as an object array."""
    raw = rng.bytes(n * nbytes)
    text = raw.hex()
    width = 2 * nbytes
    return np.array([text[i : i + width] for i in range(0, n * width, width)], dtype=object)


def rank_within(groups: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The 0-based rank of each ``keys`` value inside its group (ties broken by position)."""
    order = np.lexsort((keys, groups))
    sorted_groups = groups[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_groups)) + 1]
    counts = np.diff(np.r_[starts, len(groups)])
    ranks_sorted = np.arange(len(groups)) - np.repeat(starts, counts)
    ranks = np.empty(len(groups), dtype=np.int64)
    ranks[order] = ranks_sorted
    return ranks


def pick(
    rng: np.random.Generator,
    n: int,
    rate: float,
    exclude: np.ndarray | None = None,
    minimum: int = 0,
) -> np.ndarray:
    """Indices of about ``rate * n`` of ``range(n)`` (at least ``minimum`` if rate > 0)."""
    pool = np.arange(n)
    if exclude is not None and len(exclude):
        pool = np.setdiff1d(pool, exclude)
    if rate <= 0 or len(pool) == 0:
        return np.array([], dtype=np.int64)
    k = min(len(pool), max(minimum, int(round(rate * n))))
    return np.sort(rng.choice(pool, size=k, replace=False))
