"""The county pages of 义务教育基本均衡 and 学前教育普及普惠: verdict, per-school table, gaps, charts, reports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eduplan.web.areas import county_assessments as pages
from eduplan.web.areas import tables
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page


def _county_page(request: HttpRequest, region: str, year: int, kind: str) -> HttpResponse:
    """The page of ``kind`` ("basic" or "preschool"): its worked tables, charts, or a table's workbook."""
    place = region_for_page(request, region, year)
    result, reason = pages.county_result(kind, place, year)
    context: dict[str, object] = {"active": "assessments", "region": place, "year": year, "result": result}
    context.update(reason=reason, counties=pages.counties_below(place) if result is None else [])
    if result is not None:
        worked, charts = pages.basic_page(request, result) if kind == "basic" else pages.preschool_page(request, result)
        if exported := next((w for w in worked.values() if w.query.export), None):
            return tables.xlsx_response(exported, place.name, [("县（市、区）", place.name), ("学年", str(year))])
        context.update(tables=worked, specs=chart_specs(**charts), labels=pages.BASIC_LABELS)
    template = "web/assessments/basic_balance.html" if kind == "basic" else "web/assessments/preschool.html"
    return render(request, template, context)


@page
def basic_balance_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    return _county_page(request, region, year, "basic")


@page
def preschool_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    return _county_page(request, region, year, "preschool")
