"""The yearly tracking of a plan: actuals, project progress, task status, and the actuals computed from the census
for indicators bound to a census metric. Every write one ``do_*`` function, audited.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from eduplan.core.admission import PLAN_METRICS as ADMISSION_METRICS
from eduplan.core.admission import suggest_plan_metric as suggest_admission_metric
from eduplan.core.fitness import PLAN_METRICS as FITNESS_METRICS
from eduplan.core.fitness import suggest_plan_metric as suggest_fitness_metric
from eduplan.core.plan_metrics import COHORT_METRICS, METRICS, metric_value, suggest_metric
from eduplan.core.plan_tracking import (
    PROJECT_STATUSES,
)
from eduplan.core.quality import PLAN_MEASURES as QUALITY_MEASURES
from eduplan.core.quality import parse_plan_metric as parse_quality_metric
from eduplan.core.teachers import PLAN_METRIC_LABELS as TEACHER_METRICS
from eduplan.core.teachers import suggest_teacher_metric
from eduplan.errors import NotFound, UsageError
from eduplan.ingest.scores import normalise_grade
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
from eduplan.store.plans.imports import UserLike, get_plan
from eduplan.store.plans.review import _item


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
        # One measure has one actual a year: the plan's other rows naming the same measure (市级劳动教育特色学校
        # with a target for 2022 and one for 2025) take the same value, so they never disagree.
        twins = list(
            PlanIndicator.objects.filter(
                plan_id=indicator.plan_id, name=indicator.name, unit=indicator.unit, stage=indicator.stage
            )
            .exclude(pk=indicator.pk)
            .values_list("pk", flat=True)
        )
        for twin in twins:
            IndicatorActual.objects.update_or_create(
                indicator_id=twin, year=year, defaults={"value": value, "source": source, "note": note}
            )
        audit.record(
            user,
            "plan.actual",
            "IndicatorActual",
            actual.pk,
            region_code=indicator.plan.region_id,
            summary=f"{indicator.name} {year}年实际值 {value:g}"
            + (f"（同一指标的 {len(twins)} 行一并记录）" if twins else ""),
            before={"value": previous.value} if previous else None,
            after={"year": year, "value": value, "source": source, **({"same_measure": twins} if twins else {})},
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
    known = [*METRICS, *COHORT_METRICS, *TEACHER_METRICS, *FITNESS_METRICS, *ADMISSION_METRICS]
    quality = parse_quality_metric(key)
    if key and key not in known and quality is None:
        forms = "、".join(f"quality_{m}:年级:科目" for m in QUALITY_MEASURES)
        raise UsageError(
            f"未知的指标“{key}”；可用：{'、'.join(known)}；学业质量：{forms}（如 quality_pass_rate:8:数学）"
        )
    if quality is not None and normalise_grade(quality.grade) is None:
        raise UsageError(f"指标“{key}”的年级“{quality.grade}”无法识别：应为 1–12，或 七年级、初一")
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
        stage = indicator.stage or None
        key = suggest_admission_metric(indicator.name) or suggest_metric(indicator.name, stage)
        key = key or suggest_teacher_metric(indicator.name)
        key = key or suggest_fitness_metric(indicator.name, stage)
        if key is not None:
            found[indicator.pk] = key
    return found


def _compute_teacher_actuals(plan: Plan, bound: list[PlanIndicator], years: list[int] | None) -> int:
    """Actuals of the indicators bound to a teacher metric, from the teacher registry of each year that has one
    (docs/teachers.md); written in the caller's transaction, counted in its audit entry."""
    from eduplan.store.teachers import roster_years, teacher_plan_metrics

    written = 0
    for year in (years or roster_years()) if bound else []:
        values = teacher_plan_metrics(plan.region_id, year)
        for indicator in bound:
            value = values.get(indicator.metric)
            if value is None:
                continue
            IndicatorActual.objects.update_or_create(
                indicator=indicator,
                year=year,
                defaults={"value": value, "source": "metric", "note": f"{year}学年教师名册"},
            )
            written += 1
    return written


def do_compute_actuals(plan_id: int, user: UserLike = None, years: list[int] | None = None) -> int:
    """Compute the actuals of every bound indicator from the current census of each year (a school year is
    named by the calendar year it starts in, and counts for that plan year). Returns how many were written."""
    from eduplan.store.census import census_frames, census_years

    plan = get_plan(plan_id)
    bound = list(plan.indicators.exclude(metric=""))
    teacher_bound = [i for i in bound if i.metric in TEACHER_METRICS]
    fitness_bound = [i for i in bound if i.metric in FITNESS_METRICS]
    admission_bound = [i for i in bound if i.metric in ADMISSION_METRICS]
    quality_bound = [i for i in bound if parse_quality_metric(i.metric) is not None]
    others = {*TEACHER_METRICS, *FITNESS_METRICS, *ADMISSION_METRICS, *(i.metric for i in quality_bound)}
    census_bound = [i for i in bound if i.metric not in others]
    with transaction.atomic():
        written = _compute_teacher_actuals(plan, teacher_bound, years)
        written += _fitness_actuals(plan, fitness_bound, years)
        written += _admission_actuals(plan, admission_bound, years)
        written += _quality_actuals(plan, quality_bound, years)
        for year in years or census_years():
            try:
                frames = census_frames(plan.region_id, year)
            except NotFound:
                continue
            for indicator in census_bound:
                if indicator.metric in COHORT_METRICS:  # 巩固率: this year's census and the entry year's
                    from eduplan.store.attendance import cohort_metric

                    value = cohort_metric(indicator.metric, plan.region_id, year)
                else:
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
            after={
                "written": written,
                "indicators": list(plan.indicators.exclude(metric="").values_list("pk", flat=True)),
            },
        )
    return written


def _fitness_actuals(plan: Plan, bound: list[PlanIndicator], years: list[int] | None) -> int:
    """Actuals of indicators bound to fitness rates (docs/fitness.md), from each year's current results."""
    from eduplan.store.fitness import fitness_years, region_plan_metrics

    written = 0
    by_year = region_plan_metrics(plan.region_id, years or fitness_years()) if bound else {}
    for year, values in sorted(by_year.items()):
        for indicator in bound:
            if indicator.metric not in values:
                continue
            IndicatorActual.objects.update_or_create(
                indicator=indicator,
                year=year,
                defaults={"value": values[indicator.metric], "source": "metric", "note": f"{year}学年体测成绩"},
            )
            written += 1
    return written


def _admission_actuals(plan: Plan, bound: list[PlanIndicator], years: list[int] | None) -> int:
    """Actuals of indicators bound to an admission share (docs/admission.md), from each year's latest kept run."""
    from eduplan.store.admission import plan_actuals, write_plan_actuals

    written = 0
    for year, (values, note) in sorted(plan_actuals(plan.region_id, years).items()) if bound else []:
        written += len(write_plan_actuals(bound, year, values, note))
    return written


def _quality_actuals(plan: Plan, bound: list[PlanIndicator], years: list[int] | None) -> int:
    """Actuals of indicators bound to a learning-quality figure (docs/quality.md), from the quality page's result
    of each year's exam of the bound grade and subject."""
    from eduplan.store.quality import plan_metrics

    written = 0
    by_year = plan_metrics(plan.region_id, [i.metric for i in bound], years) if bound else {}
    for year, values in sorted(by_year.items()):
        for indicator in bound:
            if indicator.metric not in values:
                continue
            quality = parse_quality_metric(indicator.metric)
            assert quality is not None
            IndicatorActual.objects.update_or_create(
                indicator=indicator,
                year=year,
                defaults={
                    "value": values[indicator.metric],
                    "source": "metric",
                    "note": f"{year}学年 {quality.grade} 年级{quality.subject}成绩",
                },
            )
            written += 1
    return written
