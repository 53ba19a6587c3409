from __future__ import annotations

import pytest

from eduplan.reports.pdf import render_html, render_pdf, section_number

from .pdftools import compact, lines_with, missing_glyphs, numbers, pdf_text, save_pages
from .small_doc import ROWS, small_document


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(small_document())


@pytest.fixture(scope="module")
def text(pdf: bytes) -> str:
    return pdf_text(pdf)


@pytest.mark.parametrize(
    ("index", "numeral"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")]
)
def test_sections_are_numbered_with_chinese_numerals(index: int, numeral: str) -> None:
    assert section_number(index) == numeral


def test_the_cover_names_the_region_data_version_and_signing_body(text: str) -> None:
    cover = compact(text.split("\f")[0])
    for words in (
        "测试区义务教育优质均衡发展资源配置自评报告",
        "测试区（441899）",
        "2023学年普查第2版",
        "编制单位（盖章）",
        "2024年3月1日",
    ):
        assert words in cover


def test_pages_after_the_cover_carry_a_page_number_of_the_total(text: str) -> None:
    pages = [compact(p) for p in text.split("\f")[:-1]]  # pdftotext ends the last page with a form feed too
    assert "第1页" not in pages[0]  # the cover has no running heads
    assert f"第2页共{len(pages)}页" in pages[1]
    assert f"第{len(pages)}页共{len(pages)}页" in pages[-1]


def test_a_long_table_repeats_its_header_on_every_page_it_spans(text: str) -> None:
    pages_with_rows = [p for p in text.split("\f") if "第1" in p and "小学" in p]
    assert len(pages_with_rows) >= 3  # 120 rows do not fit two pages
    for page in pages_with_rows:
        assert lines_with(page, "学校代码", "学校名称", "在校生")


def test_every_row_shows_the_numbers_rounded_as_its_columns_say(text: str) -> None:
    for row in ROWS:
        [line] = lines_with(text, row["school_code"], str(row["name"]) + " ")
        assert numbers(line.split(str(row["name"]))[1]) == [
            str(row["students"]),
            f"{row['area']:.3f}",
            f"{row['ratio'] * 100:.1f}%",
        ]
        assert line.rstrip().endswith("达标")


def test_workbook_only_tables_and_empty_tables_print_as_they_should(text: str) -> None:
    assert "明细" not in text
    assert "无不参评学校。" in text


def test_the_method_notes_include_the_unconfirmed_numbers(text: str) -> None:
    assert "未经证实（UNCONFIRMED）差异系数按学生数加权" in text


def test_every_character_printed_has_a_glyph_and_none_was_replaced(pdf: bytes, text: str) -> None:
    assert "\ufffd" not in text
    assert missing_glyphs(text) == set()
    assert len(save_pages(pdf, "small-document")) == text.count("\f")


def test_the_html_escapes_text_from_the_data() -> None:
    doc = small_document()
    html = render_html(doc.__class__(**{**doc.__dict__, "issuer": "<b>教育局</b>"}))
    assert "&lt;b&gt;教育局&lt;/b&gt;" in html and "<b>教育局" not in html


def test_a_listing_cell_wraps_only_between_its_items() -> None:
    from eduplan.reports.document import Column, Document, Section, Table

    column = Column("additions", "达标所需的最小增量", keep_between="；")
    table = Table(
        "未达标学校", "未达标学校", (column,), [{"additions": "生均体育场馆 +2395㎡；生均仪器设备值 +21.27万元"}]
    )
    doc = Document("标题", "", "测试区教育局", (), None, (Section("差距", (table,)),))
    html = render_html(doc)
    assert '<span class="keep">生均体育场馆 +2395㎡</span>；<span class="keep">生均仪器设备值 +21.27万元</span>' in html


def test_text_from_the_data_is_printed_as_it_is_never_read_as_typst_markup() -> None:
    from eduplan.reports.document import Column, Document, Paragraph, Section, Table

    tricky = '#pagebreak() *粗* _斜_ $x^2$ <b>教育局</b> @ref \\ "引号" // 注释'
    table = Table("表", "表", (Column("text", "内容"),), [{"text": tricky}])
    doc = Document("标题", "", tricky, (("区域", tricky),), None, (Section("说明", (Paragraph(tricky), table)),))
    text = pdf_text(render_pdf(doc))
    assert text.count("\f") == 2  # the cover, and one page holding the section: no page break was made
    assert compact(text).count(compact(tricky)) >= 4  # issuer on the cover and in the running head, facts, paragraph
    assert "教育局</b>" in text
