"""The clerk's census form as the template shows it: each field with its value, its findings and its reason.

The 学段 rows are shown turned (one line per measure, one column per stage) so that a message fits under its field;
the 年级 rows one line per grade. Field names are core.collection's (``学段|小学|students``).
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eduplan.contract import GRADES_SHEET, STAGES_SHEET
from eduplan.core.collection import Finding, field_name, measures, row_key
from eduplan.errors import UsageError
from eduplan.ingest.file_limits import check_size, limits_for
from eduplan.ingest.school_workbook import SchoolWorkbook, read_school_workbook, write_school_workbook


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


def workbook_bytes(code: str, data: dict[str, list[dict[str, Any]]]) -> bytes:
    """The school's own workbook (学段 and 年级 of the census template, its rows only) to fill in."""
    buffer = io.BytesIO()
    write_school_workbook(code, data, buffer)
    return buffer.getvalue()


def read_workbook(upload: Any, code: str, data: dict[str, list[dict[str, Any]]]) -> SchoolWorkbook:
    """The uploaded workbook's values as the form's fields (IngestError with every located problem of its shape)."""
    name = Path(upload.name or "upload.xlsx").name
    check_size(name, upload.size or 0, limits_for("census"))
    if Path(name).suffix.lower() != ".xlsx":
        raise UsageError(f"文件 {name} 的类型不对：应为本校的填报工作簿（.xlsx）")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(upload.read())
        return read_school_workbook(path, code, data)


def cell_findings(findings: list[Finding], cells: dict[str, str], data: dict[str, list[dict[str, Any]]]) -> list[Any]:
    """The findings of fields read from a workbook, each with its cell, in the form's order."""
    labels = {c.name: c.label for s in form_sections(data, [], {}) for _, line in s.lines for c in line}
    return [
        {"cell": cells[f.field], "label": labels.get(f.field, f.field), "level": f.level, "message": f.message}
        for f in findings
        if f.field in cells
    ]
