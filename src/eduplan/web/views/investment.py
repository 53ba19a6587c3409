"""The 投入测算 scenario page: unit costs (edit, versioned), solve a scenario, the plan, CVs before/after, compare
scenarios side by side, and the workbook / PDF of a scenario."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from eduplan.errors import NotFound, UsageError
from eduplan.standards.investment import DEFAULT_UNIT_COSTS
from eduplan.store.assessments import INDICATOR_LABELS
from eduplan.store.investment import (
    KIND,
    SOLVER_NAMES,
    VARIANT_NAMES,
    check_scenario,
    do_set_unit_costs,
    scenarios,
    unit_cost_history,
    unit_costs_for,
)
from eduplan.store.jobs import do_submit_job
from eduplan.store.models import AnalysisRun, Region
from eduplan.web import charts
from eduplan.web.access import can_write, require_write
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page

AREA = "assessments"  # who may run assessments may run and keep scenarios and edit unit costs


def _county(request: HttpRequest, region: str, year: int) -> Region:
    place = region_for_page(request, region, year)
    if place.level != "county":
        raise UsageError("投入测算以县（市、区）为单位，请选择一个县（市、区）")
    return place


def _scenario(place: Region, year: int, run_id: str | None) -> AnalysisRun | None:
    if not run_id:
        return None
    try:
        number = int(run_id)
    except ValueError:
        raise UsageError(f"测算记录编号 {run_id!r} 不对") from None
    run = AnalysisRun.objects.filter(pk=number, kind=KIND, region=place, year=year).first()
    if run is None:
        raise NotFound(f"没有测算记录 #{number}")
    return run


def _number(raw: str, what: str) -> float | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{what}应为数字，实际为 {raw!r}") from None
    if not math.isfinite(value):
        raise UsageError(f"{what}应为有限的数字")
    return value


@page
def investment_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    from eduplan.reports.investment import STATUS_WORDS, cv_rows, part_rows, resource_rows

    place = _county(request, region, year)
    runs = scenarios(place.code, year)
    shown = _scenario(place, year, request.GET.get("run")) or (runs[0] if runs else None)
    compare = [r for r in runs if str(r.pk) in request.GET.getlist("compare")]
    costs = unit_costs_for(place.code, year)
    specs: list[dict[str, Any]] = []
    detail = None
    if shown is not None:
        result = shown.result
        detail = {
            "run": shown,
            "result": result,
            "parts": [r for r in part_rows(result) if r["additions"]],
            "resources": resource_rows(result),
            "cvs": cv_rows(result),
        }
        specs = chart_specs(
            **{
                f"cv-{st['stage']}-{when}": charts.cv_bars(
                    f"{st['stage']} 差异系数（{'测算前' if when == 'before' else '测算后'}）",
                    INDICATOR_LABELS,
                    st[f"cv_{when}"],
                    st["cv_limit"],
                )
                for st in result["stages"]
                for when in ("before", "after")
            }
        )
    context = {
        "active": "investment",
        "region": place,
        "year": year,
        "runs": runs,
        "detail": detail,
        "status_words": {key: gettext(words) for key, words in STATUS_WORDS.items()},
        "compare": compare,
        "specs": specs,
        "costs": [(u, costs.costs[u.key]) for u in DEFAULT_UNIT_COSTS],
        "cost_version": costs,
        "cost_history": unit_cost_history(place.code, year),
        "variants": VARIANT_NAMES,
        "solvers": SOLVER_NAMES,
        "can_write": can_write(request.user, AREA),
    }
    return render(request, "web/investment/investment.html", context)


@page
@require_POST
def investment_run(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = _county(request, region, year)
    require_write(request.user, AREA)
    budget = _number(request.POST.get("budget", ""), "预算")
    time_limit = _number(request.POST.get("time_limit", ""), "求解时限") or 60.0
    variant, solver = request.POST.get("variant", "least_cost"), request.POST.get("solver", "oa")
    check_scenario(place.code, variant=variant, budget=budget, solver=solver, time_limit=time_limit)
    name = request.POST.get("name", "").strip()[:60]
    parameters = {
        "region": place.code,
        "year": year,
        "variant": variant,
        "budget": budget,
        "solver": solver,
        "time_limit": time_limit,
        "limit_posts": request.POST.get("limit_posts") == "1",
        "name": name,
    }
    title = f"投入测算（{place.name} {year}学年，{name or VARIANT_NAMES.get(variant, variant)}）"
    job = do_submit_job("investment.solve", request.user, parameters, title=title, scope=place.code)
    return redirect("job", job.pk)


@page
@require_POST
def investment_costs(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = _county(request, region, year)
    require_write(request.user, AREA)
    costs = {u.key: request.POST.get(u.key, "") for u in DEFAULT_UNIT_COSTS if request.POST.get(u.key, "") != ""}
    years = _number(request.POST.get("staff_years", ""), "人员经费计算年数") or 1
    version = do_set_unit_costs(
        place.code, year, costs, staff_years=int(years), note=request.POST.get("note", "")[:500], user=request.user
    )
    messages.success(request, f"已保存单价第{version.number}版")
    return redirect("investment", place.code, year)


@page
def investment_report(request: HttpRequest, region: str, year: int, run_id: int, fmt: str) -> HttpResponse:
    from eduplan.reports.investment import document as investment_document
    from eduplan.reports.pdf import render_pdf
    from eduplan.reports.xlsx import render_xlsx

    place = _county(request, region, year)
    run = _scenario(place, year, str(run_id))
    assert run is not None
    if fmt not in ("pdf", "xlsx"):
        raise NotFound(f"没有 {fmt} 格式")
    doc = investment_document(run.result, f"测算记录 #{run.pk}")
    content = render_pdf(doc) if fmt == "pdf" else render_xlsx(doc)
    types = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(doc.filename_stem)}.{fmt}"
    return response
