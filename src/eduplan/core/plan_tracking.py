"""Tracking a plan: each indicator's yearly status, projects' schedule and rollups, tasks' deadlines.

Pure functions over plain values; the rule is written out, with formulas, in ``docs/plans.md``.

Indicator status in year y (baseline B in year b, target V in year T, actual A):

- the planned line  E(y) = B + (V − B)·(y − b)/(T − b);
- the projection    P(T) = the least-squares line through (b, B) and every actual up to y, read at T;
- 达成       the actual already meets the target (for 保持 targets: meets the level this year);
- 正常推进   not yet met, before the target year, and on or ahead of the line: d·(A − E(y)) ≥ 0;
- 滞后       behind the line, moving the right way (d·(A − B) > 0), and P(T) still covers at least
             half the planned change: d·(P(T) − B) ≥ ½·|V − B|;
- 风险       behind the line otherwise (no progress, regression, or a projection covering less than half).

d is +1 when more is better (≥, >, a rising "=" target), −1 when less is better (≤, <, a falling one).
A 保持 target (保持, 保持高水平, or a target equal to its baseline) is judged against its level L (the target,
or the baseline for 保持高水平): 达成 if met, 滞后 if short by at most 2% of L, 风险 otherwise.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Protocol

from eduplan.standards.base import COMPARATOR_OF_SIGN, SIGN_OF, compare

# Comparators of a target value, as the plans write them: the standards' four (one vocabulary, one `compare`), plus
# the plans' own "=" and 保持.
AT_LEAST = SIGN_OF[">="]
MORE_THAN = SIGN_OF[">"]
AT_MOST = SIGN_OF["<="]
LESS_THAN = SIGN_OF["<"]
EQUAL = "="
KEEP = "保持"
KEEP_HIGH = "保持高水平"
COMPARATORS: tuple[str, ...] = (AT_LEAST, MORE_THAN, AT_MOST, LESS_THAN, EQUAL, KEEP, KEEP_HIGH)

ACHIEVED = "达成"
ON_TRACK = "正常推进"
BEHIND = "滞后"
AT_RISK = "风险"
INDICATOR_STATUSES: tuple[str, ...] = (ACHIEVED, ON_TRACK, BEHIND, AT_RISK)

NOT_STARTED = "未开工"
BUILDING = "在建"
FINISHED = "竣工"
DELAYED = "延期"
PROJECT_STATUSES: tuple[str, ...] = (NOT_STARTED, BUILDING, FINISHED, DELAYED)

TASK_DONE = "已完成"

# A projection covering less than this share of the planned change puts a lagging target at risk.
RISK_SHARE = 0.5
# A 保持 target missed by at most this share of its level is lagging, not at risk.
MAINTAIN_TOLERANCE = 0.02
# Units of things counted into being (schools, seats): a target without a baseline starts from none.
COUNT_UNITS = frozenset({"所", "个", "家", "名", "人", "项", "门", "支", "万个"})

_UP = frozenset({AT_LEAST, MORE_THAN})
_DOWN = frozenset({AT_MOST, LESS_THAN})
_KEEP = frozenset({KEEP, KEEP_HIGH})


@dataclass(frozen=True)
class TargetSpec:
    """What an indicator promises: from ``baseline_value`` in ``baseline_year`` to ``target_value`` in
    ``target_year`` under ``comparator`` (≥, >, ≤, <, =, 保持, 保持高水平)."""

    baseline_year: int
    baseline_value: float | None
    target_year: int
    target_value: float | None
    comparator: str
    unit: str = ""
    capped: bool = False  # a share that cannot pass 100 % (capped_share): an actual above 100 is a data error


def capped_share(name: str, unit: str) -> bool:
    """Whether an indicator is a share of a whole, which cannot exceed 100 %: a % rate or proportion (升学率,
    学历达标率, 覆盖率, 占比), but not a gross ratio (毛入学率 counts pupils of any age over the age group and passes 100)
    nor a growth or change (增长率, 增幅, 个百分点)."""
    if unit != "%":
        return False
    if any(word in name for word in ("毛入", "增长", "增幅", "增速", "提高", "下降", "变化", "年均", "比上年")):
        return False
    return any(word in name for word in ("率", "比例", "占比", "比重", "覆盖面"))


@dataclass(frozen=True)
class YearStatus:
    year: int
    actual: float
    expected: float | None  # the planned line (or the level of a 保持 target) in this year
    projected: float | None  # the target-year value the trend points to
    status: str | None  # None when the target cannot be judged; ``reason`` says why
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _direction(spec: TargetSpec, baseline: float) -> int:
    """+1 more is better, −1 less is better, 0 a level to keep."""
    target = spec.target_value
    if spec.comparator in _KEEP or target is None:
        return 0
    if spec.comparator in _UP:
        return 1 if target > baseline else 0
    if spec.comparator in _DOWN:
        return -1 if target < baseline else 0
    return (target > baseline) - (target < baseline)


def _meets(value: float, level: float, comparator: str, direction: int) -> bool:
    # "=" and 保持 are met on the side the plan moves towards: a falling target from above.
    if comparator not in (MORE_THAN, LESS_THAN, AT_MOST):
        comparator = AT_MOST if direction < 0 else AT_LEAST
    return compare(value, level, COMPARATOR_OF_SIGN[comparator])


def baseline_of(spec: TargetSpec) -> float | None:
    """The baseline, or 0 for a count of things to be created when the plan states none."""
    if spec.baseline_value is not None:
        return spec.baseline_value
    if spec.unit in COUNT_UNITS and spec.comparator not in _KEEP:
        return 0.0
    return None


def planned_value(spec: TargetSpec, year: int) -> float | None:
    """E(y): the straight line from baseline to target (the level itself for a 保持 target)."""
    baseline = baseline_of(spec)
    if baseline is None:
        return None
    if spec.target_value is None or _direction(spec, baseline) == 0:
        return spec.target_value if spec.target_value is not None else baseline
    span = spec.target_year - spec.baseline_year
    share = 1.0 if span <= 0 else min(max((year - spec.baseline_year) / span, 0.0), 1.0)
    # Rounded like the projection: 1.0 + 1.0 × 0.8 is 1.7999999999999998 in binary, and an actual of 1.8 is on the line.
    return round(baseline + (spec.target_value - baseline) * share, 6)


def projected_value(spec: TargetSpec, actuals: Mapping[int, float], upto: int) -> float | None:
    """P(T): the least-squares line through the baseline and the actuals up to ``upto``, read at T."""
    points = [(float(y), float(v)) for y, v in sorted(actuals.items()) if spec.baseline_year < y <= upto]
    baseline = baseline_of(spec)
    if baseline is not None and all(y != spec.baseline_year for y, _ in points):
        points.insert(0, (float(spec.baseline_year), baseline))
    if len(points) < 2:
        return points[0][1] if points else None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = 0.0 if spread == 0 else sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return round(mean_y + slope * (spec.target_year - mean_x), 6)


def indicator_status(spec: TargetSpec, actuals: Mapping[int, float], year: int) -> YearStatus:
    """The status of ``year`` (which must have an actual) under the rule in the module docstring."""
    actual = actuals[year]
    if spec.capped and actual > 100:
        return YearStatus(
            year, actual, None, None, None, f"实际值 {actual:g}% 超过 100%，比例不可能超过 100%：数据有误，请核对"
        )
    if year <= spec.baseline_year:
        return YearStatus(year, actual, None, None, None, "基期年份及以前，不作判断")
    baseline = baseline_of(spec)
    projected = projected_value(spec, actuals, year)
    if baseline is None and spec.comparator != KEEP_HIGH:
        if spec.target_value is not None and _meets(actual, spec.target_value, spec.comparator, 1):
            return YearStatus(year, actual, None, projected, ACHIEVED)
        return YearStatus(year, actual, None, projected, None, "没有基期值，无法画出进度线")
    direction = _direction(spec, baseline if baseline is not None else actual)
    if direction == 0:
        level = spec.target_value if spec.target_value is not None else baseline
        assert level is not None
        comparator = AT_LEAST if spec.comparator in _KEEP else spec.comparator
        if _meets(actual, level, comparator, -1 if comparator == AT_MOST else 1):
            return YearStatus(year, actual, level, projected, ACHIEVED)
        shortfall = abs(actual - level)
        status = BEHIND if shortfall <= MAINTAIN_TOLERANCE * abs(level) else AT_RISK
        return YearStatus(year, actual, level, projected, status)
    assert baseline is not None and spec.target_value is not None
    target = spec.target_value
    expected = planned_value(spec, year)
    assert expected is not None
    if _meets(actual, target, spec.comparator, direction):
        return YearStatus(year, actual, expected, projected, ACHIEVED)
    if year < spec.target_year and direction * (actual - expected) >= 0:
        return YearStatus(year, actual, expected, projected, ON_TRACK)
    covered = direction * ((projected if projected is not None else actual) - baseline)
    moving = direction * (actual - baseline) > 0
    if moving and covered >= RISK_SHARE * abs(target - baseline):
        return YearStatus(year, actual, expected, projected, BEHIND)
    return YearStatus(year, actual, expected, projected, AT_RISK)


def indicator_track(spec: TargetSpec, actuals: Mapping[int, float]) -> list[YearStatus]:
    """The status of every year that has an actual, in order."""
    return [indicator_status(spec, actuals, year) for year in sorted(actuals)]


# --- projects ----------------------------------------------------------------------------------


class ProjectLike(Protocol):
    category: str | None
    stage: str | None
    seats: dict[str, float]
    investment: float | None


@dataclass(frozen=True)
class ProjectRollup:
    category: str | None
    stage: str | None
    count: int
    seats: dict[str, float]
    total_seats: float
    investment: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def rollup_projects(
    projects: Iterable[ProjectLike], by_category: bool = True, by_stage: bool = False
) -> list[ProjectRollup]:
    """Count, seats per stage and investment (万元) of projects, grouped as asked, in first-seen order."""
    groups: dict[tuple[str | None, str | None], list[ProjectLike]] = {}
    for project in projects:
        key = (project.category if by_category else None, project.stage if by_stage else None)
        groups.setdefault(key, []).append(project)
    result = []
    for (category, stage), members in groups.items():
        seats: dict[str, float] = {}
        for project in members:
            for name, value in project.seats.items():
                seats[name] = seats.get(name, 0.0) + value
        result.append(
            ProjectRollup(
                category=category,
                stage=stage,
                count=len(members),
                seats=seats,
                total_seats=sum(seats.values()),
                investment=sum(p.investment or 0.0 for p in members),
            )
        )
    return result


def scheduled_status(start_year: int | None, finish_year: int | None, year: int) -> str | None:
    """What the plan's schedule says the project should be in ``year`` (None when it gives no years)."""
    if finish_year is not None and year >= finish_year:
        return FINISHED
    if start_year is not None and year >= start_year:
        return BUILDING
    if start_year is not None or finish_year is not None:
        return NOT_STARTED
    return None


def project_delayed(start_year: int | None, finish_year: int | None, year: int, reported: str) -> bool:
    """A project is late when it has not started by its start year or not finished by its finish year."""
    if reported == FINISHED:
        return False
    if finish_year is not None and year > finish_year:
        return True
    return reported == NOT_STARTED and start_year is not None and year > start_year


@dataclass(frozen=True)
class ProgressYear:
    year: int
    status: str
    seats_delivered: float  # in this year
    investment_spent: float  # cumulative, 万元


@dataclass(frozen=True)
class ProjectSummary:
    status: str
    seats_planned: float
    seats_delivered: float
    investment_planned: float | None
    investment_spent: float
    delayed: bool
    delivered_by_year: dict[int, float] = field(default_factory=dict)  # cumulative

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def project_summary(
    start_year: int | None,
    finish_year: int | None,
    seats_planned: float,
    investment_planned: float | None,
    progress: Sequence[ProgressYear],
    year: int,
) -> ProjectSummary:
    """Where a project stands in ``year`` from its yearly progress reports (latest report wins)."""
    reports = sorted((p for p in progress if p.year <= year), key=lambda p: p.year)
    reported = reports[-1].status if reports else NOT_STARTED
    delayed = reported == DELAYED or project_delayed(start_year, finish_year, year, reported)
    delivered: dict[int, float] = {}
    total = 0.0
    for report in reports:
        total += report.seats_delivered
        delivered[report.year] = total
    return ProjectSummary(
        status=DELAYED if delayed else reported,
        seats_planned=seats_planned,
        seats_delivered=total,
        investment_planned=investment_planned,
        investment_spent=reports[-1].investment_spent if reports else 0.0,
        delayed=delayed,
        delivered_by_year=delivered,
    )


# --- tasks -------------------------------------------------------------------------------------


def deadline_date(year: int | None, month: int | None) -> date | None:
    """ "2024年3月底前" → 2024-03-31; "到2025年" → 2025-12-31."""
    if year is None:
        return None
    month = month or 12
    return date(year, month, calendar.monthrange(year, month)[1])


def task_overdue(deadline: date | None, status: str, today: date) -> bool:
    """Overdue: past its deadline and not done. A task without a deadline is never overdue."""
    return deadline is not None and today > deadline and status != TASK_DONE
