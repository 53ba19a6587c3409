"""Yearly census facts (``shared/spec/census.md``), kept as versions of a school year.

Each load of a year is a new ``CensusVersion`` holding the uploaded file byte for byte and
its rows; exactly one version of a year is current. The row models take their measure
columns from ``eduplan.contract``, the one place the contract is spelled out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from eduplan.contract import GRADES_SHEET, POPULATION_SHEET, SCHOOLS, SHEETS_BY_NAME, STAGES_SHEET, Column, Sheet


class CensusVersion(models.Model):
    year = models.PositiveSmallIntegerField(db_index=True)  # school year, named by the year it starts
    number = models.PositiveIntegerField()  # 1, 2, … within the year
    is_current = models.BooleanField(default=False)
    source = models.CharField(max_length=10, default="import")  # import | demo
    filename = models.CharField(max_length=255, blank=True, default="")
    original_file = models.BinaryField(null=True, blank=True)  # the uploaded file, byte for byte
    sha256 = models.CharField(max_length=64, blank=True, default="")
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    loaded_at = models.DateTimeField(auto_now_add=True)
    row_counts = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    note = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="census_version_number_unique"),
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(is_current=True), name="one_current_census_version_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}学年 第{self.number}版"


def _field(column: Column) -> models.Field:  # type: ignore[type-arg]
    if column.type == "int" or column.type == "year":
        return models.BigIntegerField(null=True, blank=True)
    if column.type == "number":
        return models.FloatField(null=True, blank=True)
    if column.type == "bool":
        return models.BooleanField(null=True, blank=True)
    return models.CharField(max_length=200, blank=True, default="")


class CensusSchool(models.Model):
    version = models.ForeignKey(CensusVersion, on_delete=models.CASCADE, related_name="schools")
    school_code = models.CharField(max_length=12)
    row = models.PositiveIntegerField(default=0)  # the row in the uploaded sheet, as Excel shows it

    class Meta:
        indexes = [models.Index(fields=["version", "school_code"])]


class CensusStage(models.Model):
    version = models.ForeignKey(CensusVersion, on_delete=models.CASCADE, related_name="stages")
    school_code = models.CharField(max_length=12)
    row = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["version", "school_code"])]


class CensusGrade(models.Model):
    version = models.ForeignKey(CensusVersion, on_delete=models.CASCADE, related_name="grades")
    school_code = models.CharField(max_length=12)
    row = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["version", "school_code"])]


class CensusPopulation(models.Model):
    version = models.ForeignKey(CensusVersion, on_delete=models.CASCADE, related_name="population")
    region_code = models.CharField(max_length=12)
    row = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["version", "region_code"])]


ROW_MODELS: dict[str, type[models.Model]] = {
    SCHOOLS.name: CensusSchool,
    STAGES_SHEET.name: CensusStage,
    GRADES_SHEET.name: CensusGrade,
    POPULATION_SHEET.name: CensusPopulation,
}


def _add_contract_columns(model: type[models.Model], sheet: Sheet) -> None:
    declared = {f.name for f in model._meta.local_fields}
    for column in sheet.columns:
        if column.key not in declared:
            model.add_to_class(column.key, _field(column))


for _sheet_name, _model in ROW_MODELS.items():
    _add_contract_columns(_model, SHEETS_BY_NAME[_sheet_name])
