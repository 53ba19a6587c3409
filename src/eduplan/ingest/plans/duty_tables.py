"""Task tables that a PDF-to-text step printed as loose lines (序号 | 项目名称 | 目标任务 | 责任部门).

Without tabs, each cell is broken over narrow lines: the number on a line of its own, the project name
in pieces of a few characters, the task text in full-width lines, and the responsible departments in
pieces again ("市教育局、各" / "县（市、区）" / "人民政府牵" / "头，…"). The header "目标任务 责任部门"
announces such a table; it runs to "公开方式" or the end of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eduplan.ingest.plans.model import Source, Task
from eduplan.ingest.plans.sentences import Paragraph, Sentence
from eduplan.ingest.plans.tasks import deadline_of, departments
from eduplan.ingest.plans.values import squash

_HEADER = re.compile(r"(目标任务|工作任务|主要任务|建设内容).*(责任部门|责任单位)")
_HEADER_PIECES = {"序", "号", "序号", "项目", "名称", "项目名称"}
_PAGE = re.compile(r"^[-—]\s*\d+\s*[-—]$")
_END = ("公开方式", "抄送")
_NARROW = 8  # a department or name piece is at most this many characters
_CLOSING = ("。", "；", ";", "！", "？")


@dataclass
class _Item:
    number: int
    line: int
    name: list[str] = field(default_factory=list)
    text: list[tuple[int, str]] = field(default_factory=list)


def _is_noise(text: str) -> bool:
    return bool(_PAGE.match(text)) or text in _HEADER_PIECES or bool(_HEADER.search(text))


def _items(lines: list[str], start: int, end: int) -> tuple[list[_Item], set[int]]:
    items: list[_Item] = []
    used: set[int] = set()
    for index in range(start, end):
        text = squash(lines[index])
        if not text:
            continue
        if text.startswith(_END):
            break
        used.add(index + 1)
        if _is_noise(text):
            continue
        if text.isdigit() and len(text) <= 2:
            items.append(_Item(number=int(text), line=index + 1))
        elif items:
            item = items[-1]
            naming = not item.text and len(text) <= 5 and not re.search(r"[，。、；]", text)
            if naming:
                item.name.append(text)
            else:
                item.text.append((index + 1, text))
    return items, used


def _split_duties(item: _Item) -> tuple[list[tuple[int, str]], str]:
    """The item's text lines, and the trailing narrow pieces that name its departments."""
    body = list(item.text)
    duty: list[str] = []
    while body and len(body[-1][1]) <= _NARROW and not body[-1][1].endswith(_CLOSING):
        duty.insert(0, body.pop()[1])
    return body, "".join(duty)


def duty_table_tasks(lines: list[str], start: int, end: int, file: str) -> tuple[list[Task], list[Sentence], set[int]]:
    """Tasks of the loose-line task table in ``lines[start:end]``, its sentences (for targets), and the
    line numbers it used (so the running-text reader leaves them alone)."""
    header = next((i for i in range(start, end) if _HEADER.search(squash(lines[i])) and "\t" not in lines[i]), None)
    if header is None:
        return [], [], set()
    items, used = _items(lines, header + 1, end)
    used.add(header + 1)
    tasks: list[Task] = []
    every_sentence: list[Sentence] = []
    for item in items:
        body, duties = _split_duties(item)
        if not body:
            continue
        everyone, leads = departments(duties)
        section = f"重点任务 {item.number} {''.join(item.name)}"
        paragraph = Paragraph(text="", line=body[0][0], section=section, breaks=[])
        for line, text in body:
            paragraph.breaks.append((len(paragraph.text), line))
            paragraph.text += text
        sentences = paragraph.sentences()
        every_sentence.extend(sentences)
        dated = [s for s in sentences if deadline_of(s.text)[0] is not None] or sentences[:1]
        for sentence in dated:
            deadline, year, month = deadline_of(sentence.text)
            task = Task(
                text=sentence.text,
                responsible=everyone,
                lead=leads,
                deadline=deadline,
                deadline_year=year,
                deadline_month=month,
                section=section,
                source=Source(file=file, line=sentence.line, text=sentence.text),
            )
            if not everyone:
                task.flag("未能读出责任部门")
            tasks.append(task)
    return tasks, every_sentence, used
