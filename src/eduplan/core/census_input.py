"""Accept the census tables core is handed as either Ibis tables or pandas DataFrames."""

from __future__ import annotations

from typing import TypeAlias

import ibis
import pandas as pd
from ibis.expr.types import Scalar, StringColumn, Table

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
