"""A small plan document as a bureau sends it (a Word file), for the plan upload tests: its items hand-checked.

Line numbers are those of the reader's lines (``ingest.plans.reading``): a paragraph is a line, a table row is one.
"""

from __future__ import annotations

from pathlib import Path

TITLE = "测试县教育发展“十四五”规划（2021—2025年）"
PARAGRAPHS_BEFORE = (TITLE, "", "主要指标", "")
INDICATOR_ROWS = (
    ("类别", "指标", "2020年", "2025年", "属性"),
    ("学前教育", "学前三年毛入园率（%）", "96.5", "≥98", "预期性"),
    ("义务教育", "九年义务教育巩固率（%）", "97", "≥99", "约束性"),
)
PROJECT_ROWS = (
    ("序号", "项目名称", "层次", "学位（个）", "投资（万元）", "开工时间", "完成时间"),
    ("1", "城东小学新建工程", "小学", "1620", "8600", "2022", "2024"),
)
TARGET = "到2025年，全县创建10所劳动教育特色学校。"


def write_plan_docx(path: Path) -> Path:
    """Title, the 主要指标 table (lines 5–7), the project table (lines 10–11), one target sentence (line 14)."""
    import docx

    document = docx.Document()
    for text in PARAGRAPHS_BEFORE:
        document.add_paragraph(text)
    for rows in (INDICATOR_ROWS, PROJECT_ROWS):
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        document.add_paragraph("新建学校项目表" if rows is INDICATOR_ROWS else "")
    document.add_paragraph(TARGET)
    document.save(str(path))
    return path
