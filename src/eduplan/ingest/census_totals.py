"""The contract's rule that a stage's totals in 学段 equal the sums over its grades in 年级.

A mismatch names both sides: the 学段 cell and the 年级 cells it should equal. Schools that report no
grade rows at all are not compared (the 年级 sheet may be left out for them); a school that reports
grades is compared for every stage, so a stage with pupils but no grade rows is caught too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eduplan.contract import STAGE_WHOLE_SCHOOL
from eduplan.errors import Problem
from eduplan.ingest.census_parse import ParsedSheet, at

TOTALS: tuple[str, ...] = ("students", "classes")


def cell_span(parsed: ParsedSheet, positions: list[int], key: str) -> str:
    """Cells of one column as Excel would name them: 年级!D10:D15 when consecutive, else 年级!D10、D12、D15."""
    letter = parsed.raw.letter(key)
    rows = sorted(parsed.rows[p] for p in positions)
    if not rows:
        return f"{parsed.raw.sheet.name}（无对应行）"
    if rows == list(range(rows[0], rows[0] + len(rows))):
        span = f"{letter}{rows[0]}" if len(rows) == 1 else f"{letter}{rows[0]}:{letter}{rows[-1]}"
    else:
        span = "、".join(f"{letter}{r}" for r in rows[:6]) + ("……" if len(rows) > 6 else "")
    return f"{parsed.raw.sheet.name}!{span}"


def stage_totals_match_grades(
    stages: ParsedSheet, grades: ParsedSheet, school_codes: set[str] | None, problems: list[Problem]
) -> None:
    stage_rows = stages.good()
    stage_rows = stage_rows[stage_rows["stage"] != STAGE_WHOLE_SCHOOL]
    grade_rows = grades.frame  # all grade rows: a bad grade cell must not make its stage look short
    groups = grade_rows.groupby(["school_code", "stage"])
    positions: dict[tuple[str, str], list[int]] = {
        (str(key[0]), str(key[1])): np.asarray(index).tolist()  # type: ignore[index]
        for key, index in groups.indices.items()  # positions; the frame's index is 0..n-1
    }
    sums = groups[list(TOTALS)].sum(min_count=1)
    has_bad = grade_rows.index.isin(list(grades.bad))
    with_bad = set(grade_rows.loc[has_bad, "school_code"]) if grades.bad else set()
    with_grades = set(grade_rows["school_code"].dropna())
    compared = stage_rows[stage_rows["school_code"].isin(with_grades) & ~stage_rows["school_code"].isin(with_bad)]
    joined = compared.join(sums, on=["school_code", "stage"], rsuffix="_grades")
    for key in TOTALS:
        summed = joined[f"{key}_grades"]
        # A stage with no grade rows sums to 0; grades that leave a measure blank are not compared.
        no_rows = ~pd.Series(
            [(c, s) in positions for c, s in zip(joined["school_code"], joined["stage"], strict=True)],
            index=joined.index,
            dtype=bool,
        )
        summed = summed.mask(no_rows, 0)
        differ = joined[key].notna() & summed.notna() & (joined[key] != summed)
        for position in joined.index[differ.fillna(False).astype(bool)]:
            members = positions.get((at(joined, position, "school_code"), at(joined, position, "stage")), [])
            total, grade_total = at(joined, position, key), int(summed[position])
            label = stages.raw.sheet.column(key).label
            problems.append(
                Problem(
                    stages.raw.file,
                    f"{label}与年级合计不符：{stages.cell(position, key)} = {total}，"
                    f"{cell_span(grades, members, key)} 合计 = {grade_total}",
                    expected=f"等于年级合计 {grade_total}",
                    found=str(total),
                    **stages.where(position, key),
                )
            )
    _grades_without_stage_row(stages, grades, positions, school_codes, problems)


def _grades_without_stage_row(
    stages: ParsedSheet,
    grades: ParsedSheet,
    positions: dict[tuple[str, str], list[int]],
    school_codes: set[str] | None,
    problems: list[Problem],
) -> None:
    reported = set(zip(stages.frame["school_code"], stages.frame["stage"], strict=True))
    for (code, stage), members in positions.items():
        if (code, stage) in reported or (school_codes is not None and code not in school_codes):
            continue  # an unknown school is reported once, by the check of the school codes
        first = min(members)
        problems.append(
            Problem(
                grades.raw.file,
                f"年级表有 {code} 的“{stage}”学段，学段表没有对应行",
                expected=f"学段表中有 {code} / {stage} 一行",
                found="没有",
                **grades.where(first, "stage"),
            )
        )
