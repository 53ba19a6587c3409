"""Bounds on an uploaded file, checked before any parser sees it (docs/operations.md, "Limits").

A hostile or broken file must be refused in seconds and in little memory, with a Chinese message, not read into
gigabytes: its size; for the zip-based formats (xlsx, docx, a zip of CSV files) the number of members, each
member's compression ratio and the uncompressed total, counted while streaming the members (a zip's own size
fields may lie); no DTD or entity declarations in any XML member (entity expansion); the nesting depth of the
small XML parts that are parsed into trees; and, for a sheet, its rows, its columns and its cells, found from the
cell references in the XML before calamine builds the sheet's range in memory.

The limits come from Django's settings when they are configured (``UPLOAD_LIMITS`` and ``UPLOAD_MAX_*``, set from
the environment in ``eduplan.settings``), otherwise from the defaults below.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from eduplan.errors import IngestError, Problem

MB = 1024 * 1024
_CHUNK = MB
# Members smaller than this are never refused for their ratio: a small XML part of blanks compresses very well.
_RATIO_FLOOR = 4 * MB
_DTD = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_TREE_PARTS = re.compile(r"(^\[Content_Types\]\.xml$|\.rels$|^xl/workbook\.xml$|^word/document\.xml$)")


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * MB  # the file as uploaded
    max_uncompressed: int = 128 * MB  # all members of a zip-based file together
    max_ratio: int = 100  # uncompressed / compressed, per member of at least _RATIO_FLOOR
    max_members: int = 500
    max_rows: int = 200_000  # per sheet or CSV file
    max_columns: int = 200
    max_cells: int = 6_000_000  # per sheet: its rectangle, rows × columns
    max_depth: int = 100  # XML nesting of the parts parsed into trees


def limits_for(kind: str) -> Limits:
    """The configured limits for one kind of upload (census, plan, scores)."""
    try:
        from django.conf import settings

        if not settings.configured:
            return Limits()
        default = Limits()
        return Limits(
            max_bytes=int(getattr(settings, "UPLOAD_LIMITS", {}).get(kind, default.max_bytes)),
            max_uncompressed=int(getattr(settings, "UPLOAD_MAX_UNCOMPRESSED", default.max_uncompressed)),
            max_ratio=int(getattr(settings, "UPLOAD_MAX_RATIO", default.max_ratio)),
            max_rows=int(getattr(settings, "UPLOAD_MAX_ROWS", default.max_rows)),
            max_columns=int(getattr(settings, "UPLOAD_MAX_COLUMNS", default.max_columns)),
        )
    except ImportError:  # pragma: no cover - Django is a dependency
        return Limits()


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB" if n < 10 * MB else f"{n // MB} MB"


def refuse(file: str, message: str, expected: str, found: str, sheet: str = "") -> IngestError:
    return IngestError([Problem(file, message, sheet=sheet, expected=expected, found=found)])


def check_size(name: str, size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise refuse(name, "文件过大，未读取", f"不超过 {_mb(limits.max_bytes)}", _mb(size))


def check_file(path: Path, limits: Limits) -> None:
    """Refuse ``path`` (a file or a folder of CSV files) if it exceeds ``limits``; read nothing else of it."""
    name = path.name
    if path.is_dir():
        sizes = [p.stat().st_size for p in path.iterdir() if p.is_file()]
        check_size(name, sum(sizes), limits)
        return
    check_size(name, path.stat().st_size, limits)
    if zipfile.is_zipfile(path):
        check_zip(path, limits)


def _sheet_names(path: Path) -> dict[str, str]:
    """Zip member → sheet name of a workbook, once its workbook.xml has passed the checks (else empty)."""
    from eduplan.ingest.census_formulas import sheet_parts

    try:
        return {member: sheet for sheet, member in sheet_parts(str(path)).items()}
    except Exception:  # not a workbook, or a broken one: messages name the member instead
        return {}


def check_zip(path: Path, limits: Limits) -> None:
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not readable as a zip: the reader says what the file is
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        if len(members) > limits.max_members:
            raise refuse(name, "压缩包内文件过多，未读取", f"不超过 {limits.max_members} 个", f"{len(members)} 个")
        declared = sum(i.file_size for i in members)
        if declared > limits.max_uncompressed:
            raise refuse(
                name, "解压后过大，未读取", f"解压后不超过 {_mb(limits.max_uncompressed)}", f"解压后 {_mb(declared)}"
            )
        for info in members:
            _check_ratio(name, info, info.file_size, limits)
        # The small parts parsed into trees first: once they pass, sheets can be named in messages.
        members.sort(key=lambda i: not _TREE_PARTS.search(i.filename))
        total, sheet_names = 0, None
        for info in members:
            if sheet_names is None and _SHEET.match(info.filename):
                sheet_names = _sheet_names(path)
            sheet = (sheet_names or {}).get(info.filename, "")
            total = _stream_member(archive, info, total, limits, name, sheet)


def _check_ratio(name: str, info: zipfile.ZipInfo, size: int, limits: Limits) -> None:
    if size >= _RATIO_FLOOR and size > limits.max_ratio * max(info.compress_size, 1):
        raise refuse(
            name,
            f"压缩比异常（{info.filename} 压缩 {_mb(info.compress_size)}，解压 {_mb(size)}），疑为压缩炸弹，未读取",
            f"压缩比不超过 {limits.max_ratio}:1",
            f"{size // max(info.compress_size, 1)}:1",
        )


class _Cells:
    """The extent of one sheet from its XML: its farthest row (from 10^(d-1) on, d the digits of the row limit),
    its rightmost column beyond Z and its cells with content. Rows without references are bounded by the reader.

    calamine holds a sheet as one rectangle from A1-ish to its farthest cell, so a single cell at XFD1048576 would
    cost gigabytes: the rectangle (rows × columns, at least 26 columns assumed) is bounded, not just the cells."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        # Only cells with content count: formatted blank cells (<c r="A7" s="1"/>) are not in calamine's range.
        # Each pattern begins with a literal, which the regex engine finds at memchr speed.
        self.far_row = re.compile(rb'r="[A-Z]{1,3}(\d{%d,})"[^>]*(?<!/)>' % len(str(limits.max_rows)))
        self.wide = re.compile(rb'r="([A-Z]{2,3})\d+"[^>]*(?<!/)>')
        self.cells = 0
        self.rows_without_number = 0
        self.max_row = 0
        self.max_column = 0

    def feed(self, data: bytes) -> None:
        self.cells += data.count(b"</c>")
        for match in self.far_row.finditer(data):
            self.max_row = max(self.max_row, int(match.group(1)))
        for match in self.wide.finditer(data):
            column = 0
            for ch in match.group(1).decode():
                column = column * 26 + ord(ch) - 64
            self.max_column = max(self.max_column, column)
        # A row without r="…" (calamine counts it as the next row); "r" written first, as Excel and every
        # library write it, else the row counts here as unnumbered (never fewer rows than there are).
        self.rows_without_number += data.count(b"<row>") + data.count(b"<row ") - data.count(b'<row r="')
        self.max_row = max(self.max_row, self.rows_without_number)

    def check(self, file: str, sheet: str) -> None:
        limits = self.limits
        if self.max_row > limits.max_rows:
            raise refuse(
                file, "工作表行数过多，未读取", f"不超过 {limits.max_rows} 行", f"第 {self.max_row} 行有数据", sheet
            )
        if self.max_column > limits.max_columns:
            raise refuse(
                file,
                "工作表列数过多，未读取",
                f"不超过 {limits.max_columns} 列",
                f"第 {self.max_column} 列有数据",
                sheet,
            )
        area = self.max_row * max(self.max_column, 26)
        if max(self.cells, area) > limits.max_cells:
            raise refuse(
                file,
                "工作表单元格过多，未读取",
                f"不超过 {limits.max_cells} 个单元格",
                f"{max(self.cells, area)} 个（{self.max_row} 行 × {max(self.max_column, 26)} 列）",
                sheet,
            )


def _stream_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, limits: Limits, name: str, sheet: str
) -> int:
    """Decompress one member in chunks, counting its real size; check XML for DTDs and sheets for their extent."""
    is_xml = info.filename.endswith((".xml", ".rels"))
    cells = _Cells(limits) if _SHEET.match(info.filename) else None
    depth = _Depth(limits.max_depth) if _TREE_PARTS.search(info.filename) else None
    size, tail = 0, b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                total += len(chunk)
                if total > limits.max_uncompressed:
                    raise refuse(
                        name,
                        "解压后过大，未读取",
                        f"解压后不超过 {_mb(limits.max_uncompressed)}",
                        f"超过 {_mb(limits.max_uncompressed)}（{info.filename}）",
                    )
                _check_ratio(name, info, size, limits)
                if is_xml:
                    window = tail + chunk
                    if any(marker in window for marker in _DTD):
                        raise refuse(
                            name,
                            f"{info.filename} 含有 DTD 或实体定义（可被用于实体膨胀攻击），未读取",
                            "Excel 或 Word 保存的文件",
                            "<!DOCTYPE> 或 <!ENTITY>",
                        )
                    if cells is not None:
                        cut = window.rfind(b"<")
                        cells.feed(window[:cut] if cut > 0 else window)
                        tail = window[cut:] if cut > 0 else b""
                    else:
                        tail = chunk[-16:]
                    if depth is not None:
                        depth.feed(chunk, name, info.filename)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        # A damaged member, or one whose real size is not the size the zip declares (a bomb that lies): refused
        # here, before a reader that trusts the stream rather than the header inflates it.
        if sheet:
            raise refuse(
                name,
                "工作表已损坏，无法读取：请在 Excel 中打开后另存为 .xlsx 再导入",
                "完整的工作表",
                "损坏的工作表",
                sheet,
            ) from None
        raise refuse(name, f"压缩包已损坏，无法读取（{info.filename}）", "完整的压缩文件", str(exc)) from None
    except (RuntimeError, NotImplementedError):
        return total  # an encrypted member or an unknown method: the reader reports the file as unreadable
    if cells is not None:
        cells.feed(tail)
        cells.check(name, sheet or info.filename)
    return total


class _Depth:
    """Nesting depth of an XML part, counted by expat as the part streams by (no tree is built)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.depth = 0
        self.deepest = 0
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end

    def _start(self, *_: Any) -> None:
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)

    def _end(self, *_: Any) -> None:
        self.depth -= 1

    def feed(self, data: bytes, file: str, member: str) -> None:
        try:
            self.parser.Parse(data, False)
        except expat.ExpatError:
            return  # malformed XML: the reader reports the file as unreadable
        if self.deepest > self.limit:
            raise refuse(file, f"{member} 的 XML 嵌套过深，未读取", f"嵌套不超过 {self.limit} 层", f"{self.deepest} 层")
