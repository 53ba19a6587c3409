"""Forecasts of a region: demand and capacity by town and 学段, under a scenario the user sets in a form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eduplan.web import forms
from eduplan.web.areas import forecasts as forecast_view
from eduplan.web.areas import tables
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page


@page
def forecasts_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    scenario = forms.scenario(request.GET)
    to_year = forms.to_year(request.GET, year)
    result = forecast_view.seat_forecast_for(place, year, to_year, scenario)
    specs = chart_specs(**result.charts) if result.charts else []
    gaps = tables.work(request, forecast_view.gap_spec(result.rows, in_panel=False), result.rows)
    if gaps.query.export:
        return tables.xlsx_response(gaps, place.name, [("区域", place.name), ("预测", f"{year}–{to_year}")])
    estate = scenario.housing[0] if scenario.housing else None
    context = {
        "active": "forecasts",
        "towns": forecast_view.towns_of(place),
        "estate": estate,
        "estate_stages": [
            (st, (estate.pupils_per_dwelling.get(st, "") if estate else "")) for st in forms.ESTATE_STAGES
        ],
        "region": place,
        "year": year,
        "to_year": to_year,
        "scenario": scenario.as_dict(),
        "result": result,
        "specs": specs,
        "gaps": gaps,
    }
    return render(request, "web/forecasts/forecasts.html", context)
