"""学业质量 pages: attainment, 差异率 against the 15% line and value-added beside it; the bureau's marks."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.errors import UsageError
from eduplan.store.models import BenchmarkSchool
from eduplan.store.quality import do_mark_benchmarks, do_set_cut_scores
from eduplan.web import forms
from eduplan.web.access import can_write, require_write, schools_in_scope
from eduplan.web.areas.quality import region_quality_for_user
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page
from eduplan.web.views.common import rendered_report as rendered


@page
def quality_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    grade, subject = forms.grade_and_subject(request.GET)
    view = region_quality_for_user(request.user, place, year, grade, subject, request.GET.get("exam") or None)
    schools = schools_in_scope(request.user, year, place).order_by("school_id")
    marked = set(BenchmarkSchool.objects.filter(region=place, year=year).values_list("school_code", flat=True))
    rows = len(view.result["schools"]) if view.result else 0
    context = {
        "active": "quality",
        "region": place,
        "year": year,
        "view": view,
        "specs": chart_specs(**view.charts),
        "chart_height": 120 + 22 * rows,
        "can_mark": can_write(request.user, "assessments") and place.level == "county",
        "schools": [(s.school_id, s.name, s.urban_rural, s.school_id in marked) for s in schools],
    }
    return render(request, "web/quality/quality.html", context)


@page
@require_POST
def quality_settings(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """The bureau marks its 城区优质学校 and sets cut scores (county level only)."""
    place = region_for_page(request, region, year)
    require_write(request.user, "assessments")
    if place.level != "county":
        raise UsageError("城区优质学校与合格/优秀线由县（区）设定：请先选择一个县（区）")
    in_scope = set(schools_in_scope(request.user, year, place).values_list("school_id", flat=True))
    chosen = [c for c in request.POST.getlist("benchmark") if c in in_scope]
    do_mark_benchmarks(place.code, year, chosen, request.user)
    if request.POST.get("subject") and request.POST.get("grade"):
        try:
            cuts = float(request.POST["pass_score"]), float(request.POST["excellent_score"])
        except (KeyError, ValueError):
            raise UsageError("合格线、优秀线应为数字") from None
        do_set_cut_scores(place.code, year, request.POST["grade"], request.POST["subject"], *cuts, request.user)
    messages.success(request, f"已保存：城区优质学校 {len(chosen)} 所")
    return redirect("quality", region=place.code, year=year)


@page
def quality_report(request: HttpRequest, region: str, year: int, fmt: str) -> HttpResponseBase:
    place = region_for_page(request, region, year)
    params = {"region": place.code, "year": year, **{k: request.GET.get(k, "") for k in ("grade", "subject", "exam")}}
    return rendered("quality", params, fmt)
