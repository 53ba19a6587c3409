"""A small hand-made document: one table that runs over several pages, a chart, a verdict and notes."""

from __future__ import annotations

from datetime import date

from eduplan.reports import charts
from eduplan.reports.document import Column, Document, Facts, Figure, Paragraph, Section, Table, Verdict

COLUMNS = (
    Column("school_code", "学校代码", "code"),
    Column("name", "学校名称"),
    Column("students", "在校生", "int"),
    Column("area", "生均体育场馆（㎡）", "float", 3, tone_from="met"),
    Column("ratio", "达标比例", "percent", 1),
    Column("met", "结论", "verdict"),
)
# 120 rows: school i has 1000 + i pupils and 7600 − 5 i ㎡; area ≥ 7.5 ⟺ 100 ≥ 12.5 i, so schools 0–8 pass.
ROWS = [
    {
        "school_code": f"44180200{i:02d}",
        "name": f"第{i}小学",
        "students": 1000 + i,
        "area": (7600 - 5 * i) / (1000 + i),
        "ratio": (7600 - 5 * i) / (1000 + i) / 7.5,
        "met": (7600 - 5 * i) / (1000 + i) >= 7.5,
    }
    for i in range(120)
]


def small_document() -> Document:
    chart = charts.cv_bars(["生均体育场馆面积", "生均教学仪器设备值"], [0.412, 0.538], 0.5, "差异系数")
    return Document(
        title="测试区义务教育优质均衡发展资源配置自评报告",
        subtitle="2023—2024学年",
        issuer="测试区教育局",
        cover=(("行政区域", "测试区（441899）"), ("数据版本", "2023学年普查 第2版")),
        verdict=Verdict("未通过", False, "生均教学仪器设备值差异系数 0.538 超过 0.50。"),
        sections=(
            Section("评估概况", (Paragraph("依据测试标准进行自评。"), Facts((("参评学校", "120所"),)))),
            Section(
                "学校情况",
                (
                    Table("学校指标", "学校指标", COLUMNS, ROWS, note="红色为未达标。"),
                    Figure("差异系数", chart),
                    Table("空表", "空表", COLUMNS, [], empty_text="无不参评学校。"),
                ),
            ),
            Section("仅工作簿", (Table("明细", "明细", COLUMNS[:2], ROWS[:3], in_pdf=False),)),
        ),
        notes=("未经证实（UNCONFIRMED）差异系数按学生数加权",),
        generated_on=date(2024, 3, 1),
        filename_stem="test",
    )
