"""The school parts a balanced-development assessment compares, with their indicator values.

A part is one school's 小学 or 初中 stage after the 全校 resources have been apportioned; a nine-year school
gives two parts. Parts outside the assessment (the standard's excluded school kinds, 教学点 under the minimum
size, parts without pupils) are kept with the reason, so a report can list them.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
from ibis.expr.types import Table

from eduplan import contract as c
from eduplan.core.apportion import apportion_shared
from eduplan.core.census_input import TableLike, as_table, float_column
from eduplan.standards.base import Standard

SCHOOL_COLUMNS = ("school_code", "name", "school_type", "county_code")
REASON_EXCLUDED_TYPE_SUFFIX = "不参加评估"
REASON_SMALL_TEACHING_POINT = "不足{n}人的教学点不参加评估"
REASON_NO_STUDENTS = "该学段在校生数为空或为0，无法计算"


def numerator_column(indicator_key: str) -> str:
    return f"numerator:{indicator_key}"


def _rule_or(standard: Standard, key: str, default: float | None) -> float | None:
    try:
        return standard.rule(key).value()
    except KeyError:
        return default


def parts_table(schools: TableLike, stages: TableLike, standard: Standard, region: str | None = None) -> Table:
    """The Ibis expression of every 小学/初中 part of the region's schools, apportioned, with an exclusion reason."""
    s, st = as_table(schools), as_table(stages)
    if region is not None:
        s = s.filter(s.county_code == region)
        st = st.filter(st.school_code.isin(s.school_code))
    weights = standard.rule("pupil_equivalent_weight").values
    parts = apportion_shared(st, weights)
    parts = parts.filter(parts.stage.isin(c.COMPULSORY_STAGES))
    joined = parts.join(s.select(*SCHOOL_COLUMNS), "school_code")
    students = float_column(joined, "students")
    min_size = _rule_or(standard, "teaching_point_min_students", None)
    reasons = [(joined.school_type.isin(standard.excluded_school_types), "excluded_type")]
    if min_size is not None:
        reasons.append(((joined.school_type == c.TEACHING_POINT) & (students.fill_null(0) < min_size), "small_point"))
    reasons.append((students.isnull() | (students <= 0), "no_students"))
    reason = ibis.cases(*reasons, else_=ibis.null().cast("string"))
    numerators = {
        numerator_column(ind.key): _sum_or_null([float_column(joined, k) for k in ind.numerator])
        for ind in standard.indicators
    }
    return joined.select(
        *SCHOOL_COLUMNS,
        "stage",
        "apportioned",
        students=students,
        exclusion=reason,
        **numerators,
    )


def _sum_or_null(columns: list[ibis.expr.types.FloatingColumn]) -> ibis.expr.types.FloatingValue:
    """Σ of the columns, counting a blank as 0 unless every one is blank (then the sum is blank too)."""
    total = columns[0].fill_null(0)
    any_present = columns[0].notnull()
    for col in columns[1:]:
        total = total + col.fill_null(0)
        any_present = any_present | col.notnull()
    return ibis.ifelse(any_present, total, ibis.null().cast("float64"))


def school_parts(schools: TableLike, stages: TableLike, standard: Standard, region: str | None = None) -> pd.DataFrame:
    """Execute ``parts_table`` and add the value of every indicator (``scale × numerator / students``)."""
    frame = parts_table(schools, stages, standard, region).to_pandas()
    min_size = _rule_or(standard, "teaching_point_min_students", 0)
    excluded_type = frame["exclusion"] == "excluded_type"
    frame.loc[excluded_type, "exclusion"] = frame.loc[excluded_type, "school_type"] + REASON_EXCLUDED_TYPE_SUFFIX
    frame.loc[frame["exclusion"] == "small_point", "exclusion"] = REASON_SMALL_TEACHING_POINT.format(
        n=int(min_size or 0)
    )
    frame.loc[frame["exclusion"] == "no_students", "exclusion"] = REASON_NO_STUDENTS
    add_values(frame, standard)
    ordered: pd.DataFrame = frame.sort_values(["county_code", "stage", "school_code"], kind="stable")
    return ordered.reset_index(drop=True)


def add_values(frame: pd.DataFrame, standard: Standard) -> None:
    """Set each indicator's value column from its numerator column (in place; NaN where not computable)."""
    students = frame["students"].to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        for ind in standard.indicators:
            num = frame[numerator_column(ind.key)].to_numpy(dtype=np.float64)
            frame[ind.key] = np.where(students > 0, ind.scale * num / students, np.nan)
