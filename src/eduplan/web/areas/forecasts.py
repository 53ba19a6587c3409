"""Seat demand against capacity for a region: the census history and project pipeline from the store, the
projection and the seats from core (the same chain as ``eduplan forecast seats``); charts and rows for the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.urls import reverse

from eduplan.contract import STAGES, county_of
from eduplan.core.scenarios import Scenario
from eduplan.core.seats import COUNTY_WIDE_STAGES, AreaSeats, SeatForecast
from eduplan.errors import NotFound
from eduplan.store.forecasts import seat_forecast_with_gaps, town_names
from eduplan.store.models import Region
from eduplan.web import charts
from eduplan.web.areas.tables import Col, Filter, Spec


@dataclass
class ForecastView:
    available: bool
    message: str = ""
    base_year: int | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)  # one per town and stage: the gap summary
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _area_chart(area: AreaSeats, name: str) -> dict[str, Any]:
    years = [y.year for y in area.years]
    series = {
        "需求": [round(y.demand) for y in area.years],
        "学位（含规划项目）": [round(y.capacity) for y in area.years],
        "现有学位": [round(y.base_capacity) for y in area.years],
    }
    return charts.lines_by_year(f"{name} {area.stage} 学位需求与供给", years, series, "人")


def _town_chart(towns: list[AreaSeats], stage: str, names: dict[str, str], base: int) -> dict[str, Any]:
    """Each town's demand and capacity in the last projected year; a bar opens the town's schools of the 学段."""
    last = [a.years[-1] for a in towns]
    categories = [names.get(a.area_code, a.area_code) for a in towns]
    year = last[0].year if last else ""
    series = {"需求": [round(y.demand) for y in last], "学位": [round(y.capacity) for y in last]}
    urls = {
        names.get(a.area_code, a.area_code): f"{reverse('schools', args=[county_of(a.area_code), base])}?"
        f"town={a.area_code}&stage={quote(stage)}"
        for a in towns
    }
    return charts.grouped_bars(f"{stage} 各镇街 {year} 年需求与学位", categories, series, "人", urls)


def gap_rows(result: SeatForecast, names: dict[str, str], year: int | None = None) -> list[dict[str, Any]]:
    """The gap table: each town and 学段 with a gap, then each county's gap of a county-wide 学段 (高中); with
    ``year``, each row links to the school list of its town (or county) and 学段, the schools behind the gap."""
    wide = [a for a in result.gaps("county") if a.stage in COUNTY_WIDE_STAGES]
    rows = []
    for a in [*result.gaps("town"), *wide]:
        row = a.gap_summary(names, result.base_year)
        row["short"] = a.shortfall > 0
        if year is not None:
            town = f"town={a.area_code}&" if a.level == "town" else ""
            row["url"] = f"{reverse('schools', args=[a.county_code, year])}?{town}stage={quote(a.stage)}"
        rows.append(row)
    return rows


def gap_spec(rows: list[dict[str, Any]], in_panel: bool) -> Spec:
    """The seat-gap table (the forecasts page, the dashboard's seats panel), each area linking to its schools."""
    counties = {r["county_code"]: r["county"] for r in rows}
    columns = (
        Col("county", "县（市、区）"),
        Col("area", "镇街（高中：县区）", link="url"),
        Col("stage", "学段"),
        Col("gap_opens", "缺口始于", "code"),
        Col("status", "状态"),
        Col("shortfall", "规划项目后仍缺学位", "int", tone_from="short"),
        *(() if in_panel else (Col("projects", "规划项目", sortable=False),)),
    )
    filters = (
        Filter("county", "县（市、区）", dict(sorted(counties.items())), field="county_code"),
        Filter("stage", "学段", {s: s for s in STAGES if any(r["stage"] == s for r in rows)}),
    )
    return Spec(
        "seat-gaps", "学位缺口", columns, filters, search=("area", "county"), search_label="镇街",
        page_size=30, prefix="g_", push_url=not in_panel,
    )  # fmt: skip


def towns_of(region: Region) -> list[tuple[str, str]]:
    """(code, name) of the region's towns, for the housing estate's town in the scenario form."""
    return sorted(town_names(region.code).items())


def seat_forecast_for(region: Region, year: int, to_year: int, scenario: Scenario) -> ForecastView:
    """The forecast of a county or city; for a town, its county's forecast (a town's first junior grade is its share of
    the county's, and the county plans its projects) with only that town's rows and charts."""
    town_only = region.code if region.level == "town" else None
    code = county_of(region.code) if town_only else region.code
    try:  # no census, or no births for the entry grades: say which, compute nothing
        outcome = seat_forecast_with_gaps(code, year, to_year, scenario)
    except NotFound as exc:
        return ForecastView(False, str(exc))
    result, names = outcome.result, outcome.names
    view = ForecastView(True, base_year=outcome.base_year, notes=list(result.notes))
    if town_only:
        result.areas = [a for a in result.areas if a.area_code == town_only]
        for area in result.areas:
            view.charts[f"town-{area.area_code}-{area.stage}"] = _area_chart(area, names.get(area.area_code, ""))
        view.rows = gap_rows(result, names, year)
        return view
    for area in result.areas:
        if area.level == "county":
            view.charts[f"county-{area.area_code}-{area.stage}"] = _area_chart(area, names.get(area.area_code, ""))
    for stage in (s for s in STAGES if s not in COUNTY_WIDE_STAGES):  # 高中 is county-wide: no town chart
        towns = [a for a in result.areas if a.level == "town" and a.stage == stage]
        if towns:
            view.charts[f"towns-{stage}"] = _town_chart(towns, stage, names, year)
    view.rows = gap_rows(result, names, year)
    return view
