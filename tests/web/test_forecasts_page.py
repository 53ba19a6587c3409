"""The forecasts page: demand and capacity charts by town and 学段, and the scenario form that drives them."""

from __future__ import annotations

import html
from typing import Any, Literal

import pytest
from django.urls import reverse

from tests.web.world import WebWorld

DONGCHENG = "441802002"  # 东城街道: 河西小学 and 新城小学 in 2023
ESTATE = {
    "to_year": "2026",
    "housing_name": "奥体片区住宅",
    "housing_region_code": DONGCHENG,
    "housing_year": "2025",
    "housing_dwellings": "1000",
    "housing_pupils_小学": "0.12",
}


def _demand(page: Any, chart: str) -> list[float]:
    option = page.context["result"].charts[chart]
    return next(s["data"] for s in option["series"] if s["name"] == "需求")


def _town_demand(page: Any, town: str) -> float:
    option = page.context["result"].charts["towns-小学"]
    bar = _demand(page, "towns-小学")[option["xAxis"]["data"].index(town)]
    return float(bar["value"] if isinstance(bar, dict) else bar)  # a bar linking to the town's schools: a dict


@pytest.mark.django_db
def test_a_housing_estate_in_the_form_adds_its_pupils_from_its_year(web: WebWorld, as_role: Any) -> None:
    url = reverse("forecasts", kwargs={"region": web.county, "year": 2023})
    client = as_role("planning")
    plain = client.get(url, {"to_year": "2026"})
    estate = client.get(url, ESTATE)
    assert plain.status_code == estate.status_code == 200
    # 1,000 dwellings × 0.12 primary pupils = 120 more pupils in 2025 and 2026, none in 2024 (each figure is rounded
    # to whole pupils on the chart, so the difference may be off by one)
    added = [
        e - p for p, e in zip(_demand(plain, "county-441802-小学"), _demand(estate, "county-441802-小学"), strict=True)
    ]
    assert added[:2] == [0, 0]  # 2023 (observed), 2024
    assert all(abs(a - 120) <= 1 for a in added[2:]), added
    assert abs(_town_demand(estate, "东城街道") - _town_demand(plain, "东城街道") - 120) <= 1
    assert _town_demand(estate, "凤城街道") == _town_demand(plain, "凤城街道")
    # the form shows the estate it was given
    body = html.unescape(estate.content.decode())
    assert f'<option value="{DONGCHENG}" selected>东城街道</option>' in body
    assert 'name="housing_dwellings" size="6" value="1000"' in body
    assert 'name="housing_pupils_小学" size="5" value="0.12"' in body


@pytest.mark.django_db
def test_the_page_charts_demand_and_seats_per_county_and_town_and_stage(web: WebWorld, as_role: Any) -> None:
    page = as_role("planning").get(
        reverse("forecasts", kwargs={"region": web.county, "year": 2023}), {"to_year": "2026"}
    )
    charts = page.context["result"].charts
    assert {"county-441802-小学", "towns-小学"} <= charts.keys()
    county = charts["county-441802-小学"]
    assert county["xAxis"]["data"] == ["2023", "2024", "2025", "2026"]
    assert [s["name"] for s in county["series"]] == ["需求", "学位（含规划项目）", "现有学位"]
    # 2023 demand is the census: 630 + 420 + 960 primary pupils; seats are classes × 45: (15 + 10 + 21) × 45
    assert (county["series"][0]["data"][0], county["series"][2]["data"][0]) == (2010, 2070)
    towns = charts["towns-小学"]
    assert sorted(towns["xAxis"]["data"]) == ["东城街道", "凤城街道"]


@pytest.mark.django_db
def test_an_estate_outside_the_region_or_with_a_bad_rate_is_refused_with_its_key(web: WebWorld, as_role: Any) -> None:
    url = reverse("forecasts", kwargs={"region": web.county, "year": 2023})
    client = as_role("planning")
    negative = client.get(url, ESTATE | {"housing_pupils_小学": "-0.1"})
    assert negative.status_code == 400
    assert "housing[0].pupils_per_dwelling：小学 的每户学生数不能为负数，实际为 -0.1" in html.unescape(
        negative.content.decode()
    )
    outside = client.get(url, ESTATE | {"housing_region_code": "441803001"})
    assert outside.status_code == 400
    assert "housing[0].region_code：441803001 不在所预测的区域（441802）内" in html.unescape(outside.content.decode())


@pytest.mark.django_db
def test_a_region_without_births_data_says_so_and_shows_no_figures(web: WebWorld, as_role: Any) -> None:
    from eduplan.store.models import CensusPopulation

    CensusPopulation.objects.filter(region_code__startswith=web.county).delete()
    page = as_role("planning").get(reverse("forecasts", kwargs={"region": web.county, "year": 2023}))
    assert page.status_code == 200
    result = page.context["result"]
    assert (result.available, result.charts, result.rows) == (False, {}, [])
    assert result.message.startswith("区域 441802 没有出生人口数据：人口表中没有该区域的 0 岁常住人口行")


def test_the_gap_table_lists_town_gaps_then_the_county_senior_gap() -> None:
    import pandas as pd

    from eduplan.core.enrolment import Projection, ProjectionSettings
    from eduplan.core.seats import seat_forecast
    from eduplan.web.areas.forecasts import gap_rows

    # One school in 凤城街道 with 2 primary classes (90 seats) and 10 senior classes (500 seats); demand 100 and 520.
    schools = pd.DataFrame({"school_code": ["X"], "region_code": ["441802001"], "county_code": ["441802"]})
    grades = pd.DataFrame(
        [
            {"school_code": "X", "stage": "小学", "grade": "1", "students": 100, "classes": 2},
            {"school_code": "X", "stage": "高中", "grade": "10", "students": 520, "classes": 10},
        ]
    )

    def projection(level: Literal["county", "town"], area: str) -> Projection:
        cells = {(area, "小学", "1", 2023): 100.0, (area, "高中", "10", 2023): 520.0}
        return Projection(level, 2023, 2023, ProjectionSettings(), cells)

    result = seat_forecast(projection("county", "441802"), projection("town", "441802001"), schools, grades)
    rows = gap_rows(result, {"441802": "清城区", "441802001": "凤城街道"})
    assert [(r["county"], r["area"], r["stage"], r["gap_opens"], r["shortfall"]) for r in rows] == [
        ("清城区", "凤城街道", "小学", 2023, 10),  # 100 pupils, 2 × 45 seats
        ("清城区", "清城区", "高中", 2023, 20),  # 520 pupils, 10 × 50 seats; no town row for 高中
    ]
    linked = gap_rows(result, {"441802": "清城区", "441802001": "凤城街道"}, 2023)
    assert [r["url"] for r in linked] == [
        "/r/441802/2023/schools/?town=441802001&stage=%E5%B0%8F%E5%AD%A6",
        "/r/441802/2023/schools/?stage=%E9%AB%98%E4%B8%AD",
    ]


@pytest.mark.django_db
def test_a_town_user_sees_the_county_forecast_of_his_own_town_only(web: WebWorld, as_role: Any) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    from eduplan.store.models import UserScope

    user = User.objects.create_user("t-dongcheng")
    UserScope.objects.create(user=user, role="leader", region_id=DONGCHENG)
    client = Client()
    client.force_login(user)
    mine = client.get(reverse("forecasts", kwargs={"region": DONGCHENG, "year": 2023}), {"to_year": "2026"})
    assert mine.status_code == 200
    charts = mine.context["result"].charts
    assert list(charts) == [f"town-{DONGCHENG}-小学"]
    # the same figures as 东城街道 in the county's forecast (its 2026 bar on the county page)
    county = as_role("planning").get(
        reverse("forecasts", kwargs={"region": web.county, "year": 2023}), {"to_year": "2026"}
    )
    assert _demand(mine, f"town-{DONGCHENG}-小学")[-1] == _town_demand(county, "东城街道")
    # 2023: 河西小学 630 + 新城小学 420 = 1,050 pupils in 15 + 10 classes = 1,125 seats; the gap opens when demand
    # passes 1,125 and is largest in 2026 (the plan's 新城小学 finished in 2023, already in the census)
    assert _demand(mine, f"town-{DONGCHENG}-小学")[0] == 1050
    (row,) = mine.context["result"].rows
    assert (row["area"], row["stage"], row["gap_opens"]) == ("东城街道", "小学", 2024)
    assert round(row["shortfall"]) == _demand(mine, f"town-{DONGCHENG}-小学")[-1] - 1125
    assert "凤城街道" not in mine.content.decode()
