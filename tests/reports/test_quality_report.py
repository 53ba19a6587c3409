"""The quality and monthly 控辍保学 reports hold the numbers of their JSON: the workbook unrounded, the PDF to two
decimals (the hand-made county of tests/core/quality_county.py and the March cases of tests/core/test_attendance.py)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import ibis
import openpyxl

from eduplan.core.attendance import monthly_report
from eduplan.core.quality import assess_quality
from eduplan.reports.meta import ReportMeta
from eduplan.reports.pdf import render_pdf
from eduplan.reports.quality import build_attendance, build_quality
from eduplan.reports.xlsx import render_xlsx
from tests.core import quality_county as hc
from tests.core.test_attendance import _cases

from .pdftools import lines_with, numbers, pdf_text

META = ReportMeta("441802", "清城区", 2023, "测试", generated_on=date(2024, 4, 1))


def _quality() -> dict[str, Any]:
    result = assess_quality(
        ibis.memtable(hc.scores()), hc.schools(), region_code=hc.COUNTY, year=2023, grade="8", subject="数学"
    ).as_dict()
    return result | {"cut_source": "默认", "region_name": "清城区"}


def test_quality_workbook_and_pdf_hold_the_json_numbers() -> None:
    result = _quality()
    doc = build_quality(result, META)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))
    rows = {r[0]: r for r in book["学校"].iter_rows(values_only=True) if r and r[0] in ("R1", "R2", "U1")}
    for s in result["schools"]:
        if s["school_code"] in rows:
            assert rows[s["school_code"]][6] == s["mean"]
            assert rows[s["school_code"]][9] == s["gap_rate"]  # unrounded: 17.721518…
    text = pdf_text(render_pdf(doc))
    [r1] = lines_with(text.split("各校学业水平")[-1], "R1")
    r1_json = next(s for s in result["schools"] if s["school_code"] == "R1")
    expected = [str(r1_json["students"]), str(r1_json["absent"])]
    expected += [f"{r1_json[k]:.2f}" for k in ("mean", "pass_rate", "excellent_rate", "gap_rate")]
    assert numbers(r1.split("R1", 1)[1]) == expected == ["5", "1", "65.00", "80.00", "0.00", "17.72"]


def test_the_monthly_report_prints_suppressed_cells_as_less_than_five() -> None:
    report = monthly_report(_cases(), "2024-03", school_names={"A": "甲校", "B": "乙校"}, town_names={}, suppress=True)
    retention = {"county": None, "schools": [], "missing": ["九年义务教育：缺少普查数据"]}
    doc = build_attendance(report, retention, META)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))
    total = next(r for r in book["汇总"].iter_rows(values_only=True) if r and r[1] == "合计")
    assert total[2:7] == ("<5", "<5", "<5", "<5", "<5")  # open 4, new 4, returned 1, lawful 1, overdue 2
    funnel = {r[0]: r[1] for r in book["进展"].iter_rows(values_only=True) if r and r[0] in ("报告", "家访")}
    assert funnel == {"报告": 6, "家访": 4}
