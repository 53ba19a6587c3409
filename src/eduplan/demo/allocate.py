"""Share a published total out over schools as whole persons, each school within its own capacity."""

from __future__ import annotations

import numpy as np


def allocate(capacity: np.ndarray, weight: np.ndarray, total: int) -> np.ndarray:
    """Integers x with 0 <= x <= capacity and sum(x) = min(total, sum(capacity)), x roughly in
    proportion to weight (water-filling: schools that reach capacity pass the rest on)."""
    cap = np.maximum(np.asarray(capacity, dtype=float), 0.0)
    w = np.maximum(np.asarray(weight, dtype=float), 0.0)
    total = int(min(max(total, 0), np.floor(cap.sum())))
    x = np.zeros_like(cap)
    for _ in range(100):
        remaining = total - x.sum()
        if remaining < 1e-9:
            break
        room = cap - x
        active = room > 1e-9
        share = np.where(active, w, 0.0)
        if share.sum() <= 0:
            share = np.where(active, room, 0.0)
        x += np.minimum(remaining * share / share.sum(), room)
    whole = np.floor(x + 1e-9)
    short = int(total - whole.sum())
    if short > 0:
        order = np.argsort(-(x - whole), kind="stable")
        for i in order:
            if short == 0:
                break
            if whole[i] + 1 <= cap[i]:
                whole[i] += 1
                short -= 1
    result: np.ndarray = whole.astype(np.int64)
    return result


def allocate_rate(capacity: np.ndarray, propensity: np.ndarray, rate: float, base: np.ndarray) -> np.ndarray:
    """Counts (within capacity) that make sum(counts) / sum(base) equal `rate`, each school weighted by
    its capacity times its own propensity."""
    total = round(rate * float(np.asarray(base, dtype=float).sum()))
    return allocate(capacity, np.asarray(capacity, dtype=float) * np.clip(propensity, 0.01, None), total)
