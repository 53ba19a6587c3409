"""义务教育基本均衡 (教督〔2012〕3号): the eight per-student indicators, their CVs and the 综合 rule.

The verdict of the CV part is the mean of the single-indicator CVs (综合差异系数) against ≤ 0.65 (小学) and
≤ 0.55 (初中); single CVs have no limit. Two of the eight indicators (计算机台数, 中级及以上职称教师) are not
in the census contract: the 综合 is then the mean of the CVs that can be computed, and the result says so.
Used for the years before 2017 and to compare with 优质均衡.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from eduplan.core.census_input import TableLike
from eduplan.core.manual_items import ItemRecord, ItemResult, judge_items, overall_verdict, result_header
from eduplan.core.school_parts import ExcludedSchool, excluded_parts, in_scope_by_stage, school_parts
from eduplan.core.weighted_cv import coefficient_of_variation
from eduplan.errors import NotFound
from eduplan.standards.base import Standard
from eduplan.standards.basic_balance import STANDARD as BASIC_BALANCE


@dataclass(frozen=True)
class BasicStageResult:
    stage: str
    schools: int
    cv: dict[str, float | None]
    county_mean: dict[str, float | None]
    unavailable: list[str]  # indicators no school has data for
    composite_cv: float | None
    composite_limit: float
    passed: bool
    # Each school's own values (school_code, name, school_type, students, values: indicator → value or None): the
    # schools the CVs speak of, for the per-school table of the page and the report.
    school_values: tuple[dict[str, object], ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "schools": self.schools,
            "school_values": [dict(s) for s in self.school_values],
            "cv": self.cv,
            "county_mean": self.county_mean,
            "unavailable": self.unavailable,
            "composite_cv": self.composite_cv,
            "composite_limit": self.composite_limit,
            "passed": self.passed,
        }


@dataclass(frozen=True)
class BasicBalanceResult:
    region: str
    year: int
    standard: Standard
    stages: dict[str, BasicStageResult]
    excluded: list[ExcludedSchool]
    items: list[ItemResult]
    cv_passed: bool
    passed: bool | None

    def as_dict(self) -> dict[str, object]:
        notes = [
            f"{self.standard.indicator(k).name}：普查数据中没有，综合差异系数按其余各项平均"
            for k in sorted({k for st in self.stages.values() for k in st.unavailable})
        ]
        return {
            **result_header(self.region, self.year, self.standard, self.passed, self.items),
            "cv_passed": self.cv_passed,
            "stages": {name: st.as_dict() for name, st in self.stages.items()},
            "excluded": [e.as_dict() for e in self.excluded],
            "notes": notes,
        }


def judge_composite(cvs: Mapping[str, float | None], stage: str, standard: Standard) -> tuple[float | None, bool]:
    """综合差异系数 = mean of the CVs that could be computed; passes at or under the 学段's limit."""
    known = [v for v in cvs.values() if v is not None]
    composite = sum(known) / len(known) if known else None
    limit = standard.rule("composite_cv_limit").value(stage)
    return composite, composite is not None and composite <= limit


def assess_basic_stage(parts: pd.DataFrame, stage: str, standard: Standard) -> BasicStageResult:
    students = parts["students"].to_numpy(dtype=np.float64)
    weights = students if standard.rule("cv_student_weighted").value() else None
    spread = {
        i.key: coefficient_of_variation(parts[i.key].to_numpy(dtype=np.float64), weights) for i in standard.indicators
    }
    cvs = {k: d.cv for k, d in spread.items()}
    composite, passed = judge_composite(cvs, stage, standard)
    return BasicStageResult(
        stage=stage,
        schools=len(parts),
        cv=cvs,
        county_mean={k: d.mean for k, d in spread.items()},
        unavailable=[k for k, d in spread.items() if d.n == 0],
        composite_cv=composite,
        composite_limit=standard.rule("composite_cv_limit").value(stage),
        passed=passed,
        school_values=tuple(_school_values(parts, standard)),
    )


def _finite(value: object) -> float | None:
    number = float(value) if isinstance(value, int | float | np.floating | np.integer) else float("nan")
    return None if np.isnan(number) else round(number, 4)


def _school_values(parts: pd.DataFrame, standard: Standard) -> list[dict[str, object]]:
    keys = [i.key for i in standard.indicators]
    columns = ["school_code", "name", "school_type", "students", *keys]
    return [
        {
            "school_code": str(r["school_code"]),
            "name": str(r["name"]),
            "school_type": str(r["school_type"]),
            "students": int(r["students"]),
            "values": {k: _finite(r[k]) for k in keys},
        }
        for r in parts[columns].to_dict("records")
    ]


def assess_basic_balance(
    schools: TableLike,
    stages: TableLike,
    *,
    region: str,
    year: int,
    standard: Standard = BASIC_BALANCE,
    manual: Mapping[str, ItemRecord] | None = None,
) -> BasicBalanceResult:
    parts = school_parts(schools, stages, standard, region=region)
    if parts.empty:
        raise NotFound(f"{year} 年 {region} 没有义务教育学校的学段数据，无法评估")
    results = {stage: assess_basic_stage(group, stage, standard) for stage, group in in_scope_by_stage(parts)}
    cv_passed = bool(results) and all(r.passed for r in results.values())
    items = judge_items(standard, manual, year=year)
    return BasicBalanceResult(
        region=region,
        year=year,
        standard=standard,
        stages=results,
        excluded=excluded_parts(parts),
        items=items,
        cv_passed=cv_passed,
        passed=overall_verdict(cv_passed, items),
    )
