"""Storing plans and their tracking. Every write is one ``do_*`` function: one transaction, one audit entry.

- ``do_import_plan``: parsed ``PlanDocument``s → ``Plan`` rows with indicators, targets, projects, tasks;
- ``do_record_actual``, ``do_record_progress``, ``do_set_task_status``: the yearly tracking;
- ``do_correct_plan_item`` / ``do_confirm_plan_item``: an analyst's review, before and after kept in the audit;
- ``plan_detail``: a plan with every item, its source, its flags and its tracking, as one JSON-able dict.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import CharField, Max

from eduplan.contract import STAGE_PRESCHOOL
from eduplan.core.plan_metrics import METRICS, metric_value, suggest_metric
from eduplan.core.plan_tracking import (
    PROJECT_STATUSES,
    ProgressYear,
    TargetSpec,
    deadline_date,
    indicator_track,
    project_summary,
    rollup_projects,
    task_overdue,
)
from eduplan.errors import NotFound, UsageError
from eduplan.ingest.plans.model import Indicator, PlanDocument
from eduplan.store import audit
from eduplan.store.models import (
    IndicatorActual,
    Plan,
    PlanIndicator,
    PlanProject,
    PlanTask,
    ProjectProgress,
)
from eduplan.store.models.plans import TASK_STATUSES
from eduplan.store.regions import get_region

UserLike = AbstractBaseUser | AnonymousUser | None
ITEM_MODELS: dict[str, type[PlanIndicator] | type[PlanProject] | type[PlanTask]] = {
    "indicator": PlanIndicator,
    "project": PlanProject,
    "task": PlanTask,
}
# Fields an analyst may correct, per kind of item.
CORRECTABLE: dict[str, tuple[str, ...]] = {
    "indicator": (
        "name",
        "unit",
        "group",
        "stage",
        "baseline_year",
        "baseline_value",
        "target_year",
        "target_value",
        "comparator",
        "nature",
        "metric",
    ),
    "project": (
        "name",
        "category",
        "stage",
        "seats",
        "classes",
        "area",
        "floor_area",
        "investment",
        "start_year",
        "finish_year",
        "responsible",
        "school_code",
    ),
    "task": ("text", "responsible", "deadline_text", "deadline"),
}


def _source(item: Any) -> dict[str, Any]:
    return {
        "source_file": item.source.file,
        "source_line": item.source.line,
        "source_text": item.source.text,
        "uncertain": list(item.reasons),
    }


def _indicator(plan: Plan, item: Indicator, kind: str) -> PlanIndicator:
    return PlanIndicator(
        plan=plan,
        kind=kind,
        group=item.group,
        name=item.name,
        unit=item.unit,
        stage=item.stage or "",
        baseline_year=item.baseline_year,
        baseline_value=item.baseline_value,
        target_year=item.target_year,
        target_value=item.target_value,
        comparator=item.comparator,
        nature=item.nature or "",
        **_source(item),
    )


Fitted = TypeVar("Fitted", Plan, PlanIndicator, PlanProject, PlanTask)


def _fit(item: Fitted, reasons: list[str] | None = None) -> Fitted:
    """Clip text longer than its column (PostgreSQL refuses it rather than store a plan in part) and say so in
    ``reasons`` (an item's own ``uncertain`` list unless given)."""
    said = item.uncertain if reasons is None and not isinstance(item, Plan) else reasons
    for field in item._meta.fields:
        value = getattr(item, field.attname)
        if (
            isinstance(field, CharField)
            and field.max_length
            and isinstance(value, str)
            and len(value) > field.max_length
        ):
            setattr(item, field.attname, value[: field.max_length])
            if said is not None:
                said.append(f"{field.name} 超过 {field.max_length} 字，已截断；原文见来源")
    return item


def _store_document(document: PlanDocument, region_code: str, user: UserLike, sha256: str) -> Plan:
    meta = document.plan
    clipped: list[str] = []
    plan = Plan(
        title=meta.title,
        issuing_body=meta.issuer or "",
        doc_number=meta.doc_number or "",
        issue_date=date.fromisoformat(meta.issue_date) if meta.issue_date else None,
        region=get_region(region_code),
        period_start=meta.period_start,
        period_end=meta.period_end,
        source_file=meta.file,
        source_sha256=sha256,
        rollups=[asdict(r) for r in document.rollups],
        discrepancies=[asdict(d) for d in document.discrepancies],
        imported_by=user if isinstance(user, User) else None,
    )
    _fit(plan, clipped).save()
    indicators = [_indicator(plan, i, "table") for i in document.indicators]
    indicators += [_indicator(plan, t, "sentence") for t in document.targets]
    PlanIndicator.objects.bulk_create(_fit(i) for i in indicators)
    PlanProject.objects.bulk_create(
        _fit(
            PlanProject(
                plan=plan,
                name=p.name,
                category=p.category or "",
                stage=p.stage or "",
                seats=p.seats,
                classes=int(p.classes) if p.classes is not None else None,
                area=p.area,
                floor_area=p.floor_area,
                investment=p.investment,
                start_year=p.start_year,
                finish_year=p.finish_year,
                responsible=p.responsible or "",
                **_source(p),
            )
        )
        for p in document.projects
    )
    PlanTask.objects.bulk_create(
        _fit(
            PlanTask(
                plan=plan,
                text=t.text,
                responsible=t.lead + [d for d in t.responsible if d not in t.lead],
                deadline_text=t.deadline or "",
                deadline=deadline_date(t.deadline_year, t.deadline_month),
                **_source(t),
            )
        )
        for t in document.tasks
    )
    audit.record(
        user,
        "plan.import",
        "Plan",
        plan.pk,
        region_code=region_code,
        summary=f"导入规划《{plan.title}》（{meta.file} 第 {meta.first_line}–{meta.last_line} 行）",
        after={
            "indicators": len(document.indicators),
            "targets": len(document.targets),
            "projects": len(document.projects),
            "tasks": len(document.tasks),
            "discrepancies": len(document.discrepancies),
            "sha256": sha256,
            **({"clipped": clipped} if clipped else {}),
        },
    )
    return plan


def do_import_plan(
    documents: list[PlanDocument], region_code: str, user: UserLike = None, *, file_bytes: bytes | None = None
) -> list[Plan]:
    """Store every document of one file as a plan of ``region_code``, all or nothing."""
    if not documents:
        raise UsageError("没有可导入的规划文件内容")
    sha256 = hashlib.sha256(file_bytes).hexdigest() if file_bytes is not None else ""
    with transaction.atomic():
        get_region(region_code)
        return [_store_document(document, region_code, user, sha256) for document in documents]


def get_plan(plan_id: int) -> Plan:
    try:
        return Plan.objects.select_related("region").get(pk=plan_id)
    except Plan.DoesNotExist:
        raise NotFound(f"规划 {plan_id} 不存在（用 eduplan import plan FILE --region CODE 导入）") from None


def _item(kind: str, item_id: int) -> PlanIndicator | PlanProject | PlanTask:
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise UsageError(f"未知的条目类型“{kind}”；应为 {'、'.join(ITEM_MODELS)}")
    try:
        return model.objects.select_related("plan").get(pk=item_id)
    except model.DoesNotExist:
        raise NotFound(f"{kind} {item_id} 不存在") from None


def do_correct_plan_item(kind: str, item_id: int, changes: dict[str, Any], user: UserLike = None) -> Any:
    """An analyst's correction: the item takes ``changes``, is marked confirmed, and the audit keeps before/after."""
    unknown = sorted(set(changes) - set(CORRECTABLE.get(kind, ())))
    if unknown:
        raise UsageError(f"不能修改的字段：{'、'.join(unknown)}；可改 {'、'.join(CORRECTABLE.get(kind, ()))}")
    with transaction.atomic():
        item = _item(kind, item_id)
        before = {name: getattr(item, name) for name in changes}
        for name, value in changes.items():
            setattr(item, name, value)
        item.confirmed = True
        item.save()
        audit.record(
            user,
            "plan.correct",
            f"Plan{kind.title()}",
            item.pk,
            region_code=item.plan.region_id,
            summary=f"更正规划《{item.plan.title}》的{kind} {item.pk}",
            before=_jsonable(before),
            after=_jsonable(changes),
        )
    return item


def do_confirm_plan_item(kind: str, item_id: int, user: UserLike = None) -> Any:
    """An analyst vouches for an extracted item as it stands."""
    with transaction.atomic():
        item = _item(kind, item_id)
        item.confirmed = True
        item.save(update_fields=["confirmed"])
        audit.record(
            user,
            "plan.confirm",
            f"Plan{kind.title()}",
            item.pk,
            region_code=item.plan.region_id,
            summary=f"确认规划《{item.plan.title}》的{kind} {item.pk}",
            after={"confirmed": True},
        )
    return item


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def do_record_actual(
    indicator_id: int, year: int, value: float, user: UserLike = None, *, source: str = "manual", note: str = ""
) -> IndicatorActual:
    """Enter (or replace) an indicator's actual value for a year."""
    with transaction.atomic():
        indicator = _item("indicator", indicator_id)
        assert isinstance(indicator, PlanIndicator)
        previous = IndicatorActual.objects.filter(indicator_id=indicator.pk, year=year).first()
        actual, _ = IndicatorActual.objects.update_or_create(
            indicator_id=indicator.pk, year=year, defaults={"value": value, "source": source, "note": note}
        )
        audit.record(
            user,
            "plan.actual",
            "IndicatorActual",
            actual.pk,
            region_code=indicator.plan.region_id,
            summary=f"{indicator.name} {year}年实际值 {value:g}",
            before={"value": previous.value} if previous else None,
            after={"year": year, "value": value, "source": source},
        )
    return actual


def _require(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise UsageError(f"{what}“{value}”无效；应为 {'、'.join(allowed)}")


def do_record_progress(
    project_id: int,
    year: int,
    status: str,
    *,
    seats_delivered: int = 0,
    investment_spent: float = 0.0,
    user: UserLike = None,
) -> ProjectProgress:
    """A project's report for a year: status, seats delivered that year, investment spent so far (万元)."""
    _require(status, PROJECT_STATUSES, "项目状态")
    with transaction.atomic():
        project = _item("project", project_id)
        assert isinstance(project, PlanProject)
        progress, _ = ProjectProgress.objects.update_or_create(
            project_id=project.pk,
            year=year,
            defaults={"status": status, "seats_delivered": seats_delivered, "investment_spent": investment_spent},
        )
        audit.record(
            user,
            "plan.progress",
            "ProjectProgress",
            progress.pk,
            region_code=project.plan.region_id,
            summary=f"{project.name} {year}年：{status}",
            after={"year": year, "status": status, "seats": seats_delivered, "spent": investment_spent},
        )
    return progress


def do_set_task_status(
    task_id: int, status: str, user: UserLike = None, *, completed_on: date | None = None
) -> PlanTask:
    _require(status, TASK_STATUSES, "任务状态")
    with transaction.atomic():
        task = _item("task", task_id)
        assert isinstance(task, PlanTask)
        before = {"status": task.status}
        task.status = status
        task.completed_on = completed_on
        task.save(update_fields=["status", "completed_on"])
        audit.record(
            user,
            "plan.task",
            "PlanTask",
            task.pk,
            region_code=task.plan.region_id,
            summary=f"任务 {task.pk} 状态：{status}",
            before=before,
            after={"status": status},
        )
    return task


# --- census-bound actuals -------------------------------------------------------------------------


def do_bind_metric(indicator_id: int, key: str, user: UserLike = None) -> PlanIndicator:
    """Bind an indicator to a census metric (``""`` unbinds); its actuals can then be computed."""
    if key and key not in METRICS:
        raise UsageError(f"未知的普查指标“{key}”；可用：{'、'.join(METRICS)}")
    with transaction.atomic():
        indicator = _item("indicator", indicator_id)
        assert isinstance(indicator, PlanIndicator)
        before = indicator.metric
        indicator.metric = key
        indicator.save(update_fields=["metric"])
        audit.record(
            user,
            "plan.bind",
            "PlanIndicator",
            indicator.pk,
            region_code=indicator.plan.region_id,
            summary=f"{indicator.name} 绑定普查指标 {key or '（无）'}",
            before={"metric": before},
            after={"metric": key},
        )
    return indicator


def suggested_metrics(plan: Plan) -> dict[int, str]:
    """Indicator id → the metric its wording points to, for indicators not yet bound."""
    found = {}
    for indicator in plan.indicators.filter(metric=""):
        key = suggest_metric(indicator.name, indicator.stage or None)
        if key is not None:
            found[indicator.pk] = key
    return found


def do_compute_actuals(plan_id: int, user: UserLike = None, years: list[int] | None = None) -> int:
    """Compute the actuals of every bound indicator from the current census of each year (a school year is
    named by the calendar year it starts in, and counts for that plan year). Returns how many were written."""
    from eduplan.store.census import census_frames, census_years

    plan = get_plan(plan_id)
    bound = list(plan.indicators.exclude(metric=""))
    written = 0
    with transaction.atomic():
        for year in years or census_years():
            try:
                frames = census_frames(plan.region_id, year)
            except NotFound:
                continue
            for indicator in bound:
                value = metric_value(indicator.metric, frames.schools, frames.stages, plan.region_id)
                if value is None:
                    continue
                IndicatorActual.objects.update_or_create(
                    indicator=indicator,
                    year=year,
                    defaults={"value": value, "source": "metric", "note": f"{year}学年普查第{frames.version}版"},
                )
                written += 1
        audit.record(
            user,
            "plan.compute",
            "Plan",
            plan.pk,
            region_code=plan.region_id,
            summary=f"由普查数据计算规划《{plan.title}》的实际值 {written} 个",
            after={"written": written, "indicators": [i.pk for i in bound]},
        )
    return written


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
    )


def _source_dict(item: PlanIndicator | PlanProject | PlanTask) -> dict[str, Any]:
    return {
        "source": {"file": item.source_file, "line": item.source_line, "text": item.source_text},
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
        },
        "indicators": [i for i in indicators if i["kind"] == "table"],
        "targets": [i for i in indicators if i["kind"] == "sentence"],
        "projects": projects,
        "rollups": plan.rollups,
        # the stored projects added up again (schools and kindergartens apart), to set against the plan's own
        "project_totals": _project_totals(list(plan.projects.all())),
        "tasks": tasks,
        "discrepancies": plan.discrepancies,
    }
