"""A corpus of hostile census files, written in a second or two: decompression bombs (honest and lying zip
headers), XML entity expansion, deep nesting, far cells, too many rows, columns, members, NUL bytes, huge fields.

``write_corpus(folder)`` writes every case and returns ``{file name: the Chinese words its refusal must hold}``
(``""``: a file the limits let through, read as usual). Large members are built from one deflate block flushed
with Z_FULL_FLUSH and repeated, so a member of hundreds of megabytes costs microseconds to write.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from .census_corpus import write_base

MB = 1 << 20
SHEET_XML = "xl/worksheets/sheet{}.xml"  # 1 学校, 2 学段, 3 年级, 4 人口 (the corpus base workbook's order)


def repeated_deflate(block: bytes, times: int) -> tuple[bytes, int, int]:
    """Raw deflate data of ``block`` repeated ``times`` times; with its CRC-32 and uncompressed size."""
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    one = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)  # byte-aligned, no reference to earlier data
    end = zlib.compressobj(1, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    return one * times + end, crc, len(block) * times


def write_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> Path:
    """A zip of already deflated members: (name, deflated data, crc, declared size, method)."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size, method in members:
        offset = out.tell()
        raw = name.encode()
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, method, 0, 0x21, crc, len(data), size, len(raw), 0)
        out.write(header + raw + data)
        fields = (20, 20, 0x800, method, 0, 0x21, crc, len(data), size, len(raw), 0, 0, 0, 0, 0, offset)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", *fields) + raw)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    path.write_bytes(out.getvalue())
    return path


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def replace_members(base: Path, out: Path, changes: dict[str, bytes | tuple[bytes, int, int]]) -> Path:
    """``base`` with some members replaced: plain bytes (deflated here) or (deflated, crc, declared size)."""
    members = []
    with zipfile.ZipFile(base) as archive:
        names = [i.filename for i in archive.infolist()]
        for name in names + [n for n in changes if n not in names]:
            change = changes.get(name)
            if change is None:
                data, crc, size = _deflated(archive.read(name))
            elif isinstance(change, bytes):
                data, crc, size = _deflated(change)
            else:
                data, crc, size = change
            members.append((name, data, crc, size, 8))
    return write_zip(out, members)


def _sheet(base: Path, index: int) -> bytes:
    with zipfile.ZipFile(base) as archive:
        return archive.read(SHEET_XML.format(index))


def _add_rows(xml: bytes, rows: bytes) -> bytes:
    return xml.replace(b"</sheetData>", rows + b"</sheetData>")


def _csv_zip(path: Path, files: dict[str, bytes | tuple[bytes, int, int]]) -> Path:
    members = []
    for name, content in files.items():
        data, crc, size = _deflated(content) if isinstance(content, bytes) else content
        members.append((name, data, crc, size, 8))
    return write_zip(path, members)


def write_corpus(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    base = write_base(folder, "_base.xlsx")
    schools = _sheet(base, 1)
    text_cell = b'<c r="B7" t="inlineStr"><is><t>'
    with_text = _add_rows(schools, b'<row r="7">' + text_cell + b"</t></is></c></row>")
    header = "学校代码,学校名称\n".encode()
    cases: dict[str, Callable[[Path], object]] = {
        # A cell holding 300 MB of spaces: refused on the zip's own figures.
        "spaces_bomb.xlsx": lambda p: replace_members(
            base, p, {SHEET_XML.format(1): _repeat_inside(with_text, text_cell, b" " * MB, 300)}
        ),
        # The same member declaring 1 MB: its CRC fails at the declared end, before anything inflates the rest.
        "lying_sizes.xlsx": lambda p: replace_members(
            base, p, {SHEET_XML.format(1): (*_repeat_inside(with_text, text_cell, b" " * MB, 300)[:2], 1 * MB)}
        ),
        "csv_digits.zip": lambda p: _csv_zip(p, {"学校.csv": repeated_deflate(b"1234567890" * (MB // 10), 200)}),
        "csv_nul.zip": lambda p: _csv_zip(p, {"学校.csv": repeated_deflate(b"\0" * MB, 200)}),
        "csv_lying.zip": lambda p: _csv_zip(p, {"学校.csv": (*repeated_deflate(b"7" * MB, 200)[:2], 1000)}),
        "csv_nul_small.zip": lambda p: _csv_zip(p, {"学校.csv": header + b"44\0\0,x\n"}),
        "csv_long_field.zip": lambda p: _csv_zip(p, {"学校.csv": header + b"4418020001," + b"9" * (MB // 2) + b"\n"}),
        "csv_wide.zip": lambda p: _csv_zip(p, {"学校.csv": header + b",".join([b"1"] * 300) + b"\n"}),
        "csv_lines.zip": lambda p: _csv_zip(p, {"学校.csv": header + b"1,2\n" * 300_000}),
        "csv_members.zip": lambda p: _csv_zip(p, {f"学校{i}.csv": header for i in range(600)}),
        # One cell at the last cell Excel has: calamine would hold a 1048576 × 16384 rectangle.
        "far_cell.xlsx": lambda p: replace_members(
            base,
            p,
            {SHEET_XML.format(1): _add_rows(schools, b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')},
        ),
        "wide_cell.xlsx": lambda p: replace_members(
            base, p, {SHEET_XML.format(1): _add_rows(schools, b'<row r="30"><c r="ZZ30"><v>1</v></c></row>')}
        ),
        # A dimension claiming the whole sheet, with the base's few cells: harmless, read as usual.
        "dimension_only.xlsx": lambda p: replace_members(
            base,
            p,
            {
                SHEET_XML.format(i): re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
                for i in (1, 2, 3, 4)
                if (xml := _sheet(base, i))
            },
        ),
        "many_rows.xlsx": lambda p: replace_members(
            base,
            p,
            {
                SHEET_XML.format(1): _add_rows(
                    schools, b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(9, 250_009))
                )
            },
        ),
        # Rows without references (allowed by the format): bounded while the reader takes them.
        "rows_without_refs.xlsx": lambda p: replace_members(
            base,
            p,
            {
                SHEET_XML.format(1): _add_rows(
                    schools, b"".join(b"<row><c><v>%d</v></c></row>" % r for r in range(250_000))
                )
            },
        ),
        "entities.xlsx": lambda p: replace_members(
            base, p, {"xl/workbook.xml": laughs(_member(base, "xl/workbook.xml"))}
        ),
        "entities_in_sheet.xlsx": lambda p: replace_members(
            base, p, {SHEET_XML.format(1): laughs(with_text.replace(b"<t></t>", b"<t>&l9;</t>"))}
        ),
        "nested.xlsx": lambda p: replace_members(
            base,
            p,
            {
                "xl/workbook.xml": _member(base, "xl/workbook.xml").replace(
                    b"</workbook>", b"<x>" * 50_000 + b"</x>" * 50_000 + b"</workbook>"
                )
            },
        ),
        "too_big.xlsx": lambda p: p.write_bytes(b"PK" + bytes(51 * MB)),
    }
    expected = {
        "spaces_bomb.xlsx": "解压后过大",
        "lying_sizes.xlsx": "工作表已损坏",
        "csv_digits.zip": "解压后过大",
        "csv_nul.zip": "解压后过大",
        "csv_lying.zip": "压缩包已损坏",
        "csv_nul_small.zip": "文件含有空字符（NUL）",
        "csv_long_field.zip": "不是有效的 CSV",
        "csv_wide.zip": "CSV 文件列数过多",
        "csv_lines.zip": "CSV 文件行数过多",
        "csv_members.zip": "压缩包内文件过多",
        "far_cell.xlsx": "工作表行数过多",
        "wide_cell.xlsx": "工作表列数过多",
        "dimension_only.xlsx": "",
        "many_rows.xlsx": "工作表行数过多",
        "rows_without_refs.xlsx": "工作表行数过多",
        "entities.xlsx": "含有 DTD 或实体定义",
        "entities_in_sheet.xlsx": "含有 DTD 或实体定义",
        "nested.xlsx": "XML 嵌套过深",
        "too_big.xlsx": "文件过大",
    }
    assert set(cases) == set(expected)
    for name, write in cases.items():
        write(folder / name)
    base.unlink()
    return expected


def _member(base: Path, name: str) -> bytes:
    with zipfile.ZipFile(base) as archive:
        return archive.read(name)


def _repeat_inside(xml: bytes, marker: bytes, block: bytes, times: int) -> tuple[bytes, int, int]:
    """``xml`` with ``block`` × ``times`` inserted after the first ``marker``, deflated without building it."""
    at = xml.index(marker) + len(marker)
    head, tail = xml[:at], xml[at:]
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    one = zlib.compressobj(1, zlib.DEFLATED, -15)
    middle = one.compress(block) + one.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(1, zlib.DEFLATED, -15)
    end = last.compress(tail) + last.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return first + middle * times + end, crc, len(head) + len(block) * times + len(tail)


def laughs(xml: bytes) -> bytes:
    """A billion laughs: ten entities of ten references each, declared before the root element."""
    entities = b'<!ENTITY l0 "ha">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10))) for i in range(1, 10)
    )
    at = xml.index(b"?>") + 2
    root = re.search(rb"<(\w+)", xml[at:])
    assert root is not None
    return xml[:at] + b"<!DOCTYPE %s [%s]>" % (root.group(1), entities) + xml[at:]
