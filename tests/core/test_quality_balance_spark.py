"""The 优质均衡 assessment through the Ibis PySpark backend gives the DuckDB result, to the last key."""

from __future__ import annotations

from pathlib import Path

import ibis
import pandas as pd
import pytest

from eduplan.core.quality_balance import assess_quality_balance
from eduplan.engine import connect

from .qb_county import COUNTY, county


def on_spark(spark: ibis.BaseBackend, frame: pd.DataFrame, path: Path) -> ibis.Table:
    """A table on Spark read from Parquet (no managed tables: they would leave spark-warehouse/ in the cwd)."""
    frame.to_parquet(path)
    return spark.read_parquet(str(path))


@pytest.mark.spark
def test_hand_county_on_spark_equals_duckdb(tmp_path: Path) -> None:
    schools, stages = county()
    schools = schools.drop(columns=["parent_code"])  # all NULL: no type to give Parquet
    spark = connect("spark")
    on = assess_quality_balance(
        on_spark(spark, schools, tmp_path / "schools.parquet"),
        on_spark(spark, stages, tmp_path / "stages.parquet"),
        region=COUNTY,
        year=2023,
    )
    assert on.as_dict() == assess_quality_balance(schools, stages, region=COUNTY, year=2023).as_dict()
    assert [s.school_code for s in on.stages["小学"].schools if not s.passed] == ["C", "D"]
