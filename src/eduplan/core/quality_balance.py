"""义务教育优质均衡 (教督〔2017〕6号): per school part, per county and 学段, and the county verdict.

Per part: the seven indicators, met or not, the ratio to the threshold, the count met, and the rule "at least
6 of 7, the rest at no less than 85%". Per county and 学段: the student-weighted CV of each indicator against
≤ 0.50 (小学) / ≤ 0.45 (初中), each separately; the mean of the seven (综合) is for information only. The
county passes 资源配置 when every part passes and every CV passes; the hand-recorded dimensions complete it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from eduplan.core.census_input import TableLike
from eduplan.core.gap_to_pass import Addition, CvGap, cv_gap, school_gaps
from eduplan.core.manual_items import CensusCheck, ItemRecord, ItemResult, judge_items, overall_verdict, result_header
from eduplan.core.school_parts import (
    Columns,
    ExcludedSchool,
    excluded_parts,
    in_scope_columns,
    numerator_column,
    school_parts,
)
from eduplan.core.weighted_cv import FloatArray, coefficient_of_variation
from eduplan.errors import NotFound
from eduplan.standards.base import Standard
from eduplan.standards.quality_balance import STANDARD as QUALITY_BALANCE


def _num(x: float) -> float | None:
    return None if x is None or np.isnan(x) else float(x)


def _rows(matrix: FloatArray) -> list[list[float | None]]:
    return [[None if x != x else x for x in row] for row in matrix.tolist()]  # x != x: NaN


def judge_schools(
    values: FloatArray, thresholds: FloatArray, min_met: float, floor_ratio: float
) -> tuple[np.ndarray, FloatArray, np.ndarray]:
    """Vectorised school rule over an n × 7 matrix: (count met, ratios to threshold, passed).

    A blank value counts as not met and below the floor (it cannot show 85%).
    """
    ratios = values / thresholds
    met = np.nan_to_num(ratios, nan=0.0) >= 1.0  # "以上" includes the bound
    count = met.sum(axis=1)
    floor_ok = np.nan_to_num(ratios, nan=0.0).min(axis=1, initial=np.inf) >= floor_ratio
    return count, ratios, (count >= min_met) & floor_ok


def judge_cvs(
    cvs: Mapping[str, float | None], stage: str, standard: Standard
) -> tuple[dict[str, bool], bool, float | None]:
    """Each CV against the limit of its 学段 (a CV that cannot be computed fails); and the 综合 mean for information."""
    limit = standard.rule("cv_limit")
    passed = {k: v is not None and bool(v <= limit.value(stage)) for k, v in cvs.items()}
    known = [v for v in cvs.values() if v is not None]
    composite = sum(known) / len(known) if known else None
    return passed, all(passed.values()), composite


@dataclass(frozen=True)
class SchoolResult:
    school_code: str
    name: str
    school_type: str
    stage: str
    students: int
    apportioned: bool
    values: dict[str, float | None]
    ratios: dict[str, float | None]
    met: int
    passed: bool
    gap: list[Addition]
    missing: list[str]  # indicators the census leaves blank: counted as not met, the gap assumes 0

    def as_dict(self) -> dict[str, object]:
        # By hand: dataclasses.asdict deep-copies every value and took most of a county's time.
        return {
            **self.__dict__,
            "values": dict(self.values),
            "ratios": dict(self.ratios),
            "gap": [a.as_dict() for a in self.gap],
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class StageResult:
    stage: str
    schools: list[SchoolResult]
    cv: dict[str, float | None]
    county_mean: dict[str, float | None]
    sd: dict[str, float | None]
    cv_threshold: float
    cv_passed: dict[str, bool]
    composite_cv: float | None
    cv_gaps: list[CvGap]
    passed: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "cv": self.cv,
            "cv_threshold": self.cv_threshold,
            "cv_passed": self.cv_passed,
            "composite_cv": self.composite_cv,
            "county_mean": self.county_mean,
            "sd": self.sd,
            "schools_total": len(self.schools),
            "schools_passed": sum(s.passed for s in self.schools),
            "passed": self.passed,
            "cv_gaps": [g.as_dict() for g in self.cv_gaps],
            "schools": [s.as_dict() for s in self.schools],
        }


@dataclass(frozen=True)
class QualityBalanceResult:
    region: str
    year: int
    standard: Standard
    stages: dict[str, StageResult]
    excluded: list[ExcludedSchool]
    items: list[ItemResult]
    resource_passed: bool
    passed: bool | None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            **result_header(self.region, self.year, self.standard, self.passed, self.items),
            "resource_passed": self.resource_passed,
            "stages": {name: st.as_dict() for name, st in self.stages.items()},
            "excluded": [e.as_dict() for e in self.excluded],
            "notes": self.notes,
        }


def _matrix(parts: Columns | pd.DataFrame, keys: list[str]) -> FloatArray:
    return np.column_stack([np.asarray(parts[k], dtype=np.float64) for k in keys]).reshape(-1, len(keys))


def assess_stage(parts: Columns | pd.DataFrame, stage: str, standard: Standard) -> StageResult:
    """One county's in-scope parts of one 学段 (columns of ``school_parts``, as arrays or its frame)."""
    inds = standard.indicators
    keys = [i.key for i in inds]
    thresholds = np.array([i.threshold(stage) for i in inds])
    values = _matrix(parts, keys)
    students = np.asarray(parts["students"], dtype=np.float64)
    floor = standard.rule("school_floor_ratio").value()
    count, ratios, passed = judge_schools(values, thresholds, standard.rule("school_min_met").value(), floor)
    weights = students if standard.rule("cv_student_weighted").value() else None
    spread = {k: coefficient_of_variation(values[:, j], weights) for j, k in enumerate(keys)}
    cvs = {k: d.cv for k, d in spread.items()}
    cv_passed, cvs_ok, composite = judge_cvs(cvs, stage, standard)
    numerators = _matrix(parts, [numerator_column(k) for k in keys])
    codes = np.asarray(parts["school_code"]).tolist()
    names = [str(n) for n in parts["name"]]
    types = [str(t) for t in parts["school_type"]]
    apportioned = np.asarray(parts["apportioned"], dtype=bool).tolist()
    # Plain Python lists: NaN becomes None for JSON, and per-row pandas access would dominate the run time.
    value_rows, ratio_rows = _rows(values), _rows(ratios)
    failing = ~passed
    gaps: list[list[Addition]] = [[] for _ in codes]
    for r, plan in zip(
        np.flatnonzero(failing),
        school_gaps(inds, thresholds, numerators[failing], students[failing], floor),
        strict=True,
    ):
        gaps[r] = plan
    pupils, counts, verdicts = students.tolist(), count.tolist(), passed.tolist()  # Python numbers, not numpy's
    schools = [
        SchoolResult(
            school_code=codes[r],
            name=names[r],
            school_type=types[r],
            stage=stage,
            students=int(pupils[r]),
            apportioned=apportioned[r],
            values=dict(zip(keys, value_rows[r], strict=True)),
            ratios=dict(zip(keys, ratio_rows[r], strict=True)),
            met=int(counts[r]),
            passed=bool(verdicts[r]),
            gap=gaps[r],
            missing=[k for k, v in zip(keys, value_rows[r], strict=True) if v is None],
        )
        for r in range(len(codes))
    ]
    limit = standard.rule("cv_limit").value(stage)
    cv_gaps = [
        cv_gap(inds[j], codes, values[:, j], numerators[:, j], students, weights, cvs[k] or 0.0, limit, thresholds[j])
        for j, k in enumerate(keys)
        if not cv_passed[k] and cvs[k] is not None
    ]
    return StageResult(
        stage=stage,
        schools=schools,
        cv=cvs,
        county_mean={k: d.mean for k, d in spread.items()},
        sd={k: d.sd for k, d in spread.items()},
        cv_threshold=limit,
        cv_passed=cv_passed,
        composite_cv=composite,
        cv_gaps=cv_gaps,
        passed=cvs_ok and bool(passed.all()),
    )


def county_result(
    parts: pd.DataFrame,
    standard: Standard,
    *,
    region: str,
    year: int,
    manual: Mapping[str, ItemRecord] | None = None,
    checks: Mapping[str, CensusCheck] | None = None,
) -> QualityBalanceResult:
    """The county verdict from the parts of one county (in scope and excluded)."""
    stages = {stage: assess_stage(group, stage, standard) for stage, group in in_scope_columns(parts)}
    excluded = excluded_parts(parts)
    resource_passed = bool(stages) and all(s.passed for s in stages.values())
    items = judge_items(standard, manual, checks, year)
    notes = []
    if any(s.apportioned for st in stages.values() for s in st.schools):
        notes.append("一贯制学校、完全中学的全校共享设施按学生当量（小学1∶初中1.1∶高中1.32）拆分到各学段")
    return QualityBalanceResult(
        region=region,
        year=year,
        standard=standard,
        stages=stages,
        excluded=excluded,
        items=items,
        resource_passed=resource_passed,
        passed=overall_verdict(resource_passed, items),
        notes=notes,
    )


def assess_quality_balance(
    schools: TableLike,
    stages: TableLike,
    *,
    region: str,
    year: int,
    standard: Standard = QUALITY_BALANCE,
    manual: Mapping[str, ItemRecord] | None = None,
    grades: TableLike | None = None,
) -> QualityBalanceResult:
    """The 优质均衡 assessment of one county (``region`` = its 6-digit code).

    With ``grades`` (the 年级 sheet), the items the census can partly check (专用教室, 学校规模, 班额) carry a
    ``census_check`` hint."""
    parts = school_parts(schools, stages, standard, region=region)
    if parts.empty:
        raise NotFound(f"{year} 年 {region} 没有义务教育学校的学段数据，无法评估")
    checks = None
    if grades is not None:
        from eduplan.core.census_checks import quality_balance_checks

        checks = quality_balance_checks(schools, stages, grades, region=region, standard=standard)
    return county_result(parts, standard, region=region, year=year, manual=manual, checks=checks)


def assess_all_counties(
    schools: TableLike,
    stages: TableLike,
    *,
    year: int,
    standard: Standard = QUALITY_BALANCE,
    manual: Mapping[str, Mapping[str, ItemRecord]] | None = None,
) -> dict[str, QualityBalanceResult]:
    """Every county of the tables at once: one query for all parts, then the per-county verdicts, each with the
    items recorded by hand for that county (``manual``: county code → item key → record)."""
    parts = school_parts(schools, stages, standard)
    manual = manual or {}
    return {
        str(county): county_result(group, standard, region=str(county), year=year, manual=manual.get(str(county)))
        for county, group in parts.groupby("county_code", sort=True)
    }
