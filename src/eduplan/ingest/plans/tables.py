"""Find the tables of a plan text.

Published plan texts print tables in two ways: one row per line with tab-separated cells (Qingcheng,
Liwan; a .docx read by ``reading`` too), or one cell per line, each starting with a tab, rows separated
by blank lines (Huadu). Both become ``Table`` objects of ``Row``s of cells. What a row *means* — a
header, a continuation of the row above, a total — is for the extractor of that kind of table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOC = re.compile(r"\.{4,}|…{2,}|-\s*\d+\s*-\s*$")
_CELL_LINE = re.compile(r"^\t[^\t]*\S[^\t]*$")


@dataclass
class Row:
    cells: list[str]
    line: int  # 1-based line of the row's first line
    text: str  # the row as printed (cells joined by a tab)
    last_line: int = 0

    def cell(self, index: int) -> str:
        return self.cells[index].strip() if index < len(self.cells) else ""


@dataclass
class Table:
    rows: list[Row]
    context: list[str] = field(default_factory=list)  # the nearest non-blank lines above, nearest first
    context_lines: list[int] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.context[0] if self.context else ""

    @property
    def first_line(self) -> int:
        return self.rows[0].line

    @property
    def last_line(self) -> int:
        return max(r.last_line or r.line for r in self.rows)


def _is_tab_row(line: str) -> bool:
    # A continuation row ("\t学位。\t\t\t") has only edge tabs, but more than one of them.
    tabbed = line.count("\t") >= 2 or "\t" in line.strip()
    return tabbed and bool(line.strip()) and not _TOC.search(line)


def _is_cell_line(line: str) -> bool:
    return bool(_CELL_LINE.match(line)) and not _TOC.search(line)


def _context(lines: list[str], before: int, floor: int) -> tuple[list[str], list[int]]:
    texts: list[str] = []
    numbers: list[int] = []
    index = before - 1
    while index >= floor and len(texts) < 4:
        text = lines[index].strip()
        if text and "\t" in lines[index]:
            break
        if text:
            texts.append(text)
            numbers.append(index + 1)
        index -= 1
    return texts, numbers


def _read_tab_table(lines: list[str], start: int, end: int) -> tuple[list[Row], int]:
    rows: list[Row] = []
    index = start
    while index < end:
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        if not _is_tab_row(line):
            break
        cells = line.rstrip("\n").split("\t")
        rows.append(Row(cells=cells, line=index + 1, text=line.strip(), last_line=index + 1))
        index += 1
    return rows, index


def _read_cell_table(lines: list[str], start: int, end: int) -> tuple[list[Row], int]:
    rows: list[Row] = []
    index = start
    while index < end:
        if not lines[index].strip():
            index += 1
            continue
        if not _is_cell_line(lines[index]):
            break
        cells: list[str] = []
        first = index
        while index < end and lines[index].strip():
            if _is_cell_line(lines[index]):
                cells.append(lines[index].strip())
            elif cells:  # a cell wrapped onto a line of its own ("建设\n类型")
                cells[-1] += lines[index].strip()
            index += 1
        rows.append(Row(cells=cells, line=first + 1, text="\t".join(cells), last_line=index))
    return rows, index


def find_tables(lines: list[str], start: int = 0, end: int | None = None) -> list[Table]:
    """Every table between ``lines[start]`` and ``lines[end - 1]``, in order."""
    stop = len(lines) if end is None else end
    tables: list[Table] = []
    index = start
    floor = start
    while index < stop:
        line = lines[index]
        if _is_cell_line(line):
            rows, after = _read_cell_table(lines, index, stop)
        elif _is_tab_row(line):
            rows, after = _read_tab_table(lines, index, stop)
        else:
            index += 1
            continue
        # A lone cell line is an indented paragraph, not a table.
        if len(rows) >= 2 or (rows and len(rows[0].cells) >= 3 and "\t" in line.strip("\t")):
            context, numbers = _context(lines, index, floor)
            tables.append(Table(rows=rows, context=context, context_lines=numbers))
            floor = after
        index = max(after, index + 1)
    return tables
