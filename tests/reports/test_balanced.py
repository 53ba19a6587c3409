"""The 优质均衡 report on the hand-built county of tests/core/qb_county.py: the PDF and the workbook show the
result's numbers, failing schools with their additions, and the UNCONFIRMED notes."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest

from eduplan.core.manual_items import ItemRecord
from eduplan.core.quality_balance import assess_quality_balance
from eduplan.reports import balanced
from eduplan.reports.meta import ReportMeta
from eduplan.reports.pdf import render_pdf
from eduplan.reports.xlsx import render_xlsx
from tests.core.qb_county import COUNTY, county

from .pdftools import compact, lines_with, missing_glyphs, numbers, pdf_text, save_pages

META = ReportMeta(COUNTY, "测试县", 2023, "2023学年普查 第2版", generated_on=date(2024, 3, 1), run="评估记录 #5")


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    schools, stages = county()
    manual = {"recognition": ItemRecord(value=88.5, evidence="问卷1200份")}
    return assess_quality_balance(schools, stages, region=COUNTY, year=2023, manual=manual).as_dict()


@pytest.fixture(scope="module")
def text(result: dict[str, Any]) -> str:
    pdf = render_pdf(balanced.build(result, META))
    save_pages(pdf, "balanced-hand-built")
    return pdf_text(pdf)


def test_school_rows_show_each_value_rounded_and_the_count_met(text: str) -> None:
    # School C (qb_county): every indicator at its threshold but sports 6300 ㎡ / 1000 = 6.300 (84%): 6 met, fails.
    # C is also named in the gap and CV-lever tables further on: read the school table only.
    table = text.split("小学学校指标达标情况")[1].split("初中资源配置")[0]
    [line] = lines_with(table, "学校C")
    assert numbers(line.split("学校C", 1)[1]) == [
        "1000",
        "4.200",
        "1.000",
        "0.900",
        "4.500",
        "6.300",
        "2000.00",
        "2.300",
        "6",
    ]
    assert line.rstrip().endswith("未达标")


def test_a_failing_school_is_listed_with_the_additions_that_make_it_pass(text: str) -> None:
    # C needs 6.375 ㎡ per pupil (85% of 7.5): 6375 − 6300 = 75 ㎡. D needs 7 qualified teachers (35 → 42; 5.3 ≥
    # 4.2) or the 85% route; the cheapest plan is in the result, and the report prints it as is.
    assert "生均体育场馆+75㎡" in compact(text.split("未达标学校及达标差距")[1])


def test_the_verdict_and_the_hand_recorded_item_are_shown(text: str, result: dict[str, Any]) -> None:
    assert f"总体结论：{result['verdict']}" in compact(text)
    [line] = lines_with(text, "社会认可度达到85%以上")
    assert "达到" in line and "88.5" in line


def test_the_method_notes_carry_every_unconfirmed_line_of_the_standard(text: str, result: dict[str, Any]) -> None:
    notes = compact(text.split("方法说明")[-1])
    for line in result["unconfirmed"]:
        assert compact(line) in notes
    assert "\ufffd" not in text and missing_glyphs(text) == set()


def test_workbook_cv_sheet_and_gap_sheet_hold_the_results_numbers(result: dict[str, Any]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(balanced.build(result, META))))
    primary = result["stages"]["小学"]
    cvs = {r[0]: r for r in book["小学差异系数"].iter_rows(min_row=2, values_only=True)}
    assert cvs["生均体育运动场馆面积"][4] == pytest.approx(primary["cv"]["sports_area_per_student"], rel=1e-15)
    gaps = [r for r in book["达标差距"].iter_rows(min_row=2, values_only=True) if r[1] == "C"]
    assert [(r[4], r[6], r[7], r[9]) for r in gaps] == [("生均体育运动场馆面积", 75, "㎡", "达到标准值的85%")]
