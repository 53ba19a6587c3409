"""The project pipeline as forecasts read it, and how runs are kept."""

from __future__ import annotations

from typing import Any

from eduplan.store.forecasts import planned_seats
from eduplan.store.runs import do_record_run


def _plan(world: Any) -> Any:
    from eduplan.store.models import Plan

    return Plan.objects.create(title="清城区教育发展规划", region_id=world.county)


def test_projects_become_seats_per_stage_placed_in_their_towns(world: Any) -> None:
    from eduplan.store.models import PlanProject, ProjectProgress

    plan = _plan(world)
    by_town = PlanProject.objects.create(
        plan=plan, name="新建学校", seats={"小学": 1620, "初中": 900}, finish_year=2024, town_id=world.town_fengcheng
    )
    by_text = PlanProject.objects.create(
        plan=plan,
        name="莲塘小学扩建",
        source_text="在东城街莲塘小学新建一幢教学楼",
        seats={"小学": 900},
        finish_year=2025,
    )
    pending = PlanProject.objects.create(plan=plan, name="产业园学校", seats={"小学": 1080}, finish_year=None)
    delayed = PlanProject.objects.create(
        plan=plan, name="延期项目", seats={"小学": 450}, finish_year=2024, school_code=world.open_school
    )
    ProjectProgress.objects.create(project=delayed, year=2023, status="延期")
    rows = {(p.project_id, p.stage): p for p in planned_seats(world.county)}
    assert set(rows) == {
        (str(by_town.pk), "小学"),
        (str(by_town.pk), "初中"),
        (str(by_text.pk), "小学"),
        (str(pending.pk), "小学"),
        (str(delayed.pk), "小学"),
    }
    assert rows[(str(by_town.pk), "初中")].seats == 900
    assert rows[(str(by_town.pk), "初中")].town_code == world.town_fengcheng
    assert rows[(str(by_text.pk), "小学")].town_code == world.town_dongcheng  # "东城街" names 东城街道
    assert rows[(str(pending.pk), "小学")].town_code == ""  # left for core to report as unmatched
    assert rows[(str(pending.pk), "小学")].uncertain  # 待定
    assert rows[(str(delayed.pk), "小学")].uncertain  # 延期
    assert rows[(str(delayed.pk), "小学")].school_code == world.open_school
    assert not rows[(str(by_town.pk), "小学")].uncertain


def test_a_run_is_kept_with_its_parameters_and_audited(world: Any) -> None:
    from eduplan.store.models import AnalysisRun, AuditEntry

    run = do_record_run("seats", world.county, 2023, {"areas": []}, parameters={"from": 2024}, census_version_id=None)
    stored = AnalysisRun.objects.get(pk=run.pk)
    assert (stored.kind, stored.region_id, stored.year, stored.parameters) == (
        "seats",
        world.county,
        2023,
        {"from": 2024},
    )
    entry = AuditEntry.objects.get(action="run.seats")
    assert entry.object_id == str(run.pk)


def test_a_town_named_in_the_text_is_looked_for_in_the_plan_own_county(world: Any) -> None:
    from eduplan.store.models import Plan, PlanProject, Region

    # 清城区 and 佛冈县 each have a 石角镇; a 佛冈县 plan's "石角镇" is its own, in a city-wide forecast too.
    Region.objects.create(code="441802102", name="石角镇", level="town", parent_id="441802")
    Region.objects.create(code="441821", name="佛冈县", level="county", parent_id="441800")
    Region.objects.create(code="441821102", name="石角镇", level="town", parent_id="441821")
    qingcheng = Plan.objects.create(title="清城区规划", region_id="441802")
    fogang = Plan.objects.create(title="佛冈县规划", region_id="441821")
    ours = PlanProject.objects.create(plan=qingcheng, name="在石角镇新建小学", seats={"小学": 900}, finish_year=2025)
    theirs = PlanProject.objects.create(plan=fogang, name="在石角镇新建小学", seats={"小学": 1080}, finish_year=2025)
    towns = {p.project_id: p.town_code for p in planned_seats("441800")}
    assert towns == {str(ours.pk): "441802102", str(theirs.pk): "441821102"}
