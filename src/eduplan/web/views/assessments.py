"""Assessments of a region and year: per county the school-by-indicator table, the gap to pass, the CV table."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eduplan.contract import COMPULSORY_STAGES
from eduplan.web import charts, dashboard
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
    return render(request, "web/assessments.html", context)
