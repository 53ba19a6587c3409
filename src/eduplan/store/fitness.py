"""Fitness results in the store: versioned, atomic, audited uploads per school and test year, and their analysis.

An upload (``do_import_fitness``) pseudonymises the checked rows with the scores' keyed hash
(``ingest.pseudonyms.pseudonymise``), writes them as a new Parquet file under ``var/fitness/<year>/`` and, in one
transaction, makes that file the school's current version for the year and writes the audit entry. If anything
in the transaction fails, the new file is deleted and the earlier version stays current. ``do_restore_fitness``
makes an earlier version current again. Readers take the current file of each school.
"""

from __future__ import annotations

import copy
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from eduplan.contract import town_of
from eduplan.core import fitness as cf
from eduplan.errors import NotFound, UsageError
from eduplan.ingest.fitness import FitnessFile
from eduplan.ingest.pseudonyms import pseudonym_key, pseudonymise
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


def _stored_frame(checked: FitnessFile, key: bytes, year: int) -> pd.DataFrame:
    frame = checked.frame
    out = pd.DataFrame({"student": pseudonymise(frame["student_id"].astype(str), key)})
    for column in STORED[1:]:
        out[column] = frame[column].to_numpy()
    for column in STORED_VISION:
        out[column] = frame[column].astype("float64").to_numpy() if column in frame else float("nan")
    out["grade"] = out["grade"].astype("int64")
    out["year"] = year
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
    frame = _stored_frame(checked, pseudonym_key(var_dir or root.parent), year)
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


# --- reading: every page, report and command scores through ``scored_table`` ------------------------------------

_SCORED: OrderedDict[str, Any] = OrderedDict()  # content hash of the files → the scored rows (DuckDB only)
_SCORED_KEEP = 4


def _current_files(region_code: str, years: list[int] | None, root: Path) -> tuple[list[str], pd.DataFrame]:
    """The current result files of the schools on each year's registry of the region (every year with results when
    ``years`` is None), and the registry rows of those schools and years (``year`` added)."""
    region = get_region(region_code)
    wanted = (
        years
        if years is not None
        else sorted(set(FitnessUpload.objects.filter(is_current=True).values_list("year", flat=True)))
    )
    files: list[str] = []
    places = []
    for year in wanted:
        registry = registry_frame(year, region.subtree_prefix())
        uploads = list(
            FitnessUpload.objects.filter(year=year, is_current=True, school_code__in=list(registry["school_code"]))
        )
        files += [str(root / u.data_file) for u in uploads]
        chosen = registry[registry["school_code"].isin({u.school_code for u in uploads})]
        places.append(chosen.assign(year=year))
    return files, (pd.concat(places) if places else pd.DataFrame())


def _files_key(files: list[str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(Path(name).read_bytes())
    return digest.hexdigest()


_RESULTS: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()  # see _kept
_RESULTS_KEEP = 64
_RESULTS_LOCK = threading.Lock()


def _kept(key: tuple[Any, ...], compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A result computed once per content of its inputs (the key holds the hash of the result files and whatever
    else it reads), so a new upload is a new key and nothing is ever stale; a copy, which callers may change."""
    with _RESULTS_LOCK:
        kept = _RESULTS.get(key)
        if kept is not None:
            _RESULTS.move_to_end(key)
    if kept is None:
        kept = compute()
        with _RESULTS_LOCK:
            _RESULTS[key] = kept
            while len(_RESULTS) > _RESULTS_KEEP:
                _RESULTS.popitem(last=False)
    return copy.deepcopy(kept)


def scored_table(files: list[str]) -> ir.Table:
    """The files' students scored (``core.fitness.score_students``). On DuckDB the scored rows of the last few file
    sets are kept in memory, keyed by the files' content, so a page, its report and its charts score once."""
    from eduplan.engine import connect, engine_name

    con = connect()
    if engine_name() != "duckdb":
        return cf.score_students(con.read_parquet(files)).cache()
    key = _files_key(files)
    if key not in _SCORED:
        _SCORED[key] = cf.score_students(con.read_parquet(files)).to_pyarrow()
        while len(_SCORED) > _SCORED_KEEP:
            _SCORED.popitem(last=False)
    _SCORED.move_to_end(key)
    return ibis.memtable(_SCORED[key])


def _with_places(scored: ir.Table, places: pd.DataFrame) -> ir.Table:
    meta = pd.DataFrame(
        {
            "school_code": places["school_code"].astype(str),
            "year": places["year"].astype("int64"),
            "town_code": places["region_code"].astype(str).map(town_of),
        }
    )
    return scored.join(ibis.memtable(meta), ["school_code", "year"])


def assess_fitness(region_code: str, year: int, *, root: Path | None = None) -> dict[str, Any]:
    """The year's rates of a region (``core.fitness.summarise``) with school and town names, the county figure of
    every year with results (``trend``) and last year's (``previous``), and the standard's citation and caveats: the
    JSON of ``eduplan assess fitness``, the pages and the report."""
    region = get_region(region_code)
    root = root or default_root()
    files, places = _current_files(region_code, None, root)
    if places.empty or year not in set(places["year"]):
        raise UsageError(f"{region.name}（{region.code}）{year} 学年没有体测成绩：先运行 eduplan import fitness")
    places_key = hashlib.sha256(pd.util.hash_pandas_object(places, index=False).to_numpy().tobytes()).hexdigest()
    key = ("region", _files_key(files), places_key, region.code, region.name, year)
    return _kept(key, lambda: _assess_fitness(region, year, files, places))


def _assess_fitness(region: Any, year: int, files: list[str], places: pd.DataFrame) -> dict[str, Any]:
    scored = _with_places(scored_table(files), places)
    result = cf.summarise(scored.filter(scored.year == year))
    names = dict(zip(places["school_code"].astype(str), places["name"], strict=False))
    for row in result["schools"]:
        row["name"] = names.get(row["school_code"], "")
    by_year = {int(r.key["year"]): r.as_dict() for r in cf.fitness_rates(scored, ("year",))}
    result.update(
        region_code=region.code,
        region_name=region.name,
        year=year,
        standard=fs.standard().as_dict(),
        myopia_definition=fs.MYOPIA_CITATION,
        previous=by_year.get(year - 1),
        trend=[by_year[y] for y in sorted(by_year)],
    )
    return result


def assess_school_fitness(code: str, year: int, county_code: str, *, root: Path | None = None) -> dict[str, Any]:
    """One school's rates, 学段/grade rows, item distribution and yearly trend, with its county's figure of the year
    (the only figure about other schools a school's clerk is shown)."""
    root = root or default_root()
    files, _ = _current_files(county_code, None, root)
    key = ("school", _files_key(files), code, year)
    return _kept(key, lambda: _assess_school_fitness(code, year, files))


def _assess_school_fitness(code: str, year: int, files: list[str]) -> dict[str, Any]:
    scored = scored_table(files) if files else None
    if (
        scored is None
        or int(scored.filter((scored.school_code == code) & (scored.year == year)).count().to_pyarrow().as_py()) == 0
    ):
        raise UsageError(f"学校 {code} {year} 学年没有体测成绩")
    this_year = scored.filter(scored.year == year)
    school = cf.summarise(this_year.filter(this_year.school_code == code))
    (county,) = cf.fitness_rates(this_year)
    mine = cf.fitness_rates(scored.filter(scored.school_code == code), ("year",))
    trend = [r.as_dict() for r in mine]
    return {"school_code": code, "year": year, **school, "county_figure": county.as_dict(), "trend": trend}


def region_plan_metrics(region_code: str, years: list[int], *, root: Path | None = None) -> dict[int, dict[str, float]]:
    """Year → the fitness plan metrics (``core.fitness.PLAN_METRICS``) of a region, from the current results of the
    schools on each year's registry; years without results are left out."""
    files, _ = _current_files(region_code, years, root or default_root())
    return cf.plan_metric_values(scored_table(files)) if files else {}
