"""The start page, the region and school-year picker, and the dashboard of a region and year."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from eduplan.core.scenarios import Scenario
from eduplan.store.assessments import quality_balance_verdicts
from eduplan.store.census import census_years
from eduplan.store.supervision import office_figures
from eduplan.web import forms
from eduplan.web.access import get_region_for_user, regions_in_scope, scope_of
from eduplan.web.areas import dashboard, tables
from eduplan.web.areas.forecasts import gap_spec, seat_forecast_for
from eduplan.web.areas.kept import kept
from eduplan.web.areas.plan_charts import STATUS_CLASS
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, cv_charts, region_for_page


@page
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope.is_school:
        return redirect("school", scope.school_code)
    years = census_years()
    region = request.session.get("region") or scope.region_code
    if not years:
        return redirect("pick")
    return redirect("dashboard", region, request.session.get("year") or years[-1])


@page
def pick(request: HttpRequest) -> HttpResponse:
    """Choose a region (bounded by the scope) and a school year; submitting opens the dashboard."""
    regions = regions_in_scope(request.user).exclude(level="town")
    years = census_years()
    code, year = forms.region_code(request.GET), request.GET.get("year", "")
    if code and year:
        region = get_region_for_user(request.user, code)
        return redirect("dashboard", region.code, forms.year(year))
    return render(request, "web/home/pick.html", {"regions": regions, "years": years, "active": "pick"})


@page
def dashboard_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """The page with what is quick to fetch; the assessment, seats and staffing panels load after it (htmx)."""
    place = region_for_page(request, region, year)
    totals = dashboard.census_totals(place)
    plans = dashboard.plan_summary(place, dt.date.today())
    url = reverse("dashboard", args=[place.code, year])
    status_urls = {st: f"{url}?i_status={quote(st)}#plan-indicators" for st in plans.status_counts}
    specs = chart_specs(**dashboard.overview_charts(totals, plans, status_urls))
    rows = dashboard.indicator_rows(plans)
    indicators = tables.work(request, dashboard.indicator_spec(rows), rows)
    if indicators.query.export:
        return tables.xlsx_response(indicators, place.name, [("区域", place.name)])
    context = {"active": "dashboard", "region": place, "year": year, "specs": specs, "plans": plans}
    context.update(years=census_years(), status_class=STATUS_CLASS, panels=PANELS, indicators=indicators)
    context["status_urls"] = status_urls
    context["registry"] = dashboard.registry_summary(place, year)
    context["supervision"] = office_figures(place, year, "", dt.date.today())[1]  # issue 18: the leader's card
    return render(request, "web/home/dashboard.html", context)


PANELS = ("balance", "seats", "staffing")


@page
def dashboard_panel(request: HttpRequest, region: str, year: int, name: str) -> HttpResponse:
    """One slow panel of the dashboard, as an HTML fragment. Its figures are the region's, whoever asks (the region is
    in the user's scope): kept per data version (``web.areas.kept``), so only the first request after a change waits."""
    place = get_region_for_user(request.user, region)
    forms.year(year)
    context: dict[str, object] = {"region": place, "year": year}
    args = (place.code, year)
    if name == "balance":
        verdicts = kept("balance", args, lambda: quality_balance_verdicts(place, year))
        context.update(verdicts=verdicts, specs=chart_specs(**cv_charts(verdicts[:2])))
    elif name == "seats":
        seats = kept("seats", args, lambda: seat_forecast_for(place, year, year + 5, Scenario()))
        county = {k: v for k, v in seats.charts.items() if k.startswith(("county-", "town-"))}  # a town: its own
        gaps = tables.work(request, gap_spec(seats.rows, in_panel=True), seats.rows)
        if gaps.query.export:
            return tables.xlsx_response(gaps, place.name, [("区域", place.name), ("预测", f"{year}–{year + 5}")])
        context.update(seats=seats, gaps=gaps, specs=chart_specs(**county))
    elif name == "staffing":
        staffing = kept("staffing", args, lambda: dashboard.staffing_totals(place, year))
        context.update(staffing=staffing, specs=chart_specs(staffing=dashboard.staffing_chart(staffing)))
    else:
        raise Http404("没有这个面板")
    return render(request, f"web/home/panel_{name}.html", context)
