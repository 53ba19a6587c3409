from __future__ import annotations

import pandas as pd
import pytest

from eduplan.core import seats as st
from eduplan.core.enrolment import Projection, ProjectionSettings

from .forecast_world import COUNTY, TOWN_A, TOWN_B

# Town A has one primary school, S1: 12 classes (2 per grade) → 12 × 45 = 540 seats; 530 pupils in 2022.
SCHOOLS = pd.DataFrame(
    {
        "school_code": ["S1", "K1"],
        "region_code": [TOWN_A, TOWN_B],
        "county_code": [COUNTY, COUNTY],
    }
)
GRADES = pd.DataFrame(
    [
        {"school_code": "S1", "stage": "小学", "grade": str(g), "students": n, "classes": 2}
        for g, n in zip(range(1, 7), (90, 90, 90, 90, 85, 85), strict=True)
    ]
    + [{"school_code": "K1", "stage": "学前", "grade": "小班", "students": 20, "classes": 1}]
)
DEMAND = {2022: 530.0, 2023: 560.0, 2024: 650.0, 2025: 900.0}


def projections() -> tuple[Projection, Projection]:
    def cells(area: str) -> dict[tuple[str, str, str, int], float]:
        return {(area, "小学", "1", y): d for y, d in DEMAND.items()}

    county = Projection("county", 2022, 2025, ProjectionSettings(), cells(COUNTY))
    town = Projection("town", 2022, 2025, ProjectionSettings(), cells(TOWN_A))
    return county, town


def forecast(*projects: st.PlannedSeats) -> st.SeatForecast:
    county, town = projections()
    return st.seat_forecast(county, town, SCHOOLS, GRADES, projects)


P1 = st.PlannedSeats("P1", "S1 扩建教学楼", "小学", 270, 2024, school_code="S1")
P2 = st.PlannedSeats("P2", "A 镇新建小学（待定）", "小学", 450, None, town_code=TOWN_A)


@pytest.mark.parametrize(
    ("students", "classes", "expected"),
    [(112, 2, 2), (111, 2, 1), (110, 2, 0), (900, 12, 12), (650, 12, 0), (0, 3, 0), (50, 0, 0)],
)
def test_classes_of_56_or_more_when_pupils_are_spread_evenly(students: float, classes: int, expected: int) -> None:
    assert st.classes_56_plus(students, classes) == expected


def test_capacity_is_classes_times_the_standard_class_size() -> None:
    caps = {(c.school_code, c.stage): c for c in st.school_capacity(SCHOOLS, GRADES)}
    assert caps[("S1", "小学")].capacity == 540  # 12 × 45
    assert caps[("S1", "小学")].students == 530
    assert caps[("K1", "学前")].capacity == 25  # one 小班 of 25


def test_project_finishing_in_2024_adds_seats_from_the_2024_school_year_not_before() -> None:
    town = forecast(P1).area("town", TOWN_A, "小学")
    by_year = {y.year: y for y in town.years}
    assert (by_year[2023].capacity, by_year[2023].seat_gap) == (540, 20)
    assert (by_year[2024].capacity, by_year[2024].seat_gap) == (810, 0)
    assert by_year[2025].seat_gap == 90  # 900 − 810
    assert town.gap_opens == 2023
    assert town.uncovered_years == [2023, 2025]
    assert town.shortfall == 90
    assert town.status == "仍有缺口"


def test_project_effect_says_which_gap_it_closes() -> None:
    (effect,) = forecast(P1).area("town", TOWN_A, "小学").projects
    assert effect.project.project_id == "P1"
    assert (effect.gap_before, effect.gap_after) == (110, 0)  # 2024: 650 − 540, then 650 − 810 < 0
    assert effect.verdict == "补足缺口"


def test_pending_project_is_shown_apart_and_never_counted() -> None:
    town = forecast(P1, P2).area("town", TOWN_A, "小学")
    assert [p.project_id for p in town.uncertain] == ["P2"]
    assert [e.project.project_id for e in town.projects] == ["P1"]
    assert [y.capacity for y in town.years] == [540, 540, 810, 810]
    assert [y.uncertain_seats for y in town.years] == [450, 450, 450, 450]
    assert town.shortfall == 90
    assert town.shortfall_if_uncertain_built == 0  # 2025: 90 − 450; 2023: 20 − 450


def test_classes_that_would_be_56_plus_if_nothing_changes() -> None:
    town = forecast(P1).area("town", TOWN_A, "小学")
    # 2025: 900 pupils in S1's 12 classes → 75 per class; 2024: 650 → 54 or 55 per class
    assert [y.classes_56_plus for y in town.years] == [0, 0, 0, 12]


def test_county_row_adds_its_towns_projects() -> None:
    county = forecast(P1).area("county", COUNTY, "小学")
    assert [y.capacity for y in county.years] == [540, 540, 810, 810]
    assert county.gap_opens == 2023


def test_project_finished_by_the_base_year_is_already_in_the_census() -> None:
    old = st.PlannedSeats("P0", "2021 年竣工", "小学", 900, 2021, town_code=TOWN_A)
    result = forecast(old)
    assert [p.project_id for p in result.built_before_base] == ["P0"]
    assert [y.capacity for y in result.area("town", TOWN_A, "小学").years] == [540, 540, 540, 540]


def test_project_without_a_school_or_town_is_reported_unmatched() -> None:
    lost = st.PlannedSeats("P9", "选址未定", "小学", 900, 2024)
    result = forecast(lost)
    assert [p.project_id for p in result.unmatched] == ["P9"]
    assert "1 个项目没有学校代码或镇街" in result.notes[0]


def test_closure_removes_seats() -> None:
    closure = st.PlannedSeats("C1", "撤并教学点", "小学", -45, 2023, town_code=TOWN_A)
    town = forecast(closure).area("town", TOWN_A, "小学")
    assert [y.capacity for y in town.years] == [540, 495, 495, 495]


def test_json_names_gap_year_and_projects() -> None:
    d = forecast(P1, P2).area("town", TOWN_A, "小学").as_dict()
    assert d["gap_opens"] == 2023
    assert d["shortfall"] == 90
    assert [p["project_id"] for p in d["projects"]] == ["P1"]  # type: ignore[index]
    assert [p["project_id"] for p in d["uncertain_projects"]] == ["P2"]  # type: ignore[index]


TOWNS = {"441802002": "东城街道", "441802004": "横荷街道", "441802102": "石角镇"}


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("在东城街大塍村、省职教城附近选址，新建清城区松苏岭中学", "441802002"),
        ("在横荷街道锦绣西路与富强中路交叉口西南角新建小学", "441802004"),
        ("在石角镇田心小学新建1幢3000平方米教学楼", "441802102"),
        ("石角片区学校，服务横荷街道", "441802102"),  # the earliest mention wins
        ("在新城银泉路假日豪苑梦幻水城地块新建小学", None),
    ],
)
def test_project_text_is_matched_to_the_town_it_names(text: str, town: str | None) -> None:
    assert st.match_town(text, TOWNS) == town


def test_project_built_before_its_gap_opens_is_said_to_come_first() -> None:
    demand = {2022: 500.0, 2023: 520.0, 2024: 600.0}
    county = Projection(
        "county", 2022, 2024, ProjectionSettings(), {(COUNTY, "小学", "1", y): d for y, d in demand.items()}
    )
    town = Projection(
        "town", 2022, 2024, ProjectionSettings(), {(TOWN_A, "小学", "1", y): d for y, d in demand.items()}
    )
    early = st.PlannedSeats("P3", "2023 年竣工的扩建", "小学", 90, 2023, town_code=TOWN_A)
    area = st.seat_forecast(county, town, SCHOOLS, GRADES, [early]).area("town", TOWN_A, "小学")
    (effect,) = area.projects
    # 2023: 520 pupils, 540 seats — no gap yet; 2024: 600 would lack 60 without the project, 0 with it
    assert effect.gap_before == 0
    assert effect.verdict == "先于缺口建成"
    assert (area.gap_opens, area.shortfall, area.status) == (2024, 0, "缺口由规划项目补足")


def test_each_school_capacity_is_in_the_json() -> None:
    schools = {(c["school_code"], c["stage"]): c for c in forecast().as_dict()["schools"]}  # type: ignore[union-attr]
    assert schools[("S1", "小学")] == {
        "school_code": "S1",
        "town_code": TOWN_A,
        "county_code": COUNTY,
        "stage": "小学",
        "students": 530,
        "classes": 12,
        "capacity": 540,
        "seat_gap": 0,
    }


def test_senior_high_seats_are_compared_for_the_county_only() -> None:
    # H1, a senior high school in town A, 10 classes of 高一 → 500 seats (50 each); 520 pupils, demand 540 next year.
    schools = pd.DataFrame({"school_code": ["H1"], "region_code": [TOWN_A], "county_code": [COUNTY]})
    grades = pd.DataFrame([{"school_code": "H1", "stage": "高中", "grade": "10", "students": 520, "classes": 10}])
    demand = {2022: 520.0, 2023: 540.0}
    county = Projection(
        "county", 2022, 2023, ProjectionSettings(), {(COUNTY, "高中", "10", y): d for y, d in demand.items()}
    )
    town = Projection(
        "town", 2022, 2023, ProjectionSettings(), {(TOWN_A, "高中", "10", y): d for y, d in demand.items()}
    )
    project = st.PlannedSeats("H2", "A 镇高中扩建", "高中", 100, 2023, town_code=TOWN_A)
    result = st.seat_forecast(county, town, schools, grades, [project])
    assert [(a.level, a.stage) for a in result.areas] == [("county", "高中")]
    row = result.area("county", COUNTY, "高中")
    assert [(y.demand, y.capacity, y.seat_gap) for y in row.years] == [(520, 500, 20), (540, 600, 0)]
    assert result.notes[-1] == "高中学校面向全县（区）招生，其学位只按县（区）比较需求与供给，不分镇街"


def test_a_special_education_school_counts_its_own_pupils_as_its_seats() -> None:
    # 11 classes of 68 pupils would be 11 × 45 = 495 ordinary seats; a 特殊教育学校 adds neither seats nor a gap.
    schools = pd.DataFrame(
        {"school_code": ["T1"], "region_code": [TOWN_A], "county_code": [COUNTY], "school_type": ["特殊教育学校"]}
    )
    grades = pd.DataFrame([{"school_code": "T1", "stage": "小学", "grade": "1", "students": 68, "classes": 11}])
    (cap,) = st.school_capacity(schools, grades)
    assert (cap.classes, cap.students, cap.capacity) == (11, 68, 68)


REGISTRY = {
    "1": "清城区锦兴小学",
    "2": "清远市银盏林场长隆学校",
    "3": "清城区五洲世纪城小学",
    "4": "清城区东城街莲塘小学",
    "5": "清城区沙田小学",
    "6": "清城区东城街沙田小学",
}


@pytest.mark.parametrize(
    ("project", "school"),
    [
        ("锦兴小学", "1"),  # the registry's name without its 区 prefix
        ("银盏林场长隆学校", "2"),
        ("卧龙五洲世纪城小学", "3"),  # the school's own name inside the project's
        ("清城区东城街莲塘小学（暂名）", "4"),
        ("东城街沙田小学", "6"),  # the longest name wins over 沙田小学
        ("清晖北路西面小学", None),
        ("中心小学", None),
    ],
)
def test_a_project_named_after_an_existing_school_is_placed_in_its_town(project: str, school: str | None) -> None:
    assert st.match_school(project, REGISTRY) == school


def test_a_project_without_a_town_is_placed_by_the_school_it_names() -> None:
    schools = SCHOOLS.assign(name=["清城区田心小学", "清城区田心幼儿园"])
    county, town = projections()
    extension = st.PlannedSeats("P4", "田心小学", "小学", 90, 2025)
    result = st.seat_forecast(county, town, schools, GRADES, [extension])
    assert result.unmatched == []
    assert [y.capacity for y in result.area("town", TOWN_A, "小学").years] == [540, 540, 540, 630]


def test_a_school_named_by_a_project_is_looked_for_in_the_plan_own_region() -> None:
    # Two counties each have a 田心小学; a plan of county 441899 means its own.
    schools = pd.DataFrame(
        {
            "school_code": ["S1", "K1", "F1"],
            "region_code": [TOWN_A, TOWN_B, "441821102"],
            "county_code": [COUNTY, COUNTY, "441821"],
            "name": ["清城区田心小学", "清城区幼儿园", "佛冈县田心小学"],
        }
    )
    county, town = projections()
    ours = st.PlannedSeats("P5", "田心小学扩建", "小学", 90, 2025, plan_region=COUNTY)
    anywhere = st.PlannedSeats("P6", "田心小学扩建", "小学", 90, 2025)
    result = st.seat_forecast(county, town, schools, GRADES, [ours, anywhere])
    assert [p.project_id for p in result.unmatched] == ["P6"]  # two 田心小学 in the city: ambiguous, left unplaced
    assert [e.project.project_id for e in result.area("town", TOWN_A, "小学").projects] == ["P5"]
