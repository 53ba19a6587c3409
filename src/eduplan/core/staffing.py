"""Staffing: posts the norm requires against authorized posts and staff on establishment, by school, county and
stage; subject-teacher gaps (PE, music, art, psychology) where the census has them; projected need.

posts required = students / students-per-post (standards/staffing.py; 2014 unified ratios by default), summed
unrounded and rounded only for display. 编制缺口 = required − authorized posts; 缺员 = required − staff on
establishment. Only public schools (公办) have 编制, so private schools are left out by default.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from eduplan.contract import SPONSOR_PUBLIC, STAGE_JUNIOR, STAGE_PRESCHOOL, STAGE_PRIMARY, STAGES
from eduplan.core.enrolment import Frame, Projection, as_frame
from eduplan.standards import quality_balance
from eduplan.standards import staffing as norms

SCHOOL_STAGES = tuple(s for s in STAGES if s != STAGE_PRESCHOOL)  # 1:19 / 1:13.5 / 1:12.5 apply here
SUBJECTS: dict[str, str] = {"pe_teachers": "体育", "music_teachers": "音乐", "art_teachers": "美术"}
_PE_ART = quality_balance.STANDARD.indicator("pe_art_teachers_per100")  # ≥ 0.9 per 100 pupils (优质均衡 #3)
PE_ART = "体育艺术合计"
_KG = norms.KINDERGARTEN_STAFFING_2013


def required_posts(stage: str, students: float, classes: float, urban_rural: str | None, version: str) -> float:
    """Posts the norm gives one school's stage. 学前: students / 7, the least staff 1:5–1:7 allows."""
    if stage == STAGE_PRESCHOOL:
        return students / _KG.rule("children_per_staff_max").value()
    return students / norms.students_per_post(stage, urban_rural, version)


def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


@dataclass(frozen=True)
class SchoolStaffing:
    school_code: str
    county_code: str
    stage: str
    students: float
    required: float
    authorized: float | None  # blank in the census: not reported
    on_establishment: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "school_code": self.school_code,
            "county_code": self.county_code,
            "stage": self.stage,
            "students": self.students,
            "required_posts": round(self.required, 1),
            "authorized_posts": self.authorized,
            "staff_on_establishment": self.on_establishment,
            "post_gap": None if self.authorized is None else round(self.required - self.authorized, 1),
            "staff_gap": None if self.on_establishment is None else round(self.required - self.on_establishment, 1),
        }


@dataclass(frozen=True)
class StageStaffing:
    """One county's (or the region's, area_code "全部") stage, or all stages (stage "合计")."""

    area_code: str
    stage: str
    schools: int
    students: float
    required: float
    authorized: float
    on_establishment: float
    unreported: int  # schools whose authorized posts or staff on establishment are blank

    @property
    def post_gap(self) -> float:
        return self.required - self.authorized

    @property
    def staff_gap(self) -> float:
        return self.required - self.on_establishment

    def as_dict(self) -> dict[str, object]:
        return {
            "area_code": self.area_code,
            "stage": self.stage,
            "schools": self.schools,
            "students": round(self.students),
            "required_posts": round(self.required),
            "authorized_posts": round(self.authorized),
            "staff_on_establishment": round(self.on_establishment),
            "post_gap": round(self.post_gap),
            "staff_gap": round(self.staff_gap),
            "unreported_schools": self.unreported,
        }


def _total(area: str, stage: str, rows: list[SchoolStaffing]) -> StageStaffing:
    return StageStaffing(
        area,
        stage,
        len({r.school_code for r in rows}),
        sum(r.students for r in rows),
        sum(r.required for r in rows),
        sum(r.authorized or 0.0 for r in rows),
        sum(r.on_establishment or 0.0 for r in rows),
        len({r.school_code for r in rows if r.authorized is None or r.on_establishment is None}),
    )


@dataclass(frozen=True)
class SubjectGap:
    """Subject teachers of one county and stage. ``needed``/``gap`` only where a rule exists (体育艺术合计 against
    优质均衡's 0.9 per 100 pupils; 心理健康 one full-time teacher per school)."""

    area_code: str
    stage: str
    subject: str
    teachers: float
    schools: int  # schools that reported this subject
    schools_without: tuple[str, ...]  # reported none
    needed: float | None = None
    gap: float | None = None
    rule: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "area_code": self.area_code,
            "stage": self.stage,
            "subject": self.subject,
            "teachers": round(self.teachers),
            "schools_reported": self.schools,
            "schools_without": list(self.schools_without),
            "needed": self.needed,
            "gap": self.gap,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class ProjectedNeed:
    area_code: str
    stage: str
    year: int
    students: float
    required: float
    authorized: float  # the base year's authorized posts, held constant

    def as_dict(self) -> dict[str, object]:
        return {
            "area_code": self.area_code,
            "stage": self.stage,
            "year": self.year,
            "students": round(self.students),
            "required_posts": round(self.required),
            "authorized_posts": round(self.authorized),
            "post_gap": round(self.required - self.authorized),
        }


@dataclass(frozen=True)
class ProjectedSubjectNeed:
    """体育艺术合计 teachers one county and stage would need in a future year, against today's teachers."""

    area_code: str
    stage: str
    year: int
    students: float  # projected pupils of the schools that report the subjects
    needed: float
    teachers: float  # the base year's, held constant
    gap: float

    def as_dict(self) -> dict[str, object]:
        return {
            "area_code": self.area_code,
            "stage": self.stage,
            "subject": PE_ART,
            "year": self.year,
            "students": round(self.students),
            "needed": round(self.needed),
            "teachers": round(self.teachers),
            "gap": round(self.gap),
        }


@dataclass
class StaffingResult:
    year: int | None
    standard_id: str
    standard_version: str
    public_only: bool
    schools: list[SchoolStaffing]
    totals: list[StageStaffing]  # per county and stage, per county "合计", and the region ("全部")
    subjects: list[SubjectGap]
    projected: list[ProjectedNeed] = field(default_factory=list)
    projected_subjects: list[ProjectedSubjectNeed] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)

    def total(self, area: str, stage: str) -> StageStaffing:
        return next(t for t in self.totals if (t.area_code, t.stage) == (area, stage))

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "standard_id": self.standard_id,
            "standard_version": self.standard_version,
            "public_only": self.public_only,
            "totals": [t.as_dict() for t in self.totals],
            "subjects": [s.as_dict() for s in self.subjects],
            "projected": [p.as_dict() for p in self.projected],
            "projected_subjects": [p.as_dict() for p in self.projected_subjects],
            "schools": [s.as_dict() for s in self.schools],
            "unconfirmed": list(self.unconfirmed),
        }


ALL_AREAS = "全部"
ALL_STAGES = "合计"


def assess_staffing(
    schools: Frame,
    stages: Frame,
    *,
    year: int | None = None,
    version: str = "2014",
    public_only: bool = True,
    projection: Projection | None = None,
) -> StaffingResult:
    """Posts required vs authorized and filled, per school, county and stage; subject gaps; projected need."""
    s = as_frame(schools)
    all_rows = as_frame(stages)
    share = _counted_share(s, all_rows, public_only)
    if public_only:
        s = s[s["sponsor"] == SPONSOR_PUBLIC]
    info = {
        str(code): (str(county), None if pd.isna(area_class) else str(area_class))
        for code, county, area_class in zip(s["school_code"], s["county_code"], s["urban_rural"], strict=True)
    }
    rows = all_rows[all_rows["school_code"].astype(str).isin(info) & all_rows["stage"].isin(STAGES)]
    per_school: list[SchoolStaffing] = []
    for r in rows.itertuples():
        county, area_class = info[str(r.school_code)]
        students = _num(r.students) or 0.0
        required = required_posts(str(r.stage), students, _num(r.classes) or 0.0, area_class, version)
        per_school.append(
            SchoolStaffing(
                str(r.school_code),
                county,
                str(r.stage),
                students,
                required,
                _num(r.authorized_posts),
                _num(r.staff_on_establishment),
            )
        )
    standard = norms.STAFFING_STANDARDS[version]
    result = StaffingResult(year, standard.id, standard.version, public_only, per_school, _totals(per_school), [])
    result.subjects = _subjects(rows, info)
    if projection is not None:
        result.projected = _projected(projection, result.totals, version, share)
        result.projected_subjects = _projected_pe_art(rows, info, result.projected, result.totals)
    result.unconfirmed = [*standard.unconfirmed(), *norms.KINDERGARTEN_STAFFING_2013.unconfirmed()]
    return result


def _totals(rows: list[SchoolStaffing]) -> list[StageStaffing]:
    out: list[StageStaffing] = []
    counties = sorted({r.county_code for r in rows})
    for area in [*counties, ALL_AREAS]:
        mine = [r for r in rows if area in (ALL_AREAS, r.county_code)]
        out.extend(
            _total(area, st, [r for r in mine if r.stage == st]) for st in STAGES if any(r.stage == st for r in mine)
        )
        out.append(_total(area, ALL_STAGES, mine))
    return out


def _subjects(rows: pd.DataFrame, info: Mapping[str, tuple[str, str | None]]) -> list[SubjectGap]:
    out: list[SubjectGap] = []
    county = rows["school_code"].astype(str).map(lambda c: info[c][0])
    rows = rows.assign(county=county)
    for (area, stage), group in rows[rows["stage"].isin((STAGE_PRIMARY, STAGE_JUNIOR))].groupby(["county", "stage"]):
        for key, subject in SUBJECTS.items():
            reported = group[group[key].notna()]
            without = tuple(sorted(str(c) for c in reported.loc[reported[key] == 0, "school_code"]))
            out.append(SubjectGap(str(area), str(stage), subject, float(reported[key].sum()), len(reported), without))
        out.append(_pe_art(str(area), str(stage), group))
    out.extend(_psych(rows))
    return out


def _pe_art_reported(group: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The rows that report all three subjects, and their PE + music + art teachers."""
    keys = list(SUBJECTS)
    reported = group[group[keys].notna().all(axis=1)]
    return reported, reported[keys].sum(axis=1)


def _pe_art_need(stage: str, pupils: Iterable[float], have: Iterable[float]) -> tuple[list[int], float]:
    """Per school the fewest teachers c with 100·c/P ≥ threshold, and the summed shortfall over schools."""
    per100 = _PE_ART.threshold(stage)
    needed = [math.ceil(per100 * float(p) / 100 - 1e-9) for p in pupils]
    return needed, sum(max(0.0, n - float(h)) for n, h in zip(needed, have, strict=True))


def _pe_art(area: str, stage: str, group: pd.DataFrame) -> SubjectGap:
    reported, have = _pe_art_reported(group)
    needed, gap = _pe_art_need(stage, reported["students"].fillna(0), have)
    without = tuple(sorted(str(c) for c, h in zip(reported["school_code"], have, strict=True) if h == 0))
    rule = f"{_PE_ART.name} ≥ {_PE_ART.threshold(stage):g}（{quality_balance.STANDARD.document_number}）"
    return SubjectGap(area, stage, PE_ART, float(have.sum()), len(reported), without, float(sum(needed)), gap, rule)


def _projected_pe_art(
    rows: pd.DataFrame,
    info: Mapping[str, tuple[str, str | None]],
    projected: list[ProjectedNeed],
    totals: list[StageStaffing],
) -> list[ProjectedSubjectNeed]:
    """体育艺术合计 need in each projected year: every reporting school's pupils grow as its county and stage's counted
    pupils do (projected / base year), and each school's need is again ⌈0.009·P⌉ against its base-year teachers —
    the base-year arithmetic of ``_pe_art`` with scaled pupils, so the base year itself gives the same gap."""
    base = {(t.area_code, t.stage): t.students for t in totals}
    rows = rows.assign(county=rows["school_code"].astype(str).map(lambda c: info[c][0]))
    groups = {(str(a), str(st)): g for (a, st), g in rows.groupby(["county", "stage"])}
    out: list[ProjectedSubjectNeed] = []
    for need in projected:
        group = groups.get((need.area_code, need.stage))
        if (
            need.stage not in (STAGE_PRIMARY, STAGE_JUNIOR)
            or group is None
            or not base.get((need.area_code, need.stage))
        ):
            continue
        reported, have = _pe_art_reported(group)
        if reported.empty:
            continue
        scale = need.students / base[(need.area_code, need.stage)]
        pupils = reported["students"].fillna(0) * scale
        needed, gap = _pe_art_need(need.stage, pupils, have)
        out.append(
            ProjectedSubjectNeed(
                need.area_code, need.stage, need.year, float(pupils.sum()), float(sum(needed)), float(have.sum()), gap
            )
        )
    return out


def _psych(rows: pd.DataFrame) -> Iterable[SubjectGap]:
    rule = norms.PSYCH_TEACHERS.rule("full_time_per_school")
    school_rows = rows[rows["stage"].isin(SCHOOL_STAGES)]
    for area, group in school_rows.groupby("county"):
        per_school = group.groupby("school_code")["psych_teachers"].sum(min_count=1).dropna()
        need = rule.value()
        without = tuple(sorted(str(c) for c, n in per_school.items() if n < need))
        yield SubjectGap(
            str(area),
            "全校",
            "心理健康",
            float(per_school.sum()),
            len(per_school),
            without,
            need * len(per_school),
            float(sum(max(0.0, need - n) for n in per_school)),
            f"{rule.name}（{norms.PSYCH_TEACHERS.document_number}）",
        )


def _counted_share(schools: pd.DataFrame, stages: pd.DataFrame, public_only: bool) -> dict[tuple[str, str], float]:
    """Per county and stage, the base year's share of pupils in the schools counted (公办 unless private included):
    the projection covers every pupil, the 编制 only public schools."""
    county = dict(zip(schools["school_code"].astype(str), schools["county_code"].astype(str), strict=True))
    public = set(schools.loc[schools["sponsor"] == SPONSOR_PUBLIC, "school_code"].astype(str))
    rows = stages[stages["stage"].isin(STAGES) & stages["school_code"].astype(str).isin(county)]
    totals: dict[tuple[str, str], list[float]] = {}
    for code, stage, students in zip(rows["school_code"].astype(str), rows["stage"], rows["students"], strict=True):
        pair = totals.setdefault((county[code], str(stage)), [0.0, 0.0])
        n = _num(students) or 0.0
        pair[1] += n
        if not public_only or code in public:
            pair[0] += n
    return {key: counted / every for key, (counted, every) in totals.items() if every > 0}


def _projected(
    projection: Projection, totals: list[StageStaffing], version: str, share: Mapping[tuple[str, str], float]
) -> list[ProjectedNeed]:
    """Need from the projected enrolment, scaled to the counted (public) schools by their base-year share; the 2001
    standard's area classes are not known for future pupils, so the projection always uses the city (= 2014) ratios."""
    authorized = {(t.area_code, t.stage): t.authorized for t in totals}
    out: list[ProjectedNeed] = []
    totals_by_year = sorted(
        projection.stage_totals().items(), key=lambda kv: (kv[0][0], STAGES.index(kv[0][1]), kv[0][2])
    )
    for (area, stage, year), students in totals_by_year:
        if year <= projection.base_year or (area, stage) not in authorized:
            continue
        counted = students * share.get((area, stage), 1.0)
        required = required_posts(stage, counted, 0.0, None, version)
        out.append(ProjectedNeed(area, stage, year, counted, required, authorized[(area, stage)]))
    return out
