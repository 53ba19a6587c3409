"""The contract's cross-checks between rows and sheets of a census workbook, each problem located.

Only rows without a bad cell take part (``ParsedSheet.good``), so one typo is one error, not three.
A NULL (blank) value takes part in no comparison: blank means "not reported", never zero.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from eduplan.contract import (
    GRADES_BY_STAGE,
    GRADES_SHEET,
    KINDERGARTEN,
    POPULATION_SHEET,
    SCHOOLS,
    SHARED_RESOURCE_KEYS,
    STAGE_WHOLE_SCHOOL,
    STAGES_BY_SCHOOL_TYPE,
    STAGES_SHEET,
)
from eduplan.errors import Problem
from eduplan.ingest.census_cells import show
from eduplan.ingest.census_parse import ParsedSheet, at, pairs
from eduplan.ingest.census_totals import stage_totals_match_grades

# (part, whole): a count of a kind of teacher or pupil cannot exceed the count it is part of.
STAGE_SUBSETS: tuple[tuple[str, str], ...] = (
    ("teachers_above_required", "teachers"),
    ("teachers_associate_plus", "teachers"),
    ("teachers_bachelor_plus", "teachers_associate_plus"),
    ("teachers_bachelor_plus", "teachers"),
    ("teachers_postgraduate", "teachers_bachelor_plus"),
    ("teachers_postgraduate", "teachers"),
    ("backbone_teachers", "teachers"),
    ("pe_teachers", "teachers"),
    ("music_teachers", "teachers"),
    ("art_teachers", "teachers"),
    ("certified_teachers", "teachers"),
    ("senior_title_teachers", "teachers"),
    ("migrant_students", "students"),
    ("disabled_students", "students"),
)
# The size bands of a grade's classes: each of these counts cannot exceed the grade's classes.
GRADE_BANDS: tuple[str, ...] = ("classes_over_standard", "classes_56_65", "classes_66_plus")
MAX_AGE = 17


def cross_check(sheets: dict[str, ParsedSheet], known_regions: set[str] | None, problems: list[Problem]) -> None:
    """Append every cross-check problem of the workbook to ``problems``."""
    schools = sheets.get(SCHOOLS.name)
    stages = sheets.get(STAGES_SHEET.name)
    grades = sheets.get(GRADES_SHEET.name)
    population = sheets.get(POPULATION_SHEET.name)
    for parsed in sheets.values():
        _duplicates(parsed, problems)
    if schools is not None:
        if schools.frame.empty:
            problems.append(
                Problem(schools.raw.file, "“学校”表没有数据行", sheet=SCHOOLS.name, expected="至少一所学校")
            )
        _kindergartens_say_inclusive(schools, problems)
        _parent_is_not_itself(schools, problems)
        if known_regions is not None:
            _known_regions(schools, known_regions, problems)
    if population is not None:
        _ages(population, problems)
        if known_regions is not None:
            _known_regions(population, known_regions, problems)
    types = _school_types(schools)
    codes = set(schools.frame["school_code"].dropna()) if schools is not None else None
    if stages is not None:
        _in_schools_sheet(stages, codes, problems)
        _stages_fit_type(stages, types, problems)
        _whole_school_rows(stages, problems)
        _subsets(stages, STAGE_SUBSETS, problems)
    if grades is not None:
        _in_schools_sheet(grades, codes, problems)
        _grades_fit_stage(grades, problems)
        _subsets(grades, tuple((band, "classes") for band in GRADE_BANDS), problems)
        _subsets(
            grades, (("classes_56_65", "classes_over_standard"), ("classes_66_plus", "classes_over_standard")), problems
        )
        _bands_add_up(grades, problems)
    if stages is not None and grades is not None:
        stage_totals_match_grades(stages, grades, codes, problems)


def _school_types(schools: ParsedSheet | None) -> dict[str, str]:
    if schools is None:
        return {}
    good = schools.good()
    return dict(zip(good["school_code"], good["school_type"], strict=True))


def _error(parsed: ParsedSheet, position: int, key: str, message: str, expected: str = "", found: str = "") -> Problem:
    return Problem(parsed.raw.file, message, expected=expected, found=found, **parsed.where(position, key))


def _duplicates(parsed: ParsedSheet, problems: list[Problem]) -> None:
    key = list(parsed.raw.sheet.key)
    good = parsed.good().dropna(subset=key)
    repeated = good[good.duplicated(subset=key, keep=False)]
    first: dict[tuple[Any, ...], int] = {}
    for position, row in zip(repeated.index, repeated[key].itertuples(index=False), strict=True):
        values = tuple(row)
        if values not in first:
            first[values] = position
            continue
        labels = "、".join(parsed.raw.sheet.column(k).label for k in key)
        problems.append(
            _error(
                parsed,
                position,
                key[-1] if len(key) > 1 else key[0],
                f"{labels}重复：与第 {parsed.rows[first[values]]} 行相同",
                "每个" + labels + "只出现一次",
                " / ".join(str(v) for v in values),
            )
        )


def _kindergartens_say_inclusive(schools: ParsedSheet, problems: list[Problem]) -> None:
    good = schools.good()
    missing = good[(good["school_type"] == KINDERGARTEN) & good["inclusive"].isna()]
    for position in missing.index:
        problems.append(_error(schools, position, "inclusive", "幼儿园必须填写普惠性", "是 或 否", "空白"))


def _parent_is_not_itself(schools: ParsedSheet, problems: list[Problem]) -> None:
    good = schools.good()
    for position in good.index[good["parent_code"] == good["school_code"]]:
        problems.append(
            _error(
                schools,
                position,
                "parent_code",
                "所属学校标识码不能是本校自己",
                "另一所学校的标识码",
                at(good, position, "parent_code"),
            )
        )


def _known_regions(parsed: ParsedSheet, known: set[str], problems: list[Problem]) -> None:
    good = parsed.good()
    unknown = good[~good["region_code"].isin(known) & good["region_code"].notna()]
    for position, code in pairs(unknown["region_code"]):
        problems.append(
            _error(
                parsed,
                position,
                "region_code",
                "行政区划代码不是区划表中的县区、乡镇街道或村（可先用 eduplan import regions 补充区划）",
                "区划表中已有的代码",
                str(code),
            )
        )


def _ages(population: ParsedSheet, problems: list[Problem]) -> None:
    good = population.good()
    for position, age in pairs(good["age"][good["age"] > MAX_AGE]):
        problems.append(_error(population, position, "age", "年龄超出范围", f"0–{MAX_AGE} 单岁", str(age)))


def _in_schools_sheet(parsed: ParsedSheet, codes: set[str] | None, problems: list[Problem]) -> None:
    if codes is None:
        return  # the 学校 sheet is missing or unreadable, which is reported already
    good = parsed.good()
    for position, code in pairs(good["school_code"][~good["school_code"].isin(codes)]):
        problems.append(
            _error(parsed, position, "school_code", "学校标识码不在“学校”表中", "“学校”表中的学校", str(code))
        )


def _stages_fit_type(stages: ParsedSheet, types: dict[str, str], problems: list[Problem]) -> None:
    good = stages.good()
    for position, code, stage in zip(good.index, good["school_code"], good["stage"], strict=True):
        school_type = types.get(code)
        if school_type is None or stage is None:
            continue
        allowed = STAGES_BY_SCHOOL_TYPE[school_type]
        if stage in allowed or (stage == STAGE_WHOLE_SCHOOL and len(allowed) >= 2):
            continue
        expected = "、".join(allowed) + ("、全校" if len(allowed) >= 2 else "")
        problems.append(
            _error(stages, position, "stage", f"办学类型为“{school_type}”的学校不能有“{stage}”学段", expected, stage)
        )


def _whole_school_rows(stages: ParsedSheet, problems: list[Problem]) -> None:
    """A 全校 row carries only shared facilities, and a facility is reported either there or per stage."""
    good = stages.good()
    per_stage = [c.key for c in STAGES_SHEET.columns[2:] if c.key not in SHARED_RESOURCE_KEYS]
    whole = good[good["stage"] == STAGE_WHOLE_SCHOOL]
    whole_row_of = dict(zip(whole["school_code"], whole.index, strict=False))
    for position in whole.index:
        for key in per_stage:
            if not pd.isna(at(good, position, key)):
                problems.append(
                    _error(
                        stages,
                        position,
                        key,
                        "“全校”行只填共享的校舍、场地、设备和图书；师生数按学段填写",
                        "空白",
                        show(at(good, position, key)),
                    )
                )
    staged = good[(good["stage"] != STAGE_WHOLE_SCHOOL) & good["school_code"].isin(whole_row_of.keys())]
    for position in staged.index:
        whole_position = whole_row_of[at(staged, position, "school_code")]
        for key in SHARED_RESOURCE_KEYS:
            if not pd.isna(at(good, position, key)) and not pd.isna(at(good, whole_position, key)):
                problems.append(
                    _error(
                        stages,
                        position,
                        key,
                        f"已在“全校”行（{stages.cell(whole_position, key)}）填报，学段行重复填报会重复计算",
                        "空白（由全校行按学段分摊）",
                        show(at(good, position, key)),
                    )
                )


def _subsets(parsed: ParsedSheet, pairs: tuple[tuple[str, str], ...], problems: list[Problem]) -> None:
    good = parsed.good()
    sheet = parsed.raw.sheet
    for part, whole in pairs:
        over = good[(good[part] > good[whole]).fillna(False)]
        for position in over.index:
            problems.append(
                _error(
                    parsed,
                    position,
                    part,
                    f"{sheet.column(part).label}（{parsed.cell(position, part)} = {show(at(over, position, part))}）"
                    f"多于{sheet.column(whole).label}（{parsed.cell(position, whole)} = {show(at(over, position, whole))}）",
                    f"不超过 {show(at(over, position, whole))}",
                    show(at(over, position, part)),
                )
            )


def _bands_add_up(grades: ParsedSheet, problems: list[Problem]) -> None:
    """Classes of 56–65 and of 66+ pupils are both above every standard size, so both count as over-standard."""
    good = grades.good()
    bands = good["classes_56_65"].fillna(0) + good["classes_66_plus"].fillna(0)
    both_reported = good["classes_56_65"].notna() & good["classes_66_plus"].notna()
    for position in good.index[(both_reported & (bands > good["classes"])).fillna(False)]:
        problems.append(
            _error(
                grades,
                position,
                "classes_66_plus",
                f"大班额与超大班额班级数之和（{int(bands[position])}）多于班级数（{grades.cell(position, 'classes')} = "
                f"{show(at(good, position, 'classes'))}）",
                f"不超过 {show(at(good, position, 'classes'))}",
                str(int(bands[position])),
            )
        )


def _grades_fit_stage(grades: ParsedSheet, problems: list[Problem]) -> None:
    good = grades.good()
    for position, stage, grade in zip(good.index, good["stage"], good["grade"], strict=True):
        allowed = GRADES_BY_STAGE.get(stage, ())
        if grade not in allowed:
            problems.append(
                _error(grades, position, "grade", f"“{stage}”学段没有这个年级", "、".join(allowed), str(grade))
            )
