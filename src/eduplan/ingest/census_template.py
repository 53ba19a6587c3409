"""The empty census workbook a bureau sends its school clerks (``eduplan template census``).

One sheet per contract sheet with the Chinese labels as a frozen header row, the English key and
the column's rule in a comment on each header cell, drop-down lists for the enumerations, number
formats and input checks on the data rows, and a 说明 sheet that explains every column in Chinese.
The same bytes every time (fixed document properties).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter

from eduplan.contract import GRADES_BY_STAGE, SHEETS, Column, Sheet
from eduplan.ingest.census_cells import CODE_LENGTHS, YEARS

_FIXED_CREATED = dt.datetime(2000, 1, 1)
LAST_ROW = 1_048_575  # checks and formats cover the whole sheet (0-based last row of a worksheet)
_TYPE_NAMES = {
    "code": "代码（数字，按文本填写）",
    "text": "文字",
    "enum": "从下拉列表选择",
    "bool": "是 / 否",
    "int": "非负整数",
    "number": "非负数",
    "year": "年份（4 位整数）",
}
GENERAL_NOTES: tuple[str, ...] = (
    "本工作簿用于填报学校基础数据（学年统计时点为 9 月 1 日），各工作表的第 1 行为表头，请勿修改表头和工作表名称。",
    "表头单元格的批注写有该列的英文键和填报规则；导入时中文列名或英文键都可以识别。",
    "空白单元格表示“未填报”，不等于 0；确实为 0 时请填 0。",
    "数字可以带千位分隔符（12,345），全角数字也可识别；百分比请填数字（85，而不是 0.85 或 85%）。",
    "人数、班数、间数、册数必须是整数；不能为负数。不要把数字单元格设成日期格式。",
    "学校标识码为 10 位数字，行政区划代码为 6 位（县区）、9 位（乡镇街道）或 12 位（村）统计用区划代码。",
    "不要合并单元格；公式请在 Excel 中计算并保存后再上传（最好改为数值）。",
    "“学段”表中各学段的在校生数、班级数必须等于“年级”表中该学段各年级之和。",
    "几个学段共用的校舍、场地、设备、图书可以在学段为“全校”的一行填报一次，学段行的这些列留空；教师数总按学段填报。",
)


def write_census_template(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(out))
    workbook.set_properties({"title": "学校基础数据填报模板", "author": "eduplan", "created": _FIXED_CREATED})
    formats = _formats(workbook)
    _write_instructions(workbook, formats)
    for sheet in SHEETS:
        _write_sheet(workbook, sheet, formats)
    workbook.close()
    return out


def _formats(workbook: Any) -> dict[str, Any]:
    return {
        "header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
        "required": workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True}),
        "text": workbook.add_format({"num_format": "@"}),
        "int": workbook.add_format({"num_format": "#,##0"}),
        "year": workbook.add_format({"num_format": "0"}),  # 2022, not 2,022
        "number": workbook.add_format({"num_format": "#,##0.00"}),
        "coordinate": workbook.add_format({"num_format": "0.000000"}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }


def _column_format(column: Column, formats: dict[str, Any]) -> Any:
    if column.key in ("lon", "lat"):
        return formats["coordinate"]
    if column.type in ("int", "year"):
        return formats[column.type]
    if column.type == "number":
        return formats["number"]
    return formats["text"]


def _choices(sheet: Sheet, column: Column) -> tuple[str, ...]:
    if column.key == "grade":
        return tuple(g for grades in GRADES_BY_STAGE.values() for g in grades)
    return column.enum


def _validation(sheet: Sheet, column: Column) -> dict[str, Any] | None:
    """The input check Excel applies to a column's data cells (the importer checks again)."""
    choices = _choices(sheet, column)
    if choices:
        return {
            "validate": "list",
            "source": list(choices),
            "error_message": "请从下拉列表中选择：" + "、".join(choices),
        }
    if column.type == "year":
        years = {"minimum": YEARS[0], "maximum": YEARS[1]}
        return {"validate": "integer", "criteria": "between", **years, "error_message": "请填 4 位年份"}
    if column.type == "int":
        return {"validate": "integer", "criteria": ">=", "value": 0, "error_message": "请填非负整数"}
    if column.key == "lon":
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 73,
            "maximum": 136,
            "error_message": "经度 73–136",
        }
    if column.key == "lat":
        return {"validate": "decimal", "criteria": "between", "minimum": 3, "maximum": 54, "error_message": "纬度 3–54"}
    if column.type == "number":
        return {"validate": "decimal", "criteria": ">=", "value": 0, "error_message": "请填非负数"}
    if column.key in CODE_LENGTHS:
        lengths = CODE_LENGTHS[column.key]
        criteria = (
            {"criteria": "==", "value": lengths[0]}
            if len(lengths) == 1
            else {
                "criteria": "between",
                "minimum": min(lengths),
                "maximum": max(lengths),
            }
        )
        return {"validate": "length", **criteria, "error_message": "位数不对：" + "、".join(map(str, lengths)) + " 位"}
    return None


def _type_name(column: Column) -> str:
    if column.key in ("lon", "lat"):
        return "数字（" + ("经度 73–136" if column.key == "lon" else "纬度 3–54") + "）"
    return _TYPE_NAMES[column.type]


def _comment(column: Column) -> str:
    parts = [f"英文键：{column.key}", f"类型：{_type_name(column)}"]
    if column.unit:
        parts.append(f"单位：{column.unit}")
    parts.append("必填" if column.required else "可空（空白表示未填报）")
    if column.note:
        parts.append(column.note)
    return "\n".join(parts)


def _write_sheet(workbook: Any, sheet: Sheet, formats: dict[str, Any]) -> None:
    ws = workbook.add_worksheet(sheet.name)
    ws.freeze_panes(1, 0)
    ws.set_row(0, 32)
    for index, column in enumerate(sheet.columns):
        ws.write_string(0, index, column.label, formats["required" if column.required else "header"])
        ws.write_comment(0, index, _comment(column), {"x_scale": 1.6, "y_scale": 1.4})
        ws.set_column(index, index, max(10, len(column.label) * 2 + 2), _column_format(column, formats))
        rule = _validation(sheet, column)
        if rule is not None:
            ws.data_validation(1, index, LAST_ROW, index, {**rule, "error_title": column.label})


def _write_instructions(workbook: Any, formats: dict[str, Any]) -> None:
    ws = workbook.add_worksheet("说明")
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 2, 26)
    ws.set_column(3, 5, 14)
    ws.set_column(6, 6, 60)
    ws.write_string(0, 0, "学校基础数据填报说明", formats["title"])
    row = 2
    for note in GENERAL_NOTES:
        ws.write_string(row, 0, f"{row - 1}. {note}")
        row += 1
    row += 1
    for index, title in enumerate(("工作表", "列名", "英文键", "类型", "必填", "单位", "说明")):
        ws.write_string(row, index, title, formats["header"])
    for sheet in SHEETS:
        for column in sheet.columns:
            row += 1
            choices = _choices(sheet, column)
            note = column.note + (("；可选：" if column.note else "可选：") + "、".join(choices) if choices else "")
            values = (sheet.name, column.label, column.key, _type_name(column), "是" if column.required else "")
            for index, value in enumerate((*values, column.unit, note)):
                if value:
                    ws.write_string(row, index, value, formats["wrap"] if index == 6 else None)
