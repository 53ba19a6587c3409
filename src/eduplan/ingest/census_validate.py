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
from eduplan.ingest.census_reader import read_census

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
    raw = read_census(path)
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
