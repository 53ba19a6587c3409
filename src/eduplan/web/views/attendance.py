"""控辍保学 pages: the monthly report (aggregates), the named register, a school's cases and one case's steps."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.errors import EduplanError, UsageError
from eduplan.standards import attendance as rules
from eduplan.store.attendance import (
    NewCase,
    case_rows,
    do_add_step,
    do_report_case,
    monthly,
    record_named_view,
    retention_table,
)
from eduplan.web.access import get_school_for_user, require_write
from eduplan.web.areas import quality_charts
from eduplan.web.areas.attendance import aggregate_cases_for_user, cases_for_user, get_case_for_user, may_see_names
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page
from eduplan.web.views.common import rendered_report as rendered


def _month(request: HttpRequest) -> str:
    return request.GET.get("month") or date.today().strftime("%Y-%m")


def _date(value: str, label: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{label}应为日期（YYYY-MM-DD），实际为 {value!r}") from None


@page
def attendance_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    named = may_see_names(request.user)
    cases = aggregate_cases_for_user(request.user, place.subtree_prefix())
    report = monthly(cases, _month(request), suppress=not named)
    try:
        retention = retention_table(place.code, year)
    except EduplanError as exc:  # no census of the year: shown, not raised
        retention = {"county": None, "schools": [], "missing": [str(exc)], "target": rules.RETENTION_TARGET}
    funnel = quality_charts.case_funnel(f"{place.name} 控辍保学案件进展", report["funnel"])
    context = {
        "active": "attendance",
        "region": place,
        "year": year,
        "report": report,
        "named": named,
        "retention": retention,
        "rules": rules.RULES,
        "specs": chart_specs(funnel=funnel),
    }
    return render(request, "web/attendance/attendance.html", context)


@page
def attendance_cases(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    cases = cases_for_user(request.user).filter(region_code__startswith=place.subtree_prefix())
    if request.GET.get("open") != "0":
        cases = cases.filter(closed_on__isnull=True)
    rows = case_rows(cases.order_by("school_code", "-absent_since"), date.today())
    record_named_view(request.user, f"{place.name} 控辍保学名册", region_code=place.code, count=len(rows))
    context = {"active": "attendance", "region": place, "year": year, "rows": rows}
    return render(request, "web/attendance/cases.html", context)


@page
def attendance_report(request: HttpRequest, region: str, year: int, fmt: str) -> HttpResponseBase:
    place = region_for_page(request, region, year)
    return rendered("attendance", {"region": place.code, "year": year, "month": _month(request)}, fmt)


@page
def school_cases(request: HttpRequest, code: str) -> HttpResponse:
    history = get_school_for_user(request.user, code)
    cases = cases_for_user(request.user).filter(school_code=code)
    rows = case_rows(cases, date.today())
    record_named_view(request.user, f"{history[-1].name} 控辍保学案件", school_code=code, count=len(rows))
    context = {
        "active": "schools",
        "school": history[-1],
        "rows": rows,
        "kinds": rules.KINDS,
        "reasons": rules.REASONS,
        "groups": rules.GROUPS,
        "today": date.today().isoformat(),
    }
    return render(request, "web/attendance/school_cases.html", context)


@page
@require_POST
def school_case_new(request: HttpRequest, code: str) -> HttpResponse:
    get_school_for_user(request.user, code)
    require_write(request.user, "attendance")
    post = request.POST
    try:
        birth_year = int(post.get("birth_year", ""))
    except ValueError:
        raise UsageError("出生年份应为四位数字") from None
    case = do_report_case(
        NewCase(
            school_code=code,
            student_id=post.get("student_id", ""),
            name=post.get("name", ""),
            birth_year=birth_year,
            grade=post.get("grade", ""),
            kind=post.get("kind", ""),
            reason=post.get("reason", ""),
            responsible=post.get("responsible", ""),
            absent_since=_date(post.get("absent_since", ""), "缺勤起始日期"),
            reported_on=_date(post.get("reported_on", "") or date.today().isoformat(), "报告日期"),
            groups=tuple(post.getlist("groups")),
        ),
        request.user,
    )
    messages.success(request, f"已报告案件 #{case.pk}")
    return redirect("case", case_id=case.pk)


@page
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    row = case_rows(type(case).objects.filter(pk=case.pk), date.today())[0]
    record_named_view(request.user, f"控辍保学案件 #{case.pk}", school_code=case.school_code, count=1)
    context = {
        "active": "schools",
        "case": case,
        "row": row,
        "steps": case.steps.all(),
        "step_names": [s for s in rules.STEPS if s != rules.REPORT] + [rules.REPORT],
        "today": date.today().isoformat(),
        "visit_rule": rules.HOME_VISIT,
    }
    return render(request, "web/attendance/case.html", context)


@page
@require_POST
def case_step(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    on = _date(request.POST.get("on", ""), "步骤日期")
    do_add_step(case, request.POST.get("step", ""), on, request.POST.get("note", ""), request.user)
    messages.success(request, "已记录")
    return redirect("case", case_id=case.pk)
