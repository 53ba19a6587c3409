"""The yearly collection (填报 → 上报 → 审核): one school's census rows of a year, from draft to approved.

A submission holds the school's 学段 and 年级 rows as the clerk entered them (JSON, the contract's keys), the reasons
he gave for warnings, and the last check's findings. Only an approved submission reaches a census version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

DRAFT = "draft"
SUBMITTED = "submitted"
APPROVED = "approved"
RETURNED = "returned"
STATUSES: dict[str, str] = {DRAFT: "草稿", SUBMITTED: "已上报待审核", APPROVED: "已审核通过", RETURNED: "已退回"}


class CensusSubmission(models.Model):
    year = models.PositiveSmallIntegerField()
    school_code = models.CharField(max_length=12)
    region_code = models.CharField(max_length=12, db_index=True)  # the school's region that year
    status = models.CharField(max_length=10, choices=list(STATUSES.items()), default=DRAFT)
    data = models.JSONField(default=dict)  # sheet name → rows (contract keys)
    reasons = models.JSONField(default=dict)  # field → the clerk's reason for a warning
    findings = models.JSONField(default=list)  # the last check (core.collection.Finding.as_dict)
    base_version = models.ForeignKey(
        "store.CensusVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    live_version = models.ForeignKey(  # the version an approval made
        "store.CensusVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.CharField(max_length=500, blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "school_code"], name="one_submission_per_school_year")]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.school_code} {self.year}学年 {STATUSES.get(self.status, self.status)}"
