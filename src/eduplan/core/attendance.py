"""控辍保学: which steps of a case are overdue, the monthly report, the case funnel and 巩固率 (retention).

Pure: plain records (``Case``, ``Step``) and a date in, plain results out; the day counts are the records of
``standards.attendance``. 巩固率 is computed with Ibis over the census 年级 tables of two school years.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import ibis.expr.types as ir

from eduplan.contract import town_of
from eduplan.standards import attendance as a
from eduplan.standards.quality import SMALL_CELL

# Kinds of case that start with an unexplained absence: the 3-day visit and 一人一案 rules apply to them.
ABSENCE_KINDS = frozenset({"长期缺勤", "辍学"})
FUNNEL = (a.REPORT, a.VISIT, a.PLAN, a.PERSUADE, a.RETURNED)


@dataclass(frozen=True)
class Step:
    step: str
    on: date


@dataclass(frozen=True)
class Case:
    case_id: int
    school_code: str
    region_code: str
    kind: str
    absent_since: date
    steps: tuple[Step, ...] = ()
    closed_on: date | None = None
    outcome: str = ""

    def first(self, step: str) -> date | None:
        dates = [s.on for s in self.steps if s.step == step]
        return min(dates) if dates else None

    def last(self, step: str) -> date | None:
        dates = [s.on for s in self.steps if s.step == step]
        return max(dates) if dates else None

    def open_on(self, day: date) -> bool:
        return self.absent_since <= day and (self.closed_on is None or self.closed_on > day)


@dataclass(frozen=True)
class Flag:
    rule: str  # the standards.attendance rule key
    message: str
    due: date
    done_on: date | None  # the late step's date, None while it is still missing

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "message": self.message,
            "due": self.due.isoformat(),
            "done_on": None if self.done_on is None else self.done_on.isoformat(),
        }


def overdue(case: Case, today: date) -> list[Flag]:
    """The case's late or missing steps on ``today``; a missing step is late the day after it was due."""
    flags: list[Flag] = []
    end = case.closed_on if case.closed_on is not None and case.closed_on <= today else today
    if case.kind in ABSENCE_KINDS:
        due = case.absent_since + timedelta(days=a.HOME_VISIT.days)
        visit = case.first(a.VISIT)
        if (visit is None and end > due) or (visit is not None and visit > due):
            word = "未家访" if visit is None else f"家访晚于期限（{visit.isoformat()}）"
            flags.append(Flag(a.HOME_VISIT.key, f"无理由未返校满 {a.HOME_VISIT.days} 天应家访：{word}", due, visit))
        long_from = case.absent_since + timedelta(days=a.LONG_ABSENCE.days)
        plan_due = long_from + timedelta(days=a.PLAN_DUE.days)
        plan = case.first(a.PLAN)
        returned_before = case.closed_on is not None and case.closed_on <= long_from
        if not returned_before and ((plan is None and end > plan_due) or (plan is not None and plan > plan_due)):
            word = "未建立" if plan is None else f"晚于期限（{plan.isoformat()}）"
            flags.append(Flag(a.PLAN_DUE.key, f"长期未返校应“一人一案”：{word}", plan_due, plan))
    if case.closed_on is None or case.closed_on > today:
        reported = case.last(a.REPORT) or case.absent_since
        due = reported + timedelta(days=a.SCHOOL_REPORT.days)
        if today > due:
            flags.append(
                Flag(a.SCHOOL_REPORT.key, f"学校一月一报告：距上次报告已超过 {a.SCHOOL_REPORT.days} 天", due, None)
            )
    return flags


def funnel(cases: Iterable[Case]) -> list[dict[str, Any]]:
    """How many cases reached each step (报告 → 家访 → 一人一案 → 劝返 → 复学), and the lawful outcomes."""
    listed = list(cases)
    rows = [{"step": s, "cases": sum(1 for c in listed if c.first(s) is not None)} for s in FUNNEL]
    lawful = sum(1 for c in listed if c.outcome in a.OUTCOMES)
    return [*rows, {"step": "依法结案", "cases": lawful}]


def _month_bounds(month: str) -> tuple[date, date]:
    year, number = (int(p) for p in month.split("-"))
    start = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return start, following - timedelta(days=1)


@dataclass
class ReportRow:
    code: str
    name: str
    open_at_end: int = 0
    new: int = 0
    returned: int = 0
    closed_lawfully: int = 0
    overdue: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def as_dict(self, suppress: bool) -> dict[str, Any]:
        def cell(n: int) -> int | None:
            return None if suppress and 0 < n < SMALL_CELL else n

        return {
            "code": self.code,
            "name": self.name,
            "open_at_end": cell(self.open_at_end),
            "new": cell(self.new),
            "returned": cell(self.returned),
            "closed_lawfully": cell(self.closed_lawfully),
            "overdue": cell(self.overdue),
            "by_kind": {k: cell(self.by_kind.get(k, 0)) for k in a.KINDS},
        }


def _add(row: ReportRow, case: Case, start: date, end: date) -> None:
    if case.open_on(end):
        row.open_at_end += 1
        row.by_kind[case.kind] = row.by_kind.get(case.kind, 0) + 1
        if overdue(case, end):
            row.overdue += 1
    if start <= case.absent_since <= end:
        row.new += 1
    if case.closed_on is not None and start <= case.closed_on <= end:
        if case.outcome == a.RETURNED:
            row.returned += 1
        else:
            row.closed_lawfully += 1


def monthly_report(
    cases: Sequence[Case],
    month: str,
    *,
    school_names: Mapping[str, str],
    town_names: Mapping[str, str],
    suppress: bool,
    today: date | None = None,
) -> dict[str, Any]:
    """The month's report (``YYYY-MM``) per school, per town and in total, as on the month's last day (or on
    ``today`` while the month is still running).

    With ``suppress`` (anyone but the responsible office) counts of 1–4 are shown as ``None`` (“<5”).
    """
    start, end = _month_bounds(month)
    if today is not None and start <= today < end:
        end = today
    schools: dict[str, ReportRow] = {}
    towns: dict[str, ReportRow] = {}
    total = ReportRow("", "合计")
    for case in cases:
        town = town_of(case.region_code)
        school_row = schools.setdefault(
            case.school_code, ReportRow(case.school_code, school_names.get(case.school_code, ""))
        )
        town_row = towns.setdefault(town, ReportRow(town, town_names.get(town, town)))
        for row in (school_row, town_row, total):
            _add(row, case, start, end)
    return {
        "month": month,
        "as_of": end.isoformat(),
        "suppressed": suppress,
        "schools": [schools[k].as_dict(suppress) for k in sorted(schools)],
        "towns": [towns[k].as_dict(suppress) for k in sorted(towns)],
        "total": total.as_dict(suppress),
        "funnel": funnel(c for c in cases if c.absent_since <= end),
        "rules": [r.as_dict() for r in a.RULES],
    }


# 巩固率: the pupils of the last grade now against the cohort when it entered the first grade of the stage span.
SPANS: dict[str, tuple[str, str, int]] = {
    "九年义务教育": ("1", "9", 8),
    "小学": ("1", "6", 5),
    "初中": ("7", "9", 2),
}


@dataclass(frozen=True)
class Retention:
    code: str
    span: str
    now: int  # pupils in the last grade this year
    entered: int  # pupils who entered the first grade ``years`` earlier (the 招生数 of that grade then)
    transfers_out: int  # pupils of the cohort recorded as transferred out (counted as retained)
    rate: float | None  # %

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "span": self.span,
            "now": self.now,
            "entered": self.entered,
            "transfers_out": self.transfers_out,
            "rate": self.rate,
        }


def retention(
    grades_now: ir.Table,
    grades_then: ir.Table,
    span: str,
    *,
    code: str,
    schools: Sequence[str] | None = None,
    transfers_out: int = 0,
) -> Retention:
    """巩固率 = (last grade now + transfers out) / entrants of the first grade then × 100, over ``schools`` (all if None).

    ``grades_then`` is the census 年级 table of the school year ``SPANS[span][2]`` years earlier.
    """
    first, last, _ = SPANS[span]
    now_rows = grades_now.filter(grades_now.grade == last)
    then_rows = grades_then.filter(grades_then.grade == first)
    if schools is not None:
        now_rows = now_rows.filter(now_rows.school_code.isin(list(schools)))
        then_rows = then_rows.filter(then_rows.school_code.isin(list(schools)))
    now = int(now_rows.students.sum().fill_null(0).to_pyarrow().as_py())
    entered = int(then_rows.entrants.sum().fill_null(0).to_pyarrow().as_py())
    rate = None if entered == 0 else 100.0 * (now + transfers_out) / entered
    return Retention(code, span, now, entered, transfers_out, rate)


def synthetic_retention(
    grades_now: ir.Table, grades_before: ir.Table, span: str, *, schools: Sequence[str] | None = None
) -> float | None:
    """An estimate of 巩固率 from two consecutive census years when the entry year's census is missing:
    the product over the span of each grade's passage rate, students(g+1, now) / students(g, year before), in %.

    It is a synthetic cohort (this year's passages stand for the cohort's), shown as 估算, never as the rate itself.
    """
    first, last, _ = SPANS[span]
    now, before = grades_now, grades_before
    if schools is not None:
        now = now.filter(now.school_code.isin(list(schools)))
        before = before.filter(before.school_code.isin(list(schools)))
    counts_now = now.group_by("grade").aggregate(n=now.students.sum()).to_pandas()
    counts_before = before.group_by("grade").aggregate(n=before.students.sum()).to_pandas()
    by_now = dict(zip(counts_now["grade"].astype(str), counts_now["n"], strict=True))
    by_before = dict(zip(counts_before["grade"].astype(str), counts_before["n"], strict=True))
    rate = 1.0
    for grade in range(int(first), int(last)):
        entered, passed = by_before.get(str(grade), 0), by_now.get(str(grade + 1), 0)
        if not entered:
            return None
        rate *= float(passed) / float(entered)
    return 100.0 * rate


def retention_by_school(
    grades_now: ir.Table, grades_then: ir.Table, span: str, transfers_out: Mapping[str, int] | None = None
) -> list[Retention]:
    """``retention`` of every school with the span's last grade now, in one grouped query per year (by code)."""
    first, last, _ = SPANS[span]
    now = grades_now.filter(grades_now.grade == last)
    now = now.group_by("school_code").aggregate(now=now.students.sum()).to_pandas()
    then = grades_then.filter(grades_then.grade == first)
    then = then.group_by("school_code").aggregate(entered=then.entrants.sum()).to_pandas()
    entered = dict(zip(then["school_code"].astype(str), then["entered"], strict=True))
    moved = transfers_out or {}
    rows = []
    for code, count in sorted(zip(now["school_code"].astype(str), now["now"], strict=True)):
        n, e, t = int(count or 0), int(entered.get(code) or 0), int(moved.get(code, 0))
        rows.append(Retention(code, span, n, e, t, None if e == 0 else 100.0 * (n + t) / e))
    return rows
