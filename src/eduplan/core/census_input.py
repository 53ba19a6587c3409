"""Accept the census tables core is handed as either Ibis tables or pandas DataFrames."""

from __future__ import annotations

from typing import TypeAlias

import ibis
import pandas as pd
from ibis.expr.types import Table

TableLike: TypeAlias = Table | pd.DataFrame


def as_table(data: TableLike) -> Table:
    """An Ibis table for ``data``; a DataFrame becomes an in-memory table of the default engine."""
    if isinstance(data, pd.DataFrame):
        return ibis.memtable(data)
    return data
