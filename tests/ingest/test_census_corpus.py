"""The bad-census corpus: every file gives its own located errors, exactly, and leaves the store as it was.

The files are written by tests/data/bad_census/make_corpus.py from one valid base workbook (school year
2022 of the shared test world's county); each expected message below was checked by hand against the
change that file makes to the base.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eduplan.errors import IngestError
from eduplan.store.census_import import do_import_census

from .census_corpus import CORPUS, YEAR, make_corpus, store_dump

EXPECTED: dict[str, list[str]] = {
    "corrupt_sheet.xlsx": [
        "corrupt_sheet.xlsx:学段: 工作表已损坏，无法读取：请在 Excel 中打开后另存为 .xlsx 再导入；应为 完整的工作表，实际为 损坏的工作表"
    ],
    "bad_enum.xlsx": ["bad_enum.xlsx:学校!E2: 举办者：不是规定的选项；应为 公办、民办，实际为 公立"],
    "bad_thousands_separator.xlsx": [
        "bad_thousands_separator.xlsx:学段!C2: 在校生数：不是数字；应为 非负整数，实际为 6,00"
    ],
    "classes_over_bands.xlsx": [
        "classes_over_bands.xlsx:年级!G9: 超标准班额班级数（年级!G9 = 3）多于班级数（年级!F9 = 2）；应为 不超过 2，实际为 3"
    ],
    "coordinates_swapped.xlsx": [
        "coordinates_swapped.xlsx:学校!J2: 经度：经度超出中国范围（经纬度是否填反？）；应为 73–136 之间的经度，实际为 23.68",
        "coordinates_swapped.xlsx:学校!K2: 纬度：纬度超出中国范围（经纬度是否填反？）；应为 3–54 之间的纬度，实际为 113.05",
    ],
    "csv_gbk_negative": ["csv_gbk_negative/学段.csv:学段!E3: 专任教师数：不能为负数；应为 非负整数，实际为 -2"],
    "csv_undecodable": ["csv_undecodable/人口.csv:人口: 无法识别文件编码；应为 UTF-8 或 GBK/GB18030，实际为 其他编码"],
    "date_in_number.xlsx": [
        "date_in_number.xlsx:学段!D3: 班级数：数字单元格里是日期或时间（单元格格式被设成了日期）；应为 非负整数，实际为 日期 2022-09-01"
    ],
    "decimal_headcount.xlsx": [
        "decimal_headcount.xlsx:学段!C2: 在校生数：人数、班数等必须是整数，不能有小数；应为 非负整数，实际为 600.5"
    ],
    "duplicate_column.xlsx": [
        "duplicate_column.xlsx:学段!H1: 列“在校生数”重复（已在 C 列）；应为 每列只出现一次，实际为 在校生数"
    ],
    "duplicate_school_code.xlsx": [
        "duplicate_school_code.xlsx:学校!A7: 学校标识码重复：与第 3 行相同；应为 每个学校标识码只出现一次，实际为 4418020002"
    ],
    "empty.xlsx": ["empty.xlsx: 文件是空的（0 字节）；应为 Excel 工作簿（.xlsx），实际为 空文件"],
    "encrypted.xlsx": [
        "encrypted.xlsx: 工作簿设置了打开密码（已加密），无法读取：请在 Excel 中取消密码后另存再导入；应为 未加密的 .xlsx，实际为 加密的工作簿"
    ],
    "formula_without_value.xlsx": [
        "formula_without_value.xlsx:学段!C2: 公式没有计算结果（文件未经 Excel 保存）：请在 Excel 中打开并保存，或把公式改成数值；应为 数值，实际为 未计算的公式"
    ],
    "grade_not_in_stage.xlsx": [
        "grade_not_in_stage.xlsx:年级!C7: “小学”学段没有这个年级；应为 1、2、3、4、5、6，实际为 7"
    ],
    "grades_without_stage_row.xlsx": [
        "grades_without_stage_row.xlsx:年级!B14: 年级表有 4418020004 的“小学”学段，学段表没有对应行；应为 学段表中有 4418020004 / 小学 一行，实际为 没有"
    ],
    "kindergarten_without_inclusive.xlsx": [
        "kindergarten_without_inclusive.xlsx:学校!F5: 幼儿园必须填写普惠性；应为 是 或 否，实际为 空白"
    ],
    "merged_header.xlsx": [
        "merged_header.xlsx:学段!1: 缺少必需的列“学段”；应为 学段（或 stage），实际为 没有这一列",
        "merged_header.xlsx:学段!A1: 表头或数据区有合并单元格 A1:B1：合并后只有左上角单元格有值；应为 每个单元格单独填写（取消合并），实际为 合并单元格 A1:B1",
    ],
    "million_blank_rows.xlsx": ["million_blank_rows.xlsx:人口!D7: 常住人口数：不能为负数；应为 非负整数，实际为 -1"],
    "missing_required_column.xlsx": [
        "missing_required_column.xlsx:学校!1: 缺少必需的列“办学类型”；应为 办学类型（或 school_type），实际为 没有这一列"
    ],
    "missing_sheet.xlsx": [
        "missing_sheet.xlsx:人口: 缺少工作表“人口”；应为 工作表 学校、学段、年级、人口，实际为 学校、学段、年级"
    ],
    "negative_count.xlsx": ["negative_count.xlsx:学段!E4: 专任教师数：不能为负数；应为 非负整数，实际为 -8"],
    "no_header.xlsx": [
        "no_header.xlsx:学校: 找不到表头行：前 20 行中没有本表的列名；应为 学校标识码、学校名称、行政区划代码 等列名，实际为 没有可识别的列名"
    ],
    "not_a_workbook.xlsx": [
        "not_a_workbook.xlsx: 不是 Excel 工作簿，无法读取；应为 Excel 工作簿（.xlsx），实际为 文本文件（可能是改了扩展名的 CSV）"
    ],
    "pdf_renamed.xlsx": ["pdf_renamed.xlsx: 不是 Excel 工作簿，无法读取；应为 Excel 工作簿（.xlsx），实际为 PDF 文件"],
    "population_age_out_of_range.xlsx": [
        "population_age_out_of_range.xlsx:人口!C4: 年龄超出范围；应为 0–17 单岁，实际为 18"
    ],
    "school_code_length.xlsx": [
        "school_code_length.xlsx:学校!A7: 学校标识码：代码应为 10 位数字；应为 10 位数字，实际为 441802007（9 位）"
    ],
    "single_file.csv": [
        "single_file.csv: CSV 文件请放在一个文件夹里导入，每个工作表一个文件（学校.csv、学段.csv、年级.csv、人口.csv）"
    ],
    "stage_not_allowed.xlsx": [
        "stage_not_allowed.xlsx:学段!B9: 办学类型为“小学”的学校不能有“初中”学段；应为 小学，实际为 初中"
    ],
    "stage_total_mismatch.xlsx": [
        "stage_total_mismatch.xlsx:学段!C2: 在校生数与年级合计不符：学段!C2 = 610，年级!D2:D7 合计 = 600；应为 等于年级合计 600，实际为 610"
    ],
    "teachers_above_required.xlsx": [
        "teachers_above_required.xlsx:学段!F2: 高于规定学历专任教师数（学段!F2 = 31）多于专任教师数（学段!E2 = 30）；应为 不超过 30，实际为 31"
    ],
    "text_in_number.xlsx": ["text_in_number.xlsx:学段!C3: 在校生数：不是数字；应为 非负整数，实际为 四百"],
    "unknown_region.xlsx": [
        "unknown_region.xlsx:学校!C3: 行政区划代码不是区划表中的县区、乡镇街道或村（可先用 eduplan import regions 补充区划）；应为 区划表中已有的代码，实际为 441899001"
    ],
    "unknown_school_in_grades.xlsx": [
        "unknown_school_in_grades.xlsx:学段!C2: 在校生数与年级合计不符：学段!C2 = 600，年级!D3:D7 合计 = 500；应为 等于年级合计 500，实际为 600",
        "unknown_school_in_grades.xlsx:学段!D2: 班级数与年级合计不符：学段!D2 = 12，年级!F3:F7 合计 = 10；应为 等于年级合计 10，实际为 12",
        "unknown_school_in_grades.xlsx:年级!A2: 学校标识码不在“学校”表中；应为 “学校”表中的学校，实际为 4418020009",
    ],
    "whole_school_row_with_teachers.xlsx": [
        "whole_school_row_with_teachers.xlsx:学段!E8: “全校”行只填共享的校舍、场地、设备和图书；师生数按学段填写；应为 空白，实际为 30"
    ],
    "wrong_sheet_name.xlsx": [
        "wrong_sheet_name.xlsx:学校: 缺少工作表“学校”；应为 工作表 学校、学段、年级、人口，实际为 学校信息、学段、年级、人口"
    ],
}


def test_the_corpus_has_a_file_for_every_expected_error_and_at_least_25_files():
    on_disk = {p.name for p in CORPUS.iterdir() if p.name != "make_corpus.py" and not p.name.startswith("__")}
    assert on_disk == set(EXPECTED)
    assert len(EXPECTED) >= 25


@pytest.mark.slow  # writes the million-row workbook again (about a minute)
def test_the_corpus_script_writes_exactly_the_committed_cases(tmp_path):
    assert set(make_corpus().write_corpus(tmp_path)) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_gives_its_located_errors_and_changes_nothing(world, name):
    before = store_dump()
    with pytest.raises(IngestError) as caught:
        do_import_census(CORPUS / name, YEAR)
    assert [str(p) for p in caught.value.problems] == EXPECTED[name]
    assert caught.value.total == len(EXPECTED[name])
    assert store_dump() == before


# Run in a fresh process so the figures are this file's own, not the test session's.
_MEASURE = """
import json, sys, time
from pathlib import Path
from eduplan.errors import IngestError
from eduplan.ingest.census_validate import validate_census
start = time.perf_counter()
try:
    validate_census(Path(sys.argv[1]))
    problems = []
except IngestError as error:
    problems = [str(p) for p in error.problems]
seconds = time.perf_counter() - start
# VmHWM is this process image's own peak; ru_maxrss would carry the parent's size over the fork and exec.
hwm_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "peak_mb": hwm_kb / 1024, "problems": problems}, ensure_ascii=False))
"""


def test_a_million_formatted_blank_rows_are_read_in_seconds_without_holding_them_in_memory():
    # 1,000,000 formatted blank rows on 年级 (44 MB of sheet XML): calamine reads the used range, the formula scan
    # streams the XML. Measured at about 3 s and 115 MB on the 2-core build machine; minutes or gigabytes fail.
    path = CORPUS / "million_blank_rows.xlsx"
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True)
    measured = json.loads(done.stdout)
    assert measured["problems"] == EXPECTED["million_blank_rows.xlsx"]
    assert measured["seconds"] < 30, measured
    assert measured["peak_mb"] < 400, measured


def test_errors_are_capped_with_the_total_counted(world, tmp_path):
    corpus = make_corpus()
    book = corpus.base_book()
    for row in book["年级"][1:]:
        row[3] = -1  # 6 + 6 + 6 + 3 + 9 = 30 negative head counts (stage totals are then not compared)
    path = tmp_path / "many.xlsx"
    corpus.write_xlsx(path, book)
    from eduplan.ingest.census_validate import validate_census

    with pytest.raises(IngestError) as caught:
        validate_census(path, cap=5)
    assert caught.value.total == 30
    assert len(caught.value.problems) == 5
    assert str(caught.value).endswith("……另有 25 处问题未列出")
    assert str(caught.value.problems[0]) == "many.xlsx:年级!D2: 在校生数：不能为负数；应为 非负整数，实际为 -1"


def test_a_path_that_does_not_exist_is_not_found(world):
    from eduplan.errors import NotFound

    with pytest.raises(NotFound, match="文件不存在"):
        do_import_census(Path("/nonexistent/census.xlsx"), YEAR)
