"""Importing a census file as a new version of a school year: check first, then all or nothing.

``check_census_file`` validates a file against the contract, the region table and last year's
census, and says what the import would change in the registry; it writes nothing (the dry run, and
the web upload page's first step). ``do_import_census`` checks again and then, in one transaction,
updates the registry from the 学校 sheet and stores every row with the file byte for byte.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import connection, transaction
from django.db.models import Sum

from eduplan.contract import POPULATION_SHEET, SCHOOLS, SHEETS, STAGE_WHOLE_SCHOOL, school_year
from eduplan.errors import NotFound, Problem, UsageError
from eduplan.ingest.census_validate import validate_census, validate_tables
from eduplan.store.census import do_load_census
from eduplan.store.census_registry import RegistryChange, apply_registry, plan_registry
from eduplan.store.models import CensusStage, CensusVersion, Region


class CensusCheck(NamedTuple):
    tables: dict[str, pd.DataFrame]
    warnings: list[Problem]
    row_numbers: dict[str, list[int]]


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    file: str
    year: int
    dry_run: bool
    version: int | None  # the new version's number; None for a dry run
    rows: dict[str, int]
    registry: dict[str, int]  # change (开办, 更名, 迁址, 变更, 撤销, 恢复) → number of schools
    warnings: list[Problem] = field(default_factory=list)
    registry_changes: list[RegistryChange] = field(default_factory=list)
    regions: frozenset[str] = frozenset()  # every region code the file places a school or population row in

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "file": self.file,
            "year": self.year,
            "dry_run": self.dry_run,
            "version": self.version,
            "rows": self.rows,
            "registry": self.registry,
            "registry_changes": [c.as_dict() for c in self.registry_changes],
            "warnings": [w.as_dict() for w in self.warnings],
        }


def check_census_file(path: Path, year: int) -> CensusCheck:
    """Validate a census file for school year ``year``; raise IngestError listing every problem."""
    if not path.exists():
        raise NotFound(f"文件不存在：{path}")
    valid = validate_census(
        path,
        # Schools and population belong to counties, towns or villages, never to a city or province as a whole.
        known_regions=set(
            Region.objects.filter(level__in=("county", "town", "village")).values_list("code", flat=True)
        ),
        previous_students=_previous_students(year - 1),
    )
    return CensusCheck(valid.tables, valid.warnings, valid.row_numbers)


def check_census_tables(
    tables: dict[str, pd.DataFrame], year: int, file: str, row_numbers: dict[str, list[int]]
) -> CensusCheck:
    """``check_census_file``'s checks on tables already held (a stored version with some cells corrected)."""
    valid = validate_tables(
        tables,
        file,
        row_numbers,
        known_regions=set(
            Region.objects.filter(level__in=("county", "town", "village")).values_list("code", flat=True)
        ),
        previous_students=_previous_students(year - 1),
    )
    return CensusCheck(valid.tables, valid.warnings, valid.row_numbers)


def do_import_census(
    path: Path,
    year: int,
    user: AbstractBaseUser | AnonymousUser | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Check a census file and store it as the new current version of ``year`` with its registry changes."""
    year = school_year(year)
    if dry_run:
        return _check_and_import(path, year, user, dry_run=True)
    # The whole import, check included, holds the year: a second import started meanwhile is refused at once.
    with import_lock(year, user, path.name):
        return _check_and_import(path, year, user, dry_run=False)


def _check_and_import(
    path: Path, year: int, user: AbstractBaseUser | AnonymousUser | None, dry_run: bool
) -> ImportResult:
    check = check_census_file(path, year)  # first: it refuses a file above the upload limits unread
    rows = {s.name: len(check.tables.get(s.name, ())) for s in SHEETS}
    regions = _regions(check.tables)
    if not dry_run:  # the registry changes are planned once, under the import's transaction
        return _import_checked(path, year, user, check, rows, regions)
    plan = plan_registry(check.tables[SCHOOLS.name], year, path.name)
    warnings = check.warnings + _closure_warnings(plan, path.name)
    return ImportResult(path.name, year, True, None, rows, _count(plan), warnings, plan, regions)


@contextlib.contextmanager
def import_lock(year: int, user: AbstractBaseUser | AnonymousUser | None, filename: str) -> Iterator[None]:
    """Hold the import of ``year`` for this process, or refuse with the import in progress named.

    An exclusive ``flock`` on ``VAR/locks/census-<store>-<year>.lock``: the system drops it when the process ends, so an
    import killed mid-way never leaves the year locked. It serialises imports on one server (docs/operations.md)."""
    folder = Path(settings.VAR_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    # One lock per store and year: two stores sharing a var/ folder (test workers, a staging copy) never wait on
    # each other's imports.
    name = str(connection.settings_dict["NAME"])
    if "mode=memory" in name or name == ":memory:":  # an in-memory store lives in this one process
        name += f"#{os.getpid()}"
    store = hashlib.sha256(name.encode()).hexdigest()[:12]
    with (folder / f"census-{store}-{year}.lock").open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            try:
                held = json.loads(handle.read() or "{}")
            except ValueError:
                held = {}
            raise UsageError(
                f"{year}学年的普查数据正在由 {held.get('user', '另一用户')} 导入（文件 {held.get('file', '未知')}，"
                f"{held.get('started', '刚才')} 开始）：请等它完成后再导入，以免后一次覆盖前一次"
            ) from None
        try:
            name = user.get_username() if isinstance(user, User) else "system"
            started = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps({"user": name, "file": filename, "started": started}, ensure_ascii=False))
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _import_checked(
    path: Path,
    year: int,
    user: AbstractBaseUser | AnonymousUser | None,
    check: CensusCheck,
    rows: dict[str, int],
    regions: frozenset[str],
) -> ImportResult:
    file_bytes = _file_bytes(path)
    with transaction.atomic():
        plan = plan_registry(check.tables[SCHOOLS.name], year, path.name)
        warnings = check.warnings + _closure_warnings(plan, path.name)
        counts = apply_registry(plan, year, user)
        version = do_load_census(
            year,
            check.tables,
            user=user,
            file_bytes=file_bytes,
            filename=path.name + (".zip" if path.is_dir() else ""),
            source="import",
            warnings=[w.as_dict() for w in warnings],
            row_numbers=check.row_numbers,
        )
    return ImportResult(path.name, year, False, version.number, rows, counts, warnings, plan, regions)


def _regions(tables: dict[str, pd.DataFrame]) -> frozenset[str]:
    codes: set[str] = set()
    for sheet in (SCHOOLS.name, POPULATION_SHEET.name):
        if sheet in tables and "region_code" in tables[sheet]:
            codes.update(str(c) for c in tables[sheet]["region_code"].dropna())
    return frozenset(codes)


def _count(plan: list[RegistryChange]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for change in plan:
        counts[change.change] = counts.get(change.change, 0) + 1
    return counts


def _closure_warnings(plan: list[RegistryChange], file: str) -> list[Problem]:
    return [
        Problem(
            file, f"学校 {c.code} 在名录中但不在本工作簿中：将记为本学年撤销", sheet=SCHOOLS.name, severity="warning"
        )
        for c in plan
        if c.change == "撤销"
    ]


def _previous_students(year: int) -> dict[str, int] | None:
    """Pupils per school in the current version of a year (None when the year has no census)."""
    version = CensusVersion.objects.filter(year=year, is_current=True).first()
    if version is None:
        return None
    rows = (
        CensusStage.objects.filter(version=version)
        .exclude(stage=STAGE_WHOLE_SCHOOL)
        .values("school_code")
        .annotate(total=Sum("students"))
    )
    return {r["school_code"]: int(r["total"]) for r in rows if r["total"] is not None}


def _file_bytes(path: Path) -> bytes:
    """The file as uploaded; a CSV folder is kept as a zip of its CSV files (fixed order and dates)."""
    if not path.is_dir():
        return path.read_bytes() if path.exists() else b""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(path.glob("*.csv")):
            info = zipfile.ZipInfo(member.name, date_time=(2000, 1, 1, 0, 0, 0))
            archive.writestr(info, member.read_bytes(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
