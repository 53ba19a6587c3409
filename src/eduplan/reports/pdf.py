"""A :class:`Document` as an A4 PDF, typeset by Typst (the ``typst`` package) with the Noto CJK fonts.

The template ``templates/reports/document.typ`` is generic (cover, verdict, numbered sections, notes); this module
turns the document's blocks into plain strings first (``data.json`` beside the template), so the template decides
layout only, every number is formatted by its column, and no text from the data is ever read as markup.

The same document also renders to HTML (``render_html``, a Django template with ``print.css``) and could be printed
by WeasyPrint (``render_pdf_weasyprint``): that was the renderer until the reports had to come out in seconds, and
``bench/bench_reports.py`` keeps it as the baseline (it lays out a 21-page report in ~18 s, Typst in ~1 s).
"""

from __future__ import annotations

import base64
import functools
import json
import shutil
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.template import Context, Engine

from eduplan.reports.document import Block, Column, Document, Facts, Figure, Table, cell_tone, format_cell
from eduplan.reports.fonts import SANS, SERIF, check_fonts, font_file

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


def _text_width(text: str) -> float:
    """Roughly how wide a text prints, in CJK characters (a Latin letter or digit is about half of one)."""
    return sum(1 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def column_widths(table: dict[str, Any]) -> list[float | None]:
    """Typst column widths of a table that fills the line: numbers, codes and verdicts as wide as their text
    (they never wrap), text columns sharing the rest by their longest text, as a browser's automatic layout does."""
    widths: list[float | None] = []  # None: as wide as the text; a number: that many shares of the rest
    for i, column in enumerate(table["columns"]):
        if column["align"]:
            widths.append(None)
            continue
        longest = max((_text_width(row[i]["text"]) for row in table["rows"]), default=0.0)
        widths.append(round(max(longest, _text_width(column["label"]), 2.0), 1))
    return widths


def _block(block: Block) -> dict[str, Any] | Block:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        encoded = base64.b64encode(block.image()).decode("ascii")
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


def render_pdf_weasyprint(doc: Document) -> bytes:
    """The PDF printed from ``render_html`` by WeasyPrint: the former renderer, the baseline of the bench."""
    check_fonts()
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    pdf = HTML(string=render_html(doc), base_url=str(TEMPLATES)).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return bytes(pdf)


def _runs(blocks: list[dict[str, Any] | Block]) -> list[dict[str, Any]]:
    """A section's blocks as runs for the template: a run of wide tables is one landscape stretch of pages, the
    others stay portrait; figures printed half-width are paired two to a row."""
    runs: list[dict[str, Any]] = []
    for block in blocks:
        wide = _is_wide(block)
        item = block if isinstance(block, dict) else {**block.__dict__}
        if not runs or runs[-1]["wide"] != wide:
            runs.append({"wide": wide, "heading": not runs, "blocks": []})
        last = runs[-1]["blocks"]
        if item.get("kind") == "figure" and item["half"]:
            if last and last[-1]["kind"] == "figures" and len(last[-1]["items"]) < 2:
                last[-1]["items"].append(item)
                continue
            item = {"kind": "figures", "items": [item]}
        last.append(item)
    return runs


def typst_data(doc: Document, images: dict[str, bytes]) -> dict[str, Any]:
    """What ``document.typ`` prints, as JSON-ready data; each figure's PNG goes into ``images`` (file name → bytes)."""
    sections = []
    for i, section in enumerate(doc.pdf_sections(), start=1):
        blocks: list[dict[str, Any] | Block] = []
        for block in section.blocks:
            if isinstance(block, Figure):
                name = f"figure-{len(images) + 1}.png"
                images[name] = block.image()
                fig = {"kind": "figure", "title": block.title, "caption": block.caption, "src": name}
                blocks.append({**fig, "width_cm": block.width_cm, "half": block.width_cm <= HALF_WIDTH_CM})
            elif isinstance(block, Facts):
                blocks.append({"kind": "facts", "pairs": [list(p) for p in block.pairs]})
            elif isinstance(block, Table):
                table = _table(block)
                blocks.append({**table, "widths": column_widths(table)})
            else:
                blocks.append(_block(block))
        sections.append({"number": section_number(i), "title": section.title, "runs": _runs(blocks)})
    verdict = doc.verdict
    return {
        "title": doc.title,
        "subtitle": doc.subtitle,
        "issuer": doc.issuer,
        "cover": [list(p) for p in doc.cover],
        "verdict": None
        if verdict is None
        else {"label": verdict.label, "detail": verdict.detail, "tone": verdict.tone},
        "sections": sections,
        "notes": list(doc.notes),
        "notes_number": section_number(len(sections) + 1),
        "generated": f"{doc.generated_on.year}年{doc.generated_on.month}月{doc.generated_on.day}日",
    }


@functools.cache
def _fonts() -> Any:
    """The Noto CJK fonts, indexed once per process (Typst reads only the folders of the report fonts)."""
    import typst

    folders = sorted({str(font_file(family).parent) for family in (SANS, SERIF)})
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=folders)


_TYPST = threading.Lock()  # the font index is shared: one compilation at a time per process


def render_pdf(doc: Document) -> bytes:
    """The PDF bytes of a document (fonts are checked first, so a missing font is an error, not blank boxes)."""
    images: dict[str, bytes] = {}
    data = typst_data(doc, images)
    return typeset("document.typ", data, images)


def typeset(template: str, data: Mapping[str, Any], images: Mapping[str, bytes] | None = None) -> bytes:
    """The PDF of a Typst template of ``templates/reports`` given ``data`` (its ``data.json``) and image files."""
    check_fonts()
    import typst  # only when a PDF is asked for

    with tempfile.TemporaryDirectory(prefix="eduplan-pdf-") as folder:
        root = Path(folder)
        shutil.copyfile(TEMPLATES / "reports" / template, root / template)
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        for name, png in (images or {}).items():
            (root / name).write_bytes(png)
        with _TYPST:
            pdf = typst.compile(str(root / template), root=str(root), font_paths=_fonts(), pdf_tags=False)
    assert isinstance(pdf, bytes)  # compile returns the PDF's bytes when no output path is given
    return pdf
