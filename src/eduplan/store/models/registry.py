"""The school registry, effective-dated by school year.

A school's attributes are held as versions valid for school years ``[valid_from, valid_to)``.
Openings, renamings, mergers, closures and moves between towns are new versions (or an end
year) recorded with the year they take effect, so any past year is seen on that year's registry.
"""

from __future__ import annotations

from django.db import models

from eduplan.contract import SCHOOL_TYPES, SPONSORS, URBAN_RURAL

REGISTRY_CHANGES = ("开办", "更名", "迁址", "合并", "撤销", "变更")


class School(models.Model):
    code = models.CharField(primary_key=True, max_length=10)  # 学校标识码

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class SchoolVersion(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.PositiveSmallIntegerField()  # school year the version takes effect
    valid_to = models.PositiveSmallIntegerField(null=True, blank=True)  # first year no longer valid; None = current
    change = models.CharField(max_length=4, choices=[(c, c) for c in REGISTRY_CHANGES], default="开办")
    name = models.CharField(max_length=200)
    school_type = models.CharField(max_length=20, choices=[(t, t) for t in SCHOOL_TYPES])
    sponsor = models.CharField(max_length=4, choices=[(s, s) for s in SPONSORS])
    inclusive = models.BooleanField(null=True, blank=True)
    urban_rural = models.CharField(max_length=4, choices=[(u, u) for u in URBAN_RURAL])
    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="school_versions")
    county_code = models.CharField(max_length=6, db_index=True)
    parent_code = models.CharField(max_length=10, blank=True, default="")
    group_name = models.CharField(max_length=200, blank=True, default="")
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    # Why the version ended when no later version follows: 撤销 (closed) or 合并 (merged into ``merged_into``).
    end_reason = models.CharField(max_length=4, blank=True, default="")
    merged_into = models.CharField(max_length=10, blank=True, default="")
    note = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["school_id", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"]), models.Index(fields=["county_code", "valid_from"])]
        constraints = [
            models.UniqueConstraint(fields=["school", "valid_from"], name="one_version_per_school_year"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=models.F("valid_from")),
                name="version_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        end = self.valid_to - 1 if self.valid_to else "…"
        return f"{self.name}（{self.school_id}，{self.valid_from}–{end}）"
