"""Scale each county's schools so the calibration year's pupils match the seeds (or, where the
seeds are silent, the county's residents at school age times an enrolment ratio)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from eduplan import contract as c
from eduplan.demo.enrolment import expected_grades, raw_grades
from eduplan.demo.profiles import CALIBRATION_YEAR, CountyProfile, TownProfile
from eduplan.demo.schools import School


@dataclass(frozen=True)
class EnrolmentTargets:
    primary_public: float
    primary_private: float
    junior_public: float
    junior_private: float
    kg_total: float
    kg_public_share: float | None  # None: as the schools' sizes give it
    kg_inclusive_share: float
    senior_total: float
    special_total: float | None


def residents(population: pd.DataFrame, ages: range) -> float:
    """Residents of the given ages in the calibration year (population: county or town rows of one county)."""
    rows = population.loc[(population["year"] == CALIBRATION_YEAR) & population["age"].isin(list(ages))]
    return float(rows["resident"].sum())


def targets_for(profile: CountyProfile, population: pd.DataFrame) -> EnrolmentTargets:
    primary = residents(population, range(6, 12))
    junior = 0.98 * residents(population, range(12, 15))
    share = profile.public_primary_share
    return EnrolmentTargets(
        primary_public=profile.public_primary if profile.public_primary is not None else share * primary,
        primary_private=profile.private_primary if profile.private_primary is not None else (1 - share) * primary,
        junior_public=profile.public_junior if profile.public_junior is not None else share * junior,
        junior_private=profile.private_junior if profile.private_junior is not None else (1 - share) * junior,
        kg_total=profile.preschool_ger * residents(population, range(3, 6)),
        kg_public_share=profile.kg_public_share,
        kg_inclusive_share=profile.kg_inclusive_share,
        senior_total=profile.senior_ger * residents(population, range(15, 18)),
        special_total=profile.special_school_pupils,
    )


# Where a town's children go to school: central towns also take pupils from the villages around them.
_ATTRACTION = {c.URBAN: 1.2, c.TOWNSHIP: 1.0, c.RURAL: 0.8}
_STAGE_AGES = {c.STAGE_PRESCHOOL: range(3, 6), c.STAGE_PRIMARY: range(6, 12), c.STAGE_JUNIOR: range(12, 15)}


def _spread_over_towns(schools: list[School], towns: dict[str, TownProfile], population: pd.DataFrame) -> None:
    """First scale: each town's schools hold the town's share of the county's pupils, by its children
    at that stage's ages and its pull on neighbouring villages (教学点 and county-wide schools keep theirs)."""
    for stage, ages in _STAGE_AGES.items():
        raw: dict[str, float] = defaultdict(float)
        members: dict[str, list[School]] = defaultdict(list)
        for s in schools:
            if stage in s.grades and s.active(CALIBRATION_YEAR) and s.school_type not in (c.TEACHING_POINT, c.SPECIAL):
                town = str(s.attrs["region_code"])
                raw[town] += float(raw_grades(s, stage, CALIBRATION_YEAR).sum())
                members[town].append(s)
        children = {t: residents(population.loc[population["region_code"] == t], ages) for t in raw}
        weight = {t: children[t] * _ATTRACTION[towns[t].urban_rural] for t in raw}
        total_raw, total_weight = sum(raw.values()), sum(weight.values())
        for town, group in members.items():
            if raw[town] > 0 and total_weight > 0:
                factor = min(3.0, max(0.3, total_raw * weight[town] / total_weight / raw[town]))
                for s in group:
                    s.scale[stage] = factor


def calibrate(
    schools: list[School], targets: EnrolmentTargets, towns: dict[str, TownProfile], population: pd.DataFrame
) -> None:
    """Set each school's per-stage scale so the calibration year's group totals hit the targets, after
    spreading pupils over towns as their children are (population: the county's town rows)."""
    _spread_over_towns(schools, towns, population)
    raw: dict[tuple[str, str], float] = defaultdict(float)
    for s in schools:
        if s.active(CALIBRATION_YEAR):
            for stage in s.stages:
                raw[s.category(stage)] += s.scale.get(stage, 1.0) * float(raw_grades(s, stage, CALIBRATION_YEAR).sum())
    kg_raw = raw[(c.STAGE_PRESCHOOL, c.SPONSOR_PUBLIC)] + raw[("学前", "普惠民办")] + raw[("学前", "民办")]
    public_share = targets.kg_public_share
    if public_share is None:
        public_share = raw[(c.STAGE_PRESCHOOL, c.SPONSOR_PUBLIC)] / kg_raw if kg_raw else 0.0
    want: dict[tuple[str, str], float | None] = {
        (c.STAGE_PRIMARY, c.SPONSOR_PUBLIC): targets.primary_public,
        (c.STAGE_PRIMARY, c.SPONSOR_PRIVATE): targets.primary_private,
        (c.STAGE_JUNIOR, c.SPONSOR_PUBLIC): targets.junior_public,
        (c.STAGE_JUNIOR, c.SPONSOR_PRIVATE): targets.junior_private,
        (c.STAGE_PRESCHOOL, c.SPONSOR_PUBLIC): public_share * targets.kg_total,
        (c.STAGE_PRESCHOOL, "普惠民办"): (targets.kg_inclusive_share - public_share) * targets.kg_total,
        (c.STAGE_PRESCHOOL, "民办"): (1 - targets.kg_inclusive_share) * targets.kg_total,
        (c.STAGE_SENIOR, ""): targets.senior_total,
        ("特教", ""): targets.special_total,
    }
    factor = {k: (v / raw[k] if v is not None and raw[k] > 0 else 1.0) for k, v in want.items()}
    for s in schools:
        for stage in s.stages:
            s.scale[stage] = s.scale.get(stage, 1.0) * factor.get(s.category(stage), 1.0)


FILL = 0.92  # a new school two years after opening holds this share of the places it was built for


def size_new_schools(schools: list[School]) -> None:
    """Schools the plans build (with their places given) fill up to FILL of them two years after opening,
    and their buildings are designed for exactly those places."""
    for s in schools:
        for stage, seats in s.seats.items():
            raw = float(raw_grades(s, stage, s.founded + 2).sum())
            if raw > 0:
                s.scale[stage] = FILL * seats / raw
        if s.seats:
            s.capacity_factor = 1 / FILL


def relieve_crowding(schools: list[School], years: range) -> None:
    """Schools opened after the calibration year take most of their pupils from the older schools of
    their town (the rest is new demand from the estates they serve): older schools shrink accordingly."""
    by_town: dict[tuple[str, str], list[School]] = defaultdict(list)
    for s in schools:
        if s.school_type not in (c.TEACHING_POINT, c.SPECIAL):
            for stage in s.stages:
                by_town[(str(s.attrs["region_code"]), stage)].append(s)
    for (_town, stage), group in by_town.items():
        new = [s for s in group if s.founded > CALIBRATION_YEAR]
        old = [s for s in group if s.founded <= CALIBRATION_YEAR]
        for year in years:
            taken = sum(float(expected_grades(s, stage, year).sum()) for s in new if s.active(year))
            held = sum(float(expected_grades(s, stage, year).sum()) for s in old if s.active(year))
            if taken > 0 and held > 0:
                relief = max(0.6, 1.0 - 0.8 * taken / held)
                for s in old:
                    s.relief[(stage, year)] = relief
