"""Plans as data: indicators with targets, construction projects, tasks, and their tracking."""

from __future__ import annotations

from django.conf import settings
from django.db import models

# One list of each: comparators and statuses as the tracking rule names them, categories as the parser reads
# them (续建 too: Huadu's 雅瑶初级中学).
from eduplan.core.plan_tracking import AT_LEAST, COMPARATORS, PROJECT_STATUSES
from eduplan.core.plan_tracking import (
    INDICATOR_STATUSES as INDICATOR_STATUSES,  # web.areas.dashboard imports it from here
)
from eduplan.ingest.plans.model import PROJECT_CATEGORIES

NATURES = ("预期性", "约束性")
TASK_STATUSES = ("未开始", "进行中", "已完成")


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


class Plan(models.Model):
    title = models.CharField(max_length=300)
    issuing_body = models.CharField(max_length=200, blank=True, default="")
    doc_number = models.CharField(max_length=100, blank=True, default="")  # 文号
    issue_date = models.DateField(null=True, blank=True)
    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="plans")
    period_start = models.PositiveSmallIntegerField(null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(null=True, blank=True)
    source_file = models.CharField(max_length=255, blank=True, default="")
    source_sha256 = models.CharField(max_length=64, blank=True, default="")
    # the same document in any file or format: sha256 of its own text, squashed (ingest.plans.parse)
    content_sha256 = models.CharField(max_length=64, blank=True, default="", db_index=True)
    source_format = models.CharField(max_length=40, blank=True, default="")  # "PDF", "扫描 PDF（OCR）", …
    kind = models.CharField(max_length=20, blank=True, default="")  # 规划, 行动计划/实施方案, 项目表, …
    kind_reason = models.CharField(max_length=300, blank=True, default="")
    notes = models.JSONField(default=list)  # what the reader did or missed, and why (no 主要指标 table …)
    rollups = models.JSONField(default=list)  # the plan's own summary tables, as extracted
    discrepancies = models.JSONField(default=list)  # [{"message": …, "locations": […]}]
    # published monitoring figures (监测结果: 差异系数/均值 per area, stage, indicator), to compare with the region's own
    published = models.JSONField(default=list)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "id"]

    def __str__(self) -> str:
        return self.title


class SourceMixin(models.Model):
    """Where an extracted item came from, and whether the parser or an analyst vouches for it."""

    source_file = models.CharField(max_length=255, blank=True, default="")
    source_line = models.PositiveIntegerField(null=True, blank=True)
    source_text = models.TextField(blank=True, default="")
    source_page = models.PositiveIntegerField(null=True, blank=True)  # a PDF's page
    source_where = models.CharField(max_length=100, blank=True, default="")  # "第 3 页表 1 第 4 行"
    uncertain = models.JSONField(default=list)  # the parser's reasons for doubt
    confirmed = models.BooleanField(default=False)  # an analyst has checked it

    class Meta:
        abstract = True


class PlanIndicator(SourceMixin):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(max_length=10, default="table")  # table (指标表) | sentence (目标句)
    group = models.CharField(max_length=100, blank=True, default="")
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=50, blank=True, default="")
    stage = models.CharField(max_length=10, blank=True, default="")
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_value = models.FloatField(null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    target_value = models.FloatField(null=True, blank=True)
    comparator = models.CharField(max_length=10, choices=_choices(COMPARATORS), default=AT_LEAST)
    nature = models.CharField(max_length=4, blank=True, default="")  # 预期性 / 约束性
    metric = models.CharField(max_length=100, blank=True, default="")  # census metric key the actuals bind to

    class Meta:
        ordering = ["plan_id", "id"]


class IndicatorActual(models.Model):
    indicator = models.ForeignKey(PlanIndicator, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField()
    value = models.FloatField()
    source = models.CharField(max_length=20, default="manual")  # manual | metric | demo
    note = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["indicator_id", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="one_actual_per_indicator_year")]


class PlanProject(SourceMixin):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(max_length=300)
    category = models.CharField(max_length=10, choices=_choices(PROJECT_CATEGORIES), blank=True, default="")
    stage = models.CharField(max_length=20, blank=True, default="")
    seats = models.JSONField(default=dict)  # 学段 → seats
    classes = models.PositiveIntegerField(null=True, blank=True)
    area = models.FloatField(null=True, blank=True)  # 占地面积, ㎡
    floor_area = models.FloatField(null=True, blank=True)  # 建筑面积, ㎡
    investment = models.FloatField(null=True, blank=True)  # 万元
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    finish_year = models.PositiveSmallIntegerField(null=True, blank=True)  # None = 待定
    responsible = models.CharField(max_length=300, blank=True, default="")
    town = models.ForeignKey("store.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    school_code = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        ordering = ["plan_id", "id"]


class ProjectProgress(models.Model):
    project = models.ForeignKey(PlanProject, on_delete=models.CASCADE, related_name="progress")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=4, choices=_choices(PROJECT_STATUSES))
    seats_delivered = models.PositiveIntegerField(default=0)
    investment_spent = models.FloatField(default=0)  # 万元, cumulative

    class Meta:
        ordering = ["project_id", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="one_progress_per_project_year")]


class PlanTask(SourceMixin):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    text = models.TextField()
    responsible = models.JSONField(default=list)  # departments, lead first
    deadline_text = models.CharField(max_length=100, blank=True, default="")
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=4, choices=_choices(TASK_STATUSES), default="未开始")
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "id"]
