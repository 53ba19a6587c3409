"""Overdue steps, the monthly report, the funnel and 巩固率, each against hand-worked dates and counts."""

from __future__ import annotations

from datetime import date

import ibis
import pandas as pd
import pytest

from eduplan.core.attendance import Case, Step, funnel, monthly_report, overdue, retention

D = date


def _case(kind: str, since: date, *steps: tuple[str, date], **kw: object) -> Case:
    return Case(
        kw.pop("case_id", 1),  # type: ignore[arg-type]
        kw.pop("school", "A"),  # type: ignore[arg-type]
        kw.pop("region", "441802101"),  # type: ignore[arg-type]
        kind,
        since,
        tuple(Step(s, d) for s, d in steps),
        **kw,  # type: ignore[arg-type]
    )


def _rules(case: Case, today: date) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.due.isoformat(), f.done_on and f.done_on.isoformat()) for f in overdue(case, today)]


def test_a_home_visit_is_due_by_the_third_day() -> None:
    missing = _case("长期缺勤", D(2024, 3, 4), ("报告", D(2024, 3, 4)))
    assert _rules(missing, D(2024, 3, 7)) == []  # the third day is still in time
    assert _rules(missing, D(2024, 3, 8)) == [("home_visit_days", "2024-03-07", None)]
    late = _case("长期缺勤", D(2024, 3, 4), ("报告", D(2024, 3, 4)), ("家访", D(2024, 3, 9)))
    assert _rules(late, D(2024, 3, 10)) == [("home_visit_days", "2024-03-07", "2024-03-09")]
    in_time = _case("辍学", D(2024, 3, 4), ("报告", D(2024, 3, 4)), ("家访", D(2024, 3, 6)))
    assert _rules(in_time, D(2024, 3, 20)) == []


def test_a_long_absence_needs_its_plan_within_seven_days_of_turning_long() -> None:
    case = _case("长期缺勤", D(2024, 3, 1), ("报告", D(2024, 3, 1)), ("家访", D(2024, 3, 2)))
    assert _rules(case, D(2024, 3, 23)) == []  # long from 03-16, plan due 03-23
    assert _rules(case, D(2024, 3, 24)) == [("plan_due_days", "2024-03-23", None)]
    back = _case("长期缺勤", D(2024, 3, 1), ("家访", D(2024, 3, 2)), closed_on=D(2024, 3, 10), outcome="复学")
    assert _rules(back, D(2024, 4, 30)) == []  # back before it turned long; a closed case needs no report


def test_an_open_case_is_reported_every_month() -> None:
    case = _case("休学", D(2024, 1, 10), ("报告", D(2024, 1, 10)))
    assert _rules(case, D(2024, 2, 10)) == []
    assert _rules(case, D(2024, 2, 11)) == [("school_report_days", "2024-02-10", None)]  # 休学: no visit rule


def _cases() -> list[Case]:
    """March 2024: school A (town 101) has five cases, school B (town 102) one."""
    return [
        _case("长期缺勤", D(2024, 3, 4), ("报告", D(2024, 3, 4)), ("家访", D(2024, 3, 6)), case_id=1),
        _case("长期缺勤", D(2024, 3, 11), ("报告", D(2024, 3, 11)), case_id=2),  # visit missing: overdue
        _case(
            "辍学",
            D(2024, 2, 1),
            ("报告", D(2024, 2, 1)),
            ("家访", D(2024, 2, 2)),
            ("一人一案", D(2024, 2, 20)),
            ("劝返", D(2024, 3, 1)),
            ("复学", D(2024, 3, 5)),
            case_id=3,
            closed_on=D(2024, 3, 5),
            outcome="复学",
        ),
        _case("送教上门", D(2024, 1, 8), ("报告", D(2024, 3, 8)), case_id=4),
        _case(
            "辍学",
            D(2024, 3, 20),
            ("报告", D(2024, 3, 20)),
            ("家访", D(2024, 3, 21)),
            case_id=5,
            closed_on=D(2024, 3, 28),
            outcome="转学",
        ),
        _case(
            "长期缺勤",
            D(2024, 3, 25),
            ("报告", D(2024, 3, 25)),
            ("家访", D(2024, 3, 26)),
            case_id=6,
            school="B",
            region="441802102",
        ),
    ]


def test_monthly_report_counts_as_on_the_last_day_of_the_month() -> None:
    report = monthly_report(_cases(), "2024-03", school_names={"A": "甲校", "B": "乙校"}, town_names={}, suppress=False)
    assert report["as_of"] == "2024-03-31"
    a_row = report["schools"][0]
    # open on 03-31: cases 1, 2, 4 (3 returned 03-05, 5 transferred 03-28); new in March: 1, 2, 5
    assert (a_row["open_at_end"], a_row["new"], a_row["returned"], a_row["closed_lawfully"]) == (3, 3, 1, 1)
    # overdue on 03-31: case 2 (no visit since 03-14); case 1 turned long 03-19, plan due 03-26: also overdue
    assert a_row["overdue"] == 2
    assert a_row["by_kind"] == {"长期缺勤": 2, "辍学": 0, "休学": 0, "送教上门": 1}
    assert report["total"]["open_at_end"] == 4
    assert [t["code"] for t in report["towns"]] == ["441802101", "441802102"]


def test_small_cells_are_suppressed_for_everyone_but_the_office() -> None:
    report = monthly_report(_cases(), "2024-03", school_names={}, town_names={}, suppress=True)
    assert report["total"]["open_at_end"] is None  # 4 cases: a small cell
    assert report["total"]["new"] is None  # 4 new in March (cases 1, 2, 5, 6)
    assert monthly_report(_cases(), "2024-03", school_names={}, town_names={}, suppress=False)["total"]["new"] == 4
    assert report["total"]["by_kind"]["长期缺勤"] is None and report["total"]["by_kind"]["休学"] == 0


def test_the_funnel_counts_the_cases_reaching_each_step() -> None:
    assert funnel(_cases()) == [
        {"step": "报告", "cases": 6},
        {"step": "家访", "cases": 4},
        {"step": "一人一案", "cases": 1},
        {"step": "劝返", "cases": 1},
        {"step": "复学", "cases": 1},
        {"step": "依法结案", "cases": 1},
    ]


def test_retention_is_the_last_grade_now_over_the_entrants_then() -> None:
    now = ibis.memtable(
        pd.DataFrame(
            {"school_code": ["A", "B", "A"], "grade": ["9", "9", "8"], "students": [95, 90, 99], "entrants": [0, 0, 0]}
        )
    )
    then = ibis.memtable(
        pd.DataFrame(
            {
                "school_code": ["A", "B", "A"],
                "grade": ["1", "1", "2"],
                "students": [100, 100, 7],
                "entrants": [100, 100, 1],
            }
        )
    )
    county = retention(now, then, "九年义务教育", code="441802")
    assert (county.now, county.entered, county.rate) == (185, 200, 92.5)
    assert retention(now, then, "九年义务教育", code="441802", transfers_out=3).rate == pytest.approx(94.0)
    assert retention(now, then, "九年义务教育", code="A", schools=["A"]).rate == 95.0
    assert retention(now, then.filter(then.grade == "7"), "九年义务教育", code="x").rate is None


def test_the_synthetic_cohort_multiplies_each_grades_passage() -> None:
    before = ibis.memtable(
        pd.DataFrame({"school_code": ["A"] * 3, "grade": ["7", "8", "9"], "students": [100, 96, 90]})
    )
    now = ibis.memtable(pd.DataFrame({"school_code": ["A"] * 3, "grade": ["7", "8", "9"], "students": [110, 98, 94]}))
    from eduplan.core.attendance import synthetic_retention

    # 初中: 8 now / 7 before × 9 now / 8 before = 98/100 × 94/96
    assert synthetic_retention(now, before, "初中") == pytest.approx(98 / 100 * 94 / 96 * 100)
    assert synthetic_retention(now, before, "小学") is None  # no grade 1 the year before


def test_a_plans_retention_indicator_is_suggested_the_cohort_metric() -> None:
    from eduplan.core.plan_metrics import COHORT_METRICS, suggest_metric

    assert suggest_metric("九年义务教育巩固率") == "compulsory_retention"
    assert COHORT_METRICS["compulsory_retention"][0] == "九年义务教育巩固率"


def test_the_running_month_is_reported_as_of_today() -> None:
    report = monthly_report(_cases(), "2024-03", school_names={}, town_names={}, suppress=False, today=D(2024, 3, 15))
    # on 03-15: open cases 1, 2, 4 (3 returned 03-05; 5 and 6 not yet absent); case 2's visit overdue since 03-14
    assert (report["as_of"], report["total"]["open_at_end"], report["total"]["overdue"]) == ("2024-03-15", 3, 1)


def test_retention_by_school_matches_the_one_school_figure() -> None:
    from eduplan.core.attendance import retention_by_school

    now = ibis.memtable(pd.DataFrame({"school_code": ["A", "B", "C"], "grade": ["9"] * 3, "students": [95, 90, 5]}))
    then = ibis.memtable(pd.DataFrame({"school_code": ["A", "B"], "grade": ["1", "1"], "entrants": [100, 120]}))
    rows = retention_by_school(now, then, "九年义务教育", {"B": 6})
    assert [(r.code, r.now, r.entered, r.transfers_out, r.rate) for r in rows] == [
        ("A", 95, 100, 0, 95.0),
        ("B", 90, 120, 6, 80.0),  # (90 + 6) / 120
        ("C", 5, 0, 0, None),  # a school that did not exist when the cohort entered
    ]
