"""控辍保学 cases in the store: every write a ``do_*`` function in one transaction with its audit entry.

The pupil's 学籍号 is kept only as its keyed hash (the scores' key, docs/scores.md); the name is kept for the
responsible office and the school's clerk. ``record_named_view`` audits every page or file that shows names.
Overdue flags, the monthly report and the funnel are core's (``core.attendance``); this module hands it records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, QuerySet

from eduplan.contract import town_of
from eduplan.core.attendance import Case, Step, overdue
from eduplan.errors import UsageError
from eduplan.ingest.scores import normalise_grade
from eduplan.standards import attendance as rules
from eduplan.store import audit
from eduplan.store.forecasts import UserLike
from eduplan.store.models import AttendanceCase, CaseStep
from eduplan.store.registry import current_version, registry_frame


def pseudonym(student_id: str) -> str:
    from eduplan.ingest.pseudonyms import pseudonym_key, pseudonymise
    from eduplan.settings import VAR_DIR

    return str(pseudonymise(pd.Series([student_id]), pseudonym_key(VAR_DIR)).iloc[0])


@dataclass(frozen=True)
class NewCase:
    """A case as a clerk reports it (validated by ``check_new_case``)."""

    school_code: str
    student_id: str
    name: str
    birth_year: int
    grade: str
    kind: str
    reason: str
    responsible: str
    absent_since: date
    reported_on: date
    groups: tuple[str, ...] = ()


def check_new_case(case: NewCase) -> list[str]:
    """Every problem of a reported case, in Chinese (empty when it may be stored)."""
    problems = []
    if not case.student_id.strip():
        problems.append("学籍号不能为空")
    if not case.name.strip():
        problems.append("姓名不能为空")
    if not case.responsible.strip():
        problems.append("责任人不能为空")
    if case.kind not in rules.KINDS:
        problems.append(f"类别应为 {'、'.join(rules.KINDS)} 之一")
    if case.reason not in rules.REASONS:
        problems.append(f"原因应为 {'、'.join(rules.REASONS)} 之一")
    unknown = [g for g in case.groups if g not in rules.GROUPS]
    if unknown:
        problems.append(f"特殊群体应为 {'、'.join(rules.GROUPS)}，实际为 {'、'.join(unknown)}")
    if normalise_grade(case.grade) is None or int(normalise_grade(case.grade) or 0) > 9:
        problems.append("年级应为义务教育的 1–9 年级")
    low, high = rules.COMPULSORY_AGE
    age = case.absent_since.year - case.birth_year
    if not low <= age <= high + 1:
        problems.append(f"出生年份 {case.birth_year} 不在义务教育年龄（{low}–{high} 周岁）内")
    if case.reported_on < case.absent_since:
        problems.append("报告日期不能早于缺勤起始日期")
    if case.reported_on > date.today():
        problems.append("报告日期不能晚于今天")
    return problems


def do_report_case(case: NewCase, user: UserLike = None) -> AttendanceCase:
    problems = check_new_case(case)
    version = current_version(case.school_code, case.reported_on.year - (case.reported_on.month < 9))
    if version is None:
        problems.append(f"学校 {case.school_code} 不在名录中")
    if problems:
        raise UsageError("；".join(problems))
    assert version is not None
    with transaction.atomic():
        stored = AttendanceCase.objects.create(
            school_code=case.school_code,
            region_code=version.region_id,
            pupil=pseudonym(case.student_id),
            name=case.name.strip(),
            birth_year=case.birth_year,
            grade=normalise_grade(case.grade) or case.grade,
            kind=case.kind,
            reason=case.reason,
            groups="、".join(case.groups),
            responsible=case.responsible.strip(),
            absent_since=case.absent_since,
            created_by=user if isinstance(user, User) else None,
        )
        CaseStep.objects.create(
            case=stored, step=rules.REPORT, on=case.reported_on, recorded_by=user if isinstance(user, User) else None
        )
        audit.record(
            user,
            "attendance.report",
            "School",
            case.school_code,
            summary=f"控辍保学案件 #{stored.pk}（{case.kind}，{case.reason}）",
            region_code=version.region_id,
        )
    return stored


def do_add_step(case: AttendanceCase, step: str, on: date, note: str = "", user: UserLike = None) -> CaseStep:
    """Record a step; 复学 or a lawful outcome closes the case."""
    if step not in rules.STEPS:
        raise UsageError(f"步骤应为 {'、'.join(rules.STEPS)} 之一")
    if case.closed_on is not None:
        raise UsageError(f"案件已于 {case.closed_on.isoformat()} 结案（{case.outcome}），不能再添加步骤")
    if on < case.absent_since or on > date.today():
        raise UsageError(f"步骤日期应在 {case.absent_since.isoformat()} 与今天之间")
    with transaction.atomic():
        added = CaseStep.objects.create(
            case=case, step=step, on=on, note=note[:500], recorded_by=user if isinstance(user, User) else None
        )
        if step in rules.CLOSING_STEPS:
            case.closed_on, case.outcome = on, step
            case.save(update_fields=["closed_on", "outcome"])
        audit.record(
            user,
            "attendance.step",
            "School",
            case.school_code,
            summary=f"控辍保学案件 #{case.pk}：{step}（{on.isoformat()}）",
            region_code=case.region_code,
        )
    return added


def record_named_view(user: UserLike, what: str, school_code: str = "", region_code: str = "", count: int = 0) -> None:
    """Audit a page or file that showed pupils' names (who, what, how many)."""
    audit.do_record_personal_read(
        user,
        "attendance.named_view",
        "School" if school_code else "Region",
        school_code or region_code,
        summary=f"查看实名记录：{what}（{count} 条）",
        region_code=region_code,
    )


def as_core(cases: Iterable[AttendanceCase]) -> list[Case]:
    """Core's records of stored cases, with their steps (one query for the steps)."""
    listed = list(cases)
    steps: dict[int, list[Step]] = {}
    for row in CaseStep.objects.filter(case__in=[c.pk for c in listed]).values("case_id", "step", "on"):
        steps.setdefault(row["case_id"], []).append(Step(row["step"], row["on"]))
    return [
        Case(
            c.pk,
            c.school_code,
            c.region_code,
            c.kind,
            c.absent_since,
            tuple(steps.get(c.pk, [])),
            c.closed_on,
            c.outcome,
        )
        for c in listed
    ]


def case_rows(cases: QuerySet[AttendanceCase], today: date) -> list[dict[str, Any]]:
    """The named rows of a list page: each case with its last step and overdue flags."""
    listed = list(cases)
    core = {c.case_id: c for c in as_core(listed)}
    rows = []
    for c in listed:
        mine = core[c.pk]
        last = max(mine.steps, key=lambda s: (s.on, rules.STEPS.index(s.step))) if mine.steps else None
        rows.append(
            {
                "id": c.pk,
                "school_code": c.school_code,
                "name": c.name,
                "grade": c.grade,
                "kind": c.kind,
                "reason": c.reason,
                "groups": c.groups,
                "responsible": c.responsible,
                "absent_since": c.absent_since.isoformat(),
                "last_step": "" if last is None else f"{last.step}（{last.on.isoformat()}）",
                "closed_on": None if c.closed_on is None else c.closed_on.isoformat(),
                "outcome": c.outcome,
                "flags": [f.as_dict() for f in overdue(mine, today)],
            }
        )
    return rows


def monthly(cases: QuerySet[AttendanceCase], month: str, *, suppress: bool) -> dict[str, Any]:
    """The month's report over ``cases`` (already cut to the user's scope), with school and town names."""
    from eduplan.core.attendance import monthly_report
    from eduplan.store.models import Region, SchoolVersion

    try:
        year, number = (int(p) for p in month.split("-"))
        date(year, number, 1)
    except ValueError:
        raise UsageError(f"月份 {month!r} 应写作 YYYY-MM，如 2024-03") from None
    listed = list(cases)
    codes = {c.school_code for c in listed}
    names = dict(SchoolVersion.objects.filter(school_id__in=codes).values_list("school_id", "name"))
    towns = dict(Region.objects.filter(code__in={town_of(c.region_code) for c in listed}).values_list("code", "name"))
    return monthly_report(
        as_core(listed), month, school_names=names, town_names=towns, suppress=suppress, today=date.today()
    )


def _transfers(prefix: str, first_year: int, year: int) -> QuerySet[AttendanceCase]:
    """Cases of the region closed as 转学 from the cohort's entry year to ``year`` (school years, Sept–Aug)."""
    return AttendanceCase.objects.filter(
        region_code__startswith=prefix,
        outcome="转学",
        closed_on__gte=date(first_year, 9, 1),
        closed_on__lt=date(year + 1, 9, 1),
    )


def _transfers_out(prefix: str, first_year: int, year: int) -> int:
    return _transfers(prefix, first_year, year).count()


def _transfers_by_school(prefix: str, first_year: int, year: int) -> dict[str, int]:
    counts = _transfers(prefix, first_year, year).values("school_code").annotate(n=Count("id"))
    return {row["school_code"]: row["n"] for row in counts}


def _grades(prefix: str, year: int) -> tuple[Any, dict[str, str]]:
    """The census 年级 sheet of the region's schools in ``year`` (current version) as an Ibis table, and their names.

    Only this sheet is read (not the whole census): 巩固率 reads up to five years."""
    import ibis

    from eduplan.contract import GRADES_SHEET
    from eduplan.store.census import get_version, sheet_frame

    schools = registry_frame(year, prefix)
    codes = schools["school_code"].tolist()
    grades = sheet_frame(get_version(year), GRADES_SHEET, codes)
    return ibis.memtable(grades), dict(zip(schools["school_code"], schools["name"], strict=True))


def retention_table(region_code: str, year: int) -> dict[str, Any]:
    """巩固率 of the county (nine years) and of each school (its 小学 or 初中 span), from two census years.

    A span whose entry-year census is missing is listed in ``missing``; the county's rate is then estimated.
    """
    from eduplan.core.attendance import SPANS, retention, retention_by_school, synthetic_retention
    from eduplan.errors import NotFound
    from eduplan.store.regions import get_region

    region = get_region(region_code)
    prefix = region.subtree_prefix()
    grades_now, names = _grades(prefix, year)
    result: dict[str, Any] = {"region_code": region.code, "year": year, "county": None, "schools": [], "missing": []}
    try:
        before = _grades(prefix, year - 1)[0]
    except NotFound:
        before = None
    for span, (_, _, back) in SPANS.items():
        try:
            then = _grades(prefix, year - back)[0]
        except NotFound:
            then = None
            result["missing"].append(
                f"{span}：缺少 {year - back} 学年（入学年）的普查数据，巩固率为按相邻两年升级率的估算"
            )
        if span != "九年义务教育":
            if then is None:
                continue  # a school's synthetic estimate is too noisy to show (pupils move between schools)
            moved = _transfers_by_school(prefix, year - back, year)
            for row in retention_by_school(grades_now, then, span, moved):
                if row.entered:
                    result["schools"].append(row.as_dict() | {"estimated": False, "name": names.get(row.code, "")})
        elif then is not None:
            county = retention(
                grades_now, then, span, code=region.code, transfers_out=_transfers_out(prefix, year - back, year)
            )
            result["county"] = county.as_dict() | {"estimated": False}
        else:
            estimate = None if before is None else synthetic_retention(grades_now, before, span)
            county_row: dict[str, Any] = {"code": region.code, "span": span, "now": None, "entered": None}
            result["county"] = county_row | {"transfers_out": None, "rate": estimate, "estimated": True}
    result["target"] = rules.RETENTION_TARGET
    return result


def cohort_metric(key: str, region_code: str, year: int) -> float | None:
    """A plan metric over two census years (``core.plan_metrics.COHORT_METRICS``): None when a year is missing."""
    if key != "compulsory_retention":
        raise UsageError(f"未知的跨年普查指标 {key!r}")
    county = retention_table(region_code, year)["county"]
    if county is None or county["estimated"] or county["rate"] is None:
        return None  # a plan's actual is the measured rate only, never the estimate
    return round(float(county["rate"]), 4)
