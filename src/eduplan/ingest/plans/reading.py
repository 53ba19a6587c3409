"""Read a plan document into lines, each with its place in the original: every format a bureau publishes.

- plain text in UTF-8 or GBK/GB18030 (detected), including text copied from a web page whose table came out
  one cell per line (rebuilt into tab-separated rows here);
- text PDFs and scanned PDFs (``pdf``), Word ``.docx``/``.doc``/``.wps``, saved web pages ``.html``/``.htm``,
  workbooks ``.xlsx``/``.xls`` (``office``);
- Traditional characters are converted to Simplified (OpenCC) so one parser reads both.

``read_document(path)`` returns a ``ReadDocument``; a file that cannot be read is an ``IngestError`` saying what
the file is and what to do. ``read_lines(path)`` is the lines alone.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from eduplan.errors import IngestError
from eduplan.ingest.file_limits import check_file, limits_for
from eduplan.ingest.plans.office import doc_lines, docx_lines, html_lines, problem, workbook_lines
from eduplan.ingest.plans.pdf import Place, Progress, read_pdf
from eduplan.ingest.plans.values import squash

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Chinese characters and what Chinese text prints beside them: punctuation (“”—…), number forms (①Ⅰ),
# math signs (≥×), boxes and shapes, CJK punctuation and full-width forms.
_CHINESE = re.compile(
    r"[\u00a7\u00b0\u00b1\u00b7\u00d7\u00f7\u2000-\u206f\u2100-\u22ff\u2460-\u25ff"
    r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\ufe30-\ufe4f\uff00-\uffef]"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_IMAGES = {
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
    b"II*\x00": "TIFF 图片",
    b"MM\x00*": "TIFF 图片",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003, WPS, Excel 97–2003 (and encrypted Office files)
FORMATS = {
    ".pdf": "PDF",
    ".docx": "Word（.docx）",
    ".doc": "Word 97–2003（.doc）",
    ".wps": "WPS 文字（.wps）",
    ".html": "网页（.html）",
    ".htm": "网页（.htm）",
    ".xlsx": "Excel 工作簿（.xlsx）",
    ".xls": "Excel 97–2003 工作簿（.xls）",
}


@dataclass
class ReadDocument:
    """A file read into lines; ``places[i]`` is where ``lines[i]`` stands in the original."""

    file: str
    format: str  # in words: "PDF", "扫描 PDF（OCR）", "网页（.html）", "文本（GB18030）" …
    lines: list[str]
    places: list[Place]
    ocr_pages: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader did (converted Traditional, rebuilt a table)


def _reads_as_chinese(text: str) -> bool:
    """Text, not binary, whose non-ASCII characters are nearly all Chinese characters and punctuation."""
    if _CONTROL.search(text):
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    return not wide or sum(1 for c in wide if _CHINESE.match(c)) >= 0.9 * len(wide)


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode text bytes, and name the encoding: UTF-8 (with or without BOM), else GB18030 (a superset of GBK
    and GB2312), else what charset-normalizer detects. GB18030 is tried before detection because detectors take
    a short GBK text for Korean (cp949) or Big5; a plan is Chinese, so a clean GB18030 reading is the one we
    want. Big5 (Traditional, from Taiwan or Hong Kong) is tried after GB18030."""
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _reads_as_chinese(text):
            return text, encoding.upper()
    best = from_bytes(data).best()
    if best is not None and _reads_as_chinese(str(best)):
        return str(best), best.encoding
    raise problem(
        path,
        "文件不是可读的文本，也不是可识别的 PDF、Word、网页或 Excel 文件（可能已损坏）",
        expected="PDF、Word（.docx/.doc/.wps）、网页（.html）、Excel 或 UTF-8/GBK 文本",
        found="无法识别的二进制内容",
    )


def decode(data: bytes, path: Path) -> str:
    return decode_text(data, path)[0]


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(lines: list[str]) -> tuple[list[str], bool]:
    """Traditional characters converted to Simplified; True when the text was written in Traditional (at least
    2 % of its Han characters change, so a Simplified text with a stray variant is left alone)."""
    text = "\n".join(lines)
    han = len(_HAN.findall(text))
    if not han:
        return lines, False
    converted = _converter().convert(text)
    changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    if changed < 0.02 * han or len(converted) != len(text):
        return lines, False
    return converted.split("\n"), True


# --- text copied from a web table: one cell per line ------------------------------------------------------

_HEADER_CELL = re.compile(
    r"^(?:序号|编号|指标|指标名称|主要指标|项目|项目名称|建设项目|学校名称|单位|属性|指标属性|备注|类别|层次|"
    r"建设类型|建设性质|建设内容|建设规模|学位|新增学位|学位数|投资|总投资|投资额|计划投资|责任单位|牵头单位|"
    r"完成时间|开工时间|竣工时间|建设年限|起止年限|地址|建设地点|目标值|基期值|现状值|(?:20\d\d)年.{0,8})"
    r"(?:[（(][^）)]{1,8}[）)])?$"
)


def _cell_like(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) <= 40 and "\t" not in line and not text.endswith(("。", "；", "："))


_ROW_START = re.compile(r"^(?:\d{1,2}[.．、](?!\d)\S|[一二三四五六七八九十]+、\S)")
_SERIAL = re.compile(r"^(?:\d{1,3}|合计|总计|小计)$")


def _rows_of(cells: list[tuple[int, str]], columns: int, numbered: bool) -> list[list[tuple[int, str]]]:
    """Data cells into rows: at each serial number (a 序号 column), else at each numbered label ("1.学前…",
    "一、发展水平": a group heading is a row of its own), else every ``columns`` cells."""
    if numbered:
        starts = [i for i, (_, text) in enumerate(cells) if _SERIAL.match(text)]
    else:
        starts = [i for i, (_, text) in enumerate(cells) if _ROW_START.match(text)]
        if len(starts) < 2 or starts[0] != 0:
            starts = list(range(0, len(cells), columns))
    if not starts or starts[0] != 0:
        return []
    bounds = [*starts, len(cells)]
    return [cells[a:b] for a, b in itertools.pairwise(bounds)]


def rebuild_cell_tables(lines: list[str], places: list[Place]) -> tuple[list[str], list[Place], int]:
    """Runs of one-cell-per-line text (blank lines between the cells or not) under a header of known column
    words ("序号 / 指标 / 2020年 / 2025年") rebuilt into tab-separated rows."""
    out_lines: list[str] = []
    out_places: list[Place] = []
    rebuilt = 0
    index = 0
    while index < len(lines):
        header: list[tuple[int, str]] = []
        cursor = index
        while cursor < len(lines) and (not lines[cursor].strip() or _HEADER_CELL.match(squash(lines[cursor]))):
            if lines[cursor].strip():
                header.append((cursor, squash(lines[cursor])))
            cursor += 1
        if len(header) < 3 or not lines[index].strip():
            out_lines.append(lines[index])
            out_places.append(places[index])
            index += 1
            continue
        cells: list[tuple[int, str]] = []
        while cursor < len(lines) and (not lines[cursor].strip() or _cell_like(lines[cursor])):
            if lines[cursor].strip():
                cells.append((cursor, lines[cursor].strip()))
            cursor += 1
        numbered = header[0][1] in ("序号", "编号")
        rows = _rows_of(cells, len(header), numbered)
        if len(rows) < 1:
            out_lines.append(lines[index])
            out_places.append(places[index])
            index += 1
            continue
        end = rows[-1][-1][0] + 1
        rebuilt += 1
        out_lines.append("")
        out_places.append(places[index])
        for row in [header, *rows]:
            out_lines.append(_joined([text for _, text in row]))
            out_places.append(places[row[0][0]])
        out_lines.append("")
        out_places.append(places[end - 1])
        index = end
    return out_lines, out_places, rebuilt


def _joined(cells: list[str]) -> str:
    return "\t".join(cells) if len(cells) > 1 else "\t" + cells[0] + "\t"


# --- dispatch ---------------------------------------------------------------------------------------------


def _sniff(data: bytes, path: Path) -> None:
    """Refuse what is plainly not a document, saying what it is."""
    for magic, kind in _IMAGES.items():
        if data.startswith(magic):
            raise problem(
                path,
                f"文件是一张图片（{kind}），不是规划文档：请上传规划的 PDF、Word、网页或文本文件（扫描件请先合成 PDF）",
                expected="PDF、Word、网页、Excel 或文本",
                found=kind,
            )
    if data.startswith(b"PK\x03\x04"):
        raise problem(
            path,
            "文件是压缩包或 Office 文件，但扩展名不是 .docx/.xlsx：请改正扩展名，或解压后导入其中的规划文件",
            expected=".docx 或 .xlsx 扩展名",
            found="ZIP 压缩包",
        )
    if data.startswith(_OLE):
        raise problem(
            path,
            "文件是 Office 97–2003 格式（.doc/.wps/.xls），但扩展名不对：请改正扩展名后再导入",
            expected=".doc、.wps 或 .xls 扩展名",
            found="Office 97–2003 文件",
        )


def _read_zip_office(path: Path, reader: Any, what: str) -> tuple[list[str], list[Place]]:
    head = path.read_bytes()[:8]
    if head.startswith(_OLE):
        raise problem(
            path,
            f"文件扩展名是 {path.suffix}，内容却是加密的或 97–2003 格式的 Office 文件：请用密码打开后另存为 {what}",
            expected=what,
            found="加密或旧格式的 Office 文件",
        )
    if not head.startswith(b"PK\x03\x04"):
        raise problem(
            path, f"文件扩展名是 {path.suffix}，内容却不是 {what} 文件（可能已损坏或改了扩展名）", expected=what
        )
    lines, places = reader(path)
    return lines, places


def read_document(path: Path, progress: Progress | None = None) -> ReadDocument:
    """The document at ``path`` as lines with their places; an unreadable file is an IngestError."""
    if not path.exists():
        raise problem(path, "文件不存在")
    check_file(path, limits_for("plan"))  # size, and for a zip-based file its members, before anything is read
    suffix = path.suffix.lower()
    data = path.read_bytes()
    ocr_pages: list[int] = []
    notes: list[str] = []
    fmt = FORMATS.get(suffix, "")
    if data.startswith(b"%PDF") or suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            _sniff(data, path)
            raise problem(path, "文件扩展名是 .pdf，内容却不是 PDF（可能已损坏）", expected="PDF 文件")
        lines, places, ocr_pages = read_pdf(path, progress)
        fmt = "扫描 PDF（OCR）" if ocr_pages and len(ocr_pages) * 2 >= len({p.page for p in places}) else "PDF"
        if ocr_pages:
            notes.append(f"第 {'、'.join(map(str, ocr_pages))} 页是扫描图片，已用 OCR 识别，请逐项核对")
    elif suffix == ".docx":
        lines, places = _read_zip_office(path, docx_lines, ".docx")
    elif suffix == ".xlsx":
        lines, places = _read_zip_office(path, workbook_lines, ".xlsx")
    elif suffix in (".doc", ".wps"):
        if not data.startswith(_OLE):
            if data.startswith(b"PK\x03\x04"):
                lines, places = docx_lines(path)  # a .docx saved under the old extension
            else:
                _sniff(data, path)
                text, encoding = decode_text(data, path)  # WPS and Word also save plain text or HTML as .doc
                lines, places = _text_lines(text)
        else:
            lines, places = doc_lines(path)
    elif suffix == ".xls":
        if not data.startswith(_OLE):
            _sniff(data, path)
        lines, places = workbook_lines(path)
    else:
        _sniff(data, path)
        text, encoding = decode_text(data, path)
        if "\x00" in text:
            raise problem(path, "文件不是文本", expected="规划文本（.txt）或 .docx", found="二进制内容")
        if suffix in (".html", ".htm") or re.match(r"\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", text, re.I):
            lines, places = html_lines(text)
            fmt = fmt or "网页（HTML）"
        else:
            lines, places = _text_lines(text)
            fmt = f"文本（{encoding}）"
    lines, places, rebuilt = rebuild_cell_tables(lines, places)
    if rebuilt:
        notes.append(f"{rebuilt} 个表格是每格一行的网页复制文本，已按表头还原成行")
    lines, traditional = simplified(lines)
    if traditional:
        notes.append("原文为繁体字，已转换为简体后读取")
    if not any(line.strip() for line in lines):
        raise problem(path, "文件为空", expected="规划文本")
    return ReadDocument(file=path.name, format=fmt, lines=lines, places=places, ocr_pages=ocr_pages, notes=notes)


def _text_lines(text: str) -> tuple[list[str], list[Place]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines, [Place(line=n) for n in range(1, len(lines) + 1)]


def read_lines(path: Path) -> list[str]:
    """The document as lines (line 1 is ``lines[0]``); an unreadable file is an IngestError."""
    return read_document(path).lines


__all__ = ["IngestError", "Place", "ReadDocument", "decode", "read_document", "read_lines"]
