"""The personnel section's pages (docs/teachers.md): structure and charts, rotation, training, the named registry.

Everyone with the region in scope sees aggregates, groups of fewer than 5 teachers suppressed. Named records (one row
per person, by pseudonym) only for the personnel office and admins (``access.require_named_teachers``), and a school
clerk for his own school; every view of a named list writes an audit entry.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.contract import STAGES, county_of
from eduplan.errors import NotFound
from eduplan.store import audit
from eduplan.store.models import Region
from eduplan.store.teachers import (
    EDITABLE,
    assess_teachers,
    current_record,
    do_edit_teacher,
    has_roster,
    registry_census_comparison,
    teacher_frames,
    title_ratios,
)
from eduplan.web import charts, forms
from eduplan.web.access import (
    can_see_named_teachers,
    get_school_for_user,
    require_named_teachers,
    scope_of,
)
from eduplan.web.decorators import api, page
from eduplan.web.views.common import chart_specs, region_for_page

FIELD_LABELS = {
    "education": "最高学历",
    "first_education": "第一学历",
    "title": "职称",
    "post_level": "岗位等级",
    "establishment": "编制类型",
    "subjects": "任教学科",
    "backbone_level": "骨干级别",
    "certificate": "教师资格",
}
MEASURE_LABELS = {
    "teachers": "专任教师数",
    "teachers_above_required": "高于规定学历",
    "teachers_bachelor_plus": "本科及以上",
    "teachers_postgraduate": "研究生",
    "teachers_associate_plus": "专科及以上",
    "backbone_teachers": "县级及以上骨干",
    "pe_teachers": "体育",
    "music_teachers": "音乐",
    "art_teachers": "美术",
    "certified_teachers": "持证",
    "senior_title_teachers": "高级职称",
    "mid_title_plus_teachers": "中级及以上职称",
}


def _audit_named(request: HttpRequest, what: str, where: str, year: int, count: int) -> None:
    audit.do_record_personal_read(
        request.user,
        "teachers.view_named",
        "TeacherRecord",
        "",
        summary=f"查看{what}：{where} {year}学年，{count} 名教师",
        region_code=county_of(where),
    )


def _result(place: Region, year: int, named: bool) -> dict[str, Any] | None:
    if not has_roster(year):
        return None
    try:
        return assess_teachers(place.code, year, named=named)
    except NotFound:
        return None


def pyramid_chart(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The age pyramid: men to the left (negative), women to the right; suppressed groups are left out."""
    shown = [r for r in rows if not r.get("suppressed")]
    if not shown:
        return None
    bands = list(dict.fromkeys(r["band"] for r in shown))
    men = {b: 0.0 for b in bands}
    women = {b: 0.0 for b in bands}
    for r in shown:
        men[r["band"]] -= r["男"] or 0
        women[r["band"]] += r["女"] or 0
    option = charts.grouped_bars("年龄结构（人）", bands, {"男": list(men.values()), "女": list(women.values())}, "人")
    option["xAxis"], option["yAxis"] = {"type": "value", "name": "人"}, {"type": "category", "data": bands}
    for series in option["series"]:
        series["stack"] = "age"
    return option


def _charts(result: dict[str, Any]) -> list[dict[str, Any]]:
    wave = result["retirements"]
    return chart_specs(
        pyramid=pyramid_chart(result["age_pyramid"]),
        retirements=charts.grouped_bars(
            "今后十年达到法定退休年龄的教师（人）",
            [str(w["year"]) for w in wave],
            {"退休人数": [w["retiring"] for w in wave]},
            "人",
        ),
    )


@page
def teachers_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    result = _result(place, year, named=False)
    named = can_see_named_teachers(request.user)
    quality = None
    if result is not None and named:
        try:
            quality = registry_census_comparison(place.code, year)
        except NotFound:
            quality = None
    context = {
        "active": "teachers",
        "region": place,
        "year": year,
        "result": result,
        "named": named,
        "quality": quality,
        "measure_labels": MEASURE_LABELS,
        "specs": _charts(result) if result else [],
        "ratios": title_ratios(place.code) if named else {},
        "stages": STAGES,
    }
    return render(request, "web/teachers/staffing.html", context)


@require_POST
@page
def teacher_title_ratios(request: HttpRequest, region: str, year: int) -> HttpResponseBase:
    """Record the county's own 岗位设置 ratios (personnel, admin): ``senior-<学段>`` and ``mid-<学段>`` in %; a 学段
    left blank is not changed. Bad values: 400 with the message, nothing stored (``do_set_title_ratios``)."""
    from eduplan.store.teachers import do_set_title_ratios

    place = region_for_page(request, region, year)
    require_named_teachers(request.user)
    ratios: dict[str, tuple[object, object]] = {
        stage: (request.POST.get(f"senior-{stage}", ""), request.POST.get(f"mid-{stage}", ""))
        for stage in STAGES
        if request.POST.get(f"senior-{stage}", "").strip() or request.POST.get(f"mid-{stage}", "").strip()
    }
    saved = do_set_title_ratios(place.code, ratios, document=request.POST.get("document", ""), user=request.user)
    messages.success(request, f"已保存岗位设置比例：{'、'.join(saved)}")
    return redirect("teachers", region=place.code, year=year)


@page
def teacher_rotation(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    named = can_see_named_teachers(request.user)
    result = _result(place, year, named=named)
    if result is not None and named:
        _audit_named(request, "待交流轮岗教师名单", place.code, year, len(result["rotation"].get("due", [])))
    context = {"active": "teachers", "region": place, "year": year, "result": result, "named": named}
    return render(request, "web/teachers/rotation.html", context)


@page
def teacher_training(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    named = can_see_named_teachers(request.user)
    result = _result(place, year, named=named)
    if result is not None and named:
        _audit_named(request, "培训学时落后教师名单", place.code, year, len(result["training"].get("behind_list", [])))
    context = {"active": "teachers", "region": place, "year": year, "result": result, "named": named}
    return render(request, "web/teachers/training.html", context)


def _named_rows(region_code: str, year: int, school_code: str = "") -> list[dict[str, Any]]:
    frames = teacher_frames(region_code, year, school_code)
    columns = ["teacher_id", "school_code", "school_name", "stage", "sex", "birth_year", "title", "education"]
    columns += ["establishment", "subjects", "backbone_level", "since", "certificate", "post_level", "first_education"]
    ordered = frames.roster.sort_values(["school_code", "teacher_id"])[columns]
    return [{str(k): v for k, v in row.items()} for row in ordered.to_dict("records")]


@page
def teacher_registry(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    require_named_teachers(request.user)
    rows = _named_rows(place.code, year) if has_roster(year) else []
    _audit_named(request, "教师名册", place.code, year, len(rows))
    context = {"active": "teachers", "region": place, "year": year, "rows": rows}
    return render(request, "web/teachers/registry.html", context)


@page
def school_teachers(request: HttpRequest, code: str, year: int) -> HttpResponse:
    year = forms.year(year)
    history = get_school_for_user(request.user, code)
    require_named_teachers(request.user, code)
    rows = _named_rows(county_of(history[-1].region_id), year, code) if has_roster(year) else []
    _audit_named(request, "本校教师名册", code, year, len(rows))
    context = {
        "active": "schools",
        "code": code,
        "name": history[-1].name,
        "year": year,
        "rows": rows,
        "fields": [(k, FIELD_LABELS[k], v) for k, v in EDITABLE.items()],
    }
    return render(request, "web/teachers/school.html", context)


@require_POST
@page
def school_teacher_edit(request: HttpRequest, code: str, year: int, teacher: str) -> HttpResponseBase:
    year = forms.year(year)
    get_school_for_user(request.user, code)
    require_named_teachers(request.user, code)
    record = current_record(year, teacher)
    if record.school_code != code:
        raise NotFound("本校名册中没有这名教师")
    changes = {k: request.POST[k].strip() for k in EDITABLE if k in request.POST}
    changes = {k: v for k, v in changes.items() if v != getattr(record, k)}
    if changes:
        do_edit_teacher(year, teacher, changes, user=request.user)
        messages.success(request, f"已更正：{'、'.join(FIELD_LABELS[k] for k in changes)}")
    return redirect("school_teachers", code=code, year=year)


@page
def teacher_template(request: HttpRequest) -> HttpResponseBase:
    """The empty roster workbook (no personal data), for every signed-in user with a scope."""
    import tempfile
    from pathlib import Path

    from eduplan.ingest.teachers import write_template

    scope_of(request.user)
    folder = Path(tempfile.mkdtemp(prefix="eduplan-template-"))
    path = write_template(folder / "教师名册模板.xlsx")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@api
def api_teachers(request: HttpRequest, code: str, year: int) -> dict[str, Any]:
    """The aggregate teacher metrics of a region and year (no named records, small groups suppressed)."""
    year = forms.year(year)
    from eduplan.web.access import get_region_for_user

    place = get_region_for_user(request.user, code)
    return assess_teachers(place.code, year, named=False)


@page
def teacher_report(request: HttpRequest, region: str, year: int, fmt: str) -> HttpResponseBase:
    from urllib.parse import quote

    place = region_for_page(request, region, year)
    from eduplan.reports.teachers import render_teacher_report

    content, content_type, filename = render_teacher_report(place.code, year, fmt, request.user.get_username())
    audit.do_record_personal_read(
        request.user,
        "teachers.export",
        "RosterVersion",
        "",
        summary=f"导出教师队伍报告 {place.code} {year}学年（{fmt}）",
        region_code=place.code,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@require_POST
@page
def teacher_upload(request: HttpRequest, region: str, year: int) -> HttpResponseBase:
    """Import a roster workbook from the registry page (personnel, admin): checked, pseudonymised, stored as a new
    version — or a 400 page listing every located problem, nothing stored. The upload is deleted either way."""
    import tempfile
    from pathlib import Path

    from eduplan.errors import IngestError
    from eduplan.store.teachers import check_teachers, do_import_teachers
    from eduplan.web.access import require_regions_in_scope

    place = region_for_page(request, region, year)
    require_named_teachers(request.user)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择教师名册工作簿（.xlsx）")
        return redirect("teacher_registry", region=place.code, year=year)
    with tempfile.TemporaryDirectory(prefix="eduplan-roster-") as folder:
        path = Path(folder) / Path(upload.name or "roster.xlsx").name
        data = upload.read()
        path.write_bytes(data)
        try:
            book = check_teachers(path, year)
        except IngestError as exc:
            context = {"region": place, "year": year, "problems": exc.problems, "total": exc.total, "name": path.name}
            return render(request, "web/teachers/upload_errors.html", context, status=400)
        schools = teacher_frames(place.code, year).schools.set_index("school_code")["region_code"]
        require_regions_in_scope(request.user, [str(schools.get(code, "")) for code in set(book.roster["school_code"])])
        version = do_import_teachers(path, year, user=request.user, checked=book, file_bytes=data)
    messages.success(
        request, f"已导入 {year}学年 教师名册 第{version.number}版：{version.row_counts['teachers']} 名教师"
    )
    return redirect("teacher_registry", region=place.code, year=year)
