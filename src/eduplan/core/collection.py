"""Plausibility checks of one school's yearly census rows, as a clerk enters them (docs/collection.md).

Pure functions over plain rows (the contract's keys): no Django, no files. Each finding is about one form field
(``学段|小学|students``, ``年级|小学/1|students``) and says in the clerk's words what is wrong; an ``error`` stops the
submission, a ``warning`` stops it until the clerk confirms the value with a reason.

The thresholds: the 超大班额 line (66) comes from the class-size standard (standards/class_size.py); the rest are
common sense, set here in one place (``Thresholds``) and documented in docs/collection.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from eduplan.contract import GRADES_BY_STAGE, GRADES_SHEET, STAGE_WHOLE_SCHOOL, STAGES_SHEET, Sheet
from eduplan.standards.class_size import STANDARD as CLASS_SIZE

ERROR = "error"
WARNING = "warning"
Row = Mapping[str, Any]

SUPER_LARGE_CLASS = int(CLASS_SIZE.rule("super_large_class_min").values["*"])  # 66: 超大班额


@dataclass(frozen=True)
class Thresholds:
    """Where a value stops being plausible. ``class_size_warn`` is the standard's 超大班额 line."""

    class_size_warn: int = SUPER_LARGE_CLASS  # 平均班额 above it: a warning
    class_size_error: int = 2 * SUPER_LARGE_CLASS  # above it no classroom holds the class: an error
    ratio_low: float = 5.0  # 生师比 below: a warning
    ratio_high: float = 40.0  # 生师比 above: a warning
    change_share: float = 0.3  # a change of more than 30% from last year: a warning
    change_floor: int = 20  # … when last year's value was at least this (small numbers jump)
    change_factor: float = 10.0  # ten times (or a tenth of) last year's value: an error (a slipped digit)
    cohort_share: float = 0.2  # a grade more than 20% above last year's grade below it: a warning
    cohort_slack: int = 5  # … plus this many pupils (transfers into a small class)


DEFAULT = Thresholds()

# A form field for each of these must hold a number: an empty one is 必填.
REQUIRED: dict[str, tuple[str, ...]] = {
    STAGES_SHEET.name: ("students", "classes", "teachers"),
    GRADES_SHEET.name: ("students", "classes"),
}
# Values compared with last year's (the 学段 row, and each grade's pupils).
YEAR_ON_YEAR: dict[str, tuple[str, ...]] = {
    STAGES_SHEET.name: ("students", "classes", "teachers"),
    GRADES_SHEET.name: ("students",),
}
GRADE_BANDS = ("classes_over_standard", "classes_56_65", "classes_66_plus")


@dataclass(frozen=True)
class Finding:
    field: str  # the form field: sheet|row key|column
    level: str  # error | warning
    rule: str  # required, number, negative, total, part, class_size, ratio, change, cohort
    message: str  # in the clerk's words, shown on the field

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def row_key(sheet: Sheet, row: Row) -> str:
    """The row's part of a field name: the stage for a 学段 row, stage/grade for a 年级 row."""
    return "/".join(str(row[k]) for k in sheet.key if k != "school_code")


def field_name(sheet: Sheet, row: Row, column: str) -> str:
    return f"{sheet.name}|{row_key(sheet, row)}|{column}"


def measures(sheet: Sheet) -> list[str]:
    return [c.key for c in sheet.columns if c.key not in sheet.key]


def parse_cell(raw: str, kind: str) -> Any:
    """A posted cell: None when empty, a number where it reads as one (thousands separators allowed), otherwise the
    text itself (``check_school`` then says it must be a number)."""
    text = raw.strip().replace(",", "").replace("，", "")
    if text == "":
        return None
    try:
        number = float(text)
    except ValueError:
        return raw.strip()
    return int(number) if kind in ("int", "year") and number.is_integer() else number


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def check_school(
    stages: Iterable[Row],
    grades: Iterable[Row],
    last_stages: Iterable[Row] = (),
    last_grades: Iterable[Row] = (),
    limits: Thresholds = DEFAULT,
) -> list[Finding]:
    """Every finding about one school's 学段 and 年级 rows, given last year's rows of the same school."""
    stages, grades = list(stages), list(grades)
    found: list[Finding] = []
    for sheet, rows in ((STAGES_SHEET, stages), (GRADES_SHEET, grades)):
        for row in rows:
            found += _cells(sheet, row)
    bad = {f.field for f in found}  # a field already wrong takes part in no comparison
    found += _totals(stages, grades, bad)
    found += _parts(stages, grades, bad)
    found += _class_sizes(stages, grades, bad, limits)
    found += _ratios(stages, bad, limits)
    found += _year_on_year(stages, grades, list(last_stages), list(last_grades), bad, limits)
    found += _cohorts(grades, list(last_grades), bad, limits)
    return found


def _cells(sheet: Sheet, row: Row) -> list[Finding]:
    found = []
    required = REQUIRED[sheet.name] if row.get("stage") != STAGE_WHOLE_SCHOOL else ()
    for column in measures(sheet):
        name, value, kind = field_name(sheet, row, column), row.get(column), sheet.column(column).type
        if value is None:
            if column in required:
                found.append(Finding(name, ERROR, "required", "必填"))
        elif _num(value) is None:
            what = "整数" if kind == "int" else "数字"
            found.append(Finding(name, ERROR, "number", f"应为{what}，现为“{value}”"))
        elif value < 0:
            found.append(Finding(name, ERROR, "negative", "不能为负数"))
        elif kind == "int" and not float(value).is_integer():
            found.append(Finding(name, ERROR, "number", f"应为整数，现为 {value}"))
    return found


def _value(sheet: Sheet, row: Row, column: str, bad: set[str]) -> float | None:
    return None if field_name(sheet, row, column) in bad else _num(row.get(column))


def _grades_of(grades: list[Row], stage: str) -> list[Row]:
    return [g for g in grades if g.get("stage") == stage]


def _totals(stages: list[Row], grades: list[Row], bad: set[str]) -> list[Finding]:
    """A 学段 row's pupils and classes equal the sums over its grades (checked once every number is there)."""
    found = []
    for row in stages:
        mine = _grades_of(grades, str(row.get("stage")))
        if not mine:
            continue
        for column, label in (("students", "在校生数"), ("classes", "班级数")):
            total = _value(STAGES_SHEET, row, column, bad)
            parts = [_value(GRADES_SHEET, g, column, bad) for g in mine]
            if total is None or any(p is None for p in parts):
                continue
            summed = sum(p for p in parts if p is not None)
            if total != summed:
                message = f"应等于各年级{label}之和 {_fmt(summed)}，现为 {_fmt(total)}"
                found.append(Finding(field_name(STAGES_SHEET, row, column), ERROR, "total", message))
    return found


def _is_part_of_teachers(column: str) -> bool:
    return column != "teachers" and (column.startswith("teachers_") or column.endswith("_teachers"))


def _parts(stages: list[Row], grades: list[Row], bad: set[str]) -> list[Finding]:
    """A kind of teacher (pupil) is never more than the teachers (pupils); a size band never more than the classes."""
    found = []
    checks = [(STAGES_SHEET, r, c, w) for r in stages for c in measures(STAGES_SHEET) for w in ("teachers",)]
    checks = [x for x in checks if _is_part_of_teachers(x[2])]
    checks += [(STAGES_SHEET, r, c, "students") for r in stages for c in ("migrant_students", "disabled_students")]
    checks += [(GRADES_SHEET, r, c, "classes") for r in grades for c in GRADE_BANDS]
    checks += [(GRADES_SHEET, r, "entrants", "students") for r in grades]
    for sheet, row, part, whole in checks:
        value, limit = _value(sheet, row, part, bad), _value(sheet, row, whole, bad)
        if value is not None and limit is not None and value > limit:
            label = sheet.column(whole).label
            message = f"不能多于{label}（{_fmt(limit)}），现为 {_fmt(value)}"
            found.append(Finding(field_name(sheet, row, part), ERROR, "part", message))
    return found


def _class_sizes(stages: list[Row], grades: list[Row], bad: set[str], limits: Thresholds) -> list[Finding]:
    """Pupils per class, on each grade (or on the 学段 row of a stage reported without grades)."""
    found = []
    rows = [(GRADES_SHEET, g) for g in grades]
    rows += [(STAGES_SHEET, s) for s in stages if not _grades_of(grades, str(s.get("stage")))]
    for sheet, row in rows:
        if row.get("stage") == STAGE_WHOLE_SCHOOL:
            continue
        students, classes = _value(sheet, row, "students", bad), _value(sheet, row, "classes", bad)
        if students is None or classes is None:
            continue
        name = field_name(sheet, row, "students")
        if classes == 0:
            if students > 0:
                found.append(Finding(field_name(sheet, row, "classes"), ERROR, "class_size", "有学生时班级数不能为 0"))
            continue
        size = students / classes
        if size > limits.class_size_error:
            message = (
                f"平均每班 {_fmt(size)} 人（{_fmt(students)} 人 ÷ {_fmt(classes)} 班），"
                f"超过 {limits.class_size_error} 人，不可能：请检查在校生数和班级数"
            )
            found.append(Finding(name, ERROR, "class_size", message))
        elif size > limits.class_size_warn:
            message = (
                f"平均每班 {_fmt(size)} 人，超过 {limits.class_size_warn} 人（超大班额）：请核实，如属实请填写原因"
            )
            found.append(Finding(name, WARNING, "class_size", message))
    return found


def _ratios(stages: list[Row], bad: set[str], limits: Thresholds) -> list[Finding]:
    found = []
    for row in stages:
        if row.get("stage") == STAGE_WHOLE_SCHOOL:
            continue
        students, teachers = _value(STAGES_SHEET, row, "students", bad), _value(STAGES_SHEET, row, "teachers", bad)
        if students is None or teachers is None or students == 0:
            continue
        name = field_name(STAGES_SHEET, row, "teachers")
        if teachers == 0:
            found.append(Finding(name, ERROR, "ratio", "有学生时专任教师数不能为 0"))
            continue
        ratio = students / teachers
        if not limits.ratio_low <= ratio <= limits.ratio_high:
            message = (
                f"生师比 {ratio:,.1f}:1，不在 {limits.ratio_low:g}–{limits.ratio_high:g} 之间："
                "请核实在校生数和专任教师数，如属实请填写原因"
            )
            found.append(Finding(name, WARNING, "ratio", message))
    return found


def _index(sheet: Sheet, rows: list[Row]) -> dict[str, Row]:
    return {row_key(sheet, r): r for r in rows}


def _year_on_year(
    stages: list[Row],
    grades: list[Row],
    last_stages: list[Row],
    last_grades: list[Row],
    bad: set[str],
    limits: Thresholds,
) -> list[Finding]:
    found = []
    for sheet, rows, last in ((STAGES_SHEET, stages, last_stages), (GRADES_SHEET, grades, last_grades)):
        before = _index(sheet, last)
        for row in rows:
            previous = before.get(row_key(sheet, row))
            if previous is None:
                continue
            for column in YEAR_ON_YEAR[sheet.name]:
                now, then = _value(sheet, row, column, bad), _num(previous.get(column))
                if now is None or then is None or then < limits.change_floor:
                    continue
                name = field_name(sheet, row, column)
                if now >= then * limits.change_factor or now * limits.change_factor <= then:
                    message = (
                        f"上一学年为 {_fmt(then)}，现为 {_fmt(now)}（{now / then:,.1f} 倍），不像真实变化："
                        "是否多输或少输了位数？"
                    )
                    found.append(Finding(name, ERROR, "change", message))
                elif abs(now / then - 1) > limits.change_share:
                    direction = "增加" if now > then else "减少"
                    message = (
                        f"比上一学年的 {_fmt(then)} {direction} {abs(now / then - 1):.0%}"
                        f"（超过 {limits.change_share:.0%}）：请核实，如属实请填写原因"
                    )
                    found.append(Finding(name, WARNING, "change", message))
    return found


def _cohorts(grades: list[Row], last_grades: list[Row], bad: set[str], limits: Thresholds) -> list[Finding]:
    """Grade g this year holds last year's grade g-1 moved up: it cannot be much larger than that cohort."""
    found = []
    before = _index(GRADES_SHEET, last_grades)
    for row in grades:
        order = GRADES_BY_STAGE.get(str(row.get("stage")), ())
        grade = str(row.get("grade"))
        if grade not in order or order.index(grade) == 0:
            continue
        lower = order[order.index(grade) - 1]
        previous = before.get(f"{row.get('stage')}/{lower}")
        now = _value(GRADES_SHEET, row, "students", bad)
        then = _num(previous.get("students")) if previous is not None else None
        if now is None or then is None:
            continue
        most = then * (1 + limits.cohort_share) + limits.cohort_slack
        if now > most:
            message = (
                f"上一学年{_grade_label(lower)}只有 {_fmt(then)} 人，升入本年级最多约 {_fmt(most)} 人，现为 {_fmt(now)}："
                "请核实，如有大量转入请填写原因"
            )
            found.append(Finding(field_name(GRADES_SHEET, row, "students"), WARNING, "cohort", message))
    return found


def _grade_label(grade: str) -> str:
    return f"{grade}年级" if grade.isdigit() else grade


def blocking(findings: Iterable[Finding], reasons: Mapping[str, str]) -> list[Finding]:
    """The findings that stop a submission: every error, and each warning without a reason given on its field."""
    return [f for f in findings if f.level == ERROR or not reasons.get(f.field, "").strip()]
