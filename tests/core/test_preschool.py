"""学前普及普惠 on a hand-built county: three kindergartens, 300 children, 330 residents aged 3–5."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from eduplan.core.preschool import assess_preschool

COUNTY = "441899"


def census(own_county_rows: bool = False) -> tuple[pd.DataFrame, ...]:
    schools = pd.DataFrame(
        {
            "school_code": ["K1", "K2", "K3"],
            "name": ["公办园", "普惠民办园", "民办园"],
            "school_type": "幼儿园",
            "sponsor": ["公办", "民办", "民办"],
            "inclusive": ["是", "是", "否"],
            "county_code": COUNTY,
            "region_code": COUNTY + "001",
        }
    )
    stages = pd.DataFrame(
        {
            "school_code": ["K1", "K2", "K3"],
            "stage": "学前",
            "students": [120, 90, 90],
            "classes": [4, 3, 3],
            "teachers": [8, 6, 5],
            "nursery_staff": [4, 3, 2],
            "certified_teachers": [8, 5, 5],
        }
    )
    grades = pd.DataFrame(
        {
            "school_code": ["K1", "K2", "K3"],
            "stage": "学前",
            "grade": "大班",
            "classes": [4, 3, 3],
            "classes_over_standard": [0, 1, 1],
        }
    )
    rows = [(COUNTY + "001", 2023, age, n) for age, n in ((2, 99), (3, 100), (4, 110), (5, 120), (6, 130))]
    rows += [("441898001", 2023, 4, 500), (COUNTY + "001", 2022, 4, 999)]
    if own_county_rows:
        rows += [(COUNTY, 2023, age, 200) for age in (3, 4, 5)]
    population = pd.DataFrame(rows, columns=["region_code", "year", "age", "resident"])
    return schools, stages, grades, population


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return assess_preschool(*census(), region=COUNTY, year=2023)


def ind(result, key: str):  # type: ignore[no-untyped-def]
    return next(i for i in result.indicators if i.key == key)


def test_gross_enrolment_rate_uses_towns_aged_3_to_5(result) -> None:  # type: ignore[no-untyped-def]
    # 300 children / (100 + 110 + 120) = 90.91% ≥ 85%
    g = ind(result, "gross_enrolment_rate")
    assert g.denominator == 330 and g.value == pytest.approx(100 * 300 / 330) and g.passed


def test_county_rows_are_used_instead_of_town_rows_when_present() -> None:
    r = assess_preschool(*census(own_county_rows=True), region=COUNTY, year=2023)
    assert ind(r, "gross_enrolment_rate").denominator == 600  # never 600 + 330


def test_inclusive_coverage_70_percent_fails_by_30_children(result) -> None:  # type: ignore[no-untyped-def]
    # (120 公办 + 90 普惠民办) / 300 = 70% < 80%; 80% needs 240 → 30 more children in inclusive places.
    i = ind(result, "inclusive_coverage")
    assert (i.value, i.passed, i.gap) == (pytest.approx(70.0), False, 30)


def test_public_share_40_percent_fails_by_30_children(result) -> None:  # type: ignore[no-untyped-def]
    i = ind(result, "public_share")
    assert (i.value, i.passed, i.gap) == (pytest.approx(40.0), False, 30)


def test_staff_ratios_and_missing_staff(result) -> None:  # type: ignore[no-untyped-def]
    # 300 / 19 teachers = 15.8 > 15 → 20 needed, 1 more; 300 / 28 保教 = 10.7 > 9 → 34 needed, 6 more.
    t, care = ind(result, "children_per_teacher"), ind(result, "children_per_care_staff")
    assert (t.value, t.passed, t.gap) == (pytest.approx(300 / 19), False, 1)
    assert (care.value, care.passed, care.gap) == (pytest.approx(300 / 28), False, 6)


def test_certified_and_class_size_rates(result) -> None:  # type: ignore[no-untyped-def]
    # 18 of 19 certified = 94.7% < 100% → 1; 8 of 10 classes at standard size = 80% < 85% → 1 class.
    cert, cls = ind(result, "certified_rate"), ind(result, "class_size_compliance_rate")
    assert (cert.value, cert.gap) == (pytest.approx(100 * 18 / 19), 1)
    assert (cls.value, cls.passed, cls.gap) == (pytest.approx(80.0), False, 1)


def test_county_fails_and_result_is_json(result) -> None:  # type: ignore[no-untyped-def]
    assert result.computed_passed is False and result.passed is False
    doc = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert doc["standard"] == "preschool_2020"
    assert [k["school_code"] for k in doc["kindergartens"]] == ["K1", "K2", "K3"]
    assert doc["kindergartens"][1]["inclusive"] is True
    assert any("县域内班额达标率" in line for line in doc["unconfirmed"])
