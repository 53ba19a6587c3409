"""The demo's student scores: deterministic, the census's students, a valid score file, and the model they follow."""

from __future__ import annotations

from pathlib import Path

import ibis
import pandas as pd
import pytest

from eduplan.core.value_added_data import Selection, evaluate_value_added
from eduplan.demo import DemoProvince, registry_for_year
from eduplan.demo.scores import INTERCEPT, NOISE_SD, SLOPE, YEARS, demo_score_file, demo_scores
from eduplan.ingest.scores import SCORES_SHEET, read_scores

QINGCHENG = "1441802"  # school codes of 清城区 start so (docs/demo-data.md)


@pytest.fixture(scope="module")
def scores(province: DemoProvince) -> pd.DataFrame:
    return demo_score_file(province.census, 20201).frame


def test_same_seed_gives_the_same_rows(province: DemoProvince, scores: pd.DataFrame) -> None:
    again = demo_scores({y: province.census[y].grades for y in YEARS}, 20201)
    pd.testing.assert_frame_equal(again, scores.drop(columns=["row"]))


@pytest.mark.parametrize(("year", "stage", "grade"), [(2021, "初中", "7"), (2023, "初中", "8"), (2022, "小学", "6")])
def test_each_exam_is_sat_by_the_census_students(
    province: DemoProvince, scores: pd.DataFrame, year: int, stage: str, grade: str
) -> None:
    grades = province.census[year].grades
    census = grades[(grades["stage"] == stage) & (grades["grade"] == grade)]
    census = census[census["school_code"].str.startswith(QINGCHENG) & (census["students"] > 0)]
    sat = scores[(scores["school_year"] == year) & (scores["grade"] == grade) & (scores["subject"] == "数学")]
    assert sat.groupby("school_code").size().to_dict() == census.set_index("school_code")["students"].to_dict()


def test_the_scores_pass_the_import_checks(province: DemoProvince, scores: pd.DataFrame, tmp_path: Path) -> None:
    """Written as a user's CSV, read back with each year's registry: no error, no warning, the same rows."""
    labels = {c.key: c.label for c in SCORES_SHEET.columns}
    path = tmp_path / "demo-scores.csv"
    scores.drop(columns=["row"]).rename(columns=labels).to_csv(path, index=False)
    known = {y: set(registry_for_year(province.registry_events, y)["school_code"]) for y in YEARS}
    checked = read_scores(path, known)
    assert checked.warnings == ()
    assert len(checked.frame) == len(scores) == 242032
    assert checked.frame["score"].isna().sum() == scores["score"].isna().sum()


def test_a_fit_finds_the_slope_and_noise_the_scores_were_made_with(scores: pd.DataFrame) -> None:
    """score = 10 + 0.88 × prior + value-added + N(0, 7²): with ~13,000 students the estimates are close."""
    table = ibis.memtable(scores.rename(columns={"student_id": "student"}))
    fit = evaluate_value_added(table, Selection(2023, "8", "数学")).fit
    assert fit.coefficients["prior"] == pytest.approx(SLOPE, abs=0.01)
    assert fit.coefficients["(Intercept)"] == pytest.approx(INTERCEPT, abs=1.0)
    assert fit.sigma2 == pytest.approx(NOISE_SD**2, rel=0.05)
    assert fit.students_without_prior == 1305  # newcomers to grade 8 (about 4%, and the schools that grew)
    assert len(fit.schools) == 33 and len(fit.unestimated_schools) == 2
