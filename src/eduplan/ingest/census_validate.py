"""Validating a census file against the contract: every error of the file together, capped, located.

``validate_census`` reads, types and cross-checks a workbook (or CSV folder) and returns the contract
tables, the warnings and the Excel row of every row; any error raises one :class:`IngestError` that
lists them all (the first ``PROBLEM_CAP``, with the total). Pure: the region table and last year's
pupils are passed in by the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from eduplan.contract import SCHOOLS, SHEETS, STAGE_WHOLE_SCHOOL, STAGES_SHEET
from eduplan.errors import IngestError, Problem
from eduplan.ingest.census_checks import cross_check
from eduplan.ingest.census_parse import ParsedSheet, at, pairs, parse_sheet
from eduplan.ingest.census_reader import RawSheet, RawWorkbook, read_census

PROBLEM_CAP = 200


@dataclass
class ValidCensus:
    """A census file that passed: contract tables by sheet name, warnings, and each row's Excel row."""

    tables: dict[str, pd.DataFrame]
    warnings: list[Problem]
    row_numbers: dict[str, list[int]]


def validate_census(
    path: Path,
    *,
    known_regions: set[str] | None = None,
    previous_students: dict[str, int] | None = None,
    cap: int = PROBLEM_CAP,
) -> ValidCensus:
    """Read and check a census file; raise IngestError with every problem, or return its tables."""
    return validate_workbook(
        read_census(path), known_regions=known_regions, previous_students=previous_students, cap=cap
    )


def validate_tables(
    tables: dict[str, pd.DataFrame],
    file: str,
    row_numbers: dict[str, list[int]],
    *,
    known_regions: set[str] | None = None,
    previous_students: dict[str, int] | None = None,
    cap: int = PROBLEM_CAP,
) -> ValidCensus:
    """The same checks as ``validate_census`` on tables already held (contract keys, e.g. a stored version with
    some cells changed): each row keeps its Excel row, so a problem is located as in the file it came from."""
    raw = RawWorkbook(file)
    for sheet in SHEETS:
        frame = tables.get(sheet.name)
        if frame is None:
            continue
        columns = {c.key: i for i, c in enumerate(sheet.columns)}
        rows = []
        numbers = row_numbers.get(sheet.name) or list(range(2, len(frame) + 2))
        for excel_row, record in zip(numbers, frame.to_dict("records"), strict=True):
            rows.append((excel_row, [_as_cell(c.type, record.get(c.key)) for c in sheet.columns]))
        raw.sheets[sheet.name] = RawSheet(sheet, file, 1, columns, rows)
    return validate_workbook(raw, known_regions=known_regions, previous_students=previous_students, cap=cap)


def _as_cell(kind: str, value: object) -> object:
    """A stored value as the contract's workbook holds it (what ``ingest.census_export`` writes)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):
        return "是" if value else "否"
    if kind in ("code", "text", "enum", "bool") or isinstance(value, str):
        return str(value) if str(value) != "" else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def validate_workbook(
    raw: RawWorkbook,
    *,
    known_regions: set[str] | None = None,
    previous_students: dict[str, int] | None = None,
    cap: int = PROBLEM_CAP,
) -> ValidCensus:
    """Check a read workbook: every problem together (capped, in reading order), else the contract tables."""
    problems = list(raw.problems)
    # A sheet whose header is wrong is reported once, not row by row; the checks that need it are skipped.
    parsed = {name: parse_sheet(sheet, problems) for name, sheet in raw.sheets.items() if not sheet.broken}
    cross_check(parsed, known_regions, problems)
    if problems:
        ordered = sorted(problems, key=_reading_order)
        raise IngestError(ordered[:cap], total=len(ordered))
    warnings = list(raw.warnings)
    _parents_in_workbook(parsed, warnings)
    _schools_without_stages(parsed, warnings)
    if previous_students:
        _falling_rolls(parsed, previous_students, warnings)
    return ValidCensus(
        tables={s.name: parsed[s.name].frame for s in SHEETS if s.name in parsed},
        warnings=warnings,
        row_numbers={name: p.rows for name, p in parsed.items()},
    )


_SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}


def _column_order(letters: str) -> tuple[int, str]:
    return (len(letters), letters)


def _reading_order(problem: Problem) -> tuple[int, int, tuple[int, str], str]:
    """Sheet by sheet in contract order, then row by row and column by column, as a person reads."""
    return (
        _SHEET_ORDER.get(problem.sheet, -1),
        problem.row or 0,
        _column_order(problem.column),
        problem.message,
    )


def _warning(parsed: ParsedSheet, position: int, key: str, message: str, found: str = "") -> Problem:
    return Problem(parsed.raw.file, message, found=found, severity="warning", **parsed.where(position, key))


def _parents_in_workbook(parsed: dict[str, ParsedSheet], warnings: list[Problem]) -> None:
    schools = parsed.get(SCHOOLS.name)
    if schools is None:
        return
    frame = schools.frame
    codes = set(frame["school_code"])
    orphans = frame["parent_code"].notna() & ~frame["parent_code"].isin(codes)
    for position in frame.index[orphans]:
        warnings.append(
            _warning(
                schools, position, "parent_code", "所属学校不在本工作簿中", str(at(frame, position, "parent_code"))
            )
        )


def _schools_without_stages(parsed: dict[str, ParsedSheet], warnings: list[Problem]) -> None:
    schools, stages = parsed.get(SCHOOLS.name), parsed.get(STAGES_SHEET.name)
    if schools is None or stages is None:
        return
    frame = schools.frame
    reported = set(stages.frame["school_code"])
    for position in frame.index[~frame["school_code"].isin(reported)]:
        warnings.append(_warning(schools, position, "school_code", "学段表中没有这所学校的数据"))


def _falling_rolls(parsed: dict[str, ParsedSheet], previous: dict[str, int], warnings: list[Problem]) -> None:
    """A school whose pupils fell by half or more since last year: often a missing stage or a typo."""
    schools, stages = parsed.get(SCHOOLS.name), parsed.get(STAGES_SHEET.name)
    if schools is None or stages is None:
        return
    rows = stages.frame[stages.frame["stage"] != STAGE_WHOLE_SCHOOL]
    now = rows.groupby("school_code")["students"].sum(min_count=1)
    for position, code in pairs(schools.frame["school_code"]):
        before, current = previous.get(str(code)), now.get(code)
        if not before or current is None or pd.isna(current):
            continue
        if current * 2 <= before:
            warnings.append(
                _warning(
                    schools,
                    position,
                    "school_code",
                    f"在校生比上一学年减少一半以上：上一学年 {before} 人，本学年 {int(current)} 人（请核对）",
                    str(int(current)),
                )
            )
