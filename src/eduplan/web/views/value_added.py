"""增值评价 pages: a region's schools for one grade and subject (table and caterpillar chart), one school's track."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from eduplan.core.value_added import FLAG_LABELS
from eduplan.web import forms
from eduplan.web.areas.value_added import region_value_added_for_user, school_value_added_for_user
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page, rendered_report


@page
def value_added_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    view = region_value_added_for_user(
        request.user, place, year, *forms.grade_and_subject(request.GET), forms.exams(request.GET)
    )
    rows = len(view.result["schools"]) if view.result else 0
    context = {
        "active": "value_added",
        "region": place,
        "year": year,
        "view": view,
        "specs": chart_specs(**view.charts),
        "chart_height": 120 + 22 * rows,
    }
    return render(request, "web/value_added/value_added.html", context)


@page
def value_added_report(request: HttpRequest, region: str, year: int, fmt: str) -> HttpResponseBase:
    """The PDF or workbook of the same fit (``eduplan report value-added``), for a region in the user's scope."""
    place = region_for_page(request, region, year)
    params = {"region": place.code, "year": year}
    params.update(zip(("grade", "subject"), forms.grade_and_subject(request.GET), strict=True))
    params.update(zip(("exam", "prior_exam"), forms.exams(request.GET), strict=True))
    return rendered_report("value-added", params, fmt)


@page
def school_value_added(request: HttpRequest, code: str) -> HttpResponse:
    view = school_value_added_for_user(request.user, code, *forms.grade_and_subject(request.GET))
    context = {"active": "schools", "code": code, "view": view, "specs": chart_specs(**view.charts)}
    context["flag_labels"] = FLAG_LABELS
    return render(request, "web/value_added/school.html", context)
