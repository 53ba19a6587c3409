"""Fitness results in the store: versioned, atomic, audited uploads per school and test year, and their analysis.

An upload (``do_import_fitness``) pseudonymises the checked rows with the scores' keyed hash
(``ingest.score_store.pseudonymise``), writes them as a new Parquet file under ``var/fitness/<year>/`` and, in one
transaction, makes that file the school's current version for the year and writes the audit entry. If anything
in the transaction fails, the new file is deleted and the earlier version stays current. ``do_restore_fitness``
makes an earlier version current again. Readers take the current file of each school.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from eduplan.core import fitness as cf
from eduplan.errors import NotFound, UsageError
from eduplan.ingest.fitness import FitnessFile
from eduplan.ingest.score_store import pseudonym_key, pseudonymise
from eduplan.standards import fitness as fs
from eduplan.store import audit
from eduplan.store.forecasts import UserLike
from eduplan.store.models import FitnessUpload
from eduplan.store.regions import get_region
from eduplan.store.registry import registry_frame

STORED = ("student", "school_code", "grade", "sex", "status", "class_name", "height", "weight", *cf.ITEMS)
STORED_VISION = cf.VISION_COLUMNS


def default_root() -> Path:
    from eduplan.settings import VAR_DIR  # read late: tests point EDUPLAN_VAR elsewhere

    return VAR_DIR / "fitness"


@dataclass(frozen=True)
class UploadSummary:
    upload_id: int
    year: int
    school_code: str
    number: int
    students: int
    exempt: int
    replaced: int  # students of the version this one replaced (0 for a first upload)

    def line(self, file: str) -> str:
        again = f"，替换第 {self.number - 1} 版（{self.replaced} 名学生）" if self.number > 1 else ""
        return (
            f"已导入 {file}：学校 {self.school_code} {self.year} 学年体测成绩第 {self.number} 版，"
            f"{self.students} 名学生，其中免测/缓测 {self.exempt} 名{again}"
        )

    def as_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _stored_frame(checked: FitnessFile, key: bytes) -> pd.DataFrame:
    frame = checked.frame
    out = pd.DataFrame({"student": pseudonymise(frame["student_id"].astype(str), key)})
    for column in STORED[1:]:
        out[column] = frame[column].to_numpy()
    for column in STORED_VISION:
        out[column] = frame[column].astype("float64").to_numpy() if column in frame else float("nan")
    out["grade"] = out["grade"].astype("int64")
    for column in ("height", "weight", *cf.ITEMS):
        out[column] = out[column].astype("float64")
    return out


def do_import_fitness(
    checked: FitnessFile,
    *,
    year: int,
    school_code: str,
    file: str,
    sha256: str = "",
    user: UserLike = None,
    source: str = "import",
    root: Path | None = None,
    var_dir: Path | None = None,
) -> UploadSummary:
    """Store one school's checked results for ``year`` as its new current version, with the audit entry."""
    root = root or default_root()
    frame = _stored_frame(checked, pseudonym_key(var_dir or root.parent))
    (root / str(year)).mkdir(parents=True, exist_ok=True)
    written: Path | None = None
    try:
        with transaction.atomic():
            uploads = FitnessUpload.objects.select_for_update().filter(year=year, school_code=school_code)
            number = (uploads.aggregate(n=Max("number"))["n"] or 0) + 1
            previous = uploads.filter(is_current=True).first()
            relative = f"{year}/{school_code}-{number}.parquet"
            staging = root / f"{relative}.tmp"
            frame.to_parquet(staging, index=False)
            written = root / relative
            os.replace(staging, written)
            uploads.filter(is_current=True).update(is_current=False)
            upload = FitnessUpload.objects.create(
                year=year,
                school_code=school_code,
                number=number,
                is_current=True,
                source=source,
                filename=file[:255],
                sha256=sha256,
                data_file=relative,
                students=len(frame),
                exempt=int(frame["status"].isin(cf.EXEMPT_STATUSES).sum()),
                warnings=[w.as_dict() for w in checked.warnings],
                loaded_by=user if isinstance(user, User) else None,
            )
            summary = UploadSummary(
                upload.pk,
                year,
                school_code,
                number,
                upload.students,
                upload.exempt,
                previous.students if previous else 0,
            )
            audit.record(
                user,
                "fitness.import",
                "FitnessUpload",
                upload.pk,
                summary=summary.line(file),
                before={"number": previous.number} if previous else None,
                after=summary.as_dict(),
            )
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        for leftover in (root / str(year)).glob("*.tmp"):
            leftover.unlink(missing_ok=True)
        raise
    return summary


def do_restore_fitness(upload_id: int, *, user: UserLike = None) -> FitnessUpload:
    """Make an earlier version of a school's results current again (audited)."""
    with transaction.atomic():
        try:
            upload = FitnessUpload.objects.select_for_update().get(pk=upload_id)
        except FitnessUpload.DoesNotExist:
            raise NotFound(f"没有编号为 {upload_id} 的体测成绩版本") from None
        FitnessUpload.objects.filter(year=upload.year, school_code=upload.school_code, is_current=True).update(
            is_current=False
        )
        upload.is_current = True
        upload.save(update_fields=["is_current"])
        audit.record(user, "fitness.restore", "FitnessUpload", upload.pk, summary=f"恢复为当前版本：{upload}")
    return upload


def fitness_years(school_codes: list[str] | None = None) -> list[int]:
    uploads = FitnessUpload.objects.filter(is_current=True)
    if school_codes is not None:
        uploads = uploads.filter(school_code__in=school_codes)
    return sorted(set(uploads.values_list("year", flat=True)))


def students_table(year: int, region_code: str, *, root: Path | None = None) -> tuple[ir.Table, pd.DataFrame]:
    """The current results of the region's schools in ``year`` (on the configured engine), with ``town_code``
    and ``county_code`` from that year's registry; and the registry rows of the schools that have results."""
    from eduplan.engine import connect

    root = root or default_root()
    region = get_region(region_code)
    registry = registry_frame(year, region.subtree_prefix())
    codes = list(registry["school_code"])
    uploads = list(FitnessUpload.objects.filter(year=year, is_current=True, school_code__in=codes))
    if not uploads:
        raise UsageError(f"{region.name}（{region.code}）{year} 学年没有体测成绩：先运行 eduplan import fitness")
    con = connect()
    files = [str(root / u.data_file) for u in uploads]
    table = con.read_parquet(files)
    places = registry[registry["school_code"].isin({u.school_code for u in uploads})]
    meta = pd.DataFrame(
        {
            "school_code": places["school_code"].astype(str),
            "town_code": places["region_code"].astype(str).str[:9],
            "county_code": places["county_code"].astype(str),
        }
    )
    return table.join(ibis.memtable(meta), "school_code"), places


def assess_fitness(region_code: str, year: int, *, root: Path | None = None) -> dict[str, Any]:
    """The year's rates of a region (``core.fitness.summarise``) with school and town names, last year's
    county figure for the change, and the standard's citation and caveats: the JSON of ``eduplan assess fitness``,
    the pages and the report."""
    region = get_region(region_code)
    table, places = students_table(year, region_code, root=root)
    scored = cf.score_students(table).cache()
    try:
        result = cf.summarise(scored)
    finally:
        scored.release()
    names = dict(zip(places["school_code"].astype(str), places["name"], strict=True))
    for row in result["schools"]:
        row["name"] = names.get(row["school_code"], "")
    result.update(
        region_code=region.code,
        region_name=region.name,
        year=year,
        standard=fs.standard().as_dict(),
        myopia_definition=fs.MYOPIA_CITATION,
        previous=_previous(region_code, year, root),
    )
    return result


def _previous(region_code: str, year: int, root: Path | None) -> dict[str, Any] | None:
    try:
        table, _ = students_table(year - 1, region_code, root=root)
    except UsageError:
        return None
    (county,) = cf.fitness_rates(cf.score_students(table))
    return {"year": year - 1, **county.as_dict()}


def region_plan_metrics(region_code: str, year: int, *, root: Path | None = None) -> dict[str, float]:
    """The fitness plan metrics (``core.fitness.PLAN_METRICS``) of a region in a year; {} without results."""
    try:
        table, _ = students_table(year, region_code, root=root)
    except UsageError:
        return {}
    scored = cf.score_students(table).cache()
    try:
        return cf.plan_metric_values(scored)
    finally:
        scored.release()
