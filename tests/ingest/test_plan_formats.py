"""Every format a bureau publishes, read into plan items placed in the original (page and line, or table row).

The PDFs are made by tests/data/plans/formats/make_fixtures.py (committed); the other files are written here.
Values are the ones printed in the fixture (read off its HTML), not the parser's output.
"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from eduplan.ingest.plans import read_plan_file
from eduplan.ingest.plans.reading import read_document

FORMATS = Path(__file__).resolve().parents[1] / "data" / "plans" / "formats"


def test_a_text_pdf_gives_its_table_rows_with_page_and_row_and_drops_headers_and_page_numbers() -> None:
    read = read_document(FORMATS / "text.pdf")
    assert "某某县人民政府办公室文件" not in read.lines  # the running header of both pages
    assert not any(line.strip() in ("- 1 -", "- 2 -") for line in read.lines)
    result = read_plan_file(FORMATS / "text.pdf")
    (plan,) = result.documents
    assert (plan.plan.title, plan.plan.format, plan.plan.kind) == ("某某县教育事业发展“十四五”规划", "PDF", "规划")
    rows = [(i.name, i.unit, i.baseline_value, i.target_value, i.comparator, i.source.where) for i in plan.indicators]
    assert rows == [
        ("学前三年毛入园率", "%", 90.2, 95.0, "≥", "第 1 页表 1 第 2 行"),
        ("义务教育巩固率", "%", 98.6, 99.0, "≥", "第 1 页表 1 第 3 行"),
        ("高中阶段毛入学率", "%", 91.5, 93.0, "≥", "第 1 页表 1 第 4 行"),
    ]
    assert [i.nature for i in plan.indicators] == ["预期性", "约束性", "预期性"]
    # the unruled project table on page 2: cells split at the wide gaps
    projects = [(p.name, p.category, p.total_seats, p.investment, p.finish_year, p.source.page) for p in plan.projects]
    assert projects == [("城东小学", "新建", 1350.0, 8600.0, 2024, 2), ("实验中学", "改扩建", 900.0, 4200.0, 2025, 2)]


def test_a_pdf_sentence_broken_over_lines_gives_each_of_its_targets() -> None:
    (plan,) = read_plan_file(FORMATS / "text.pdf").documents
    page_two = [(t.name, t.unit, t.target_value, t.target_year) for t in plan.targets if t.source.page == 2]
    # "到2025年，新建公办幼儿园三所，新增公办学位两千个，中小学教师本科及以上学历比 / 例提高5个百分点，
    #  全县中小学校舍全部达到省定标准。" (one sentence over two printed lines)
    assert page_two == [
        ("公办幼儿园", "所", 3.0, 2025),
        ("公办学位", "个", 2000.0, 2025),
        ("中小学教师本科及以上学历比例提高", "个百分点", 5.0, 2025),
        ("中小学校舍达到省定标准", "", None, 2025),
    ]
    assert plan.targets[-1].reasons == ["定性目标（达到标准），没有数值：是否达成需人工判断"]
    assert {t.source.where for t in plan.targets if t.source.page == 2} == {"第 2 页第 4 行"}


@pytest.mark.slow  # tesseract takes a few seconds on one page
def test_a_scanned_pdf_is_read_by_ocr_and_every_item_is_flagged() -> None:
    result = read_plan_file(FORMATS / "scanned.pdf")
    (plan,) = result.documents
    assert result.format == "扫描 PDF（OCR）"
    assert result.notes == ["第 1 页是扫描图片，已用 OCR 识别，请逐项核对"]
    assert plan.plan.title == "某某县教育事业发展“十四五”规划"
    values = [(t.target_value, t.unit, t.target_year) for t in plan.targets]
    assert values == [(95.0, "%", 2025), (85.0, "%", 2025), (99.0, "%", 2025)]
    assert all("来自第 1 页的 OCR 识别结果，请对照原文核对" in t.reasons for t in plan.targets)


def test_a_scan_without_ocr_installed_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    from eduplan.errors import IngestError
    from eduplan.ingest.plans import pdf

    monkeypatch.setattr(pdf, "ocr_available", lambda: False)
    with pytest.raises(IngestError) as caught:
        read_plan_file(FORMATS / "scanned.pdf")
    assert str(caught.value) == (
        "scanned.pdf: 第 1 页：这是扫描件（1 页只有图片，没有文字），本机未安装 OCR：请安装 tesseract-ocr 和 "
        "tesseract-ocr-chi-sim（make 会安装）后重试，或上传文字版 PDF / Word 文件；应为 有文字的 PDF，实际为 扫描图片"
    )


HTML = """<!DOCTYPE html><html><head><title>网站</title><script>var x = "<p>不是正文</p>";</script></head><body>
<div class="nav">首页 &gt; 政务公开</div>
<h1>某区学前教育发展提升行动计划（2023—2025年）</h1>
<p>到2025年，全区学前三年毛入园率达到98%以上，新建公办幼儿园5所。</p>
<table border="1"><tr><th>序号</th><th>项目名称</th><th>建设类型</th><th>学位</th><th>投资（万元）</th></tr>
<tr><td>1</td><td>东湖幼儿园</td><td>新建</td><td>360</td><td>2400</td></tr>
<tr><td>2</td><td>西山幼儿园</td><td>改扩建</td><td>180</td><td>900</td></tr></table>
</body></html>"""


def test_a_saved_web_page_gives_its_sentences_and_its_table(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    (plan,) = read_plan_file(path).documents
    assert (plan.plan.title, plan.plan.format) == ("某区学前教育发展提升行动计划（2023—2025年）", "网页（.html）")
    assert (plan.plan.kind, plan.plan.kind_reason) == (
        "行动计划/实施方案",
        "标题含“行动计划”，目标写在句中（2 个量化目标）",
    )
    assert [(t.target_value, t.unit, t.comparator) for t in plan.targets] == [(98.0, "%", "≥"), (5.0, "所", "≥")]
    assert [(p.name, p.investment, p.source.where) for p in plan.projects] == [
        ("东湖幼儿园", 2400.0, "表 1 第 2 行"),
        ("西山幼儿园", 900.0, "表 1 第 3 行"),
    ]


# Text copied from a web page's table: every cell on a line of its own, a blank line between, GBK-encoded.
WEB_COPIED = """某县“十四五”教育事业发展主要指标

指  标

2020年

2025年

属性

一、普及水平

1.学前三年毛入园率(%)

92.5%

95%以上

预期性

2.九年义务教育巩固率(%)

98%

99%以上

约束性
"""


def test_text_copied_from_a_web_table_one_cell_per_line_in_gbk(tmp_path: Path) -> None:
    path = tmp_path / "copied.txt"
    path.write_bytes(WEB_COPIED.encode("gbk"))
    result = read_plan_file(path)
    (plan,) = result.documents
    assert result.format == "文本（GB18030）"
    assert result.notes == ["1 个表格是每格一行的网页复制文本，已按表头还原成行"]
    rows = [(i.group, i.name, i.baseline_value, i.target_value, i.comparator, i.source.where) for i in plan.indicators]
    assert rows == [
        ("普及水平", "学前三年毛入园率", 92.5, 95.0, "≥", "第 13 行"),
        ("普及水平", "九年义务教育巩固率", 98.0, 99.0, "≥", "第 21 行"),
    ]


def test_traditional_characters_are_read_as_simplified(tmp_path: Path) -> None:
    path = tmp_path / "big5.txt"
    text = "某縣教育發展規劃（2021—2025年）\n\n到2025年，全縣學前三年毛入園率達到95%，新建公辦幼兒園3所。\n"
    path.write_bytes(text.encode("big5"))
    result = read_plan_file(path)
    (plan,) = result.documents
    assert plan.plan.title == "某县教育发展规划（2021—2025年）"
    assert result.notes == ["原文为繁体字，已转换为简体后读取"]
    assert [(t.name, t.target_value, t.unit) for t in plan.targets] == [
        ("学前三年毛入园率", 95.0, "%"),
        ("公办幼儿园", 3.0, "所"),
    ]


def test_a_workbook_indicator_table_names_its_sheet_and_row(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "主要指标"
    sheet.append(["某县教育发展规划主要指标"])
    sheet.append(["指标", "2020年", "2025年"])
    sheet.append(["普惠性幼儿园覆盖率（%）", 86.4, "≥90"])
    sheet.append(["义务教育巩固率（%）", 98, 99])
    path = tmp_path / "indicators.xlsx"
    workbook.save(path)
    (plan,) = read_plan_file(path).documents
    rows = [(i.name, i.baseline_value, i.target_value, i.source.where) for i in plan.indicators]
    assert rows == [
        ("普惠性幼儿园覆盖率", 86.4, 90.0, "工作表“主要指标”第 3 行"),
        ("义务教育巩固率", 98.0, 99.0, "工作表“主要指标”第 4 行"),
    ]


def test_a_docx_table_row_is_placed_by_table_and_row(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某县教育发展规划（2021—2025年）")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows,
        [("指标", "2020年", "2025年"), ("幼儿园数(所)", "20", "24"), ("小学数(所)", "30", "31")],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    (plan,) = read_plan_file(path).documents
    assert [(i.name, i.target_value, i.source.where) for i in plan.indicators] == [
        ("幼儿园数", 24.0, "表 1 第 2 行"),
        ("小学数", 31.0, "表 1 第 3 行"),
    ]


def test_a_word_97_doc_is_read_by_antiword() -> None:
    # r27 of the corpus: a .doc saved by LibreOffice from the published text (tests/data/plans/real/manifest.json)
    read = read_document(FORMATS.parent / "real" / "r27_chengdu_kindergartens_batch3.doc")
    assert read.format == "Word 97–2003（.doc）"
    assert read.lines[1].startswith("近日，成都市工程咨询公司受成都市兴教投资发展有限公司的委托")
    assert read.places[1].describe() == "第 2 行"
