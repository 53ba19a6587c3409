from __future__ import annotations

import io

import openpyxl
import pytest

from eduplan.reports.document import Table
from eduplan.reports.xlsx import render_xlsx, sheet_names, text_width

from .small_doc import COLUMNS, ROWS, small_document


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(small_document())))


def test_there_is_a_cover_sheet_then_one_sheet_per_table(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["说明", "学校指标", "空表", "明细"]


def test_the_cover_sheet_carries_the_verdict_and_the_method_notes(book: openpyxl.Workbook) -> None:
    cells = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True) if row[0]}
    assert cells["数据版本"] == "2023学年普查 第2版"
    assert cells["总体结论"] == "未通过：生均教学仪器设备值差异系数 0.538 超过 0.50。"
    assert cells["方法说明"] == "1. 未经证实（UNCONFIRMED）差异系数按学生数加权"


def test_headers_are_chinese_and_frozen_with_a_filter(book: openpyxl.Workbook) -> None:
    ws = book["学校指标"]
    assert [c.value for c in ws[1]] == ["学校代码", "学校名称", "在校生", "生均体育场馆（㎡）", "达标比例", "结论"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:F{len(ROWS) + 1}"


def test_numbers_stay_numbers_with_the_decimals_of_the_pdf(book: openpyxl.Workbook) -> None:
    ws = book["学校指标"]
    first = [c for c in ws[2]]
    # xlsxwriter writes 16 significant digits (Excel shows 15), hence approx on the ratio's last digit.
    assert [c.value for c in first] == ["4418020000", "第0小学", 1000, 7.6, pytest.approx(7.6 / 7.5, rel=1e-15), "达标"]
    assert (first[2].number_format, first[3].number_format, first[4].number_format) == ("0", "0.000", "0.0%")
    row = ROWS[37]
    assert ws.cell(39, 4).value == pytest.approx(row["area"], rel=1e-15)  # the format only rounds the display


def test_failing_values_are_red(book: openpyxl.Workbook) -> None:
    ws = book["学校指标"]
    failing = 9  # the first school under 7.5 ㎡ (small_doc.py)
    assert not ROWS[failing]["met"] and ROWS[failing - 1]["met"]
    assert ws.cell(failing + 2, 4).font.color.rgb == "FFC00000"
    assert ws.cell(failing + 2, 6).value == "未达标"


def test_the_same_document_gives_the_same_bytes() -> None:
    assert render_xlsx(small_document()) == render_xlsx(small_document())


def test_sheet_names_are_made_legal_and_unique() -> None:
    tables = [Table(name, name, COLUMNS, []) for name in ("小学/初中[对比]", "小学/初中[对比]", "说明", "很" * 40)]
    assert sheet_names(tables) == ["小学_初中_对比_", "小学_初中_对比__2", "说明_2", "很" * 31]


def test_a_chinese_character_counts_two_columns_of_width() -> None:
    assert text_width("学校code") == 8
