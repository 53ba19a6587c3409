"""THE coefficient of variation of the balanced-development assessments (spec/standards.md §1.4.1).

For one indicator and one 学段 group of schools i with students P_i and values X_i:

    X̄  = Σ (P_i / P) · X_i            (= the county aggregate ratio, Σ numerators / Σ students)
    S  = sqrt(Σ (P_i / P) · (X_i − X̄)²)   (population form: weights P_i / P, no n − 1)
    CV = S / X̄

Every assessment (优质均衡, 基本均衡, reports, the gap to pass) calls ``coefficient_of_variation``; the
unweighted form (weights all equal) exists only for comparison with tools that use it (§6.7).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Dispersion:
    n: int  # schools with a value
    mean: float | None
    sd: float | None
    cv: float | None  # None when there is no school or the mean is 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _clean(values: npt.ArrayLike, weights: npt.ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(values, dtype=np.float64)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64)
    keep = ~np.isnan(x) & ~np.isnan(w) & (w > 0)
    return x[keep], w[keep]


def coefficient_of_variation(values: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> Dispersion:
    """Weighted (by ``weights``, normally the schools' students) or, with ``weights=None``, unweighted CV.

    Schools without a value (NaN) or without students are left out of the group.
    """
    x, w = _clean(values, weights)
    if x.size == 0:
        return Dispersion(0, None, None, None)
    p = w / w.sum()
    mean = float(p @ x)
    sd = float(np.sqrt(p @ (x - mean) ** 2))
    cv = sd / mean if mean != 0 else None
    return Dispersion(int(x.size), mean, sd, cv)


def cv_after_each_change(values: npt.ArrayLike, weights: npt.ArrayLike, new_values: npt.ArrayLike) -> FloatArray:
    """CV of the group if school i alone had ``new_values[i]`` instead of ``values[i]``, for every i at once.

    The same definition as ``coefficient_of_variation``, through its moments (E[x], E[x²]) so that ranking
    every school's improvement costs O(n) instead of O(n²). Schools without a value get NaN.
    """
    x = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    t = np.asarray(new_values, dtype=np.float64)
    keep = ~np.isnan(x) & ~np.isnan(w) & (w > 0)
    p = np.where(keep, w, 0.0)
    p = p / p.sum() if p.sum() > 0 else p
    xs = np.where(keep, x, 0.0)
    mean = p @ xs
    second = p @ (xs - mean) ** 2 + mean**2
    new_mean = mean + p * (t - xs)
    new_second = second + p * (t**2 - xs**2)
    variance = np.maximum(new_second - new_mean**2, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.sqrt(variance) / new_mean
    return np.where(keep, cv, np.nan)
