"""Assessments of a region and year: per county the school-by-indicator table, the gap to pass, the CV table."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.contract import COMPULSORY_STAGES
from eduplan.errors import UsageError
from eduplan.standards.quality_balance import STANDARD as QUALITY_BALANCE
from eduplan.store.assessments import ASSESSMENTS, ITEM_STATUS, do_record_manual_item, run_assessment
from eduplan.store.models import AnalysisRun
from eduplan.web import charts, dashboard
from eduplan.web.access import can_write, require_write
from eduplan.web.assess import INDICATOR_LABELS, INDICATOR_UNITS, quality_balance, thresholds
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page


@page
def assessments_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    counties = dashboard.counties_of(place)
    verdicts = quality_balance(place, counties, year)
    detailed = len(verdicts) == 1  # the school table for one county; a city lists its counties' verdicts
    specs = chart_specs(
        **{
            f"cv-{v.county.code}-{stage}": charts.cv_bars(
                f"{v.county.name} {stage} 差异系数", INDICATOR_LABELS, st["cv"], st["cv_threshold"]
            )
            for v in verdicts
            if v.result and detailed
            for stage, st in v.result["stages"].items()
        }
    )
    context = {
        "active": "assessments",
        "region": place,
        "year": year,
        "verdicts": verdicts,
        "detailed": detailed,
        "labels": INDICATOR_LABELS,
        "units": INDICATOR_UNITS,
        "thresholds": thresholds(list(COMPULSORY_STAGES)),
        "specs": specs,
    }
    context["runs"] = AnalysisRun.objects.filter(region__code__startswith=place.subtree_prefix(), year=year)[:20]
    context.update(kinds=ASSESSMENTS, can_run=can_write(request.user, "assessments") and place.level == "county")
    context["item_statuses"] = list(ITEM_STATUS)
    return render(request, "web/assessments.html", context)


@page
@require_POST
def assessment_run(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """Run an assessment of a county and keep it (with the standard and census version) for reports."""
    place = region_for_page(request, region, year)
    require_write(request.user, "assessments")
    payload, run = run_assessment(request.POST.get("kind", ""), place.code, year, user=request.user)
    messages.success(
        request, f"已存档评估记录 #{run.pk}（{ASSESSMENTS[run.kind].title}：{payload.get('verdict', '')}）"
    )
    return redirect("assessments", place.code, year)


@page
@require_POST
def assessment_item(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """Record one hand-assessed item of the county's 优质均衡 (status, value, evidence), audited by the store."""
    place = region_for_page(request, region, year)
    require_write(request.user, "assessments")
    raw = request.POST.get("value", "").strip()
    try:
        value = float(raw) if raw else None
    except ValueError:
        raise UsageError(f"数值 {raw!r} 不对：应为数字，或留空") from None
    key = request.POST.get("item_key", "")
    status, evidence = request.POST.get("status", ""), request.POST.get("evidence", "").strip()
    do_record_manual_item(
        QUALITY_BALANCE.id, key, place.code, year, status=status, value=value, evidence=evidence, user=request.user
    )
    messages.success(request, f"已记录：{key} {status}")
    return redirect("assessments", place.code, year)
