"""The clerk's census form as the template shows it: each field with its value, its findings and its reason.

The 学段 rows are shown turned (one line per measure, one column per stage) so that a message fits under its field;
the 年级 rows one line per grade. Field names are core.collection's (``学段|小学|students``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eduplan.contract import GRADES_SHEET, STAGES_SHEET
from eduplan.core.collection import Finding, field_name, measures, row_key


@dataclass
class Cell:
    name: str
    label: str  # the field in words, for the input's aria-label: 小学 在校生数, 小学 1年级 班级数
    value: Any
    findings: list[Finding] = field(default_factory=list)
    reason: str = ""

    @property
    def level(self) -> str:
        levels = {f.level for f in self.findings}
        return "error" if "error" in levels else "warning" if levels else ""

    @property
    def shown(self) -> Any:
        """The value as typed: 4320 rather than the stored 4320.0."""
        if isinstance(self.value, float) and self.value.is_integer():
            return int(self.value)
        return self.value

    @property
    def dom_id(self) -> str:
        return "f-" + self.name.replace("|", "-").replace("/", "-")


@dataclass
class Section:
    title: str
    corner: str  # the heading of the first column
    columns: list[str]
    lines: list[tuple[str, list[Cell]]]


def _grade(row: dict[str, Any]) -> str:
    grade = str(row.get("grade", ""))
    return f"{row.get('stage')} {grade}年级" if grade.isdigit() else f"{row.get('stage')} {grade}"


def form_sections(
    data: dict[str, list[dict[str, Any]]], findings: list[Finding], reasons: dict[str, str]
) -> list[Section]:
    by_field: dict[str, list[Finding]] = {}
    for finding in findings:
        by_field.setdefault(finding.field, []).append(finding)

    def cell(sheet: Any, row: dict[str, Any], column: str, label: str) -> Cell:
        name = field_name(sheet, row, column)
        return Cell(name, label, row.get(column), by_field.get(name, []), reasons.get(name, ""))

    stages = data.get(STAGES_SHEET.name, [])
    stage_lines = [
        (
            STAGES_SHEET.column(c).label,
            [cell(STAGES_SHEET, r, c, f"{r.get('stage')} {STAGES_SHEET.column(c).label}") for r in stages],
        )
        for c in measures(STAGES_SHEET)
    ]
    grades = data.get(GRADES_SHEET.name, [])
    grade_lines = [
        (
            _grade(r),
            [cell(GRADES_SHEET, r, c, f"{_grade(r)} {GRADES_SHEET.column(c).label}") for c in measures(GRADES_SHEET)],
        )
        for r in grades
    ]
    return [
        Section(STAGES_SHEET.name, "指标", [row_key(STAGES_SHEET, r) for r in stages], stage_lines if stages else []),
        Section(GRADES_SHEET.name, "年级", [GRADES_SHEET.column(c).label for c in measures(GRADES_SHEET)], grade_lines),
    ]


def changes(live: dict[str, list[dict[str, Any]]], draft: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Each field whose submitted value differs from the live one, in words (for the office's review)."""
    out = []
    for sheet in (STAGES_SHEET, GRADES_SHEET):
        before = {row_key(sheet, r): r for r in live.get(sheet.name, [])}
        for row in draft.get(sheet.name, []):
            old = before.get(row_key(sheet, row), {})
            where = row_key(sheet, row).replace("/", " ")
            for column in measures(sheet):
                if row.get(column) != old.get(column):
                    out.append(
                        {
                            "field": field_name(sheet, row, column),
                            "label": f"{sheet.name} · {where} · {sheet.column(column).label}",
                            "live": old.get(column),
                            "submitted": row.get(column),
                        }
                    )
    return out
