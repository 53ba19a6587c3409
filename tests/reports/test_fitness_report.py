"""The 学生体质健康状况 report of the hand world (tests/store/test_fitness.py): the workbook's cells and the PDF's
rows hold the numbers of ``store.fitness.assess_fitness`` (the CLI's --json)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from eduplan.reports import fitness as report
from eduplan.reports.meta import ReportMeta
from eduplan.reports.pdf import render_pdf
from eduplan.reports.xlsx import render_xlsx
from eduplan.store import fitness as sf
from tests.conftest import World
from tests.store.test_fitness import ROWS, fixed_key, upload

from .pdftools import lines_with, numbers, pdf_text

__all__ = ["fixed_key"]


@pytest.fixture
def result(world: World, tmp_path: Path) -> Any:
    upload(tmp_path, ROWS, world.open_school)
    upload(tmp_path, [r.replace("G", "H") for r in ROWS], world.moved_school)
    return sf.assess_fitness(world.county, 2023, root=tmp_path / "fitness")


def _sheet(book: Any, title: str) -> list[tuple[Any, ...]]:
    sheet = next(s for s in book.worksheets if s.title == title)
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_workbook_and_pdf_hold_the_json_numbers(result: Any) -> None:
    doc = report.build(result, ReportMeta("441802", "清城区", 2023, "2023学年体测成绩", generated_on=date(2024, 3, 1)))
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))
    rows = _sheet(book, "分学校")
    header = next(r for r in rows if r and "学校代码" in r)
    for school in result["schools"]:
        line = next(r for r in rows if r and school["school_code"] in r)
        cells = dict(zip(header, line, strict=False))
        for label, key in (("合格率（%）", "pass_rate"), ("优良率（%）", "good_rate"), ("近视率（%）", "myopia_rate")):
            assert cells[label] == pytest.approx(school[key], rel=1e-14), label  # the workbook keeps 15 digits
        assert cells["计分人数"] == school["scored"]
    # both schools: 6 scored each, 5 at 100.0 → 83.33%
    assert [s["pass_rate"] for s in result["schools"]] == [pytest.approx(500 / 6)] * 2
    text = pdf_text(render_pdf(doc))
    table = text.split("分学校体质健康状况")[-1]
    for school in result["schools"]:
        [line] = lines_with(table, school["school_code"])
        assert f"{school['pass_rate']:.2f}" in numbers(line)
    assert "教体艺〔2014〕5号" in text.replace(" ", "") and "初一至初三" in text.replace("\n", "")
