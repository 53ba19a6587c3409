"""Apportion a school's 全校 (whole-school) resources to its 学段 by pupil-equivalent weights.

Practice of the balanced-development assessments (spec/standards.md §1.4.3, S10): with A 小学, B 初中 and
C 高中 pupils and weights 1 : 1.1 : 1.32, the 小学 part of a shared resource R is R·A/(A + 1.1B + 1.32C),
the 初中 part R·1.1B/(…), the 高中 part R·1.32C/(…). For a 完全中学 this is the documented 1 : 1.2 split,
since 1.32 / 1.1 = 1.2. Only the shared facility measures of the contract (``SHARED_RESOURCE_KEYS``) are
apportioned; teacher counts are always reported per 学段. After apportionment each part is assessed as a
separate school of its 学段.

This runs on the small per-school frame (one row per school and 学段) after the census query, vectorised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from eduplan import contract as c

DEFAULT_WEIGHT = 1.0  # a 学段 the weights do not name (学前) counts one pupil-equivalent per pupil


def apportion_shared(
    stages: pd.DataFrame,
    weights: Mapping[str, float],
    keys: Iterable[str] = c.SHARED_RESOURCE_KEYS,
) -> pd.DataFrame:
    """The 学段 rows (without 全校 rows), each shared measure = its own value + its share of the 全校 row.

    Adds ``apportioned`` (bool): whether a 全校 row of the school contributed. A measure blank both on the
    学段 row and on the 全校 row stays blank; if the school's parts have no pupils, nothing is apportioned.
    """
    present = [k for k in keys if k in stages.columns]
    measures = {k: pd.to_numeric(stages[k], errors="coerce").to_numpy(dtype=np.float64) for k in present}
    students = pd.to_numeric(stages["students"], errors="coerce").to_numpy(dtype=np.float64)
    is_whole, columns = apportion_arrays(
        stages["school_code"].to_numpy(), stages["stage"].to_numpy(), students, measures, weights
    )
    return stages[~is_whole].assign(**columns)


def apportion_arrays(
    school_code: npt.NDArray[Any],
    stage: npt.NDArray[Any],
    students: npt.NDArray[np.float64],
    measures: Mapping[str, npt.NDArray[np.float64]],
    weights: Mapping[str, float],
) -> tuple[npt.NDArray[np.bool_], dict[str, npt.NDArray[Any]]]:
    """``apportion_shared`` on plain arrays: (which rows are 全校 rows, the apportioned ``measures`` of the other
    rows and their ``apportioned`` flag)."""
    is_whole = stage == c.STAGE_WHOLE_SCHOOL
    school, codes = pd.factorize(school_code)
    stage_weight = np.array([weights.get(s, DEFAULT_WEIGHT) for s in stage.tolist()], dtype=np.float64)
    equivalents = np.where(is_whole, 0.0, np.nan_to_num(students) * stage_weight)
    totals = np.bincount(school, weights=equivalents, minlength=len(codes))[school]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(totals > 0, equivalents / totals, np.nan)[~is_whole]
    has_whole = np.zeros(len(codes), dtype=bool)
    has_whole[school[is_whole]] = True
    part_school = school[~is_whole]
    columns: dict[str, npt.NDArray[Any]] = {}
    for key, values in measures.items():
        whole = np.full(len(codes), np.nan)
        whole[school[is_whole]] = values[is_whole]  # one 全校 row per school (the importer guarantees it)
        from_whole = whole[part_school] * share
        own = values[~is_whole]
        columns[key] = np.where(np.isnan(from_whole), own, np.nan_to_num(own) + from_whole)
    columns["apportioned"] = has_whole[part_school] & ~np.isnan(share)
    return is_whole, columns
