"""From stored scores (one row per student, subject and exam) to the value-added fit of one grade.

The current exam is the grade's exam in the school year; the prior is the same subject's exam in the
previous school year, matched on the pseudonymised student. Students are attributed to the school
of the current exam. A student with no prior keeps his row (``prior`` is null) so that the fit
reports him instead of losing him in an inner join.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir
import pandas as pd

from eduplan.core.value_added import ValueAddedFit, fit_value_added
from eduplan.errors import NotFound, UsageError


@dataclass(frozen=True)
class ValueAddedRun:
    """A fit with what it was fitted on: enough to name it in a report and to run it again."""

    year: int
    grade: str
    subject: str
    exam: str
    prior_exam: str
    region_code: str
    fit: ValueAddedFit

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "grade": self.grade,
            "subject": self.subject,
            "exam": self.exam,
            "prior_exam": self.prior_exam,
            "region_code": self.region_code,
            "model": "score ~ prior + (1 | school_code), REML",
            **self.fit.as_dict(),
        }


def available_fits(scores: ir.Table, schools: Collection[str]) -> pd.DataFrame:
    """The school years, grades and subjects these schools have scores for (what a page offers to fit)."""
    mine = scores.filter(scores.school_code.isin(list(schools)))
    found = mine.select("school_year", "grade", "subject").distinct().order_by(["school_year", "grade", "subject"])
    frame: pd.DataFrame = found.to_pandas()
    return frame


def _exams(scores: ir.Table) -> list[str]:
    return sorted(str(e) for e in scores.select("exam").distinct().to_pandas()["exam"])


def choose_exam(scores: ir.Table, wanted: str | None, what: str) -> str:
    """The named exam, or the only one there is; several without a name is a usage error that lists them."""
    exams = _exams(scores)
    if wanted is not None:
        if wanted not in exams:
            listed = "、".join(exams) or "无"
            raise NotFound(f"{what}没有名为“{wanted}”的考试；已有：{listed}")
        return wanted
    if not exams:
        raise NotFound(f"{what}没有成绩")
    if len(exams) > 1:
        raise UsageError(f"{what}有多次考试（{'、'.join(exams)}），请用 --exam / --prior-exam 指定")
    return exams[0]


@dataclass(frozen=True)
class Selection:
    """Which students: a school year, grade and subject; the exams if there are several; the schools if not all."""

    year: int
    grade: str
    subject: str
    exam: str | None = None
    prior_exam: str | None = None
    schools: Collection[str] | None = None


def student_pairs(scores: ir.Table, chosen: Selection) -> tuple[ir.Table, str, str]:
    """One row per student of the grade: school_code, score, prior (null when missing); and the two exams."""
    year, subject = chosen.year, chosen.subject
    current = scores.filter((scores.school_year == year) & (scores.grade == chosen.grade) & (scores.subject == subject))
    if chosen.schools is not None:
        current = current.filter(current.school_code.isin(list(chosen.schools)))
    exam = choose_exam(current, chosen.exam, f"{year} 学年 {chosen.grade} 年级{subject}")
    current = current.filter(current.exam == exam)
    earlier = scores.filter((scores.school_year == year - 1) & (scores.subject == subject))
    earlier = earlier.filter(earlier.student.isin(current.student))
    prior_exam = choose_exam(earlier, chosen.prior_exam, f"上一学年（{year - 1}）该批学生的{subject}")
    prior = earlier.filter(earlier.exam == prior_exam).select("student", prior=earlier.score)
    pairs = current.left_join(prior, "student").select(school_code="school_code", score="score", prior="prior")
    return pairs, exam, prior_exam


def evaluate_value_added(scores: ir.Table, chosen: Selection, region_code: str = "") -> ValueAddedRun:
    """The value-added fit of one grade, subject and year (the students of ``chosen.schools`` if given)."""
    pairs, exam, prior_exam = student_pairs(scores, chosen)
    fit = fit_value_added(pairs, response="score", predictors=("prior",), school="school_code")
    return ValueAddedRun(chosen.year, chosen.grade, chosen.subject, exam, prior_exam, region_code, fit)
