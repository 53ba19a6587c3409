"""Pupils and classes per grade: cohorts follow the town's births and child migration, so a school's
grade g in year y holds the cohort born in y - entry age - g; crowded central schools run classes
above the standard size, shrinking towards it as Guangdong's 大班额 campaign goes on."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from eduplan import contract as c
from eduplan.demo.population import births_index, migration_factor
from eduplan.demo.profiles import CALIBRATION_YEAR
from eduplan.demo.schools import School

STANDARD_CLASS_SIZE: dict[str, tuple[int, ...]] = {
    c.STAGE_PRESCHOOL: (25, 30, 35),
    c.STAGE_PRIMARY: (45,) * 6,
    c.STAGE_JUNIOR: (50,) * 3,
    c.STAGE_SENIOR: (50,) * 3,
}
_STAGE_INDEX = {s: i for i, s in enumerate(c.STAGES)}


NOISE_YEARS = range(1980, 2041)  # school years a school's noise table covers
YEARS_SUPPORTED = range(1991, 2041)  # school years the generator can produce (cohorts reach back 11 years)


def noise_table(rng: np.random.Generator) -> np.ndarray:
    """A school's enrolment noise, drawn once: [0] per entering cohort (a big or small intake that the
    cohort keeps as it moves up), [1] per year and grade (transfers in and out, much smaller)."""
    shape = (len(NOISE_YEARS), len(c.STAGES), 6)
    cohort = np.clip(1.0 + 0.06 * rng.standard_normal(shape), 0.8, 1.2)
    yearly = np.clip(1.0 + 0.015 * rng.standard_normal(shape), 0.95, 1.05)
    return np.stack([cohort, yearly])


def noise(school: School, year: int, stage: str, n: int) -> np.ndarray:
    """Grade k of `year` carries the noise of the cohort that entered in year - k, times this year's."""
    st = _STAGE_INDEX[stage]
    entered = year - np.arange(n) - NOISE_YEARS.start
    values: np.ndarray = school.noise[0, entered, st, 0] * school.noise[1, year - NOISE_YEARS.start, st, :n]
    return values


def raw_grades(school: School, stage: str, year: int) -> np.ndarray:
    """Pupils per grade before calibration (floats)."""
    age0 = c.ENTRY_AGE[stage]
    n = len(school.grades[stage])
    since = year - school.founded
    ramp = 1.0 if since >= 2 else (0.55, 0.8)[max(since, 0)]
    drift = (1.0 + school.trend) ** (year - CALIBRATION_YEAR)
    cohort = np.array([births_index(year - age0 - k) * migration_factor(school.pull, age0 + k, year) for k in range(n)])
    values: np.ndarray = school.entry[stage] * cohort * ramp * drift * noise(school, year, stage, n)
    return values


def expected_grades(school: School, stage: str, year: int) -> np.ndarray:
    """Calibrated pupils per grade, including the pupils of schools merged into this one."""
    values = school.scale.get(stage, 1.0) * school.relief.get((stage, year), 1.0) * raw_grades(school, stage, year)
    for merged_year, other in school.absorbed:
        if year >= merged_year and stage in other.grades:
            theirs = expected_grades(other, stage, year)
            values[: len(theirs)] += 0.95 * theirs
    return values


def grade_students(school: School, stage: str, year: int) -> list[int]:
    key = (stage, year)
    if key not in school.memo:
        school.memo[key] = [round(float(v)) for v in expected_grades(school, stage, year)]
    return school.memo[key]


def class_cap(school: School, stage: str, grade_index: int, year: int) -> float:
    """The most pupils a class of this school holds in this year (it opens another class above it)."""
    standard = STANDARD_CLASS_SIZE[stage][grade_index]
    kind = school.school_type
    if kind == c.TEACHING_POINT:
        return math.inf  # one class per grade, however small
    if kind == c.SPECIAL:
        return 10.0
    if stage == c.STAGE_PRESCHOOL:
        return standard + (5.0 if school.crowded and school.sponsor == c.SPONSOR_PRIVATE else 0.0)
    pressure = school.traits.get("class_pressure", 0.0)
    if stage == c.STAGE_SENIOR:
        # 高中 大班额 persist (清远 plans to end 56+ classes in 中小学 by 2025, 002 l.117-119)
        return 50.0 + 8.0 * pressure if school.sponsor == c.SPONSOR_PUBLIC else 50.0
    if school.crowded and pressure >= 0.4:
        if school.sponsor == c.SPONSOR_PRIVATE and year <= 2019:
            return 68.0  # a 超大班额 school before the campaign reached it
        # over-full, shrinking 1.5 a year: 56+ classes end after 2020, over-standard ones remain
        return 54.0 + 4.0 * pressure - 1.5 * (year - 2019)
    if school.attrs["urban_rural"] == c.RURAL:
        return standard - 5.0
    return float(standard)


@dataclass(frozen=True)
class GradeClasses:
    classes: int
    over_standard: int
    c56_65: int
    c66_plus: int


def split_classes(students: int, cap: float, standard: int) -> GradeClasses:
    """Classes needed at this cap, pupils spread as evenly as possible, and the size bands."""
    if students <= 0:
        return GradeClasses(0, 0, 0, 0)
    n = 1 if math.isinf(cap) else max(1, math.ceil(students / cap))
    q, r = divmod(students, n)
    sizes = [q + 1] * r + [q] * (n - r)
    return GradeClasses(
        n,
        sum(1 for s in sizes if s > standard),
        sum(1 for s in sizes if 56 <= s <= 65),
        sum(1 for s in sizes if s >= 66),
    )
