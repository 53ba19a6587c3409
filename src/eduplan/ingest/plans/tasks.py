"""Tasks: the sentence, the responsible departments and the deadline.

Two shapes: a paragraph closing with its division of labour ("（区交通运输局牵头，区发展改革局等按
职责分工负责，各镇（街道）配合各职能部门落实）"), which is one task; and a sentence with a deadline
("2024 年 3月底前…", "到2025年…"), whose responsible body is named in the sentence or not at all.
"""

from __future__ import annotations

import re

from eduplan.ingest.plans.model import Source, Task
from eduplan.ingest.plans.sentences import Paragraph, Sentence
from eduplan.ingest.plans.targets import is_past

_DEADLINE = re.compile(
    r"(?:(?:到|至|力争到|力争在|力争|于|在)?(?P<y1>20\d\d)年(?:(?P<m1>\d{1,2})月)?(?:底|末)?前)"
    r"|(?:(?:到|至|力争到|力争在)(?P<y2>20\d\d)年(?:(?P<m2>\d{1,2})月)?(?:底|末)?)"
)
_DUTY_WORDS = ("牵头", "负责", "配合")
# "预测至2025年需新建中小学学位6万" forecasts a need; it assigns no work to anyone
_FORECAST = re.compile(r"(?:预测|预计)(?:到|至|在)?20\d\d年")
_SUFFIXES = re.compile(r"(?:等)?(?:按职责分工负责|配合各职能部门落实|配合|牵头|负责)$")
_ORGAN = re.compile(r"((?:区|市|县|镇)[\u4e00-\u9fff]{1,14}?(?:局|中心|委员会|政府|办公室|分局|管委会|督导室))")


def _closing_parenthesis(text: str) -> tuple[int, str] | None:
    """The balanced （…） that closes ``text``, if it assigns duties."""
    stripped = text.rstrip("。；; ")
    if not stripped.endswith(("）", ")")):
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        char = stripped[index]
        if char in "）)":
            depth += 1
        elif char in "（(":
            depth -= 1
            if depth == 0:
                inner = stripped[index + 1 : -1]
                return (index, inner) if any(word in inner for word in _DUTY_WORDS) else None
    return None


def _split_outside(text: str, separators: str) -> list[str]:
    """Split at separators that are not inside brackets ("各县（市、区）人民政府" stays whole)."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char in "（("
        depth -= char in "）)"
        if char in separators and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def departments(duties: str) -> tuple[list[str], list[str]]:
    """``"区交通运输局牵头，区发展改革局等按职责分工负责"`` → (all departments, the leads)."""
    everyone: list[str] = []
    leads: list[str] = []
    for clause in _split_outside(duties, "，,；;"):
        lead = "牵头" in clause
        pieces = _split_outside(_SUFFIXES.sub("", clause.strip()), "、及")
        for piece in pieces:
            for part in re.split(r"和(?=[区市县])", piece):
                name = _SUFFIXES.sub("", part.strip()).removesuffix("等").strip()
                if not name or name in everyone:
                    continue
                everyone.append(name)
                if lead:
                    leads.append(name)
    return everyone, leads


def deadline_of(text: str) -> tuple[str | None, int | None, int | None]:
    match = _DEADLINE.search(text)
    if not match:
        return None, None, None
    year = int(match.group("y1") or match.group("y2"))
    month = match.group("m1") or match.group("m2")
    return match.group(0).lstrip("到至于在力争"), year, int(month) if month else None


def paragraph_task(paragraph: Paragraph, file: str) -> Task | None:
    closing = _closing_parenthesis(paragraph.text)
    if closing is None:
        return None
    index, duties = closing
    text = paragraph.text[:index].strip()
    everyone, leads = departments(duties)
    deadline, year, month = deadline_of(text)
    return Task(
        text=text,
        responsible=everyone,
        lead=leads,
        deadline=deadline,
        deadline_year=year,
        deadline_month=month,
        section=paragraph.section,
        source=Source(file=file, line=paragraph.line, text=paragraph.text),
    )


def sentence_task(sentence: Sentence, file: str) -> Task | None:
    if is_past(sentence) or _FORECAST.search(sentence.text):
        return None
    deadline, year, month = deadline_of(sentence.text)
    if deadline is None:
        return None
    head = sentence.text.split("要", 1)[0] if "要" in sentence.text[:30] else ""
    organs = _ORGAN.findall(head)
    task = Task(
        text=sentence.text,
        responsible=organs,
        lead=organs[:1],
        deadline=deadline,
        deadline_year=year,
        deadline_month=month,
        section=sentence.section,
        source=Source(file=file, line=sentence.line, text=sentence.text),
    )
    return task
