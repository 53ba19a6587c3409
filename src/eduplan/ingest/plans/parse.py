"""Turn a plan file into ``PlanDocument``s: split, read tables and text, check, and refuse bad input."""

from __future__ import annotations

import re
from pathlib import Path

from eduplan.errors import IngestError, Problem
from eduplan.ingest.plans.checks import check_rows, check_summary, check_text_totals, check_total
from eduplan.ingest.plans.documents import PLAN_WORDS, Span, read_meta, split_documents, toc_entries
from eduplan.ingest.plans.duty_tables import duty_table_tasks
from eduplan.ingest.plans.indicators import is_indicator_table, read_indicators
from eduplan.ingest.plans.model import PlanDocument, Rollup
from eduplan.ingest.plans.projects import ProjectTable, category_of, is_project_table, read_projects, total_as_rollup
from eduplan.ingest.plans.rollups import is_rollup_table, read_rollups
from eduplan.ingest.plans.sentences import paragraphs
from eduplan.ingest.plans.tables import Table, find_tables
from eduplan.ingest.plans.targets import read_targets
from eduplan.ingest.plans.tasks import paragraph_task, sentence_task
from eduplan.ingest.plans.values import squash

_ATTACHMENT = re.compile(r"^附件\s*\d+$")


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
    return document, problems


def _is_plan(document: PlanDocument) -> bool:
    has_items = bool(document.indicators or document.projects or document.targets or document.tasks)
    return has_items and any(word in document.plan.title for word in (*PLAN_WORDS, "通知"))


def parse_lines(lines: list[str], file: str) -> list[PlanDocument]:
    spans = split_documents(lines)
    listed = toc_entries(lines, spans[0])
    documents: list[PlanDocument] = []
    problems: list[Problem] = []
    for span in spans:
        document, found = parse_document(lines, span, file)
        problems.extend(found)
        if listed and listed != len(spans):
            document.plan.uncertain = True
            document.plan.reasons.append(f"目录列出 {listed} 个文件，正文找到 {len(spans)} 个")
        documents.append(document)
    if problems:
        raise IngestError(problems)
    plans = [d for d in documents if _is_plan(d)]
    if not plans:
        raise IngestError(
            [
                Problem(
                    file=file,
                    message="文件不像规划文件：没有找到规划标题、指标表、项目表、量化目标或任务",
                    expected="规划、计划或实施方案的正文",
                    found=squash(next((line for line in lines if line.strip()), ""))[:40],
                )
            ]
        )
    return plans


def parse_plan_file(path: Path | str) -> list[PlanDocument]:
    """Every plan document in the file at ``path``; bad input raises IngestError with located problems."""
    from eduplan.ingest.plans.reading import read_lines

    target = Path(path)
    return parse_lines(read_lines(target), target.name)
