"""The size, staffing and facility character of each demo school, drawn once from the seeded generator.

Sizes are pupils per grade before calibration; calibration later scales each group so the
calibration year's totals match the seeds. Ranges are typical of Guangdong county statistics
(assumed, see docs/demo-data.md)."""

from __future__ import annotations

import numpy as np

from eduplan import contract as c
from eduplan.demo.enrolment import noise_table
from eduplan.demo.schools import School

# (low, high) pupils per grade, by type and stage, for a central school; villages get less.
_ENTRY: dict[tuple[str, str], tuple[float, float]] = {
    (c.PRIMARY, c.STAGE_PRIMARY): (150.0, 300.0),
    (c.TEACHING_POINT, c.STAGE_PRIMARY): (1.5, 5.5),
    (c.JUNIOR, c.STAGE_JUNIOR): (260.0, 480.0),
    (c.NINE_YEAR, c.STAGE_PRIMARY): (60.0, 160.0),
    (c.NINE_YEAR, c.STAGE_JUNIOR): (60.0, 180.0),
    (c.TWELVE_YEAR, c.STAGE_PRIMARY): (40.0, 90.0),
    (c.TWELVE_YEAR, c.STAGE_JUNIOR): (60.0, 120.0),
    (c.TWELVE_YEAR, c.STAGE_SENIOR): (80.0, 150.0),
    (c.COMPLETE_SECONDARY, c.STAGE_JUNIOR): (150.0, 300.0),
    (c.COMPLETE_SECONDARY, c.STAGE_SENIOR): (200.0, 400.0),
    (c.SENIOR, c.STAGE_SENIOR): (450.0, 800.0),
    (c.VOCATIONAL, c.STAGE_SENIOR): (300.0, 600.0),
    (c.SPECIAL, c.STAGE_PRIMARY): (6.0, 12.0),
    (c.SPECIAL, c.STAGE_JUNIOR): (6.0, 10.0),
    (c.KINDERGARTEN, c.STAGE_PRESCHOOL): (35.0, 85.0),
}
_SIZE_BY_AREA = {c.URBAN: 1.0, c.TOWNSHIP: 0.6, c.RURAL: 0.15}

# Pupils per 专任教师 by stage and area.
_RATIO: dict[str, dict[str, tuple[float, float]]] = {
    c.STAGE_PRIMARY: {c.URBAN: (17.0, 21.0), c.TOWNSHIP: (14.0, 18.0), c.RURAL: (8.0, 13.0)},
    c.STAGE_JUNIOR: {c.URBAN: (12.0, 15.0), c.TOWNSHIP: (11.0, 14.0), c.RURAL: (8.0, 12.0)},
    c.STAGE_SENIOR: {c.URBAN: (11.0, 14.0), c.TOWNSHIP: (11.0, 14.0), c.RURAL: (11.0, 14.0)},
    c.STAGE_PRESCHOOL: {c.URBAN: (12.0, 16.0), c.TOWNSHIP: (13.0, 17.0), c.RURAL: (14.0, 18.0)},
}
_CAPACITY: dict[str, tuple[float, float]] = {c.URBAN: (0.92, 1.08), c.TOWNSHIP: (1.0, 1.2), c.RURAL: (1.1, 1.5)}


def _u(rng: np.random.Generator, bounds: tuple[float, float]) -> float:
    return float(rng.uniform(bounds[0], bounds[1]))


def assign_parameters(school: School, rng: np.random.Generator, staffing_boost: float = 1.0) -> None:
    area = str(school.attrs["urban_rural"])
    kind = school.school_type
    private = school.sponsor == c.SPONSOR_PRIVATE
    for stage in school.stages:
        size = _u(rng, _ENTRY[(kind, stage)])
        if kind in (c.PRIMARY, c.JUNIOR, c.NINE_YEAR) and not private:
            size *= _SIZE_BY_AREA[area] * (1.2 if school.crowded else 1.0)
        if kind == c.KINDERGARTEN and not private:
            size *= 1.8 if area == c.URBAN else 1.2
        school.entry[stage] = size
        if kind == c.TEACHING_POINT:
            ratio = _u(rng, (4.0, 8.0))
        elif kind == c.SPECIAL:
            ratio = _u(rng, (3.0, 4.5))
        elif kind == c.VOCATIONAL:
            ratio = _u(rng, (15.0, 20.0))
        else:
            ratio = _u(rng, _RATIO[stage][area])
            if school.crowded:
                ratio *= 1.15
            if private:
                ratio *= 1.12
        school.ratio[stage] = ratio
    if kind == c.TEACHING_POINT:
        school.trend = -0.08
        school.capacity_factor = _u(rng, (1.5, 3.0))
    else:
        school.trend = -0.03 if area == c.RURAL else 0.0
        school.capacity_factor = 0.82 * _u(rng, (0.9, 1.1)) if school.crowded else _u(rng, _CAPACITY[area])
    school.bias = float(rng.normal(0.0, 0.07))
    school.psych_from = int(rng.integers(2017, 2027))
    school.whole_row = len(school.stages) > 1 and kind != c.SPECIAL and bool(rng.random() < 0.5)
    school.traits = _traits(area, private, school.crowded, kind, rng)
    for trait in ("backbone", "pe", "music", "art"):
        school.traits[trait] *= staffing_boost
    school.noise = noise_table(rng)


def _traits(area: str, private: bool, crowded: bool, kind: str, rng: np.random.Generator) -> dict[str, float]:
    """Stable shares of a school's teachers and pupils (the census repeats them year after year)."""
    rural = area == c.RURAL or kind == c.TEACHING_POINT
    if private:
        migrant = _u(rng, (0.45, 0.9))
    elif area == c.URBAN:
        migrant = _u(rng, (0.15, 0.35)) + (0.1 if crowded else 0.0)
    else:
        migrant = _u(rng, (0.0, 0.05)) if rural else _u(rng, (0.05, 0.15))
    return {
        "backbone": _u(rng, (0.06, 0.18)) if rural else _u(rng, (0.12, 0.30)),
        "pe": _u(rng, (0.03, 0.08)) if rural else _u(rng, (0.07, 0.11)),
        "music": _u(rng, (0.01, 0.05)) if rural else _u(rng, (0.035, 0.06)),
        "art": _u(rng, (0.01, 0.05)) if rural else _u(rng, (0.035, 0.06)),
        "uncertified": _u(rng, (0.0, 0.1)) if private else 0.0,
        "senior_title": _u(rng, (0.5, 1.5)),
        "nursery": _u(rng, (0.75, 1.0)),
        "migrant": migrant,
        "danger_rank": float(rng.random()),
        "danger_area": _u(rng, (250.0, 1500.0)),
        "facility": float(rng.integers(0, 2**31 - 1)),
        "class_pressure": float(rng.random()),
    }
