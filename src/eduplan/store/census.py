"""Census versions: atomic loads, the current version of a year, restore, and reading for core.

A load writes every row of every sheet and the uploaded file inside one transaction and then
makes the new version current; a failure at any point leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

import ibis
import pandas as pd
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction

from eduplan.contract import SHEETS, Sheet
from eduplan.errors import NotFound
from eduplan.store import audit
from eduplan.store.models import CensusVersion
from eduplan.store.models.census import ROW_MODELS
from eduplan.store.regions import region_prefix
from eduplan.store.registry import registry_frame

BATCH = 5000


@dataclass(frozen=True)
class CensusFrames:
    """The census of a region and year, resolved to that year's registry (pandas, contract keys)."""

    region_code: str
    year: int
    version: int | None  # the census version number used; None when the year has no census
    version_id: int | None
    schools: pd.DataFrame
    stages: pd.DataFrame
    grades: pd.DataFrame
    population: pd.DataFrame

    def as_ibis(self) -> dict[str, ibis.Table]:
        """The same tables as Ibis memtables, for core functions written in Ibis."""
        return {
            "schools": ibis.memtable(self.schools),
            "stages": ibis.memtable(self.stages),
            "grades": ibis.memtable(self.grades),
            "population": ibis.memtable(self.population),
        }


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _rows_for(sheet: Sheet, frame: pd.DataFrame) -> list[dict[str, Any]]:
    keys = [c.key for c in sheet.columns if c.key in frame.columns]
    text_keys = {c.key for c in sheet.columns if c.type in ("code", "text", "enum")}
    rows = []
    for record in frame[keys].to_dict("records"):
        row = {str(k): _clean(v) for k, v in record.items()}
        for k in text_keys & row.keys():
            if row[k] is None:
                row[k] = ""
        rows.append(row)
    return rows


def do_load_census(
    year: int,
    tables: dict[str, pd.DataFrame],
    *,
    user: AbstractBaseUser | AnonymousUser | None = None,
    file_bytes: bytes | None = None,
    filename: str = "",
    source: str = "import",
    warnings: list[dict[str, Any]] | None = None,
    row_numbers: dict[str, list[int]] | None = None,
) -> CensusVersion:
    """Store validated census tables (sheet name → frame with contract keys) as the new current version."""
    with transaction.atomic():
        previous = CensusVersion.objects.select_for_update().filter(year=year).order_by("-number").first()
        number = previous.number + 1 if previous else 1
        CensusVersion.objects.filter(year=year, is_current=True).update(is_current=False)
        version = CensusVersion.objects.create(
            year=year,
            number=number,
            is_current=True,
            source=source,
            filename=filename,
            original_file=file_bytes,
            sha256=hashlib.sha256(file_bytes).hexdigest() if file_bytes is not None else "",
            loaded_by=user if isinstance(user, User) else None,
            row_counts={s.name: len(tables.get(s.name, ())) for s in SHEETS},
            warnings=warnings or [],
        )
        for sheet in SHEETS:
            frame = tables.get(sheet.name)
            if frame is None or frame.empty:
                continue
            model = ROW_MODELS[sheet.name]
            excel_rows = (row_numbers or {}).get(sheet.name) or list(range(2, len(frame) + 2))
            objects = [
                model(version=version, row=excel_row, **row)
                for row, excel_row in zip(_rows_for(sheet, frame), excel_rows, strict=True)
            ]
            model._default_manager.bulk_create(objects, batch_size=BATCH)
        audit.record(
            user,
            "census.import" if source == "import" else f"census.{source}",
            "CensusVersion",
            version.pk,
            summary=f"{year}学年 第{number}版（{filename or source}）",
            before={"current_version": previous.number} if previous else None,
            after={"current_version": number, "rows": version.row_counts, "sha256": version.sha256},
        )
    return version


def do_restore_census(year: int, number: int, user: AbstractBaseUser | AnonymousUser | None = None) -> CensusVersion:
    """Make an earlier version of a year current again (nothing is deleted)."""
    with transaction.atomic():
        try:
            target = CensusVersion.objects.select_for_update().get(year=year, number=number)
        except CensusVersion.DoesNotExist:
            raise NotFound(
                f"{year}学年没有第 {number} 版普查数据（eduplan versions census --year {year} 列出各版）"
            ) from None
        current = CensusVersion.objects.filter(year=year, is_current=True).first()
        CensusVersion.objects.filter(year=year, is_current=True).update(is_current=False)
        target.is_current = True
        target.save(update_fields=["is_current"])
        audit.record(
            user,
            "census.restore",
            "CensusVersion",
            target.pk,
            summary=f"{year}学年 恢复为第{number}版",
            before={"current_version": current.number if current else None},
            after={"current_version": number},
        )
    return target


def get_version(year: int, number: int | None = None) -> CensusVersion:
    qs = CensusVersion.objects.filter(year=year)
    version = qs.filter(number=number).first() if number is not None else qs.filter(is_current=True).first()
    if version is None:
        which = f"第 {number} 版" if number is not None else "当前版本"
        raise NotFound(f"{year}学年没有{which}的普查数据（用 eduplan import census FILE --year {year} 导入）")
    return version


def sheet_frame(
    version: CensusVersion, sheet: Sheet, school_codes: list[str] | None = None, region_prefix: str = ""
) -> pd.DataFrame:
    """One sheet of a stored version as a frame with the contract's keys, in upload order."""
    model = ROW_MODELS[sheet.name]
    qs = model._default_manager.filter(version=version).order_by("row", "id")
    if school_codes is not None and "school_code" in sheet.keys:
        qs = qs.filter(school_code__in=school_codes)
    if region_prefix and "region_code" in sheet.keys:
        qs = qs.filter(region_code__startswith=region_prefix)
    return pd.DataFrame.from_records(list(qs.values(*sheet.keys)), columns=list(sheet.keys))


def census_frames(region_code: str, year: int, version: int | None = None) -> CensusFrames:
    """The census of a region subtree and school year on that year's registry (current version unless named)."""
    from eduplan.contract import GRADES_SHEET, POPULATION_SHEET, STAGES_SHEET

    prefix = region_prefix(region_code)
    schools = registry_frame(year, prefix)
    stored = get_version(year, version)
    codes = schools["school_code"].tolist()
    # Filter in the query for a county; a province-size list is filtered after reading.
    in_query = codes if len(codes) <= 20000 else None
    stages = _filter_codes(sheet_frame(stored, STAGES_SHEET, in_query), codes)
    grades = _filter_codes(sheet_frame(stored, GRADES_SHEET, in_query), codes)
    population = sheet_frame(stored, POPULATION_SHEET, region_prefix=prefix)
    return CensusFrames(region_code, year, stored.number, stored.pk, schools, stages, grades, population)


def _filter_codes(frame: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    return frame[frame["school_code"].isin(set(codes))].reset_index(drop=True)


def census_tables(region_code: str, year: int, version: int | None = None) -> dict[str, ibis.Table]:
    return census_frames(region_code, year, version).as_ibis()


def census_years() -> list[int]:
    return sorted(set(CensusVersion.objects.values_list("year", flat=True)))
