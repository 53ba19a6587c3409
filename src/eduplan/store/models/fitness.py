"""Student fitness results (体测成绩): one versioned upload per school and test year (docs/fitness.md).

The rows themselves are pseudonymised Parquet files under ``var/fitness/`` (like the scores); this table is
their index: which file is current for a school and year, who uploaded it and what it held. The uploaded
workbook is not kept (it carries names and raw 学籍号); its SHA-256 is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FitnessUpload(models.Model):
    year = models.PositiveSmallIntegerField(db_index=True)  # test year = school year, named by the year it starts
    school_code = models.CharField(max_length=12, db_index=True)
    number = models.PositiveIntegerField()  # 1, 2, … per school and year
    is_current = models.BooleanField(default=False)
    source = models.CharField(max_length=10, default="import")  # import | demo
    filename = models.CharField(max_length=255, blank=True, default="")
    sha256 = models.CharField(max_length=64, blank=True, default="")
    data_file = models.CharField(max_length=255)  # relative to var/fitness
    students = models.PositiveIntegerField(default=0)
    exempt = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "school_code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "school_code", "number"], name="fitness_upload_number_unique"),
            models.UniqueConstraint(
                fields=["year", "school_code"],
                condition=models.Q(is_current=True),
                name="one_current_fitness_upload_per_school_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_code} {self.year}学年体测 第{self.number}版"
