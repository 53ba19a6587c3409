"""积分入学: rubric versions, applicant imports, seats per school and grade (docs/admission.md).

Runs are ``AnalysisRun`` rows of kind ``admission``: parameters name the rubric version, the applicant import, the
seats and the seed; the result is the run's JSON, so a run can be shown, reported and re-run exactly.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AdmissionRubric(models.Model):
    """One version of a rubric: never changed once written (an edit is a new version)."""

    code = models.CharField(max_length=50)  # the rubric's id, e.g. gz-2021 or huadu-own
    version = models.PositiveIntegerField()
    region = models.ForeignKey("store.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    data = models.JSONField()  # standards.admission.rubric_from_dict input
    based_on = models.CharField(max_length=60, blank=True, default="")  # code@version it was edited from
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="one_admission_rubric_version")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("积分细则版本一经保存不可修改；请另存为新版本")
        super().save(*args, **kwargs)


class AdmissionImport(models.Model):
    """One upload of a district's applicants for a year; the newest is current."""

    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    filename = models.CharField(max_length=200)
    rows = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "number"], name="one_admission_import_number")]


class AdmissionApplicant(models.Model):
    """One application: pseudonym, the child's name (admissions office only), facts and 志愿."""

    source = models.ForeignKey(AdmissionImport, on_delete=models.CASCADE, related_name="applicants")
    applicant = models.CharField(max_length=32)  # HMAC pseudonym of the application number
    name = models.CharField(max_length=100, blank=True, default="")
    row = models.PositiveIntegerField()
    grade = models.PositiveSmallIntegerField()
    area = models.CharField(max_length=100)
    facts = models.JSONField(default=dict)  # dates as ISO text
    choices = models.JSONField(default=list)

    class Meta:
        ordering = ["source", "row"]
        indexes = [models.Index(fields=["source", "applicant"])]


class AdmissionSeats(models.Model):
    """Seats for 积分入学 at one school and grade in one year (public or government-purchased private)."""

    KINDS = ("公办", "民办（政府购买学位）")

    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    school_code = models.CharField(max_length=10)
    name = models.CharField(max_length=200)
    area = models.CharField(max_length=100)
    grade = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=[(k, k) for k in KINDS])
    seats = models.PositiveIntegerField()
    source = models.CharField(max_length=20, default="教育局录入")  # 教育局录入 / 普查推算
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "grade", "school_code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "school_code", "grade"], name="one_admission_seat_row")
        ]
