"""A report as plain data: cover facts, a verdict, sections of paragraphs, tables and figures.

Each report module (``balanced``, ``plan_review`` …) turns result dicts into a :class:`Document`; ``pdf`` and
``xlsx`` render any document. So the PDF and the workbook of a report show the same tables by construction, and
the formatting of a value (decimals, percent, verdict words) is decided once, by its column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

CellKind = Literal["text", "code", "int", "float", "number", "percent", "verdict"]
# code: text that never wraps; number: up to two decimals, trailing zeros dropped (values of mixed units)
Tone = Literal["", "pass", "fail", "pending"]
BLANK = "—"
VERDICT_WORDS: dict[bool | None, str] = {True: "达标", False: "未达标", None: "待定"}


@dataclass(frozen=True)
class Column:
    """One table column: its key in the row dicts, its Chinese header, and how its values are shown."""

    key: str
    label: str
    kind: CellKind = "text"
    decimals: int = 0  # for float and percent
    width: float = 0  # Excel width in characters; 0 = from the header and values
    tone_from: str = ""  # key of a row's bool (met or not) that colours this cell pass/fail
    keep_between: str = ""  # a text cell listing items with this separator: the PDF wraps only between items

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "float", "number", "percent")


def format_cell(column: Column, value: object) -> str:
    """The text of a value in the PDF (the workbook keeps the number and gets the same look from a format)."""
    if value is None or value == "":
        return BLANK
    if column.kind == "verdict":
        return VERDICT_WORDS[value] if isinstance(value, bool) or value is None else str(value)
    if column.kind == "int" and isinstance(value, int | float):
        return f"{round(value):d}"
    if column.kind == "float" and isinstance(value, int | float):
        return f"{value:.{column.decimals}f}"
    if column.kind == "number" and isinstance(value, int | float):
        return plain_number(value)
    if column.kind == "percent" and isinstance(value, int | float):
        return f"{value * 100:.{column.decimals}f}%"
    return str(value)


def plain_number(value: float) -> str:
    """At most two decimals, no trailing zeros: 35000 → 35000, 95.5 → 95.5, 1.333… → 1.33."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


TONES: tuple[Tone, ...] = ("pass", "fail", "pending")


def cell_tone(column: Column, row: Mapping[str, object]) -> Tone:
    """Colouring: a verdict column by its own value; another column by the row's value under ``tone_from``,
    a bool (met or not) or a tone name."""
    if column.tone_from:
        flag = row.get(column.tone_from)
        if isinstance(flag, str):
            return next((t for t in TONES if t == flag), "")
        return "" if flag is None else "pass" if flag else "fail"
    value = row.get(column.key)
    if column.kind != "verdict" or not (isinstance(value, bool) or value is None):
        return ""
    return "pass" if value else "pending" if value is None else "fail"


@dataclass(frozen=True)
class Table:
    title: str
    sheet: str  # the workbook sheet's name (Excel allows 31 characters)
    columns: tuple[Column, ...]
    rows: Sequence[Mapping[str, object]]
    note: str = ""
    empty_text: str = "无"
    in_pdf: bool = True  # False for long detail tables that only the workbook carries
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Paragraph:
    text: str
    tone: Tone = ""
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Figure:
    title: str
    png: bytes | Callable[[], bytes]  # the chart at print resolution, or what draws it (a workbook never asks)
    caption: str = ""
    width_cm: float = 16  # printed width
    kind: Literal["figure"] = "figure"

    def image(self) -> bytes:
        """The PNG, drawn now if the chart was given as the function that draws it."""
        return self.png() if callable(self.png) else self.png


@dataclass(frozen=True)
class Facts:
    """Label–value pairs shown as a two-column box (the summary of a section)."""

    pairs: tuple[tuple[str, str], ...]
    kind: Literal["facts"] = "facts"


Block = Table | Paragraph | Figure | Facts


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Verdict:
    label: str  # e.g. 通过 / 未通过 / 待定
    passed: bool | None
    detail: str = ""

    @property
    def tone(self) -> Tone:
        return "pending" if self.passed is None else "pass" if self.passed else "fail"


@dataclass(frozen=True)
class Document:
    """A whole report. ``cover`` holds the facts printed on the cover (county, year, data version …)."""

    title: str
    subtitle: str
    issuer: str  # the body that signs it, e.g. 清城区教育局
    cover: tuple[tuple[str, str], ...]
    verdict: Verdict | None
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = ()
    generated_on: date = field(default_factory=date.today)
    filename_stem: str = "report"

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def pdf_sections(self) -> list[Section]:
        """The sections with the workbook-only tables left out (and sections left empty by that dropped)."""
        kept = [
            Section(s.title, tuple(b for b in s.blocks if not (isinstance(b, Table) and not b.in_pdf)))
            for s in self.sections
        ]
        return [s for s in kept if s.blocks]
