"""控辍保学 writes: a case and its steps are audited, the 学籍号 is never stored, bad input stores nothing."""

from __future__ import annotations

from datetime import date

import pytest

from eduplan.errors import UsageError
from eduplan.store.attendance import NewCase, case_rows, do_add_step, do_report_case, monthly, pseudonym
from eduplan.store.models import AttendanceCase, AuditEntry, CaseStep
from tests.conftest import World


@pytest.fixture(autouse=True)
def fixed_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDUPLAN_PSEUDONYM_KEY", "store-test-key-0123456789")


def _new(world: World, **changes: object) -> NewCase:
    fields: dict[str, object] = {
        "school_code": world.open_school,
        "student_id": "g4418020001000123",
        "name": "张小明",
        "birth_year": 2013,
        "grade": "五年级",
        "kind": "长期缺勤",
        "reason": "厌学",
        "responsible": "李老师",
        "absent_since": date(2024, 3, 4),
        "reported_on": date(2024, 3, 5),
        "groups": ("留守儿童",),
    }
    return NewCase(**(fields | changes))  # type: ignore[arg-type]


@pytest.mark.django_db
def test_a_reported_case_keeps_the_pseudonym_not_the_student_id(world: World) -> None:
    case = do_report_case(_new(world))
    assert case.pupil == pseudonym("G4418020001000123") and len(case.pupil) == 32
    assert "4418020001000123" not in str(AttendanceCase.objects.values().get())
    assert (case.grade, case.region_code, case.groups) == ("5", world.town_fengcheng, "留守儿童")
    assert list(case.steps.values_list("step", "on")) == [("报告", date(2024, 3, 5))]
    entry = AuditEntry.objects.get(action="attendance.report")
    assert (entry.object_type, entry.object_id, entry.region_code) == (
        "School",
        world.open_school,
        world.town_fengcheng,
    )


@pytest.mark.django_db
def test_steps_flag_and_close_the_case(world: World) -> None:
    case = do_report_case(_new(world))
    rows = case_rows(AttendanceCase.objects.all(), date(2024, 3, 8))
    assert [f["rule"] for f in rows[0]["flags"]] == ["home_visit_days"]  # no visit by 03-07
    do_add_step(case, "家访", date(2024, 3, 6), "家长称孩子不愿上学")
    do_add_step(case, "复学", date(2024, 3, 11))
    case.refresh_from_db()
    assert (case.closed_on, case.outcome) == (date(2024, 3, 11), "复学")
    assert case_rows(AttendanceCase.objects.all(), date(2024, 5, 1))[0]["flags"] == []
    with pytest.raises(UsageError, match="案件已于 2024-03-11 结案（复学）"):
        do_add_step(case, "劝返", date(2024, 3, 12))
    assert AuditEntry.objects.filter(action="attendance.step").count() == 2


@pytest.mark.django_db
def test_a_bad_report_names_every_problem_and_stores_nothing(world: World) -> None:
    bad = _new(world, name=" ", kind="失踪", grade="10", birth_year=2000, reported_on=date(2024, 3, 1))
    with pytest.raises(UsageError) as caught:
        do_report_case(bad)
    assert str(caught.value) == (
        "姓名不能为空；类别应为 长期缺勤、辍学、休学、送教上门 之一；年级应为义务教育的 1–9 年级；"
        "出生年份 2000 不在义务教育年龄（6–15 周岁）内；报告日期不能早于缺勤起始日期"
    )
    assert (AttendanceCase.objects.count(), CaseStep.objects.count()) == (0, 0)
    assert not AuditEntry.objects.filter(action__startswith="attendance").exists()


@pytest.mark.django_db
def test_the_monthly_report_names_schools_and_towns(world: World) -> None:
    do_report_case(_new(world))
    report = monthly(AttendanceCase.objects.all(), "2024-03", suppress=False)
    assert [(s["name"], s["open_at_end"], s["overdue"]) for s in report["schools"]] == [("城南小学", 1, 1)]
    assert [(t["name"], t["new"]) for t in report["towns"]] == [("凤城街道", 1)]
    assert monthly(AttendanceCase.objects.all(), "2024-03", suppress=True)["total"]["new"] is None
    with pytest.raises(UsageError, match="应写作 YYYY-MM"):
        monthly(AttendanceCase.objects.all(), "2024-13", suppress=True)
