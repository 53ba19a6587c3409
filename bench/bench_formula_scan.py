"""Benchmark: the uncached-formula scan (``census_formulas.uncached_formulas``) over sheets of 16–128 MiB that hold
one long run without a cell, against the baseline of inflating the same member (zlib, measured in the same run).

Before the fix the scan carried the whole run from chunk to chunk (16/32/64/128 MiB: 0.36/0.98/4.6/20.5 s, time
growing with the square of the size); the ratio printed here must stay flat as the size doubles.

Run: .venv/bin/python bench/bench_formula_scan.py
"""

from __future__ import annotations

import tempfile
import time
import zipfile
from pathlib import Path

from eduplan.ingest.census_formulas import uncached_formulas

MIB = 1 << 20
MEMBER = "xl/worksheets/sheet1.xml"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'size':>8} {'inflate s':>10} {'scan s':>8} {'scan/inflate':>13}")
        for size in (16, 32, 64, 128):
            path = Path(folder) / f"s{size}.xlsx"
            body = b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>' + b" " * (size * MIB) + b"</sheetData>"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
                archive.writestr(MEMBER, body)
            del body
            start = time.perf_counter()
            with zipfile.ZipFile(path) as archive, archive.open(MEMBER) as stream:
                while stream.read(MIB):
                    pass
            inflate = time.perf_counter() - start
            start = time.perf_counter()
            found = list(uncached_formulas(str(path), MEMBER))
            scan = time.perf_counter() - start
            assert found == []
            print(f"{size:>5}MiB {inflate:>10.2f} {scan:>8.2f} {scan / inflate:>13.2f}")


if __name__ == "__main__":
    main()
