"""积分入学 reports: the workbook and the PDF carry the run's JSON numbers."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from eduplan.reports.admission import notice, render, summary
from tests.core.test_admission import _toy_run
from tests.reports.pdftools import compact, pdf_text

TODAY = dt.date(2025, 7, 2)


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return _toy_run().as_dict()  # type: ignore[attr-defined, no-any-return]


def test_the_notice_workbook_holds_the_json_numbers(result: dict[str, Any]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render("notice", "xlsx", result, "花都区", 2025, TODAY)))
    sheet = book["各校结果"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    by_code = {r["学校标识码"]: r for r in rows if r["学校标识码"]}
    for school in result["schools"]:
        row = by_code[school["school_code"]]
        assert (row["学位"], row["录取"], row["志愿已满未录取"]) == (
            school["seats"],
            school["filled"],
            school["turned_away"],
        )
    # fewer than 5 admitted by 志愿 everywhere in the toy: no lowest points is published
    assert {r["最低录取积分"] for r in by_code.values()} == {None}


def test_the_summary_pdf_states_the_district_shares(result: dict[str, Any]) -> None:
    text = compact(pdf_text(render("summary", "pdf", result, "花都区", 2025, TODAY)))
    district = result["district"]
    assert f"公办学位占比（本次申请）{district['share_public']}%" in text  # 50.0%
    assert f"公办+购买学位占比（本次申请）{district['share_public_purchased']}%" in text  # 83.33%
    assert "未经证实" in text  # the toy rubric's rows are all U


def test_documents_name_the_run(result: dict[str, Any]) -> None:
    doc = notice(result, "花都区", 2025, TODAY)
    assert ("随机种子", "7") in doc.cover
    assert summary(result, "花都区", 2025, TODAY).title == "花都区2025年积分入学全区汇总"
