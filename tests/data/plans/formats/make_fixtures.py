"""Make the small format fixtures of tests/ingest/test_plan_formats.py (run once; the outputs are committed).

    PYTHONPATH=src /work/main/.venv/bin/python tests/data/plans/formats/make_fixtures.py

The PDF is printed by WeasyPrint from HTML the way a bureau's office suite prints a plan: a running header
and a page number on every page, a ruled indicator table, an unruled project list, and a sentence that
runs across a page break. The scanned PDF is the top of that PDF's first page as a picture (no text layer).
"""

from __future__ import annotations

import io
from pathlib import Path

HERE = Path(__file__).resolve().parent

STYLE = """
@page { size: A4; margin: 25mm 20mm;
  @top-center { content: "某某县人民政府办公室文件"; font-size: 9pt; }
  @bottom-center { content: "- " counter(page) " -"; font-size: 9pt; } }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC"; font-size: 12pt; line-height: 1.6; }
h1 { font-size: 18pt; text-align: center; }
table.ruled { border-collapse: collapse; width: 100%; }
table.ruled td, table.ruled th { border: 1px solid black; padding: 2pt 4pt; font-size: 10pt; }
table.plain { width: 100%; } table.plain td { padding: 2pt 10pt; font-size: 10pt; }
"""

FILLER = "坚持以人民为中心的发展思想，办好人民满意的教育，促进教育公平，提高教育质量，深化教育改革。" * 6

HTML = f"""<html><head><meta charset="utf-8"><style>{STYLE}</style></head><body>
<h1>某某县教育事业发展“十四五”规划</h1>
<p>一、发展目标</p>
<p>到2025年，全县学前三年毛入园率达到95%以上，普惠性幼儿园覆盖率不低于85%，义务教育巩固率保持在99%以上。</p>
<p>主要指标</p>
<table class="ruled">
<tr><th>序号</th><th>指标</th><th>2020年</th><th>2025年</th><th>属性</th></tr>
<tr><td>1</td><td>学前三年毛入园率（%）</td><td>90.2</td><td>≥95</td><td>预期性</td></tr>
<tr><td>2</td><td>义务教育巩固率（%）</td><td>98.6</td><td>≥99</td><td>约束性</td></tr>
<tr><td>3</td><td>高中阶段毛入学率（%）</td><td>91.5</td><td>≥93</td><td>预期性</td></tr>
</table>
<p>二、主要任务</p>
<p>{FILLER}</p>
<p>{FILLER}</p>
<p>{FILLER}</p>
<p>到2025年，新建公办幼儿园三所，新增公办学位两千个，中小学教师本科及以上学历比例提高5个百分点，
全县中小学校舍全部达到省定标准。</p>
<p>附件：学校建设项目计划表</p>
<table class="plain">
<tr><td>序号</td><td>项目名称</td><td>建设类型</td><td>学位</td><td>投资（万元）</td><td>完成时间</td></tr>
<tr><td>1</td><td>城东小学</td><td>新建</td><td>1350</td><td>8600</td><td>2024</td></tr>
<tr><td>2</td><td>实验中学</td><td>改扩建</td><td>900</td><td>4200</td><td>2025</td></tr>
</table>
</body></html>"""


def main() -> None:
    import pypdfium2 as pdfium
    from weasyprint import HTML as Html

    pdf = HTML_PATH
    Html(string=HTML).write_pdf(pdf)
    document = pdfium.PdfDocument(str(pdf))
    image = document[0].render(scale=4).to_pil().convert("L")
    image = image.crop((0, 0, image.width, int(image.height * 0.25)))  # the title and the targets
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=288.0)
    (HERE / "scanned.pdf").write_bytes(buffer.getvalue())
    print(pdf, len(document), "pages")


HTML_PATH = HERE / "text.pdf"

if __name__ == "__main__":
    main()
