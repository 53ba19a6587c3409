"""The supervision loop on the web: the inspector's page, the office's term page, a school's history, recording a
visit, a rectification with the school's 整改报告 and the inspector's 复查, evidence files, and the downloads.

Every write is a ``store.supervision.do_*`` call; this module parses the form, checks access, calls, redirects.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from eduplan.contract import county_of
from eduplan.errors import UsageError
from eduplan.standards.supervision import (
    CHECKLISTS,
    ESCALATIONS,
    FAILING_RESULT,
    INCENTIVES,
    INSPECTOR_KINDS,
    RESULTS,
    SEVERITIES,
    VISIT_KINDS,
    item_text,
)
from eduplan.store import supervision as sv
from eduplan.store.models import Region
from eduplan.store.models.supervision import Inspector, PlannedVisit, SupervisionAction, SupervisionPlan, Visit
from eduplan.web import charts, forms
from eduplan.web.access import (
    can_supervise,
    can_write,
    get_evidence_for_user,
    get_rectification_for_user,
    get_school_for_user,
    get_visit_for_user,
    may_see_responsible,
    rectifications_for_user,
    require_supervise,
    require_supervision_read,
    require_write,
    scope_of,
)
from eduplan.web.decorators import api, page
from eduplan.web.views.common import chart_specs, region_for_page


def today() -> dt.date:
    return dt.date.today()


def parse_date(value: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{label} {value!r} 不对：应为日期，如 2023-10-09") from None


def _uploads(request: HttpRequest, name: str = "evidence") -> tuple[sv.Upload, ...]:
    return tuple(sv.Upload(f.name or "未命名", f.read()) for f in request.FILES.getlist(name))


def _names(codes: set[str]) -> dict[str, str]:
    return {c: sv.school_name(c) for c in codes}


# --- the inspector's page (and every role's list of rectifications in scope) -------------------------------------


@page
def supervision_home(request: HttpRequest) -> HttpResponse:
    day = today()
    inspector = Inspector.objects.filter(user__pk=request.user.pk or 0).first()
    schools = sv.assigned_schools(inspector, day) if inspector else []
    rects = rectifications_for_user(request.user).exclude(state="closed")
    if inspector:
        rects = rects.filter(school_code__in=schools)
    month = day.replace(day=1)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    due = PlannedVisit.objects.filter(school_code__in=schools, due__gte=month, due__lt=next_month)
    rect_list = list(rects.order_by("deadline", "id"))
    names = _names(set(schools) | {r.school_code for r in rect_list} | {d.school_code for d in due})
    context = {
        "active": "supervision_home",
        "inspector": inspector,
        "schools": [(c, names[c]) for c in schools],
        "due": [(d, names[d.school_code]) for d in due],
        "rects": [(r, names[r.school_code], r.state in ("open", "returned") and r.deadline < day) for r in rect_list],
        "today": day,
    }
    return render(request, "web/supervision/home.html", context)


# --- the office's term page, its JSON and its report -------------------------------------------------------------


def office_figures(region: Region, year: int, chosen: str) -> tuple[list[SupervisionPlan], dict[str, Any] | None]:
    return sv.office_figures(region, year, chosen, today())


def findings_chart(figures: dict[str, Any]) -> dict[str, Any] | None:
    rows = figures["findings_by_item"]
    if not rows:
        return None
    series = {s: [r[s] for r in rows] for s in SEVERITIES}
    return charts.grouped_bars("问题按督导事项和严重程度", [r["item"] for r in rows], series, "项")


@page
def supervision_office(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    plans, figures = office_figures(place, year, request.GET.get("plan", ""))
    specs = chart_specs(findings=findings_chart(figures)) if figures else []
    context = {"active": "supervision", "region": place, "year": year, "plans": plans, "figures": figures}
    context.update(specs=specs, chosen=(figures or {}).get("plan", {}).get("id"))
    if can_write(request.user, "supervision_office"):
        context.update(
            office=True, wider=sv.reads_wider(place.code), inspectors=sv.inspectors_in(place), kinds=VISIT_KINDS,
            inspector_kinds=INSPECTOR_KINDS, checklists=CHECKLISTS, today=today(),
        )  # fmt: skip
    return render(request, "web/supervision/office.html", context)


# --- the office's forms: inspectors' reading outside their 责任区, 责任区, visits due ------------------------------


def _office_place(request: HttpRequest, region: str, year: int) -> Region:
    place = region_for_page(request, region, year)
    require_write(request.user, "supervision_office")
    return place


def _back(region: Region, year: int, plan: object = "") -> HttpResponse:
    url = reverse("supervision_office", args=[region.code, year])
    return redirect(f"{url}?plan={plan}" if plan else url)


def _codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,，、;；]+", text) if c]


@page
@require_POST
def supervision_reading(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = _office_place(request, region, year)
    wider = request.POST.get("wider", "")
    if wider not in ("on", "off"):
        raise UsageError(f"查阅范围：{wider!r} 不对，应为 on（可只读查阅全区学校）或 off（只查阅本人责任区）")
    sv.do_set_reading(request.user, place, wider == "on")
    messages.success(request, "已保存督学的查阅范围")
    return _back(place, year)


@page
@require_POST
def supervision_assign(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = _office_place(request, region, year)
    post = request.POST
    start = parse_date(post.get("valid_from", ""), "开始日期")
    end = parse_date(post["valid_to"], "结束日期") if post.get("valid_to", "").strip() else None
    done = sv.do_assign_area(
        request.user, place, post.get("inspector", ""), _codes(post.get("schools", "")), start, end,
        post.get("new_name", ""), post.get("new_kind", ""),
    )  # fmt: skip
    messages.success(request, f"已将 {len(done)} 所学校划入{done[0].inspector.name}的责任区")
    return _back(place, year)


@page
@require_POST
def supervision_due(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = _office_place(request, region, year)
    post = request.POST
    chosen, plans = post.get("plan", ""), sv.plans_for(place, year)
    plan = next((p for p in plans if str(p.pk) == chosen), None) if chosen else (plans[-1] if plans else None)
    if plan is None:
        raise UsageError(f"督导计划：{chosen!r} 不存在，请从本区域本学年的计划中选择")
    due = parse_date(post.get("due", ""), "计划督导日期")
    kind, checklist = post.get("kind", ""), post.get("checklist", "")
    codes = _codes(post.get("schools", ""))
    added = sv.do_add_visits_due(request.user, plan, [sv.Due(code, kind, checklist, due) for code in codes])
    messages.success(request, f"已在{plan.name}计划中增加 {len(added)} 次督导")
    return _back(place, year, plan.pk)


@api
def api_supervision(request: HttpRequest, code: str, year: int) -> dict[str, Any]:
    year = forms.year(year)
    from eduplan.web.access import get_region_for_user

    place = get_region_for_user(request.user, code)
    plans, figures = office_figures(place, year, request.GET.get("plan", ""))
    return {"region": place.code, "year": year, "plans": [p.pk for p in plans], "term": figures}


@page
def supervision_report(request: HttpRequest, region: str, year: int, fmt: str) -> HttpResponse:
    from eduplan.reports.supervision import term_report

    place = region_for_page(request, region, year)
    _check_format(fmt)
    _plans, figures = office_figures(place, year, request.GET.get("plan", ""))
    if figures is None:
        raise UsageError(f"{place.name}{year}学年没有督导计划，无法生成督导报告")
    return _download(*term_report(place.name, figures, fmt))


def _check_format(fmt: str) -> None:
    if fmt not in ("pdf", "xlsx"):
        raise UsageError(f"格式 {fmt!r} 不对：应为 pdf 或 xlsx")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


# --- one visit: its JSON and its report ----------------------------------------------------------------------------


@api
def api_visit(request: HttpRequest, visit_id: int) -> dict[str, Any]:
    return sv.visit_figures(get_visit_for_user(request.user, visit_id))


@api
def api_rectification(request: HttpRequest, rect_id: int) -> dict[str, Any]:
    return sv.rectification_figures(get_rectification_for_user(request.user, rect_id), today())


@page
def visit_report(request: HttpRequest, visit_id: int, fmt: str) -> HttpResponse:
    """The report of one school visit (PDF or Excel): the numbers of the visit's JSON."""
    from eduplan.reports.supervision import visit_report as build

    visit = get_visit_for_user(request.user, visit_id)
    _check_format(fmt)
    return _download(*build(sv.visit_figures(visit), fmt))


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


# --- a school's supervision history and recording a visit -------------------------------------------------------


@page
def school_supervision(request: HttpRequest, code: str) -> HttpResponse:
    school = get_school_for_user(request.user, code)[-1]
    require_supervision_read(request.user, code)
    visits = Visit.objects.filter(school_code=code).prefetch_related("results", "inspectors", "evidence")
    day = today()
    rects = list(sv.rectifications_for([code]).order_by("-issued_on", "-id"))
    actions = list(SupervisionAction.objects.filter(school_code=code))
    named = may_see_responsible(request.user, code, day)
    if named and actions:
        sv.record_names_read(request.user, code, f"{school.name} 督导记录")
    context = {
        "active": "supervision",
        "school": school,
        "visits": [(v, [(r, item_text(r.item_key)) for r in v.results.all()]) for v in visits],
        "rects": [(r, r.state in ("open", "returned") and r.deadline < day) for r in rects],
        "actions": [(a, a.who if named else sv.pseudonym_of(a.who)) for a in actions],
        "can_visit": can_supervise(request.user, code, day),
    }
    return render(request, "web/supervision/school.html", context)


def _visit_input(post: QueryDict, code: str, uploads: tuple[sv.Upload, ...]) -> sv.VisitInput:
    checklist = post.get("checklist", "")
    if checklist not in CHECKLISTS:
        raise UsageError(f"督导清单 {checklist!r} 不存在")
    visit_date = parse_date(post.get("date", ""), "督导日期")
    results: dict[str, tuple[str, str]] = {}
    findings: list[sv.Finding] = []
    for item in CHECKLISTS[checklist].items:
        result = post.get(f"result_{item.key}", "")
        results[item.key] = (result, post.get(f"note_{item.key}", ""))
        if result == FAILING_RESULT:
            deadline = parse_date(post.get(f"deadline_{item.key}", ""), f"“{item.text}”的整改期限")
            text = post.get(f"note_{item.key}", "").strip() or item.text
            findings.append(
                sv.Finding(text, post.get(f"severity_{item.key}", ""), post.get(f"responsible_{item.key}", ""),
                           deadline, item_key=item.key, requirement=post.get(f"requirement_{item.key}", ""))
            )  # fmt: skip
    if free := post.get("free_finding", "").strip():
        deadline = parse_date(post.get("free_deadline", ""), "其他问题的整改期限")
        findings.append(sv.Finding(free, post.get("free_severity", ""), post.get("free_responsible", ""), deadline,
                                   requirement=post.get("free_requirement", "")))  # fmt: skip
    inspectors = tuple(Inspector.objects.filter(pk__in=[i for i in post.getlist("inspectors") if i.isdigit()]))
    return sv.VisitInput(code, visit_date, post.get("kind", ""), checklist, results, tuple(findings),
                         post.get("summary", ""), inspectors, uploads)  # fmt: skip


@page
def supervision_visit(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the checklist form. POST: the visit recorded, with its findings opened as rectifications."""
    school = get_school_for_user(request.user, code)[-1]
    require_supervision_read(request.user, code)
    require_write(request.user, "supervision")
    checklist = request.POST.get("checklist") or request.GET.get("checklist") or "regular"
    if checklist not in CHECKLISTS:
        raise UsageError(f"督导清单 {checklist!r} 不存在")
    status, error = 200, ""
    if request.method == "POST":
        try:
            visit_input = _visit_input(request.POST, code, _uploads(request))
            require_supervise(request.user, code, visit_input.date)
            _visit, created = sv.do_record_visit(request.user, visit_input, today())
        except UsageError as exc:
            status, error = 400, str(exc)
        else:
            messages.success(request, "已记录本次督导" if created else "这次督导已经记录过，没有重复记录")
            return redirect("school_supervision", code)
    own = Inspector.objects.filter(user__pk=request.user.pk or 0).first()
    region = county_of(school.region_id)
    context = {
        "active": "supervision", "school": school, "checklist": CHECKLISTS[checklist], "checklists": CHECKLISTS,
        "results": RESULTS, "severities": SEVERITIES, "kinds": VISIT_KINDS, "error": error, "post": request.POST,
        "inspectors": Inspector.objects.filter(region_id=region), "own": own, "today": today(),
    }  # fmt: skip
    return render(request, "web/supervision/visit.html", context, status=status)


# --- a rectification: the page, the school's report, the 复查, escalations, the notice -----------------------------


@page
def rectification_page(request: HttpRequest, rect_id: int) -> HttpResponse:
    rect = get_rectification_for_user(request.user, rect_id)
    day = today()
    named = may_see_responsible(request.user, rect.school_code, day)
    if named:
        sv.record_responsible_read(request.user, rect, "整改通知页面")
    context = {
        "active": "supervision",
        "rect": rect,
        "responsible": sv.responsible_as_shown(rect, named),
        "school_name": sv.school_name(rect.school_code),
        "item": item_text(rect.item_key) if rect.item_key else "",
        "overdue": rect.state in ("open", "returned") and rect.deadline < day,
        "reports": rect.reports.prefetch_related("evidence"),
        "rechecks": rect.rechecks.all(),
        "actions": [(a, a.who if named else sv.pseudonym_of(a.who)) for a in rect.actions.all()],
        "can_report": can_write(request.user, "rectification") and rect.state in ("open", "returned"),
        "can_recheck": rect.state == "reported" and can_supervise(request.user, rect.school_code, day),
        "can_act": can_supervise(request.user, rect.school_code, day),
        "kinds": ESCALATIONS + INCENTIVES,
        "today": day,
    }
    return render(request, "web/supervision/rectification.html", context)


@page
@require_POST
def rectification_report(request: HttpRequest, rect_id: int) -> HttpResponse:
    rect = get_rectification_for_user(request.user, rect_id)
    require_write(request.user, "rectification")
    scope = scope_of(request.user)
    school = scope.school_code if scope.is_school else rect.school_code
    _report, created = sv.do_submit_report(
        request.user, rect, school, request.POST.get("text", ""), _uploads(request), today()
    )
    messages.success(request, "已提交整改报告，等待复查" if created else "整改报告已经提交过，没有重复提交")
    return redirect("rectification", rect.pk)


@page
@require_POST
def rectification_recheck(request: HttpRequest, rect_id: int) -> HttpResponse:
    rect = get_rectification_for_user(request.user, rect_id)
    day = today()
    require_supervise(request.user, rect.school_code, day)
    outcome = request.POST.get("outcome", "")
    if outcome not in ("close", "return"):
        raise UsageError(f"复查结论 {outcome!r} 不对：应为 close（销号）或 return（退回）")
    _check, created = sv.do_recheck(request.user, rect, outcome == "close", request.POST.get("reason", ""), day)
    messages.success(request, "已记录复查结论" if created else "复查结论已经记录过")
    return redirect("rectification", rect.pk)


@page
@require_POST
def rectification_action(request: HttpRequest, rect_id: int) -> HttpResponse:
    rect = get_rectification_for_user(request.user, rect_id)
    day = today()
    require_supervise(request.user, rect.school_code, day)
    post = request.POST
    date = parse_date(post.get("date", ""), "日期")
    _action, created = sv.do_record_action(
        request.user, rect.school_code, post.get("kind", ""), date, post.get("who", ""), post.get("document", ""),
        post.get("note", ""), rect, day,
    )  # fmt: skip
    messages.success(request, "已记录" if created else "这项处理已经记录过")
    return redirect("rectification", rect.pk)


@page
def rectification_notice(request: HttpRequest, rect_id: int) -> HttpResponse:
    from eduplan.reports.supervision import notice_pdf

    rect = get_rectification_for_user(request.user, rect_id)
    named = may_see_responsible(request.user, rect.school_code, today())
    if named:
        sv.record_responsible_read(request.user, rect, "整改通知书")
    pdf = notice_pdf(rect, sv.responsible_as_shown(rect, named))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{_quote('整改通知书_' + rect.number + '.pdf')}"
    return response


@page
def evidence_file(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """An evidence file shown inline, with the type checked when it was stored (never the browser's guess)."""
    evidence = get_evidence_for_user(request.user, evidence_id)
    response = HttpResponse(bytes(evidence.content), content_type=evidence.content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{_quote(evidence.filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response
