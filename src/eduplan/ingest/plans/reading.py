"""Read a plan document into lines: UTF-8 or GBK/GB18030 text (detected), or a .docx.

Tables of a .docx become tab-separated lines, the shape the published text files already have,
so one table reader serves both.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from charset_normalizer import from_bytes

from eduplan.errors import IngestError, Problem

# GB18030 is a superset of GBK and GB2312; decoding with it accepts all three.
_CHINESE_ENCODINGS = ("gb18030", "gbk", "gb2312", "big5", "hz")


def _problem(path: Path, message: str, expected: str = "", found: str = "") -> IngestError:
    return IngestError([Problem(file=path.name, message=message, expected=expected, found=found)])


def decode(data: bytes, path: Path) -> str:
    """Decode text bytes: UTF-8 (with or without BOM) first, else the detected Chinese encoding."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    encoding = (best.encoding if best is not None else "").lower().replace("_", "")
    # charset-normalizer may name a cousin of GBK; decoding as GB18030 covers them all.
    if best is None or encoding in _CHINESE_ENCODINGS or encoding.startswith("gb") or encoding == "cp936":
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
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
