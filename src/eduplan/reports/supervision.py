"""Supervision documents: the 整改通知书 of one rectification (a letter: 文号, 抬头, findings, requirements,
deadline, seal area) and the term 督导报告 of a county (PDF and Excel from the same figures as the office page's JSON).

Read-only: nothing here writes to the store.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import date
from typing import Any

from django.template import Context

from eduplan.contract import county_of
from eduplan.reports.document import Column, Document, Paragraph, Section, Table
from eduplan.reports.fonts import check_fonts
from eduplan.reports.pdf import _engine, render_pdf, typeset
from eduplan.reports.xlsx import render_xlsx
from eduplan.standards.supervision import SEVERITIES, item_text
from eduplan.store.models import Region
from eduplan.store.models.supervision import Rectification
from eduplan.store.supervision import school_name


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def issuer_of(region_code: str) -> str:
    county = Region.objects.filter(code=county_of(region_code)).values_list("name", flat=True).first() or ""
    return f"{county}人民政府教育督导室"


def notice_context(rect: Rectification, responsible: str | None = None) -> dict[str, Any]:
    """The letter's fields; ``responsible`` is the person as the reader may see him (``store.supervision.
    responsible_as_shown``), the stored name when not given (the letter the school receives names him)."""
    from eduplan.store.supervision import school_region

    visit = rect.visit
    default_requirement = "针对上述问题制定整改方案，落实责任人，限期整改到位，并报送整改报告及证明材料。"
    return {
        "issuer": issuer_of(school_region(rect.school_code)),
        "number": rect.number,
        "school": school_name(rect.school_code),
        "visit_date": _chinese_date(visit.date if visit else rect.issued_on),
        "inspectors": "、".join(i.name for i in visit.inspectors.all()) if visit else "",
        "kind": visit.kind if visit else "督导检查",
        "item": item_text(rect.item_key) if rect.item_key else "",
        "finding": rect.finding,
        "severity": rect.severity,
        "requirement": rect.requirement or default_requirement,
        "deadline": _chinese_date(rect.deadline),
        "responsible": rect.responsible if responsible is None else responsible,
        "issued": _chinese_date(rect.issued_on),
    }


def notice_pdf(rect: Rectification, responsible: str | None = None) -> bytes:
    """The letter's PDF (``templates/reports/notice.typ``, typeset by Typst). The same letter (every field equal) is
    printed once per process and reused: a notice is downloaded again and again while nothing in it changes."""
    return _notice_pdf(tuple(notice_context(rect, responsible).items()))


@functools.lru_cache(maxsize=64)
def _notice_pdf(fields: tuple[tuple[str, Any], ...]) -> bytes:
    return typeset("notice.typ", dict(fields))


def notice_pdf_weasyprint(rect: Rectification) -> bytes:
    """The letter printed by WeasyPrint from ``notice.html``: the renderer before Typst, the bench's baseline."""
    check_fonts()
    from weasyprint import HTML

    html = _engine().get_template("reports/notice.html").render(Context({"n": notice_context(rect)}))
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def _figures_table(title: str, pairs: tuple[tuple[str, float | None], ...]) -> Table:
    rows = [{"label": label, "value": value} for label, value in pairs]
    return Table(title, title, (Column("label", "项目"), Column("value", "数值", "number")), rows)


def term_document(county: str, figures: dict[str, Any], today: date | None = None) -> Document:
    plan, cov, states = figures["plan"], figures["coverage"], figures["rectifications"]
    close = figures["time_to_close"]
    share = None if cov["share"] is None else round(cov["share"] * 100, 1)
    summary = _figures_table(
        "校校到",
        (
            ("计划内学校", cov["schools"]),
            ("每校应督导次数", cov["required"]),
            ("已达次数的学校", cov["covered"]),
            ("校校到覆盖率（%）", share),
            ("进校督导次数", figures["visits"]),
        ),
    )
    rect_facts = _figures_table(
        "整改情况",
        (
            ("下发整改", states["total"]),
            ("已销号", states["closed"]),
            ("待复查", states["reported"]),
            ("待整改", states["open"]),
            ("退回重改", states["returned"]),
            ("逾期", states["overdue"]),
            ("销号用时中位数（天）", close["median_days"]),
        ),
    )
    items = Table(
        "问题按督导事项和严重程度",
        "问题分布",
        (Column("item", "督导事项"), *(Column(s, s, "int") for s in SEVERITIES), Column("total", "合计", "int")),
        figures["findings_by_item"],
    )
    overdue = Table(
        "逾期整改",
        "逾期整改",
        (
            Column("town_name", "镇街"),
            Column("school_name", "学校"),
            Column("number", "文号", "code"),
            Column("severity", "严重程度"),
            Column("deadline", "整改期限", "code"),
            Column("days_late", "逾期天数", "int"),
        ),
        figures["overdue"],
        empty_text="没有逾期的整改",
    )
    not_covered = Paragraph(
        "未达到应督导次数的学校：" + ("、".join(school_name(c) for c in cov["not_covered"]) or "无"),
        "fail" if cov["not_covered"] else "pass",
    )
    actions = Table(
        "约谈、通报、问责与激励",
        "处理与激励",
        (
            Column("date", "日期", "code"),
            Column("school_name", "学校"),
            Column("kind", "类型"),
            Column("who", "对象/决定人"),
            Column("document", "文件"),
        ),
        figures["actions"],
        empty_text="本学期没有记录",
    )
    return Document(
        title=f"{county}{plan['name']}督导报告",
        subtitle="责任督学挂牌督导：覆盖、问题、整改与问责",
        issuer=f"{county}人民政府教育督导室",
        cover=(
            ("督导计划", plan["name"]),
            ("计划期", f"{plan['start']} 至 {plan['end']}"),
            ("统计日", figures["today"]),
        ),
        verdict=None,
        sections=(
            Section("校校到", (summary, not_covered)),
            Section("整改情况", (rect_facts, items)),
            Section("逾期整改", (overdue,)),
            Section("约谈、通报、问责与激励", (actions,)),
        ),
        notes=(
            "校校到：计划期内进校督导（挂牌督导、专项督导、回头看）次数不少于计划要求的学校占计划内学校的比例。",
            "逾期：整改期限已过、学校尚未提交整改报告（或被退回后未重新提交）的整改。",
        ),
        generated_on=today or date.today(),
        filename_stem="督导报告",
    )


def term_report(county: str, figures: dict[str, Any], fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the term report in ``fmt`` (pdf or xlsx)."""
    return _rendered(term_document(county, figures), fmt)


def visit_document(figures: dict[str, Any], today: date | None = None) -> Document:
    """The report of one school visit (``store.supervision.visit_figures``): the checklist's results with their
    counts, the rectifications the visit opened, its evidence files."""
    counts = figures["counts"]
    results = Table(
        "检查结果",
        "检查结果",
        (Column("item", "督导事项"), Column("result", "结果", "code", tone_from="met"), Column("note", "说明")),
        [r | {"met": {"合格": True, "不合格": False}.get(r["result"])} for r in figures["results"]],
    )
    tally = Table(
        "结果汇总",
        "结果汇总",
        (Column("result", "结果", "code"), Column("count", "事项数", "int")),
        [{"result": result, "count": n} for result, n in counts.items()],
    )
    rects = Table(
        "发现问题与整改",
        "整改",
        (
            Column("number", "文号", "code"),
            Column("item", "督导事项"),
            Column("finding", "问题"),
            Column("severity", "严重程度", "code"),
            Column("deadline", "整改期限", "code"),
            Column("state", "状态", "code"),
        ),
        figures["rectifications"],
        empty_text="本次督导没有下发整改",
    )
    files = Table(
        "证明材料",
        "证明材料",
        (
            Column("filename", "文件"),
            Column("type", "类型", "code"),
            Column("size", "字节", "int"),
            Column("sha256", "SHA-256", "code"),
        ),
        figures["evidence"],
        empty_text="没有上传证明材料",
    )
    summary = (Paragraph(f"督导小结：{figures['summary']}"),) if figures["summary"] else ()
    day = date.fromisoformat(figures["date"])
    return Document(
        title=f"{figures['school_name']}{figures['kind']}报告",
        subtitle=_chinese_date(day),
        issuer=issuer_of(figures["region_code"]),
        cover=(
            ("学校", f"{figures['school_name']}（{figures['school_code']}）"),
            ("督导日期", _chinese_date(day)),
            ("督导类型", figures["kind"]),
            ("督导清单", figures["checklist"]),
            ("督学", "、".join(figures["inspectors"]) or "—"),
        ),
        verdict=None,
        sections=(
            Section("检查结果", (*summary, tally, results)),
            Section("发现问题与整改", (rects,)),
            Section("证明材料", (files,)),
        ),
        notes=("学校责任人等个人信息不在本报告中，见各整改通知书。",),
        generated_on=today or date.today(),
        filename_stem="督导记录",
    )


def visit_report(figures: dict[str, Any], fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of a visit's report in ``fmt`` (pdf or xlsx)."""
    return _rendered(visit_document(figures), fmt)


def dossier_table(rows: list[dict[str, Any]]) -> Table:
    """The county's 创建 dossier items (``store.dossier.dossier`` rows of one standard): status, value, evidence text
    and files, who confirmed it and when, and what is still missing."""
    printed = [
        {
            "dimension": r["dimension"],
            "name": r["name"],
            "status": r["recorded_status"],
            "value": r["value"],
            "files": "、".join([*([r["evidence"]] if r["evidence"] else []), *(f["filename"] for f in r["files"])]),
            "confirmed": " ".join(x for x in (r["confirmed_by"], r["confirmed_at"]) if x),
            "missing": "；".join(r["missing"]) or "齐全",
            "complete": not r["missing"],
        }
        for r in rows
    ]
    columns = (
        Column("dimension", "评估内容", "code"),
        Column("name", "项目"),
        Column("status", "填报状态", "code"),
        Column("value", "数值", "float", 1),
        Column("files", "证明材料", keep_between="、"),
        Column("confirmed", "确认人及日期"),
        Column("missing", "缺少", tone_from="complete"),
    )
    complete = sum(p["complete"] for p in printed)
    note = f"材料齐全 {complete}/{len(printed)} 项；状态与数值在评估页填报，证明材料在“创建材料”页上传。"
    return Table("创建材料（人工填报项目的证明材料）", "创建材料", columns, printed, note=note)


def with_dossier(doc: Document, rows: list[dict[str, Any]]) -> Document:
    """The assessment report with the dossier's table as a section after its hand-recorded items."""
    section = Section("创建材料", (dossier_table(rows),))
    titles = [s.title for s in doc.sections]
    at = titles.index("人工填报项目") + 1 if "人工填报项目" in titles else len(titles)
    return dataclasses.replace(doc, sections=(*doc.sections[:at], section, *doc.sections[at:]))


def _rendered(doc: Document, fmt: str) -> tuple[bytes, str, str]:
    if fmt == "pdf":
        return render_pdf(doc), "application/pdf", f"{doc.title}.pdf"
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return render_xlsx(doc), xlsx_type, f"{doc.title}.xlsx"
