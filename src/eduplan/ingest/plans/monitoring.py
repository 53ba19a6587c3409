"""Published monitoring figures (义务教育均衡 差异系数 tables): one ``Published`` figure per area, stage, indicator
and measure (差异系数, 均值), to be set against the region's own assessment.

Two shapes: a table of tab-separated rows ("序号 | 市 | 县(区) | 学校类别 | 指标项目 | <indicator columns>"), and
the loose cells a web page copy leaves (the indicator names, then per stage "小学 / 差异系数 / v1 / v2 …").
"""

from __future__ import annotations

import re

from eduplan.ingest.plans.indicators import stage_of
from eduplan.ingest.plans.model import Published, Source
from eduplan.ingest.plans.tables import Table
from eduplan.ingest.plans.values import squash

_MEASURES = ("差异系数", "均值", "平均值", "全县平均值", "全市平均值", "全区平均值")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_STAGES = ("小学", "初中")
_AREA = re.compile(r"(?:市|县|区|旗)$")
_NOT_NAME = re.compile(r"监测|结果|发布|日期|机构|来源|系数表")


def _measure(text: str) -> str | None:
    text = squash(text)
    if "差异系数" in text:
        return "差异系数"
    return "均值" if "平均" in text or text == "均值" else None


def figures_from_table(table: Table, file: str) -> list[Published]:
    """A 差异系数 table of tab rows: the header names the indicator columns; each row names area, stage, measure."""
    header = [squash(c) for c in table.rows[0].cells]
    measure_column = next((i for i, c in enumerate(header) if c in ("指标项目", "项目", "类别", "指标")), None)
    if measure_column is None or not any(_measure(c) for row in table.rows for c in row.cells):
        return []
    found: list[Published] = []
    for row in table.rows[1:]:
        cells = [squash(c) for c in row.cells]
        measure = _measure(cells[measure_column]) if measure_column < len(cells) else None
        if measure is None:
            continue
        stage = next((stage_of(c) for c in cells[:measure_column] if c in _STAGES), None)
        area = next((c for c in reversed(cells[:measure_column]) if _AREA.search(c) and c not in _STAGES), "")
        for index in range(measure_column + 1, min(len(cells), len(header))):
            if _NUMBER.match(cells[index]):
                found.append(
                    Published(
                        area=area,
                        stage=stage,
                        indicator=header[index],
                        measure=measure,
                        value=float(cells[index]),
                        source=Source(file=file, line=row.line, text=" | ".join(c for c in cells if c)),
                    )
                )
    return found


def figures_from_lines(lines: list[str], start: int, end: int, file: str, area: str) -> list[Published]:
    """Loose cells: the indicator names (lines before the first stage), then per stage and measure the values."""
    texts = [(index, squash(lines[index])) for index in range(start, end) if lines[index].strip()]
    first_stage = next((k for k, (_, t) in enumerate(texts) if t in _STAGES), None)
    if first_stage is None:
        return []
    names = [
        t
        for _, t in texts[:first_stage]
        if not _NUMBER.match(t) and len(t) <= 40 and re.search(r"生|师|数|面积|值|率", t) and not _NOT_NAME.search(t)
    ]
    found: list[Published] = []
    stage: str | None = None
    measure: str | None = None
    column = 0
    for index, text in texts[first_stage:]:
        if text in _STAGES:
            stage, measure = stage_of(text), None
        elif _measure(text) and len(text) <= 8:
            measure, column = _measure(text), 0
        elif _NUMBER.match(text) and measure and stage:
            indicator = names[column] if column < len(names) else f"第 {column + 1} 项"
            found.append(
                Published(area, stage, indicator, measure, float(text), Source(file=file, line=index + 1, text=text))
            )
            column += 1
        elif len(text) > 40:
            measure = None  # running text after the table
    return found
