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
from dataclasses import asdict, dataclass

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
        return asdict(self)


def indicator_value(indicator: Indicator, numerator: float, students: float) -> float:
    """The one formula of an indicator's value, shared with the assessment (``school_parts.add_values``)."""
    return indicator.scale * numerator / students


def smallest_addition(indicator: Indicator, numerator: float, students: float, target: float) -> float:
    """The least multiple of the indicator's step that brings ``scale × (numerator + x) / students`` to ``target``."""
    step = indicator.addition_step
    need = target * students / indicator.scale - numerator
    if need <= 0:
        return 0.0
    amount = round(math.ceil(round(need / step, _DIGITS)) * step, _DIGITS)
    # Guard against binary rounding: the addition must really reach the target, one step less must not.
    while indicator_value(indicator, numerator + amount, students) < target:
        amount = round(amount + step, _DIGITS)
    return amount


def school_additions(
    indicators: tuple[Indicator, ...],
    thresholds: list[float],
    numerators: list[float | None],
    students: float,
    floor_ratio: float,
) -> list[Addition]:
    """The additions that make one failing school part pass (empty if it passes already)."""
    bases = [0.0 if n is None or math.isnan(n) else n for n in numerators]
    values = [
        None if n is None or math.isnan(n) else indicator_value(i, n, students)
        for i, n in zip(indicators, numerators, strict=True)
    ]
    ratios = [0.0 if v is None else v / t for v, t in zip(values, thresholds, strict=True)]
    unmet = [k for k, r in enumerate(ratios) if r < 1]
    if not unmet:
        return []
    best: list[Addition] = []
    best_cost = math.inf
    for left in unmet:  # at most 7 choices of the indicator left at 85%: try each, keep the cheapest
        plan = []
        for k in unmet:
            ind, ratio = indicators[k], floor_ratio if k == left else 1.0
            amount = _at_least_ratio(ind, bases[k], students, thresholds[k], ratio)
            if amount > 0:
                target = TARGET_FLOOR if k == left else TARGET_THRESHOLD
                after = indicator_value(ind, bases[k] + amount, students)
                plan.append(Addition(ind.key, ind.addition_unit, amount, target, values[k], after))
        cost = sum(_relative(a, indicators, thresholds, students) for a in plan)
        if cost < best_cost - 1e-12:
            best, best_cost = plan, cost
    return best


def _relative(addition: Addition, indicators: tuple[Indicator, ...], thresholds: list[float], students: float) -> float:
    # An addition as a fraction of its threshold, so persons, ㎡ and 万元 can be summed.
    k = next(i for i, ind in enumerate(indicators) if ind.key == addition.indicator)
    return indicator_value(indicators[k], addition.amount, students) / thresholds[k]


def _at_least_ratio(ind: Indicator, base: float, students: float, threshold: float, ratio: float) -> float:
    # The verdict compares value / threshold with the ratio, so the addition is checked the same way.
    amount = smallest_addition(ind, base, students, threshold * ratio)
    while indicator_value(ind, base + amount, students) / threshold < ratio:
        amount = round(amount + ind.addition_step, _DIGITS)
    return amount


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
        return asdict(self)


@dataclass(frozen=True)
class CvGap:
    indicator: str
    cv: float
    threshold: float
    excess: float  # cv − threshold
    levers: list[CvLever]
    cv_if_all_levers: float | None  # the CV if every listed school is brought to its target together

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


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
    w = students if weights is None else weights
    mean = coefficient_of_variation(values, w).mean or 0.0
    targets = np.where(values < school_threshold, school_threshold, np.maximum(values, mean))
    kinds = np.where(values < school_threshold, TARGET_THRESHOLD, TARGET_COUNTY_MEAN)
    after = cv_after_each_change(values, w, targets)
    gains = cv - after
    order = [i for i in np.argsort(-np.nan_to_num(gains, nan=-np.inf), kind="stable") if gains[i] > 0][:top]
    levers = [
        CvLever(
            school_code=school_codes[i],
            value=float(values[i]),
            target=float(targets[i]),
            target_kind=str(kinds[i]),
            addition=smallest_addition(indicator, float(numerators[i]), float(students[i]), float(targets[i])),
            unit=indicator.addition_unit,
            cv_after=float(after[i]),
            cv_reduction=float(gains[i]),
        )
        for i in order
    ]
    together = values.copy()
    together[order] = targets[order]
    cv_all = coefficient_of_variation(together, w).cv if levers else None
    return CvGap(indicator.key, cv, threshold, cv - threshold, levers, cv_all)
