"""A school's own census rows, corrected in the app (a school clerk fixing his school).

A year's census is one workbook of every school, kept as versions. A correction takes the current version's rows,
changes only this school's named 学段 and 年级 cells, checks the result with the upload's checks
(``check_census_tables``: located by sheet, row and column) and stores it as a new current version
(``do_load_census``; the old one can be restored), all or nothing. No workbook is written and the registry is not
touched. The correction's own audit entry, about the school, holds
each changed cell before and after, so the clerk finds it in his school's audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction

from eduplan.contract import GRADES_SHEET, SHEETS, STAGES_SHEET, Sheet
from eduplan.errors import UsageError
from eduplan.store import audit
from eduplan.store.census import do_load_census, get_version, sheet_frame
from eduplan.store.census_import import ImportResult, check_census_tables
from eduplan.store.models import CensusVersion, SchoolVersion
from eduplan.store.runs import UserLike

EDITABLE_SHEETS = (STAGES_SHEET, GRADES_SHEET)


@dataclass(frozen=True)
class Field:
    name: str  # the form field: sheet|row key|column key
    label: str
    value: Any


def _field_name(sheet: Sheet, row: Mapping[Any, Any], column: str) -> str:
    keys = "/".join(str(row[k]) for k in sheet.key if k != "school_code")
    return f"{sheet.name}|{keys}|{column}"


def _measures(sheet: Sheet) -> list[str]:
    return [c.key for c in sheet.columns if c.key not in sheet.key]


def school_rows(school: SchoolVersion, year: int) -> tuple[CensusVersion, list[tuple[Sheet, list[str], list[Any]]]]:
    """The current version and, per editable sheet, its measure columns and this school's rows as form fields."""
    version = get_version(year)
    sections = []
    for sheet in EDITABLE_SHEETS:
        frame = sheet_frame(version, sheet, [school.school_id])
        rows = [
            (
                "/".join(str(r[k]) for k in sheet.key if k != "school_code"),
                [Field(_field_name(sheet, r, c), sheet.column(c).label, _plain(r[c])) for c in _measures(sheet)],
            )
            for r in frame.to_dict("records")
        ]
        sections.append((sheet, [sheet.column(c).label for c in _measures(sheet)], rows))
    return version, sections


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _parsed(raw: str, kind: str) -> Any:
    """A posted cell: a number where it reads as one; otherwise the text itself, which the importer then reports
    as a located error (e.g. 学段!F3: 应为整数)."""
    text = raw.strip()
    if text == "":
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if kind in ("int", "year") and number.is_integer() else number


def do_correct_school_census(
    user: UserLike, school: SchoolVersion, year: int, posted: dict[str, str]
) -> ImportResult | None:
    """Apply the posted cells to this school's rows and import the year as a new version; None if nothing changed.

    Raises IngestError (every problem located) when the corrected workbook fails the census checks; nothing is
    stored then.
    """
    version = get_version(year)
    tables = {sheet.name: sheet_frame(version, sheet) for sheet in SHEETS}
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for sheet in EDITABLE_SHEETS:
        frame = tables[sheet.name].astype(object)
        mine = frame.index[frame["school_code"] == school.school_id]
        for index in mine:
            row = frame.loc[index].to_dict()
            for column in _measures(sheet):
                name = _field_name(sheet, row, column)
                if name not in posted:
                    continue
                old, new = _plain(row[column]), _parsed(posted[name], sheet.column(column).type)
                if old != new:
                    frame.at[index, column] = new
                    label = name.split("|", 2)[1]
                    where = f"{sheet.name}/{label}/{sheet.column(column).label}"
                    before[where], after[where] = old, new
        tables[sheet.name] = frame
    if not after:
        return None
    name = f"{year}学年普查-{school.school_id}更正"
    # The upload's checks, on the corrected tables themselves (no workbook): problems located by sheet, row, column.
    check = check_census_tables(tables, year, name, {})
    with transaction.atomic():
        # Lock the current version's row: an import replacing it updates that row, so it waits for this one.
        current = CensusVersion.objects.select_for_update().filter(year=year, is_current=True).first()
        if current is None or current.pk != version.pk:
            raise UsageError("本学年的普查数据刚刚被更新，请重新打开本页再修改")
        # A new version of the year with only the named cells changed; the registry is not touched.
        stored = do_load_census(
            year,
            check.tables,
            user=user,
            filename=name,
            source="correction",
            warnings=[w.as_dict() for w in check.warnings],
            row_numbers=check.row_numbers,
        )
        audit.record(
            user,
            "census.correct",
            "School",
            school.school_id,
            summary=f"{school.name} {year}学年普查数据更正（第{stored.number}版）",
            before=before,
            after=after,
            region_code=school.region_id,
        )
    rows = {sheet.name: len(check.tables.get(sheet.name, ())) for sheet in SHEETS}
    return ImportResult(name, year, False, stored.number, rows, {}, check.warnings)
