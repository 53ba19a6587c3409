"""控辍保学 cases: a compulsory-age pupil not in school or at risk, and the dated steps taken.

The pupil is kept as the keyed hash of his 学籍号 (as scores are, docs/scores.md); his name is kept for the
responsible office and his school's clerk only, and every page that shows it is audited (docs/attendance.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from eduplan.standards.attendance import KINDS, REASONS, STEPS


class AttendanceCase(models.Model):
    school_code = models.CharField(max_length=10, db_index=True)
    region_code = models.CharField(max_length=12, db_index=True)  # the school's region (town or county)
    pupil = models.CharField(max_length=32, db_index=True)  # HMAC of the 学籍号
    name = models.CharField(max_length=50)  # shown only on audited named views
    birth_year = models.PositiveSmallIntegerField()
    grade = models.CharField(max_length=2)
    kind = models.CharField(max_length=8, choices=[(k, k) for k in KINDS])
    reason = models.CharField(max_length=10, choices=[(r, r) for r in REASONS])
    groups = models.CharField(max_length=100, blank=True, default="")  # 特殊群体, 、-separated
    responsible = models.CharField(max_length=50)  # the person following the case
    absent_since = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, blank=True, default="")  # 复学 or a lawful outcome
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-absent_since", "-id"]


class CaseStep(models.Model):
    case = models.ForeignKey(AttendanceCase, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=12, choices=[(s, s) for s in STEPS])
    on = models.DateField()
    note = models.CharField(max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
