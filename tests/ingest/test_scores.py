"""The student-score contract: good files read, bad ones rejected with located messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from eduplan.errors import IngestError
from eduplan.ingest.scores import SCORES_SHEET, normalise_grade, normalise_school_year, read_scores

HEADER = "学籍号,学校标识码,学年,年级,科目,成绩,考试名称,满分"
GOOD_ROWS = [
    "G440000201001010011,4418020001,2023,七年级,数学,88,期末统考,120",
    "G440000201001010022,4418020002,2023-2024,7,数学,120,期末统考,120",
    "G440000201001010033,4418020004,2023,初一,数学,,期末统考,120",
]
KNOWN = {2023: {"4418020001", "4418020002", "4418020004"}}


def write_csv(tmp_path: Path, rows: list[str], header: str = HEADER, encoding: str = "utf-8") -> Path:
    path = tmp_path / "scores.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding=encoding)
    return path


def rejected(path: Path, known: dict[int, set[str]] | None = KNOWN) -> list[str]:
    with pytest.raises(IngestError) as caught:
        read_scores(path, known)
    return str(caught.value).splitlines()


def test_a_good_csv_reads_into_contract_columns(tmp_path: Path) -> None:
    checked = read_scores(write_csv(tmp_path, GOOD_ROWS), KNOWN)
    frame = checked.frame
    assert list(frame["school_year"]) == [2023, 2023, 2023]
    assert list(frame["grade"]) == ["7", "7", "7"]
    assert list(frame["score"].fillna(-1)) == [88.0, 120.0, -1.0]  # blank = absent
    assert list(frame["full_mark"]) == [120.0, 120.0, 120.0]
    assert list(frame["row"]) == [2, 3, 4]


def test_a_gbk_csv_reads_the_same(tmp_path: Path) -> None:
    checked = read_scores(write_csv(tmp_path, GOOD_ROWS, encoding="gb18030"), KNOWN)
    assert list(checked.frame["subject"]) == ["数学"] * 3


def test_an_xlsx_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "scores.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("成绩")
    for r, line in enumerate([HEADER, *GOOD_ROWS]):
        for c, value in enumerate(line.split(",")):
            if r and c in (2, 5, 7) and value.isdigit():
                sheet.write_number(r, c, int(value))  # Excel keeps years and scores as numbers
            else:
                sheet.write_string(r, c, value)
    book.close()
    frame = read_scores(path, KNOWN).frame
    assert list(frame["school_year"]) == [2023, 2023, 2023]
    assert list(frame["score"].fillna(-1)) == [88.0, 120.0, -1.0]
    assert next(iter(frame["student_id"])) == "G440000201001010011"


def test_duplicate_student_subject_exam_rows_name_both_rows(tmp_path: Path) -> None:
    rows = [*GOOD_ROWS, "G440000201001010011,4418020001,2023,7,数学,90,期末统考,120"]
    assert rejected(write_csv(tmp_path, rows)) == [
        "scores.csv:成绩!A5: 同一学生、学年、考试、科目的成绩重复；应为 每人每科每次考试一行，"
        "实际为 G440000201001010011（与第 2 行重复）"
    ]


def test_score_above_the_full_mark_is_out_of_range(tmp_path: Path) -> None:
    rows = [*GOOD_ROWS[:2], "G440000201001010033,4418020004,2023,7,数学,121,期末统考,120"]
    assert rejected(write_csv(tmp_path, rows)) == [
        "scores.csv:成绩!F4: 成绩超出本次考试的分数范围；应为 0–120，实际为 121"
    ]


def test_without_a_full_mark_column_scores_are_out_of_100(tmp_path: Path) -> None:
    header = "学籍号,学校标识码,学年,年级,科目,成绩,考试名称"
    rows = ["G1,4418020001,2023,7,数学,101,期末统考", "G2,4418020001,2023,7,数学,-1,期末统考"]
    assert rejected(write_csv(tmp_path, rows, header)) == [
        "scores.csv:成绩!F2: 成绩超出本次考试的分数范围；应为 0–100，实际为 101",
        "scores.csv:成绩!F3: 成绩超出本次考试的分数范围；应为 0–100，实际为 -1",
    ]


def test_a_school_code_unknown_in_that_year_is_rejected(tmp_path: Path) -> None:
    # 4418020003 is in the registry for 2021 but not for 2023 (it closed in 2022).
    rows = [*GOOD_ROWS, "G440000201001010044,4418020003,2023,7,数学,70,期末统考,120"]
    known = {**KNOWN, 2021: {"4418020003"}}
    assert rejected(write_csv(tmp_path, rows), known) == [
        "scores.csv:成绩!B5: 学校标识码不在该学年的学校名录中；应为 该学年名录中的学校（先导入或核对学校名录），"
        "实际为 4418020003（2023 学年）"
    ]


def test_known_schools_may_be_a_function_of_the_year(tmp_path: Path) -> None:
    asked: list[int] = []

    def registry(year: int) -> set[str]:
        asked.append(year)
        return KNOWN[year]

    assert len(read_scores(write_csv(tmp_path, GOOD_ROWS), registry).frame) == 3
    assert asked == [2023]


def test_unreadable_values_are_located(tmp_path: Path) -> None:
    rows = ["G1,441802000X,2023-2025,初四,数学,八十,期末统考,0", "G2,4418020001,2023,7,,80,,120"]
    assert rejected(write_csv(tmp_path, rows)) == [
        "scores.csv:成绩!B2: 学校标识码格式错误；应为 10 位数字，实际为 441802000X",
        "scores.csv:成绩!C2: 学年无法识别；应为 如 2023 或 2023-2024，实际为 2023-2025",
        "scores.csv:成绩!D2: 年级无法识别；应为 1–12，或 七年级、初一、高二，实际为 初四",
        "scores.csv:成绩!F2: 成绩不是数字；应为 数字，或空白表示缺考，实际为 八十",
        "scores.csv:成绩!H2: 满分不是正数；应为 大于 0 的数字，实际为 0",
        "scores.csv:成绩!E3: “科目”不能为空；应为 非空，实际为 （空白）",
        "scores.csv:成绩!G3: “考试名称”不能为空；应为 非空，实际为 （空白）",
    ]


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    header = "学籍号,学校标识码,学年,年级,成绩,考试名称"
    assert rejected(write_csv(tmp_path, ["G1,4418020001,2023,7,80,期末统考"], header)) == [
        "scores.csv:成绩!1: 缺少必填列“科目”；应为 学籍号、学校标识码、学年、年级、科目、考试名称"
    ]


def test_blank_lines_keep_the_row_numbers_excel_shows(tmp_path: Path) -> None:
    rows = [GOOD_ROWS[0], ",,,,,,,", "G9,4418020001,2023,7,数学,200,期末统考,120"]
    assert rejected(write_csv(tmp_path, rows)) == [
        "scores.csv:成绩!F4: 成绩超出本次考试的分数范围；应为 0–120，实际为 200"
    ]


def test_too_few_schools_for_an_exam_is_a_warning_not_an_error(tmp_path: Path) -> None:
    checked = read_scores(write_csv(tmp_path, [*GOOD_ROWS[:2], "G3,4418020001,2023,8,语文,90,期末统考,120"]), KNOWN)
    assert [str(w) for w in checked.warnings] == [
        "scores.csv:成绩: 2023 学年“期末统考” 7 年级数学只有 2 所学校的成绩，少于估计学校间方差所需的 3 所",
        "scores.csv:成绩: 2023 学年“期末统考” 8 年级语文只有 1 所学校的成绩，少于估计学校间方差所需的 3 所",
    ]


def test_unknown_columns_are_reported_as_warnings(tmp_path: Path) -> None:
    checked = read_scores(write_csv(tmp_path, [r + ",男" for r in GOOD_ROWS], HEADER + ",性别"), KNOWN)
    assert str(checked.warnings[0]) == "scores.csv:成绩!I1: 未知的列“性别”，已忽略"


def test_the_problem_list_is_capped_but_counted(tmp_path: Path) -> None:
    rows = [f"G{i},4418020001,2023,7,数学,999,期末统考,120" for i in range(60)]
    lines = rejected(write_csv(tmp_path, rows))
    assert len(lines) == 51
    assert lines[-1] == "……另有 10 处问题未列出"


@pytest.mark.parametrize(
    ("raw", "grade"),
    [("7", "7"), ("七年级", "7"), ("初一", "7"), ("初三", "9"), ("高一", "10"), ("十二年级", "12"), ("1年级", "1")],
)
def test_grades_are_normalised(raw: str, grade: str) -> None:
    assert normalise_grade(raw) == grade


@pytest.mark.parametrize("raw", ["0", "13", "初四", "小班", "高"])
def test_grades_outside_school_are_not_recognised(raw: str) -> None:
    assert normalise_grade(raw) is None


@pytest.mark.parametrize(
    ("raw", "year"), [("2023", 2023), ("2023-2024", 2023), ("2023—2024学年", 2023), ("2023-2025", None), ("23", None)]
)
def test_school_years(raw: str, year: int | None) -> None:
    assert normalise_school_year(raw) == year


def test_every_column_of_the_contract_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "scores.md").read_text(encoding="utf-8")
    for column in SCORES_SHEET.columns:
        assert f"| `{column.key}` | {column.label} |" in doc, column.key


def test_a_header_without_rows_is_an_error(tmp_path: Path) -> None:
    assert rejected(write_csv(tmp_path, [])) == ["scores.csv:成绩: 文件没有数据行；应为 至少一行成绩"]


def test_a_workbook_of_several_sheets_needs_one_named_scores(tmp_path: Path) -> None:
    path = tmp_path / "scores.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("七年级").write_string(0, 0, "学籍号")
    book.add_worksheet("八年级").write_string(0, 0, "学籍号")
    book.close()
    assert rejected(path) == ["scores.xlsx: 工作簿有多个工作表；应为 名为“成绩”的工作表，实际为 七年级、八年级"]
