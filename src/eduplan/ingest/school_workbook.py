"""One school's own workbook for the yearly collection (docs/collection.md): the census template's 学段 and 年级
sheets restricted to that school, written for the clerk to fill in and read back as the collection form's fields.

Reading checks only the workbook's shape (its sheets and headers through the census reader, each row being the
school's own and one of its rows); the values go as typed into the clerk's draft, where the collection's plausibility
checks (core.collection) judge them like values typed into the form. Each field keeps its cell (``年级!D5``) so a
finding can be shown on the cell as well as on the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd
import xlsxwriter

from eduplan.contract import GRADES_SHEET, STAGES_SHEET
from eduplan.core.collection import field_name, measures, row_key
from eduplan.errors import IngestError, Problem
from eduplan.ingest.census_cells import clean_text, show
from eduplan.ingest.census_export import _write_sheet
from eduplan.ingest.census_reader import RawSheet, read_census

SHEETS = (STAGES_SHEET, GRADES_SHEET)


@dataclass
class SchoolWorkbook:
    """The fields read from a school's workbook, as the collection form posts them, and the cell of each."""

    posted: dict[str, str] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # field name → 年级!D5


def write_school_workbook(code: str, data: dict[str, list[dict[str, Any]]], out: Path | IO[bytes]) -> None:
    """The school's 学段 and 年级 rows (its form's rows: draft, live or last year's with blank values)."""
    book = xlsxwriter.Workbook(out, {"strings_to_numbers": False, "strings_to_formulas": False, "in_memory": True})
    book.set_properties({"title": f"{code} 学校普查数据填报", "author": "eduplan"})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = book.add_format({"num_format": "@"})
    for sheet in SHEETS:
        rows = [{**r, "school_code": code} for r in data.get(sheet.name, [])]
        _write_sheet(book, sheet, pd.DataFrame(rows, columns=list(sheet.keys)), header, text)
    book.close()


def read_school_workbook(path: Path, code: str, data: dict[str, list[dict[str, Any]]]) -> SchoolWorkbook:
    """The workbook's values as form fields. ``data`` holds the school's rows the form knows (form_rows): a row of
    the workbook must be one of them. Raises IngestError with every located problem of the workbook's shape."""
    raw = read_census(path)
    names = {s.name for s in SHEETS}
    problems = [p for p in raw.problems if p.sheet in names or not p.sheet]
    result = SchoolWorkbook()
    for sheet in SHEETS:
        found = raw.sheets.get(sheet.name)
        if found is None or found.broken:
            continue
        known = {row_key(sheet, r) for r in data.get(sheet.name, [])}
        problems += _read_rows(found, code, known, result)
    if problems:
        raise IngestError(problems)
    return result


def _read_rows(raw: RawSheet, code: str, known: set[str], result: SchoolWorkbook) -> list[Problem]:
    sheet, problems, seen = raw.sheet, [], set()
    for excel_row, values in raw.rows:

        def cell(key: str, values: list[Any] = values) -> Any:
            index = raw.columns.get(key)
            return values[index] if index is not None and index < len(values) else None

        def problem(key: str, message: str, expected: str, found: Any, row: int = excel_row) -> Problem:
            return Problem(
                raw.file, message, sheet.name, row, raw.letter(key), key, expected=expected, found=show(found)
            )

        school = clean_text(show(cell("school_code"))) if cell("school_code") is not None else ""
        if school != code:
            problems.append(problem("school_code", "不是本校的行：本工作簿只填写本校的数据", code, school or "空"))
            continue
        row = {k: clean_text(show(cell(k))) if cell(k) is not None else "" for k in sheet.key}
        key = row_key(sheet, row)
        label = key.replace("/", " ")
        if key not in known:
            expected = "下载的工作簿中本校的行"
            problems.append(problem(sheet.key[1], f"本校本学年没有“{label}”这一行", expected, label))
            continue
        if key in seen:
            problems.append(problem(sheet.key[1], f"“{label}”这一行重复", "每行只出现一次", label))
            continue
        seen.add(key)
        for column in measures(sheet):
            if column not in raw.columns:
                continue
            name = field_name(sheet, row, column)
            value = cell(column)
            result.posted[name] = "" if value is None else show(value)
            result.cells[name] = f"{sheet.name}!{raw.letter(column)}{excel_row}"
    return problems
