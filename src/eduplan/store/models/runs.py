"""Reproducible runs (assessments, forecasts, value-added) and the items people record by hand."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AnalysisRun(models.Model):
    """One computed result, stored with everything needed to reproduce it."""

    kind = models.CharField(max_length=30, db_index=True)  # balanced, basic, preschool, staffing, seats, …
    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="runs")
    year = models.PositiveSmallIntegerField()
    standard_id = models.CharField(max_length=50, blank=True, default="")
    standard_version = models.CharField(max_length=30, blank=True, default="")
    census_version = models.ForeignKey(
        "store.CensusVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="runs"
    )
    parameters = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    passed = models.BooleanField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "region", "year"])]


class ManualItem(models.Model):
    """An indicator census data cannot compute (政府保障程度, 教育质量, 社会认可度 …), recorded with evidence."""

    STATUSES = ("未填报", "达标", "未达标", "不适用")

    standard_id = models.CharField(max_length=50)
    item_key = models.CharField(max_length=50)
    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="manual_items")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=4, choices=[(s, s) for s in STATUSES], default="未填报")
    value = models.FloatField(null=True, blank=True)
    evidence = models.TextField(blank=True, default="")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["standard_id", "item_key", "region", "year"], name="one_manual_item")
        ]


class SupervisionNote(models.Model):
    """A 督学's finding at a school, and its rectification."""

    school_code = models.CharField(max_length=10, db_index=True)
    year = models.PositiveSmallIntegerField()
    finding = models.TextField()
    rectification = models.TextField(blank=True, default="")
    status = models.CharField(max_length=4, default="待整改")  # 待整改 / 整改中 / 已整改
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
