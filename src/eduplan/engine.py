"""The one module that creates the analytics connection.

DuckDB (in process) is the default; ``EDUPLAN_ENGINE=spark`` selects PySpark in local
mode through Ibis. No other module imports an engine: core code receives Ibis tables.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import ibis
from ibis.backends import BaseBackend

ENGINES = ("duckdb", "spark")


def engine_name() -> str:
    from eduplan import settings

    name = settings.ENGINE
    if name not in ENGINES:
        from eduplan.errors import UsageError

        raise UsageError(f"EDUPLAN_ENGINE={name!r} is not an engine eduplan knows; use one of {', '.join(ENGINES)}")
    return name


def connect(name: str | None = None, *, database: str | None = None) -> BaseBackend:
    """A new connection to the configured engine (``database``: a DuckDB file, or in memory)."""
    name = name or engine_name()
    if name == "spark":
        return _spark_connection()
    return ibis.duckdb.connect(database or ":memory:")


@lru_cache(maxsize=1)
def default_connection() -> BaseBackend:
    """A process-wide in-memory connection for small ad-hoc computations."""
    return connect()


def _spark_connection() -> BaseBackend:
    from pyspark.sql import SparkSession  # imported here only: Spark is optional

    session: Any = (
        SparkSession.builder.master("local[2]")
        .appName("eduplan")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    return ibis.pyspark.connect(session)
