"""What the dashboard of a region and year shows, fetched from the store and core (nothing computed here).

Each function takes a region the caller already fetched through ``access`` and returns plain data for a template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse

from eduplan.contract import SPONSOR_PUBLIC, STAGES
from eduplan.core.plan_tracking import AT_RISK, BEHIND
from eduplan.core.staffing import ALL_AREAS, ALL_STAGES, assess_staffing
from eduplan.errors import NotFound
from eduplan.store.census import census_frames
from eduplan.store.models import CensusStage, CensusVersion, Plan, Region
from eduplan.store.models.plans import INDICATOR_STATUSES
from eduplan.store.plans import plan_detail
from eduplan.store.registry import versions_in_year
from eduplan.web import charts
from eduplan.web.areas.plan_charts import STATUS_CLASS, decorate
from eduplan.web.areas.tables import Col, Filter, Spec


@dataclass
class CensusTotals:
    years: list[int] = field(default_factory=list)
    students: dict[str, list[int | None]] = field(default_factory=dict)  # stage → one total per year
    schools: list[int] = field(default_factory=list)


def census_totals(region: Region) -> CensusTotals:
    """Pupils per 学段 and schools on each year's registry, over the years with a current census."""
    prefix = region.subtree_prefix()
    years = sorted(CensusVersion.objects.filter(is_current=True).values_list("year", flat=True))
    totals = CensusTotals(years=years, students={stage: [] for stage in STAGES})
    for year in years:
        codes = versions_in_year(year, prefix).values("school_id")
        rows = (
            CensusStage.objects.filter(version__year=year, version__is_current=True, school_code__in=codes)
            .values("stage")
            .annotate(total=Sum("students"))
        )
        by_stage = {r["stage"]: r["total"] for r in rows}
        for stage in STAGES:
            totals.students[stage].append(by_stage.get(stage))
        totals.schools.append(versions_in_year(year, prefix).count())
    totals.students = {s: v for s, v in totals.students.items() if any(x for x in v)}
    return totals


def registry_summary(region: Region, year: int) -> list[dict[str, Any]]:
    """Schools on the year's registry by 办学类型 and 举办者."""
    rows = (
        versions_in_year(year, region.subtree_prefix())
        .values("school_type")
        .annotate(total=Count("id"), public=Count("id", filter=Q(sponsor=SPONSOR_PUBLIC)))
        .order_by("-total")
    )
    return list(rows)


@dataclass
class PlanSummary:
    """Every plan of the region with its tracked indicators, and the overdue tasks, from ``store.plans.plan_detail``."""

    plans: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)  # each with "plan" and "latest" added
    overdue: list[dict[str, Any]] = field(default_factory=list)
    status_counts: dict[str, int] = field(default_factory=dict)
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)


def plan_summary(region: Region, today: dt.date, charts_for: int = 4) -> PlanSummary:
    summary = PlanSummary(status_counts=dict.fromkeys(INDICATOR_STATUSES, 0))
    for plan in Plan.objects.filter(region__code__startswith=region.subtree_prefix()).select_related("region"):
        detail = plan_detail(plan, today)
        indicator_charts = decorate(detail)
        summary.plans.append(detail["plan"])
        for indicator in (*detail["indicators"], *detail["targets"]):
            indicator["plan"] = detail["plan"]
            summary.indicators.append(indicator)
            status = (indicator["latest"] or {}).get("status")
            if status in summary.status_counts:
                summary.status_counts[status] += 1
            # The trajectories worth a look first: indicators behind or at risk.
            name = f"ind-{indicator['id']}"
            if status in (BEHIND, AT_RISK) and name in indicator_charts and len(summary.charts) < charts_for:
                summary.charts[name] = indicator_charts[name]
        summary.overdue += [t | {"plan": detail["plan"]} for t in detail["tasks"] if t["overdue"]]
    return summary


def staffing_totals(region: Region, year: int) -> list[dict[str, Any]]:
    """Posts required by the norm against authorized and filled, per 学段, for the whole region (public schools)."""
    try:
        census = census_frames(region.code, year)
    except NotFound:
        return []
    if census.stages.empty:
        return []
    result = assess_staffing(census.schools, census.stages, year=year)
    return [t.as_dict() for t in result.totals if t.area_code == ALL_AREAS and t.stage != ALL_STAGES]


def overview_charts(
    totals: CensusTotals, plans: PlanSummary, status_urls: dict[str, str] | None = None
) -> dict[str, dict[str, Any] | None]:
    """The charts drawn with the page: pupils over the years, plan indicators by status (each bar linking to the
    indicators of its status, ``status_urls``), the lagging trajectories."""
    return {
        "students": charts.lines_by_year("在校生数（人）", totals.years, totals.students, "人")
        if totals.years
        else None,
        "plan_status": charts.coloured_bars("规划指标进展", plans.status_counts, STATUS_CLASS, "指标数", status_urls)
        if plans.indicators
        else None,
        **plans.charts,
    }


def staffing_chart(staffing: list[dict[str, Any]]) -> dict[str, Any] | None:
    series = {
        "按标准应有": [t["required_posts"] for t in staffing],
        "核定编制": [t["authorized_posts"] for t in staffing],
        "在编": [t["staff_on_establishment"] for t in staffing],
    }
    return charts.grouped_bars("教职工编制（公办）", [t["stage"] for t in staffing], series, "人") if staffing else None


def indicator_rows(plans: PlanSummary) -> list[dict[str, Any]]:
    """The plan indicators of the region as rows of the dashboard's worked table (``web.areas.tables``)."""
    rows = []
    for i in plans.indicators:
        latest = i.get("latest") or {}
        status = latest.get("status") or ""
        rows.append(
            {
                "plan": i["plan"]["title"],
                "plan_url": reverse("plan", args=[i["plan"]["id"]]),
                "name": f"{i['name']}（{i['unit']}）" if i.get("unit") else i["name"],
                "baseline": i.get("baseline_value"),
                "target": f"{i.get('comparator') or ''} {_plain(i.get('target_value'))} {i.get('target_year') or ''}".strip(),
                "actual": latest.get("actual"),
                "actual_year": latest.get("year"),
                "status": status,
                "tone": STATUS_CLASS.get(status, ""),
                "off_track": "是" if status in (BEHIND, AT_RISK) else "否",
            }
        )
    return rows


def _plain(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def indicator_spec(rows: list[dict[str, Any]]) -> Spec:
    columns = (
        Col("name", "指标"),
        Col("plan", "规划", link="plan_url"),
        Col("baseline", "基期", "number"),
        Col("target", "目标", sortable=False),
        Col("actual", "最新实际", "number"),
        Col("actual_year", "年份", "code"),
        Col("status", "状态", tone_from="tone", translate=True),
    )
    filters = (
        Filter("status", "状态", {s: s for s in INDICATOR_STATUSES}),
        Filter("track", "滞后或有风险", {"是": "是", "否": "否"}, field="off_track"),
    )
    return Spec(
        "plan-indicators", "规划指标与目标", columns, filters, search=("name", "plan"), prefix="i_", page_size=30
    )
