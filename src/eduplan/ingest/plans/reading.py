"""Read a plan document into lines: UTF-8 or GBK/GB18030 text (detected), or a .docx.

Tables of a .docx become tab-separated lines, the shape the published text files already have,
so one table reader serves both.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from charset_normalizer import from_bytes

from eduplan.errors import IngestError, Problem
from eduplan.ingest.file_limits import check_file, limits_for

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Chinese characters and what Chinese text prints beside them: punctuation (“”—…), number forms (①Ⅰ),
# math signs (≥×), boxes and shapes, CJK punctuation and full-width forms.
_CHINESE = re.compile(
    r"[\u00a7\u00b0\u00b1\u00b7\u00d7\u00f7\u2000-\u206f\u2100-\u22ff\u2460-\u25ff"
    r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\ufe30-\ufe4f\uff00-\uffef]"
)


def _problem(path: Path, message: str, expected: str = "", found: str = "") -> IngestError:
    return IngestError([Problem(file=path.name, message=message, expected=expected, found=found)])


def _reads_as_chinese(text: str) -> bool:
    """Text, not binary, whose non-ASCII characters are nearly all Chinese characters and punctuation."""
    if _CONTROL.search(text):
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    return not wide or sum(1 for c in wide if _CHINESE.match(c)) >= 0.9 * len(wide)


def decode(data: bytes, path: Path) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312), else
    what charset-normalizer detects. GB18030 is tried before detection because detectors take a short
    GBK text for Korean (cp949) or Big5; a plan is Chinese, so a clean GB18030 reading is the one we want."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _reads_as_chinese(text):
        return text
    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    raise _problem(path, "无法识别文件编码", expected="UTF-8 或 GBK/GB18030 文本，或 .docx", found="二进制内容")


def _docx_lines(path: Path) -> list[str]:
    import docx  # python-docx; imported here so text imports never pay for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise _problem(path, "无法读取 .docx 文件", expected="Word 2007 及以上的 .docx", found=str(exc)) from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            lines.append(text)
        elif tag == "tbl":
            table = next(t for t in document.tables if t._tbl is child)
            for row in table.rows:
                cells = [cell.text.replace("\n", "") for cell in row.cells]
                lines.append("\t".join(cells))
            lines.append("")
    return lines


def read_lines(path: Path) -> list[str]:
    """The document as lines (line 1 is ``lines[0]``); an unreadable file is an IngestError."""
    if not path.exists():
        raise _problem(path, "文件不存在")
    check_file(path, limits_for("plan"))  # size, and for a .docx its zip members, before anything is read
    if path.suffix.lower() == ".docx":
        lines = _docx_lines(path)
    else:
        data = path.read_bytes()
        if data.startswith(b"%PDF"):
            raise _problem(path, "不支持 PDF 文件", expected="规划文本（.txt，UTF-8 或 GBK）或 .docx", found="PDF 文件")
        if data.startswith(b"PK\x03\x04"):
            raise _problem(path, "文件是压缩包或 Office 文件，但扩展名不是 .docx", expected=".docx 扩展名")
        text = decode(data, path)
        if "\x00" in text:
            raise _problem(path, "文件不是文本", expected="规划文本（.txt）或 .docx", found="二进制内容")
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not any(line.strip() for line in lines):
        raise _problem(path, "文件为空", expected="规划文本")
    return lines
