"""Report downloads of a region and year: files made by ``eduplan.reports`` and the census exporter."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from eduplan.contract import SHEETS
from eduplan.ingest.census_export import write_census_xlsx
from eduplan.store.census import census_frames
from eduplan.store.models import Region
from eduplan.web.decorators import page
from eduplan.web.views.common import region_for_page


def _census_xlsx(region: Region, year: int, out: Path) -> Path:
    """The census of the region (only its schools and population) in the contract's workbook format."""
    frames = census_frames(region.code, year)
    tables = dict(
        zip((s.name for s in SHEETS), (frames.schools, frames.stages, frames.grades, frames.population), strict=True)
    )
    return write_census_xlsx(tables, out)


# name → (title, file suffix, maker). The reports module adds the assessment reports here when it lands.
REPORTS: dict[str, tuple[str, str, Callable[[Region, int, Path], Path]]] = {
    "census": ("普查数据（本区域，数据模板格式）", "xlsx", _census_xlsx),
}


@page
def reports_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    reports = [(name, title, suffix) for name, (title, suffix, _) in REPORTS.items()]
    return render(request, "web/reports.html", {"active": "reports", "region": place, "year": year, "reports": reports})


@page
def report_download(request: HttpRequest, region: str, year: int, name: str) -> HttpResponseBase:
    place = region_for_page(request, region, year)
    if name not in REPORTS:
        raise Http404("没有这种报告")
    title, suffix, make = REPORTS[name]
    folder = Path(tempfile.mkdtemp(prefix="eduplan-report-"))
    path = make(place, year, folder / f"{name}.{suffix}")
    filename = f"{place.name}-{year}-{title.split('（')[0]}.{suffix}"
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename)
