"""The census entry template: the contract's sheets with Chinese headers, keys in comments, drop-downs, 说明."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from eduplan.contract import SHEETS
from eduplan.errors import IngestError
from eduplan.ingest.census_template import write_census_template
from eduplan.ingest.census_validate import validate_census


@pytest.fixture
def template(tmp_path):
    return write_census_template(tmp_path / "模板.xlsx")


def test_the_template_has_the_instructions_and_the_four_contract_sheets(template):
    book = load_workbook(template)
    assert book.sheetnames == ["说明", "学校", "学段", "年级", "人口"]
    header = [c.value for c in book["学校"][1]]
    assert header == ["学校标识码", "学校名称", "行政区划代码", "办学类型", "举办者", "普惠性", "城乡分类",
                      "所属学校标识码", "教育集团", "经度", "纬度"]  # fmt: skip
    assert [book[name].freeze_panes for name in ("学校", "学段", "年级", "人口")] == ["A2", "A2", "A2", "A2"]


def test_each_header_carries_its_english_key_and_rule_in_a_comment(template):
    sheet = load_workbook(template)["学段"]
    assert sheet["A1"].comment.text == "英文键：school_code\n类型：代码（数字，按文本填写）\n必填"
    assert sheet["C1"].comment.text == "英文键：students\n类型：非负整数\n单位：人\n可空（空白表示未填报）"


def test_enumerations_have_drop_down_lists_and_counts_are_checked_as_whole_numbers(template):
    sheet = load_workbook(template)["学校"]
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules["D2:D1048576"].type == "list"
    assert (
        rules["D2:D1048576"].formula1
        == '"幼儿园,小学,小学教学点,初级中学,九年一贯制学校,完全中学,高级中学,十二年一贯制学校,特殊教育学校,中等职业学校"'
    )
    assert rules["F2:F1048576"].formula1 == '"是,否"'
    assert (rules["A2:A1048576"].type, rules["A2:A1048576"].formula1) == ("textLength", "10")
    population = {str(v.sqref): v for v in load_workbook(template)["人口"].data_validations.dataValidation}
    year = population["B2:B1048576"]
    # "between" is the file format's default operator, so it is not written (None).
    assert (year.type, year.operator, year.formula1, year.formula2) == ("whole", None, "1949", "2100")
    stages = {str(v.sqref): v for v in load_workbook(template)["学段"].data_validations.dataValidation}
    assert (stages["C2:C1048576"].type, stages["C2:C1048576"].operator, stages["C2:C1048576"].formula1) == (
        "whole",
        "greaterThanOrEqual",
        "0",
    )


def test_the_instructions_sheet_explains_every_column_of_every_sheet(template):
    sheet = load_workbook(template)["说明"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    explained = {(r[0], r[2]) for r in rows if r[0] in {s.name for s in SHEETS}}
    assert explained == {(s.name, c.key) for s in SHEETS for c in s.columns}
    assert ("学段", "学段", "stage", "从下拉列表选择", "是", None, "可选：学前、小学、初中、高中、全校") in rows


def test_the_empty_template_reads_cleanly_and_only_lacks_schools(template):
    with pytest.raises(IngestError) as caught:
        validate_census(template)
    assert [str(p) for p in caught.value.problems] == ["模板.xlsx:学校: “学校”表没有数据行；应为 至少一所学校"]


def test_the_template_is_the_same_bytes_every_time(tmp_path):
    first = write_census_template(tmp_path / "a.xlsx").read_bytes()
    assert write_census_template(tmp_path / "b.xlsx").read_bytes() == first


def _number_formats(sheet) -> dict[str, str]:
    """Column letter → the number format of that column's cells (openpyxl groups neighbouring equal columns)."""
    from openpyxl.utils import get_column_letter

    formats = {}
    for dimension in sheet.column_dimensions.values():
        for index in range(dimension.min, dimension.max + 1):
            formats[get_column_letter(index)] = dimension.number_format
    return formats


def test_each_column_has_the_number_format_of_its_type(template):
    book = load_workbook(template)
    schools = _number_formats(book["学校"])
    # Codes as text, so Excel keeps leading zeros and never shows 4.41802E+09; coordinates to six places.
    assert [schools[c] for c in "ABCDFJK"] == ["@", "@", "@", "@", "@", "0.000000", "0.000000"]
    stages = _number_formats(book["学段"])
    assert (stages["C"], stages["E"]) == ("#,##0", "#,##0")  # 在校生数, 随迁子女数: whole numbers, grouped
    assert (stages["V"], stages["Z"], stages["AD"]) == (
        "#,##0.00",
        "#,##0.00",
        "#,##0",
    )  # 教学及辅助用房面积, 设备值, 图书
    population = _number_formats(book["人口"])
    assert (population["B"], population["C"], population["D"]) == ("0", "#,##0", "#,##0")  # 年份 shows 2022, not 2,022


def test_the_command_writes_the_template(tmp_path):
    from tests.conftest import run_eduplan

    out = tmp_path / "发给学校" / "学校基础数据模板.xlsx"
    done = run_eduplan("template", "census", "--out", str(out))
    assert (done.returncode, done.stdout) == (0, f"已写出模板 {out}\n")
    assert out.read_bytes() == write_census_template(tmp_path / "same.xlsx").read_bytes()
