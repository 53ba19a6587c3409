"""Teachers, their qualifications, posts and pupils' characteristics on one county's 学段 rows of one
year. County totals the seeds publish (qualification shares, 编制, 随班就读, 随迁子女 in public schools)
are shared out over schools with `allocate`, so the county figure is exact and schools still differ."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eduplan import contract as c
from eduplan.demo.allocate import allocate, allocate_rate
from eduplan.demo.profiles import CALIBRATION_YEAR, CountyProfile

# Yearly rise of qualification shares after the calibration year (teachers retire, graduates arrive).
_DRIFT = {"associate": 0.003, "bachelor": 0.012, "postgraduate": 0.002}
_COMPULSORY = (c.STAGE_PRIMARY, c.STAGE_JUNIOR)
# 编制 standard (中央编办 2014): pupils per post, 小学 19, 初中 13.5 (7,308 for Qingcheng's 91,300 + 34,100).
PUPILS_PER_POST = {c.STAGE_PRIMARY: 19.0, c.STAGE_JUNIOR: 13.5, c.STAGE_SENIOR: 12.5}


def qualification_rates(profile: CountyProfile, stage: str, public: bool, year: int) -> tuple[float, float, float]:
    """(专科及以上, 本科及以上, 研究生) shares of 专任教师 for one stage and sponsor in one year."""
    r = profile.rates
    table = {
        c.STAGE_PRESCHOOL: (r.kg_associate, 0.30, 0.002),
        c.STAGE_PRIMARY: (0.985, r.primary_bachelor, r.primary_postgraduate),
        c.STAGE_JUNIOR: (1.0, r.junior_bachelor, r.junior_postgraduate),
        c.STAGE_SENIOR: (1.0, 0.985, r.senior_postgraduate),
    }
    associate, bachelor, postgraduate = table[stage]
    if r.public_only and not public:  # the seed's shares are public schools'; private schools trail them
        if stage == c.STAGE_PRESCHOOL:
            associate -= 0.12
        bachelor -= 0.10
        postgraduate /= 2
    dy = year - CALIBRATION_YEAR
    return (
        min(0.995, associate + _DRIFT["associate"] * dy) if associate < 1 else 1.0,
        min(0.99, bachelor + _DRIFT["bachelor"] * dy),
        max(0.0, postgraduate + _DRIFT["postgraduate"] * dy),
    )


def fill_teachers(rows: pd.DataFrame, public_total: int | None) -> None:
    """专任教师: pupils over each school's ratio; where a seed gives the public compulsory schools' total,
    it is shared out in proportion to that."""
    students = rows["students"].to_numpy(dtype=float)
    need = np.where(students > 0, np.maximum(1.0, students / rows["_ratio"].to_numpy(dtype=float)), 0.0)
    teachers = np.round(need).astype(np.int64)
    if public_total is not None:
        mask = public_compulsory(rows)
        teachers[mask] = allocate(need[mask] * 3 + 1, need[mask], public_total)
    rows["teachers"] = teachers


def public_compulsory(rows: pd.DataFrame) -> np.ndarray:
    """Rows of public schools' 小学 and 初中 stages, special schools left out (as the seeds count them)."""
    mask = (rows["_sponsor"] == c.SPONSOR_PUBLIC) & rows["stage"].isin(_COMPULSORY) & (rows["_type"] != c.SPECIAL)
    return mask.to_numpy()


def fill_qualifications(rows: pd.DataFrame, profile: CountyProfile, year: int) -> None:
    """teachers_associate_plus ≥ teachers_bachelor_plus ≥ teachers_postgraduate, county shares exact."""
    n = len(rows)
    assoc, bach, post = (np.zeros(n, dtype=np.int64) for _ in range(3))
    stage = rows["stage"].to_numpy()
    public = (rows["_sponsor"] == c.SPONSOR_PUBLIC).to_numpy()
    all_teachers = rows["teachers"].to_numpy(dtype=float)
    all_bias = rows["_bias"].to_numpy(dtype=float)
    for st in c.STAGES:
        for pub in (True, False):
            mask = (stage == st) & (public == pub)
            if not mask.any():
                continue
            teachers, bias = all_teachers[mask], all_bias[mask]
            a, b, p = qualification_rates(profile, st, pub, year)
            assoc[mask] = allocate_rate(teachers, a + bias, a, teachers)
            bach[mask] = allocate_rate(assoc[mask], b + bias, b, teachers)
            post[mask] = allocate_rate(bach[mask], p * (1 + 3 * bias), p, teachers)
    rows["teachers_associate_plus"] = assoc
    rows["teachers_bachelor_plus"] = bach
    rows["teachers_postgraduate"] = post
    # 高于规定学历: 幼儿园/小学 专科及以上, 初中 本科及以上, 高中 研究生 (contract, standards.md §1.2).
    rows["teachers_above_required"] = np.select(
        [np.isin(stage, (c.STAGE_PRESCHOOL, c.STAGE_PRIMARY)), stage == c.STAGE_JUNIOR], [assoc, bach], post
    )


def fill_posts(rows: pd.DataFrame, profile: CountyProfile, year: int) -> None:
    """核定编制 and 在编教职工 for public schools (private schools leave them blank: not reported)."""
    rows["authorized_posts"] = None
    rows["staff_on_establishment"] = None
    public = rows["_sponsor"] == c.SPONSOR_PUBLIC
    dy = year - CALIBRATION_YEAR
    compulsory = pd.Series(public_compulsory(rows), index=rows.index)
    need = (rows.loc[compulsory, "students"] / rows.loc[compulsory, "stage"].map(PUPILS_PER_POST)).to_numpy(dtype=float)
    need = np.maximum(need, 1.0)
    if profile.authorized_posts is not None and profile.staff_on_establishment is not None:
        posts_total = round(profile.authorized_posts * 1.02**dy)
        staff_total = round(profile.staff_on_establishment * 1.03**dy)
    else:
        posts_total = round(0.92 * need.sum())
        staff_total = round(0.93 * posts_total)
    posts = allocate(need * 3, need, posts_total)
    rows.loc[compulsory, "authorized_posts"] = posts
    rows.loc[compulsory, "staff_on_establishment"] = allocate(posts, posts, staff_total)
    other = public & ~compulsory
    other_posts = np.maximum(1, np.round(rows.loc[other, "teachers"].to_numpy(dtype=float) * 0.75))
    rows.loc[other, "authorized_posts"] = other_posts.astype(int)
    rows.loc[other, "staff_on_establishment"] = np.round(other_posts * 0.9).astype(int)


def fill_pupils(rows: pd.DataFrame, profile: CountyProfile, year: int) -> None:
    """随迁子女 and 随班就读 pupils; Huadu's public share of compulsory migrants and Qingcheng's 308
    随班就读 pupils are exact in the calibration year."""
    students = rows["students"].to_numpy(dtype=float)
    migrant = np.minimum(students, np.round(students * rows["_migrant"].to_numpy(dtype=float)))
    compulsory = rows["stage"].isin(_COMPULSORY).to_numpy()
    if profile.migrant_public_share is not None:
        public = (rows["_sponsor"] == c.SPONSOR_PUBLIC).to_numpy() & compulsory
        private_total = migrant[compulsory & ~public].sum()
        share = profile.migrant_public_share + 0.04 * (year - CALIBRATION_YEAR)  # 公办 places grow (target 85%)
        want = round(share / (1 - share) * private_total)
        migrant[public] = allocate(students[public], students[public] * rows["_migrant"].to_numpy()[public], want)
    rows["migrant_students"] = migrant.astype(int)
    regular = compulsory & (rows["_type"] != c.SPECIAL).to_numpy()
    weight = students * np.where((rows["_sponsor"] == c.SPONSOR_PUBLIC).to_numpy(), 1.0, 0.3)
    if profile.disabled_in_class is not None:
        total = round(profile.disabled_in_class * (1 + 0.05 * (year - CALIBRATION_YEAR)))
    else:
        total = round(0.0025 * students[regular].sum())
    disabled = np.zeros(len(rows), dtype=np.int64)
    disabled[regular] = allocate(students[regular], weight[regular], total)
    rows["disabled_students"] = disabled


def fill_other_teachers(rows: pd.DataFrame, profile: CountyProfile, year: int) -> None:
    teachers = rows["teachers"].to_numpy(dtype=float)

    def share(trait: str) -> np.ndarray:
        counts: np.ndarray = np.round(teachers * rows[f"_{trait}"].to_numpy(dtype=float)).astype(int)
        return counts

    rows["backbone_teachers"] = share("backbone")
    rows["pe_teachers"] = share("pe")
    rows["music_teachers"] = share("music")
    rows["art_teachers"] = share("art")
    rows["certified_teachers"] = (teachers - share("uncertified")).astype(int)
    stage_rate = dict(zip(c.STAGES, profile.senior_title, strict=True))
    rate = rows["stage"].map(stage_rate).to_numpy(dtype=float) + 0.005 * (year - CALIBRATION_YEAR)
    rows["senior_title_teachers"] = np.minimum(teachers, np.round(teachers * rate * rows["_senior_title"])).astype(int)
    large = np.where(rows["stage"] == c.STAGE_PRIMARY, 1200, 1000)
    has_psych = (rows["_psych_from"].to_numpy() <= year) & (rows["_school_students"].to_numpy() >= large)
    rows["psych_teachers"] = has_psych.astype(int)
    preschool = rows["stage"] == c.STAGE_PRESCHOOL
    rows["nursery_staff"] = None
    rows.loc[preschool, "nursery_staff"] = np.round(
        rows.loc[preschool, "classes"] * rows.loc[preschool, "_nursery"]
    ).astype(int)
