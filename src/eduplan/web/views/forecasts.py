"""Forecasts of a region: demand and capacity by town and 学段, under a scenario the user sets in a form."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eduplan.contract import STAGES
from eduplan.core.scenarios import Scenario, parse_scenario
from eduplan.core.seats import COUNTY_WIDE_STAGES
from eduplan.errors import IngestError, UsageError
from eduplan.web import forecast_view
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page

# The scenario form: Scenario's fields a person sets by hand, plus one housing estate (a scenario file may hold more).
FORM_FIELDS = (
    "births_trend",
    "third_child_uplift",
    "third_child_from",
    "migrant_share_change",
    "migrant_change_by",
    "method",
    "averaging_years",
)
HOUSING_FIELDS = ("name", "region_code", "year", "dwellings")  # form names housing_<field>
HOUSING_PUPILS = "housing_pupils_"  # + 学段: pupils per dwelling
ESTATE_STAGES = tuple(s for s in STAGES if s not in COUNTY_WIDE_STAGES)  # an estate's pupils per dwelling by 学段


def _housing(params: dict[str, str]) -> list[dict[str, Any]]:
    """The form's estate, when it names a number of dwellings; its stages are those given a rate."""
    if not params.get("housing_dwellings"):
        return []
    estate: dict[str, Any] = {k: params[f"housing_{k}"] for k in HOUSING_FIELDS if params.get(f"housing_{k}")}
    estate["pupils_per_dwelling"] = {
        key.removeprefix(HOUSING_PUPILS): value
        for key, value in params.items()
        if key.startswith(HOUSING_PUPILS) and value != ""
    }
    return [estate]


def _scenario(params: dict[str, str]) -> Scenario:
    data: dict[str, Any] = {k: v for k, v in params.items() if k in FORM_FIELDS and v != ""}
    housing = _housing(params)
    if housing:
        data["housing"] = housing
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
    estate = scenario.housing[0] if scenario.housing else None
    context = {
        "active": "forecasts",
        "towns": forecast_view.towns_of(place),
        "estate": estate,
        "estate_stages": [(st, (estate.pupils_per_dwelling.get(st, "") if estate else "")) for st in ESTATE_STAGES],
        "region": place,
        "year": year,
        "to_year": to_year,
        "scenario": scenario.as_dict(),
        "result": result,
        "specs": specs,
    }
    return render(request, "web/forecasts.html", context)
