"""学生体质健康 pages: a region's figures (county, 学段, towns, schools, items, trend against the plans), one
school's figures beside its county's, the yearly report, the results template and a school's upload."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from eduplan.errors import IngestError, UsageError
from eduplan.web.access import get_school_for_user, require_write
from eduplan.web.areas.fitness import region_fitness_for_user, school_fitness_for_user
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page
from eduplan.web.views.common import rendered_report as rendered

MAX_UPLOAD = 20 * 1024 * 1024


GRADES = {1: "一年级", 2: "二年级", 3: "三年级", 4: "四年级", 5: "五年级", 6: "六年级", 7: "初一", 8: "初二", 9: "初三"}
GRADES.update({10: "高一", 11: "高二", 12: "高三"})
SEXES = {"male": "男", "female": "女"}


def rate_tables(result: dict[str, Any], schools: bool = True) -> list[dict[str, Any]]:
    """The rate tables of a result for ``_fitness_rates.html``: 学段, grade × sex, towns and schools."""
    tables: list[dict[str, Any]] = [
        {"title": "分学段", "headers": ["学段"], "rows": [{"cells": [r["stage"]], "row": r} for r in result["stages"]]},
        {
            "title": "分年级、性别",
            "headers": ["年级", "性别"],
            "rows": [
                {"cells": [GRADES.get(r["grade"], r["grade"]), SEXES.get(r["sex"], r["sex"])], "row": r}
                for r in result["grades"]
            ],
        },
    ]
    if schools:
        tables.append(
            {
                "title": "分乡镇街道",
                "headers": ["乡镇街道代码"],
                "rows": [{"cells": [r["town_code"]], "row": r} for r in result.get("towns", [])],
            }
        )
        tables.append(
            {
                "title": "学校",
                "headers": ["学校", "学校代码"],
                "rows": [
                    {"cells": [r.get("name") or r["school_code"], r["school_code"]], "row": r}
                    for r in result["schools"]
                ],
                "intervals": True,
                "note": "95%区间（Wilson）：学生少的学校区间宽，差异可能只是偶然，不宜据此排名。",
            }
        )
    return tables


@page
def fitness_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    view = region_fitness_for_user(request.user, place, year)
    context: dict[str, Any] = {"active": "fitness", "region": place, "year": year, "view": view}
    context["specs"] = chart_specs(**view.charts)
    context["tables"] = rate_tables(view.result) if view.result else []
    return render(request, "web/fitness/fitness.html", context)


@page
def fitness_report(request: HttpRequest, region: str, year: int, fmt: str) -> HttpResponseBase:
    """The yearly 学生体质健康状况 report (``eduplan report fitness``) of a region in the user's scope."""
    place = region_for_page(request, region, year)
    return rendered("fitness", {"region": place.code, "year": year}, fmt)


@page
def school_fitness(request: HttpRequest, code: str) -> HttpResponse:
    year = request.GET.get("year", "")
    name, view = school_fitness_for_user(request.user, code, int(year) if year.isdigit() else None)
    context: dict[str, Any] = {"active": "schools", "code": code, "name": name, "view": view}
    context["specs"] = chart_specs(**view.charts)
    if view.result:
        figures: list[dict[str, Any]] = [
            {"cells": [name], "row": view.result["county"]},
            {"cells": ["全县（区）"], "row": view.result["county_figure"]},
        ]
        context["tables"] = [
            {"title": "本校与全县（区）", "headers": [""], "rows": figures, "intervals": False, "note": ""},
            *rate_tables(view.result, schools=False),
        ]
    return render(request, "web/fitness/school.html", context)


@page
def fitness_template(request: HttpRequest) -> HttpResponse:
    from eduplan.ingest.fitness import template_bytes

    response = HttpResponse(
        template_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E4%BD%93%E6%B5%8B%E6%88%90%E7%BB%A9%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


@page
@require_http_methods(["GET", "POST"])
def fitness_upload(request: HttpRequest, code: str) -> HttpResponse:
    """A school's results for one test year: checked, then stored as the school's new current version."""
    history = get_school_for_user(request.user, code)
    require_write(request.user, "fitness")
    context: dict[str, object] = {"active": "schools", "code": code, "name": history[-1].name}
    if request.method == "GET":
        return render(request, "web/fitness/upload.html", context)
    upload = request.FILES.get("file")
    year = request.POST.get("year", "")
    if upload is None or not year.isdigit():
        raise UsageError("请选择文件并填写学年（如 2023）")
    if upload.size is None or upload.size > MAX_UPLOAD:
        raise UsageError(f"文件太大：不超过 {MAX_UPLOAD // 1024 // 1024} MB")
    from eduplan.ingest.fitness import read_fitness
    from eduplan.store.fitness import do_import_fitness

    data = upload.read()
    suffix = Path(upload.name or "x.xlsx").suffix.lower() or ".xlsx"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            checked = read_fitness(path, school_code=code, display_name=upload.name)
        except IngestError as exc:
            context["problems"] = [str(p) for p in exc.problems]
            return render(request, "web/fitness/upload.html", context, status=400)
    summary = do_import_fitness(
        checked,
        year=int(year),
        school_code=code,
        file=upload.name or "upload",
        sha256=hashlib.sha256(data).hexdigest(),
        user=request.user,
    )
    context["done"] = summary.line(upload.name or "upload")
    return render(request, "web/fitness/upload.html", context)
