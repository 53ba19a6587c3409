"""The checks a careful reader makes, each reported with both locations.

- a row's text against its own columns (seats, investment);
- a table's 合计 row against the sum of its rows;
- a summary table (统计表) against the detail tables it summarises;
- seat totals stated in the text against the summary tables.

Where a row's text and column disagree and the plan's own total agrees with the text, the project
takes the text's value (so rollups reproduce the plan's totals) and is flagged uncertain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from eduplan.contract import STAGE_JUNIOR, STAGE_PRESCHOOL, STAGE_PRIMARY
from eduplan.ingest.plans.model import Discrepancy, Project, Rollup, Source
from eduplan.ingest.plans.projects import ProjectTable, text_investment, text_seats
from eduplan.ingest.plans.sentences import Sentence
from eduplan.ingest.plans.values import NUMBER, number, squash


def _fmt(value: float | None) -> str:
    if value is None:
        return "空"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _rows_source(projects: list[Project], what: str, value: float) -> Source:
    first, last = projects[0].source.line, projects[-1].source.line
    return Source(file=projects[0].source.file, line=first, text=f"第 {first}–{last} 行各行{what}之和 {_fmt(value)}")


def _label(project: Project) -> str:
    return f"“{project.section}”第 {project.number} 项（{project.name}）"


def check_rows(table: ProjectTable) -> list[Discrepancy]:
    """Row text against columns; resolves a seat conflict in favour of the text when the 合计 agrees."""
    found: list[Discrepancy] = []
    for project in table.projects:
        if project.stage == STAGE_PRESCHOOL:
            continue  # kindergarten seats are read from the text itself
        stated = text_seats(project.text)
        columns = project.total_seats
        if stated is not None and project.seats and stated != columns:
            where = Source(project.source.file, project.source.line, project.text)
            cell = Source(project.source.file, project.source.line, f"学位列 {_fmt(columns)}")
            message = f"{_label(project)}文字写 {_fmt(stated)} 个学位，学位列为 {_fmt(columns)}"
            if _total_prefers_text(table, project, stated):
                stage = next(iter(project.seats)) if len(project.seats) == 1 else None
                if stage is not None:
                    project.seats[stage] = stated
                    message += f"；表格合计按 {_fmt(stated)} 计算，已取文字数"
                    project.flag(f"学位取文字所写 {_fmt(stated)}（合计按此计算），学位列为 {_fmt(columns)}")
            else:
                project.flag(f"文字写 {_fmt(stated)} 个学位，学位列为 {_fmt(columns)}")
            found.append(Discrepancy(message=message, locations=[where, cell], kind="row_text"))
        money = text_investment(project.text)
        if money is not None and money != project.investment:
            where = Source(project.source.file, project.source.line, project.text)
            cell = Source(project.source.file, project.source.line, f"投资列 {_fmt(project.investment)}")
            message = f"{_label(project)}文字写投资 {_fmt(money)} 万元，投资列为 {_fmt(project.investment)}"
            project.flag(f"文字写投资 {_fmt(money)} 万元，投资列为 {_fmt(project.investment)}")
            found.append(Discrepancy(message=message, locations=[where, cell], kind="row_text"))
    return found


def _total_prefers_text(table: ProjectTable, project: Project, stated: float) -> bool:
    if table.total is None or len(project.seats) != 1:
        return False
    stage = next(iter(project.seats))
    total = table.total.seats.get(stage)
    column_sum = sum(p.seats.get(stage, 0.0) for p in table.projects)
    return total is not None and total != column_sum and total == column_sum - project.seats[stage] + stated


def check_total(table: ProjectTable, summaries: Iterable[Rollup]) -> list[Discrepancy]:
    """The table's 合计 row against the sum of its rows (after row resolution)."""
    total = table.total
    if total is None or not table.projects:
        return []
    found: list[Discrepancy] = []
    for stage, stated in total.seats.items():
        summed = sum(p.seats.get(stage, 0.0) for p in table.projects)
        if summed != stated:
            message = f"“{table.section}”合计{stage}学位 {_fmt(stated)}，各行相加为 {_fmt(summed)}"
            rows = _rows_source(table.projects, f"{stage}学位", summed)
            found.append(Discrepancy(message=message, locations=[total.source, rows], kind="table_total"))
    if total.investment is not None:
        summed = sum(p.investment or 0.0 for p in table.projects)
        if summed != total.investment:
            message = f"“{table.section}”合计投资 {_fmt(total.investment)} 万元，各行相加为 {_fmt(summed)} 万元"
            locations = [total.source, _rows_source(table.projects, "投资", summed)]
            agreeing = [r for r in summaries if r.category == total.category and r.stage is None]
            agreeing = [r for r in agreeing if r.investment == summed]
            if agreeing:
                message += f"（{agreeing[0].table}用的是 {_fmt(summed)}）"
                locations.append(agreeing[0].source)
            found.append(Discrepancy(message=message, locations=locations, kind="table_total"))
    return found


def _matching(projects: list[Project], rollup: Rollup) -> list[Project]:
    return [
        p
        for p in projects
        if (rollup.category is None or p.category == rollup.category)
        and (rollup.stage is None or p.stage == rollup.stage)
    ]


def check_summary(summary: list[Rollup], projects: list[Project]) -> list[Discrepancy]:
    """A summary table's rows against the projects of the detail tables."""
    kindergarten = any("幼儿园" in r.table for r in summary)
    pool = [p for p in projects if (p.stage == STAGE_PRESCHOOL) == kindergarten]
    found: list[Discrepancy] = []
    for rollup in summary:
        chosen = _matching(pool, rollup)
        what = f"“{rollup.table}”{rollup.category or '合计'}{rollup.stage or ''}"
        comparisons: list[tuple[str, float | None, float]] = [("项目数", rollup.count, float(len(chosen)))]
        for stage, seats in rollup.seats.items():
            if stage != "合计":
                comparisons.append((f"{stage}学位", seats, sum(p.seats.get(stage, 0.0) for p in chosen)))
        if rollup.investment is not None:
            comparisons.append(("投资", rollup.investment, sum(p.investment or 0.0 for p in chosen)))
        for name, stated, summed in comparisons:
            if stated is None or stated == summed:
                continue
            message = f"{what}{name} {_fmt(stated)}，明细表相加为 {_fmt(summed)}"
            locations = [rollup.source]
            if chosen:
                locations.append(_rows_source(chosen, name, summed))
            found.append(Discrepancy(message=message, locations=locations, kind="summary"))
    return found


_TEXT_TOTAL = re.compile(
    rf"(?:增加|新增)(?:公办)?(幼儿园|中小学|小学|初中)?学位约?({NUMBER})个|(幼儿园|中小学|小学|初中)学位约?({NUMBER})个"
)
_TEXT_STAGES = {"幼儿园": STAGE_PRESCHOOL, "小学": STAGE_PRIMARY, "初中": STAGE_JUNIOR}


def _grand_total(summaries: list[list[Rollup]], kindergarten: bool) -> Rollup | None:
    for summary in summaries:
        if any("幼儿园" in r.table for r in summary) == kindergarten:
            return next((r for r in summary if r.category is None), None)
    return None


def check_text_totals(sentences: Iterable[Sentence], summaries: list[list[Rollup]], file: str) -> list[Discrepancy]:
    """Seat totals stated in the text ("合计增加公办中小学学位 45430 个") against the summary tables."""
    found: list[Discrepancy] = []
    for sentence in sentences:
        for match in _TEXT_TOTAL.finditer(squash(sentence.text)):
            kind = match.group(1) or match.group(3)
            if kind is None:
                continue
            stated = number(match.group(2) or match.group(4))
            total = _grand_total(summaries, kind == "幼儿园")
            if total is None:
                continue
            table = total.total_seats if kind == "中小学" else total.seats.get(_TEXT_STAGES[kind])
            if table is None or table == stated:
                continue
            message = f"正文写{kind}学位 {_fmt(stated)} 个，“{total.table}”合计为 {_fmt(table)}"
            where = Source(file, sentence.line, sentence.text)
            found.append(Discrepancy(message=message, locations=[where, total.source], kind="text_total"))
    return found
