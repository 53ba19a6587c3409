"""Typing the raw rows of a census sheet into a frame with the contract's keys, every bad cell located."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from eduplan.contract import Column
from eduplan.errors import Problem
from eduplan.ingest.census_cells import LARGEST_WHOLE, PARSERS, YEARS, CellError, parse_cell, show
from eduplan.ingest.census_reader import RawSheet

_DTYPES = {"int": "Int64", "year": "Int64", "number": "float64", "bool": "boolean"}
_TYPE_OF = np.frompyfunc(type, 1, 1)  # element-wise type() over an object array


@dataclass
class ParsedSheet:
    """A sheet's rows typed by the contract; ``rows`` are the Excel rows, ``bad`` the positions with a bad cell."""

    raw: RawSheet
    frame: pd.DataFrame
    rows: list[int]
    bad: set[int] = field(default_factory=set)

    def where(self, position: int, key: str) -> dict[str, Any]:
        """The Problem fields locating one cell of this sheet."""
        return {
            "sheet": self.raw.sheet.name,
            "row": self.rows[position],
            "column": self.raw.letter(key),
            "column_key": key,
        }

    def cell(self, position: int, key: str) -> str:
        """A cell's address as Excel shows it, e.g. 学段!F17."""
        return f"{self.raw.sheet.name}!{self.raw.letter(key)}{self.rows[position]}"

    def good(self) -> pd.DataFrame:
        """The rows without a bad cell (cross-checks only look at these, so one typo gives one error)."""
        if not self.bad:
            return self.frame
        return self.frame[~self.frame.index.isin(list(self.bad))]


def parse_sheet(raw: RawSheet, problems: list[Problem]) -> ParsedSheet:
    """Type every cell of a raw sheet; append a located problem for each bad or missing required cell."""
    sheet = raw.sheet
    rows = [excel_row for excel_row, _ in raw.rows]
    # One transpose (in C) instead of a lookup per cell; short CSV rows are padded with None.
    by_column = list(itertools.zip_longest(*(values for _, values in raw.rows)))
    bad: set[int] = set()
    data: dict[str, Any] = {}
    for column in sheet.columns:
        index = raw.columns.get(column.key)
        if index is None:
            data[column.key] = pd.Series([None] * len(rows), dtype=_DTYPES.get(column.type, "object"))
            continue
        cells = list(by_column[index]) if index < len(by_column) else [None] * len(rows)
        typed, errors = parse_column(cells, column)
        for position, message, expected, found in errors:
            bad.add(position)
            problems.append(_problem(raw, column, rows[position], message, expected, found))
        data[column.key] = typed
    return ParsedSheet(raw, pd.DataFrame(data), rows, bad)


def at(frame: pd.DataFrame, position: Any, key: str) -> Any:
    """One value of a frame (typed Any: a census cell is a number, a string, a bool or NULL)."""
    return frame.at[position, key]


def pairs(series: pd.Series) -> list[tuple[int, Any]]:
    """(row position, value) for each value of a column."""
    return list(zip((int(i) for i in series.index), series.tolist(), strict=True))


CellIssue = tuple[int, str, str, str]  # (position, message, expected, found)


def parse_column(cells: list[Any], column: Column) -> tuple[pd.Series, list[CellIssue]]:
    """One column's cells typed as the contract says; numbers are checked as arrays, the rest cell by cell."""
    if column.type in ("int", "year", "number"):
        return _numeric_column(cells, column)
    errors: list[CellIssue] = []
    memo: dict[Any, Any] = {}
    typed: list[Any] = []
    for position, value in enumerate(cells):
        key = (type(value), value)
        if key in memo:
            result = memo[key]
        else:
            result = memo[key] = _one(value, column)
        if isinstance(result, CellError):
            errors.append((position, result.message, result.expected, result.found))
            typed.append(None)
        else:
            typed.append(result)
    if column.required:
        errors.extend(_required([p for p, v in enumerate(typed) if v is None], column, errors))
    return pd.Series(typed, dtype=_DTYPES.get(column.type, "object")), errors


def _suspect(numbers: np.ndarray[Any, np.dtype[np.float64]], column: Column) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Cells the per-cell rules would reject (negative, fractional or huge count, odd year, coordinates outside China)."""
    with np.errstate(invalid="ignore"):
        if column.key == "lon":
            suspect = (numbers < 73) | (numbers > 136)
        elif column.key == "lat":
            suspect = (numbers < 3) | (numbers > 54)
        else:
            suspect = numbers < 0
            if column.type != "number":
                suspect |= (numbers != np.floor(numbers)) | (numbers > LARGEST_WHOLE)
            if column.type == "year":
                suspect |= (numbers < YEARS[0]) | (numbers > YEARS[1])
    result: np.ndarray[Any, np.dtype[np.bool_]] = suspect & ~np.isnan(numbers)
    return result


def _one(value: Any, column: Column) -> Any:
    try:
        return parse_cell(value, column)
    except CellError as error:
        return error
    except (TypeError, ValueError):
        return CellError("无法识别的值", column.type, show(value))


def _required(blank: list[int], column: Column, errors: list[CellIssue]) -> list[CellIssue]:
    """A problem for each blank cell (positions ``blank``) of a required column not already reported."""
    already = {e[0] for e in errors}
    return [(p, "必填项为空", f"{column.label}（必填）", "空白") for p in blank if p not in already]


def _numeric_column(cells: list[Any], column: Column) -> tuple[pd.Series, list[CellIssue]]:
    # Fast path: most cells of a big census are floats already (found by one C loop over the cells' types);
    # only the others are read one by one.
    objects = np.empty(len(cells), dtype=object)
    objects[:] = cells
    floats: np.ndarray[Any, np.dtype[np.bool_]] = np.asarray(_TYPE_OF(objects) == float, dtype=bool)  # noqa: E721 - element-wise
    numbers = np.full(len(cells), np.nan)
    numbers[floats] = objects[floats].astype(np.float64)
    errors: list[CellIssue] = []
    for position in np.flatnonzero(~floats).tolist():
        value = cells[position]
        if value is None or value == "":
            continue
        result = _one(value, column)
        if isinstance(result, CellError):
            errors.append((position, result.message, result.expected, result.found))
        elif result is not None:
            numbers[position] = result
    for suspect in np.flatnonzero(floats & _suspect(numbers, column)).tolist():
        try:
            PARSERS[column.type](float(numbers[suspect]), column)  # the same rules and message as one cell
        except CellError as error:
            errors.append((suspect, error.message, error.expected, error.found))
    for position, *_ in errors:
        numbers[position] = np.nan
    if column.required:
        errors.extend(_required(np.flatnonzero(np.isnan(numbers)).tolist(), column, errors))
    if column.type == "number":
        return pd.Series(numbers, dtype="float64"), errors
    missing = np.isnan(numbers)
    whole = pd.arrays.IntegerArray(np.where(missing, 0, numbers).astype("int64"), missing)
    return pd.Series(whole, dtype="Int64"), errors


def _problem(raw: RawSheet, column: Column, excel_row: int, message: str, expected: str, found: str) -> Problem:
    return Problem(
        raw.file,
        f"{column.label}：{message}",
        sheet=raw.sheet.name,
        row=excel_row,
        column=raw.letter(column.key),
        column_key=column.key,
        expected=expected,
        found=found,
    )
