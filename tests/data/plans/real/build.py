"""Rebuild the corpus files from sources/ the way a bureau makes them (run by hand; tests read the committed files).

    /work/main/.venv/bin/python tests/data/plans/real/build.py            # every file
    /work/main/.venv/bin/python tests/data/plans/real/build.py r05 r09    # some

Word files with python-docx; .doc and PDF printed from them by LibreOffice (``soffice --headless``, Debian's
libreoffice-writer-nogui); spreadsheets with openpyxl; web pages as simple saved HTML; web-copied text one cell
per line. Only needed to rebuild: the built files are committed, so the tests need neither LibreOffice nor this script.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"


def manifest() -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))["documents"]
    return documents


def source_lines(doc_id: str) -> list[str]:
    return [line for line in (SOURCES / f"{doc_id}.txt").read_text(encoding="utf-8").splitlines()]


def table_source(doc_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SOURCES / f"{doc_id}.json").read_text(encoding="utf-8"))
    return data


# ---- Word / PDF -------------------------------------------------------------------------------------------------


def write_docx(path: Path, lines: list[str], title_lines: int = 1, table: list[list[str]] | None = None) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line.strip())
        if index < title_lines:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            run.font.size = Pt(16)
        else:
            paragraph.paragraph_format.first_line_indent = Pt(24)
    if table:
        from docx.enum.section import WD_ORIENT

        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        grid.style = "Table Grid"
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
                for paragraph in grid.cell(r, c).paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(7)
    document.save(str(path))


def soffice(source: Path, target_ext: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{work}/profile",
                "--convert-to",
                target_ext,
                "--outdir",
                work,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.move(str(Path(work) / f"{source.stem}.{target_ext.split(':')[0]}"), out)


def printed(out: Path, lines: list[str], ext: str, table: list[list[str]] | None = None, title_lines: int = 1) -> None:
    with tempfile.TemporaryDirectory() as work:
        docx = Path(work) / f"{out.stem}.docx"
        write_docx(docx, lines, title_lines=title_lines, table=table)
        soffice(docx, ext, out)


# ---- tables of the 差异系数 reports ----------------------------------------------------------------------------


def monitoring_rows(data: dict[str, Any]) -> list[list[str]]:
    """The published layout: area, stage, measure, then one column per indicator."""
    header = ["序号", "市", "县(区)", "学校类别", "指标项目", *data["columns"]]
    rows = [header]
    for number, area in enumerate(data["areas"], start=1):
        for stage, measures in area["stages"].items():
            for measure, values in measures.items():
                cells = list(values)
                cells += [""] * (len(data["columns"]) - len(cells))
                rows.append([str(number), area.get("city", ""), area["area"], stage, measure, *cells])
    return rows


def write_xlsx_table(path: Path, title: str, rows: list[list[str]], numeric: range) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for r, row in enumerate(rows):
        out: list[str | float] = []
        for c, cell in enumerate(row):
            if r > 0 and c in numeric and cell not in ("", "—"):
                out.append(float(cell))
            else:
                out.append(cell)
        sheet.append(out)
    book.save(str(path))


# ---- web pages ---------------------------------------------------------------------------------------------------


def write_html(path: Path, lines: list[str], traditional: bool, titled: bool = True) -> None:
    kept = [line for line in lines if line.strip()]
    title, body = (kept[0], kept[1:]) if titled else ("", kept)
    lang = "zh-Hant" if traditional else "zh-CN"
    paragraphs = "\n".join(f"      <p>{html.escape(line.strip())}</p>" for line in body)
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <title>{html.escape(title)}</title>
</head>
<body>
  <div class="nav"><a href="/">首页</a> &gt; <a href="#">教育</a> &gt; 正文</div>
  <div class="article">
    {f"<h1>{html.escape(title)}</h1>" if title else ""}
    <div class="content">
{paragraphs}
    </div>
  </div>
  <div class="footer">扫一扫在手机打开当前页</div>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")


def web_text_table(data: dict[str, Any]) -> str:
    """A table copied from a web page: every cell on a line of its own, rows one after another."""
    lines = [data["title"], ""]
    for row in monitoring_rows(data):
        lines.extend(cell for cell in row)
    return "\n".join(lines) + "\n"


# ---- the corpus ------------------------------------------------------------------------------------------------

TRADITIONAL = {"r02", "r03", "r17", "r25"}  # pages stored in Traditional characters
UNTITLED = {"r02", "r04", "r27", "r29"}  # the stored copy starts with the body (r29: the notice): no title line

KAILI_COLUMNS = ["序号", "项目名称", "建设性质", "批次", "建筑面积（平方米）", "完成投资（万元）", "建设状态"]
KAILI_ROWS = [
    ["1", "凯里特殊教育学校", "新建", "新增中央投资", "4150", "503", "已完工"],
    ["2", "龙场中学", "校舍改造", "第一批新增中央投资1000亿元农村初中校舍改造", "1120", "133", "已完工"],
    ["3", "舟溪中学", "校舍改造", "第一批新增中央投资1000亿元农村初中校舍改造", "1910", "197", "已完工"],
    [
        "4",
        "翁项九年制义务教育学校",
        "校舍改造",
        "第一批新增中央投资1000亿元农村初中校舍改造",
        "1529.58",
        "158",
        "已完工",
    ],
    ["5", "万潮中学", "校舍改造", "第二批新增中央投资1300亿元农村初中校舍改造", "1949.35", "206", "已完工"],
    ["6", "大风洞正钰中学", "校舍改造", "第二批新增中央投资1300亿元农村初中校舍改造", "2815.91", "289", "已完工"],
    ["7", "鸭塘中学", "校舍改造", "第二批新增中央投资1300亿元农村初中校舍改造", "4119", "429", "已完工"],
    ["", "合计", "", "", "17593.84", "1915", ""],
]


def build(doc: dict[str, Any]) -> None:
    doc_id, fmt, out = doc["id"], doc["format"], HERE / doc["file"]
    if fmt == "web-text" and not (SOURCES / f"{doc_id}.txt").exists():
        out.write_text(web_text_table(table_source(doc_id)), encoding="utf-8")
    elif fmt == "web-text" or fmt == "text":
        out.write_text("\n".join(source_lines(doc_id)) + "\n", encoding="utf-8")
    elif fmt == "text-gbk":
        out.write_bytes(("\r\n".join(source_lines(doc_id)) + "\r\n").encode("gbk"))
    elif fmt == "text-gb18030":
        out.write_bytes(("\r\n".join(source_lines(doc_id)) + "\r\n").encode("gb18030"))
    elif fmt == "html":
        write_html(out, source_lines(doc_id), traditional=doc_id in TRADITIONAL, titled=doc_id not in UNTITLED)
    elif fmt == "docx":
        write_docx(out, source_lines(doc_id), title_lines=0 if doc_id in UNTITLED else 1)
    elif fmt == "doc":
        printed(out, source_lines(doc_id), "doc:MS Word 97", title_lines=0 if doc_id in UNTITLED else 1)
    elif fmt == "pdf" and (SOURCES / f"{doc_id}.json").exists():
        data = table_source(doc_id)
        printed(out, [data["title"]], "pdf", table=monitoring_rows(data))
    elif fmt == "pdf":
        printed(out, source_lines(doc_id), "pdf")
    elif fmt == "xlsx" and doc_id == "r15":
        write_xlsx_table(out, "凯里市新增中央投资教育项目表", [KAILI_COLUMNS, *KAILI_ROWS], numeric=range(4, 6))
    elif fmt == "xlsx":
        data = table_source(doc_id)
        write_xlsx_table(out, data["title"], monitoring_rows(data), numeric=range(5, 5 + len(data["columns"])))
    else:
        raise ValueError(f"{doc_id}: no builder for {fmt}")


def main(ids: list[str]) -> None:
    for doc in manifest():
        if not ids or doc["id"] in ids:
            build(doc)
            print(doc["id"], doc["file"], (HERE / doc["file"]).stat().st_size)


if __name__ == "__main__":
    main(sys.argv[1:])
