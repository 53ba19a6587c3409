"""Scale each county's schools so the calibration year's pupils match the seeds (or, where the
seeds are silent, the county's residents at school age times an enrolment ratio)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from eduplan import contract as c
from eduplan.demo.enrolment import raw_grades
from eduplan.demo.profiles import CALIBRATION_YEAR, CountyProfile
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


def calibrate(schools: list[School], targets: EnrolmentTargets) -> None:
    """Set each school's per-stage scale so the calibration year's group totals hit the targets."""
    raw: dict[tuple[str, str], float] = defaultdict(float)
    for s in schools:
        if s.active(CALIBRATION_YEAR):
            for stage in s.stages:
                raw[s.category(stage)] += float(raw_grades(s, stage, CALIBRATION_YEAR).sum())
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
            s.scale[stage] = factor.get(s.category(stage), 1.0)
