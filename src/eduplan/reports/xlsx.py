"""A :class:`Document` as an Excel workbook: a 说明 sheet (cover, verdict, notes), then one sheet per table.

Headers are the Chinese column labels, frozen with an auto-filter; numbers stay numbers with a number format that
shows the same decimals as the PDF; verdicts are the words 达标/未达标/待定. The file's dates come from the document,
so the same document gives the same bytes.
"""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import datetime
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from eduplan.ingest.formula_guard import neutralise
from eduplan.reports.document import VERDICT_WORDS, Column, Document, Table, Tone, cell_tone

MAX_SHEET_NAME = 31
MAX_WIDTH = 60
TONE_COLOURS = {"pass": "#1B5E20", "fail": "#C00000", "pending": "#E65100"}


def sheet_names(tables: list[Table]) -> list[str]:
    """Each table's sheet name made legal for Excel (no []:*?/\\, at most 31 characters) and unique."""
    names: list[str] = []
    for t in tables:
        base = re.sub(r"[\[\]:*?/\\]", "_", t.sheet)[:MAX_SHEET_NAME] or "表"
        name, n = base, 2
        while name in names or name == "说明":
            suffix = f"_{n}"
            name, n = base[: MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
        names.append(name)
    return names


def text_width(text: str) -> int:
    """Columns a text takes in Excel: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def number_format(column: Column) -> str:
    if column.kind == "int":
        return "0"
    if column.kind == "float":
        return "0." + "0" * column.decimals if column.decimals else "0"
    if column.kind == "number":
        return "General"
    if column.kind == "percent":
        return "0." + "0" * column.decimals + "%" if column.decimals else "0%"
    return "@"


def cell_value(column: Column, value: object) -> Any:
    """What goes into the cell: numbers as numbers, verdicts as words, None as an empty cell."""
    if value is None or value == "":
        return None
    if column.kind == "verdict" and isinstance(value, bool):
        return VERDICT_WORDS[value]
    if column.numeric and isinstance(value, bool | int | float):
        return value
    return neutralise(str(value))


def _cover_sheet(book: Workbook, doc: Document, bold: Any, wrap: Any) -> None:
    ws = book.add_worksheet("说明")
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 90, wrap)
    ws.write_string(0, 0, neutralise(doc.title), bold)
    ws.write_string(1, 0, neutralise(doc.subtitle))
    row = 3
    for label, value in (("编制单位", doc.issuer), *doc.cover):
        ws.write_string(row, 0, neutralise(label), bold)
        ws.write_string(row, 1, neutralise(value))
        row += 1
    if doc.verdict is not None:
        ws.write_string(row, 0, "总体结论", bold)
        ws.write_string(
            row, 1, neutralise(doc.verdict.label + (f"：{doc.verdict.detail}" if doc.verdict.detail else ""))
        )
        row += 1
    row += 1
    for i, note in enumerate(doc.notes, start=1):
        ws.write_string(row, 0, "方法说明" if i == 1 else "", bold)
        ws.write_string(row, 1, f"{i}. {note}")
        row += 1


class Formats:
    """The workbook's cell formats, made once per (number format, tone): Excel caps how many a file may hold."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.made: dict[tuple[str, Tone], Any] = {}

    def get(self, num_format: str, tone: Tone) -> Any:
        if (num_format, tone) not in self.made:
            spec: dict[str, Any] = {"num_format": num_format}
            if tone in TONE_COLOURS:
                spec["font_color"] = TONE_COLOURS[tone]
            self.made[num_format, tone] = self.book.add_format(spec)
        return self.made[num_format, tone]


def _table_sheet(book: Workbook, name: str, table: Table, header: Any, formats: Formats) -> Worksheet:
    ws = book.add_worksheet(name)
    for j, col in enumerate(table.columns):
        ws.write_string(0, j, neutralise(col.label), header)
    for i, row in enumerate(table.rows, start=1):
        for j, col in enumerate(table.columns):
            value = cell_value(col, row.get(col.key))
            fmt = formats.get(number_format(col), cell_tone(col, row))
            if value is None:
                ws.write_blank(i, j, None, fmt)
            elif isinstance(value, str):
                ws.write_string(i, j, value, fmt)
            else:
                ws.write_number(i, j, float(value), fmt)
    for j, col in enumerate(table.columns):
        values = [str(row.get(col.key, "")) for row in table.rows[:200]]
        width = col.width or min(MAX_WIDTH, max(text_width(v) for v in [col.label, *values]) + 2)
        ws.set_column(j, j, width)
    ws.freeze_panes(1, 0)
    if table.rows:
        ws.autofilter(0, 0, len(table.rows), len(table.columns) - 1)
    return ws


def render_xlsx(doc: Document) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    created = datetime(doc.generated_on.year, doc.generated_on.month, doc.generated_on.day)
    book.set_properties({"title": doc.title, "subject": doc.subtitle, "author": doc.issuer, "created": created})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    header = book.add_format({"bold": True, "bg_color": "#E8ECEF", "border": 1, "text_wrap": True, "valign": "vcenter"})
    tables = doc.tables()
    formats = Formats(book)
    _cover_sheet(book, doc, bold, wrap)
    for name, table in zip(sheet_names(tables), tables, strict=True):
        _table_sheet(book, name, table, header, formats)
    book.close()
    return buffer.getvalue()
