"""Demo 控辍保学 cases for 清城区: a few dozen pupils over the last six months, most back in school.

Pure and deterministic (``random.Random(seed)``); dates are relative to ``today`` so the register always has open
cases and a month to report. Calibration (docs/attendance.md): the seeds give no count of cases, only the rules, so
the numbers are invented but plausible for a county of ~158,000 compulsory pupils whose 巩固率 target is 98%:
``CASES`` cases in six months, about 70% 复学, 10% 转学, a few 送教上门 (children with disabilities) and 休学, and
about one in six still open — some of them with a home visit that came late or not at all, so the flags show.
The rural and 留守儿童 share follows the seed's concern (“三所学校”留守儿童多).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from eduplan.contract import URBAN
from eduplan.standards import attendance as a

CASES = 36
SURNAMES = "陈李黄张梁刘林何罗郑吴谭钟朱邓"
GIVEN = ("子轩", "欣怡", "浩然", "梓涵", "宇航", "诗琪", "俊杰", "雨桐", "家豪", "佳怡", "志强", "晓彤")


@dataclass(frozen=True)
class DemoCase:
    school_code: str
    student_id: str
    name: str
    birth_year: int
    grade: str
    kind: str
    reason: str
    groups: tuple[str, ...]
    responsible: str
    absent_since: date
    steps: tuple[tuple[str, date], ...]  # the 报告 first, then the rest in order


def _steps(rng: random.Random, kind: str, since: date, today: date) -> tuple[tuple[str, date], ...]:
    def day(offset: int) -> date:
        return min(since + timedelta(days=offset), today)

    first = rng.randint(0, 2)
    steps = [(a.REPORT, day(first))]
    if kind == "送教上门":  # a service, not an absence: reported and followed monthly
        return _monthly_reports(rng, steps, today)
    roll = rng.random()
    if roll < 0.1:
        return _monthly_reports(rng, steps, today)  # no visit yet
    steps.append((a.VISIT, day(rng.randint(max(first, 1), 3) if roll < 0.9 else rng.randint(4, 7))))
    outcome = rng.random()
    if outcome < 0.72:
        back = rng.randint(5, 40)
        if back > a.LONG_ABSENCE.days:
            steps.append((a.PLAN, day(a.LONG_ABSENCE.days + rng.randint(1, 6))))
        steps.append((a.PERSUADE, day(back - rng.randint(1, 4))))
        steps.append((a.RETURNED, day(back)))
    elif outcome < 0.84:
        steps.append(("转学", day(rng.randint(6, 20))))
    elif outcome < 0.9:
        steps.append(("休学（经批准）", day(rng.randint(6, 20))))
    else:  # still open: most get their 一人一案 once the absence is long
        if rng.random() < 0.7:
            steps.append((a.PLAN, day(a.LONG_ABSENCE.days + rng.randint(1, 6))))
        return _monthly_reports(rng, steps, today)
    return _until_closed(steps, today)


def _until_closed(steps: list[tuple[str, date]], today: date) -> tuple[tuple[str, date], ...]:
    """The steps up to today in order, none after the one that closes the case."""
    ordered = sorted({s for s in steps if s[1] <= today}, key=lambda s: (s[1], a.STEPS.index(s[0])))
    closing = next((i for i, (step, _) in enumerate(ordered) if step in a.CLOSING_STEPS), len(ordered))
    return tuple(ordered[: closing + 1])


def _monthly_reports(rng: random.Random, steps: list[tuple[str, date]], today: date) -> tuple[tuple[str, date], ...]:
    """An open case is reported again every month; about one report in eight is missed (so the flag shows)."""
    reported = steps[0][1]
    while reported + timedelta(days=30) <= today:
        reported += timedelta(days=30)
        if rng.random() < 0.875:
            steps.append((a.REPORT, reported))
    return _until_closed(steps, today)


def demo_cases(schools: pd.DataFrame, county: str, today: date, seed: int = 20201) -> list[DemoCase]:
    """``CASES`` cases at the county's compulsory schools (rural and township schools twice as likely)."""
    rng = random.Random(seed)
    mine = schools[
        schools["region_code"].astype(str).str.startswith(county)
        & schools["school_type"].isin(("小学", "初级中学", "九年一贯制学校"))
    ].sort_values("school_code")
    weights = [1 if ur == URBAN else 2 for ur in mine["urban_rural"]]
    rows = list(zip(mine["school_code"], mine["school_type"], mine["urban_rural"], strict=True))
    cases = []
    for i in range(CASES):
        code, school_type, urban_rural = rng.choices(rows, weights=weights)[0]
        grade = rng.randint(3, 6) if school_type == "小学" else rng.randint(7, 9)
        kind = rng.choices(a.KINDS, weights=(60, 25, 5, 10))[0]
        reason = (
            "残疾"
            if kind == "送教上门"
            else rng.choice(("厌学", "学习困难", "家庭经济困难", "外出务工", "家庭变故", "疾病"))
        )
        groups: tuple[str, ...] = ("残疾儿童",) if kind == "送教上门" else ()
        if urban_rural != URBAN and rng.random() < 0.5:
            groups += ("留守儿童",)
        since = today - timedelta(days=rng.randint(1, 180))
        cases.append(
            DemoCase(
                school_code=str(code),
                student_id=f"D{code}{i:04d}",
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                birth_year=today.year - grade - 6,
                grade=str(grade),
                kind=kind,
                reason=reason,
                groups=groups,
                responsible=rng.choice(SURNAMES) + "老师",
                absent_since=since,
                steps=_steps(rng, kind, since, today),
            )
        )
    return cases
