"""The 积分入学 applicant workbook (docs/admission.md §Applicant workbook): template, reading and checking.

One row per application on the sheet ``申请人``: the application number, the child's name (kept only for the
admissions office), grade and area (片区/镇街), the family facts the rubrics read (``standards.admission.FACTS``) and
the 志愿 in order. Every problem is located (file, sheet, cell, expected, found); a file with any error yields
nothing. The application number leaves this module only as a keyed hash (HMAC-SHA256, the key of docs/scores.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from eduplan.errors import IngestError, Problem
from eduplan.ingest.cell_text import cell_text
from eduplan.ingest.census_reader import column_letters
from eduplan.ingest.pseudonyms import pseudonymise
from eduplan.ingest.workbook import open_workbook
from eduplan.standards.admission import FACTS

SHEET = "申请人"
MAX_ROWS = 200_000  # a large district's year is ~20,000; refuse anything an order of magnitude beyond
MAX_BYTES = 50 * 1024 * 1024
MAX_CHOICES = 20  # columns 志愿1 … 志愿20 are read; the policy's own cap is checked too
MAX_PROBLEMS = 50
MAX_MONTHS = 720

ID, NAME, GRADE, AREA = "申请编号", "子女姓名", "申请年级", "片区"
SPOUSE: dict[str, str] = {"spouse_employment_months": "配偶就业月数", "spouse_ins_pension_months": "配偶养老保险月数"}
FACT_LABELS: dict[str, str] = {f.label: f.key for f in FACTS.values() if f.key != "grade"} | {
    v: k for k, v in SPOUSE.items()
}
FLAG_WORDS = {"是": True, "有": True, "y": True, "yes": True, "true": True, "1": True,
              "否": False, "无": False, "n": False, "no": False, "false": False, "0": False}  # fmt: skip
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


@dataclass(frozen=True)
class ApplicantFile:
    """A checked workbook: ``applicant`` (pseudonym), ``name``, ``grade``, ``area``, facts, ``choices``, ``row``."""

    frame: pd.DataFrame
    filename: str


def choice_label(n: int) -> str:
    return f"志愿{n}"


def template_columns() -> list[tuple[str, str]]:
    """(header, what to write) for the template, in order."""
    columns = [
        (ID, "必填；本区申请编号，导入时假名化"),
        (NAME, "选填；仅招生办可见"),
        (GRADE, "必填；1 或 7"),
        (AREA, "必填；申请人居住的片区或镇街（滑档在此范围内）"),
    ]
    for fact in FACTS.values():
        if fact.key == "grade":
            continue
        hint = {
            "date": "日期，如 2019-05-31",
            "birth_date": "日期，如 1986-01-01",
            "months": f"整数月数 0–{MAX_MONTHS}",
            "flag": "是 / 否",
            "level": " / ".join(fact.levels),
            "number": "数字",
        }[fact.kind]
        columns.append((fact.label, hint + (f"；{fact.notes}" if fact.notes else "")))
    columns += [(label, f"整数月数 0–{MAX_MONTHS}（夫妻合计计分的细则用）") for label in SPOUSE.values()]
    columns += [(choice_label(n), "学校标识码（10 位）；按志愿顺序连续填写") for n in range(1, 5)]
    return columns


def write_template(path: Path) -> None:
    """An empty workbook with the headers and a sheet explaining each column."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    head = book.add_format({"bold": True})
    sheet = book.add_worksheet(SHEET)
    notes = book.add_worksheet("填写说明")
    for col, (header, hint) in enumerate(template_columns()):
        sheet.write(0, col, header, head)
        notes.write(col, 0, header, head)
        notes.write(col, 1, hint)
    book.close()


def _read(path: Path) -> list[list[str]]:
    if not path.exists():
        raise IngestError([Problem(file=path.name, message="文件不存在")])
    if path.stat().st_size > MAX_BYTES:
        raise IngestError([Problem(file=path.name, message="文件过大", expected=f"不超过 {MAX_BYTES // 2**20} MB")])
    book = open_workbook(path, "admission")
    if SHEET not in book.sheet_names:
        found = "、".join(book.sheet_names)
        raise IngestError(
            [Problem(file=path.name, message="缺少工作表", expected=f"名为“{SHEET}”的工作表", found=found)]
        )
    rows = book.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
    if len(rows) - 1 > MAX_ROWS:
        raise IngestError(
            [
                Problem(
                    file=path.name,
                    sheet=SHEET,
                    message="行数过多",
                    expected=f"不超过 {MAX_ROWS} 行",
                    found=str(len(rows) - 1),
                )
            ]
        )
    return [[cell_text(v) for v in row] for row in rows]


def _date(text: str) -> dt.date | None:
    match = _DATE.fullmatch(text.replace("00:00:00", "").strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


class _Problems:
    def __init__(self, filename: str, letters: dict[str, str]) -> None:
        self.filename, self.letters, self.total = filename, letters, 0
        self.items: list[Problem] = []

    def add(self, row: int, header: str, message: str, expected: str = "", found: str = "") -> None:
        self.total += 1
        if len(self.items) < MAX_PROBLEMS:
            column = self.letters.get(header, "")
            self.items.append(Problem(self.filename, message, SHEET, row, column, header, expected, found))


def read_applicants(
    path: Path,
    key: bytes,
    *,
    schools: Collection[str] | Mapping[str, Collection[int]] = (),
    max_choices: int = MAX_CHOICES,
    filename: str = "",
) -> ApplicantFile:
    """Read and check the workbook; raise ``IngestError`` listing every located problem (capped at 50).

    ``schools``: the codes with seats this year, or code → the grades it has seats for."""
    name = filename or path.name
    rows = _read(path)
    if not rows:
        raise IngestError([Problem(file=name, sheet=SHEET, message="工作表为空", expected="第 1 行为表头")])
    header = rows[0]
    letters = {h: column_letters(i) for i, h in enumerate(header) if h}
    problems = _Problems(name, letters)
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        if h and h in seen:
            problems.add(1, h, "列名重复", found=f"{column_letters(seen[h])}1 与 {column_letters(i)}1")
        seen.setdefault(h, i)
    for required in (ID, GRADE, AREA, choice_label(1)):
        if required not in seen:
            problems.total += 1
            problems.items.append(Problem(name, "缺少必填列", SHEET, 1, expected=required, found="、".join(header)))
    if problems.total:
        raise IngestError(problems.items, problems.total)
    choice_columns = [choice_label(n) for n in range(1, MAX_CHOICES + 1) if choice_label(n) in seen]
    known = set(schools)
    grades_of = {str(k): set(v) for k, v in schools.items()} if isinstance(schools, Mapping) else {}
    fact_columns = [h for h in seen if h in FACT_LABELS]  # in the file's column order
    records: list[dict[str, object]] = []
    ids: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cells):
            continue
        cell = {h: (cells[i] if i < len(cells) else "") for h, i in seen.items() if h}
        record: dict[str, object] = {"row": number}
        raw_id = cell[ID]
        if not raw_id:
            problems.add(number, ID, "申请编号为空")
        elif raw_id in ids:
            problems.add(number, ID, "申请编号重复", found=f"与第 {ids[raw_id]} 行相同")
        else:
            ids[raw_id] = number
        record["raw_id"] = raw_id
        record["name"] = cell.get(NAME, "")
        grade = cell[GRADE].removesuffix("年级")
        if grade not in {str(g) for g in range(1, 10)}:
            problems.add(number, GRADE, "申请年级无法识别", expected="1–9 的整数", found=cell[GRADE] or "空白")
        record["grade"] = int(grade) if grade.isdigit() else None
        if not cell[AREA]:
            problems.add(number, AREA, "片区为空", expected="片区或镇街名称")
        record["area"] = cell[AREA]
        for label in fact_columns:
            record[FACT_LABELS[label]] = _fact(FACT_LABELS[label], cell[label], number, label, problems)
        choices = [cell[c] for c in choice_columns]
        while choices and not choices[-1]:
            choices.pop()
        if "" in choices:
            problems.add(number, choice_columns[choices.index("")], "志愿中间有空缺", expected="按志愿顺序连续填写")
        if len(choices) > max_choices:
            problems.add(
                number,
                choice_columns[max_choices],
                "志愿数超过上限",
                expected=f"至多 {max_choices} 个",
                found=str(len(choices)),
            )
        for col, code in zip(choice_columns, choices, strict=False):
            if code and (not code.isdigit() or len(code) != 10):
                problems.add(number, col, "学校标识码格式不对", expected="10 位数字", found=code)
            elif code and known and code not in known:
                problems.add(number, col, "该校没有本年度积分入学学位", expected="学位表中的学校", found=code)
            elif code and grades_of and record["grade"] not in grades_of.get(code, ()):
                offered = "、".join(str(g) for g in sorted(grades_of[code]))
                problems.add(number, col, "该校没有本年级的积分入学学位", expected=f"{offered} 年级", found=code)
        duplicates = sorted({c for c in choices if c and choices.count(c) > 1})
        if duplicates:
            problems.add(number, choice_columns[0], "同一学校重复填报", found="、".join(duplicates))
        record["choices"] = [c for c in choices if c]
        records.append(record)
    if not records:
        problems.add(2, ID, "没有申请记录", expected="至少一行申请")
    if problems.total:
        raise IngestError(problems.items, problems.total)
    frame = pd.DataFrame(records)
    frame.insert(0, "applicant", pseudonymise(frame.pop("raw_id").astype(str), key))
    return ApplicantFile(frame=frame, filename=name)


def _fact(key: str, text: str, row: int, label: str, problems: _Problems) -> object:
    if not text:
        return None
    kind = FACTS[key].kind if key in FACTS else "months"
    if kind in ("date", "birth_date"):
        day = _date(text)
        if day is None or not (1900 <= day.year <= 2100):
            problems.add(row, label, "日期无法识别", expected="如 2019-05-31", found=text)
        return day
    if kind == "months":
        if not text.isdigit() or int(text) > MAX_MONTHS:
            problems.add(row, label, "月数应为整数", expected=f"0–{MAX_MONTHS}", found=text)
            return None
        return int(text)
    if kind == "flag":
        if text.lower() not in FLAG_WORDS:
            problems.add(row, label, "应填是或否", expected="是 / 否", found=text)
            return None
        return FLAG_WORDS[text.lower()]
    levels = FACTS[key].levels
    if text not in levels:
        problems.add(row, label, "取值不在可选范围", expected=" / ".join(levels), found=text)
        return None
    return text


def write_applicants(path: Path, frame: pd.DataFrame) -> None:
    """A filled workbook from a frame with ``applicant`` (the raw number), ``name``, ``grade``, ``area``, facts and
    ``choices`` — the demo and the tests write what the bureau would upload."""
    import xlsxwriter

    headers = [h for h, _ in template_columns()]
    width = max([4, *(len(c) for c in frame["choices"])])
    headers += [choice_label(n) for n in range(5, width + 1)]
    keys = {ID: "applicant", NAME: "name", GRADE: "grade", AREA: "area"} | FACT_LABELS
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet(SHEET)
    sheet.write_row(0, 0, headers)
    for r, record in enumerate(frame.to_dict(orient="records"), start=1):
        cells: list[object] = []
        for header in headers:
            if header.startswith("志愿") and header[2:].isdigit():
                wanted = record["choices"]
                n = int(header[2:])
                cells.append(wanted[n - 1] if n <= len(wanted) else "")
                continue
            value = record.get(keys.get(header, ""), "")
            if value is None or (isinstance(value, float) and pd.isna(value)):
                value = ""
            elif isinstance(value, bool) or (hasattr(value, "dtype") and str(getattr(value, "dtype", "")) == "bool"):
                value = "是" if value else "否"
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif hasattr(value, "item"):
                value = value.item()
            cells.append(value)
        sheet.write_row(r, 0, cells)
    book.close()
