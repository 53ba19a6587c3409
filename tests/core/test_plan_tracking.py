"""The plan-tracking rule (docs/plans.md), checked on numbers worked out by hand in each test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from eduplan.core.plan_tracking import (
    ACHIEVED,
    AT_RISK,
    BEHIND,
    BUILDING,
    DELAYED,
    FINISHED,
    NOT_STARTED,
    ON_TRACK,
    ProgressYear,
    TargetSpec,
    deadline_date,
    indicator_status,
    indicator_track,
    planned_value,
    project_delayed,
    project_summary,
    projected_value,
    rollup_projects,
    scheduled_status,
    task_overdue,
)

# Qingcheng 主要预期指标表: 公办小学本科以上学历占比 81.37 (2020) → 85 (2025).
DEGREES = TargetSpec(2020, 81.37, 2025, 85.0, "=", "%")
# Huadu 主要发展指标: 学前教育毛入园率 100.51 (2020), 保持高水平.
ENROLMENT = TargetSpec(2020, 100.51, 2025, None, "保持高水平", "%")
# A falling target: 缺额率 30% (2020) → ≤ 20% (2025).
VACANCIES = TargetSpec(2020, 30.0, 2025, 20.0, "≤", "%")
# Qingyuan 十大行动: 到2025年创建50所市级劳动教育特色学校 (no baseline stated; a count starts from none).
LABOUR_SCHOOLS = TargetSpec(2020, None, 2025, 50.0, "≥", "所")
# A rate target stated in a sentence without a baseline.
FITNESS = TargetSpec(2020, None, 2025, 55.0, "≥", "%")


def test_planned_line_runs_straight_from_baseline_to_target() -> None:
    # 81.37 + (85 − 81.37)·2/5 = 82.822
    assert planned_value(DEGREES, 2022) == pytest.approx(82.822)
    assert planned_value(DEGREES, 2020) == pytest.approx(81.37)
    assert planned_value(DEGREES, 2027) == pytest.approx(85.0)


def test_actual_on_or_above_the_line_is_on_track() -> None:
    result = indicator_status(DEGREES, {2022: 83.0}, 2022)
    assert result.status == ON_TRACK
    assert result.expected == pytest.approx(82.822)


def test_actual_meeting_the_target_is_achieved() -> None:
    assert indicator_status(DEGREES, {2025: 85.2}, 2025).status == ACHIEVED


def test_behind_the_line_but_projection_covers_half_the_change_is_behind() -> None:
    # line through (2020, 81.37) and (2022, 82.4): slope 0.515, P(2025) = 82.4 + 3·0.515 = 83.945;
    # it covers 2.575 of the planned 3.63 (≥ half), and 82.4 < E(2022) = 82.822.
    result = indicator_status(DEGREES, {2022: 82.4}, 2022)
    assert result.projected == pytest.approx(83.945)
    assert result.status == BEHIND


def test_behind_the_line_with_a_projection_covering_less_than_half_is_at_risk() -> None:
    # least squares through (2020, 81.37), (2021, 81.6), (2022, 82.0): slope 0.315, mean 81.656667 at 2021,
    # P(2025) = 81.656667 + 4·0.315 = 82.916667, covering 1.546667 < 1.815 (half of 3.63).
    actuals = {2021: 81.6, 2022: 82.0}
    assert projected_value(DEGREES, actuals, 2022) == pytest.approx(82.916667)
    assert indicator_status(DEGREES, actuals, 2022).status == AT_RISK


def test_moving_away_from_the_target_is_at_risk() -> None:
    assert indicator_status(DEGREES, {2022: 81.0}, 2022).status == AT_RISK


def test_target_year_short_of_target_is_never_on_track() -> None:
    spec = TargetSpec(2020, 40.0, 2025, 58.0, ">", "%")  # Huadu 体质健康优良率 >58
    assert indicator_status(spec, {2025: 58.0}, 2025).status != ON_TRACK
    assert indicator_status(spec, {2025: 58.1}, 2025).status == ACHIEVED


@pytest.mark.parametrize(
    ("actual", "status"),
    [(101.0, ACHIEVED), (100.51, ACHIEVED), (99.0, BEHIND), (97.0, AT_RISK)],
)
def test_keep_high_level_is_judged_against_the_baseline_level(actual: float, status: str) -> None:
    # level 100.51; tolerance 2% of it = 2.0102: 99.0 is short by 1.51 (behind), 97.0 by 3.51 (at risk)
    assert indicator_status(ENROLMENT, {2022: actual}, 2022).status == status


def test_equal_baseline_and_target_is_a_level_to_keep() -> None:
    spec = TargetSpec(2020, 50.0, 2025, 50.0, "≥", "%")  # 公办幼儿园在园幼儿占比 ≥50 → ≥50
    assert indicator_status(spec, {2021: 52.0}, 2021).status == ACHIEVED
    assert indicator_status(spec, {2021: 49.5}, 2021).status == BEHIND  # short by 0.5 ≤ 1.0
    assert indicator_status(spec, {2021: 45.0}, 2021).status == AT_RISK


@pytest.mark.parametrize(("actual", "status"), [(23.0, ON_TRACK), (19.0, ACHIEVED), (26.0, BEHIND), (31.0, AT_RISK)])
def test_a_falling_target_reads_the_line_downwards(actual: float, status: str) -> None:
    # E(2023) = 30 − 10·3/5 = 24. For 26: P(2025) = 26 − 2·4/3 = 23.33, covering 6.67 ≥ 5 → behind.
    assert indicator_status(VACANCIES, {2023: actual}, 2023).status == status


def test_a_count_without_baseline_starts_from_none() -> None:
    # E(2022) = 0 + 50·2/5 = 20
    result = indicator_status(LABOUR_SCHOOLS, {2022: 25.0}, 2022)
    assert result.expected == pytest.approx(20.0)
    assert result.status == ON_TRACK


def test_a_rate_without_baseline_cannot_be_judged_until_met() -> None:
    assert indicator_status(FITNESS, {2022: 56.0}, 2022).status == ACHIEVED
    unknown = indicator_status(FITNESS, {2022: 50.0}, 2022)
    assert unknown.status is None
    assert unknown.reason == "没有基期值，无法画出进度线"


def test_track_gives_one_status_per_year_with_an_actual() -> None:
    track = indicator_track(DEGREES, {2021: 82.2, 2023: 83.5})
    # E(2021) = 82.096 → on track; E(2023) = 83.548 → 83.5 behind, projection through
    # (2020, 81.37), (2021, 82.2), (2023, 83.5): slope 3.2733/4.6667 = 0.7014, P(2025) ≈ 84.93, covering ≥ half → behind.
    assert [(s.year, s.status) for s in track] == [(2021, ON_TRACK), (2023, BEHIND)]


@dataclass
class _Project:
    category: str | None
    stage: str | None
    seats: dict[str, float]
    investment: float | None


def test_rollup_counts_seats_and_investment_per_category() -> None:
    projects = [
        _Project("新建", "小学", {"小学": 2160.0}, 16000.0),
        _Project("新建", "九年一贯制", {"小学": 2160.0, "初中": 1200.0}, 37000.0),
        _Project("接收配建", "小学", {"小学": 1620.0}, None),
    ]
    rows = {r.category: r for r in rollup_projects(projects)}
    assert (rows["新建"].count, rows["新建"].seats, rows["新建"].total_seats) == (
        2,
        {"小学": 4320.0, "初中": 1200.0},
        5520.0,
    )
    assert rows["新建"].investment == 53000.0
    assert (rows["接收配建"].count, rows["接收配建"].investment) == (1, 0.0)


def test_rollups_reproduce_qingcheng_totals() -> None:
    from eduplan.ingest.plans import parse_plan_file

    seeds = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
    plan = parse_plan_file(seeds / "000_287a84df7b129c81.txt")[0]
    schools = [p for p in plan.projects if p.stage != "学前"]
    kindergartens = [p for p in plan.projects if p.stage == "学前"]
    (school_total,) = rollup_projects(schools, by_category=False)
    (kindergarten_total,) = rollup_projects(kindergartens, by_category=False)
    # The plan's own totals (附件1 合计, 附件3 总计): 29 projects, 45,430 seats, 169,393 万元; 20, 7,020, 10,800.
    assert (school_total.count, school_total.total_seats, school_total.investment) == (29, 45430.0, 169393.0)
    assert school_total.seats == {"小学": 32130.0, "初中": 13300.0}
    assert (kindergarten_total.count, kindergarten_total.total_seats, kindergarten_total.investment) == (
        20,
        7020.0,
        10800.0,
    )


@pytest.mark.parametrize(
    ("year", "status"), [(2021, NOT_STARTED), (2022, BUILDING), (2023, BUILDING), (2024, FINISHED)]
)
def test_schedule_follows_start_and_finish_years(year: int, status: str) -> None:
    assert scheduled_status(2022, 2024, year) == status


def test_a_project_without_years_has_no_schedule() -> None:
    assert scheduled_status(None, None, 2023) is None


@pytest.mark.parametrize(
    ("year", "reported", "late"),
    [
        (2025, BUILDING, True),
        (2024, BUILDING, False),
        (2023, NOT_STARTED, True),
        (2022, NOT_STARTED, False),
        (2026, FINISHED, False),
    ],
)
def test_project_is_late_past_its_start_or_finish(year: int, reported: str, late: bool) -> None:
    assert project_delayed(2022, 2024, year, reported) is late


def test_project_summary_accumulates_delivered_seats_and_takes_latest_spend() -> None:
    progress = [ProgressYear(2022, BUILDING, 0, 500.0), ProgressYear(2023, FINISHED, 1620, 1600.0)]
    summary = project_summary(2022, 2023, 1620.0, 1600.0, progress, 2023)
    assert (summary.status, summary.seats_delivered, summary.investment_spent) == (FINISHED, 1620.0, 1600.0)
    assert summary.delivered_by_year == {2022: 0.0, 2023: 1620.0}
    late = project_summary(2022, 2023, 1620.0, 1600.0, progress[:1], 2024)
    assert (late.status, late.delayed) == (DELAYED, True)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(2024, 3, date(2024, 3, 31)), (2025, None, date(2025, 12, 31)), (2024, 2, date(2024, 2, 29)), (None, None, None)],
)
def test_deadline_is_the_last_day_of_the_stated_month_or_year(
    year: int | None, month: int | None, expected: date | None
) -> None:
    assert deadline_date(year, month) == expected


def test_task_is_overdue_only_after_its_deadline_and_while_not_done() -> None:
    deadline = date(2024, 3, 31)
    assert task_overdue(deadline, "进行中", date(2024, 4, 1)) is True
    assert task_overdue(deadline, "进行中", date(2024, 3, 31)) is False
    assert task_overdue(deadline, "已完成", date(2024, 4, 1)) is False
    assert task_overdue(None, "未开始", date(2030, 1, 1)) is False


def test_years_up_to_the_baseline_are_not_judged_and_do_not_bend_the_trend() -> None:
    actuals = {2019: 70.0, 2020: 81.0, 2022: 82.4}
    early = indicator_status(DEGREES, actuals, 2019)
    assert (early.status, early.reason) == (None, "基期年份及以前，不作判断")
    # the projection still runs through (2020, 81.37) and (2022, 82.4) only: P(2025) = 83.945
    assert projected_value(DEGREES, actuals, 2022) == pytest.approx(83.945)


def test_a_share_above_100_percent_is_a_data_error_not_achieved() -> None:
    from eduplan.core.plan_tracking import TargetSpec, capped_share, indicator_status

    # 花都 小学毕业生升学率 2020: 100, target 保持 100; a demo or typing slip gives 100.45 in 2023
    assert capped_share("小学毕业生升学率", "%") and capped_share("教师学历达标率", "%")
    assert not capped_share("学前教育毛入园率", "%")  # a gross ratio passes 100 legitimately (100.51 in 花都 2020)
    assert not capped_share("义务教育学校数", "所")
    spec = TargetSpec(2020, 100.0, 2025, 100.0, "=", "%", capped=True)
    status = indicator_status(spec, {2023: 100.45}, 2023)
    assert (status.status, status.reason) == (None, "实际值 100.45% 超过 100%，比例不可能超过 100%：数据有误，请核对")
    uncapped = TargetSpec(2020, 100.0, 2025, 100.0, "=", "%")
    assert indicator_status(uncapped, {2023: 100.45}, 2023).status == "达成"
