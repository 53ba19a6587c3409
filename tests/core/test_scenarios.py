from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.core import scenarios as sc
from eduplan.errors import IngestError, UsageError

from .forecast_world import COUNTY, TOWN_A, worked_census


def test_unknown_key_is_named_with_the_keys_allowed() -> None:
    with pytest.raises(IngestError) as err:
        sc.parse_scenario({"birth_trend": -3}, "s.toml")
    assert str(err.value).startswith("s.toml: 未知的键 birth_trend；可用的键：name、births_trend、third_child_uplift")


def test_negative_rate_is_refused_with_its_key() -> None:
    with pytest.raises(IngestError) as err:
        sc.parse_scenario({"third_child_uplift": -5}, "s.toml")
    assert str(err.value) == "s.toml: 键 third_child_uplift 不能小于 0（负数的比率无意义），实际为 -5"


def test_every_problem_is_reported_together() -> None:
    data = {
        "colour": "red",
        "housing": [
            {"region_code": "441899001", "year": 2025, "dwellings": -10, "pupils_per_dwelling": {"小学": -0.2}}
        ],
    }
    with pytest.raises(IngestError) as err:
        sc.parse_scenario(data, "s.json")
    assert str(err.value).splitlines() == [
        "s.json: 键 housing[0].dwellings 不能小于 0（负数的比率无意义），实际为 -10",
        "s.json: 键 housing[0].pupils_per_dwelling：小学 的每户学生数不能为负数，实际为 -0.2",
        "s.json: 未知的键 colour；可用的键：name、births_trend、third_child_uplift、third_child_from、migrant_share_change、"
        "migrant_change_by、housing、method、averaging_years、smoothing",
    ]


def test_toml_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "低生育.toml"
    path.write_text(
        'name = "低生育"\nbirths_trend = -5\nthird_child_uplift = 2\nthird_child_from = 2025\n', encoding="utf-8"
    )
    scenario = sc.load_scenario(path)
    assert scenario.births() == sc.BirthsAssumption(-0.05, 0.02, 2025)


def test_file_of_another_kind_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"情景文件 s\.yaml 应为 \.toml 或 \.json 文件"):
        sc.load_scenario(tmp_path / "s.yaml")


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("births_trend = = 3\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"^s.toml: 不是有效的 TOML："):
        sc.load_scenario(path)


@pytest.mark.parametrize(
    ("share", "change", "factor"),
    [
        (0.2, 0.0, 1.0),
        (0.2, 0.1, 0.8 / 0.7),  # local pupils 80 % stay; they become 70 % of the total
        (0.2, -0.1, 0.8 / 0.9),
        (0.05, -0.2, 0.95),  # the share cannot fall below 0
    ],
)
def test_migrant_share_change_scales_enrolment(share: float, change: float, factor: float) -> None:
    assert sc.migrant_factor(share, change) == pytest.approx(factor)


def test_housing_estate_adds_pupils_to_its_town_and_county_from_its_year() -> None:
    estate = {"region_code": TOWN_A, "year": 2025, "dwellings": 1200, "pupils_per_dwelling": {"小学": 0.3}}
    scenario = sc.parse_scenario({"housing": [estate]})
    plain_county, plain_town = sc.forecast(worked_census(), 2023, 2025)
    county, town = sc.forecast(worked_census(), 2023, 2025, scenario)
    # 1200 × 0.3 = 360 primary pupils, 60 in each of the 6 grades, from 2025 on
    assert county.stage_total(COUNTY, "小学", 2024) == pytest.approx(plain_county.stage_total(COUNTY, "小学", 2024))
    assert county.stage_total(COUNTY, "小学", 2025) == pytest.approx(
        plain_county.stage_total(COUNTY, "小学", 2025) + 360
    )
    assert town.cells[(TOWN_A, "小学", "6", 2025)] == pytest.approx(60)
    assert town.cells[(TOWN_A, "小学", "1", 2025)] == pytest.approx(plain_town.cells[(TOWN_A, "小学", "1", 2025)] + 60)


def test_housing_estate_outside_the_region_is_refused_before_anything_is_computed() -> None:
    estate = {"region_code": "440103001", "year": 2025, "dwellings": 10, "pupils_per_dwelling": {"小学": 0.3}}
    with pytest.raises(IngestError, match=r"键 housing\[0\].region_code：440103001 不在所预测的区域（441899）内"):
        sc.forecast(worked_census(), 2023, 2025, sc.parse_scenario({"housing": [estate]}))
