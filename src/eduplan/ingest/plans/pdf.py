"""A PDF as lines of text and rows of tables, each with its page and line.

A text PDF's text is read with pypdfium2 (PDFium, fast) line by line, an unruled table's row split into cells at
wide gaps; a page that draws rules is read with pdfplumber for its ruled tables (each row one tab-separated line,
the shape the text tables already have) and the text around them. Running headers and footers (the same text at the top or bottom of most pages) and page numbers
are dropped, so a sentence that runs over a page break joins up again in ``sentences``. A page without a
text layer (a scan) is read by OCR (Debian's tesseract with chi_sim) when it is installed, else the file is
refused with what to do. Every line keeps its ``Place``.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eduplan.errors import IngestError, Problem

# More pages than this is not one plan (a 300-page gazette volume or a scanned book): split it first.
MAX_PAGES = 200
# A page with fewer characters than this and a picture on it is a scan.
_SCAN_CHARS = 10
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·.]*(?:第\s*)?(?:\d{1,4}|[ivxlcIVXLC]{1,6})(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[\s\-—–－_·.]*$"
)
_DIGITS = re.compile(r"\d+")
_PERCENT_MISREAD = re.compile(
    r"((?:达到|达|低于|高于|少于|保持在|超过|提高到|提升到|控制在)\d{1,2}(?:\.\d)?)96(?=以上|以下|左右|[，,。；、）)])"
)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Place:
    """Where a line of the extracted text stands in the original: page and line of a PDF, or a table's row."""

    page: int | None = None
    line: int | None = None  # the line on that page (PDF), or in the file
    table: int | None = None  # 1-based table of the page (PDF) or of the document (Word, web page)
    row: int | None = None  # 1-based row of that table
    sheet: str | None = None  # a workbook's sheet

    def describe(self) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(f"工作表“{self.sheet}”")
        if self.page is not None:
            parts.append(f"第 {self.page} 页")
        if self.table is not None:
            parts.append(f"表 {self.table} 第 {self.row} 行")
        elif self.line is not None:
            parts.append(f"第 {self.line} 行")
        return "".join(parts)


@dataclass
class PageText:
    lines: list[str]
    places: list[Place]
    ocr: bool = False


def _problem(path: Path, message: str, expected: str = "", found: str = "", page: int | None = None) -> IngestError:
    where = f"第 {page} 页：" if page is not None else ""
    return IngestError([Problem(file=path.name, message=where + message, expected=expected, found=found)])


def _cells(chars: list[dict[str, Any]]) -> str:
    """A printed line's characters as text; a gap wider than two characters separates table cells (a tab)."""
    if not chars:
        return ""
    sizes = sorted(float(c.get("size") or (c["x1"] - c["x0"]) or 10.0) for c in chars)
    gap = 2.0 * sizes[len(sizes) // 2]
    text = str(chars[0]["text"])
    for before, char in itertools.pairwise(chars):
        space = float(char["x0"]) - float(before["x1"])
        text += ("\t" if space > gap else " " if space > 0.25 * gap else "") + char["text"]
    return text


def _table_rows(table: Any) -> list[list[str]]:
    rows = []
    for row in table.extract():
        cells = [re.sub(r"\s*\n\s*", "", cell or "") for cell in row]
        if any(cell.strip() for cell in cells):
            rows.append(cells)
    return rows


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (float(obj["x0"]) + float(obj["x1"])) / 2
    y = (float(obj["top"]) + float(obj["bottom"])) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _text_page(page: Any, number: int) -> PageText:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    items: list[tuple[float, str, list[list[str]] | str]] = []
    for index, table in enumerate(tables, start=1):
        items.append((float(table.bbox[1]), f"t{index}", _table_rows(table)))
    outside = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    for line in outside.extract_text_lines(return_chars=True):
        items.append((float(line["top"]), "line", _cells(line["chars"])))
    items.sort(key=lambda item: item[0])
    lines: list[str] = []
    places: list[Place] = []
    printed = 0
    previous_top: float | None = None
    for top, kind, content in items:
        if kind == "line":
            assert isinstance(content, str)
            printed += 1
            if previous_top is not None and top - previous_top > 28:
                lines.append("")  # a wider gap: a new paragraph
                places.append(Place(page=number, line=printed))
            lines.append(content)
            places.append(Place(page=number, line=printed))
            previous_top = top
            continue
        assert isinstance(content, list)
        table_number = int(kind[1:])
        lines.append("")
        places.append(Place(page=number, line=printed))
        for row_number, cells in enumerate(content, start=1):
            lines.append("\t".join(cells) if len(cells) > 1 else "\t" + cells[0] + "\t")
            places.append(Place(page=number, table=table_number, row=row_number))
        lines.append("")
        places.append(Place(page=number, line=printed))
        previous_top = None
    return PageText(lines=lines, places=places)


# A page drawing at least this many paths (rules, boxes) may hold a ruled table: it is read with pdfplumber.
_RULED = 8


def _text_lines(textpage: Any, number: int) -> PageText:
    """A page's text with pypdfium2 (fast): PDFium's text runs grouped into printed lines top to bottom; a gap
    wider than two characters between runs is a cell boundary (a tab)."""
    runs = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", "")
        if text.strip():
            runs.append((top, bottom, left, right, text))
    runs.sort(key=lambda run: (-run[0], run[2]))
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for run in runs:
        middle = (run[0] + run[1]) / 2
        if rows and rows[-1][0][1] <= middle <= rows[-1][0][0]:
            rows[-1].append(run)
        else:
            rows.append([run])
    lines: list[str] = []
    places: list[Place] = []
    previous_bottom: float | None = None
    for printed, row in enumerate(rows, start=1):
        row.sort(key=lambda run: run[2])
        height = max(run[0] - run[1] for run in row) or 10.0
        text = row[0][4]
        for before, run in itertools.pairwise(row):
            space = run[2] - before[3]
            text += ("\t" if space > 2 * height else " " if space > 0.25 * height else "") + run[4]
        if previous_bottom is not None and previous_bottom - row[0][0] > 1.2 * height:
            lines.append("")  # a wider gap: a new paragraph
            places.append(Place(page=number, line=printed))
        lines.append(text)
        places.append(Place(page=number, line=printed))
        previous_bottom = min(run[1] for run in row)
    return PageText(lines=lines, places=places)


def _edge_lines(page: PageText, height_lines: int) -> set[int]:
    """Indexes of a page's first and last two printed lines (where headers and footers stand)."""
    printed = [i for i, line in enumerate(page.lines) if line.strip() and page.places[i].table is None]
    return set(printed[:2] + printed[-2:]) if len(printed) > height_lines else set(printed[:1] + printed[-1:])


def drop_running_lines(pages: list[PageText]) -> None:
    """Remove page numbers and the header and footer lines most pages repeat (digits ignored)."""
    edges = [_edge_lines(page, 4) for page in pages]
    seen: Counter[str] = Counter()
    for page, indexes in zip(pages, edges, strict=True):
        seen.update({_DIGITS.sub("#", re.sub(r"\s", "", page.lines[i])) for i in indexes})
    running = {text for text, count in seen.items() if len(pages) >= 2 and count >= max(2, 0.5 * len(pages))}
    for page, indexes in zip(pages, edges, strict=True):
        drop = {
            i
            for i in indexes
            if _PAGE_NUMBER.match(page.lines[i]) or _DIGITS.sub("#", re.sub(r"\s", "", page.lines[i])) in running
        }
        page.lines = [line for i, line in enumerate(page.lines) if i not in drop]
        page.places = [place for i, place in enumerate(page.places) if i not in drop]


def ocr_available() -> bool:
    if shutil.which("tesseract") is None:
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return "chi_sim" in listed.stdout.split()


def _ocr_page(path: Path, index: int) -> PageText:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        image = document[index].render(scale=300 / 72).to_pil().convert("L")
    finally:
        document.close()
    with tempfile.TemporaryDirectory() as folder:
        picture = Path(folder) / "page.png"
        image.save(picture)
        done = subprocess.run(
            ["tesseract", str(picture), "stdout", "-l", "chi_sim", "--psm", "3"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    if done.returncode != 0:
        raise _problem(path, "OCR 识别失败", found=done.stderr.strip()[:80], page=index + 1)
    # tesseract prints a space between Chinese characters; keep spaces only between Latin letters and digits
    lines = [re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", line) for line in done.stdout.splitlines()]
    # tesseract's chi_sim reads a "%" after digits as "96" ("8596，" for "85%，"); every OCR item is flagged
    lines = [_PERCENT_MISREAD.sub(r"\1%", line) for line in lines if line.strip()]
    places = [Place(page=index + 1, line=n) for n in range(1, len(lines) + 1)]
    return PageText(lines=lines, places=places, ocr=True)


def _open(path: Path) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(str(path))
        pages = len(pdf.pages)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise _encrypted(path) from exc
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise _encrypted(path) from exc
        raise _damaged(path, cause) from exc
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise _damaged(path, exc) from exc
    if pages == 0 or pages > MAX_PAGES:
        pdf.close()
    _check_pages(path, pages)
    return pdf


def _check_pages(path: Path, pages: int) -> None:
    if pages == 0:
        raise _problem(path, "PDF 没有页面", expected="至少一页的规划文件", found="0 页")
    if pages > MAX_PAGES:
        raise _problem(
            path,
            f"PDF 有 {pages} 页，超过一次导入的上限 {MAX_PAGES} 页：请只导入规划本身（可先用 PDF 工具拆出规划所在的页）",
            expected=f"不超过 {MAX_PAGES} 页",
            found=f"{pages} 页",
        )


def _encrypted(path: Path) -> IngestError:
    return _problem(
        path,
        "PDF 已加密（需要密码才能打开）：请用密码打开后另存为不加密的 PDF，或上传 Word 原文",
        expected="未加密的 PDF",
        found="加密的 PDF",
    )


def _damaged(path: Path, exc: object) -> IngestError:
    return _problem(
        path, "PDF 文件已损坏，无法读取：请重新下载或重新导出后再导入", expected="完整的 PDF", found=str(exc)[:80]
    )


def _open_pdfium(path: Path) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        # PDFium's reason is its last error, which may be stale: pdfminer names what is wrong (encrypted, no
        # pages, damaged)
        _open(path).close()
        raise _damaged(path, exc) from exc


def _read_pages(path: Path, first: int, stop: int) -> list[tuple[PageText, bool]]:
    """Pages ``first``…``stop - 1``, each with whether it holds a picture. Text comes from PDFium (fast); a page
    that draws rules is read again by pdfplumber for its ruled tables."""
    import pypdfium2.raw as pdfium_c

    document = _open_pdfium(path)
    plumber: Any = None
    read: list[tuple[PageText, bool]] = []
    try:
        for index in range(first, stop):
            try:
                page = document[index]
                kinds = [
                    pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page, j))
                    for j in range(pdfium_c.FPDFPage_CountObjects(page))
                ]
                text = _text_lines(page.get_textpage(), index + 1)
                if kinds.count(pdfium_c.FPDF_PAGEOBJ_PATH) >= _RULED:
                    plumber = plumber or _open(path)
                    plumber_page = plumber.pages[index]
                    try:
                        ruled = _text_page(plumber_page, index + 1)
                    finally:
                        plumber_page.close()
                    if any(place.table is not None for place in ruled.places):
                        text = ruled
            except IngestError:
                raise
            except Exception as exc:  # PDFium and pdfminer raise many kinds on a broken page
                raise _problem(path, "这一页已损坏，无法读取", found=str(exc)[:80], page=index + 1) from exc
            read.append((text, pdfium_c.FPDF_PAGEOBJ_IMAGE in kinds))
    finally:
        document.close()
        if plumber is not None:
            plumber.close()
    return read


# A PDF of at least this many pages is read by two processes (the machine's two cores), in chunks of pages.
_PARALLEL_PAGES = 24
_CHUNK = 8


def read_pdf(path: Path, progress: Progress | None = None) -> tuple[list[str], list[Place], list[int]]:
    """The PDF's lines with their places, and the pages read by OCR (a page with a picture and no text)."""
    document = _open_pdfium(path)  # refuses encrypted and damaged files with their message
    total = len(document)
    document.close()
    _check_pages(path, total)
    chunks = [(start, min(start + _CHUNK, total)) for start in range(0, total, _CHUNK)]
    results: dict[int, list[tuple[PageText, bool]]] = {}
    done = 0
    if total >= _PARALLEL_PAGES:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=2) as pool:
            futures = {pool.submit(_read_pages, path, a, b): a for a, b in chunks}
            from concurrent.futures import as_completed

            for future in as_completed(futures):
                results[futures[future]] = future.result()
                done += len(results[futures[future]])
                if progress:
                    progress("读取 PDF 页面", done, total)
    else:
        for a, b in chunks:
            for offset in range(a, b):
                results.setdefault(a, []).extend(_read_pages(path, offset, offset + 1))
                if progress:
                    progress("读取 PDF 页面", offset + 1, total)
    pages: list[PageText] = []
    scans: list[int] = []
    for start, _ in chunks:
        for offset, (text, pictures) in enumerate(results[start]):
            if sum(len(line.strip()) for line in text.lines) < _SCAN_CHARS and pictures:
                scans.append(start + offset)
            pages.append(text)
    if scans:
        if not ocr_available():
            first = scans[0] + 1
            raise _problem(
                path,
                f"这是扫描件（{len(scans)} 页只有图片，没有文字），本机未安装 OCR："
                "请安装 tesseract-ocr 和 tesseract-ocr-chi-sim（make 会安装）后重试，或上传文字版 PDF / Word 文件",
                expected="有文字的 PDF",
                found="扫描图片",
                page=first,
            )
        for done, index in enumerate(scans, start=1):
            pages[index] = _ocr_page(path, index)
            if progress:
                progress("OCR 识别扫描页", done, len(scans))
    drop_running_lines(pages)
    lines: list[str] = []
    places: list[Place] = []
    for page in pages:
        lines.extend(page.lines)
        places.extend(page.places)
    return lines, places, [index + 1 for index in scans]
