"""generate_demo(): the whole demo province, deterministic for a given seed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from eduplan import contract as c
from eduplan.demo.calibrate import calibrate, relieve_crowding, size_new_schools, targets_for
from eduplan.demo.census import county_year, typed
from eduplan.demo.enrolment import YEARS_SUPPORTED
from eduplan.demo.history import build_county
from eduplan.demo.params import assign_parameters
from eduplan.demo.population import county_population, resident_totals, town_population
from eduplan.demo.profiles import PROFILES
from eduplan.demo.regions import demo_regions, read_region_table, town_codes_by_name
from eduplan.demo.schools import School, registry_rows
from eduplan.errors import UsageError

DEFAULT_SEED = 20201
DEFAULT_YEARS = range(2019, 2024)
POPULATION_HISTORY = 5  # calendar years of population before the first school year
# C/D-rated buildings in Qingyuan's compulsory schools by year; 17 in 2023 (002 l.105-107).
DANGEROUS_SCHOOLS = {2019: 45, 2020: 36, 2021: 28, 2022: 22, 2023: 17}
QINGYUAN = "441800"

REGISTRY_COLUMNS: tuple[str, ...] = (*c.SCHOOLS.keys, "valid_from", "valid_to", "change", "end_reason", "merged_into")


@dataclass(frozen=True)
class CensusYear:
    """The four contract sheets of one school year, with the contract's English keys."""

    schools: pd.DataFrame
    stages: pd.DataFrame
    grades: pd.DataFrame
    population: pd.DataFrame

    def sheets(self) -> dict[str, pd.DataFrame]:
        """Sheet name (学校, 学段, 年级, 人口) -> frame, in the contract's order."""
        frames = (self.schools, self.stages, self.grades, self.population)
        return {sheet.name: frame for sheet, frame in zip(c.SHEETS, frames, strict=True)}


@dataclass(frozen=True)
class DemoProvince:
    seed: int
    years: range
    regions: pd.DataFrame  # code, name, level, parent_code, synthetic
    registry_events: pd.DataFrame  # one row per school version (REGISTRY_COLUMNS)
    census: dict[int, CensusYear]
    population: pd.DataFrame  # town and county rows, all years generated, ages 0-17
    resident_totals: pd.DataFrame  # region_code (county), year, resident_total (all ages)


def registry_for_year(events: pd.DataFrame, year: int) -> pd.DataFrame:
    """The registry as it stood in a school year: the one version of each school in force that year."""
    valid_to = events["valid_to"]
    in_force = (events["valid_from"] <= year) & (valid_to.isna() | (valid_to > year))
    return events.loc[in_force.fillna(False).astype(bool)].reset_index(drop=True)


def _dangerous(schools: list[School], years: range) -> dict[int, dict[str, float]]:
    """Which Qingyuan compulsory schools report C/D-rated buildings each year (the lowest-ranked first)."""
    pool = [
        s
        for s in schools
        if s.county_code.startswith(QINGYUAN[:4])
        and set(s.stages) & set(c.COMPULSORY_STAGES)
        and s.school_type != c.TEACHING_POINT
    ]
    out: dict[int, dict[str, float]] = {}
    for year in years:
        n = DANGEROUS_SCHOOLS.get(year, 0)
        ranked = sorted((s for s in pool if s.active(year)), key=lambda s: s.traits["danger_rank"])[:n]
        out[year] = {s.code: s.traits["danger_area"] for s in ranked}
    return out


def _check_arguments(seed: int, years: range) -> None:
    first, last = YEARS_SUPPORTED.start, YEARS_SUPPORTED.stop - 1
    if seed < 0:
        raise UsageError(f"演示数据的随机种子应为非负整数，实际为 {seed}")
    if len(years) == 0 or years.step != 1 or years.start < first or years[-1] > last:
        raise UsageError(f"演示数据的学年应为 {first}–{last} 之间连续的年份，实际为 {years.start}–{years.stop - 1}")


def generate_demo(seed: int = DEFAULT_SEED, years: range = DEFAULT_YEARS) -> DemoProvince:
    """The demo province for school years `years` (each within 1991-2040), deterministic for `seed`."""
    _check_arguments(seed, years)
    table = read_region_table()
    regions = demo_regions(table, tuple(p.code for p in PROFILES))
    population_years = range(years.start - POPULATION_HISTORY, years.stop)
    rng = np.random.default_rng(seed)
    schools_by_county: dict[str, list[School]] = {}
    town_pop: list[pd.DataFrame] = []
    county_pop: list[pd.DataFrame] = []
    for profile in PROFILES:
        codes = town_codes_by_name(table, profile.code)
        towns = town_population(profile, codes, population_years)
        county = county_population(towns, profile.code)
        schools = build_county(profile, codes, rng)
        for s in schools:
            assign_parameters(s, rng, profile.staffing_boost)
        town_profiles = {codes[t.name]: t for t in profile.towns}
        calibrate(schools, targets_for(profile, county), town_profiles, towns)
        size_new_schools(schools)
        relieve_crowding(schools, range(years.start - 1, years.stop))
        schools_by_county[profile.code] = schools
        town_pop.append(towns)
        county_pop.append(county)
    all_schools = [s for group in schools_by_county.values() for s in group]
    dangerous = _dangerous(all_schools, years)
    towns_frame = pd.concat(town_pop, ignore_index=True)
    census: dict[int, CensusYear] = {}
    for year in years:
        parts = [county_year(p, schools_by_county[p.code], year, dangerous[year]) for p in PROFILES]
        census[year] = CensusYear(
            schools=typed(pd.concat([p[0] for p in parts], ignore_index=True), c.SCHOOLS),
            stages=typed(pd.concat([p[1] for p in parts], ignore_index=True), c.STAGES_SHEET),
            grades=typed(pd.concat([p[2] for p in parts], ignore_index=True), c.GRADES_SHEET),
            population=typed(towns_frame.loc[towns_frame["year"] == year].reset_index(drop=True), c.POPULATION_SHEET),
        )
    events = pd.DataFrame([r for s in all_schools for r in registry_rows(s)], columns=list(REGISTRY_COLUMNS))
    events["valid_from"] = events["valid_from"].astype("Int64")
    events["valid_to"] = events["valid_to"].astype("Int64")
    population = typed(pd.concat([towns_frame, *county_pop], ignore_index=True), c.POPULATION_SHEET)
    totals = pd.concat([resident_totals(p, population_years) for p in PROFILES], ignore_index=True)
    return DemoProvince(seed, years, regions, events, census, population, totals)
