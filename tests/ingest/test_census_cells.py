"""The tolerance of one census cell: what a person would accept, and nothing more."""

from __future__ import annotations

import datetime as dt

import pytest

from eduplan.contract import POPULATION_SHEET, SCHOOLS, STAGES_SHEET
from eduplan.ingest.census_cells import CellError, parse_cell
from eduplan.ingest.census_parse import parse_column

STUDENTS = STAGES_SHEET.column("students")
AREA = STAGES_SHEET.column("building_area")
SCHOOL_CODE = SCHOOLS.column("school_code")
REGION_CODE = SCHOOLS.column("region_code")
SPONSOR = SCHOOLS.column("sponsor")
INCLUSIVE = SCHOOLS.column("inclusive")


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (600.0, 600),
        ("600", 600),
        (" 600 ", 600),
        ("１２３", 123),
        ("1,200", 1200),
        ("12,345,678", 12345678),
        ("１，２００", 1200),
        ("\u3000600\xa0", 600),
        ("600.0", 600),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_a_head_count_is_read_with_a_persons_tolerance(cell, value):
    assert parse_cell(cell, STUDENTS) == value


@pytest.mark.parametrize(
    ("cell", "message", "found"),
    [
        ("六百", "不是数字", "六百"),
        ("600人", "不是数字", "600人"),
        ("6,00", "不是数字", "6,00"),
        ("1,2000", "不是数字", "1,2000"),
        (600.5, "人数、班数等必须是整数，不能有小数", "600.5"),
        ("-3", "不能为负数", "-3"),
        (dt.date(2022, 9, 1), "数字单元格里是日期或时间（单元格格式被设成了日期）", "日期 2022-09-01"),
        (dt.datetime(2022, 9, 1, 8, 30), "数字单元格里是日期或时间（单元格格式被设成了日期）", "日期 2022-09-01 08:30"),
        (True, "不是数字", "逻辑值 TRUE"),
        ("85%", "不是数字", "85%"),
        (1e20, "数字过大：超过 15 位（Excel 只保留 15 位有效数字）", "100000000000000000000"),
        ("1234567890123456", "数字过大：超过 15 位（Excel 只保留 15 位有效数字）", "1234567890123456"),
    ],
)
def test_anything_else_in_a_head_count_is_an_error_that_says_what_was_found(cell, message, found):
    with pytest.raises(CellError) as caught:
        parse_cell(cell, STUDENTS)
    assert (caught.value.message, caught.value.expected, caught.value.found) == (message, "非负整数", found)


def test_an_area_keeps_its_decimals_and_its_thousands():
    assert parse_cell("8,200.5", AREA) == 8200.5
    assert parse_cell(0.0, AREA) == 0.0


def test_a_code_excel_turned_into_a_number_is_read_back_as_digits():
    assert parse_cell(4418020001.0, SCHOOL_CODE) == "4418020001"
    assert parse_cell(" 441802001 ", REGION_CODE) == "441802001"


@pytest.mark.parametrize(
    ("cell", "found"),
    [
        ("441802001", "441802001（9 位）"),
        ("44180200011", "44180200011（11 位）"),
        ("441802000A", "441802000A（10 位）"),
    ],
)
def test_a_school_code_must_be_ten_digits(cell, found):
    with pytest.raises(CellError) as caught:
        parse_cell(cell, SCHOOL_CODE)
    assert (caught.value.message, caught.value.found) == ("代码应为 10 位数字", found)


def test_a_region_code_may_be_county_town_or_village():
    assert [parse_cell(c, REGION_CODE) for c in ("441802", "441802001", "441802001001")] == [
        "441802",
        "441802001",
        "441802001001",
    ]
    with pytest.raises(CellError, match="代码应为 6、9 或 12 位数字"):
        parse_cell("4418020", REGION_CODE)


def test_enumerations_and_yes_no_accept_only_the_contract_terms():
    assert parse_cell(" 民办 ", SPONSOR) == "民办"
    assert parse_cell("是", INCLUSIVE) is True
    assert parse_cell("否", INCLUSIVE) is False
    with pytest.raises(CellError) as caught:
        parse_cell("私立", SPONSOR)
    assert (caught.value.expected, caught.value.found) == ("公办、民办", "私立")
    with pytest.raises(CellError, match="应填 是 或 否"):
        parse_cell("Y", INCLUSIVE)


def test_a_column_of_numbers_is_checked_by_the_same_rules_as_one_cell():
    # The array path (floats as calamine gives them) must find what the one-cell path finds, at the same rows.
    typed, errors = parse_column([600.0, -3.0, 600.5, 1e20, 999_999_999_999_999.0, None], STUDENTS)
    assert typed.isna().tolist() == [False, True, True, True, False, True]
    assert typed[0] == 600
    assert typed.tolist()[4] == 999_999_999_999_999
    assert [(position, found) for position, _, _, found in errors] == [
        (1, "-3"),
        (2, "600.5"),
        (3, "100000000000000000000"),
    ]


def test_a_population_year_is_a_four_digit_year():
    year = POPULATION_SHEET.column("year")
    assert parse_cell("２０２２", year) == 2022
    with pytest.raises(CellError) as caught:
        parse_cell(22.0, year)
    assert (caught.value.message, caught.value.expected, caught.value.found) == (
        "年份不对",
        "1949–2100 之间的 4 位年份",
        "22",
    )
    typed, errors = parse_column([2022.0, 20222.0, 1948.0, 1949.0], year)
    assert [(position, found) for position, _, _, found in errors] == [(1, "20222"), (2, "1948")]
    assert (typed[0], typed[3]) == (2022, 1949)
