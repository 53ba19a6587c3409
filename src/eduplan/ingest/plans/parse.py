"""Turn a plan file into ``PlanDocument``s: split, read tables and text, check, and refuse bad input."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from eduplan.errors import IngestError, Problem
from eduplan.ingest.plans.checks import check_rows, check_summary, check_text_totals, check_total
from eduplan.ingest.plans.documents import PLAN_WORDS, Span, read_meta, split_documents, toc_entries
from eduplan.ingest.plans.duty_tables import duty_table_tasks
from eduplan.ingest.plans.indicators import is_indicator_table, read_indicators
from eduplan.ingest.plans.kinds import PLAN, classify, is_education
from eduplan.ingest.plans.model import Indicator, PlanDocument, Rollup, Source
from eduplan.ingest.plans.monitoring import figures_from_lines, figures_from_table
from eduplan.ingest.plans.pdf import Place, Progress
from eduplan.ingest.plans.projects import ProjectTable, category_of, is_project_table, read_projects, total_as_rollup
from eduplan.ingest.plans.prose_projects import prose_projects
from eduplan.ingest.plans.rollups import is_rollup_table, read_rollups
from eduplan.ingest.plans.sentences import paragraphs
from eduplan.ingest.plans.tables import Table, find_tables
from eduplan.ingest.plans.targets import read_targets
from eduplan.ingest.plans.tasks import paragraph_task, sentence_task
from eduplan.ingest.plans.values import squash

_ATTACHMENT = re.compile(r"^附件\s*\d+$")
_AREA_NAME = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:市|县|区|旗)")


def _attachment(table: Table) -> str | None:
    return next((squash(c) for c in table.context if _ATTACHMENT.match(squash(c))), None)


def _table_name(table: Table, attachment: str) -> str:
    title = squash(table.title) if not _ATTACHMENT.match(squash(table.title)) else ""
    return " ".join(part for part in (attachment, title) if part)


def _truncated(table: ProjectTable, lines: list[str], file: str) -> Problem | None:
    """A last row missing the columns every other row has, at the very end of the file."""
    if len(table.projects) < 2 or table.total is not None:
        return None
    last = table.projects[-1]
    if any(line.strip() for line in lines[last.source.line :]):
        return None
    others = table.projects[:-1]
    expected = [
        key
        for key in ("finish_year", "investment", "responsible")
        if all(getattr(p, key) is not None for p in others) and getattr(last, key) is None
    ]
    if not expected:
        return None
    return Problem(
        file=file,
        message=f"第 {last.source.line} 行：项目表在文件末尾被截断，最后一行缺少{'、'.join(expected)}",
        row=last.source.line,
        expected="完整的表格行",
        found=last.source.text,
    )


def _year_from_twin(targets: list[Indicator]) -> None:
    """A target stated again later without its year ("（一）新建…9所" after "2021年…新建…9所") is the same target:
    it takes the year of its twin and says so."""
    dated = {(t.name, t.unit, t.target_value): t for t in targets if t.target_year is not None}
    for target in targets:
        twin = dated.get((target.name, target.unit, target.target_value))
        if target.target_year is None and twin is not None:
            target.target_year = twin.target_year
            target.reasons = [r for r in target.reasons if r != "句中未写明目标年份"]
            target.flag(f"与第 {twin.source.line} 行的目标相同（重复出现），年份取该行的 {twin.target_year} 年")


def parse_document(lines: list[str], span: Span, file: str) -> tuple[PlanDocument, list[Problem]]:
    document = PlanDocument(plan=read_meta(lines, span, file))
    problems: list[Problem] = []
    tables = find_tables(lines, span.start, span.end)
    skip = {n for t in tables for n in range(t.first_line, t.last_line + 1)}
    project_tables: list[ProjectTable] = []
    summaries: list[list[Rollup]] = []
    attachment = ""  # tables under "附件 2" keep its label until the next attachment
    for table in tables:
        attachment = _attachment(table) or attachment
        name = _table_name(table, attachment)
        if is_indicator_table(table):
            items, found = read_indicators(table, file)
            document.indicators.extend(items)
            problems.extend(found)
        elif is_rollup_table(table):
            summaries.append(read_rollups(table, name, file))
        elif figures := figures_from_table(table, file):
            document.published.extend(figures)
        elif is_project_table(table):
            project_table = read_projects(table, name, category_of(squash(table.title)), file)
            project_tables.append(project_table)
            problem = _truncated(project_table, lines, file)
            if problem:
                problems.append(problem)
    every_summary = [r for s in summaries for r in s]
    for project_table in project_tables:
        document.discrepancies.extend(check_rows(project_table))
        document.discrepancies.extend(check_total(project_table, every_summary))
        document.projects.extend(project_table.projects)
    for summary in summaries:
        document.discrepancies.extend(check_summary(summary, document.projects))
        document.rollups.extend(summary)
    document.rollups.extend(total_as_rollup(t.total) for t in project_tables if t.total)
    duty_tasks, sentences, duty_lines = duty_table_tasks(lines, span.start, span.end, file)
    skip |= duty_lines
    for sentence in sentences:
        document.targets.extend(read_targets(sentence, file))
    for paragraph in paragraphs(lines, span.start, span.end, skip):
        task = paragraph_task(paragraph, file)
        if task:
            document.tasks.append(task)
        for sentence in paragraph.sentences():
            sentences.append(sentence)
            document.targets.extend(read_targets(sentence, file))
            if task is None and (found_task := sentence_task(sentence, file)):
                document.tasks.append(found_task)
    document.tasks.extend(duty_tasks)
    document.discrepancies.extend(check_text_totals(sentences, summaries, file))
    _year_from_twin(document.targets)
    if not document.projects and not document.indicators and not document.published:
        document.projects.extend(prose_projects(sentences, file))
    if not document.published and any(
        "差异系数" in lines[i] for i in range(span.start, min(span.end, span.start + 60))
    ):
        area = next((m.group(0) for line in lines[span.start : span.start + 3] if (m := _AREA_NAME.search(line))), "")
        document.published.extend(figures_from_lines(lines, span.start, span.end, file, area))
    return document, problems


def _is_plan(document: PlanDocument) -> bool:
    has_items = bool(document.indicators or document.projects or document.targets or document.tasks)
    if document.published:
        return True
    titled = any(word in document.plan.title for word in (*PLAN_WORDS, "通知"))
    return has_items and (titled or bool(document.indicators or document.projects) or len(document.targets) >= 2)


_INDICATOR_HEADING = re.compile(r"主要(?:发展|预期)?指标|指标体系|发展指标")


def _indicator_note(lines: list[str], span: Span) -> str | None:
    """Why a plan has no indicator table: a 主要指标 heading with no readable table under it, or none at all."""
    for index in range(span.start, span.end):
        text = squash(lines[index])
        if _INDICATOR_HEADING.search(text) and len(text) <= 30 and not text.endswith("。"):
            return (
                f"第 {index + 1} 行有“{text}”标题，但其下没有可读的指标表（表格可能是图片，或行列无法辨认）："
                "请对照原文手工录入指标"
            )
    return "文中没有主要指标表（带“指标”和基期、目标年份两列的表格）；量化目标见“目标句”"


def _describe(document: PlanDocument, lines: list[str], span: Span) -> None:
    body = "".join(squash(line) for line in lines[span.start : span.end])
    document.plan.content_sha256 = hashlib.sha256(body.encode("utf-8")).hexdigest()
    document.plan.kind, document.plan.kind_reason = classify(document, body)
    if document.plan.kind == PLAN and not document.indicators:
        note = _indicator_note(lines, span)
        if note:
            document.plan.notes.append(note)


@dataclass
class PlanFile:
    """What a file holds: its education plans, and the documents left out with the reason (a transport plan
    printed in the same gazette)."""

    file: str
    format: str
    documents: list[PlanDocument]
    left_out: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_file_lines(lines: list[str], file: str, *, education_only: bool = True) -> PlanFile:
    spans = split_documents(lines)
    listed = toc_entries(lines, spans[0])
    documents: list[tuple[PlanDocument, Span]] = []
    problems: list[Problem] = []
    for span in spans:
        document, found = parse_document(lines, span, file)
        problems.extend(found)
        if listed and listed != len(spans):
            document.plan.uncertain = True
            document.plan.reasons.append(f"目录列出 {listed} 个文件，正文找到 {len(spans)} 个")
        documents.append((document, span))
    if problems:
        raise IngestError(problems)
    plans: list[PlanDocument] = []
    left_out: list[str] = []
    for document, span in documents:
        if not _is_plan(document):
            continue
        text = "".join(squash(line) for line in lines[span.start : span.end])
        education, why = is_education(document, text)
        if education_only and not education:
            meta = document.plan
            left_out.append(f"《{meta.title}》（第 {meta.first_line}–{meta.last_line} 行）不是教育规划，未导入：{why}")
            continue
        _describe(document, lines, span)
        plans.append(document)
    if not plans:
        first = squash(next((line for line in lines if line.strip()), ""))[:40]
        message = "文件不像规划文件：没有找到规划标题、指标表、项目表、量化目标或任务"
        if left_out:
            message = "文件中没有教育规划：" + "；".join(left_out)
        raise IngestError([Problem(file=file, message=message, expected="规划、计划或实施方案的正文", found=first)])
    return PlanFile(file=file, format="", documents=plans, left_out=left_out)


def parse_lines(lines: list[str], file: str, *, education_only: bool = True) -> list[PlanDocument]:
    """Every education plan document in ``lines``; documents about other things are left out unless
    ``education_only`` is False."""
    return parse_file_lines(lines, file, education_only=education_only).documents


def _placed(source: Source, places: list[Place]) -> Source:
    if not 1 <= source.line <= len(places):
        return source
    place = places[source.line - 1]
    return replace(source, page=place.page, where=place.describe())


def locate(documents: list[PlanDocument], places: list[Place], ocr_pages: list[int]) -> None:
    """Give every item its place in the original (page and line, or table row) and flag items read by OCR."""
    scanned = set(ocr_pages)
    for document in documents:
        items: list[Any] = [*document.indicators, *document.targets, *document.projects, *document.tasks]
        for figure in document.published:
            figure.source = _placed(figure.source, places)
        for item in items:
            item.source = _placed(item.source, places)
            if item.source.page in scanned:
                item.flag(f"来自第 {item.source.page} 页的 OCR 识别结果，请对照原文核对")
        for rollup in document.rollups:
            rollup.source = _placed(rollup.source, places)
        document.discrepancies[:] = [
            replace(d, locations=[_placed(s, places) for s in d.locations]) for d in document.discrepancies
        ]


def read_plan_file(path: Path | str, progress: Progress | None = None, *, education_only: bool = True) -> PlanFile:
    """Read any supported file (PDF, scan, Word, web page, text, workbook) into its education plans, each item
    placed in the original; ``progress(stage, done, total)`` is called per page of a PDF. Bad input raises
    IngestError with a located Chinese message."""
    from eduplan.ingest.plans.reading import read_document

    target = Path(path)
    read = read_document(target, progress)
    result = parse_file_lines(read.lines, read.file, education_only=education_only)
    result.format = read.format
    result.notes = list(read.notes)
    locate(result.documents, read.places, read.ocr_pages)
    for document in result.documents:
        meta = document.plan
        pages = [p.page for p in read.places[meta.first_line - 1 : meta.last_line] if p.page is not None]
        meta.first_page, meta.last_page = (min(pages), max(pages)) if pages else (None, None)
        document.plan.format = read.format
        document.plan.notes[:0] = read.notes
    return result


def parse_plan_file(
    path: Path | str, progress: Progress | None = None, *, education_only: bool = True
) -> list[PlanDocument]:
    """Every education plan document in the file at ``path``; bad input raises IngestError with located
    problems."""
    return read_plan_file(path, progress, education_only=education_only).documents
