"""Speed of reading a plan PDF: a 100-page text PDF read and parsed (target ≤ 15 s on 2 cores).

    PYTHONPATH=src .venv/bin/python bench/bench_plan_pdf.py [--pages 100]

The PDF is printed here by WeasyPrint from the seed plan 001 (its text repeated, with a ruled indicator table every
ten pages, a running header and page numbers), the way an office suite prints a plan. The baseline, measured in the
same run, is parsing the same lines as plain text: the ratio is what reading the PDF costs on top of the parser.
"""

from __future__ import annotations

import argparse
import html
import os
import resource
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
TARGET_SECONDS = 15.0

STYLE = """
@page { size: A4; margin: 25mm 20mm;
  @top-center { content: "某某市人民政府办公室文件"; font-size: 9pt; }
  @bottom-center { content: "- " counter(page) " -"; font-size: 9pt; } }
body { font-family: "Noto Serif CJK SC"; font-size: 12pt; line-height: 1.6; }
table { border-collapse: collapse; width: 100%; } td { border: 1px solid black; padding: 2pt 4pt; font-size: 10pt; }
"""


def _table(number: int) -> str:
    rows = "".join(
        f"<tr><td>{i}</td><td>指标{number}-{i}（%）</td><td>{80 + i}.5</td><td>≥{90 + i}</td><td>预期性</td></tr>"
        for i in range(1, 8)
    )
    return f"<p>表{number} 主要指标</p><table><tr><td>序号</td><td>指标</td><td>2020年</td><td>2025年</td><td>属性</td></tr>{rows}</table>"


def make_pdf(pages: int, folder: Path) -> Path:
    from weasyprint import HTML

    lines = [line.strip() for line in (SEEDS / "001_2a7c526d3bbe7c3e.txt").read_text(encoding="utf-8").split("\n")]
    paragraphs = [f"<p>{html.escape(line)}</p>" for line in lines if line]
    body, size, tables = [], 0, 0
    # about 1,700 characters fill an A4 page at 12 pt; a table every ten pages
    while size < pages * 1050 * 0.97:
        for paragraph in paragraphs:
            body.append(paragraph)
            size += len(paragraph)
            if size // (1050 * 10) > tables:
                tables += 1
                body.append(_table(tables))
            if size >= pages * 1050 * 0.97:
                break
    path = folder / "plan.pdf"
    document = HTML(string=f"<html><head><style>{STYLE}</style></head><body>{''.join(body)}</body></html>")
    document.render().write_pdf(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    from eduplan.ingest.plans import parse_lines, read_plan_file
    from eduplan.ingest.plans.reading import read_document

    with tempfile.TemporaryDirectory() as folder:
        path = make_pdf(args.pages, Path(folder))
        import pypdfium2 as pdfium

        pages = len(pdfium.PdfDocument(str(path)))
        started, cpu = time.perf_counter(), _cpu()
        ticks: list[int] = []
        result = read_plan_file(path, progress=lambda stage, done, total: ticks.append(done))
        pdf_seconds, pdf_cpu = time.perf_counter() - started, _cpu() - cpu
        lines = read_document(path).lines
        started, cpu = time.perf_counter(), _cpu()
        parse_lines(lines, "plan.txt")
        text_seconds, text_cpu = time.perf_counter() - started, _cpu() - cpu
    (plan,) = result.documents
    print(f"PDF: {pages} pages, {len(lines)} lines; {len(plan.indicators)} indicators, {len(plan.targets)} targets")
    print(f"progress callbacks: {len(ticks)} (per chunk of pages when two processes read)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work slows the wall clock)")
    print(f"read + parse PDF        {pdf_seconds:7.2f} s wall  {pdf_cpu:7.2f} s CPU (both processes)")
    print(f"parse the same as text  {text_seconds:7.2f} s wall  {text_cpu:7.2f} s CPU   (baseline)")
    print(f"ratio PDF / text        {pdf_seconds / text_seconds:7.1f} wall  {pdf_cpu / text_cpu:7.1f} CPU")
    limit = TARGET_SECONDS * pages / 100
    print(f"target ≤ {limit:.0f} s wall for {pages} pages: {'met' if pdf_seconds <= limit else 'MISSED'}")
    print(
        f"  CPU time ≤ {limit:.0f} s (one idle core would meet the target): {'met' if pdf_cpu <= limit else 'MISSED'}"
    )


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
