"""积分入学 pages for the admissions office (招生办): overview and results, rubric, applicants, run, seats, what-if.

Aggregates (seats, filled, lowest points) are shown to every region user of the district, with small cells (fewer
than 5 admitted by 志愿) suppressed for everyone but the admissions office; applicants by name only to the
admissions office and administrators, and every such view is audited.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.errors import UsageError
from eduplan.store import admission as store
from eduplan.store import audit
from eduplan.web.access import (
    can_write,
    get_admission_rubric_for_user,
    may_see_personal,
    require_personal,
    require_write,
)
from eduplan.web.charts import grouped_bars
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page

SMALL = 5  # cells under 5 admitted applicants are suppressed in aggregates for other roles
STATUS_CLASS = {"P": "pass", "S": "pass", "1": "warn", "U": "fail"}


def _schools(result: dict[str, Any], personal: bool) -> list[dict[str, Any]]:
    rows = []
    for school in result["schools"]:
        row = dict(school)
        row["suppressed"] = not personal and 0 < school["by_choice"] < SMALL
        if row["suppressed"]:
            row["lowest_points"] = None
        rows.append(row)
    return rows


def _chart(schools: list[dict[str, Any]]) -> dict[str, Any]:
    names = [f"{s['name']}（{s['grade']}年级）" for s in schools]
    series = {"学位": [s["seats"] for s in schools], "录取": [s["filled"] for s in schools]}
    return grouped_bars("各校积分入学学位与录取人数", names, series, "人")


def _context(request: HttpRequest, region: str, year: int) -> dict[str, Any]:
    place = region_for_page(request, region, year)
    run = store.latest_run(place.code, year)
    personal = may_see_personal(request.user, "admission")
    schools = _schools(run.result, personal) if run else []
    return {
        "active": "admission",
        "region": place,
        "year": year,
        "policy": store.district_policy(place.code, year),
        "run": run,
        "schools": schools,
        "source": store.current_import(place.code, year),
        "seats": store.seats_frame(place.code, year).to_dict(orient="records"),
        "rubrics": store.rubric_choices(place.code),
        "can_write": can_write(request.user, "admission"),
        "personal": personal,
        "specs": chart_specs(results=_chart(schools)) if schools else [],
        "small": SMALL,
    } | _forecast(request, place.code, year)


def _forecast(request: HttpRequest, region_code: str, year: int) -> dict[str, Any]:
    """``?forecast=1`` (the office only): the seat forecast's entry-grade intakes beside the census suggestion, and
    the same rows as CSV in the seats form to fill in 户籍, 政策性照顾 and the reserve (docs/admission.md)."""
    if not request.GET.get("forecast") or not can_write(request.user, "admission"):
        return {}
    from eduplan.errors import EduplanError

    try:
        rows = store.forecast_seats(region_code, year)
    except EduplanError as exc:
        return {"forecast_error": str(exc)}
    shown = rows.astype(object).where(rows.notna(), None)
    return {
        "forecast": shown.to_dict(orient="records"),
        "forecast_csv": rows.assign(hukou=0, policy=0, reserve=0).to_csv(index=False),
    }


@page
def admission_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    return render(request, "web/admission/run.html", _context(request, region, year))


@page
@require_POST
def admission_run(request: HttpRequest, region: str, year: int) -> HttpResponseBase:
    place = region_for_page(request, region, year)
    require_write(request.user, "admission")
    code, _, version = request.POST.get("rubric", "").partition("@")
    if code:
        get_admission_rubric_for_user(request.user, code, int(version) if version.isdigit() else None)
    seed = request.POST.get("seed", "").strip()
    if seed and not seed.isdigit():
        raise UsageError(f"随机种子应为非负整数，实际为 {seed}")
    store.do_run_admission(
        place.code,
        year,
        rubric_code=code,
        rubric_version=int(version) if version.isdigit() else None,
        seed=int(seed) if seed else None,
        user=request.user,
    )
    return redirect("admission", region=place.code, year=year)


@page
@require_POST
def admission_seats(request: HttpRequest, region: str, year: int) -> HttpResponseBase:
    """Replace the year's seats from CSV text (school_code,name,area,grade,kind,seats) or from the census."""
    place = region_for_page(request, region, year)
    require_write(request.user, "admission")
    if request.POST.get("from_census"):
        rows = store.default_seats(place.code, year)
    else:
        try:
            rows = pd.read_csv(io.StringIO(request.POST.get("csv", "")), dtype={"school_code": str})
        except (ValueError, pd.errors.ParserError) as exc:
            raise UsageError(f"学位表无法读取：{exc}") from None
        wanted = ("school_code", "name", "area", "grade", "kind", "capacity" if "capacity" in rows.columns else "seats")
        missing = [c for c in wanted if c not in rows.columns]
        if missing:
            raise UsageError("学位表缺少列：" + "、".join(missing))
    store.do_set_seats(rows, region_code=place.code, year=year, user=request.user)
    return redirect("admission", region=place.code, year=year)


@page
def admission_rubric(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """A rubric with its status marks; a POST saves the edited JSON as a new version."""
    place = region_for_page(request, region, year)
    if request.method == "POST":
        require_write(request.user, "admission")
        try:
            data = json.loads(request.POST.get("rubric", ""))
        except json.JSONDecodeError as exc:
            raise UsageError(f"积分细则不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}") from None
        if not isinstance(data, dict):
            raise UsageError("积分细则应为一个 JSON 对象")
        row = store.do_save_rubric(
            data, region_code=place.code, user=request.user, based_on=request.POST.get("based_on", "")
        )
        return redirect(f"{request.path}?code={row.code}&version={row.version}")
    policy = store.district_policy(place.code, year)
    code = request.GET.get("code") or policy.rubric_id
    version = request.GET.get("version", "")
    rubric = (
        get_admission_rubric_for_user(request.user, code, int(version) if version.isdigit() else None) if code else None
    )
    context = {
        "active": "admission",
        "region": place,
        "year": year,
        "policy": policy,
        "rubric": rubric,
        "rows": [r.as_dict() | {"cls": STATUS_CLASS[r.status]} for r in rubric.rows] if rubric else [],
        "in_use": store.rubric_in_use(rubric.id, rubric.version) if rubric else False,
        "rubrics": store.rubric_choices(place.code),
        "can_write": can_write(request.user, "admission"),
        "json": json.dumps(rubric.as_dict(), ensure_ascii=False, indent=2) if rubric else "",
    }
    return render(request, "web/admission/rubric.html", context)


@page
def admission_applicants(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """Applicants by name with their result and reason (admissions office and admins only; audited)."""
    place = region_for_page(request, region, year)
    require_personal(request.user, "admission")
    if request.method == "POST":
        require_write(request.user, "admission")
        upload = request.FILES.get("file")
        if upload is None:
            raise UsageError("请选择申请人工作簿（xlsx）")
        with tempfile.TemporaryDirectory(prefix="eduplan-applicants-") as folder:
            path = Path(folder) / "applicants.xlsx"
            path.write_bytes(upload.read())
            store.do_import_applicants(
                path, region_code=place.code, year=year, user=request.user, filename=upload.name or ""
            )
        return redirect("admission_applicants", region=place.code, year=year)
    source = store.current_import(place.code, year)
    run = store.latest_run(place.code, year)
    people = store.applicants_frame(source, with_names=True) if source else pd.DataFrame()
    results = {a["applicant"]: a for a in run.result["applicants"]} if run else {}
    rows = [
        {
            "name": p["name"],
            "applicant": p["applicant"],
            "row": p["row"],
            "grade": p["grade"],
            **results.get(p["applicant"], {}),
        }
        for p in people.to_dict(orient="records")
    ]
    chosen = request.GET.get("applicant", "")
    breakdown = store.rerun(run).breakdown(chosen) if run and chosen in results else []
    audit.do_record_personal_read(
        request.user,
        "admission.applicants.view",
        "AdmissionImport",
        source.pk if source else "",
        summary=f"查看 {year} 年积分入学申请人名单（{len(rows)} 人）" + (f"，积分明细 {chosen}" if chosen else ""),
        region_code=place.code,
    )
    context = {"active": "admission", "region": place, "year": year, "rows": rows, "source": source, "run": run}
    context |= {"chosen": chosen, "breakdown": breakdown, "can_write": can_write(request.user, "admission")}
    return render(request, "web/admission/applicants.html", context)


def _seat_changes(text: str) -> dict[tuple[str, int], int]:
    """``4401140001:1=60, 4401140002:1=0`` → {(code, grade): seats}."""
    changes: dict[tuple[str, int], int] = {}
    for part in filter(None, (p.strip() for p in text.replace("，", ",").split(","))):
        target, _, value = part.partition("=")
        code, _, grade = target.partition(":")
        if not value.strip().isdigit() or not grade.strip().isdigit():
            raise UsageError(f"学位调整写法不对：{part}；应为 学校标识码:年级=学位数，如 4401140001:1=60")
        changes[(code.strip(), int(grade))] = int(value)
    return changes


@page
def admission_whatif(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """The published run beside the same applicants with changed seats, purchased seats or rubric."""
    place = region_for_page(request, region, year)
    run = store.latest_run(place.code, year)
    both: dict[str, Any] | None = None
    if run is not None and request.GET:
        try:
            factor = float(request.GET.get("purchased", "1") or 1)
        except ValueError:
            raise UsageError("购买学位倍数应为数字，如 1.5") from None
        if not 0 <= factor <= 10:
            raise UsageError(f"购买学位倍数应在 0–10 之间，实际为 {factor:g}")
        code, _, version = request.GET.get("rubric", "").partition("@")
        rubric = (
            get_admission_rubric_for_user(request.user, code, int(version) if version.isdigit() else None)
            if code
            else None
        )
        both = store.what_if(
            run, seat_changes=_seat_changes(request.GET.get("seats", "")), purchased_factor=factor, rubric=rubric
        )
    personal = may_see_personal(request.user, "admission")
    pairs = []
    if both is not None:
        after = {(s["school_code"], s["grade"]): s for s in _schools(both["what_if"], personal)}
        pairs = [(s, after.get((s["school_code"], s["grade"]))) for s in _schools(both["published"], personal)]
    context = {"active": "admission", "region": place, "year": year, "run": run, "both": both, "pairs": pairs}
    context |= {"rubrics": store.rubric_choices(place.code), "today": dt.date.today()}
    return render(request, "web/admission/whatif.html", context)


@page
def admission_report(request: HttpRequest, region: str, year: int, kind: str, fmt: str) -> HttpResponse:
    """The results notice or the district summary of the latest run, as PDF or workbook."""
    from eduplan.errors import NotFound
    from eduplan.reports.admission import BUILDERS
    from eduplan.reports.admission import render as render_report

    place = region_for_page(request, region, year)
    if kind not in BUILDERS or fmt not in ("pdf", "xlsx"):
        raise NotFound(f"没有报告 {kind}.{fmt}")
    run = store.latest_run(place.code, year)
    if run is None:
        raise NotFound(f"{year} 年尚无派位结果")
    body = render_report(kind, fmt, run.result, place.name, year, dt.date.today())
    content_type = (
        "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(body, content_type=content_type)
    name = BUILDERS[kind](run.result, place.name, year, dt.date.today()).filename_stem
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return response
