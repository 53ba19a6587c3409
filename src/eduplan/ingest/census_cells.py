"""Reading one census cell into the contract's type, with exactly the tolerance a person would have.

Tolerated (docs/census-import.md): surrounding spaces (also full-width and no-break spaces), full-width
digits and signs (１２３), thousands separators in the usual three-digit groups (12,345), numbers stored
as text, a whole number stored as 600.0. Everything else — a date in a number cell, a decimal head
count, a stray unit, a formula's empty result — is a :class:`CellError` that says what was expected
and what was found; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from typing import Any

from eduplan.contract import NO, YES, Column
from eduplan.ingest.formula_guard import restore

_FULL_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "－": "-",
        "＋": "+",
        "．": ".",
        "，": ",",
        "\u3000": " ",
        "\xa0": " ",
    }
)
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DIGITS = re.compile(r"\d+")

# Lengths of the codes the contract defines (统计用区划代码: county 6, town 9, village 12).
CODE_LENGTHS: dict[str, tuple[int, ...]] = {"school_code": (10,), "parent_code": (10,), "region_code": (6, 9, 12)}
# Excel keeps 15 significant digits: a whole number with more has already lost its last ones (and would not
# fit the store's 64-bit integers much further on), so it is an error, not a number.
LARGEST_WHOLE = 10**15 - 1
YEARS = (1949, 2100)  # a 年份 outside these is a typo (22 for 2022, 20222), not a year of a census


class CellError(ValueError):
    """A cell that cannot be read as its column's type: a Chinese message, what was expected, what was found."""

    def __init__(self, message: str, expected: str, found: str) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.found = found


def show(value: Any) -> str:
    """A cell's value as a person would recognise it in a message."""
    if isinstance(value, dt.datetime):
        return f"日期 {value:%Y-%m-%d %H:%M}" if (value.hour or value.minute) else f"日期 {value:%Y-%m-%d}"
    if isinstance(value, dt.date):
        return f"日期 {value:%Y-%m-%d}"
    if isinstance(value, dt.time | dt.timedelta):
        return f"时间 {value}"
    if isinstance(value, bool):
        return "逻辑值 TRUE" if value else "逻辑值 FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def clean_text(value: Any) -> str:
    """Text with full-width digits and signs made ASCII and surrounding spaces removed."""
    return str(value).translate(_FULL_WIDTH).strip()


def is_blank(value: Any) -> bool:
    # str.strip() removes every Unicode space, full-width (U+3000) and no-break (U+00A0) included.
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: Any, expected: str) -> float:
    if isinstance(value, bool):
        raise CellError("不是数字", expected, show(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError("不是数字", expected, show(value))
        return float(value)
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise CellError("数字单元格里是日期或时间（单元格格式被设成了日期）", expected, show(value))
    text = clean_text(value)
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    elif not _PLAIN.fullmatch(text):
        raise CellError("不是数字", expected, text)
    return float(text)


def parse_int(value: Any, column: Column) -> int:
    """A head count or other whole number, never negative (年份 and 年龄 included)."""
    number = _number(value, "非负整数")
    if not number.is_integer():
        raise CellError("人数、班数等必须是整数，不能有小数", "非负整数", show(value))
    if number < 0:
        raise CellError("不能为负数", "非负整数", show(value))
    if number > LARGEST_WHOLE:
        raise CellError("数字过大：超过 15 位（Excel 只保留 15 位有效数字）", "非负整数", show(value))
    return int(number)


def parse_year(value: Any, column: Column) -> int:
    """A calendar year (人口 年份), four digits."""
    year = parse_int(value, column)
    if not YEARS[0] <= year <= YEARS[1]:
        raise CellError("年份不对", f"{YEARS[0]}–{YEARS[1]} 之间的 4 位年份", show(value))
    return year


def parse_number(value: Any, column: Column) -> float:
    """A quantity (area, value, coordinates); areas and values are never negative."""
    number = _number(value, "数字")
    if column.key == "lon" and not 73 <= number <= 136:
        raise CellError("经度超出中国范围（经纬度是否填反？）", "73–136 之间的经度", show(value))
    if column.key == "lat" and not 3 <= number <= 54:
        raise CellError("纬度超出中国范围（经纬度是否填反？）", "3–54 之间的纬度", show(value))
    if number < 0:
        raise CellError("不能为负数", "非负数", show(value))
    return number


@functools.cache
def _code_expected(lengths: tuple[int, ...]) -> str:
    names = [str(n) for n in lengths]
    return ("、".join(names[:-1]) + " 或 " + names[-1] if len(names) > 1 else names[0]) + " 位数字"


def parse_code(value: Any, column: Column) -> str:
    """A code of digits (学校标识码, 统计用区划代码); a code Excel turned into a number is taken back as digits."""
    lengths = CODE_LENGTHS.get(column.key, (6, 9, 10, 12))
    if type(value) is str and len(value) in lengths and value.isascii() and value.isdigit():
        return value  # the common case, as the checks below would return it
    expected = _code_expected(lengths)
    if isinstance(value, float) and value.is_integer() and value >= 0:
        text = str(int(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = clean_text(value)
    else:
        raise CellError("代码格式错误", expected, show(value))
    if not _DIGITS.fullmatch(text) or len(text) not in lengths:
        raise CellError(f"代码应为 {expected}", expected, f"{text}（{len(text)} 位）")
    return text


def parse_enum(value: Any, column: Column) -> str:
    text = clean_text(show(value))
    if text not in column.enum:
        raise CellError("不是规定的选项", "、".join(column.enum), text)
    return text


def parse_bool(value: Any, column: Column) -> bool:
    text = clean_text(value) if isinstance(value, str) else show(value)
    if text == YES:
        return True
    if text == NO:
        return False
    raise CellError("应填 是 或 否", f"{YES} 或 {NO}", text)


def parse_text(value: Any, column: Column) -> str:
    if isinstance(value, dt.date | dt.time | dt.timedelta | bool):
        raise CellError("文字单元格里是日期、时间或逻辑值", "文字", show(value))
    return clean_text(restore(show(value)))


PARSERS = {
    "int": parse_int,
    "year": parse_year,
    "number": parse_number,
    "code": parse_code,
    "enum": parse_enum,
    "bool": parse_bool,
    "text": parse_text,
}


def parse_cell(value: Any, column: Column) -> Any:
    """The cell read as the column's type; None for a blank cell (NULL, never zero)."""
    if is_blank(value):
        return None
    return PARSERS[column.type](value, column)
