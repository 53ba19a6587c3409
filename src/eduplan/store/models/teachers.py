"""Teachers as people (docs/teachers.md): pseudonymous identities, yearly roster versions, school periods,
transfers and training hours.

No 身份证号 is stored, nor the uploaded workbook (it holds the numbers in clear): a teacher is known by the keyed
hash ``pseudonym`` only. Each import of a school year is a new ``RosterVersion`` (exactly one current per year),
holding the year's ``TeacherRecord`` rows, its transfers and its training hours. ``TeacherPeriod`` is the
effective-dated history of the school each teacher worked at (``[valid_from, valid_to)`` in school years): a
transfer closes a period and opens a new one, it never overwrites. The periods are rebuilt from the current
versions after each import, restore or edit (``store.teachers``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Teacher(models.Model):
    pseudonym = models.CharField(max_length=32, unique=True)  # HMAC-SHA256 of the 身份证号, 32 hex digits
    sex = models.CharField(max_length=2)
    birth_year = models.PositiveSmallIntegerField()
    birth_month = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"教师 {self.pseudonym[:8]}"


class RosterVersion(models.Model):
    year = models.PositiveSmallIntegerField(db_index=True)  # school year, named by the year it starts
    number = models.PositiveIntegerField()
    is_current = models.BooleanField(default=False)
    source = models.CharField(max_length=10, default="import")  # import | demo
    filename = models.CharField(max_length=255, blank=True, default="")
    sha256 = models.CharField(max_length=64, blank=True, default="")  # of the uploaded file, which is not kept
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    loaded_at = models.DateTimeField(auto_now_add=True)
    row_counts = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="roster_version_number_unique"),
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(is_current=True), name="one_current_roster_version_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}学年 教师名册 第{self.number}版"


class TeacherRecord(models.Model):
    """One teacher in one roster version: where and what he teaches, his qualifications that year."""

    version = models.ForeignKey(RosterVersion, on_delete=models.CASCADE, related_name="records")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="records")
    row = models.PositiveIntegerField(default=0)
    school_code = models.CharField(max_length=10, db_index=True)
    stage = models.CharField(max_length=4)
    since = models.PositiveSmallIntegerField()  # school year he came to this school
    post_kind = models.CharField(max_length=10)
    education = models.CharField(max_length=10)
    first_education = models.CharField(max_length=10, blank=True, default="")
    title = models.CharField(max_length=6)
    post_level = models.CharField(max_length=20, blank=True, default="")
    establishment = models.CharField(max_length=10)
    subjects = models.CharField(max_length=100)
    backbone_level = models.CharField(max_length=4, blank=True, default="")
    backbone_since = models.PositiveSmallIntegerField(null=True, blank=True)
    head_teacher = models.BooleanField(default=False)
    certificate = models.CharField(max_length=50, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "teacher"], name="one_record_per_teacher_version")]


class TeacherPeriod(models.Model):
    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="periods")
    school_code = models.CharField(max_length=10, db_index=True)
    valid_from = models.PositiveSmallIntegerField()
    valid_to = models.PositiveSmallIntegerField(null=True, blank=True)  # exclusive; null while open

    class Meta:
        ordering = ["teacher_id", "valid_from"]


class TeacherTransfer(models.Model):
    TYPES = [("交流", "交流"), ("支教", "支教"), ("调动", "调动")]
    version = models.ForeignKey(RosterVersion, on_delete=models.CASCADE, related_name="transfers")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="transfers")
    row = models.PositiveIntegerField(default=0)
    year = models.PositiveSmallIntegerField()
    date = models.DateField()
    kind = models.CharField(max_length=4, choices=TYPES)
    from_school = models.CharField(max_length=10)
    to_school = models.CharField(max_length=10)


class TrainingRecord(models.Model):
    version = models.ForeignKey(RosterVersion, on_delete=models.CASCADE, related_name="training")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="training")
    row = models.PositiveIntegerField(default=0)
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30)
    hours = models.FloatField()


class TitleRatio(models.Model):
    """The bureau's own 岗位设置 ratios of a county: the share of 高级 (正高级 + 高级) and of 中级 (一级) posts per
    学段, in %, with the document that sets them. One row per county and 学段; a change is audited (before/after)."""

    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="title_ratios")
    stage = models.CharField(max_length=4)
    senior_share = models.FloatField()
    mid_share = models.FloatField(null=True, blank=True)
    document = models.CharField(max_length=200, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region_id", "stage"]
        constraints = [models.UniqueConstraint(fields=["region", "stage"], name="one_title_ratio_per_county_stage")]
