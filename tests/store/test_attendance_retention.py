"""巩固率 from two census years of a hand-made nine-year school, and a plan's 巩固率 indicator bound to it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from eduplan.store.attendance import cohort_metric, retention_table
from eduplan.store.census import do_load_census
from eduplan.store.models import AttendanceCase, IndicatorActual, Plan, PlanIndicator
from eduplan.store.plans import do_bind_metric, do_compute_actuals, suggested_metrics
from eduplan.store.registry import do_open_school
from tests.conftest import World

SCHOOL = "4418020009"


def _census(year: int, grades: dict[str, tuple[int, int]]) -> dict[str, pd.DataFrame]:
    """One 九年一贯制学校: grade → (students, entrants)."""
    schools = pd.DataFrame(
        [
            {"school_code": SCHOOL, "name": "九年学校", "region_code": "441802001", "school_type": "九年一贯制学校"}
            | {"sponsor": "公办", "urban_rural": "乡村"}
        ]
    )
    rows = [
        {"school_code": SCHOOL, "stage": "小学" if int(g) <= 6 else "初中", "grade": g, "students": s, "entrants": e}
        for g, (s, e) in grades.items()
    ]
    return {"学校": schools, "年级": pd.DataFrame(rows)}


@pytest.fixture
def nine_years(world: World) -> World:
    do_open_school(
        SCHOOL,
        2010,
        name="九年学校",
        region_id=world.town_fengcheng,
        school_type="九年一贯制学校",
        sponsor="公办",
        urban_rural="乡村",
    )
    do_load_census(2015, _census(2015, {"1": (100, 100), "2": (90, 0)}))
    do_load_census(2021, _census(2021, {"7": (80, 80), "8": (70, 0)}))
    do_load_census(2023, _census(2023, {"9": (76, 0), "8": (75, 0), "6": (88, 0)}))
    return world


@pytest.mark.django_db
def test_retention_of_the_county_and_the_school(nine_years: World) -> None:
    AttendanceCase.objects.create(
        school_code=SCHOOL,
        region_code="441802001",
        pupil="x" * 32,
        name="甲",
        birth_year=2008,
        grade="8",
        kind="辍学",
        reason="其他",
        responsible="乙",
        absent_since=date(2022, 10, 1),
        closed_on=date(2022, 10, 20),
        outcome="转学",
    )
    table = retention_table("441802", 2023)
    # nine years: (76 now + 1 transferred out) / 100 entrants in 2015
    assert (table["county"]["now"], table["county"]["entered"], table["county"]["transfers_out"]) == (76, 100, 1)
    assert table["county"]["rate"] == 77.0 and table["county"]["estimated"] is False
    [junior] = [s for s in table["schools"] if s["span"] == "初中"]
    assert (junior["now"], junior["entered"], junior["rate"]) == (76, 80, pytest.approx(77 / 80 * 100))
    assert table["missing"] == ["小学：缺少 2018 学年（入学年）的普查数据，巩固率为按相邻两年升级率的估算"]
    assert cohort_metric("compulsory_retention", "441802", 2023) == 77.0


@pytest.mark.django_db
def test_a_plans_retention_indicator_is_bound_and_computed(nine_years: World) -> None:
    plan = Plan.objects.create(title="清城区教育发展规划", region_id="441802", period_start=2021, period_end=2025)
    indicator = PlanIndicator.objects.create(plan=plan, name="九年义务教育巩固率", unit="%", target_value=98)
    assert suggested_metrics(plan) == {indicator.pk: "compulsory_retention"}
    do_bind_metric(indicator.pk, "compulsory_retention")
    do_compute_actuals(plan.pk, years=[2023, 2021])
    assert list(IndicatorActual.objects.values_list("year", "value")) == [(2023, 76.0)]  # 2021: no 2013 census
