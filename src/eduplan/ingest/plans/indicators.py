"""Indicator tables (主要预期指标表, 主要发展指标): one ``Indicator`` per row.

The header names the baseline and target years ("2020 年", "2025 年 (目标值)"). Rows are read by
content rather than by column position, because the text of a merged-cell table shifts cells: a
row is [group] [subgroup] name baseline target [note], where group and subgroup carry down to the
rows below until a row names a new one.
"""

from __future__ import annotations

import re

from eduplan.contract import STAGE_JUNIOR, STAGE_PRESCHOOL, STAGE_PRIMARY, STAGE_SENIOR
from eduplan.core.plan_tracking import EQUAL
from eduplan.errors import Problem
from eduplan.ingest.plans.model import Indicator, Source
from eduplan.ingest.plans.tables import Row, Table
from eduplan.ingest.plans.values import parse_value, split_unit, squash

_YEAR_HEADER = re.compile(r"^(20\d\d)\s*年")
_GROUP_SUFFIX = ("教育", "发展", "质量", "保障", "队伍", "治理")
_NATURES = ("预期性", "约束性")
_STAGE_WORDS = (
    (("学前", "幼儿园", "在园", "入园", "幼儿"), STAGE_PRESCHOOL),
    (("小学",), STAGE_PRIMARY),
    (("初中",), STAGE_JUNIOR),
    (("高中",), STAGE_SENIOR),
)


def stage_of(text: str | None) -> str | None:
    """The contract stage a label is about; "中小学" spans stages and names none."""
    if not text or "中小学" in text:
        return None
    for words, stage in _STAGE_WORDS:
        if any(word in text for word in words):
            return stage
    return None


def _years(row: Row) -> list[int]:
    return [int(m.group(1)) for cell in row.cells if (m := _YEAR_HEADER.match(squash(cell)))]


def is_indicator_table(table: Table) -> bool:
    header = table.rows[0]
    return len(_years(header)) >= 2 and any("指标" in squash(c) for c in header.cells)


def _is_header(row: Row) -> bool:
    return len(_years(row)) >= 2


def _is_group(label: str) -> bool:
    return label.endswith(_GROUP_SUFFIX)


def _row_text(row: Row) -> str:
    return " | ".join(c.strip() for c in row.cells if c.strip())


_GROUP_HEADING = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_NUMBERING = re.compile(r"^(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）])")
_AMONG = re.compile(r"^其中[：:]?")


def _split_row(
    row: Row,
    cells: list[str],
    names: list[tuple[int, str]],
    first_value: int | None,
    file: str,
    group: str,
    years: tuple[int, int],
) -> list[Indicator]:
    """A row that packs an indicator and its "其中" parts ("4.标准班额比例(%) | 其中：小学 | 初中 | 34.52% |
    77.34% | 80%以上 | 85%以上", copied from merged cells): one indicator per name, baselines then targets."""
    if len(names) < 2 or not any(_AMONG.match(squash(text)) for _, text in names[1:]) or first_value is None:
        return []
    values = [c for c in cells[first_value:] if c and parse_value(c).is_value]
    main_name, main_unit = split_unit(_NUMBERING.sub("", squash(names[0][1])))
    parts = [_AMONG.sub("", squash(text)) for _, text in names[1:]]
    stage_parts = all(stage_of(part) and len(part) <= 4 for part in parts)
    rows = parts if stage_parts else [names[0][1], *parts]
    if len(values) != 2 * len(rows):
        return []
    items = []
    for index, part in enumerate(rows):
        if stage_parts:
            name, unit, stage = main_name, main_unit, stage_of(part)
        else:
            name, unit = split_unit(_NUMBERING.sub("", squash(part)))
            unit = unit or main_unit
            stage = stage_of(name) or stage_of(main_name)
        baseline, target = parse_value(values[index]), parse_value(values[len(rows) + index])
        item = Indicator(
            name=name,
            unit=unit,
            group=group,
            stage=stage,
            baseline_year=years[0],
            baseline_value=baseline.value,
            target_year=years[1],
            target_value=target.value,
            comparator=target.comparator or EQUAL,
            source=Source(file=file, line=row.line, text=_row_text(row)),
            baseline_comparator=baseline.comparator,
        )
        item.flag("合并单元格的“其中”行，按列顺序拆分（先基期值，后目标值），请核对")
        items.append(item)
    return items


def read_indicators(table: Table, file: str) -> tuple[list[Indicator], list[Problem]]:
    header = table.rows[0]
    baseline_year, target_year = _years(header)[:2]
    numbered = squash(header.cell(0)) in ("序号", "编号")
    group = subgroup = ""
    items: list[Indicator] = []
    problems: list[Problem] = []
    for position, row in enumerate(table.rows):
        if _is_header(row):
            continue
        cells = [c.strip() for c in (row.cells[1:] if numbered else row.cells)]
        first_value = next((i for i, c in enumerate(cells) if c and parse_value(c).is_value), None)
        names = [(i, c) for i, c in enumerate(cells[: first_value if first_value is not None else len(cells)]) if c]
        if not names:
            continue
        if first_value is None and len(names) == 1 and _GROUP_HEADING.match(squash(names[0][1])):
            group, subgroup = _GROUP_HEADING.sub("", squash(names[0][1])), ""  # "一、发展水平": a group row
            continue
        split = _split_row(row, cells, names, first_value, file, group, (baseline_year, target_year))
        if split:
            items.extend(split)
            continue
        name_index, raw_name = names[-1]
        labels = [squash(c) for _, c in names[:-1]]
        if len(labels) >= 2:
            group, subgroup = labels[0], labels[1]
        elif len(labels) == 1 and _is_group(labels[0]):
            group, subgroup = labels[0], ""
        elif len(labels) == 1:
            subgroup = labels[0]
        elif name_index == 0 and not numbered:
            subgroup = ""  # the name spans the subgroup column: a row of the whole group
        after = [c for c in cells[name_index + 1 :] if c]
        name, unit = split_unit(_NUMBERING.sub("", squash(raw_name)))
        source = Source(file=file, line=row.line, text=_row_text(row))
        if len(after) < 2:
            problem = Problem(
                file=file,
                message=f"第 {row.line} 行：指标“{name}”缺少{'目标值' if after else '基期值和目标值'}，表格可能被截断",
                row=row.line,
                expected="基期值和目标值两列",
                found=_row_text(row),
            )
            last_row = position == len(table.rows) - 1
            if last_row:
                problems.append(problem)
                continue
        baseline = parse_value(after[0]) if after else parse_value("")
        target = parse_value(after[1]) if len(after) > 1 else parse_value("")
        nature = next((n for c in after[2:] for n in _NATURES if n in c), None)
        item = Indicator(
            name=name,
            unit=unit,
            group=group,
            stage=stage_of(subgroup) or stage_of(name) or stage_of(group),
            baseline_year=baseline_year,
            baseline_value=baseline.value,
            target_year=target_year,
            target_value=target.value,
            comparator=target.comparator or EQUAL,
            source=source,
            baseline_comparator=baseline.comparator,
            nature=nature,
        )
        if not target.is_value or (target.value is None and target.comparator is None):
            item.flag("目标值缺失或无法识别")
        if not baseline.is_value:
            item.flag("基期值无法识别")
        items.append(item)
    return items, problems
