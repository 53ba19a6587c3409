"""Census metrics for plan indicators, on a hand-built county of five schools."""

from __future__ import annotations

import pandas as pd
import pytest

from eduplan.core.plan_metrics import METRICS, metric_value, suggest_metric

SCHOOLS = pd.DataFrame(
    {
        "school_code": ["K1", "K2", "K3", "P1", "J1", "X1"],
        "name": ["公办园", "普惠民办园", "民办园", "公办小学", "民办初中", "他县小学"],
        "school_type": ["幼儿园", "幼儿园", "幼儿园", "小学", "初级中学", "小学"],
        "sponsor": ["公办", "民办", "民办", "公办", "民办", "公办"],
        "inclusive": [None, True, False, None, None, None],
        "region_code": ["441802001", "441802002", "441802", "441802001", "441802", "441803"],
    }
)
STAGES = pd.DataFrame(
    {
        "school_code": ["K1", "K2", "K3", "P1", "J1", "X1"],
        "stage": ["学前", "学前", "学前", "小学", "初中", "小学"],
        "students": [300, 200, 500, 1200, 800, 999],
        "migrant_students": [0, 0, 0, 600, 400, 999],
        "teachers": [20, 15, 25, 60, 50, 40],
        "teachers_associate_plus": [18, 12, 15, 60, 50, 40],
        "teachers_bachelor_plus": [5, 2, 3, 51, 45, 40],
        "teachers_postgraduate": [0, 0, 0, 3, 5, 40],
    }
)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("public_kindergarten_share", 30.0),  # 300 / (300 + 200 + 500)
        ("inclusive_kindergarten_share", 50.0),  # (300 + 200) / 1000
        ("migrant_public_share", 60.0),  # 600 / (600 + 400); X1 is in another county
        ("kindergarten_count", 3.0),
        ("public_kindergarten_count", 1.0),
        ("compulsory_school_count", 2.0),
        ("public_compulsory_school_count", 1.0),
        ("primary_bachelor_share", 85.0),  # 51 / 60
        ("primary_postgraduate_share", 5.0),  # 3 / 60
        ("junior_bachelor_share", 90.0),  # 45 / 50
        ("public_junior_bachelor_share", None),  # no public 初中
        ("preschool_associate_share", 75.0),  # (18 + 12 + 15) / 60
    ],
)
def test_metrics_of_a_county(key: str, expected: float | None) -> None:
    assert metric_value(key, SCHOOLS, STAGES, "441802") == expected


def test_a_city_takes_the_schools_of_all_its_counties() -> None:
    # 441800 includes 441803's X1: public migrants 600 + 999 = 1,599 of 600 + 400 + 999 = 1,999 → 79.99%
    assert metric_value("migrant_public_share", SCHOOLS, STAGES, "441800") == pytest.approx(79.99, abs=1e-4)


@pytest.mark.parametrize(
    ("name", "stage", "key"),
    [
        ("公办幼儿园在园幼儿占比", "学前", "public_kindergarten_share"),
        ("公办园和普惠性民办幼儿园在园儿童占比", "学前", "inclusive_kindergarten_share"),
        ("义务教育阶段随迁子女在公办学校就读的比例", None, "migrant_public_share"),
        ("小学专任教师中本科以上学历比例", "小学", "primary_bachelor_share"),
        ("公办小学本科以上学历占比", "小学", "public_primary_bachelor_share"),
        ("高中专任教师中研究生学历比例", "高中", "senior_postgraduate_share"),
        ("幼儿园专任教师中专科以上学历比例", "学前", "preschool_associate_share"),
        ("公办幼儿园数", "学前", "public_kindergarten_count"),
        ("义务教育学校数", None, "compulsory_school_count"),
        ("专任教师高一级学历比例", "小学", None),
        ("中小学生体质健康标准优良率", None, None),
    ],
)
def test_suggested_binding_follows_the_wording(name: str, stage: str | None, key: str | None) -> None:
    assert suggest_metric(name, stage) == key
    if key is not None:
        assert key in METRICS
