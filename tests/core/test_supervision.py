"""Term figures of supervision on a hand-made term: three schools, four visits, five rectifications."""

from __future__ import annotations

from datetime import date

from eduplan.core.supervision import RectificationRow, VisitRow, coverage, overdue, term_summary

TODAY = date(2024, 1, 10)
SCHOOLS = ["A", "B", "C"]
VISITS = [
    VisitRow("A", date(2023, 9, 20), "挂牌督导"),
    VisitRow("A", date(2023, 11, 2), "回头看"),
    VisitRow("B", date(2023, 10, 8), "挂牌督导"),
    VisitRow("B", date(2023, 12, 1), "专项督导"),
]


def _rect(
    number: str,
    school: str,
    town: str,
    item: str,
    severity: str,
    deadline: date,
    state: str,
    closed_on: date | None = None,
) -> RectificationRow:
    return RectificationRow(
        number, school, f"{school}校", town, f"{town}镇", item, severity, date(2023, 9, 20), deadline, state, closed_on
    )


RECTS = [
    _rect("1号", "A", "T1", "regular_06", "严重", date(2023, 10, 20), "closed", date(2023, 10, 10)),  # 20 days
    _rect("2号", "A", "T1", "regular_06", "一般", date(2023, 12, 31), "open"),  # overdue 10 days
    _rect("3号", "B", "T2", "regular_07", "较重", date(2023, 11, 30), "returned"),  # overdue 41 days
    _rect("4号", "B", "T2", "", "一般", date(2023, 12, 1), "reported"),  # answered: not overdue
    _rect("5号", "A", "T1", "regular_02", "一般", date(2024, 2, 1), "open"),  # not yet due
]


def test_coverage_counts_schools_with_enough_visits() -> None:
    once = coverage(SCHOOLS, VISITS, 1)
    assert (once.schools, once.covered, once.not_covered) == (3, 2, ("C",))
    assert once.share == 2 / 3
    assert coverage(SCHOOLS, VISITS, 2).covered == 2
    assert coverage(SCHOOLS, VISITS, 3).covered == 0
    assert coverage([], VISITS, 1).share is None


def test_overdue_is_still_with_the_school_past_its_deadline() -> None:
    assert [r.number for r in overdue(RECTS, TODAY)] == ["2号", "3号"]
    assert overdue(RECTS, date(2023, 12, 31)) == [RECTS[2]]  # the deadline day itself is not late


def test_term_summary_figures() -> None:
    s = term_summary(SCHOOLS, VISITS, 2, RECTS, [], TODAY)
    assert s["coverage"]["covered"] == 2 and s["coverage"]["not_covered"] == ["C"]
    assert s["visits_by_kind"] == {"专项督导": 1, "回头看": 1, "挂牌督导": 2}
    assert s["rectifications"] == {"total": 5, "open": 2, "reported": 1, "returned": 1, "closed": 1, "overdue": 2}
    assert s["by_severity"] == {"一般": 3, "较重": 1, "严重": 1}
    assert s["findings_by_item"][0] == {"item": "校园及周边安全情况", "一般": 1, "较重": 0, "严重": 1, "total": 2}
    assert {d["item"] for d in s["findings_by_item"]} >= {"其他（自由记录）", "招生、收费情况"}
    assert s["time_to_close"] == {"closed": 1, "median_days": 20, "mean_days": 20.0, "max_days": 20}
    assert s["overdue_by_town"] == [
        {"town_code": "T1", "town": "T1镇", "overdue": 1, "schools": 1},
        {"town_code": "T2", "town": "T2镇", "overdue": 1, "schools": 1},
    ]
    assert [(o["number"], o["days_late"]) for o in s["overdue"]] == [("2号", 10), ("3号", 41)]
