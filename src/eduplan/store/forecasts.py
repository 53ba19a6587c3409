"""What forecasts read from the store: the census history and the plan project pipeline.

Core does the arithmetic (core/enrolment.py, core/scenarios.py, core/seats.py); this module only moves tables and
records between the store and core. Runs are kept by ``store.runs``, staffing by ``store.staffing``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from eduplan.contract import STAGES
from eduplan.core.enrolment import Projection
from eduplan.core.scenarios import Scenario, forecast
from eduplan.core.seats import PlannedSeats, SeatForecast, match_town, seat_forecast
from eduplan.errors import NotFound
from eduplan.store.census import CensusFrames, census_frames, census_years
from eduplan.store.models import PlanProject, ProjectProgress, Region
from eduplan.store.regions import get_region
from eduplan.store.runs import UserLike as UserLike  # their home is store.runs; kept here for older callers
from eduplan.store.runs import do_record_run as do_record_run


def census_history(region_code: str, up_to: int | None = None) -> dict[int, CensusFrames]:
    """The census of every stored school year (up to ``up_to``) for a region, each on its own year's registry."""
    years = [y for y in census_years() if up_to is None or y <= up_to]
    if not years:
        limit = f"{up_to} 年及以前" if up_to is not None else ""
        raise NotFound(f"{limit}没有任何学年的普查数据（用 eduplan import census FILE --year Y 导入）")
    history = {y: census_frames(region_code, y) for y in years}
    history = {y: c for y, c in history.items() if not c.schools.empty}
    if not history:
        raise NotFound(f"区域 {region_code} 在 {years[0]}–{years[-1]} 学年的学校名录中没有学校")
    return history


@dataclass(frozen=True)
class SeatOutcome:
    """A seat forecast on the stored census and plan pipeline: the one computation of the CLI and the pages."""

    history: dict[int, CensusFrames]
    base_year: int
    county: Projection
    town: Projection
    result: SeatForecast
    names: dict[str, str]  # area code → name, for every area of the result


def seat_forecast_with_gaps(region_code: str, up_to: int, to_year: int, scenario: Scenario) -> SeatOutcome:
    """Project enrolment from the latest census up to ``up_to`` until ``to_year`` under ``scenario``, and hold it
    against the seats of the registry and the plan projects (``core.seats``): demand, capacity and gaps per town and
    county. Raises NotFound when there is no census or no births for the entry grades."""
    history = census_history(region_code, up_to=up_to)
    base = max(history)
    county, town = forecast(history, base, to_year, scenario)
    result = seat_forecast(county, town, history[base].schools, history[base].grades, planned_seats(region_code))
    names = region_names({a.area_code for a in result.areas})
    return SeatOutcome(history, base, county, town, result, names)


def town_names(region_code: str) -> dict[str, str]:
    prefix = get_region(region_code).subtree_prefix()
    return dict(Region.objects.filter(code__startswith=prefix, level="town").values_list("code", "name"))


def region_names(codes: set[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def planned_seats(region_code: str) -> list[PlannedSeats]:
    """Every plan project in the region, one record per stage it adds seats to.

    A project without a finish year (待定) or whose latest progress report says 延期 is uncertain: shown apart, never
    counted as capacity. A project is placed in a town by its school, else by its town, else by the first town of the
    plan's own region its name or text names (e.g. "在石角镇田心小学新建…"); core places the rest by the existing school their
    name names, if any (core.seats.match_school), and reports what is left as unmatched.
    """
    region = get_region(region_code)
    prefix = region.subtree_prefix()
    towns = town_names(region_code)
    projects = (
        PlanProject.objects.filter(Q(plan__region__code__startswith=prefix) | Q(town__code__startswith=prefix))
        .select_related("plan__region")
        .order_by("plan_id", "id")
    )
    delayed = _delayed(projects)
    out: list[PlannedSeats] = []
    for p in projects:
        # a town named in the text is looked for in the plan's own region (清城区 and 佛冈县 each have a 石角镇)
        own = p.plan.region.subtree_prefix()
        mine = {code: name for code, name in towns.items() if code.startswith(own)}
        town = p.town_id or match_town(f"{p.name} {p.source_text}", mine) or ""
        for stage, seats in (p.seats or {}).items():
            if stage not in STAGES or not seats:
                continue
            out.append(
                PlannedSeats(
                    project_id=str(p.pk),
                    name=p.name,
                    stage=stage,
                    seats=round(float(seats)),
                    finish_year=p.finish_year,
                    town_code=str(town),
                    school_code=p.school_code,
                    uncertain=p.finish_year is None or p.pk in delayed,
                    plan_region=own,
                )
            )
    return out


def _delayed(projects: Any) -> set[int]:
    """Projects whose latest progress report says 延期: their finish year is no longer to be relied on."""
    latest: dict[int, str] = {}
    for project_id, status in (
        ProjectProgress.objects.filter(project__in=projects).order_by("year").values_list("project_id", "status")
    ):
        latest[project_id] = status
    return {pk for pk, status in latest.items() if status == "延期"}
