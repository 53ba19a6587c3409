"""What the dashboard of a region and year shows, fetched from the store and core (nothing computed here).

Each function takes a region the caller already fetched through ``access`` and returns plain data for a template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum

from eduplan.contract import STAGES
from eduplan.store.models import CensusStage, CensusVersion, PlanIndicator, PlanTask, Region
from eduplan.store.registry import versions_in_year


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
        .annotate(total=Count("id"), public=Count("id", filter=Q(sponsor="公办")))
        .order_by("-total")
    )
    return list(rows)


def indicators_of(region: Region) -> list[PlanIndicator]:
    """Plan indicators of plans issued for this region or its subtree, with their actuals prefetched."""
    return list(
        PlanIndicator.objects.filter(plan__region__code__startswith=region.subtree_prefix())
        .select_related("plan")
        .prefetch_related("actuals")
        .order_by("plan_id", "id")
    )


def overdue_tasks(region: Region, today: dt.date) -> list[PlanTask]:
    return list(
        PlanTask.objects.filter(
            plan__region__code__startswith=region.subtree_prefix(), deadline__lt=today, completed_on__isnull=True
        )
        .exclude(status="已完成")
        .select_related("plan")
        .order_by("deadline")[:50]
    )


def counties_of(region: Region) -> list[Region]:
    """The counties an assessment covers: the region itself, its county (for a town), or those under it."""
    if region.level == "county":
        return [region]
    if region.level in ("town", "village"):
        return list(Region.objects.filter(code=region.code[:6]))
    return list(Region.objects.filter(level="county", code__startswith=region.subtree_prefix()))
