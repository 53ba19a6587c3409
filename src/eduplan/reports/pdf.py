"""A :class:`Document` as an A4 PDF: a Django template rendered to HTML, printed by WeasyPrint.

The template is generic (cover, verdict, numbered sections, notes); this module turns the document's blocks into
plain strings first, so the template decides layout only and every number is formatted by its column.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.template import Context, Engine

from eduplan.reports.document import Block, Column, Document, Figure, Table, cell_tone, format_cell
from eduplan.reports.fonts import check_fonts

TEMPLATES = Path(__file__).parent / "templates"
CHINESE_NUMERALS = "一二三四五六七八九十"
HALF_WIDTH_CM = 8.5  # figures this narrow are printed two to a row
WIDE_COLUMNS = 9  # tables with more columns than this print on landscape pages


@functools.cache
def _engine() -> Engine:
    # A standalone engine: reports render the same from the CLI, the web and tests, whatever the site's settings.
    return Engine(dirs=[str(TEMPLATES)], autoescape=True)


def section_number(index: int) -> str:
    """一 … 十, 十一 … 十九, 二十 … for 1 … 99 (sections are numbered the Chinese way)."""
    tens, ones = divmod(index, 10)
    head = "" if tens == 0 else "十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十"
    return head + (CHINESE_NUMERALS[ones - 1] if ones else "")


def _align(column: Column) -> str:
    return {"verdict": "mid", "code": "code"}.get(column.kind, "num" if column.numeric else "")


def _cell(column: Column, row: Mapping[str, object]) -> dict[str, Any]:
    text = format_cell(column, row.get(column.key))
    cell: dict[str, Any] = {"text": text, "align": _align(column), "tone": cell_tone(column, row)}
    if column.keep_between:  # each item unbroken ("+2395㎡" never splits before its unit)
        cell.update(parts=text.split(column.keep_between), separator=column.keep_between)
    return cell


def _table(block: Table) -> dict[str, Any]:
    return {
        "kind": "table",
        "title": block.title,
        "note": block.note,
        "empty_text": block.empty_text,
        "wide": len(block.columns) > WIDE_COLUMNS,
        "columns": [{"label": c.label, "align": _align(c)} for c in block.columns],
        "rows": [[_cell(c, row) for c in block.columns] for row in block.rows],
    }


def _block(block: Block) -> dict[str, Any] | Block:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        encoded = base64.b64encode(block.png).decode("ascii")
        return {
            "kind": "figure",
            "title": block.title,
            "caption": block.caption,
            "width": f"{block.width_cm}cm",
            "half": block.width_cm <= HALF_WIDTH_CM,
            "src": f"data:image/png;base64,{encoded}",
        }
    return block


def _is_wide(block: dict[str, Any] | Block | None) -> bool:
    return isinstance(block, dict) and bool(block.get("wide"))


def _sections(doc: Document) -> list[dict[str, Any]]:
    """Sections ready for the template. Wide tables print on landscape pages: a run of them shares the pages, the
    page after the run is portrait again, and a heading right before a wide table goes with it (no orphan)."""
    sections = []
    for i, section in enumerate(doc.pdf_sections(), start=1):
        blocks = [_block(b) for b in section.blocks]
        for j, block in enumerate(blocks):
            if isinstance(block, dict) and block.get("wide"):
                block["break_after"] = not _is_wide(blocks[j + 1] if j + 1 < len(blocks) else None)
        sections.append(
            {"number": section_number(i), "title": section.title, "blocks": blocks, "wide_first": _is_wide(blocks[0])}
        )
    return sections


def render_html(doc: Document) -> str:
    sections = _sections(doc)
    context = {
        "doc": doc,
        "sections": sections,
        "notes_number": section_number(len(sections) + 1),
        "generated": f"{doc.generated_on.year}年{doc.generated_on.month}月{doc.generated_on.day}日",
        "css": (TEMPLATES / "reports" / "print.css").read_text(encoding="utf-8"),
    }
    return _engine().get_template("reports/document.html").render(Context(context))


def render_pdf(doc: Document) -> bytes:
    """The PDF bytes of a document (fonts are checked first, so a missing font is an error, not blank boxes)."""
    check_fonts()
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    pdf = HTML(string=render_html(doc), base_url=str(TEMPLATES)).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return bytes(pdf)
