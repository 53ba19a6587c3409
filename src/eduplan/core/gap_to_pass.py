"""What it would take to pass: the smallest additions per failing school, and the levers on a failing CV.

School: a part passes with at most one indicator under its threshold, and that one at no less than 85% of it
(spec/standards.md §1.3). So the cheapest way to pass raises every unmet indicator to its threshold except
one, which only needs 85%. Each unmet indicator is tried as the one left at 85%, and the plan with the least
total addition wins; persons, ㎡ and 万元 cannot be added up, so each addition is measured as a fraction of
its threshold. Additions are rounded up to whole persons and rooms, whole ㎡ and 0.01 万元, so one unit less
would not pass.

CV: for a failing coefficient of variation, every school below the threshold (or, above it, below the county
mean) is brought there alone, and the schools whose change lowers the CV most are listed with the new CV.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from eduplan.core.weighted_cv import FloatArray, coefficient_of_variation, cv_after_each_change
from eduplan.standards.base import Indicator

TARGET_THRESHOLD = "threshold"
TARGET_FLOOR = "floor"  # the 85% of the threshold allowed for one indicator
TARGET_COUNTY_MEAN = "county_mean"
_DIGITS = 6  # additions are rounded to the step; this only trims binary noise


@dataclass(frozen=True)
class Addition:
    indicator: str
    unit: str  # unit of the addition (人, ㎡, 万元, 间)
    amount: float
    target: str  # TARGET_THRESHOLD or TARGET_FLOOR
    value_before: float | None
    value_after: float

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)  # flat: much faster than dataclasses.asdict, which deep-copies


def smallest_additions(
    numerators: FloatArray,
    students: FloatArray,
    thresholds: FloatArray,
    ratio: float,
    scales: FloatArray,
    steps: FloatArray,
) -> FloatArray:
    """The least multiples of ``steps`` with ``scale × (numerator + x) / students / threshold ≥ ratio``.

    Arrays broadcast (schools × indicators). The check is the verdict's own comparison (value / threshold
    against the ratio), so an addition found here passes when the assessment runs again, and one step less
    does not. A blank numerator counts as 0.
    """
    base = np.nan_to_num(numerators)
    need = thresholds * ratio * students / scales - base
    amount = np.where(need > 0, np.round(np.ceil(np.round(need / steps, _DIGITS)) * steps, _DIGITS), 0.0)
    for _ in range(3):  # binary rounding can leave a hair short: one more step, checked again
        short = (amount > 0) & (scales * (base + amount) / students / thresholds < ratio)
        if not short.any():
            break
        amount = np.where(short, np.round(amount + steps, _DIGITS), amount)
    return np.asarray(amount, dtype=np.float64)


def school_gaps(
    indicators: tuple[Indicator, ...],
    thresholds: FloatArray,
    numerators: FloatArray,
    students: FloatArray,
    floor_ratio: float,
) -> list[list[Addition]]:
    """For every school part (rows of ``numerators``), the additions that make it pass; [] if it passes."""
    scales = np.array([i.scale for i in indicators])
    steps = np.array([i.addition_step for i in indicators])
    p = students[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        values = scales * numerators / p
        ratios = np.nan_to_num(values / thresholds)
        full = smallest_additions(numerators, p, thresholds, 1.0, scales, steps)
        floor = smallest_additions(numerators, p, thresholds, floor_ratio, scales, steps)
        # Each addition as a fraction of its threshold, so persons, ㎡ and 万元 can be compared.
        saving = (scales * (full - floor) / p) / thresholds
    unmet = ratios < 1
    left = np.argmax(np.where(unmet, saving, -np.inf), axis=1)  # the biggest saving; first on ties
    at_floor = np.arange(len(indicators)) == left[:, None]
    amounts = np.where(at_floor, floor, full)
    base = np.nan_to_num(numerators)
    with np.errstate(divide="ignore", invalid="ignore"):
        after = scales * (base + amounts) / p
    # Plain Python numbers for the loop: indexing numpy arrays element by element cost most of a county's time.
    keys = [(i.key, i.addition_unit) for i in indicators]
    out: list[list[Addition]] = []
    for row_unmet, row_floor, row_amount, row_before, row_after in zip(
        unmet.tolist(), at_floor.tolist(), amounts.tolist(), values.tolist(), after.tolist(), strict=True
    ):
        plan = []
        for k, unmet_k in enumerate(row_unmet):
            amount = row_amount[k]
            if unmet_k and amount > 0:
                before = row_before[k]
                target = TARGET_FLOOR if row_floor[k] else TARGET_THRESHOLD
                plan.append(Addition(*keys[k], amount, target, None if math.isnan(before) else before, row_after[k]))
        out.append(plan)
    return out


@dataclass(frozen=True)
class CvLever:
    school_code: str
    value: float
    target: float
    target_kind: str  # TARGET_THRESHOLD or TARGET_COUNTY_MEAN
    addition: float
    unit: str
    cv_after: float
    cv_reduction: float

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CvGap:
    indicator: str
    cv: float
    threshold: float
    excess: float  # cv − threshold
    levers: list[CvLever]
    cv_if_all_levers: float | None  # the CV if every listed school is brought to its target together

    def as_dict(self) -> dict[str, object]:
        return {**self.__dict__, "levers": [lever.as_dict() for lever in self.levers]}


def cv_gap(
    indicator: Indicator,
    school_codes: list[str],
    values: FloatArray,
    numerators: FloatArray,
    students: FloatArray,
    weights: FloatArray | None,
    cv: float,
    threshold: float,
    school_threshold: float,
    top: int = 5,
) -> CvGap:
    """The schools whose improvement lowers a failing CV most, each brought alone to its target."""
    w = np.ones_like(values) if weights is None else weights  # None: the unweighted form, as in the CV itself
    mean = coefficient_of_variation(values, w).mean or 0.0
    targets = np.where(values < school_threshold, school_threshold, np.maximum(values, mean))
    kinds = np.where(values < school_threshold, TARGET_THRESHOLD, TARGET_COUNTY_MEAN)
    after = cv_after_each_change(values, w, targets)
    gains = cv - after
    order = [i for i in np.argsort(-np.nan_to_num(gains, nan=-np.inf), kind="stable") if gains[i] > 0][:top]
    # The levers' additions at once (smallest_additions works element by element).
    additions = smallest_additions(
        numerators[order],
        students[order],
        targets[order],
        1.0,
        np.full(len(order), indicator.scale),
        np.full(len(order), indicator.addition_step),
    ).tolist()
    levers = [
        CvLever(
            school_code=school_codes[i],
            value=float(values[i]),
            target=float(targets[i]),
            target_kind=str(kinds[i]),
            addition=addition,
            unit=indicator.addition_unit,
            cv_after=float(after[i]),
            cv_reduction=float(gains[i]),
        )
        for i, addition in zip(order, additions, strict=True)
    ]
    together = values.copy()
    together[order] = targets[order]
    cv_all = coefficient_of_variation(together, w).cv if levers else None
    return CvGap(indicator.key, cv, threshold, cv - threshold, levers, cv_all)
