from __future__ import annotations

import pytest

from eduplan.reports.document import Column, cell_tone, format_cell


@pytest.mark.parametrize(
    ("column", "value", "text"),
    [
        (Column("x", "x", "float", 3), 0.4995, "0.499"),  # banker's-free: 0.4995 is 0.49949999… in binary
        (Column("x", "x", "float", 2), 2395.636, "2395.64"),
        (Column("x", "x", "int"), 1000, "1000"),
        (Column("x", "x", "percent", 1), 0.86, "86.0%"),
        (Column("x", "x", "number"), 35000.0, "35000"),
        (Column("x", "x", "number"), 95.5, "95.5"),
        (Column("x", "x", "number"), 4 / 3, "1.33"),
        (Column("x", "x", "number"), -0.001, "0"),
        (Column("x", "x", "verdict"), True, "达标"),
        (Column("x", "x", "verdict"), False, "未达标"),
        (Column("x", "x", "verdict"), None, "—"),
        (Column("x", "x"), None, "—"),
        (Column("x", "x"), "", "—"),
        (Column("x", "x", "code"), "4418020001", "4418020001"),
    ],
)
def test_a_value_is_shown_the_way_its_column_says(column: Column, value: object, text: str) -> None:
    assert format_cell(column, value) == text


def test_a_value_cell_takes_its_colour_from_the_met_flag_of_its_row() -> None:
    column = Column("sports", "生均体育场馆", "float", 3, tone_from="met:sports")
    assert cell_tone(column, {"sports": 6.3, "met:sports": False}) == "fail"
    assert cell_tone(column, {"sports": 7.5, "met:sports": True}) == "pass"
    assert cell_tone(column, {"sports": None, "met:sports": None}) == ""
    assert cell_tone(column, {"sports": 7.0, "met:sports": "pending"}) == "pending"


def test_a_verdict_cell_is_coloured_by_its_own_value_and_a_plain_cell_not_at_all() -> None:
    verdict = Column("passed", "结论", "verdict")
    assert [cell_tone(verdict, {"passed": v}) for v in (True, False, None)] == ["pass", "fail", "pending"]
    assert cell_tone(Column("name", "学校名称"), {"name": "城南小学"}) == ""
