"""One county's census sheets (学校, 学段, 年级) for one school year, from its schools' registry and
parameters: grade rows first, stage totals as their sums, then staff, pupils and facilities."""

from __future__ import annotations

from typing import Any

import pandas as pd

from eduplan import contract as c
from eduplan.demo.enrolment import STANDARD_CLASS_SIZE, class_cap, grade_students, split_classes
from eduplan.demo.facilities import facilities_at, whole_school_row
from eduplan.demo.profiles import CountyProfile
from eduplan.demo.schools import School
from eduplan.demo.staffing import (
    fill_other_teachers,
    fill_posts,
    fill_pupils,
    fill_qualifications,
    fill_teachers,
)

_HELPERS = ("_sponsor", "_type", "_bias", "_school_students", "_psych_from")


def school_rows(schools: list[School], year: int) -> list[dict[str, Any]]:
    rows = []
    for s in schools:
        if s.active(year):
            attrs = s.attrs_at(year)
            rows.append({key: (s.code if key == "school_code" else attrs[key]) for key in c.SCHOOLS.keys})
    return rows


def _grade_rows(school: School, stage: str, year: int) -> list[dict[str, Any]]:
    now = grade_students(school, stage, year)
    before = grade_students(school, stage, year - 1) if school.active(year - 1) else None
    rows = []
    for k, grade in enumerate(school.grades[stage]):
        standard = STANDARD_CLASS_SIZE[stage][k]
        split = split_classes(now[k], class_cap(school, stage, k, year), standard)
        # 招生数: all of a first grade (or of a new school); later grades only the pupils who joined
        entrants = now[k] if before is None or k == 0 else max(0, now[k] - before[k - 1])
        rows.append(
            {
                "school_code": school.code,
                "stage": stage,
                "grade": grade,
                "students": now[k],
                "entrants": entrants,
                "classes": split.classes,
                "classes_over_standard": split.over_standard,
                "classes_56_65": split.c56_65,
                "classes_66_plus": split.c66_plus,
            }
        )
    return rows


def _public_compulsory_pupils(schools: list[School], year: int) -> int:
    return sum(
        sum(grade_students(s, stage, year))
        for s in schools
        if s.active(year) and s.sponsor == c.SPONSOR_PUBLIC and s.school_type != c.SPECIAL
        for stage in s.stages
        if stage in c.COMPULSORY_STAGES
    )


def public_teacher_total(profile: CountyProfile, schools: list[School], year: int) -> int | None:
    """The published 专任教师 total of public compulsory schools for this year; other years keep the
    pupils per teacher of the nearest published year."""
    published = profile.public_teachers
    if not published:
        return None
    earlier = [y for y in published if y <= year]
    known = max(earlier) if earlier else min(published)
    if known == year:
        return published[year]
    ratio = _public_compulsory_pupils(schools, year) / max(1, _public_compulsory_pupils(schools, known))
    return round(published[known] * ratio)


def county_year(
    profile: CountyProfile, schools: list[School], year: int, dangerous: dict[str, float]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(学校, 学段, 年级) of one county and year, untyped (see `typed`); `dangerous` maps school codes to
    C/D-rated m² this year."""
    grade_rows: list[dict[str, Any]] = []  # built as dicts, framed at the end
    stage_rows: list[dict[str, Any]] = []
    whole_rows: list[dict[str, Any]] = []
    for s in schools:
        if not s.active(year):
            continue
        per_stage = facilities_at(s, year, profile.facility_spread, dangerous.get(s.code, 0.0))
        school_students = 0
        first = len(stage_rows)
        for stage in s.stages:
            grades = _grade_rows(s, stage, year)
            grade_rows.extend(grades)
            students = sum(g["students"] for g in grades)
            school_students += students
            row: dict[str, Any] = {
                "school_code": s.code,
                "stage": stage,
                "students": students,
                "classes": sum(g["classes"] for g in grades),
                "_ratio": s.ratio[stage],
                "_sponsor": s.sponsor,
                "_type": s.school_type,
                "_bias": s.bias,
                "_psych_from": s.psych_from,
            }
            row.update({f"_{k}": v for k, v in s.traits.items()})
            row.update({k: (None if s.whole_row else v) for k, v in per_stage[stage].items()})
            stage_rows.append(row)
        for row in stage_rows[first:]:
            row["_school_students"] = school_students
        if s.whole_row:
            whole_rows.append({"school_code": s.code, "stage": c.STAGE_WHOLE_SCHOOL, **whole_school_row(per_stage)})
    stages: pd.DataFrame = pd.DataFrame(stage_rows)
    fill_teachers(stages, public_teacher_total(profile, schools, year))
    fill_qualifications(stages, profile, year)
    fill_posts(stages, profile, year)
    fill_pupils(stages, profile, year)
    fill_other_teachers(stages, profile, year)
    stages = pd.concat([stages, pd.DataFrame(whole_rows)], ignore_index=True)
    stages = stages.reindex(columns=list(c.STAGES_SHEET.keys))
    stages = stages.sort_values(["school_code", "stage"], key=_stage_order, kind="stable").reset_index(drop=True)
    schools_frame = pd.DataFrame(school_rows(schools, year), columns=list(c.SCHOOLS.keys))
    return schools_frame, stages, pd.DataFrame(grade_rows, columns=list(c.GRADES_SHEET.keys))


_DTYPES: dict[str, Any] = {"int": "Int64", "year": "Int64", "number": "Float64", "bool": "boolean"}


def typed(frame: pd.DataFrame, sheet: c.Sheet) -> pd.DataFrame:
    """The contract's column types as pandas nullable dtypes (a blank cell is <NA>, never 0)."""
    out = frame.copy()
    for col in sheet.columns:
        dtype = _DTYPES.get(col.type)
        if dtype is not None:
            out[col.key] = out[col.key].astype(dtype)
        else:
            out[col.key] = out[col.key].astype(object).where(out[col.key].notna(), None)
    return out


def _stage_order(col: pd.Series) -> pd.Series:
    if col.name == "stage":
        return col.map({s: i for i, s in enumerate(c.STAGE_ROWS)})
    return col
