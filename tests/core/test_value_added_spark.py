"""The same value-added fit through the Ibis PySpark backend gives the DuckDB estimates."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from eduplan.core.value_added import fit_value_added
from eduplan.engine import connect

from .test_value_added import HAND, LAMBDA, generated_scores


@pytest.fixture(scope="module")
def spark() -> ibis.BaseBackend:
    return connect("spark")


@pytest.mark.spark
def test_hand_case_on_spark(spark: ibis.BaseBackend) -> None:
    fit = fit_value_added(spark.create_table("va_hand", HAND, overwrite=True))
    assert fit.tau2 == pytest.approx(250 / 3, rel=1e-9)
    assert fit.sigma2 == pytest.approx(2.0, rel=1e-9)
    assert [s.effect for s in fit.schools] == pytest.approx([-2 * LAMBDA, -8 * LAMBDA, 10 * LAMBDA], rel=1e-9)


@pytest.mark.spark
def test_spark_fit_equals_duckdb_fit(spark: ibis.BaseBackend) -> None:
    data = generated_scores(seed=7, schools=40)
    on_spark = fit_value_added(spark.create_table("va_generated", data, overwrite=True), predictors=("prior", "female"))
    on_duckdb = fit_value_added(connect("duckdb").create_table("va", data), predictors=("prior", "female"))
    # Sums of the same doubles in another order: equal to far better than the 1e-6 asked of lme4.
    for name in ("(Intercept)", "prior", "female"):
        assert on_spark.coefficients[name] == pytest.approx(on_duckdb.coefficients[name], rel=1e-9)
    assert on_spark.tau2 == pytest.approx(on_duckdb.tau2, rel=1e-9)
    assert on_spark.sigma2 == pytest.approx(on_duckdb.sigma2, rel=1e-9)
    assert on_spark.reml_criterion == pytest.approx(on_duckdb.reml_criterion, rel=1e-12)
    spark_effects = pd.DataFrame(on_spark.as_dict()["schools"]).set_index("school_code")
    duckdb_effects = pd.DataFrame(on_duckdb.as_dict()["schools"]).set_index("school_code")
    assert list(spark_effects.index) == list(duckdb_effects.index)
    assert (spark_effects["effect"] - duckdb_effects["effect"]).abs().max() <= 1e-9 * duckdb_effects[
        "effect"
    ].abs().max()
    assert list(spark_effects["students"]) == list(duckdb_effects["students"])
