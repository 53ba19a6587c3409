"""Accept the census tables core is handed as either Ibis tables or pandas DataFrames."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, TypeAlias

import ibis
import numpy as np
import numpy.typing as npt
import pandas as pd
from ibis.expr.types import Scalar, StringColumn, Table

from eduplan.contract import COUNTY_CODE_LENGTH

TableLike: TypeAlias = Table | pd.DataFrame


def as_table(data: TableLike) -> Table:
    """An Ibis table for ``data``; a DataFrame becomes an in-memory table of the default engine."""
    if isinstance(data, pd.DataFrame):
        return ibis.memtable(data)
    return data


def county_code(schools: Table) -> StringColumn:
    """The 6-digit county of each school: ``county_code`` as the store hands it, else the head of ``region_code``
    (the census 学校 sheet alone has only the town or county it is registered under)."""
    if "county_code" in schools.columns:
        return schools.county_code
    return schools.region_code.cast("string").substr(0, 6)


def schools_in_county(schools: TableLike, region: str | Scalar) -> Table:
    """The schools registered under the county ``region``, with a ``county_code`` column."""
    s = as_table(schools)
    if "county_code" not in s.columns:
        s = s.mutate(county_code=county_code(s))
    return s.filter(s.county_code == region)


def county_schools_frame(schools: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """``schools_in_county`` for a DataFrame already in memory (all counties when ``region`` is None)."""
    if "county_code" not in schools.columns:
        schools = schools.assign(county_code=schools["region_code"].astype(str).str[:COUNTY_CODE_LENGTH])
    return schools if region is None else schools[schools["county_code"].astype(str) == region]


def _stage_rows_query(
    schools: Table, stages: Table, school_columns: tuple[str, ...], measures: tuple[str, ...], by_region: bool
) -> tuple[Table, Scalar]:
    region = ibis.param("string")
    if by_region:
        s = schools_in_county(schools, region)
    else:
        s = schools if "county_code" in schools.columns else schools.mutate(county_code=county_code(schools))
    # Plain column picks: every cast or derived column costs compile time; types are fixed after the fetch.
    rows = stages.select("school_code", "stage", *measures)
    return rows.join(s.select(*school_columns), "school_code"), region


_cached_query = lru_cache(maxsize=16)(_stage_rows_query)


def county_stage_rows(
    schools: TableLike,
    stages: TableLike,
    school_columns: tuple[str, ...],
    measures: tuple[str, ...],
    region: str | None = None,
) -> pd.DataFrame:
    """Every 学段 row (incl. 全校) of the schools of county ``region`` (or of all counties), with the registry's
    ``school_columns`` (``county_code`` among them) and the ``measures`` the stages table has, as numbers.

    Tables bound to an engine are read through one Ibis expression with the county as a parameter, built once per
    table pair and cached. DataFrames (the store hands a county's census as frames) are already in memory: they are
    selected with pandas, because sending a few hundred rows through the engine costs ~50 ms of Ibis compiling, far
    more than the assessment itself.
    """
    present = tuple(k for k in measures if k in stages.columns)
    if isinstance(schools, pd.DataFrame) and isinstance(stages, pd.DataFrame):
        columns = _joined_columns(county_schools_frame(schools, region), stages, school_columns, present)
    else:
        build = _cached_query if isinstance(schools, Table) and isinstance(stages, Table) else _stage_rows_query
        query, param = build(as_table(schools), as_table(stages), school_columns, present, region is not None)
        fetched = query.to_pyarrow(params={param: region} if region is not None else None).to_pandas()
        columns = {k: fetched[k].to_numpy() for k in fetched.columns}
    for key in measures:
        columns[key] = _numbers(columns[key]) if key in columns else np.full(len(columns["school_code"]), np.nan)
    return pd.DataFrame(columns, copy=False)


def isin(values: npt.NDArray[Any], options: Iterable[object]) -> npt.NDArray[np.bool_]:
    """``np.isin`` for text: numpy sorts object arrays (~5 ms on a county's rows), pandas hashes them."""
    return np.asarray(pd.Series(values, copy=False).isin(list(options)), dtype=bool)


def _numbers(values: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    """A measure as float64: blanks and text that is not a number become NaN (``pd.to_numeric(errors="coerce")``)."""
    if values.dtype == np.float64:
        return values
    if values.dtype.kind in "iub":
        return values.astype(np.float64)
    return np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=np.float64)


def _joined_columns(
    schools: pd.DataFrame, stages: pd.DataFrame, school_columns: tuple[str, ...], measures: tuple[str, ...]
) -> dict[str, npt.NDArray[Any]]:
    """The inner join of the 学段 rows with their schools' registry columns, in the 学段 rows' order, as arrays.

    The same rows as ``stages.merge(schools, on="school_code")``, without pandas' merge machinery (several ms on a
    county's few hundred rows); a registry that lists a school twice goes through the merge itself."""
    registry = pd.Index(schools["school_code"])
    if not registry.is_unique:
        merged = stages[["school_code", "stage", *measures]].merge(schools[list(school_columns)], on="school_code")
        return {k: merged[k].to_numpy() for k in merged.columns}
    at = registry.get_indexer(stages["school_code"])
    found = at >= 0
    at = at[found]
    columns = {k: stages[k].to_numpy()[found] for k in ("school_code", "stage", *measures)}
    for key in school_columns:
        if key != "school_code":
            columns[key] = schools[key].to_numpy()[at]
    return columns
