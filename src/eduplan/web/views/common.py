"""Small helpers shared by the page views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from eduplan.store.assessments import INDICATOR_LABELS, CountyVerdict
from eduplan.store.models import Region
from eduplan.web import charts, forms
from eduplan.web.access import get_region_for_user
from eduplan.web.areas.assessment_tables import matrix_url


def region_for_page(request: HttpRequest, code: str, year: int) -> Region:
    """Check the school year, fetch the region through the access helper and remember it (and the year) for the navigation."""
    forms.year(year)
    region = get_region_for_user(request.user, code)
    request.session["region"] = region.code
    request.session["year"] = year
    return region


def cv_charts(verdicts: list[CountyVerdict]) -> dict[str, dict[str, Any]]:
    """The one CV chart: each county's 差异系数 per 学段 against the threshold (assessments page, dashboard panel);
    a bar opens the county's school matrix sorted by its indicator, lowest first."""
    return {
        f"cv-{v.county.code}-{stage}": charts.cv_bars(
            f"{v.county.name} {stage} 差异系数",
            INDICATOR_LABELS,
            st["cv"],
            st["cv_threshold"],
            {k: matrix_url(v.county.code, v.result["year"], stage, k) for k in st["cv"]},
        )
        for v in verdicts
        if v.result
        for stage, st in v.result["stages"].items()
    }


def chart_specs(**charts: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Charts for the template: an element id and the option (rendered with ``json_script``, which escapes it)."""
    return [{"id": f"chart-{name}", "option": opt} for name, opt in charts.items() if opt]


def rendered_report(kind: str, params: dict[str, object], fmt: str) -> HttpResponse:
    """A report of ``eduplan.reports`` as a download (the caller has checked the user's scope)."""
    from urllib.parse import quote

    from eduplan.reports.render import render_report

    report = render_report(kind, params, fmt)
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.filename)}"
    return response
