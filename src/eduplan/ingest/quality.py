"""Published monitoring results (国家义务教育质量监测, 省级监测, 区域抽测 reports) from a workbook.

One row per school or county, programme, subject and grade, as the report publishes it. Every problem is
located (file, sheet, cell, expected, found); a file with any error yields nothing (docs/quality.md).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eduplan.errors import IngestError, Problem
from eduplan.ingest.cell_text import cell_text
from eduplan.ingest.census_reader import column_letters
from eduplan.ingest.scores import normalise_grade, normalise_school_year
from eduplan.ingest.workbook import open_workbook

SHEET = "监测结果"
LEVELS = ("学校", "县区")
# key, header, required, kind
COLUMNS: tuple[tuple[str, str, bool, str], ...] = (
    ("level", "层级", True, "level"),
    ("code", "代码", True, "code"),
    ("year", "学年", True, "year"),
    ("programme", "监测项目", True, "text"),
    ("subject", "学科", True, "text"),
    ("grade", "年级", True, "grade"),
    ("mean", "平均分", False, "score"),
    ("pass_rate", "达标率", False, "rate"),
    ("excellent_rate", "优秀率", False, "rate"),
    ("province_mean", "全省平均分", False, "score"),
    ("province_pass_rate", "全省达标率", False, "rate"),
    ("province_excellent_rate", "全省优秀率", False, "rate"),
    ("nation_mean", "全国平均分", False, "score"),
    ("nation_pass_rate", "全国达标率", False, "rate"),
    ("nation_excellent_rate", "全国优秀率", False, "rate"),
)
FIGURES = ("mean", "pass_rate", "excellent_rate")
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class MonitoringFile:
    rows: list[dict[str, Any]]
    sheet: str


def _read(path: Path) -> tuple[list[list[str]], str]:
    book = open_workbook(path, "quality")
    names = book.sheet_names
    if SHEET not in names and len(names) > 1:
        raise IngestError(
            [Problem(path.name, "工作簿有多个工作表", expected=f"名为“{SHEET}”的工作表", found="、".join(names))]
        )
    sheet = SHEET if SHEET in names else names[0]
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return [[cell_text(v) for v in row] for row in rows], sheet


def _value(kind: str, raw: str, codes: Collection[str]) -> tuple[Any, str]:
    """The cell's value, or None and what was expected."""
    if kind == "level":
        return (raw, "") if raw in LEVELS else (None, "学校 或 县区")
    if kind == "year":
        year = normalise_school_year(raw)
        return (year, "") if year is not None else (None, "学年起始年份，如 2023")
    if kind == "grade":
        grade = normalise_grade(raw)
        return (grade, "") if grade is not None else (None, "1–12，或 七年级、初一")
    if kind in ("score", "rate"):
        if raw == "":
            return None, ""
        try:
            number = float(raw.removesuffix("%"))
        except ValueError:
            return None, "数字"
        if number < 0 or (kind == "rate" and number > 100):
            return None, "0–100 的百分数" if kind == "rate" else "不小于 0 的分数"
        return number, ""
    return raw, ""


def read_monitoring(path: Path, school_codes: Collection[str], region_codes: Collection[str]) -> MonitoringFile:
    """Read and check the workbook; codes must be schools of the registry or regions of the store."""
    cells, sheet = _read(path)
    problems: list[Problem] = []
    if not cells:
        raise IngestError([Problem(path.name, "工作表为空", sheet, 1, expected="第 1 行为表头")])
    header = {h: i for i, h in enumerate(cells[0]) if h}
    for key, label, required, _ in COLUMNS:
        if required and label not in header and key not in header:
            problems.append(Problem(path.name, f"缺少必填列“{label}”", sheet, 1, column_key=key))
    if problems:
        raise IngestError(problems)
    position = {key: header.get(label, header.get(key)) for key, label, _, _ in COLUMNS}
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    total = 0

    def flag(row: int, key: str, message: str, expected: str = "", found: str = "") -> None:
        nonlocal total
        total += 1
        column = position[key]
        letters = column_letters(column) if column is not None else ""
        problems.append(Problem(path.name, message, sheet, row, letters, key, expected, found or "（空白）"))

    for index, raw_row in enumerate(cells[1:], start=2):
        if not any(raw_row):
            continue
        record: dict[str, Any] = {"row": index}
        for key, label, required, kind in COLUMNS:
            column = position[key]
            raw = raw_row[column] if column is not None and column < len(raw_row) else ""
            if raw == "":
                if required:
                    flag(index, key, f"“{label}”不能为空", expected=label)
                record[key] = None
                continue
            value, expected = _value(kind, raw, ())
            if value is None:
                flag(index, key, f"“{label}”无法识别", expected, raw)
            record[key] = value
        if all(record.get(k) is None for k in FIGURES) and not any(p.row == index for p in problems):
            flag(index, "mean", "平均分、达标率、优秀率至少填一项", expected="数字")
        code, level = record.get("code"), record.get("level")
        if code is not None and level == "学校" and code not in school_codes:
            flag(
                index, "code", "学校标识码不在本区域的学校名录中", expected="名录中的 10 位学校标识码", found=str(code)
            )
        if code is not None and level == "县区" and code not in region_codes:
            flag(index, "code", "区划代码不在本区域内", expected="本区域的区划代码", found=str(code))
        identity = tuple(record.get(k) for k in ("level", "code", "year", "programme", "subject", "grade"))
        if None not in identity:
            first = seen.setdefault(identity, index)
            if first != index:
                flag(
                    index, "code", f"与第 {first} 行重复（同一层级、代码、学年、监测项目、学科和年级）", found=str(code)
                )
        rows.append(record)
    if problems:
        shown = sorted(problems, key=lambda p: (p.row or 0, p.column))[:MAX_PROBLEMS]
        raise IngestError(shown, total=total)
    if not rows:
        raise IngestError([Problem(path.name, "没有数据行", sheet, 2)])
    return MonitoringFile(rows, sheet)
