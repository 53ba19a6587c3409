"""Report downloads: the assessment and staffing reports of ``eduplan.reports`` and the region's census workbook.

The scope is checked here (the region or plan is fetched through ``web.access``) before ``render_report`` runs;
``render_report`` itself checks nothing about who asks.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from eduplan.contract import SHEETS
from eduplan.ingest.census_export import write_census_xlsx
from eduplan.store.census import census_frames
from eduplan.store.models import Region
from eduplan.store.plans import review_year
from eduplan.web.access import get_plan_for_user
from eduplan.web.decorators import page
from eduplan.web.views.common import region_for_page

# kind → (title, formats, needs a county). The census workbook is made here; the rest by eduplan.reports.
REPORTS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "balanced": ("义务教育优质均衡发展自评报告", ("pdf", "xlsx"), True),
    "preschool": ("学前教育普及普惠自评报告", ("pdf", "xlsx"), True),
    "staffing": ("中小学教职工编制测算报告", ("pdf", "xlsx"), False),
    "census": ("普查数据（本区域，数据模板格式）", ("xlsx",), False),
}


def _census_xlsx(region: Region, year: int) -> FileResponse:
    """The census of the region (only its schools and population) in the contract's workbook format."""
    frames = census_frames(region.code, year)
    sheets = (frames.schools, frames.stages, frames.grades, frames.population)
    tables = dict(zip((s.name for s in SHEETS), sheets, strict=True))
    # Written in a folder removed at once (a FileResponse over it would leave one folder per download behind).
    with tempfile.TemporaryDirectory(prefix="eduplan-census-") as folder:
        content = write_census_xlsx(tables, Path(folder) / "census.xlsx").read_bytes()
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=f"普查数据_{region.code}_{year}.xlsx")


def _rendered(kind: str, params: dict[str, object], fmt: str) -> HttpResponse:
    from eduplan.reports.render import render_report

    report = render_report(kind, params, fmt)
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(report.filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@page
def reports_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    reports = [
        (kind, title, formats)
        for kind, (title, formats, county) in REPORTS.items()
        if place.level == "county" or not county
    ]
    context = {"active": "reports", "region": place, "year": year, "reports": reports}
    return render(request, "web/reports.html", context)


@page
def report_download(request: HttpRequest, region: str, year: int, name: str) -> HttpResponseBase:
    place = region_for_page(request, region, year)
    kind, _, fmt = name.partition(".")
    if kind not in REPORTS or fmt not in REPORTS[kind][1] or (REPORTS[kind][2] and place.level != "county"):
        raise Http404("没有这种报告")
    if kind == "census":
        return _census_xlsx(place, year)
    return _rendered(kind, {"region": place.code, "year": year}, fmt)


@page
def plan_report(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponseBase:
    plan = get_plan_for_user(request.user, plan_id)
    year = request.GET.get("year", "") or str(review_year(plan))
    return _rendered("plan", {"plan": plan.pk, "year": year}, fmt)
