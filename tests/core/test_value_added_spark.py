"""The same value-added fit through the Ibis PySpark backend gives the DuckDB estimates."""

from __future__ import annotations

from pathlib import Path

import ibis
import pandas as pd
import pytest

from eduplan.core.value_added import fit_value_added
from eduplan.core.value_added_data import Selection, evaluate_value_added
from eduplan.engine import connect
from eduplan.ingest.scores import read_scores
from eduplan.store.score_files import score_table
from eduplan.store.scores import do_import_scores
from tests.commands.test_value_added import CURRENT, score_file

from .test_value_added import HAND, LAMBDA, generated_scores


@pytest.fixture(scope="module")
def spark() -> ibis.BaseBackend:
    return connect("spark")


def on_spark(spark: ibis.BaseBackend, frame: pd.DataFrame, folder: Path) -> ibis.Table:
    """A table on Spark read from Parquet (no managed tables: they would leave spark-warehouse/ in the cwd)."""
    frame.to_parquet(folder / "scores.parquet")
    return spark.read_parquet(str(folder / "scores.parquet"))


@pytest.mark.spark
def test_hand_case_on_spark(spark: ibis.BaseBackend, tmp_path: Path) -> None:
    fit = fit_value_added(on_spark(spark, HAND, tmp_path))
    assert fit.tau2 == pytest.approx(250 / 3, rel=1e-9)
    assert fit.sigma2 == pytest.approx(2.0, rel=1e-9)
    assert [s.effect for s in fit.schools] == pytest.approx([-2 * LAMBDA, -8 * LAMBDA, 10 * LAMBDA], rel=1e-9)


@pytest.mark.spark
def test_spark_fit_equals_duckdb_fit(spark: ibis.BaseBackend, tmp_path: Path) -> None:
    data = generated_scores(seed=7, schools=40)
    spark_fit = fit_value_added(on_spark(spark, data, tmp_path), predictors=("prior", "female"))
    duckdb_fit = fit_value_added(connect("duckdb").create_table("va", data), predictors=("prior", "female"))
    # Sums of the same doubles in another order: equal to far better than the 1e-6 asked of lme4.
    for name in ("(Intercept)", "prior", "female"):
        assert spark_fit.coefficients[name] == pytest.approx(duckdb_fit.coefficients[name], rel=1e-9)
    assert spark_fit.tau2 == pytest.approx(duckdb_fit.tau2, rel=1e-9)
    assert spark_fit.sigma2 == pytest.approx(duckdb_fit.sigma2, rel=1e-9)
    assert spark_fit.reml_criterion == pytest.approx(duckdb_fit.reml_criterion, rel=1e-12)
    spark_effects = pd.DataFrame(spark_fit.as_dict()["schools"]).set_index("school_code")
    duckdb_effects = pd.DataFrame(duckdb_fit.as_dict()["schools"]).set_index("school_code")
    assert list(spark_effects.index) == list(duckdb_effects.index)
    assert (spark_effects["effect"] - duckdb_effects["effect"]).abs().max() <= 1e-9 * duckdb_effects[
        "effect"
    ].abs().max()
    assert list(spark_effects["students"]) == list(duckdb_effects["students"])


@pytest.mark.spark
@pytest.mark.django_db
def test_stored_scores_are_read_and_fitted_on_spark(
    spark: ibis.BaseBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The path ``EDUPLAN_ENGINE=spark eduplan assess value-added`` takes: Parquet snapshot → Spark → fit."""
    monkeypatch.setattr("eduplan.settings.PSEUDONYM_KEY", "spark-test-key-0123456789")
    root = tmp_path / "scores"
    do_import_scores(read_scores(score_file(tmp_path / "scores.csv")), "scores.csv", root=root)
    run = evaluate_value_added(score_table(spark, root), Selection(2023, "7", "数学", schools=set(CURRENT)))
    assert [s.school_code for s in run.fit.schools] == list(CURRENT)
    assert [s.effect for s in run.fit.schools] == pytest.approx([-2 * LAMBDA, -8 * LAMBDA, 10 * LAMBDA], rel=1e-9)
