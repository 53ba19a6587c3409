"""Where student scores live: pseudonymised Parquet files under ``var/scores/``, never Django tables.

Layout: ``var/scores/snapshots/<n>/year=<Y>.parquet`` and a symlink ``var/scores/current`` to the
newest snapshot. An import writes a whole new snapshot (unchanged years are hard links, so it costs
only the years it touches) and then swaps the symlink with one ``rename``: readers see the old
scores or the new ones, never half an import. The swap happens inside the Django transaction that
writes the import's audit entry (``store.scores.do_import_scores``); if that transaction fails, the
symlink is put back and the new snapshot deleted. A re-imported (school year, exam, subject, school)
replaces the earlier rows of that school in that exam and subject.

The 学籍号 is replaced by its pseudonym (``ingest.pseudonyms``) before anything is written.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pandas as pd
from ibis.backends import BaseBackend

from eduplan.engine import connect
from eduplan.errors import IngestError, Problem
from eduplan.ingest.pseudonyms import pseudonym_key, pseudonymise
from eduplan.ingest.scores import ScoreFile

STORED_COLUMNS = ("student", "school_code", "school_year", "grade", "subject", "score", "exam", "full_mark")
REPLACE_KEY = ("school_year", "exam", "subject", "school_code")


def default_root() -> Path:
    from eduplan.settings import VAR_DIR  # read late: tests point EDUPLAN_VAR elsewhere

    return VAR_DIR / "scores"


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    replaced: int  # earlier rows of the same (year, exam, subject, school) that this import replaced
    students: int
    schools: int
    years: tuple[int, ...]
    exams: tuple[str, ...]
    without_score: int  # blank 成绩 (absent)
    warnings: tuple[Problem, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "replaced": self.replaced,
            "students": self.students,
            "schools": self.schools,
            "years": list(self.years),
            "exams": list(self.exams),
            "without_score": self.without_score,
            "warnings": [w.as_dict() for w in self.warnings],
        }


def current_files(root: Path) -> list[Path]:
    current = root / "current"
    return sorted(current.glob("year=*.parquet")) if current.exists() else []


def current_snapshot(root: Path | None = None) -> str:
    """The name of the snapshot ``current`` points at ('' before the first import): runs record it."""
    current = (root or default_root()) / "current"
    return current.readlink().name if current.is_symlink() else ""


def score_table(con: BaseBackend, root: Path | None = None) -> ir.Table:
    """All stored scores as one table on ``con`` (DuckDB or Spark)."""
    root = root or default_root()
    if not current_files(root):
        raise IngestError(
            [Problem(file=str(root), message="尚未导入学生成绩", expected="先运行 eduplan import scores FILE")]
        )
    return con.read_parquet(str((root / "current").resolve() / "year=*.parquet"))


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One import at a time: two concurrent imports would both build on the same snapshot."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


locked_scores = _locked  # held by a backup or restore of the whole store, so no score import is half in it


def _stored_schema(table: ir.Table) -> ir.Table:
    types = {
        "student": "string",
        "school_code": "string",
        "school_year": "int64",
        "grade": "string",
        "subject": "string",
        "score": "float64",
        "exam": "string",
        "full_mark": "float64",
    }
    return table.select(**{c: table[c].cast(t) for c, t in types.items()})


def _already_stored(con: BaseBackend, kept: ir.Table, new: pd.DataFrame, file: str, checked: ScoreFile) -> None:
    """A student with scores for this exam and subject at another school (from an earlier import)."""
    incoming = ibis.memtable(new[["student", "exam", "subject", "school_code", "row"]]).rename(new_school="school_code")
    clash = (
        kept.join(incoming, ["student", "exam", "subject"]).select("row", "school_code", "new_school").order_by("row")
    )
    found = con.to_pandas(clash.limit(50))
    if len(found):
        total = int(con.to_pyarrow(clash.count()).as_py())
        raise IngestError(
            [
                Problem(
                    file=file,
                    sheet=checked.sheet,
                    row=int(r.row),
                    column=checked.letters.get("student_id", ""),
                    column_key="student_id",
                    message="该学生本学年这次考试、这一科目的成绩已由另一所学校导入",
                    expected="每人每科每次考试一行",
                    found=f"已导入的学校 {r.school_code}",
                )
                for r in found.itertuples()
            ],
            total=total,
        )


def _write_year(
    con: BaseBackend, rows: pd.DataFrame, earlier: Path | None, out: Path, file: str, checked: ScoreFile
) -> int:
    """One school year's file of the new snapshot: the earlier rows not replaced, plus the new ones.
    Returns how many earlier rows were replaced."""
    incoming = _stored_schema(ibis.memtable(rows[list(STORED_COLUMNS)]))
    replaced = 0
    if earlier is not None and earlier.exists():
        old = _stored_schema(con.read_parquet(str(earlier)))
        kept = old.anti_join(ibis.memtable(rows[list(REPLACE_KEY)].drop_duplicates()), list(REPLACE_KEY))
        _already_stored(con, kept, rows, file, checked)
        replaced = int(con.to_pyarrow(old.count()).as_py()) - int(con.to_pyarrow(kept.count()).as_py())
        incoming = kept.union(incoming)
    con.to_parquet(incoming, str(out))
    return replaced


def _swap_current(root: Path, snapshot: Path | None) -> None:
    """Point ``current`` at ``snapshot`` (or at nothing) with one atomic rename of a fresh symlink."""
    if snapshot is None:
        (root / "current").unlink(missing_ok=True)
        return
    link = root / ".current.tmp"
    link.unlink(missing_ok=True)
    link.symlink_to(snapshot.relative_to(root))
    os.replace(link, root / "current")


class StagedScores:
    """A complete new snapshot, written but not yet current. ``publish()`` makes it current; the store calls it
    inside the transaction that writes the audit entry, so the scores and their audit entry stand or fall together."""

    def __init__(self, summary: ImportSummary, root: Path, staging: Path, final: Path, previous: Path | None) -> None:
        self.summary, self.root, self.staging, self.final, self.previous = summary, root, staging, final, previous
        self.published = False

    def publish(self) -> None:
        self.staging.rename(self.final)
        self.published = True
        _swap_current(self.root, self.final)

    def withdraw(self) -> None:
        """Undo: ``current`` back where it was (if it had moved), the new snapshot deleted."""
        if self.published and (self.root / "current").resolve() == self.final.resolve():
            _swap_current(self.root, self.previous)
        shutil.rmtree(self.final if self.published else self.staging, ignore_errors=True)
        self.published = False


@contextmanager
def staged_scores(
    checked: ScoreFile, file: str, root: Path | None = None, var_dir: Path | None = None
) -> Iterator[StagedScores]:
    """Pseudonymise a checked score file and write it as a new snapshot beside ``current`` (see the module
    docstring). The caller publishes it; if the block raises, or ends without publishing, nothing changes."""
    root = root or default_root()
    key = pseudonym_key(var_dir or root.parent)
    new = checked.frame.assign(student=pseudonymise(checked.frame["student_id"], key)).drop(columns=["student_id"])
    years = sorted(int(y) for y in new["school_year"].unique())
    con = connect("duckdb")  # the store's files are written locally, whatever engine analyses them
    with _locked(root):
        snapshots = root / "snapshots"
        snapshots.mkdir(exist_ok=True)
        for leftover in snapshots.glob(".tmp-*"):  # an import that died before its swap
            shutil.rmtree(leftover)
        previous = (root / "current").resolve() if (root / "current").exists() else None
        number = 1 + max((int(p.name) for p in snapshots.iterdir() if p.name.isdigit()), default=0)
        staging = snapshots / f".tmp-{number}"
        staging.mkdir()
        try:
            for old_file in current_files(root):  # years this file does not touch: hard links, no copy
                if int(old_file.stem.removeprefix("year=")) not in years:
                    os.link(old_file, staging / old_file.name)
            replaced = sum(
                _write_year(
                    con,
                    new[new["school_year"] == year],
                    previous / f"year={year}.parquet" if previous else None,
                    staging / f"year={year}.parquet",
                    file,
                    checked,
                )
                for year in years
            )
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)  # nothing half-stored: current is untouched
            raise
        summary = ImportSummary(
            rows=len(new),
            replaced=replaced,
            students=int(new["student"].nunique()),
            schools=int(new["school_code"].nunique()),
            years=tuple(years),
            exams=tuple(sorted(new["exam"].unique())),
            without_score=int(new["score"].isna().sum()),
            warnings=checked.warnings,
        )
        staged = StagedScores(summary, root, staging, snapshots / str(number), previous)
        try:
            yield staged
        except BaseException:
            staged.withdraw()
            raise
        if not staged.published:
            staged.withdraw()
            return
        kept = {staged.final.name, previous.name if previous else ""}
        for stale in snapshots.iterdir():  # keep the one before: a reader may still be globbing it
            if stale.name.isdigit() and stale.name not in kept:
                shutil.rmtree(stale, ignore_errors=True)
