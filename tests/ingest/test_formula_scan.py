"""The uncached-formula scan streams a sheet in linear time: a stretch with no cell is not carried over chunk after
chunk (it was: 16/32/64/128 MiB took 0.36/0.98/4.6/20.5 s; bench/bench_formula_scan.py prints the ratios now),
and a formula after such a stretch, or one cut across a chunk boundary, is still found."""

from __future__ import annotations

import zipfile
from pathlib import Path

from eduplan.ingest.census_formulas import _CHUNK, uncached_formulas

HEAD = b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'


def _sheet(path: Path, body: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", HEAD + body + b"</sheetData></worksheet>")
    return path


def test_a_formula_after_megabytes_without_a_cell_is_found(tmp_path: Path) -> None:
    body = b"<row/>" * (3 * _CHUNK // 6) + b'<row r="9"><c r="B9"><f>SUM(A1)</f></c></row>'
    assert list(uncached_formulas(str(_sheet(tmp_path / "a.xlsx", body)), "xl/worksheets/sheet1.xml")) == [("B", 9)]


def test_a_formula_cut_across_a_chunk_boundary_is_found(tmp_path: Path) -> None:
    cell = b'<c r="C2"><f>A1+1</f><v></v></c>'
    pad = b" " * (_CHUNK - len(HEAD) - 5)  # "<c r=" straddles the first chunk's end
    body = b'<row r="2">' + pad + cell + b"</row>"
    assert list(uncached_formulas(str(_sheet(tmp_path / "b.xlsx", body)), "xl/worksheets/sheet1.xml")) == [("C", 2)]


def test_a_cell_larger_than_any_excel_writes_is_dropped_and_the_scan_goes_on(tmp_path: Path) -> None:
    huge = b'<c r="A2" t="inlineStr"><is><t>' + b" " * (6 * _CHUNK) + b"</t></is></c>"
    body = b'<row r="2">' + huge + b'</row><row r="3"><c r="D3"><f>1+1</f></c></row>'
    assert list(uncached_formulas(str(_sheet(tmp_path / "c.xlsx", body)), "xl/worksheets/sheet1.xml")) == [("D", 3)]
