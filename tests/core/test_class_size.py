"""Class size and school size on a hand-built county (spec/standards.md §3.4)."""

from __future__ import annotations

import pandas as pd
import pytest

from eduplan.core.class_size import assess_class_size, school_cap
from eduplan.standards.class_size import STANDARD

COUNTY = "441899"


def census() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    schools = pd.DataFrame(
        {
            "school_code": ["P1", "J1", "N1", "X1"],
            "name": ["小学", "初中", "九年制", "外县"],
            "school_type": ["小学", "初级中学", "九年一贯制学校", "小学"],
            "county_code": [COUNTY, COUNTY, COUNTY, "441898"],
        }
    )
    stages = pd.DataFrame(
        {
            "school_code": ["P1", "J1", "N1", "N1", "X1"],
            "stage": ["小学", "初中", "小学", "初中", "小学"],
            "students": [1800, 2001, 1300, 1200, 5000],
        }
    )
    grades = pd.DataFrame(
        [
            ("P1", "小学", "1", 10, 2, 1, 0),
            ("P1", "小学", "2", 10, 3, 0, 1),
            ("J1", "初中", "7", 12, 0, 0, 0),
            ("N1", "小学", "3", 8, 0, 0, 0),
            ("N1", "初中", "8", 6, 1, 1, 0),
            ("X1", "小学", "1", 50, 50, 50, 0),
        ],
        columns=[
            "school_code",
            "stage",
            "grade",
            "classes",
            "classes_over_standard",
            "classes_56_65",
            "classes_66_plus",
        ],
    )
    return schools, stages, grades


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return assess_class_size(*census(), region=COUNTY, year=2023)


def test_primary_counts_and_shares(result) -> None:  # type: ignore[no-untyped-def]
    # 28 classes; 5 above 45; 大班额 (56+) = 1 (56–65) + 1 (66+) = 2; 超大班额 1.
    p = result.stages["小学"]
    assert (p.classes, p.over_standard, p.large, p.super_large) == (28, 5, 2, 1)
    assert p.large_share == pytest.approx(100 * 2 / 28)
    assert p.schools_with_large_classes == 1


def test_junior_counts(result) -> None:  # type: ignore[no-untyped-def]
    j = result.stages["初中"]
    assert (j.classes, j.over_standard, j.large, j.super_large) == (18, 1, 1, 0)


def test_school_size_caps_include_the_bound(result) -> None:  # type: ignore[no-untyped-def]
    sizes = {s.school_code: (s.students, s.cap, s.over_cap) for s in result.schools}
    assert sizes == {"J1": (2001, 2000, True), "N1": (2500, 2500, False), "P1": (1800, 2000, False)}


def test_county_fails_the_quality_balance_class_and_size_items(result) -> None:  # type: ignore[no-untyped-def]
    assert result.passed is False
    assert result.as_dict()["verdict"] == "未通过"


def test_caps_by_school_kind() -> None:
    assert [school_cap(t, STANDARD) for t in ("小学", "九年一贯制学校", "幼儿园", "高级中学")] == [
        2000,
        2500,
        360,
        None,
    ]
