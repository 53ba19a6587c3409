"""Assessments of a region and year: per county the school-by-indicator table, the gap to pass, the CV table."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.contract import COMPULSORY_STAGES
from eduplan.standards.quality_balance import STANDARD as QUALITY_BALANCE
from eduplan.store.assessments import (
    ASSESSMENTS,
    INDICATOR_LABELS,
    INDICATOR_UNITS,
    ITEM_STATUS,
    do_record_manual_item,
    quality_balance_verdicts,
    run_assessment,
    thresholds,
)
from eduplan.store.dossier import dossier
from eduplan.store.runs import kept_runs
from eduplan.web import forms
from eduplan.web.access import can_write, require_write
from eduplan.web.areas import tables
from eduplan.web.areas.assessment_tables import lever_schools, stage_matrices
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, cv_charts, region_for_page


@page
def assessments_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    verdicts = quality_balance_verdicts(place, year)
    detailed = len(verdicts) == 1  # the school table for one county; a city lists its counties' verdicts
    specs = chart_specs(**cv_charts(verdicts)) if detailed else []
    levels = thresholds(list(COMPULSORY_STAGES))
    matrices, gaps = {}, {}
    if detailed and verdicts[0].result:
        stages = verdicts[0].result["stages"]
        matrices = stage_matrices(request, stages, INDICATOR_LABELS, INDICATOR_UNITS, levels, len(INDICATOR_LABELS))
        if exported := next((m for m in matrices.values() if m.query.export), None):
            return tables.xlsx_response(exported, place.name, [("县（市、区）", place.name), ("学年", str(year))])
        gaps = {stage: lever_schools(st) for stage, st in stages.items()}
    context = {
        "active": "assessments",
        "region": place,
        "year": year,
        "verdicts": verdicts,
        "detailed": detailed,
        "labels": INDICATOR_LABELS,
        "units": INDICATOR_UNITS,
        "thresholds": levels,
        "specs": specs,
        "matrices": matrices,
        "gaps": gaps,
    }
    context["runs"] = kept_runs(place.subtree_prefix(), year)
    context.update(kinds=ASSESSMENTS, can_run=can_write(request.user, "assessments") and place.level == "county")
    context["item_statuses"] = list(ITEM_STATUS)
    if detailed and place.level == "county":  # each hand-recorded item's 创建 dossier: its files, what is missing
        context["dossier"] = {r["key"]: r for r in dossier(place, year) if r["standard"] == QUALITY_BALANCE.id}
    return render(request, "web/assessments/quality_balance.html", context)


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
    value = forms.number(request.POST.get("value", ""))
    key = request.POST.get("item_key", "")
    status, evidence = request.POST.get("status", ""), request.POST.get("evidence", "").strip()
    do_record_manual_item(
        QUALITY_BALANCE.id, key, place.code, year, status=status, value=value, evidence=evidence, user=request.user
    )
    messages.success(request, f"已记录：{key} {status}")
    return redirect("assessments", place.code, year)
