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
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.contract import SHEETS
from eduplan.ingest.census_export import write_census_xlsx
from eduplan.reports.render import REGION_REPORTS
from eduplan.store.census import census_frames
from eduplan.store.jobs import do_submit_job
from eduplan.store.models import Region
from eduplan.store.plans import review_year
from eduplan.web import forms
from eduplan.web.access import get_plan_for_user
from eduplan.web.areas.jobs import REPORT_KINDS, report_title
from eduplan.web.decorators import page
from eduplan.web.views.common import region_for_page, rendered_report

# kind → (title, formats, needs a county): eduplan.reports' registry, and the census workbook made here.
REPORTS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    **REGION_REPORTS,
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


@page
def reports_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    reports = [
        (kind, title, formats)
        for kind, (title, formats, county) in REPORTS.items()
        if place.level == "county" or not county
    ]
    context = {"active": "reports", "region": place, "year": year, "reports": reports}
    return render(request, "web/reports/reports.html", context)


@page
def report_download(request: HttpRequest, region: str, year: int, name: str) -> HttpResponseBase:
    place = region_for_page(request, region, year)
    kind, _, fmt = name.partition(".")
    if kind not in REPORTS or fmt not in REPORTS[kind][1] or (REPORTS[kind][2] and place.level != "county"):
        raise Http404("没有这种报告")
    if kind == "census":
        return _census_xlsx(place, year)
    return rendered_report(kind, {"region": place.code, "year": year}, fmt)


@page
def plan_report(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponseBase:
    plan = get_plan_for_user(request.user, plan_id)
    year = forms.optional_year(request.GET, "year", review_year(plan))
    return rendered_report("plan", {"plan": plan.pk, "year": year}, fmt)


@page
@require_POST
def report_job(request: HttpRequest, region: str, year: int, name: str) -> HttpResponseBase:
    """Generate a report as a background job (its page shows the progress, then the download): the PDFs, a city's
    value-added (grade, subject and exams in the form, as on the value-added page)."""
    place = region_for_page(request, region, year)
    kind, _, fmt = name.partition(".")
    titles = {**REPORTS, "value-added": ("增值评价报告", ("pdf", "xlsx"), False)}
    if kind not in REPORT_KINDS or fmt not in titles[kind][1] or (titles[kind][2] and place.level != "county"):
        raise Http404("没有这种报告")
    params: dict[str, object] = {"region": place.code, "year": year}
    if kind == "value-added":
        params.update(zip(("grade", "subject"), forms.grade_and_subject(request.POST), strict=True))
        params.update({k: v for k, v in zip(("exam", "prior_exam"), forms.exams(request.POST), strict=True) if v})
    title = report_title(titles[kind][0], place, year, fmt)
    job = do_submit_job(
        "report.render", request.user, {"kind": kind, "fmt": fmt, "params": params}, title=title, scope=place.code
    )
    return redirect("job", job.pk)
