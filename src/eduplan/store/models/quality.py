"""Learning quality: the bureau's marks (城区优质学校, cut scores) and imported monitoring results, versioned."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BenchmarkSchool(models.Model):
    """A school the county bureau marks as 城区优质学校 for a school year: the 差异率 benchmark."""

    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="+")  # the county
    year = models.PositiveSmallIntegerField()
    school_code = models.CharField(max_length=10)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year", "school_code"], name="one_benchmark_mark")]


class CutScore(models.Model):
    """The bureau's 合格/优秀 cut scores of one grade and subject in a school year (absolute scores)."""

    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    grade = models.CharField(max_length=2)
    subject = models.CharField(max_length=40)
    pass_score = models.FloatField()
    excellent_score = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year", "grade", "subject"], name="one_cut_score")]


class MonitoringImport(models.Model):
    """One imported workbook of published monitoring figures; the latest of a region is current."""

    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    file_name = models.CharField(max_length=255)
    rows = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "number"], name="one_monitoring_number")]


class MonitoringFigure(models.Model):
    """A published figure: a school's or county's mean and rates, with the province's and nation's beside it."""

    imported = models.ForeignKey(MonitoringImport, on_delete=models.CASCADE, related_name="figures")
    level = models.CharField(max_length=4)  # 学校 / 县区
    code = models.CharField(max_length=12)  # 学校标识码 or 区划代码
    year = models.PositiveSmallIntegerField()
    programme = models.CharField(max_length=40)  # 国家义务教育质量监测 / 省级监测 / 区域抽测
    subject = models.CharField(max_length=40)
    grade = models.CharField(max_length=2)
    mean = models.FloatField(null=True, blank=True)
    pass_rate = models.FloatField(null=True, blank=True)  # 达标率 %
    excellent_rate = models.FloatField(null=True, blank=True)  # 优秀率 %
    province_mean = models.FloatField(null=True, blank=True)
    province_pass_rate = models.FloatField(null=True, blank=True)
    province_excellent_rate = models.FloatField(null=True, blank=True)
    nation_mean = models.FloatField(null=True, blank=True)
    nation_pass_rate = models.FloatField(null=True, blank=True)
    nation_excellent_rate = models.FloatField(null=True, blank=True)
