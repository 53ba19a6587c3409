"""The plausibility checks of one school's rows (core/collection.py), each finding on its field in the clerk's words."""

from __future__ import annotations

from typing import Any

import pytest

from eduplan.core.collection import ERROR, WARNING, Finding, blocking, check_school, parse_cell


def school(students: tuple[int | None, ...], classes: tuple[int | None, ...], teachers: int | None = 30) -> Any:
    """A 小学 of six grades: the 学段 row sums the grades (None where a grade's value is None)."""
    grades = [
        {"school_code": "S", "stage": "小学", "grade": str(g), "students": s, "classes": k}
        for g, s, k in zip(range(1, 7), students, classes, strict=True)
    ]
    total = sum(s for s in students if s is not None)
    stage = {"school_code": "S", "stage": "小学", "students": total, "classes": sum(k or 0 for k in classes)}
    return [stage | {"teachers": teachers}], grades


LAST = school((100, 100, 100, 100, 100, 100), (2, 2, 2, 2, 2, 2))


def found(stages: Any, grades: Any, last: Any = LAST) -> list[tuple[str, str, str, str]]:
    return [(f.field, f.level, f.rule, f.message) for f in check_school(stages, grades, *last)]


def test_a_plausible_school_has_no_finding() -> None:
    assert found(*school((100, 100, 102, 98, 100, 100), (2, 2, 2, 2, 2, 2))) == []


def test_an_empty_field_is_required_not_a_sum_mismatch() -> None:
    stages, grades = school((None, 100, 100, 100, 100, 100), (2, 2, 2, 2, 2, 2))
    stages[0]["students"] = 600  # the stage total as before: the blank grade alone is the problem
    assert found(stages, grades) == [("年级|小学/1|students", ERROR, "required", "必填")]


def test_text_and_negative_numbers_are_errors_on_their_field() -> None:
    stages, grades = school((100, 100, 100, 100, 100, 100), (2, 2, 2, 2, 2, 2))
    grades[1]["classes"] = "两"
    grades[2]["classes"] = -2
    assert found(stages, grades) == [
        ("年级|小学/2|classes", ERROR, "number", "应为整数，现为“两”"),
        ("年级|小学/3|classes", ERROR, "negative", "不能为负数"),
    ]


def test_the_stage_total_must_equal_the_grades() -> None:
    stages, grades = school((100, 100, 100, 100, 100, 100), (2, 2, 2, 2, 2, 2))
    stages[0]["students"] = 601
    assert found(stages, grades) == [("学段|小学|students", ERROR, "total", "应等于各年级在校生数之和 600，现为 601")]


def test_nine_million_pupils_in_grade_one_are_stopped_even_with_the_total_raised() -> None:
    """The report's case: grade 1 = 9,999,999 and the 学段 total raised to match (9,999,999 + 500)."""
    stages, grades = school((9_999_999, 100, 100, 100, 100, 100), (2, 2, 2, 2, 2, 2))
    assert stages[0]["students"] == 10_000_499
    result = found(stages, grades)
    assert result == [
        (
            "年级|小学/1|students",
            ERROR,
            "class_size",
            "平均每班 4,999,999.5 人（9,999,999 人 ÷ 2 班），超过 132 人，不可能：请检查在校生数和班级数",
        ),
        (
            "学段|小学|teachers",
            WARNING,
            "ratio",
            "生师比 333,350.0:1，不在 5–40 之间：请核实在校生数和专任教师数，如属实请填写原因",
        ),
        (
            "学段|小学|students",
            ERROR,
            "change",
            "上一学年为 600，现为 10,000,499（16,667.5 倍），不像真实变化：是否多输或少输了位数？",
        ),
        (
            "年级|小学/1|students",
            ERROR,
            "change",
            "上一学年为 100，现为 9,999,999（100,000.0 倍），不像真实变化：是否多输或少输了位数？",
        ),
    ]
    assert blocking(check_school(stages, grades, *LAST), {"学段|小学|teachers": "核实无误"}) != []


def test_a_large_class_is_a_warning_that_a_reason_confirms() -> None:
    """Grade 1: 140 pupils in 2 classes = 70 per class, above the standard's 超大班额 line of 66 (and +40%)."""
    stages, grades = school((140, 100, 100, 100, 100, 100), (2, 2, 2, 2, 2, 2))
    findings = check_school(stages, grades, *LAST)
    assert [(f.field, f.level, f.rule, f.message) for f in findings] == [
        (
            "年级|小学/1|students",
            WARNING,
            "class_size",
            "平均每班 70 人，超过 66 人（超大班额）：请核实，如属实请填写原因",
        ),
        ("年级|小学/1|students", WARNING, "change", "比上一学年的 100 增加 40%（超过 30%）：请核实，如属实请填写原因"),
    ]
    assert blocking(findings, {}) == findings
    assert blocking(findings, {"年级|小学/1|students": "新城区入住，一年级扩招"}) == []


def test_a_grade_larger_than_last_years_cohort_below_it_is_a_warning() -> None:
    """Grade 3 this year holds last year's grade 2 (100 pupils): at most 100 × 1.2 + 5 = 125."""
    stages, grades = school((100, 100, 126, 100, 100, 100), (2, 2, 2, 2, 2, 2))
    assert found(stages, grades) == [
        (
            "年级|小学/3|students",
            WARNING,
            "cohort",
            "上一学年2年级只有 100 人，升入本年级最多约 125 人，现为 126：请核实，如有大量转入请填写原因",
        )
    ]


def test_pupils_per_teacher_outside_5_to_40_is_a_warning_and_no_teacher_an_error() -> None:
    stages, grades = school((100, 100, 100, 100, 100, 100), (2, 2, 2, 2, 2, 2), teachers=14)
    assert found(stages, grades, ((), ())) == [
        (
            "学段|小学|teachers",
            WARNING,
            "ratio",
            "生师比 42.9:1，不在 5–40 之间：请核实在校生数和专任教师数，如属实请填写原因",
        )
    ]
    stages[0]["teachers"] = 0
    assert found(stages, grades, ((), ())) == [("学段|小学|teachers", ERROR, "ratio", "有学生时专任教师数不能为 0")]


def test_a_part_cannot_exceed_its_whole() -> None:
    stages, grades = school((100, 100, 100, 100, 100, 100), (2, 2, 2, 2, 2, 2))
    stages[0]["pe_teachers"] = 31
    grades[0]["classes_66_plus"] = 3
    assert found(stages, grades) == [
        ("学段|小学|pe_teachers", ERROR, "part", "不能多于专任教师数（30），现为 31"),
        ("年级|小学/1|classes_66_plus", ERROR, "part", "不能多于班级数（2），现为 3"),
    ]


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [("", "int", None), (" 1,200 ", "int", 1200), ("12.5", "number", 12.5), ("3.0", "int", 3), ("三", "int", "三")],
)
def test_a_posted_cell_is_read_as_a_number_where_it_is_one(raw: str, kind: str, value: Any) -> None:
    assert parse_cell(raw, kind) == value


def test_a_finding_round_trips_as_a_dict() -> None:
    finding = Finding("学段|小学|students", ERROR, "required", "必填")
    assert Finding(**finding.as_dict()) == finding
