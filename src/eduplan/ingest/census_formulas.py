"""Finding formulas that have no cached value in an xlsx file.

A workbook written by a program (not saved by Excel) may hold formulas whose results were never
computed; every reader then sees an empty cell, which would silently become NULL. This module finds
them by streaming each sheet's XML through one regular expression, so even a sheet of a million
formatted rows costs about a second and a few megabytes.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath

from defusedxml import ElementTree

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# A cell (<c r="B7" ...>) whose only content is a formula, with no or an empty cached value <v>.
_UNCACHED = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*(?<!/)>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)
_CHUNK = 1 << 20
_MAX_CELL = 4 * _CHUNK  # a cell larger than this is no formula Excel wrote: it is dropped, not carried on


def sheet_parts(path: str) -> dict[str, str]:
    """Sheet name → the zip member holding its XML."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG_REL}Relationship")}
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[sheet.get("name", "")] = member
    return parts


def uncached_formulas(path: str, member: str) -> Iterator[tuple[str, int]]:
    """(column letters, Excel row) of every formula cell without a cached value in one sheet."""
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        carry = b""
        while chunk := stream.read(_CHUNK):
            buffer = carry + chunk
            # Cut before the last cell that starts in this chunk: every cell before it is complete.
            end = buffer.rfind(b"<c ")
            if end < 0:  # no cell starts here: keep only what may be the start of a "<c " cut in two
                carry = buffer[-2:]
                continue
            if end == 0:  # one cell goes on: carry it, unless it is too long to be a formula (linear time)
                carry = buffer if len(buffer) <= _MAX_CELL else buffer[-2:]
                continue
            segment, carry = buffer[:end], buffer[end:]
            if b"<f" in segment:
                for match in _UNCACHED.finditer(segment):
                    yield match.group(1).decode(), int(match.group(2))
        for match in _UNCACHED.finditer(carry):
            yield match.group(1).decode(), int(match.group(2))
