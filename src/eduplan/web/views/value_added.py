"""增值评价 pages: a region's schools for one grade and subject (table and caterpillar chart), one school's track."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from eduplan.core.value_added import FLAG_LABELS
from eduplan.web.decorators import page
from eduplan.web.value_added_view import region_value_added_for_user, school_value_added_for_user
from eduplan.web.views.common import chart_specs, region_for_page
from eduplan.web.views.reports import _rendered as rendered


def _chosen(request: HttpRequest) -> tuple[str, str]:
    """The grade and subject asked for: ``grade`` and ``subject``, or the form's ``choice`` ("8|数学")."""
    choice = request.GET.get("choice", "")
    if "|" in choice:
        grade, subject = choice.split("|", 1)
        return grade, subject
    return request.GET.get("grade", ""), request.GET.get("subject", "")


def requested_exams(request: HttpRequest) -> tuple[str | None, str | None]:
    """This year's and last year's exam, when the request names them (a year may hold several)."""
    return request.GET.get("exam") or None, request.GET.get("prior_exam") or None


@page
def value_added_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    view = region_value_added_for_user(request.user, place, year, *_chosen(request), requested_exams(request))
    rows = len(view.result["schools"]) if view.result else 0
    context = {
        "active": "value_added",
        "region": place,
        "year": year,
        "view": view,
        "specs": chart_specs(**view.charts),
        "chart_height": 120 + 22 * rows,
    }
    return render(request, "web/value_added.html", context)


@page
def value_added_report(request: HttpRequest, region: str, year: int, fmt: str) -> HttpResponseBase:
    """The PDF or workbook of the same fit (``eduplan report value-added``), for a region in the user's scope."""
    place = region_for_page(request, region, year)
    params = {"region": place.code, "year": year, **{k: request.GET.get(k, "") for k in ("grade", "subject")}}
    params.update(zip(("exam", "prior_exam"), requested_exams(request), strict=True))
    return rendered("value-added", params, fmt)


@page
def school_value_added(request: HttpRequest, code: str) -> HttpResponse:
    view = school_value_added_for_user(request.user, code, *_chosen(request))
    context = {"active": "schools", "code": code, "view": view, "specs": chart_specs(**view.charts)}
    context["flag_labels"] = FLAG_LABELS
    return render(request, "web/school_value_added.html", context)
