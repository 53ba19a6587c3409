"""The school parts a balanced-development assessment compares, with their indicator values.

A part is one school's 小学 or 初中 stage after the 全校 resources have been apportioned; a nine-year school
gives two parts. Parts outside the assessment (the standard's excluded school kinds, 教学点 under the minimum
size, parts without pupils) are kept with the reason, so a report can list them.

The census query (``census_input.county_stage_rows``) only filters to the county, joins the registry and keeps
the measures the standard needs; everything after it runs vectorised on that small frame. A richer Ibis
expression spent ~0.5 s in Ibis' compiler per county, far above the 100 ms a page may take.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from eduplan import contract as c
from eduplan.core.apportion import apportion_arrays
from eduplan.core.census_input import TableLike, county_stage_rows, isin
from eduplan.standards.base import Indicator, Standard

ArrayOrFloat = TypeVar("ArrayOrFloat", float, npt.NDArray[np.float64])

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


def measures_needed(standard: Standard) -> list[str]:
    return sorted({k for ind in standard.indicators for k in ind.numerator})


def census_rows(schools: TableLike, stages: TableLike, standard: Standard, region: str | None = None) -> pd.DataFrame:
    """Every 学段 row (incl. 全校) of the region's schools with the registry columns and the needed measures."""
    return county_stage_rows(schools, stages, SCHOOL_COLUMNS, ("students", *measures_needed(standard)), region)


def school_parts(schools: TableLike, stages: TableLike, standard: Standard, region: str | None = None) -> pd.DataFrame:
    """The 小学/初中 parts, apportioned, each with ``exclusion`` (None or the reason), numerators and values."""
    rows = census_rows(schools, stages, standard, region)
    measures = {k: rows[k].to_numpy(dtype=np.float64) for k in c.SHARED_RESOURCE_KEYS if k in rows.columns}
    stage = rows["stage"].to_numpy()
    is_whole, apportioned = apportion_arrays(
        rows["school_code"].to_numpy(),
        stage,
        rows["students"].to_numpy(dtype=np.float64),
        measures,
        standard.rule("pupil_equivalent_weight").values,
    )
    keep = isin(stage[~is_whole], c.COMPULSORY_STAGES)
    columns: dict[str, npt.NDArray[Any]] = {}
    for key in rows.columns:
        values = apportioned[key] if key in apportioned else rows[key].to_numpy()[~is_whole]
        columns[key] = values[keep]
    columns["apportioned"] = apportioned["apportioned"][keep]
    students = columns["students"].astype(np.float64)
    school_type = columns["school_type"].astype(object)
    exclusion = np.full(len(students), None, dtype=object)
    excluded_type = isin(school_type, standard.excluded_school_types)
    exclusion[excluded_type] = school_type[excluded_type] + REASON_EXCLUDED_TYPE_SUFFIX
    min_size = _rule_or(standard, "teaching_point_min_students", None)
    if min_size is not None:
        small = (school_type == c.TEACHING_POINT) & (np.nan_to_num(students) < min_size) & ~excluded_type
        exclusion[small] = REASON_SMALL_TEACHING_POINT.format(n=int(min_size))
    exclusion[~(students > 0) & (exclusion == None)] = REASON_NO_STUDENTS  # noqa: E711 (element-wise)
    columns["exclusion"] = exclusion
    with np.errstate(divide="ignore", invalid="ignore"):
        for ind in standard.indicators:
            present = [columns[k].astype(np.float64) for k in ind.numerator if k in columns]
            numerator = _sum_or_blank(present, len(students))
            columns[numerator_column(ind.key)] = numerator
            columns[ind.key] = np.where(students > 0, indicator_value(ind, numerator, students), np.nan)
    # Stable, like ``sort_values(kind="stable")``: the last key of lexsort is the first sort key.
    order = np.lexsort([_sort_key(columns[k]) for k in ("school_code", "stage", "county_code")])
    return pd.DataFrame({k: v[order] for k, v in columns.items()})


def _sort_key(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Text keys for ``np.lexsort``, which does not sort object arrays (codes and 学段 are text)."""
    return values.astype(str) if values.dtype == object else values


def _sum_or_blank(columns: list[npt.NDArray[np.float64]], n: int) -> npt.NDArray[np.float64]:
    """Σ of the columns, a blank counting as 0 unless every one is blank (then the sum is blank too)."""
    if not columns:
        return np.full(n, np.nan)
    stacked = np.vstack(columns)
    return np.where(np.isnan(stacked).all(axis=0), np.nan, np.nansum(stacked, axis=0))


def indicator_value(indicator: Indicator, numerator: ArrayOrFloat, students: ArrayOrFloat) -> ArrayOrFloat:
    """The one formula of an indicator's value (scalars or arrays): ``scale × numerator / students``."""
    return indicator.scale * numerator / students


@dataclass(frozen=True)
class ExcludedSchool:
    school_code: str
    name: str
    school_type: str
    stage: str
    students: float | None
    reason: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


Columns = dict[str, npt.NDArray[Any]]


def _in_scope_masks(parts: pd.DataFrame) -> Iterator[tuple[str, npt.NDArray[np.bool_]]]:
    scope = parts["exclusion"].isna().to_numpy()
    stage = parts["stage"].to_numpy()
    for name in c.COMPULSORY_STAGES:
        mask = scope & (stage == name)
        if mask.any():
            yield name, mask


def in_scope_by_stage(parts: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """(学段, its in-scope parts) for 小学 and 初中, skipping a stage without any."""
    for stage, mask in _in_scope_masks(parts):
        yield stage, parts[mask]


def in_scope_columns(parts: pd.DataFrame) -> Iterator[tuple[str, Columns]]:
    """``in_scope_by_stage`` as plain arrays, column by column (no DataFrame per 学段: a few ms per county)."""
    columns = {str(k): parts[k].to_numpy() for k in parts.columns}
    for stage, mask in _in_scope_masks(parts):
        yield stage, {k: v[mask] for k, v in columns.items()}


def excluded_parts(parts: pd.DataFrame) -> list[ExcludedSchool]:
    """The parts ``school_parts`` left out of the assessment, with the reason."""
    out = parts[parts["exclusion"].notna()]
    students = out["students"].to_numpy(dtype=np.float64)
    return [
        ExcludedSchool(str(code), str(name), str(kind), str(stage), None if np.isnan(p) else float(p), str(reason))
        for code, name, kind, stage, p, reason in zip(
            out["school_code"], out["name"], out["school_type"], out["stage"], students, out["exclusion"], strict=True
        )
    ]
