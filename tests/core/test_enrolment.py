from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from eduplan.core import enrolment as en
from eduplan.errors import NotFound

from .forecast_world import COUNTY, TOWN_A, TOWN_B, Census, census, worked_census


def test_worked_example_ratios_match_methods_2_2() -> None:
    history = en.build_history(worked_census(), "county")
    result = en.project(history, 2023, 2025)
    ratios = {r.grade: r for r in result.ratios}
    assert ratios["1"].kind == "entry"
    assert ratios["1"].value == pytest.approx(0.800509, abs=1e-6)
    assert ratios["1"].years == (2021, 2022, 2023)
    assert ratios["2"].value == pytest.approx(1.007864, abs=1e-6)
    assert ratios["3"].value == pytest.approx(1.006424, abs=1e-6)


@pytest.mark.parametrize(
    ("year", "grade", "expected"),
    [
        (2024, "1", 1024.65),  # 1280 × 0.800509
        (2024, "2", 1108.65),  # 1100 × 1.007864
        (2024, "3", 1066.81),  # 1060 × 1.006424
        (2025, "1", 960.61),  # 1200 × 0.800509
        (2025, "2", 1032.71),  # 1024.65 × 1.007864
        (2025, "3", 1115.77),  # 1108.65 × 1.006424
    ],
)
def test_worked_example_projection_matches_methods_2_2(year: int, grade: str, expected: float) -> None:
    result = en.project(en.build_history(worked_census(), "county"), 2023, 2025)
    assert result.cells[(COUNTY, "小学", grade, year)] == pytest.approx(expected, abs=0.01)


def test_nces_smoothing_variant_matches_methods_2_2() -> None:
    settings = en.ProjectionSettings(method="ses", smoothing=0.4)
    result = en.project(en.build_history(worked_census(), "county"), 2023, 2024, settings)
    ratios = {r.grade: r.value for r in result.ratios}
    assert ratios["2"] == pytest.approx(1.008884, abs=1e-6)
    assert ratios["3"] == pytest.approx(1.005511, abs=1e-6)


# A three-grade toy county worked by hand: 学前 (小班 at age 3, 中班, 大班), 2021–2023.
#   小班 entry ratios 800/1000, 738/900, 640/800 = 0.8, 0.82, 0.8 → mean 0.806667
#   中班 GPR 820/800 = 1.025, 760/738 = 1.029810 → mean 1.027405 (only two years exist)
#   大班 GPR 870/850 = 1.023529, 830/820 = 1.012195 → mean 1.017862
#   2024: 小班 750 × 0.806667 = 605.00; 中班 640 × 1.027405 = 657.54; 大班 760 × 1.017862 = 773.58
#   2025: 小班 700 × 0.806667 = 564.67; 中班 605 × 1.027405 = 621.58; 大班 657.54 × 1.017862 = 669.28
TOY = {2021: (800, 850, 860), 2022: (738, 820, 870), 2023: (640, 760, 830)}
TOY_BIRTHS = {2018: 1000, 2019: 900, 2020: 800, 2021: 750, 2022: 700}


def toy_census() -> dict[int, Census]:
    births = {(COUNTY, y): b for y, b in TOY_BIRTHS.items()}
    grades = ("小班", "中班", "大班")
    return {
        y: census({("K1", "学前", g): n for g, n in zip(grades, row, strict=True)}, births) for y, row in TOY.items()
    }


@pytest.mark.parametrize(
    ("year", "grade", "expected"),
    [
        (2024, "小班", 605.00),
        (2024, "中班", 657.54),
        (2024, "大班", 773.58),
        (2025, "小班", 564.67),
        (2025, "中班", 621.58),
        (2025, "大班", 669.28),
    ],
)
def test_three_grade_toy_county_by_hand(year: int, grade: str, expected: float) -> None:
    result = en.project(en.build_history(toy_census(), "county"), 2023, 2025)
    assert result.cells[(COUNTY, "学前", grade, year)] == pytest.approx(expected, abs=0.01)
    assert result.stage_total(COUNTY, "学前", 2024) == pytest.approx(605.00 + 657.54 + 773.58, abs=0.02)


def test_births_beyond_the_known_years_follow_the_trend() -> None:
    # Births 2013–2019 known; grade 1 of 2026 needs 2020 births: the trend over 2014–2019 is
    # (1200/1300)^(1/5) − 1 = −1.5881 %, so B2020 = 1200 × 0.984119 = 1180.94 and Ĝ1 = 1180.94 × 0.800509.
    result = en.project(en.build_history(worked_census(), "county"), 2023, 2026)
    assert result.births[COUNTY][2020] == (pytest.approx(1180.94, abs=0.01), "trend")
    assert result.cells[(COUNTY, "小学", "1", 2026)] == pytest.approx(1180.94 * 0.800509, abs=0.02)


def test_a_stated_births_trend_and_uplift_replace_the_estimate() -> None:
    births = en.BirthsAssumption(trend=-0.10, uplift=0.05, uplift_from=2021)
    result = en.project(en.build_history(worked_census(), "county"), 2023, 2027, births=births)
    assert result.births[COUNTY][2020][0] == pytest.approx(1080.0)  # 1200 × 0.9, no uplift before 2021
    assert result.births[COUNTY][2021][0] == pytest.approx(1200 * 0.81 * 1.05)


def test_backtest_base_year_ignores_later_census_years() -> None:
    history = en.build_history(worked_census(), "county")
    result = en.project(history, 2021, 2022)
    # ratios from 2020–2021 only: GPR(1→2) = (1.01 + 1.004808)/2; Ĝ2 2022 = 1080 × 1.007404
    assert result.base_year == 2021
    assert result.cells[(COUNTY, "小学", "2", 2022)] == pytest.approx(1080 * (1.01 + 1045 / 1040) / 2)


def test_junior_entry_is_the_primary_transition_ratio_and_towns_take_their_share() -> None:
    # County: grade 6 of the year before → grade 7. Town A holds all primary pupils, town B the only junior
    # school, so town B's grade 7 is its share (100 %) of the county's grade 7.
    towns = {"P1": TOWN_A, "J1": TOWN_B}
    births = {(COUNTY, y): 1000 for y in range(2008, 2023)}
    data = {
        2022: census({("P1", "小学", "6"): 500, ("J1", "初中", "7"): 480}, births, towns),
        2023: census({("P1", "小学", "6"): 520, ("J1", "初中", "7"): 490}, births, towns),
    }
    county = en.project(en.build_history(data, "county"), 2023, 2024)
    # transition 490/500 = 0.98 → Ĝ7 2024 = 520 × 0.98 = 509.6
    assert county.cells[(COUNTY, "初中", "7", 2024)] == pytest.approx(509.6)
    town = en.project(en.build_history(data, "town"), 2023, 2024, county=county)
    assert town.cells[(TOWN_B, "初中", "7", 2024)] == pytest.approx(509.6)
    assert (TOWN_A, "初中", "7", 2024) not in town.cells
    share = next(r for r in town.ratios if r.area_code == TOWN_B and r.grade == "7")
    assert share.kind == "share"


def test_region_without_births_data_is_a_clear_error() -> None:
    data = {y: census({("S1", "小学", "1"): 100}, {}) for y in (2022, 2023)}
    with pytest.raises(NotFound) as err:
        en.project(en.build_history(data, "county"), 2023, 2025)
    assert str(err.value) == (
        "区域 441899 没有出生人口数据：人口表中没有该区域的 0 岁常住人口行，无法推算学前（3 岁入学）和小学（6 岁入学）"
        "的入学人数。请先导入人口表。"
    )


def test_ibis_tables_are_accepted() -> None:
    import ibis

    data = {
        y: Census(*(ibis.memtable(t) for t in (c.schools, c.stages, c.grades, c.population)))
        for y, c in worked_census().items()
    }
    result = en.project(en.build_history(data, "county"), 2023, 2024)
    assert result.cells[(COUNTY, "小学", "1", 2024)] == pytest.approx(1024.65, abs=0.01)


def test_backtest_from_2021_reports_the_error_of_2022_and_2023() -> None:
    # From 2019–2021 only: entry ratio 0.8; GPR(1→2) = (1.01 + 1045/1040)/2 = 1.007404;
    # GPR(2→3) = (985/980 + 1020/1010)/2 = 1.007502.
    # 2022: 0.8 × 1310 + 1080 × 1.007404 + 1045 × 1.007502 = 3188.84 against 3190 observed;
    # 2023: 0.8 × 1375 + 1048 × 1.007404 + 1087.996 × 1.007502 = 3251.92 against 3255.
    # MAPE = (1.16/3190 + 3.08/3255)/2 × 100 = 0.0656 %.
    result = en.backtest(worked_census(), 2021)
    (row,) = result.rows
    assert (row.area_code, row.stage, row.years) == (COUNTY, "小学", (2022, 2023))
    assert row.observed == (3190, 3255)
    assert row.projected == pytest.approx((3188.84, 3251.92), abs=0.01)
    assert row.mape == pytest.approx(0.0656, abs=1e-4)


def test_backtest_needs_later_census_years() -> None:
    with pytest.raises(NotFound, match="2023 年以后没有普查数据，无法回测"):
        en.backtest(worked_census(), 2023)


def test_cohorts_born_before_the_first_sheet_are_taken_at_the_youngest_age_seen() -> None:
    # Two town-level sheets (no county rows): 2022 with ages 0–7 = 100 + age, 2023 with ages 0–7 = 200 + age.
    def sheet(year: int, base: int) -> pd.DataFrame:
        return pd.DataFrame([{"region_code": TOWN_A, "year": year, "age": a, "resident": base + a} for a in range(8)])

    data = {
        y: replace(census({("S1", "小学", "1"): 100}, {}), population=sheet(y, b))
        for y, b in ((2022, 100), (2023, 200))
    }
    births = en.build_history(data, "county").births[COUNTY]  # the county is the sum of its towns
    assert births[2023] == (200, 0)
    assert births[2022] == (100, 0)  # age 0 in 2022, not age 1 in 2023
    assert births[2016] == (106, 6)  # born before the first sheet: age 6 at the end of 2022
    assert births[2015] == (107, 7)


def hamilton_perry_census() -> dict[int, Census]:
    # Births B_y = 1000 + 100·(y − 2015); every cohort grows 10 % a year of age by in-migration, so residents aged k
    # at the end of t are B_{t−k}·1.1^k and every cohort-change ratio is 1.1. Grade 1 takes 90 % of the 6-year-olds.
    def births(y: int) -> float:
        return 1000 + 100 * (y - 2015)

    def sheet(t: int) -> pd.DataFrame:
        rows = [{"region_code": COUNTY, "year": t, "age": k, "resident": births(t - k) * 1.1**k} for k in range(7)]
        return pd.DataFrame(rows)

    return {
        t: replace(census({("S1", "小学", "1"): round(0.9 * births(t - 6) * 1.1**6)}, {}), population=sheet(t))
        for t in (2021, 2022, 2023)
    }


def test_entrants_follow_the_six_year_olds_carried_forward_by_cohort_change_ratios() -> None:
    result = en.project(en.build_history(hamilton_perry_census(), "county"), 2023, 2025)
    # 2024: the 2018 cohort, 1300·1.1^5 at the end of 2023, is 1300·1.1^6 = 2303.03 at six; 90 % of it = 2072.73
    assert result.cells[(COUNTY, "小学", "1", 2024)] == pytest.approx(0.9 * 1300 * 1.1**6, rel=1e-3)
    assert result.cells[(COUNTY, "小学", "1", 2025)] == pytest.approx(0.9 * 1400 * 1.1**6, rel=1e-3)
    (entry,) = [r for r in result.ratios if r.grade == "1"]
    assert entry.value == pytest.approx(0.9, rel=1e-3)  # pupils per resident six-year-old


def test_births_based_entry_ratios_remain_available() -> None:
    settings = en.ProjectionSettings(entry_base="births")
    result = en.project(en.build_history(hamilton_perry_census(), "county"), 2023, 2024, settings)
    # entrants of 2021–2023 over their cohorts as first seen (ages 6, 5 and 4 in the 2021 sheet) drift upwards
    (entry,) = [r for r in result.ratios if r.grade == "1"]
    assert entry.observed == pytest.approx((0.9, 0.99, 1.089), rel=1e-3)
