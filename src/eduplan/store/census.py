"""Census versions: atomic loads, the current version of a year, restore, and reading for core.

A load writes every row of every sheet and the uploaded file inside one transaction and then
makes the new version current; a failure at any point leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import ibis
import numpy as np
import pandas as pd
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import connection, transaction
from django.db.models import Field, Model

from eduplan.contract import SHEETS, Sheet
from eduplan.errors import NotFound
from eduplan.store import audit
from eduplan.store.bulk import bulk_insert, model_field
from eduplan.store.models import CensusVersion
from eduplan.store.models.census import ROW_MODELS
from eduplan.store.regions import region_prefix
from eduplan.store.registry import registry_frame


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


def _column(sheet: Sheet, key: str, frame: pd.DataFrame, field: Field) -> list[Any]:  # type: ignore[type-arg]
    """One column as plain Python values for the database: NaN/NA → None (text → ""), numpy scalars → Python.

    A column of numpy numbers is already typed; a column of Python objects goes through the field's preparation,
    as the ORM does (a value that is not a number is refused, not stored as text)."""
    if key not in frame.columns:
        return [field.get_default()] * len(frame)
    series = frame[key]
    values = series.astype(object).where(series.notna(), None).tolist()
    text = sheet.column(key).type in ("code", "text", "enum")
    if series.dtype == object:  # text, or cells of mixed types: each value on its own
        prepare = field.get_prep_value
        values = [v if v is None or (text and type(v) is str) else prepare(_clean(v)) for v in values]
    if text:
        values = ["" if v is None else v for v in values]
    return values


def _sheet_rows(sheet: Sheet, model: type[Model], frame: pd.DataFrame) -> tuple[list[str], list[list[Any]]]:
    """The contract columns of ``model`` and their values, column by column (missing columns take the default)."""
    keys = [c.key for c in sheet.columns]
    return keys, [_column(sheet, k, frame, model_field(model, k)) for k in keys]


def new_current_version(year: int, user: object, **fields: Any) -> CensusVersion:
    """The next version of ``year``, made current (the one before it no longer is); call inside a transaction."""
    previous = CensusVersion.objects.select_for_update().filter(year=year).order_by("-number").first()
    CensusVersion.objects.filter(year=year, is_current=True).update(is_current=False)
    return CensusVersion.objects.create(
        year=year,
        number=previous.number + 1 if previous else 1,
        is_current=True,
        loaded_by=user if isinstance(user, User) else None,
        **fields,
    )


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
        version = new_current_version(
            year,
            user,
            source=source,
            filename=filename,
            original_file=file_bytes,
            sha256=hashlib.sha256(file_bytes).hexdigest() if file_bytes is not None else "",
            row_counts={s.name: len(tables.get(s.name, ())) for s in SHEETS},
            warnings=warnings or [],
        )
        for sheet in SHEETS:
            frame = tables.get(sheet.name)
            if frame is None or frame.empty:
                continue
            model = ROW_MODELS[sheet.name]
            excel_rows = (row_numbers or {}).get(sheet.name) or list(range(2, len(frame) + 2))
            if len(excel_rows) != len(frame):
                raise ValueError(f"{sheet.name}: {len(excel_rows)} row numbers for {len(frame)} rows")
            keys, columns = _sheet_rows(sheet, model, frame)
            # In the transaction above, at the database's bulk speed (executemany on SQLite, COPY on PostgreSQL).
            bulk_insert(model, ["version_id", "row", *keys], zip(repeat(version.pk), excel_rows, *columns))
        audit.record(
            user,
            "census.import" if source == "import" else f"census.{source}",
            "CensusVersion",
            version.pk,
            summary=f"{year}学年 第{version.number}版（{filename or source}）",
            # the version before is always number - 1: numbers are given in order (new_current_version)
            before={"current_version": version.number - 1} if version.number > 1 else None,
            after={"current_version": version.number, "rows": version.row_counts, "sha256": version.sha256},
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
    """One sheet of a stored version as a frame with the contract's keys, in upload order.

    A stored version's rows never change (a correction is a new version), so the frames read are kept, keyed by the
    version (its id and load time: a test database that rolls back may give the next version the same id); a new
    census version is a new key. A sheet of up to ``WHOLE_SHEET_ROWS`` rows is read whole, once, and the rows of
    ``school_codes`` are picked from it (a county after the first costs no query); a larger one is read per list of
    schools. The caller gets its own copy."""
    codes = tuple(school_codes) if school_codes is not None and "school_code" in sheet.keys else None
    prefix = region_prefix if "region_code" in sheet.keys else ""
    if codes is not None and version.row_counts.get(sheet.name, WHOLE_SHEET_ROWS + 1) <= WHOLE_SHEET_ROWS:
        whole = _kept_sheet(version, sheet, None, prefix)
        return whole.frame.take(whole.rows_of(codes)).reset_index(drop=True)
    return _kept_sheet(version, sheet, codes, prefix).frame.copy()


@dataclass
class _KeptSheet:
    """A sheet as read, with the positions of each school's rows (found once, when first asked for)."""

    frame: pd.DataFrame
    by_school: dict[Any, Any] | None = None

    def rows_of(self, codes: tuple[str, ...]) -> Any:
        if self.by_school is None:
            self.by_school = self.frame.groupby("school_code", sort=False).indices
        found = [self.by_school[code] for code in codes if code in self.by_school]
        return np.sort(np.concatenate(found)) if found else np.array([], dtype=np.intp)  # upload order


def _kept_sheet(version: CensusVersion, sheet: Sheet, codes: tuple[str, ...] | None, prefix: str) -> _KeptSheet:
    key = (version.pk, version.loaded_at, sheet.name, codes, prefix)
    with _FRAMES_LOCK:
        kept = _FRAMES.get(key)
        if kept is not None:
            _FRAMES.move_to_end(key)
    if kept is None:
        kept = _KeptSheet(_read_sheet(version, sheet, codes, prefix))
        with _FRAMES_LOCK:
            _FRAMES[key] = kept
            while len(_FRAMES) > _FRAMES_KEPT:
                _FRAMES.popitem(last=False)
    return kept


_FRAMES: OrderedDict[tuple[Any, ...], _KeptSheet] = OrderedDict()
_FRAMES_LOCK = threading.Lock()
_FRAMES_KEPT = 256  # frames of recently read sheets or counties (a county's 学段 rows are a few hundred)
WHOLE_SHEET_ROWS = (
    100_000  # a province's 学段 rows (~35,000 for 26,000 schools) are read whole; its 年级 rows, per county
)


def _read_sheet(version: CensusVersion, sheet: Sheet, codes: tuple[str, ...] | None, prefix: str) -> pd.DataFrame:
    """One SQL query, its rows as tuples straight into the frame's columns (no model instance or dict per row)."""
    keys = list(sheet.keys)
    if codes is not None and not codes:
        return pd.DataFrame([], columns=keys)
    model = ROW_MODELS[sheet.name]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(model_field(model, k).column)) for k in keys)
    sql = f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {quote('version_id')} = %s"
    params: list[Any] = [version.pk]
    if codes is not None:
        sql += f" AND {quote('school_code')} IN ({', '.join(['%s'] * len(codes))})"
        params.extend(codes)
    if prefix:  # region codes are digits: nothing to escape in the pattern
        sql += f" AND {quote('region_code')} LIKE %s"
        params.append(prefix + "%")
    sql += f" ORDER BY {quote('row')}, {quote('id')}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    frame = pd.DataFrame(rows, columns=keys)
    for column in sheet.columns:  # SQLite hands booleans back as 0/1; the ORM would give True/False
        if column.type == "bool" and column.key in frame:
            frame[column.key] = [None if v is None else bool(v) for v in frame[column.key].tolist()]
    return frame


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
