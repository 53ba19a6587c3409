"""Word (.docx; .doc and .wps through antiword or LibreOffice), saved web pages and workbooks as lines.

Every table becomes tab-separated lines (one per row), the shape the published text files already have, so one
table reader serves every format; each line keeps its ``Place`` (table and row, or line; a workbook's sheet).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from eduplan.errors import IngestError, Problem
from eduplan.ingest.plans.pdf import Place

Lines = tuple[list[str], list[Place]]


def problem(path: Path, message: str, expected: str = "", found: str = "") -> IngestError:
    return IngestError([Problem(file=path.name, message=message, expected=expected, found=found)])


def _row_line(cells: list[str]) -> str:
    cells = [re.sub(r"\s*\n\s*", "", cell).strip() for cell in cells]
    return "\t".join(cells) if len(cells) > 1 else "\t" + (cells[0] if cells else "") + "\t"


def docx_lines(path: Path) -> Lines:
    import docx  # python-docx; imported here so text imports never pay for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise problem(
            path,
            "无法读取 .docx 文件（文件已损坏，或不是 Word 文件）",
            expected="Word 2007 及以上的 .docx",
            found=str(exc)[:80],
        ) from exc
    lines: list[str] = []
    places: list[Place] = []
    paragraph = table_number = 0
    tables = {table._tbl: table for table in document.tables}
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph += 1
            lines.append("".join(node.text or "" for node in child.iter() if node.tag.endswith("}t")))
            places.append(Place(line=paragraph))
        elif tag == "tbl" and child in tables:
            table_number += 1
            for row_number, row in enumerate(tables[child].rows, start=1):
                lines.append(_row_line([cell.text for cell in row.cells]))
                places.append(Place(table=table_number, row=row_number))
            lines.append("")
            places.append(Place(line=paragraph))
    return lines, places


def _converted(path: Path) -> str:
    """The text of a .doc or .wps: antiword for Word 97–2003, else LibreOffice headless (both from Debian)."""
    if path.suffix.lower() == ".doc" and shutil.which("antiword"):
        done = subprocess.run(
            ["antiword", "-w", "0", "-m", "UTF-8.txt", str(path)], capture_output=True, check=False, timeout=120
        )
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.decode("utf-8", errors="replace")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(
                [office, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", folder, str(path)],
                capture_output=True,
                check=False,
                timeout=300,
            )
            out = Path(folder) / (path.stem + ".txt")
            if out.exists() and out.read_text(encoding="utf-8-sig", errors="replace").strip():
                return out.read_text(encoding="utf-8-sig", errors="replace")
    kind = "WPS 文字文件（.wps）" if path.suffix.lower() == ".wps" else "Word 97–2003 文件（.doc）"
    raise problem(
        path,
        f"无法读取{kind}：文件已损坏、已加密，或本机没有转换工具（antiword 或 LibreOffice）；"
        "请在 Word 或 WPS 中另存为 .docx 后再导入",
        expected=".docx、PDF 或文本",
        found=kind,
    )


def doc_lines(path: Path) -> Lines:
    text = _converted(path)
    # antiword draws tables as "|cell|cell|" lines; LibreOffice's text export puts a tab between cells
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
            line = "\t".join(cell.strip() for cell in stripped.strip("|").split("|"))
        lines.append(line)
    return lines, [Place(line=n) for n in range(1, len(lines) + 1)]


_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article", "center", "title"}


def html_lines(text: str) -> Lines:
    """A saved web page: its paragraphs as lines and each ``<table>`` row as a tab-separated line."""
    import lxml.html

    root = lxml.html.document_fromstring(text or "<html></html>")
    for bad in root.xpath("//script|//style|//noscript|//head"):
        bad.getparent().remove(bad)
    lines: list[str] = []
    places: list[Place] = []
    tables = 0
    current: list[str] = []

    def flush() -> None:
        joined = re.sub(r"[ \t\r\n\u00a0]+", " ", "".join(current)).strip()
        if joined:
            lines.append(joined)
            places.append(Place(line=len(lines)))
        current.clear()

    def walk(node: Any) -> None:
        nonlocal tables
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "table":
            flush()
            if node.xpath(".//table"):  # a layout table around the page: read what is inside
                for child in node:
                    walk(child)
                flush()
                return
            tables += 1
            number = tables
            for row_number, row in enumerate(node.xpath(".//tr"), start=1):
                cells = [cell.text_content() for cell in row.xpath("./td|./th")]
                if any(cell.strip() for cell in cells):
                    lines.append(_row_line(cells))
                    places.append(Place(table=number, row=row_number))
            lines.append("")
            places.append(Place(line=len(lines)))
            if node.tail:
                current.append(node.tail)
            return
        if tag in _BLOCKS:
            flush()
        if node.text and tag:
            current.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCKS:
            flush()
        if node.tail:
            current.append(node.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    return lines, places


def workbook_lines(path: Path) -> Lines:
    """Each sheet of an .xlsx or .xls as a titled table: the sheet name, then one tab-separated line per row."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own kinds for a damaged or encrypted workbook
        raise problem(
            path,
            "无法读取工作簿（文件已损坏或已加密）：请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入",
            expected="Excel 工作簿",
            found=str(exc)[:80],
        ) from exc
    lines: list[str] = []
    places: list[Place] = []
    for name in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        lines.append(name)
        places.append(Place(sheet=name))
        for row_number, row in enumerate(rows, start=1):
            cells = [_cell(value) for value in row]
            while cells and not cells[-1]:
                cells.pop()
            if not any(cells):
                continue
            # a one-cell row is a title or a note above the table
            lines.append(cells[0] if len(cells) == 1 else _row_line(cells))
            places.append(Place(sheet=name, line=row_number))
        lines.append("")
        places.append(Place(sheet=name))
    return lines, places


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()
