"""Writes the bad-census corpus: one small workbook (or CSV folder) per mistake, each from the same valid base.

Run ``.venv/bin/python tests/data/bad_census/make_corpus.py`` to rewrite the files; the expected located
error of each is written in tests/ingest/test_census_corpus.py. The base is a hand-checked county of five
schools in 清城区 (the towns of the shared test world): every 学段 total equals its grades' sum.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter

HERE = Path(__file__).resolve().parent
Rows = list[list[Any]]
Book = dict[str, Rows]

SCHOOL_HEADER = [
    "学校标识码",
    "学校名称",
    "行政区划代码",
    "办学类型",
    "举办者",
    "普惠性",
    "城乡分类",
    "所属学校标识码",
    "教育集团",
    "经度",
    "纬度",
]
STAGE_HEADER = ["学校标识码", "学段", "在校生数", "班级数", "专任教师数", "高于规定学历专任教师数", "校舍建筑面积"]
GRADE_HEADER = [
    "学校标识码",
    "学段",
    "年级",
    "在校生数",
    "招生数",
    "班级数",
    "超标准班额班级数",
    "大班额班级数",
    "超大班额班级数",
]
POPULATION_HEADER = ["行政区划代码", "年份", "年龄", "常住人口数", "户籍人口数"]


def base_book() -> Book:
    """Five schools; 学段 totals are the sums of the 年级 rows below them (checked by hand in the comments)."""
    schools = [
        SCHOOL_HEADER,
        ["4418020001", "城南小学", "441802001", "小学", "公办", None, "城区", None, None, 113.05, 23.68],
        ["4418020002", "河西小学", "441802002", "小学", "公办", None, "城区", None, None, None, None],
        ["4418020004", "新城小学", "441802002", "小学", "公办", None, "城区", None, None, None, None],
        ["4418020005", "城南幼儿园", "441802001", "幼儿园", "民办", "是", "城区", None, None, None, None],
        [
            "4418020006",
            "东城九年一贯制学校",
            "441802002",
            "九年一贯制学校",
            "公办",
            None,
            "镇区",
            None,
            "东城教育集团",
            None,
            None,
        ],
    ]
    stages = [
        STAGE_HEADER,
        ["4418020001", "小学", 600, 12, 30, 28, 8200.5],  # grades 1–6: 100 pupils, 2 classes each
        ["4418020002", "小学", 400, 9, 22, 20, 5100],  # 70+70+65+65+65+65; 2+2+2+1+1+1
        ["4418020004", "小学", 120, 6, 8, 8, 2400],  # 20 pupils, 1 class each
        ["4418020005", "学前", 90, 3, 6, None, 1500],  # 25 + 30 + 35; 1 class each
        ["4418020006", "小学", 300, 6, 18, 17, None],  # 50 pupils, 1 class each
        ["4418020006", "初中", 150, 3, 12, 11, None],  # grades 7–9: 50 pupils, 1 class each
        ["4418020006", "全校", None, None, None, None, 9800],
    ]
    grades = [GRADE_HEADER]
    for grade in range(1, 7):
        grades.append(["4418020001", "小学", str(grade), 100, 100 if grade == 1 else None, 2, 0, 0, 0])
    for grade, pupils, classes in zip(range(1, 7), (70, 70, 65, 65, 65, 65), (2, 2, 2, 1, 1, 1), strict=True):
        grades.append(["4418020002", "小学", str(grade), pupils, None, classes, 1 if classes == 1 else 0, 0, 0])
    for grade in range(1, 7):
        grades.append(["4418020004", "小学", str(grade), 20, None, 1, 0, 0, 0])
    for grade, pupils in (("小班", 25), ("中班", 30), ("大班", 35)):
        grades.append(["4418020005", "学前", grade, pupils, None, 1, 0, 0, 0])
    for grade in range(1, 10):
        grades.append(["4418020006", "小学" if grade <= 6 else "初中", str(grade), 50, None, 1, 0, 0, 0])
    population = [POPULATION_HEADER]
    for town, base in (("441802001", 900), ("441802002", 700)):
        for age in range(3):
            population.append([town, 2022, age, base + 10 * age, base - 50])
    return {"学校": schools, "学段": stages, "年级": grades, "人口": population}


def write_xlsx(path: Path, book: Book, *, merge: str = "", blank_rows: tuple[str, int] | None = None) -> None:
    """Numbers as numbers, text as text, dates as dates; optional merged range on the first sheet's header."""
    # constant_memory streams rows to disk, so the million-row sheet is written in seconds.
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "constant_memory": bool(blank_rows)})
    workbook.set_properties({"created": dt.datetime(2000, 1, 1)})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    fill = workbook.add_format({"bg_color": "#FFFF00"})
    for name, rows in book.items():
        ws = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, value)
        if merge and name == "学段":
            ws.merge_range(merge, "学校标识码", workbook.add_format({"bold": True}))
        if blank_rows and name == blank_rows[0]:
            # A million rows that carry a fill but no value: what Excel leaves after formatting whole columns.
            for r in range(len(rows), blank_rows[1]):
                ws.write_blank(r, 0, None, fill)
    workbook.close()


def write_csv_folder(path: Path, book: Book, encoding: str) -> None:
    import csv

    path.mkdir(parents=True, exist_ok=True)
    for name, rows in book.items():
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([["" if v is None else v for v in row] for row in rows])
        (path / f"{name}.csv").write_bytes(buffer.getvalue().encode(encoding))


def with_cell(sheet: str, row: int, column: int, value: Any) -> Callable[[Book], Book]:
    """A change of one cell (row and column as Excel counts them, 1-based)."""

    def change(book: Book) -> Book:
        book[sheet][row - 1][column - 1] = value
        return book

    return change


def _drop_sheet(name: str) -> Callable[[Book], Book]:
    return lambda book: {k: v for k, v in book.items() if k != name}


def _rename_sheet(old: str, new: str) -> Callable[[Book], Book]:
    return lambda book: {(new if k == old else k): v for k, v in book.items()}


def _append(sheet: str, row: list[Any]) -> Callable[[Book], Book]:
    def change(book: Book) -> Book:
        book[sheet].append(row)
        return book

    return change


def _drop_column(sheet: str, index: int) -> Callable[[Book], Book]:
    def change(book: Book) -> Book:
        book[sheet] = [r[:index] + r[index + 1 :] for r in book[sheet]]
        return book

    return change


def _duplicate_column(book: Book) -> Book:
    book["学段"] = [[*r, r[2]] for r in book["学段"]]
    return book


def _drop_rows(sheet: str, code: str) -> Callable[[Book], Book]:
    return lambda book: {**book, sheet: [r for r in book[sheet] if r[0] != code]}


def _no_header(book: Book) -> Book:
    book["学校"][0] = ["学校基础数据"] + [None] * (len(SCHOOL_HEADER) - 1)
    return book


# File name → change of the base book. Each gives exactly the located errors the corpus test expects.
XLSX_CASES: dict[str, Callable[[Book], Book]] = {
    "missing_sheet.xlsx": _drop_sheet("人口"),
    "wrong_sheet_name.xlsx": _rename_sheet("学校", "学校信息"),
    "text_in_number.xlsx": with_cell("学段", 3, 3, "四百"),
    "negative_count.xlsx": with_cell("学段", 4, 5, -8),
    "decimal_headcount.xlsx": with_cell("学段", 2, 3, 600.5),
    "duplicate_school_code.xlsx": _append(
        "学校", ["4418020002", "河西小学分校", "441802002", "小学", "公办", None, "城区"]
    ),
    "stage_not_allowed.xlsx": _append("学段", ["4418020001", "初中", None, None, 3, None, None]),
    "stage_total_mismatch.xlsx": with_cell("学段", 2, 3, 610),
    "teachers_above_required.xlsx": with_cell("学段", 2, 6, 31),
    "unknown_region.xlsx": with_cell("学校", 3, 3, "441899001"),
    "school_code_length.xlsx": _append("学校", ["441802007", "东城小学", "441802002", "小学", "公办", None, "城区"]),
    "date_in_number.xlsx": with_cell("学段", 3, 4, dt.date(2022, 9, 1)),
    "missing_required_column.xlsx": _drop_column("学校", 3),
    "bad_enum.xlsx": with_cell("学校", 2, 5, "公立"),
    "grade_not_in_stage.xlsx": with_cell("年级", 7, 3, "7"),
    "classes_over_bands.xlsx": with_cell("年级", 9, 7, 3),
    "kindergarten_without_inclusive.xlsx": with_cell("学校", 5, 6, None),
    "duplicate_column.xlsx": _duplicate_column,
    "no_header.xlsx": _no_header,
    "grades_without_stage_row.xlsx": _drop_rows("学段", "4418020004"),
    "whole_school_row_with_teachers.xlsx": with_cell("学段", 8, 5, 30),
    "bad_thousands_separator.xlsx": with_cell("学段", 2, 3, "6,00"),
    "population_age_out_of_range.xlsx": with_cell("人口", 4, 3, 18),
    "coordinates_swapped.xlsx": lambda b: with_cell("学校", 2, 11, 113.05)(with_cell("学校", 2, 10, 23.68)(b)),
    "unknown_school_in_grades.xlsx": with_cell("年级", 2, 1, "4418020009"),
}


def write_corpus(folder: Path = HERE) -> list[str]:
    written = []
    for name, change in XLSX_CASES.items():
        write_xlsx(folder / name, change(copy.deepcopy(base_book())))
        written.append(name)
    write_xlsx(folder / "merged_header.xlsx", base_book(), merge="A1:B1")
    bad_population = with_cell("人口", 7, 4, -1)(base_book())
    big = folder / "million_blank_rows.xlsx"
    write_xlsx(big, bad_population, blank_rows=("年级", 1_000_000))
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "not_a_workbook.xlsx").write_text("学校标识码,学校名称\n4418020001,城南小学\n", encoding="utf-8")
    (folder / "pdf_renamed.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    _write_formula_workbook(folder / "formula_without_value.xlsx")
    _write_corrupt_sheet(folder / "corrupt_sheet.xlsx")
    _write_encrypted(folder / "encrypted.xlsx")
    csv_folder = folder / "csv_gbk_negative"
    shutil.rmtree(csv_folder, ignore_errors=True)
    write_csv_folder(csv_folder, with_cell("学段", 3, 5, -2)(base_book()), "gbk")
    undecodable = folder / "csv_undecodable"
    shutil.rmtree(undecodable, ignore_errors=True)
    write_csv_folder(undecodable, base_book(), "utf-8")
    (undecodable / "人口.csv").write_bytes(b"\xff\xfe\xff region,year\n")
    (folder / "single_file.csv").write_text("学校标识码\n4418020001\n", encoding="utf-8")
    written += [
        "merged_header.xlsx",
        "million_blank_rows.xlsx",
        "empty.xlsx",
        "not_a_workbook.xlsx",
        "pdf_renamed.xlsx",
        "formula_without_value.xlsx",
        "corrupt_sheet.xlsx",
        "encrypted.xlsx",
        "csv_gbk_negative",
        "csv_undecodable",
        "single_file.csv",
    ]
    return written


def _write_formula_workbook(path: Path) -> None:
    """openpyxl saves formulas without computing them, as any program that is not Excel does."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in base_book().items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(row)
    workbook["学段"]["C2"] = "=SUM(年级!D2:D7)"
    workbook.save(path)


def _write_corrupt_sheet(path: Path) -> None:
    """A workbook whose 学段 sheet XML was cut off half-way (an interrupted download or copy)."""
    import zipfile

    whole = path.with_suffix(".whole.xlsx")
    write_xlsx(whole, base_book())
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    whole.unlink()


def _write_encrypted(path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile  # the test extra; only needed to regenerate the corpus

    plain = io.BytesIO()
    write_xlsx(path, base_book())
    plain.write(path.read_bytes())
    plain.seek(0)
    out = io.BytesIO()
    OOXMLFile(plain).encrypt("eduplan", out)
    path.write_bytes(out.getvalue())


if __name__ == "__main__":
    names = write_corpus(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    print(f"wrote {len(names)} corpus entries")
