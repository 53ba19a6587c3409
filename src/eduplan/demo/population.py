"""Residents by town, calendar year and single age 0-17, with births rising to 2017 and falling after.

A cohort's size is the county's births in its birth year, spread over towns by their weight, times
net child migration: central towns draw families in (pull > 0), rural towns lose them. The county's
births level is calibrated so that the calibration year's 0-14 residents equal its published share
of the resident total (Qingcheng: 1,119,900 x 21.11%).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from eduplan.demo.profiles import CALIBRATION_YEAR, CountyProfile

MAX_AGE = 17

# Births relative to 2017 (national pattern: the two-child policy peak in 2016-2017, then decline).
_BIRTHS_INDEX: dict[int, float] = {
    2012: 0.84,
    2013: 0.82,
    2014: 0.88,
    2015: 0.86,
    2016: 0.96,
    2017: 1.00,
    2018: 0.90,
    2019: 0.84,
    2020: 0.72,
    2021: 0.66,
    2022: 0.60,
    2023: 0.57,
    2024: 0.58,
    2025: 0.56,
}


@cache
def births_index(year: int) -> float:
    """Births in `year` relative to 2017: a rise to 2012, the policy peak in 2017, then a fall."""
    if year in _BIRTHS_INDEX:
        return _BIRTHS_INDEX[year]
    if year < 2012:
        return max(0.5, 0.84 - 0.025 * (2012 - year))  # Guangdong's births grew through the 2000s
    return 0.55


@cache
def migration_factor(pull: float, age: int, year: int) -> float:
    """Net migration of children: compounding with age (families move before school, up to age 9) and,
    at half the pace, with time since the calibration year (the town keeps drawing families in)."""
    return float((1.0 + pull) ** min(age, 9) * (1.0 + pull / 2) ** (year - CALIBRATION_YEAR))


def registered_ratio(pull: float) -> float:
    """户籍 / 常住: below 1 where migrant families settle, above 1 where children leave."""
    if pull > 0.02:
        return 0.78
    if pull < -0.01:
        return 1.12
    return 0.97


def _raw_cohort(profile: CountyProfile, town_weight: float, pull: float, year: int, age: int) -> float:
    total_weight = sum(t.weight for t in profile.towns)
    return (town_weight / total_weight) * births_index(year - age) * migration_factor(pull, age, year) * 0.995**age


def births_level(profile: CountyProfile) -> float:
    """The county's births in 2017 that make its calibration-year 0-14 residents match the published share."""
    target = profile.resident_total * profile.share_0_14
    raw = sum(
        _raw_cohort(profile, t.weight, t.pull, CALIBRATION_YEAR, age) for t in profile.towns for age in range(0, 15)
    )
    return target / raw


def town_population(profile: CountyProfile, town_codes: dict[str, str], years: range) -> pd.DataFrame:
    """The 人口 rows (region_code, year, age, resident, registered) of the county's towns."""
    level = births_level(profile)
    rows: list[dict[str, object]] = []
    for town in profile.towns:
        code = town_codes[town.name]
        ratio = registered_ratio(town.pull)
        for year in years:
            for age in range(0, MAX_AGE + 1):
                resident = round(level * _raw_cohort(profile, town.weight, town.pull, year, age))
                rows.append(
                    {
                        "region_code": code,
                        "year": year,
                        "age": age,
                        "resident": resident,
                        "registered": round(resident * ratio),
                    }
                )
    return pd.DataFrame(rows)


def county_population(towns: pd.DataFrame, county_code: str) -> pd.DataFrame:
    """County rows as the sum of its towns' rows."""
    summed = towns.groupby(["year", "age"], as_index=False)[["resident", "registered"]].sum()
    summed.insert(0, "region_code", county_code)
    return summed


def resident_totals(profile: CountyProfile, years: range) -> pd.DataFrame:
    """All-age residents of the county (the 人口 sheet stops at 17, the 0-14 share needs the total)."""
    growth = 0.012 if any(t.pull > 0.02 for t in profile.towns) else -0.004
    return pd.DataFrame(
        {
            "region_code": profile.code,
            "year": list(years),
            "resident_total": [round(profile.resident_total * (1 + growth) ** (y - CALIBRATION_YEAR)) for y in years],
        }
    )
