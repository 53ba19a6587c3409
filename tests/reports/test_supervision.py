"""The 整改通知书 (one page, letter layout) and the term 督导报告: read back page by page, numbers equal to the JSON."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from eduplan.reports.supervision import notice_pdf, term_document, term_report, visit_report
from eduplan.standards.supervision import REGULAR
from eduplan.store.models import Region
from eduplan.store.models.supervision import Rectification, Visit
from eduplan.store.supervision import (
    Finding,
    VisitInput,
    do_add_inspector,
    do_create_plan,
    do_record_visit,
    term_figures,
    visit_figures,
)
from tests.reports.pdftools import compact, pdf_text, save_pages

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 1, 10)


@pytest.fixture
def term(world: Any) -> Any:
    """清城区 2023年秋季学期: 城南小学 visited twice (one 严重 finding), 新城小学 once (clean), 河西小学 never."""
    county = Region.objects.get(code=world.county)
    wang = do_add_inspector(None, "王督学", "专职", county)
    plan = do_create_plan(None, county, "2023年秋季学期", dt.date(2023, 9, 1), dt.date(2024, 1, 31), 2)
    good = {i.key: ("合格", "") for i in REGULAR.items}
    bad = good | {"regular_06": ("不合格", "消防通道堆放杂物")}
    finding = Finding("消防通道堆放杂物", "严重", "张校长", dt.date(2023, 11, 30), "regular_06", "三日内清理通道")
    for school, day, results, findings in (
        (world.open_school, dt.date(2023, 10, 9), bad, (finding,)),
        (world.open_school, dt.date(2023, 12, 4), good, ()),
        (world.new_school, dt.date(2023, 11, 6), good, ()),
    ):
        do_record_visit(
            None, VisitInput(school, day, "挂牌督导", "regular", results, findings, inspectors=(wang,)), TODAY
        )
    return plan


def test_the_notice_is_one_letter_page_with_number_findings_deadline_and_seal(term: Any) -> None:
    pdf = notice_pdf(Rectification.objects.get())
    assert len(save_pages(pdf, "supervision-notice")) == 1  # for people to look at, under test-artifacts/reports
    pages = pdf_text(pdf).split("\f")
    text = compact(pages[0])
    assert text.startswith("清城区人民政府教育督导室清城督整〔2023〕1号督导整改通知书城南小学：")
    for part in ("2023年10月9日，责任督学王督学对你校进行了挂牌督导", "督导事项校园及周边安全情况", "问题消防通道堆放杂物",
                 "严重程度严重", "三日内清理通道", "整改期限2023年11月30日前", "学校责任人张校长", "（盖章）", "签收人"):  # fmt: skip
        assert part in text, part


def test_the_term_report_numbers_equal_the_json(term: Any) -> None:
    figures = term_figures(term, TODAY)
    assert figures["coverage"]["schools"] == 3 and figures["coverage"]["covered"] == 1  # 城南小学 alone twice
    assert figures["rectifications"]["overdue"] == 1
    pdf, content_type, name = term_report("清城区", figures, "pdf")
    assert (content_type, name) == ("application/pdf", "清城区2023年秋季学期督导报告.pdf")
    pages = [compact(p) for p in pdf_text(pdf).split("\f") if p.strip()]
    assert pages[0].startswith("清城区人民政府教育督导室清城区2023年秋季学期督导报告")
    body = "".join(pages[1:])
    for part in ("计划内学校3", "每校应督导次数2", "已达次数的学校1", "校校到覆盖率（%）33.3", "进校督导次数3",
                 "未达到应督导次数的学校：河西小学、新城小学", "下发整改1", "逾期1",
                 "凤城街道城南小学清城督整〔2023〕1号严重2023-11-3041"):  # fmt: skip
        assert part in body, part
    book = openpyxl.load_workbook(io.BytesIO(term_report("清城区", figures, "xlsx")[0]))
    cover = {r[0]: r[1] for r in book["校校到"].iter_rows(min_row=2, values_only=True)}
    assert cover["已达次数的学校"] == figures["coverage"]["covered"]
    assert cover["校校到覆盖率（%）"] == round(figures["coverage"]["share"] * 100, 1)
    late = list(book["逾期整改"].iter_rows(min_row=2, values_only=True))
    assert late == [("凤城街道", "城南小学", "清城督整〔2023〕1号", "严重", "2023-11-30", 41)]
    assert [t.sheet for t in term_document("清城区", figures).tables()] == [
        "校校到",
        "整改情况",
        "问题分布",
        "逾期整改",
        "处理与激励",
    ]


def test_the_visit_report_prints_the_visit_json_page_by_page(term: Any) -> None:
    figures = visit_figures(Visit.objects.get(date=dt.date(2023, 10, 9)))
    # hand count: eight regular items, 校园及周边安全情况 不合格, the other seven 合格; one 严重 rectification
    assert figures["counts"] == {"合格": 7, "基本合格": 0, "不合格": 1, "不适用": 0}
    assert figures["inspectors"] == ["王督学"] and figures["evidence"] == []
    assert figures["rectifications"] == [
        {"number": "清城督整〔2023〕1号", "item": "校园及周边安全情况", "finding": "消防通道堆放杂物",
         "severity": "严重", "deadline": "2023-11-30", "state": "待整改"}
    ]  # fmt: skip
    pdf, content_type, name = visit_report(figures, "pdf")
    assert (content_type, name) == ("application/pdf", "城南小学挂牌督导报告.pdf")
    pages = [compact(p) for p in pdf_text(pdf).split("\f") if p.strip()]
    assert len(save_pages(pdf, "supervision-visit")) == len(pages)
    assert pages[0].startswith("清城区人民政府教育督导室城南小学挂牌督导报告2023年10月9日")
    assert "督学王督学" in pages[0] and "督导清单" in pages[0]
    body = "".join(pages[1:])
    for part in ("合格7", "基本合格0", "不合格1", "不适用0", "校园及周边安全情况不合格消防通道堆放杂物",
                 "清城督整〔2023〕1号校园及周边安全情况消防通道堆放杂物严重2023-11-30待整改", "没有上传证明材料"):  # fmt: skip
        assert part in body, part
    assert all("张校长" not in p for p in pages)  # the responsible person is not in a visit report
    book = openpyxl.load_workbook(io.BytesIO(visit_report(figures, "xlsx")[0]))
    assert dict(book["结果汇总"].iter_rows(min_row=2, values_only=True)) == figures["counts"]
    assert [r[0] for r in book["整改"].iter_rows(min_row=2, values_only=True)] == ["清城督整〔2023〕1号"]


def test_the_dossier_table_prints_in_the_pdf_after_the_hand_recorded_items() -> None:
    from eduplan.reports.document import Document, Paragraph, Section
    from eduplan.reports.pdf import render_pdf
    from eduplan.reports.supervision import with_dossier

    row = {"dimension": "社会认可度", "name": "社会认可度调查", "recorded_status": "达标", "value": 91.5,
           "evidence": "问卷1200份", "files": [{"filename": "问卷汇总.pdf"}], "confirmed_by": "督导室小王",
           "confirmed_at": "2024-01-05", "missing": []}  # fmt: skip
    missing = row | {"name": "政府保障", "recorded_status": "未填报", "value": None, "evidence": "", "files": [],
                     "confirmed_by": "", "confirmed_at": "", "missing": ["尚未填报状态或数值", "缺少证明材料"]}  # fmt: skip
    items = Section("人工填报项目", (Paragraph("（人工填报项目表）"),))
    bare = Document("优质均衡自评报告", "2023—2024学年", "清城区教育局", (), None, (items, Section("附表", ())))
    doc = with_dossier(bare, [row, missing])
    assert [s.title for s in doc.sections] == ["人工填报项目", "创建材料", "附表"]
    text = compact(pdf_text(render_pdf(doc)))
    section = text[text.index("创建材料（人工填报项目的证明材料）") :]
    # the cells wrap within their row: 调查 and the file's name and the date go to the row's second line
    for part in ("达标91.5问卷1200份、督导室小王齐全", "调查问卷汇总.pdf2024-01-05",
                 "政府保障未填报———尚未填报状态或数值；缺少证明材料", "材料齐全1/2项"):  # fmt: skip
        assert part in section, part
