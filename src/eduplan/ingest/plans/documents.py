"""Split a file into its documents and read each one's metadata (title, issuer, 文号, date, period).

A government gazette (公报) prints several documents one after another, each opening with its issuing
body and document number (文号) on lines of their own; that pair is the boundary. A file without a
文号 line is one document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from eduplan.ingest.plans.model import PlanMeta
from eduplan.ingest.plans.values import squash

# Words a plan's title holds (规划, 行动计划, 实施方案, 纲要).
PLAN_WORDS = ("规划", "计划", "方案", "纲要")
_DOC_NUMBER = re.compile(r"^[#\s]*([\u4e00-\u9fff]{1,12}〔\d{4}〕\s*\d+\s*号)\s*$")
_ORGAN = re.compile(r"(人民政府|办公室|政府|局|委员会|管委会|教育局)(文件)?$")
_DATE = re.compile(r"^(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_NOTICE = re.compile(r"关于印发(.+?)的通知$")
_PERIOD = re.compile(r"(20\d\d)\s*[—–\-－~至]+\s*(20\d\d)")
_FIVE_YEAR = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
_FIVE_YEAR_LONG = {"第十三个五年": "十三五", "第十四个五年": "十四五", "第十五个五年": "十五五"}
_TOC_ENTRY = re.compile(r"^[一二三四五六七八九十]+、.*(通知|方案|规划|计划)")


@dataclass(frozen=True)
class Span:
    start: int  # index into lines (0-based), inclusive
    end: int  # exclusive


def _clean(line: str) -> str:
    return line.strip().lstrip("#").strip()


def _organ(line: str) -> str | None:
    text = squash(_clean(line))
    if 2 < len(text) <= 30 and _ORGAN.search(text) and "关于" not in text:
        return text.removesuffix("文件")
    return None


def _previous_nonblank(lines: list[str], index: int, floor: int) -> int | None:
    index -= 1
    while index >= floor and not lines[index].strip():
        index -= 1
    return index if index >= floor else None


def split_documents(lines: list[str]) -> list[Span]:
    """The documents of a file as line spans. Lines before the first document (a gazette's cover and
    table of contents) belong to none."""
    starts: list[int] = []
    for index, line in enumerate(lines):
        if _DOC_NUMBER.match(line):
            before = _previous_nonblank(lines, index, starts[-1] + 1 if starts else 0)
            starts.append(before if before is not None and _organ(lines[before]) else index)
    if not starts:
        return [Span(0, len(lines))]
    if sum(1 for line in lines[: starts[0]] if line.strip()) <= 3:
        starts[0] = 0
    ends = [*starts[1:], len(lines)]
    return [Span(s, e) for s, e in zip(starts, ends, strict=True)]


def toc_entries(lines: list[str], first_document: Span) -> int:
    """How many documents a gazette's table of contents lists (0 when there is no such list)."""
    head = [squash(line) for line in lines[: first_document.start]]
    if not any("目录" in line for line in head):
        return 0
    return sum(1 for line in head if _TOC_ENTRY.match(line))


def _notice_title(lines: list[str], start: int, end: int) -> tuple[str | None, int | None]:
    """The plan title inside "关于印发《…》的通知", joined across wrapped lines."""
    for index in range(start, min(end, start + 25)):
        text = squash(_clean(lines[index]))
        if "关于印发" not in text:
            continue
        joined, last = text, index
        while not joined.endswith("通知") and last + 1 < min(end, index + 8):
            last += 1
            joined += squash(_clean(lines[last]))
        match = _NOTICE.search(joined)
        if match:
            return match.group(1).strip("《》"), index
    return None, None


def _first_title(lines: list[str], span: Span) -> tuple[str, int]:
    """The first short line naming a plan among the document's first lines (after an issuer and 文号 it is
    not the first line), else the first line."""
    written = [index for index in range(span.start, span.end) if lines[index].strip()]
    if not written:
        return "", span.start
    named = (i for i in written[:12] if len(squash(lines[i])) <= 60 and any(w in lines[i] for w in PLAN_WORDS))
    index = next(named, written[0])
    text = squash(_clean(lines[index]))
    following = next((squash(line) for line in lines[index + 1 : index + 3] if line.strip()), "")
    if following.startswith(("(", "（")) and _PERIOD.search(following) and len(following) < 20:
        text += following
    return text, index


def period_of(title: str) -> tuple[int | None, int | None]:
    match = _PERIOD.search(title)
    if match:
        return int(match.group(1)), int(match.group(2))
    for long, short in _FIVE_YEAR_LONG.items():
        title = title.replace(long, short)
    for name, years in _FIVE_YEAR.items():
        if name in title:
            return years
    return None, None


def read_meta(lines: list[str], span: Span, file: str) -> PlanMeta:
    reasons: list[str] = []
    doc_number = issuer = issue_date = None
    head = range(span.start, min(span.end, span.start + 40))
    for index in head:
        match = _DOC_NUMBER.match(lines[index])
        if match and doc_number is None:
            doc_number = squash(match.group(1))
            before = _previous_nonblank(lines, index, span.start)
            issuer = _organ(lines[before]) if before is not None else None
        date = _DATE.match(squash(lines[index]))
        if date and issue_date is None:
            try:
                issue_date = dt.date(*(int(part) for part in date.groups())).isoformat()
            except ValueError:  # "2023年2月30日": a misprint, reported rather than stored as a date
                reasons.append(f"第 {index + 1} 行的成文日期“{squash(lines[index])}”不是有效日期")
                continue
            before = _previous_nonblank(lines, index, span.start)
            if issuer is None and before is not None:
                issuer = _organ(lines[before])
    title, _ = _notice_title(lines, span.start, span.end)
    if title is None:
        title, _ = _first_title(lines, span)
    start, end = period_of(title)
    if start is None:
        reasons.append("标题中没有规划期")
    if issuer is None:
        reasons.append("未找到发文机关")
    # the document ends at its last written line, not at the blank lines before the next one
    last = next((n for n in range(span.end, span.start, -1) if lines[n - 1].strip()), span.end)
    return PlanMeta(
        title=title,
        issuer=issuer,
        doc_number=doc_number,
        issue_date=issue_date,
        period_start=start,
        period_end=end,
        file=file,
        first_line=span.start + 1,
        last_line=last,
        uncertain=bool(reasons),
        reasons=reasons,
    )
