"""What forecasts read from the store (census history, the plan project pipeline) and how their runs are kept.

Core does the arithmetic (core/enrolment.py, core/scenarios.py, core/seats.py, core/staffing.py); this module only
moves tables and records between the store and core, and writes each run with its parameters and census versions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Q

from eduplan.contract import STAGES
from eduplan.core.seats import PlannedSeats, match_town
from eduplan.core.staffing import StaffingResult, assess_staffing
from eduplan.errors import NotFound
from eduplan.store import audit
from eduplan.store.census import CensusFrames, census_frames, census_years
from eduplan.store.models import AnalysisRun, PlanProject, ProjectProgress, Region
from eduplan.store.regions import get_region

UserLike = AbstractBaseUser | AnonymousUser | None


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


def do_record_run(
    kind: str,
    region_code: str,
    year: int,
    result: dict[str, Any],
    *,
    parameters: dict[str, Any],
    census_version_id: int | None,
    standard_id: str = "",
    standard_version: str = "",
    user: UserLike = None,
) -> AnalysisRun:
    """Keep one forecast or staffing run, with what it needs to be reproduced, and audit it."""
    with transaction.atomic():
        run = AnalysisRun.objects.create(
            kind=kind,
            region=get_region(region_code),
            year=year,
            standard_id=standard_id,
            standard_version=standard_version,
            census_version_id=census_version_id,
            parameters=parameters,
            result=result,
        )
        audit.record(
            user, f"run.{kind}", "AnalysisRun", run.pk, summary=f"{kind} {region_code} {year}", region_code=region_code
        )
    return run


def _with_leavers(payload: dict[str, Any], region_code: str, year: int) -> dict[str, Any]:
    """When the year has a teacher roster, the projected need beside the staff left after retirements (public
    schools' teachers of the registry; docs/teachers.md)."""
    from eduplan.store.teachers import staffing_leavers

    leavers = staffing_leavers(region_code, year, payload.get("totals", []), payload.get("projected", []))
    return {"projected_with_leavers": leavers} if leavers is not None else {}


def do_run_staffing(
    census: CensusFrames,
    region_code: str,
    year: int,
    *,
    version: str = "2014",
    include_private: bool = False,
    projection: Any = None,
    to_year: int | None = None,
) -> tuple[StaffingResult, AnalysisRun]:
    """Assess staffing on the census frames and keep the run; ``run.result`` is the JSON the CLI prints."""
    result = assess_staffing(
        census.schools,
        census.stages,
        year=year,
        version=version,
        public_only=not include_private,
        projection=projection,
    )
    names = region_names({t.area_code for t in result.totals})
    payload = result.as_dict() | {"region_code": region_code, "names": names, "census_version": census.version}
    payload |= _with_leavers(payload, region_code, year)
    run = do_record_run(
        "staffing",
        region_code,
        year,
        payload,
        parameters={"standard": version, "include_private": include_private, "to": to_year},
        census_version_id=census.version_id,
        standard_id=result.standard_id,
        standard_version=result.standard_version,
    )
    return result, run
