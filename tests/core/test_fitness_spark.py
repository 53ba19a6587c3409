"""The same fitness scoring through the Ibis PySpark backend gives the hand-counted rates of the DuckDB tests."""

from __future__ import annotations

from pathlib import Path

import ibis
import pytest

from eduplan.core import fitness as cf
from eduplan.engine import connect

from .test_fitness import small_school


@pytest.mark.spark
def test_the_small_school_on_spark(tmp_path: Path) -> None:
    spark = connect("spark")
    small_school().to_parquet(tmp_path / "students.parquet")
    scored = cf.score_students(spark.read_parquet(str(tmp_path / "students.parquet")))
    totals = dict(spark.to_pandas(scored.select("student", "total")).itertuples(index=False))
    assert [totals[s] for s in ("s1", "s2", "s3", "s4", "s5", "s7")] == [59.9, 60.0, 97.0, 105.0, 94.0, 62.0]
    s, t = cf.rate_rows(cf.rate_counts(scored, ["school_code"]), ["school_code"])
    assert (s.scored, s.counts["passed"], s.counts["good"], s.counts["myopic"]) == (6, 5, 3, 3)
    assert s.rates["pass_rate"] == pytest.approx(500 / 6) and t.suppressed
    assert isinstance(scored, ibis.Table)
