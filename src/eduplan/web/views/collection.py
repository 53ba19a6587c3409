"""The yearly collection (docs/collection.md): the clerk's form (填报, 上报), the office's review (审核), the
completeness page, and the county's own census restore."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.contract import county_of
from eduplan.errors import UsageError
from eduplan.store.collection import (
    SubmissionRefused,
    completeness,
    do_restore_county,
    do_review,
    do_save_draft,
    do_submit,
    findings_of,
    form_rows,
    live_rows,
    submission_of,
)
from eduplan.store.models import CensusVersion, SchoolVersion
from eduplan.store.models.collection import STATUSES, SUBMITTED, CensusSubmission
from eduplan.web import forms
from eduplan.web.access import (
    can_write,
    get_census_version_for_user,
    get_region_for_user,
    get_school_for_user,
    require_write,
    schools_in_scope,
)
from eduplan.web.areas.collection import changes, form_sections
from eduplan.web.decorators import page
from eduplan.web.views.common import region_for_page


@page
def school_census(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """GET: the school's form of the year (its draft, else the live rows). POST: save the draft, or save and submit."""
    school = get_school_for_user(request.user, code)[-1]
    forms.year(year)
    status = 200
    blocking = None
    if request.method == "POST":
        require_write(request.user, "school_census")
        draft = do_save_draft(request.user, school, year, request.POST.dict())
        if request.POST.get("action") != "submit":
            messages.success(request, _saved(draft.findings))
            return redirect("school_census", code, year)
        try:
            do_submit(request.user, draft)
        except SubmissionRefused as exc:
            blocking, status = exc, 400
        else:
            messages.success(request, "已上报，等待区县教育局审核")
            return redirect("school_census", code, year)
    submission = submission_of(code, year)
    data = form_rows(code, year)
    findings = findings_of(submission) if submission else []  # checked from the first save on
    editable = can_write(request.user, "school_census") and (submission is None or submission.status != SUBMITTED)
    context = _context(request, school, year, submission, "schools")
    context.update(
        sections=form_sections(data, findings, submission.reasons if submission else {}),
        editable=editable,
        refused=blocking,
    )
    return render(request, "web/collection/school_form.html", context, status=status)


def _context(
    request: HttpRequest, school: SchoolVersion, year: int, submission: CensusSubmission | None, active: str
) -> dict[str, Any]:
    return {
        "active": active,
        "school": school,
        "year": year,
        "submission": submission,
        "status_label": STATUSES.get(submission.status, "") if submission else "",
        "can_review": can_write(request.user, "collection") and submission is not None,
    }


def _saved(findings: list[dict[str, str]]) -> str:
    errors = sum(1 for f in findings if f["level"] == "error")
    warnings = len(findings) - errors
    if not findings:
        return "已保存草稿，检查未发现问题；确认无误后请点“检查并上报”"
    return f"已保存草稿：{errors} 处错误，{warnings} 处提醒，见各栏下的提示"


@page
def school_review(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """GET: the submitted rows against the live ones, with the checks and reasons. POST: approve or return."""
    school = get_school_for_user(request.user, code)[-1]
    forms.year(year)
    if request.method == "POST":
        require_write(request.user, "collection")
        submission = submission_of(code, year)
        if submission is None or submission.status != SUBMITTED:
            messages.error(request, f"{school.name}的数据不在待审核状态，未做任何修改")
            return redirect("school_review", code, year)
        approve = request.POST.get("decision") == "approve"
        do_review(request.user, submission, approve, request.POST.get("reason", ""))
        messages.success(request, f"已审核通过{school.name}的数据" if approve else f"已退回{school.name}的数据")
        return redirect("collection", county_of(school.region_id), year)
    submission = submission_of(code, year)
    context = _context(request, school, year, submission, "collection")
    context.update(
        changes=changes(live_rows(code, year), submission.data) if submission else [],
        findings=findings_of(submission) if submission else [],
    )
    return render(request, "web/collection/review.html", context)


@page
def collection_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """Completeness of the year's collection per town (county) and the schools to chase or to review."""
    place = region_for_page(request, region, year)
    result = completeness(year, schools_in_scope(request.user, year, place), place)
    live = CensusVersion.objects.filter(year=year, is_current=True).first()
    context = {"active": "collection", "region": place, "year": year, "result": result, "live": live}
    return render(request, "web/collection/completeness.html", context)


@page
@require_POST
def census_restore_county(request: HttpRequest, year: int, number: int) -> HttpResponse:
    """Restore one county's census rows of ``year`` to version ``number``: rights over that county suffice."""
    version = get_census_version_for_user(request.user, forms.year(year), number)
    require_write(request.user, "collection")
    county = get_region_for_user(request.user, request.POST.get("county", ""))
    if county.level != "county":
        raise UsageError(f"{county.name}不是县区：请选择要恢复的县区")
    restored = do_restore_county(request.user, version.year, county, version.number)
    messages.success(request, f"{county.name}的{year}学年普查数据已恢复为第{number}版（存为第{restored.number}版）")
    return redirect("census")
