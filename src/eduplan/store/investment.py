"""The investment plan on the stored census: the bureau's unit costs (versioned, audited) and saved scenarios.

``do_set_unit_costs`` writes a new version of a county's (or a town's) unit costs for a school year;
``unit_costs_for`` reads the current one (the defaults of ``standards.investment`` where none is stored);
``do_plan_investment`` solves a scenario on the stored census and keeps it as an ``AnalysisRun`` of kind
``investment`` (parameters: variant, budget, solver, unit-cost version; result: the plan's ``as_dict()``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Max

from eduplan.core.investment import VARIANT_BUDGET, VARIANTS, Options, apply_plan, plan_input
from eduplan.core.investment_solve import SOLVER_OA, SOLVERS, CancelFn, ProgressFn, plan_investment
from eduplan.core.quality_balance import assess_quality_balance
from eduplan.errors import UsageError
from eduplan.standards.investment import (
    CAPACITY_POSTS,
    DEFAULT_STAFF_COST_YEARS,
    DEFAULT_UNIT_COSTS,
    default_costs,
)
from eduplan.standards.quality_balance import STANDARD
from eduplan.store import audit
from eduplan.store.census import census_frames
from eduplan.store.forecasts import UserLike, do_record_run
from eduplan.store.models import AnalysisRun, Region, UnitCostVersion
from eduplan.store.regions import get_region

KIND = "investment"
VARIANT_NAMES = {"least_cost": "达标最低成本", "budget": "预算约束下达标学校最多"}
SOLVER_NAMES = {"oa": "HiGHS + 外逼近割平面", "scip": "SCIP（二阶锥）"}
MAX_TIME_LIMIT = 600.0


@dataclass(frozen=True)
class UnitCosts:
    region_code: str
    year: int
    number: int | None  # None: the shipped defaults
    costs: dict[str, float]
    staff_years: int
    note: str


def _check_costs(costs: Mapping[str, Any]) -> dict[str, float]:
    known = {u.key: u for u in DEFAULT_UNIT_COSTS}
    out = default_costs()
    for key, value in costs.items():
        if key not in known:
            raise UsageError(f"没有单价项目 {key!r}；可用：{'、'.join(known)}")
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"单价 {known[key].name} 应为数字（万元），实际为 {value!r}") from exc
        if not math.isfinite(number) or number < 0:
            raise UsageError(f"单价 {known[key].name} 应为不小于 0 的数字（万元），实际为 {value!r}")
        out[key] = number
    return out


def do_set_unit_costs(
    region_code: str,
    year: int,
    costs: Mapping[str, Any],
    *,
    staff_years: int = DEFAULT_STAFF_COST_YEARS,
    note: str = "",
    user: UserLike = None,
) -> UnitCostVersion:
    """A new version of a county's or town's unit costs for ``year`` (keys not given keep the defaults)."""
    region = get_region(region_code)
    if region.level not in ("county", "town"):
        raise UsageError(f"单价按县（市、区）或乡镇（街道）登记：{region_code} 是 {region.level} 级区划")
    if not 1 <= int(staff_years) <= 30:
        raise UsageError(f"人员经费计算年数应在 1–30 之间，实际为 {staff_years}")
    checked = _check_costs(costs)
    with transaction.atomic():
        previous = UnitCostVersion.objects.filter(region=region, year=year).order_by("-number").first()
        number = (previous.number if previous else 0) + 1
        version = UnitCostVersion.objects.create(
            region=region, year=year, number=number, costs=checked, staff_years=int(staff_years), note=note
        )
        audit.record(
            user,
            "unit_costs.set",
            "UnitCostVersion",
            version.pk,
            summary=f"{region_code} {year} 单价第{number}版",
            before=previous.costs if previous else None,
            after=checked,
            region_code=region_code,
        )
    return version


def unit_costs_for(region_code: str, year: int) -> UnitCosts:
    """The current unit costs of a county (or town) and year; the defaults if none is stored."""
    current = UnitCostVersion.objects.filter(region__code=region_code, year=year).order_by("-number").first()
    if current is None:
        return UnitCosts(region_code, year, None, default_costs(), DEFAULT_STAFF_COST_YEARS, "")
    costs = {**default_costs(), **{k: float(v) for k, v in current.costs.items()}}
    return UnitCosts(region_code, year, current.number, costs, current.staff_years, current.note)


def unit_cost_history(region_code: str, year: int) -> list[UnitCostVersion]:
    return list(UnitCostVersion.objects.filter(region__code=region_code, year=year).order_by("-number"))


def town_overrides(county: str, year: int, schools: Any) -> dict[str, dict[str, float]]:
    """School code → the unit costs of its town, for towns of the county with their own current version."""
    latest = (
        UnitCostVersion.objects.filter(region__code__startswith=county, region__level="town", year=year)
        .values("region__code")
        .annotate(last=Max("number"))
    )
    towns = {}
    for row in latest:
        v = UnitCostVersion.objects.get(region__code=row["region__code"], year=year, number=row["last"])
        towns[row["region__code"]] = {**default_costs(), **v.costs}
    if not towns:
        return {}
    out = {}
    for code, region in zip(schools["school_code"].astype(str), schools["region_code"].astype(str), strict=True):
        for town, costs in towns.items():
            if region.startswith(town):
                out[code] = costs
    return out


def _vacant_posts(stages: Any) -> dict[tuple[str, str], dict[str, float]]:
    """(school, 学段) → {posts: 核定编制 − 在编教职工} where the census records both."""
    out: dict[tuple[str, str], dict[str, float]] = {}
    if "authorized_posts" not in stages.columns or "staff_on_establishment" not in stages.columns:
        return out
    posts = stages["authorized_posts"].astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
    staff = stages["staff_on_establishment"].astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
    for code, stage, p, s in zip(stages["school_code"].astype(str), stages["stage"], posts, staff, strict=True):
        if not (np.isnan(p) or np.isnan(s)):
            out[code, str(stage)] = {CAPACITY_POSTS: max(p - s, 0.0)}
    return out


def check_scenario(region_code: str, *, variant: str, budget: float | None, solver: str, time_limit: float) -> None:
    """The scenario's parameters, checked before any work (a page checks them before it queues the solve)."""
    if variant not in VARIANTS:
        raise UsageError(f"测算方案应为 {'、'.join(VARIANTS)} 之一，实际为 {variant!r}")
    if solver not in SOLVERS:
        raise UsageError(f"求解器应为 {'、'.join(SOLVERS)} 之一，实际为 {solver!r}")
    if variant == VARIANT_BUDGET and (budget is None or not math.isfinite(budget) or budget < 0):
        raise UsageError("预算方案须给出不小于 0 的预算（万元）")
    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        raise UsageError(f"求解时限应在 1–{MAX_TIME_LIMIT:.0f} 秒之间")
    region: Region = get_region(region_code)
    if region.level != "county":
        raise UsageError(f"投入测算以县（市、区）为单位：{region_code} 是 {region.level} 级区划，请给县级代码")


def do_plan_investment(
    region_code: str,
    year: int,
    *,
    variant: str = "least_cost",
    budget: float | None = None,
    solver: str = SOLVER_OA,
    time_limit: float = 60.0,
    limit_posts: bool = False,
    name: str = "",
    census_version: int | None = None,
    user: UserLike = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> tuple[dict[str, Any], AnalysisRun]:
    """Solve one scenario on the stored census and keep it (an ``AnalysisRun`` of kind ``investment``).

    ``progress`` and ``cancel`` go to the solver (``core.investment_solve.plan_investment``): a background job
    shows the first and stops the solve with the second, keeping the best plan found so far."""
    check_scenario(region_code, variant=variant, budget=budget, solver=solver, time_limit=time_limit)
    frames = census_frames(region_code, year, census_version)
    costs = unit_costs_for(region_code, year)
    options = Options(
        variant=variant,
        budget=budget if variant == VARIANT_BUDGET else None,
        costs=costs.costs,
        school_costs=town_overrides(region_code, year, frames.schools),
        staff_years=costs.staff_years,
        capacities=_vacant_posts(frames.stages) if limit_posts else {},
    )
    data = plan_input(frames.schools, frames.stages, region=region_code, year=year, standard=STANDARD)
    plan = plan_investment(data, options, solver=solver, time_limit=time_limit, progress=progress, cancel=cancel)
    payload: dict[str, Any] = plan.as_dict()
    if plan.parts:  # the plan checked by the assessment itself: the census plus the plan, assessed again
        again = assess_quality_balance(
            frames.schools, apply_plan(frames.stages, plan.parts), region=region_code, year=year
        )
        payload["reassessed"] = {
            "resource_passed": again.resource_passed,
            "schools_passed": {k: sum(x.passed for x in st.schools) for k, st in again.stages.items()},
            "cv_passed": {k: st.cv_passed for k, st in again.stages.items()},
        }
    payload.update(
        name=name or VARIANT_NAMES[variant],
        census_version=frames.version,
        unit_cost_version=costs.number,
        limit_posts=limit_posts,
    )
    parameters = {
        "name": payload["name"],
        "variant": variant,
        "budget": budget,
        "solver": solver,
        "time_limit": time_limit,
        "limit_posts": limit_posts,
        "unit_cost_version": costs.number,
        "census_version": frames.version,
    }
    run = do_record_run(
        KIND,
        region_code,
        year,
        payload,
        parameters=parameters,
        census_version_id=frames.version_id,
        standard_id=STANDARD.id,
        standard_version=STANDARD.version,
        user=user,
    )
    run.passed = (
        plan.feasible
        and all(p.passed_after for p in plan.parts)
        and all(all(s.cv_passed_after.values()) for s in plan.stages)
    )
    run.save(update_fields=["passed"])
    payload["run_id"] = run.pk
    return payload, run


def scenarios(region_code: str, year: int | None = None) -> list[AnalysisRun]:
    runs = AnalysisRun.objects.filter(kind=KIND, region__code=region_code)
    if year is not None:
        runs = runs.filter(year=year)
    return list(runs.order_by("-created_at", "-id")[:50])
