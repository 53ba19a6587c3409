"""Forecasts of a region: demand and capacity by town and 学段, under a scenario the user sets in a form."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eduplan.core.scenarios import Scenario, parse_scenario
from eduplan.errors import IngestError, UsageError
from eduplan.web import forecast_view
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page

# The scenario form: Scenario's fields a person sets by hand (housing estates come from a scenario file).
FORM_FIELDS = (
    "births_trend",
    "third_child_uplift",
    "third_child_from",
    "migrant_share_change",
    "method",
    "averaging_years",
)


def _scenario(params: dict[str, str]) -> Scenario:
    data: dict[str, Any] = {k: v for k, v in params.items() if k in FORM_FIELDS and v != ""}
    try:
        return parse_scenario(data, source="情景表单")
    except IngestError as exc:
        raise UsageError(str(exc)) from None


@page
def forecasts_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    scenario = _scenario(request.GET.dict())
    to_year = int(request.GET.get("to_year") or year + 7)
    if not year < to_year <= year + 15:
        raise UsageError(f"预测终止年 {to_year} 不对：应在 {year + 1}–{year + 15} 之间")
    result = forecast_view.seat_forecast_for(place, year, to_year, scenario)
    specs = chart_specs(**result.charts) if result.charts else []
    context = {
        "active": "forecasts",
        "region": place,
        "year": year,
        "to_year": to_year,
        "scenario": scenario.as_dict(),
        "result": result,
        "specs": specs,
    }
    return render(request, "web/forecasts.html", context)
