"""The student-score contract (``docs/scores.md``): read and check a CSV or xlsx file of scores.

One row per student, subject and exam. Every problem is located (file, sheet, row as Excel shows
it, column letters, expected, found); a file with any error yields nothing. The raw 学籍号 never
leaves this module: :func:`read_scores` returns it only for :mod:`eduplan.store.score_files` to
pseudonymise before anything is stored.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from eduplan.contract import GRADES_BY_STAGE, SCHOOLS, STAGE_PRESCHOOL, Column, Sheet
from eduplan.core.value_added import MIN_SCHOOLS
from eduplan.errors import IngestError, Problem
from eduplan.ingest.cell_text import cell_text
from eduplan.ingest.census_reader import column_letters
from eduplan.ingest.plans.reading import decode
from eduplan.ingest.workbook import WORKBOOK_SUFFIXES, checked_file, open_workbook

DEFAULT_FULL_MARK = 100.0
MAX_PROBLEMS = 50  # listed in the message; the total is still counted

SCORES_SHEET = Sheet(
    name="成绩",
    key=("student_id", "school_year", "exam", "subject"),
    columns=(
        Column("student_id", "学籍号", "code", True, note="导入时以密钥哈希假名化，原值不保存"),
        SCHOOLS.column("school_code"),
        Column("school_year", "学年", "year", True, note="学年起始年份，如 2023 或 2023-2024"),
        Column("grade", "年级", "text", True, note="1–12，也可写 七年级、初一、高二"),
        Column("subject", "科目", "text", True),
        Column("score", "成绩", "number", False, note="空白表示缺考"),
        Column("exam", "考试名称", "text", True),
        Column("full_mark", "满分", "number", False, note=f"缺省为 {DEFAULT_FULL_MARK:g}"),
    ),
)
SCHOOL_GRADES: tuple[str, ...] = tuple(
    g for stage, gs in GRADES_BY_STAGE.items() if stage != STAGE_PRESCHOOL for g in gs
)
_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_SECTION_START = {"初": 6, "高": 9}  # 初一 = grade 7, 高一 = grade 10


@dataclass(frozen=True)
class ScoreFile:
    """A checked file: contract columns (raw ``student_id``) plus ``row``, and the non-blocking warnings."""

    frame: pd.DataFrame
    warnings: tuple[Problem, ...]
    sheet: str
    letters: dict[str, str]  # contract key → the file's column letters


def _chinese_number(text: str) -> int | None:
    if text in _NUMERALS:
        return _NUMERALS[text]
    if len(text) == 2 and text[0] == "十" and text[1] in _NUMERALS:
        return 10 + _NUMERALS[text[1]]
    return None


def normalise_grade(raw: str) -> str | None:
    """'7', '7年级', '七年级', '初一' → '7'; '高三' → '12'; anything else → None."""
    text = raw.strip().removesuffix("年级")
    if text.isdigit():
        number: int | None = int(text)
    elif text[:1] in _SECTION_START and (n := _chinese_number(text[1:])) is not None and n <= 3:
        number = _SECTION_START[text[0]] + n
    else:
        number = _chinese_number(text)
    return str(number) if number is not None and str(number) in SCHOOL_GRADES else None


def normalise_school_year(raw: str) -> int | None:
    """'2023', '2023-2024', '2023—2024学年' → 2023; mismatched spans ('2023-2025') → None."""
    match = re.fullmatch(r"(\d{4})(?:\s*[-–—~至/]\s*(\d{4}))?\s*(?:学年)?(?:\.0)?", raw.strip())
    if not match:
        return None
    start = int(match.group(1))
    if match.group(2) and int(match.group(2)) != start + 1:
        return None
    return start


def _read_table(path: Path) -> tuple[pd.DataFrame, str]:
    """Every cell as text (blank → ''), the header as read; the sheet name used in messages."""
    checked_file(path, "scores")
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        book = open_workbook(path, "scores")
        names = book.sheet_names
        sheet = SCORES_SHEET.name if SCORES_SHEET.name in names else names[0]
        if len(names) > 1 and sheet != SCORES_SHEET.name:
            raise IngestError(
                [
                    Problem(
                        file=path.name,
                        message="工作簿有多个工作表",
                        expected=f"名为“{SCORES_SHEET.name}”的工作表",
                        found="、".join(names),
                    )
                ]
            )
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        cells = [[cell_text(v) for v in row] for row in rows]
        width = max((len(r) for r in cells), default=0)
        cells = [r + [""] * (width - len(r)) for r in cells]
        frame = pd.DataFrame(cells[1:], columns=[str(c) for c in cells[0]]) if cells else pd.DataFrame()
        return frame, sheet
    text = decode(path.read_bytes(), path)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False)
    return frame, SCORES_SHEET.name


Detail = str | pd.Series | Callable[[], pd.Series]


class _Checker:
    """Collects located problems; keeps the first ``MAX_PROBLEMS`` of each kind and counts all of them."""

    def __init__(self, path: Path, sheet: str, letters: dict[str, str]) -> None:
        self.file, self.sheet, self.letters = path.name, sheet, letters
        self.errors: list[Problem] = []
        self.total = 0

    def flag(self, mask: pd.Series, key: str, message: str, expected: Detail, found: Detail) -> None:
        """``mask`` (and ``found``, ``expected`` when per row) keep the file's row positions as their index.
        A per-row detail may be a function, so the strings of a million good rows are never built."""
        rows = np.flatnonzero(mask.to_numpy())
        if not len(rows):
            return
        self.total += len(rows)
        expected = expected() if callable(expected) else expected
        found = found() if callable(found) else found
        assert isinstance(found, pd.Series)
        for i in rows[:MAX_PROBLEMS]:
            self.errors.append(
                Problem(
                    file=self.file,
                    sheet=self.sheet,
                    row=int(mask.index[i]) + 2,  # position 0 is Excel's row 2, under the header
                    column=self.letters.get(key, ""),
                    column_key=key,
                    message=message,
                    expected=str(expected.iloc[i]) if isinstance(expected, pd.Series) else expected,
                    found=str(found.iloc[i]) or "（空白）",
                )
            )

    def raise_if_any(self) -> None:
        if self.total:
            shown = sorted(self.errors, key=lambda p: (p.row or 0, p.column))[:MAX_PROBLEMS]
            raise IngestError(shown, total=self.total)


def _match_header(frame: pd.DataFrame, path: Path, sheet: str) -> tuple[dict[str, str], list[Problem]]:
    """Contract key → the file's header; unknown headers become warnings, missing required ones errors."""
    by_name = {c.label: c.key for c in SCORES_SHEET.columns} | {c.key: c.key for c in SCORES_SHEET.columns}
    found: dict[str, str] = {}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for position, header in enumerate(frame.columns):
        name = str(header).strip()
        key = by_name.get(name)
        letters = column_letters(position)
        if key is None:
            if name and not name.startswith("Unnamed"):
                warnings.append(Problem(path.name, f"未知的列“{name}”，已忽略", sheet, 1, letters, severity="warning"))
        elif key in found:
            errors.append(Problem(path.name, f"列“{name}”重复", sheet, 1, letters, column_key=key))
        else:
            found[key] = str(header)
    for column in SCORES_SHEET.columns:
        if column.required and column.key not in found:
            errors.append(
                Problem(
                    file=path.name,
                    sheet=sheet,
                    row=1,
                    column_key=column.key,
                    message=f"缺少必填列“{column.label}”",
                    expected="、".join(c.label for c in SCORES_SHEET.columns if c.required),
                )
            )
    if errors:
        raise IngestError(errors)
    return found, warnings


KnownSchools = Mapping[int, Collection[str]] | Callable[[int], Collection[str]]


def read_scores(path: Path, known_schools: KnownSchools | None = None) -> ScoreFile:
    """Read and check a score file. ``known_schools``: school year → the registry's school codes that year
    (a mapping, or a function asked once per year in the file)."""
    raw, sheet = _read_table(path)
    headers, warnings = _match_header(raw, path, sheet)
    letters = {key: column_letters(list(raw.columns).index(header)) for key, header in headers.items()}
    text = pd.DataFrame({key: _per_distinct(raw[header].astype(str), str.strip) for key, header in headers.items()})
    text = text[(text != "").any(axis=1)]  # Excel's trailing blank rows
    if text.empty:
        raise IngestError([Problem(file=path.name, sheet=sheet, message="文件没有数据行", expected="至少一行成绩")])
    for column in SCORES_SHEET.columns:
        if column.key not in text:
            text[column.key] = ""
    return _check(text, path, sheet, letters, known_schools, warnings)


def _per_distinct(text: pd.Series, parse: Callable[[str], object]) -> pd.Series:
    """``text.map(parse)``, parsing each distinct value once (a million rows hold a few dozen grades)."""
    distinct = text.unique()
    return text.map(dict(zip(distinct, (parse(v) for v in distinct), strict=True)))


def _finite(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def _number(text: pd.Series) -> pd.Series:
    """Numbers, NaN for blank or unreadable cells (a score column holds a few hundred distinct values)."""
    return _per_distinct(text, _finite).astype("float64")


def _check(
    text: pd.DataFrame,
    path: Path,
    sheet: str,
    letters: dict[str, str],
    known_schools: KnownSchools | None,
    warnings: list[Problem],
) -> ScoreFile:
    check = _Checker(path, sheet, letters)
    blank = {key: text[key] == "" for key in text}  # once per column: object comparisons are the slow part
    for column in SCORES_SHEET.columns:
        if column.required:
            check.flag(blank[column.key], column.key, f"“{column.label}”不能为空", "非空", text[column.key])
    codes = text["school_code"]
    well_formed = _per_distinct(codes, lambda c: re.fullmatch(r"\d{10}", c) is not None).astype(bool)
    check.flag(~blank["school_code"] & ~well_formed, "school_code", "学校标识码格式错误", "10 位数字", codes)
    years = _per_distinct(text["school_year"], normalise_school_year)
    check.flag(
        ~blank["school_year"] & years.isna(),
        "school_year",
        "学年无法识别",
        "如 2023 或 2023-2024",
        text["school_year"],
    )
    grades = _per_distinct(text["grade"], normalise_grade)
    check.flag(~blank["grade"] & grades.isna(), "grade", "年级无法识别", "1–12，或 七年级、初一、高二", text["grade"])
    score = _number(text["score"])
    check.flag(~blank["score"] & score.isna(), "score", "成绩不是数字", "数字，或空白表示缺考", text["score"])
    full = _number(text["full_mark"])
    bad_full = ~blank["full_mark"] & ~(full > 0)
    check.flag(bad_full, "full_mark", "满分不是正数", "大于 0 的数字", text["full_mark"])
    full = full.fillna(DEFAULT_FULL_MARK)
    out_of_range = score.notna() & ~bad_full & ((score < 0) | (score > full))
    check.flag(
        out_of_range, "score", "成绩超出本次考试的分数范围", lambda: "0–" + full.map("{:g}".format), text["score"]
    )
    exam_key = [years, text["exam"], text["subject"], grades]
    first_full = full.groupby(exam_key, dropna=False).transform("first")
    check.flag(
        ~bad_full & (full != first_full),
        "full_mark",
        "同一考试、科目、年级的满分不一致",
        lambda: "与该考试第一行相同：" + first_full.map("{:g}".format),
        text["full_mark"],
    )
    student_key = pd.DataFrame({"s": text["student_id"], "y": years, "e": text["exam"], "j": text["subject"]})
    repeated = student_key.duplicated(keep="first") & ~blank["student_id"]
    first_row = pd.Series(text.index + 2, index=text.index).groupby([student_key[c] for c in student_key], dropna=False)
    check.flag(
        repeated,
        "student_id",
        "同一学生、学年、考试、科目的成绩重复",
        "每人每科每次考试一行",
        lambda: text["student_id"] + "（与第 " + first_row.transform("first").astype(str) + " 行重复）",
    )
    if known_schools is not None:
        lookup = known_schools if callable(known_schools) else (lambda y: known_schools.get(y, ()))
        allowed = [(y, c) for y in years.dropna().unique() for c in lookup(int(y))]
        known = pd.Series(pd.MultiIndex.from_arrays([years, codes]).isin(allowed), index=text.index)
        check.flag(
            well_formed & years.notna() & ~known,
            "school_code",
            "学校标识码不在该学年的学校名录中",
            "该学年名录中的学校（先导入或核对学校名录）",
            lambda: codes + "（" + years.astype("Int64").astype(str) + " 学年）",
        )
    check.raise_if_any()
    frame = pd.DataFrame(
        {
            "student_id": text["student_id"],
            "school_code": codes,
            "school_year": years.astype("int64"),
            "grade": grades.astype(str),
            "subject": text["subject"],
            "score": score.astype("float64"),
            "exam": text["exam"],
            "full_mark": full.astype("float64"),
            "row": text.index + 2,  # as Excel shows it, for messages about this file after the checks
        }
    )
    return ScoreFile(
        frame=frame,
        warnings=tuple(warnings) + few_school_warnings(frame, path.name, sheet),
        sheet=sheet,
        letters=letters,
    )


def few_school_warnings(frame: pd.DataFrame, file: str, sheet: str) -> tuple[Problem, ...]:
    """Exams whose grade and subject have fewer schools than a value-added fit needs (not an error here:
    another file may bring the other schools of the same exam)."""
    counts = frame.groupby(["school_year", "exam", "grade", "subject"])["school_code"].nunique().reset_index()
    return tuple(
        Problem(
            file=file,
            sheet=sheet,
            message=f"{r.school_year} 学年“{r.exam}” {r.grade} 年级{r.subject}只有 {r.school_code} 所学校的成绩，"
            f"少于估计学校间方差所需的 {MIN_SCHOOLS} 所",
            severity="warning",
        )
        for r in counts[counts["school_code"] < MIN_SCHOOLS].itertuples()
    )
