"""Paragraphs and sentences of a plan's running text, each with the line it starts on and its section.

Published texts are hard-wrapped (often mid-word, with blank lines between the pieces): a line that
does not end a sentence is joined to the next text line unless that line starts a heading. Table
lines are left to the table readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eduplan.ingest.plans.values import squash

_ENDS = ("。", "；", "！", "？", "：", ":", ";")
_HEADING = re.compile(
    r"^(?:#+\s*)?(?:(?P<l1>[一二三四五六七八九十]+、)|(?P<l2>[（(][一二三四五六七八九十]+[）)])"
    r"|(?P<l3>\d{1,2}[\.．、](?!\d))|(?P<l4>[（(]\d{1,2}[）)])|(?P<box>专栏\s*\d+|双高工程\s*\d+|附件\s*\d*))"
)
_LEVELS = ("l1", "l2", "l3", "l4", "box")


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int
    section: str


@dataclass
class Paragraph:
    text: str
    line: int
    section: str
    breaks: list[tuple[int, int]]  # (offset in text, line number) where each joined line starts

    @property
    def last_line(self) -> str:
        return self.text[self.breaks[-1][0] :] if self.breaks else self.text

    def line_at(self, offset: int) -> int:
        line = self.line
        for start, number in self.breaks:
            if start <= offset:
                line = number
        return line

    def sentences(self) -> list[Sentence]:
        found: list[Sentence] = []
        for match in re.finditer(r"[^。；;！？]+[。；;！？]?", self.text):
            text = match.group(0).strip()
            if text:
                found.append(Sentence(text=text, line=self.line_at(match.start()), section=self.section))
        return found


def _ended(text: str, last_line: str) -> bool:
    """Whether a paragraph is complete: a closing mark, a closing division of labour "（…负责）", or a
    short line closed by a bracket (a title such as "某县教育发展规划（2021—2025年）")."""
    if text.endswith(_ENDS):
        return True
    if text.endswith(("）", ")")) and any(word in text[-60:] for word in ("负责", "牵头", "落实")):
        return True
    return last_line == text and len(last_line) <= 40 and last_line.endswith(("）", ")"))


def _heading_level(text: str) -> str | None:
    match = _HEADING.match(text)
    if not match:
        return None
    return next(level for level in _LEVELS if match.group(level))


def _is_heading(text: str) -> bool:
    return _heading_level(text) is not None and len(text) <= 40 and "。" not in text


def paragraphs(lines: list[str], start: int, end: int, skip: set[int]) -> list[Paragraph]:
    """The running text of ``lines[start:end]``; ``skip`` holds 1-based line numbers of table rows."""
    found: list[Paragraph] = []
    sections: dict[str, str] = {}
    current: Paragraph | None = None
    for index in range(start, end):
        number = index + 1
        text = squash(lines[index]).lstrip("#")
        if number in skip:
            current = None
            continue
        if not text:
            continue
        level = _heading_level(text)
        ended = current is not None and _ended(current.text, current.last_line)
        starts_new = level is not None and (current is None or level != "l3" or ended)
        if level is not None and (starts_new or _is_heading(text)):
            title = text.split("。", 1)[0] if "。" in text[:40] else text[:40]
            sections[level] = title
            for deeper in _LEVELS[_LEVELS.index(level) + 1 :]:
                sections.pop(deeper, None)
            if _is_heading(text):
                current = None
                continue
        if current is not None and not ended and not starts_new:
            current.breaks.append((len(current.text), number))
            current.text += text
            continue
        section = " / ".join(sections[level] for level in _LEVELS if level in sections)
        current = Paragraph(text=text, line=number, section=section, breaks=[])
        found.append(current)
    return found
