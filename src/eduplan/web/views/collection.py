"""The yearly collection (docs/collection.md): the clerk's form (填报, 上报), the office's review (审核), the
completeness page, and the county's own census restore."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.contract import county_of
from eduplan.errors import IngestError, UsageError
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
from eduplan.web.areas.collection import cell_findings, changes, form_sections, read_workbook, workbook_bytes
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
    return _form(request, school, year, status, refused=blocking)


def _form(request: HttpRequest, school: SchoolVersion, year: int, status: int = 200, **extra: Any) -> HttpResponse:
    submission = submission_of(school.school_id, year)
    data = form_rows(school.school_id, year)
    findings = findings_of(submission) if submission else []  # checked from the first save on
    editable = can_write(request.user, "school_census") and (submission is None or submission.status != SUBMITTED)
    context = _context(request, school, year, submission, "schools")
    context.update(
        sections=form_sections(data, findings, submission.reasons if submission else {}), editable=editable, **extra
    )
    return render(request, "web/collection/school_form.html", context, status=status)


@page
def school_workbook(request: HttpRequest, code: str, year: int) -> FileResponse:
    """The school's own workbook of the year (the census template's 学段 and 年级, its rows only) to fill in."""
    school = get_school_for_user(request.user, code)[-1]
    body = workbook_bytes(school.school_id, form_rows(school.school_id, forms.year(year)))
    return FileResponse(io.BytesIO(body), as_attachment=True, filename=f"{school.name}{year}学年普查填报.xlsx")


@page
@require_POST
def school_workbook_upload(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The filled-in workbook read into the school's draft: the same checks as the form, shown on field and cell."""
    school = get_school_for_user(request.user, code)[-1]
    forms.year(year)
    require_write(request.user, "school_census")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择本校填好的填报工作簿（.xlsx）再上传")
        return redirect("school_census", code, year)
    try:
        read = read_workbook(upload, school.school_id, form_rows(school.school_id, year))
    except IngestError as exc:
        return _form(request, school, year, 400, workbook_problems=exc.problems)
    draft = do_save_draft(request.user, school, year, read.posted)
    messages.success(request, f"已读入工作簿 {upload.name}（{len(read.posted)} 个数值）。" + _saved(draft.findings))
    in_cells = cell_findings(findings_of(draft), read.cells, draft.data)
    return _form(request, school, year, cell_findings=in_cells)


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
