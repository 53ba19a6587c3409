"""基本均衡 (2012): the 综合 = mean of the single CVs against ≤0.65 / ≤0.55 (spec/standards.md §1.8)."""

from __future__ import annotations

import pandas as pd
import pytest

from eduplan.core.basic_balance import assess_basic_balance, judge_composite
from eduplan.standards.basic_balance import STANDARD

PUPILS = [45, 37, 89, 76, 55]
BOOKS = [279, 137, 935, 160, 402]


def books_county() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The S8 books example; every other measure proportional to pupils, so its CV is 0."""
    codes = [f"B{i}" for i in range(5)]
    schools = pd.DataFrame(
        {"school_code": codes, "name": codes, "school_type": "小学", "county_code": "441899", "region_code": "441899"}
    )
    stages = pd.DataFrame(
        {
            "school_code": codes,
            "stage": "小学",
            "students": PUPILS,
            "books": BOOKS,
            "teaching_aux_area": [4.0 * p for p in PUPILS],
            "sports_area": [5.0 * p for p in PUPILS],
            "equipment_value": [0.1 * p for p in PUPILS],
            "teachers": [0.05 * p for p in PUPILS],
            "teachers_above_required": [0.04 * p for p in PUPILS],
        }
    )
    return schools, stages


def test_books_cv_and_composite_over_the_six_computable_indicators() -> None:
    schools, stages = books_county()
    result = assess_basic_balance(schools, stages, region="441899", year=2015)
    primary = result.stages["小学"]
    assert round(primary.cv["books_per_student"] or 0, 4) == 0.5153
    assert primary.cv["teachers_per_student"] == pytest.approx(0.0, abs=1e-12)
    assert primary.county_mean["equipment_value_per_student"] == pytest.approx(1000.0)  # 0.1 万元 per pupil
    assert primary.unavailable == ["computers_per100", "mid_title_teachers_per_student"]
    # 综合 = (0.515257 + 5 × 0) / 6 = 0.085876
    assert primary.composite_cv == pytest.approx(0.515257 / 6, abs=1e-6)
    assert primary.passed and result.cv_passed
    assert result.passed is None  # 门槛, 85分, 85% not yet recorded
    doc = result.as_dict()
    assert any("每百名学生拥有计算机台数" in note for note in doc["notes"])  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("stage", "mean_cv", "passes"),
    [("小学", 0.65, True), ("小学", 0.651, False), ("初中", 0.55, True), ("初中", 0.56, False)],
)
def test_composite_limit_includes_the_bound(stage: str, mean_cv: float, passes: bool) -> None:
    composite, passed = judge_composite(dict.fromkeys(STANDARD.indicator_keys, mean_cv), stage, STANDARD)
    assert composite == pytest.approx(mean_cv)
    assert passed is passes
