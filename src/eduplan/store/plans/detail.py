"""Reading a plan: ``plan_detail`` (every item, its source, its flags and its tracking, as one JSON-able dict) and
the year a review report is of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Max

from eduplan.contract import STAGE_PRESCHOOL
from eduplan.core.plan_tracking import (
    ProgressYear,
    TargetSpec,
    capped_share,
    indicator_track,
    project_summary,
    rollup_projects,
    task_overdue,
)
from eduplan.store.models import (
    IndicatorActual,
    Plan,
    PlanIndicator,
    PlanProject,
    PlanTask,
)

# --- reading ------------------------------------------------------------------------------------


def indicator_spec(indicator: PlanIndicator, plan: Plan) -> TargetSpec | None:
    target_year = indicator.target_year or plan.period_end
    baseline_year = indicator.baseline_year or ((plan.period_start - 1) if plan.period_start else None)
    if target_year is None or baseline_year is None:
        return None
    return TargetSpec(
        baseline_year=baseline_year,
        baseline_value=indicator.baseline_value,
        target_year=target_year,
        target_value=indicator.target_value,
        comparator=indicator.comparator,
        unit=indicator.unit,
        capped=capped_share(indicator.name, indicator.unit),
    )


def _source_dict(item: PlanIndicator | PlanProject | PlanTask) -> dict[str, Any]:
    return {
        "source": {
            "file": item.source_file,
            "line": item.source_line,
            "text": item.source_text,
            "page": item.source_page,
            "where": item.source_where,
        },
        "uncertain": bool(item.uncertain),
        "reasons": list(item.uncertain),
        "confirmed": item.confirmed,
    }


@dataclass
class _Totalled:  # not frozen: ProjectLike's attributes are plain (writable) ones
    category: str | None
    stage: str | None
    seats: dict[str, float]
    investment: float | None


def _project_totals(projects: list[PlanProject]) -> list[dict[str, Any]]:
    """Count, seats and investment of the stored projects: 中小学 and 幼儿园 apart (as plans total them)."""
    groups = {STAGE_PRESCHOOL: "幼儿园", "": "未分学段"}
    rows = [
        _Totalled(groups.get(p.stage, "中小学"), None, {k: float(v) for k, v in p.seats.items()}, p.investment)
        for p in projects
    ]
    return [r.as_dict() for r in rollup_projects(rows)]


def review_year(plan: Plan, today: date | None = None) -> int:
    """The year a review of the plan is about by default: the latest year with actual values, else this year."""
    latest = IndicatorActual.objects.filter(indicator__plan=plan).aggregate(Max("year"))["year__max"]
    return int(latest) if latest is not None else (today or date.today()).year


def plan_detail(plan: Plan, today: date | None = None) -> dict[str, Any]:
    """The plan, every item with source, flags and tracking, as one JSON-able dict."""
    today = today or date.today()
    indicators = []
    for indicator in plan.indicators.prefetch_related("actuals"):
        actuals = {a.year: a.value for a in indicator.actuals.all()}
        spec = indicator_spec(indicator, plan)
        track = [s.as_dict() for s in indicator_track(spec, actuals)] if spec is not None else []
        indicators.append(
            {
                "id": indicator.pk,
                "kind": indicator.kind,
                "name": indicator.name,
                "unit": indicator.unit,
                "group": indicator.group,
                "stage": indicator.stage,
                "baseline_year": indicator.baseline_year,
                "baseline_value": indicator.baseline_value,
                "target_year": indicator.target_year,
                "target_value": indicator.target_value,
                "comparator": indicator.comparator,
                "nature": indicator.nature,
                "metric": indicator.metric,
                "actuals": actuals,
                "track": track,
                **_source_dict(indicator),
            }
        )
    projects = []
    for project in plan.projects.prefetch_related("progress"):
        progress = [
            ProgressYear(p.year, p.status, p.seats_delivered, p.investment_spent) for p in project.progress.all()
        ]
        summary = project_summary(
            project.start_year,
            project.finish_year,
            float(sum(project.seats.values())),
            project.investment,
            progress,
            today.year,
        )
        projects.append(
            {
                "id": project.pk,
                "name": project.name,
                "category": project.category,
                "stage": project.stage,
                "seats": project.seats,
                "classes": project.classes,
                "area": project.area,
                "floor_area": project.floor_area,
                "investment": project.investment,
                "start_year": project.start_year,
                "finish_year": project.finish_year,
                "responsible": project.responsible,
                "tracking": summary.as_dict(),
                **_source_dict(project),
            }
        )
    tasks = [
        {
            "id": task.pk,
            "text": task.text,
            "responsible": task.responsible,
            "deadline": task.deadline_text,
            "deadline_date": task.deadline.isoformat() if task.deadline else None,
            "status": task.status,
            "overdue": task_overdue(task.deadline, task.status, today),
            **_source_dict(task),
        }
        for task in plan.tasks.all()
    ]
    return {
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "issuer": plan.issuing_body,
            "doc_number": plan.doc_number,
            "issue_date": plan.issue_date.isoformat() if plan.issue_date else None,
            "region": plan.region_id,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "file": plan.source_file,
            "format": plan.source_format,
            "kind": plan.kind,
            "kind_reason": plan.kind_reason,
            "notes": list(plan.notes),
        },
        "indicators": [i for i in indicators if i["kind"] == "table"],
        "targets": [i for i in indicators if i["kind"] == "sentence"],
        "projects": projects,
        "rollups": plan.rollups,
        # the stored projects added up again (schools and kindergartens apart), to set against the plan's own
        "project_totals": _project_totals(list(plan.projects.all())),
        "tasks": tasks,
        "discrepancies": plan.discrepancies,
        "published": plan.published,
    }
