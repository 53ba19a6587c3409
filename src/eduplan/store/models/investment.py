"""Unit costs of the investment plan (issue 23), as the bureau's versioned data.

A plan scenario is an ``AnalysisRun`` of kind ``investment`` (its parameters name the unit-cost version)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class UnitCostVersion(models.Model):
    """The unit costs a county (or one of its towns, where they differ) uses in a school year; every change is a
    new version, the highest number is current."""

    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="unit_cost_versions")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    costs = models.JSONField(default=dict)  # unit-cost key → 万元 per unit
    staff_years = models.PositiveSmallIntegerField(default=1)
    note = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region", "year", "-number"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "number"], name="one_unit_cost_version")]
