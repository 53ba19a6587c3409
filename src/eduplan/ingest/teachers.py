"""The teacher roster workbook (docs/teachers.md): template, reading and checking, pseudonymising.

One workbook per school year with three sheets: ``教师名册`` (one row per teacher), ``交流调动`` (transfers of the
year) and ``培训学时`` (training hours of the year). Every problem is located (file, sheet, row as Excel shows it,
column letters, expected, found); a workbook with any error yields nothing.

The 身份证号 is checked (18 characters, a real birth date, the GB 11643-1999 check character) and replaced at once by
``HMAC-SHA256(key, 身份证号)`` — the key and the hashing of the student scores (docs/scores.md); sex and birth
year and month are read from the number. The number itself is in no returned value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from eduplan.errors import IngestError, Problem
from eduplan.ingest.cell_text import cell_text
from eduplan.ingest.census_reader import column_letters
from eduplan.ingest.workbook import open_workbook
from eduplan.standards.teachers import (
    BACKBONE_LEVELS,
    EDUCATION_LEVELS,
    ESTABLISHMENTS,
    POST_KINDS,
    TITLES,
    TRANSFER_KINDS,
)

PSEUDONYM_HEX = 32
MAX_PROBLEMS = 50
STAGES = ("学前", "小学", "初中", "高中")
YES_NO = ("是", "否")
MAX_HOURS_PER_RECORD = 400.0


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    required: bool
    kind: str  # id | school | year | enum | text | hours | date | bool
    choices: tuple[str, ...] = ()
    note: str = ""


ROSTER = "教师名册"
TRANSFERS = "交流调动"
TRAINING = "培训学时"
SHEETS: dict[str, tuple[Col, ...]] = {
    ROSTER: (
        Col("id_number", "身份证号", True, "id", note="导入时以密钥哈希假名化，原值不保存；性别、出生年月由此读取"),
        Col("school_code", "学校标识码", True, "school", note="10 位全国学校标识码：本学年任教学校"),
        Col("stage", "任教学段", True, "enum", STAGES),
        Col("since", "到校学年", True, "year", note="到本校任教的学年（起始年份），如 2017"),
        Col("post_kind", "岗位类别", True, "enum", POST_KINDS),
        Col("education", "最高学历", True, "enum", EDUCATION_LEVELS),
        Col("first_education", "第一学历", False, "enum", EDUCATION_LEVELS),
        Col("title", "职称", True, "enum", TITLES),
        Col("post_level", "岗位等级", False, "text", note="如 专技十级"),
        Col("establishment", "编制类型", True, "enum", ESTABLISHMENTS),
        Col("subjects", "任教学科", True, "text", note="多个学科用分号隔开，第一个为主要任教学科"),
        Col("backbone_level", "骨干级别", False, "enum", BACKBONE_LEVELS, note="空白 = 不是骨干"),
        Col("backbone_since", "骨干认定年份", False, "year"),
        Col("head_teacher", "班主任", False, "bool", YES_NO),
        Col("certificate", "教师资格", False, "text", note="如 小学教师资格；空白或“无” = 未持证"),
    ),
    TRANSFERS: (
        Col("id_number", "身份证号", True, "id"),
        Col("date", "调动日期", True, "date", note="如 2023-09-01"),
        Col("kind", "类型", True, "enum", TRANSFER_KINDS),
        Col("from_school", "调出学校标识码", True, "school"),
        Col("to_school", "调入学校标识码", True, "school"),
    ),
    TRAINING: (
        Col("id_number", "身份证号", True, "id"),
        Col("kind", "培训类别", True, "text", note="如 集中培训、网络研修、校本研修"),
        Col("hours", "学时", True, "hours", note=f"大于 0，不超过 {MAX_HOURS_PER_RECORD:g}"),
    ),
}

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")


def id_check_character(first17: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits of a 身份证号."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def parse_id_number(raw: str) -> tuple[str, int, int] | str:
    """(sex, birth year, birth month) of a valid 18-character 身份证号, else the reason it is not valid."""
    text = raw.strip().upper()
    if not _ID_PATTERN.match(text):
        return "应为 18 位：17 位数字加 1 位数字或 X"
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return "第 7–14 位不是有效的出生日期"
    if not 1900 <= born.year <= dt.date.today().year:
        return "出生年份不合理"
    if id_check_character(text[:17]) != text[17]:
        return "校验码不符（第 18 位）"
    return ("男" if int(text[16]) % 2 else "女"), born.year, born.month


def pseudonym(raw: str, key: bytes) -> str:
    """HMAC-SHA256 of the 身份证号 (trimmed, upper-cased) under ``key``, as 32 hex characters."""
    return hmac.new(key, raw.strip().upper().encode(), hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]


@dataclass(frozen=True)
class TeacherWorkbook:
    """A checked workbook, pseudonymised: ``roster`` (``teacher_id`` + sex, birth year and month + the roster's
    columns), ``transfers`` and ``training`` (``teacher_id`` + their columns), and the warnings."""

    year: int
    roster: pd.DataFrame
    transfers: pd.DataFrame
    training: pd.DataFrame
    warnings: tuple[Problem, ...] = field(default=())


def _read_sheets(path: Path) -> dict[str, list[list[str]]]:
    book = open_workbook(path, "teachers")
    missing = [name for name in (ROSTER, TRANSFERS, TRAINING) if name not in book.sheet_names]
    if ROSTER in missing:
        raise IngestError(
            [
                Problem(
                    file=path.name,
                    message=f"缺少工作表“{ROSTER}”",
                    expected="、".join(SHEETS),
                    found="、".join(book.sheet_names),
                )
            ]
        )
    out: dict[str, list[list[str]]] = {}
    for name in SHEETS:
        if name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            out[name] = [[cell_text(v) for v in row] for row in rows]
        else:
            out[name] = []
    return out


class _Checker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[Problem] = []
        self.total = 0
        self.letters: dict[str, dict[str, str]] = {}  # sheet → column key → the file's column letters

    def add(self, sheet: str, row: int | None, letters: str, key: str, message: str, expected: str, found: str) -> None:
        self.total += 1
        letters = letters or self.letters.get(sheet, {}).get(key, "")
        if len(self.errors) < MAX_PROBLEMS:
            self.errors.append(
                Problem(
                    file=self.file,
                    sheet=sheet,
                    row=row,
                    column=letters,
                    column_key=key,
                    message=message,
                    expected=expected,
                    found=found or "（空白）",
                )
            )

    def raise_if_any(self) -> None:
        if self.total:
            raise IngestError(self.errors, total=self.total)


def _year(text: str) -> int | None:
    match = re.match(r"^(\d{4})", text)
    return int(match.group(1)) if match and 1950 <= int(match.group(1)) <= 2100 else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-")[:10])
    except ValueError:
        return None


def _check_sheet(
    rows: list[list[str]],
    sheet: str,
    check: _Checker,
    known: Collection[str],
    key: bytes,
    warnings: list[Problem],
) -> pd.DataFrame:
    columns = SHEETS[sheet]
    if not rows:
        return pd.DataFrame(columns=["row", "teacher_id", *(c.key for c in columns if c.key != "id_number")])
    before = check.total
    header = [h.strip() for h in rows[0]]
    by_name = {c.label: c for c in columns} | {c.key: c for c in columns}
    position: dict[str, int] = {}
    for i, name in enumerate(header):
        col = by_name.get(name)
        if col is None:
            if name:
                warnings.append(
                    Problem(check.file, f"未知的列“{name}”，已忽略", sheet, 1, column_letters(i), severity="warning")
                )
        elif col.key in position:
            check.add(sheet, 1, column_letters(i), col.key, f"列“{name}”重复", "每列一次", name)
        else:
            position[col.key] = i
    check.letters[sheet] = {k: column_letters(i) for k, i in position.items()}
    for col in columns:
        if col.required and col.key not in position:
            check.add(sheet, 1, "", col.key, f"缺少必填列“{col.label}”", "、".join(c.label for c in columns), "")
    if check.total > before:
        return pd.DataFrame()
    records: list[dict[str, Any]] = []
    for number, raw in enumerate(rows[1:], start=2):
        cells = {k: (raw[i] if i < len(raw) else "") for k, i in position.items()}
        if not any(cells.values()):
            continue
        record: dict[str, Any] = {"row": number}
        for col in columns:
            value = cells.get(col.key, "")
            letters = column_letters(position[col.key]) if col.key in position else ""
            parsed = _parse_cell(col, value, known)
            if isinstance(parsed, _Bad):
                shown = _masked(value) if col.kind == "id" else value
                check.add(sheet, number, letters, col.key, parsed.message, parsed.expected, shown)
                continue
            if col.kind == "id":
                assert isinstance(parsed, tuple)
                record["teacher_id"] = pseudonym(value, key)
                record["sex"], record["birth_year"], record["birth_month"] = parsed
            else:
                record[col.key] = parsed
        records.append(record)
    return pd.DataFrame(records)


def _masked(raw: str) -> str:
    """An invalid 身份证号 as a message shows it: the region and the last four characters, the rest hidden."""
    text = raw.strip()
    return text[:6] + "*" * max(len(text) - 10, 0) + text[-4:] if len(text) > 10 else "*" * len(text)


@dataclass(frozen=True)
class _Bad:
    message: str
    expected: str


def _parse_cell(col: Col, value: str, known: Collection[str]) -> object:
    if not value:
        if col.required:
            return _Bad(f"必填项“{col.label}”为空", col.note or "非空")
        return None if col.kind in ("year", "hours") else ""
    if col.kind == "id":
        parsed = parse_id_number(value)
        if isinstance(parsed, str):
            return _Bad(f"身份证号无效：{parsed}", "18 位有效身份证号")
        return parsed
    if col.kind == "school":
        if not re.fullmatch(r"\d{10}", value):
            return _Bad("学校标识码应为 10 位数字", "10 位数字")
        if known and value not in known:
            return _Bad("学校标识码不在本学年的学校名册中", "本学年在册学校")
        return value
    if col.kind == "year":
        year = _year(value)
        return year if year is not None else _Bad(f"“{col.label}”不是有效年份", "如 2017")
    if col.kind == "date":
        date = _date(value)
        return date if date is not None else _Bad(f"“{col.label}”不是有效日期", "如 2023-09-01")
    if col.kind in ("enum", "bool"):
        if value not in col.choices:
            return _Bad(f"“{col.label}”不是可用的值", "、".join(col.choices))
        return value == "是" if col.kind == "bool" else value
    if col.kind == "hours":
        try:
            hours = float(value)
        except ValueError:
            return _Bad("学时应为数字", f"大于 0，不超过 {MAX_HOURS_PER_RECORD:g}")
        if not 0 < hours <= MAX_HOURS_PER_RECORD:
            return _Bad("学时超出范围", f"大于 0，不超过 {MAX_HOURS_PER_RECORD:g}")
        return hours
    return value


KnownSchools = Collection[str] | Callable[[], Collection[str]]


def read_teachers(path: Path, year: int, key: bytes, known_schools: Collection[str] = ()) -> TeacherWorkbook:
    """Read and check a roster workbook of school ``year`` against the registry's ``known_schools`` that year."""
    sheets = _read_sheets(path)
    check = _Checker(path.name)
    warnings: list[Problem] = []
    frames = {name: _check_sheet(rows, name, check, known_schools, key, warnings) for name, rows in sheets.items()}
    check.raise_if_any()
    roster, transfers, training = frames[ROSTER], frames[TRANSFERS], frames[TRAINING]
    if roster.empty:
        raise IngestError(
            [Problem(file=path.name, sheet=ROSTER, message="教师名册没有数据行", expected="至少一名教师")]
        )
    _cross_checks(path.name, year, roster, transfers, check)
    check.raise_if_any()
    if not transfers.empty:
        transfers = transfers.assign(year=year)
    if not training.empty:
        training = training.assign(year=year)
    return TeacherWorkbook(year, roster, transfers, training, tuple(warnings))


def _cross_checks(file: str, year: int, roster: pd.DataFrame, transfers: pd.DataFrame, check: _Checker) -> None:
    first: dict[str, int] = {}
    for row, teacher in zip(roster["row"], roster["teacher_id"], strict=True):
        if teacher in first:
            check.add(ROSTER, int(row), "", "id_number", f"同一身份证号出现两次（第一次在第 {first[teacher]} 行）",
                      "每名教师一行", "重复")  # fmt: skip
        else:
            first[teacher] = int(row)
    late = roster[roster["since"] > year]
    for row, since in zip(late["row"], late["since"], strict=True):
        check.add(ROSTER, int(row), "", "since", "到校学年晚于名册学年", f"不晚于 {year}", str(since))
    if transfers.empty:
        return
    school = roster.drop_duplicates("teacher_id").set_index("teacher_id")["school_code"]
    for row, teacher, when, source, target in transfers[
        ["row", "teacher_id", "date", "from_school", "to_school"]
    ].itertuples(index=False):
        if source == target:
            check.add(TRANSFERS, int(row), "", "to_school", "调出与调入学校相同", "两所不同的学校", target)
        school_year = when.year if when.month >= 9 else when.year - 1
        if school_year != year:
            check.add(TRANSFERS, int(row), "", "date", "调动日期不在本学年内", f"{year}-09-01 至 {year + 1}-08-31",
                      when.isoformat())  # fmt: skip
        if teacher in school.index and school[teacher] != target:
            check.add(TRANSFERS, int(row), "", "to_school", "调入学校与名册中的任教学校不一致", str(school[teacher]),
                      target)  # fmt: skip


def write_template(path: Path) -> Path:
    """An empty workbook with the three sheets, their headers, and a 说明 sheet describing every column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([c.label for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for i, _ in enumerate(columns):
            sheet.column_dimensions[column_letters(i)].width = 16
    notes = book.create_sheet("说明")
    notes.append(["工作表", "列", "必填", "说明"])
    for name, columns in SHEETS.items():
        for c in columns:
            choices = "、".join(c.choices)
            notes.append([name, c.label, "是" if c.required else "否", "；".join(x for x in (c.note, choices) if x)])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
