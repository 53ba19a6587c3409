"""The web tests' world, on top of the shared hand-built county (tests/conftest.py ``world``).

Added here:
- a second county, 清新区 (441803), with one town and one school, 4418030001 外县小学 — out of every test user's scope;
- census 2022 and 2023 (one version each) for the 小学 of both counties, with round hand-picked numbers;
- a plan of 清城区 (an indicator with actuals, a project, an overdue task) and one of 清新区;
- one user per role scoped to 清城区 (441802), the clerk of 城南小学 (4418020001), an outsider analyst of 清新区,
  and an analyst of the whole city (清远市 441800), who alone may replace a year's census.
Every password is PASSWORD.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from eduplan.contract import GRADES_SHEET, POPULATION_SHEET, SCHOOLS, STAGES_SHEET

PASSWORD = "eduplan-test-pw"
ROLE_USERS = {
    "admin": "t-admin",
    "leader": "t-leader",
    "planning": "t-planning",
    "supervision": "t-supervision",
    "personnel": "t-personnel",
    "inspector": "t-inspector",
    "clerk": "t-clerk",
    "admissions": "t-admissions",  # 招生办 (积分入学)
}
OUTSIDER = "t-outsider"
CITY_ANALYST = "t-city"  # 规划科 of 清远市 441800: the only test user whose scope holds every school of the census


@dataclass(frozen=True)
class WebWorld:
    county: str = "441802"
    other_county: str = "441803"
    other_town: str = "441803001"
    school: str = "4418020001"  # 城南小学, the clerk's school
    sibling_school: str = "4418020002"  # 河西小学, same county, not the clerk's
    other_school: str = "4418030001"  # 外县小学, the other county
    other_school_name: str = "外县小学"
    plan_id: int = 0
    other_plan_id: int = 0
    indicator_id: int = 0
    other_indicator_id: int = 0


# 2023 小学 rows: students, classes, teachers (the rest of the seven indicators' inputs are scaled from them).
STAGE_ROWS = {
    2022: {
        "4418020001": (900, 20, 50),
        "4418020002": (600, 14, 36),
        "4418020004": (300, 8, 18),
        "4418030001": (400, 10, 22),
    },
    2023: {
        "4418020001": (960, 21, 52),
        "4418020002": (630, 15, 37),
        "4418020004": (420, 10, 24),
        "4418030001": (410, 10, 22),
    },
}
NAMES = {"4418020001": "城南小学", "4418020002": "河西小学", "4418020004": "新城小学", "4418030001": "外县小学"}


def census_tables(year: int, registry: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The four sheets of one year; ``registry`` maps school code → region code on that year's registry."""
    rows = STAGE_ROWS[year]
    schools = pd.DataFrame(
        [
            {"school_code": c, "name": NAMES[c], "region_code": registry[c], "school_type": "小学", "sponsor": "公办"}
            | {"urban_rural": "城区", "inclusive": None, "parent_code": "", "group_name": "", "lon": None, "lat": None}
            for c in rows
        ]
    )
    stages = pd.DataFrame(
        [
            {"school_code": c, "stage": "小学", "students": s, "classes": k, "teachers": t}
            | {"teachers_above_required": t - 2, "backbone_teachers": t // 10, "pe_teachers": 3, "music_teachers": 2}
            | {"art_teachers": 2, "teaching_aux_area": 4.5 * s, "sports_area": 7.0 * s, "equipment_value": 0.25 * s}
            | {"multimedia_rooms": k + 1, "books": 30 * s, "building_area": 8.0 * s, "site_area": 20.0 * s}
            for c, (s, k, t) in rows.items()
        ]
    )
    # Grades add up to the 学段 row exactly (the importer checks it): the remainder goes to the lowest grades.
    grades = pd.DataFrame(
        [
            {"school_code": c, "stage": "小学", "grade": str(g), "students": s // 6 + (g <= s % 6)}
            | {"entrants": s // 6 + (g <= s % 6) if g == 1 else 0, "classes": k // 6 + (g <= k % 6)}
            | {"classes_over_standard": 0, "classes_56_65": 0, "classes_66_plus": 0}
            for c, (s, k, _) in rows.items()
            for g in range(1, 7)
        ]
    )
    population = pd.DataFrame(
        [
            {"region_code": town, "year": year, "age": age, "resident": 100 + age, "registered": 90 + age}
            for town in ("441802001", "441802002", "441803001")
            for age in range(18)
        ]
    )
    for frame, sheet in (
        (schools, SCHOOLS),
        (stages, STAGES_SHEET),
        (grades, GRADES_SHEET),
        (population, POPULATION_SHEET),
    ):
        assert set(frame.columns) <= set(sheet.keys), set(frame.columns) - set(sheet.keys)
    return {"学校": schools, "学段": stages, "年级": grades, "人口": population}


def current_tables(year: int, **moved: str) -> dict[str, pd.DataFrame]:
    """The year's sheets with each school in its registry region that year (``moved``: school code → another)."""
    from eduplan.store.registry import registry_frame

    frame = registry_frame(year)
    return census_tables(year, {**dict(zip(frame["school_code"], frame["region_code"], strict=True)), **moved})


def workbook(path: Path, year: int = 2023, **moved: str) -> Path:
    """``current_tables`` written as a census workbook in the template's format."""
    from eduplan.ingest.census_export import write_census_xlsx

    return write_census_xlsx(current_tables(year, **moved), path)


def build(base_county: str = "441802") -> WebWorld:
    """Add the second county, census, plans and users to the shared world (which must exist already)."""
    from django.contrib.auth.models import User

    from eduplan.store.census import do_load_census
    from eduplan.store.models import IndicatorActual, Plan, PlanIndicator, PlanProject, PlanTask, Region, UserScope
    from eduplan.store.registry import do_open_school

    Region.objects.create(code="441803", name="清新区", level="county", parent_id="441800")
    Region.objects.create(code="441803001", name="太和镇", level="town", parent_id="441803")
    do_open_school(
        "4418030001",
        2019,
        name="外县小学",
        region_id="441803001",
        school_type="小学",
        sponsor="公办",
        urban_rural="城区",
    )
    for year in (2022, 2023):
        do_load_census(year, current_tables(year), source="demo", filename=f"web-world-{year}")

    plan = Plan.objects.create(
        title="清城区教育发展“十四五”规划", region_id=base_county, period_start=2021, period_end=2025
    )
    indicator = PlanIndicator.objects.create(
        plan=plan, name="学前三年毛入园率", unit="%", baseline_year=2020, baseline_value=95.0,
        target_year=2025, target_value=98.0, comparator="≥", source_line=12, source_text="学前三年毛入园率达到98%",
        uncertain=["目标年份由规划期推断"],
    )  # fmt: skip
    IndicatorActual.objects.create(indicator=indicator, year=2021, value=96.0)
    IndicatorActual.objects.create(indicator=indicator, year=2022, value=96.5)
    PlanProject.objects.create(
        plan=plan,
        name="新城小学新建工程",
        category="新建",
        stage="小学",
        seats={"小学": 1620},
        start_year=2021,
        finish_year=2023,
    )
    PlanTask.objects.create(plan=plan, text="完成城区学校布局专项规划", deadline=dt.date(2022, 12, 31), status="进行中")
    other = Plan.objects.create(
        title="清新区教育发展规划（范围外）", region_id="441803", period_start=2021, period_end=2025
    )
    other_indicator = PlanIndicator.objects.create(plan=other, name="范围外指标", target_year=2025, target_value=1.0)

    for role, username in ROLE_USERS.items():
        user = User.objects.create_user(username, password=PASSWORD)
        if role == "clerk":
            UserScope.objects.create(user=user, role=role, school_code="4418020001")
        else:
            UserScope.objects.create(user=user, role=role, region_id=base_county)
    outsider = User.objects.create_user(OUTSIDER, password=PASSWORD)
    UserScope.objects.create(user=outsider, role="planning", region_id="441803")
    city = User.objects.create_user(CITY_ANALYST, password=PASSWORD)
    UserScope.objects.create(user=city, role="planning", region_id="441800")
    return WebWorld(
        plan_id=plan.pk, other_plan_id=other.pk, indicator_id=indicator.pk, other_indicator_id=other_indicator.pk
    )
