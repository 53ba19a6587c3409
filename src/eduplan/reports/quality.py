"""The learning-quality report (学业质量) and the monthly 控辍保学 report, from the JSON the pages show.

Every number is copied from the result (``store.quality.quality_result``, ``store.attendance.monthly``); the
workbook keeps them unrounded, the PDF shows two decimals. The 控辍保学 report is an aggregate that circulates:
small cells are always suppressed in it (shown as “<5”), and it names no pupil.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib

from eduplan.reports import charts
from eduplan.reports.document import Column, Document, Facts, Figure, Paragraph, Section, Table
from eduplan.reports.fonts import SANS
from eduplan.reports.meta import ReportMeta, cover_facts, school_year

Result = Mapping[str, Any]

SCHOOL_COLUMNS = (
    Column("school_code", "学校代码", "code"),
    Column("name", "学校名称"),
    Column("urban_rural", "城乡分类", "code"),
    Column("benchmark_label", "城区优质学校", "code"),
    Column("students", "参考人数", "int"),
    Column("absent", "缺考", "int"),
    Column("mean", "平均分", "float", 2),
    Column("pass_rate", "合格率（%）", "float", 2),
    Column("excellent_rate", "优秀率（%）", "float", 2),
    Column("gap_rate", "差异率（%）", "float", 2, tone_from="gap_passed"),
    Column("value_added", "增值（分）", "float", 2),
    Column("value_added_flag", "增值判断", "code"),
)
AREA_COLUMNS = (
    Column("code", "代码", "code"),
    Column("name", "名称"),
    Column("students", "参考人数", "int"),
    Column("mean", "平均分", "float", 2),
    Column("pass_rate", "合格率（%）", "float", 2),
    Column("excellent_rate", "优秀率（%）", "float", 2),
)
COMPARISON_COLUMNS = (
    Column("measure", "指标"),
    Column("county", "本县", "float", 2),
    Column("province", "全省", "float", 2),
    Column("nation", "全国", "float", 2),
    Column("province_gap", "与全省差", "float", 2, tone_from="reached_province"),
)


def gap_chart(names: Sequence[str], gaps: Sequence[float], limit: float, title: str) -> bytes:
    """One bar per school: its 差异率, green below the limit, red at or above; the limit dashed."""
    with matplotlib.rc_context({"font.family": [SANS]}):
        fig = charts._figure(charts.BAR_CHART_CM, 1.6 + 0.6 * len(names))
        ax = fig.add_subplot()
        positions = list(range(len(names)))[::-1]
        colours = [charts.PASS_COLOUR if g < limit else charts.FAIL_COLOUR for g in gaps]
        ax.barh(positions, gaps, color=colours, height=0.6)
        ax.axvline(limit, color=charts.LIMIT_COLOUR, linestyle="--", linewidth=1.2)
        for y, g in zip(positions, gaps, strict=True):
            ax.text(max(g, 0.0) + 0.3, y, f"{g:.2f}%", va="center", fontsize=8)
        ax.set_yticks(positions, names)
        ax.set_xlabel("差异率（%），虚线：15%", fontsize=8)
        ax.set_title(title, fontsize=10)
        charts._style(ax)
        return charts._png(fig)


def quality_rows(result: Result) -> list[dict[str, Any]]:
    return [s | {"benchmark_label": "是" if s["benchmark"] else ""} for s in result["schools"]]


def build_quality(result: Result, meta: ReportMeta) -> Document:
    title = f"{result['grade']}年级{result['subject']}学业质量"
    county = result["county"]
    gaps = [s for s in result["schools"] if s["gap_rate"] is not None and s["rural"]]  # the seed's target schools
    blocks: list[Any] = [
        Facts(
            (
                ("考试", str(result["exam"])),
                ("参考学生 / 缺考", f"{county['students']}人 / {county['absent']}人"),
                ("全县平均分", "—" if county["mean"] is None else f"{county['mean']:.2f}"),
                ("合格线 / 优秀线", f"{result['pass_cut']:g} / {result['excellent_cut']:g}（{result['cut_source']}）"),
                (
                    "城区优质学校平均分（基准）",
                    "—" if result["benchmark_mean"] is None else f"{result['benchmark_mean']:.2f}",
                ),
                ("乡镇学校差异率低于15%", f"{result['rural_schools_passed']} / {result['rural_schools_assessed']}所"),
            )
        ),
        Paragraph(f"差异率的定义：{result['gap_definition']}。"),
        *(Paragraph(w, tone="pending") for w in result["warnings"]),
    ]
    if gaps:
        png = gap_chart(
            [s["name"] or s["school_code"] for s in gaps], [s["gap_rate"] for s in gaps], result["gap_limit"], title
        )
        blocks.append(
            Figure("乡镇学校与城区优质学校的差异率", png, caption="绿色：低于15%；红色：未达到；城区学校见学校表")
        )
    sections = (
        Section("概况", tuple(blocks)),
        Section(
            "学校",
            (
                Table(
                    "各校学业水平、差异率与增值",
                    "学校",
                    SCHOOL_COLUMNS,
                    quality_rows(result),
                    note="不足5人的学校不显示成绩。",
                ),
            ),
        ),
        Section("乡镇（街道）", (Table("各乡镇学业水平", "乡镇", AREA_COLUMNS, result["towns"]),)),
        Section(
            "与全省、全国比较",
            (
                Table(
                    "监测报告公布的本县与全省、全国数",
                    "比较",
                    COMPARISON_COLUMNS,
                    result["comparisons"],
                    empty_text="未导入监测结果",
                ),
            ),
        ),
    )
    notes = tuple(f"{r['name']}：{r['notes']}（{r['source']}）" for r in result["rules"])
    return Document(
        title=f"{meta.region_name}{title}报告",
        subtitle=school_year(meta.year),
        issuer=meta.signer,
        cover=cover_facts(meta, ("考试", str(result["exam"]))),
        verdict=None,
        sections=sections,
        notes=notes,
        generated_on=meta.generated_on,
        filename_stem=f"学业质量_{meta.region_code}_{meta.year}_{result['grade']}年级{result['subject']}",
    )


def _cells(row: Mapping[str, Any]) -> dict[str, Any]:
    """A suppressed count (None) prints as “<5”."""
    shown = {k: ("<5" if v is None else v) for k, v in row.items() if k != "by_kind"}
    return shown | {f"kind_{k}": ("<5" if v is None else v) for k, v in row["by_kind"].items()}


def attendance_columns(kinds: Sequence[str]) -> tuple[Column, ...]:
    return (
        Column("code", "代码", "code"),
        Column("name", "名称"),
        Column("open_at_end", "月末未结", "number"),
        Column("new", "本月新增", "number"),
        Column("returned", "本月复学", "number"),
        Column("closed_lawfully", "依法结案", "number"),
        Column("overdue", "有逾期步骤", "number"),
        *(Column(f"kind_{k}", k, "number") for k in kinds),
    )


def build_attendance(report: Result, retention: Result, meta: ReportMeta) -> Document:
    from eduplan.standards.attendance import KINDS

    columns = attendance_columns(KINDS)
    retention_rows = ([retention["county"]] if retention.get("county") else []) + list(retention.get("schools", []))
    retention_columns = (
        Column("code", "代码", "code"),
        Column("span", "学段"),
        Column("now", "现毕业年级人数", "number"),
        Column("entered", "入学时招生数", "number"),
        Column("transfers_out", "转出", "number"),
        Column("rate", "巩固率（%）", "float", 2),
        Column("estimated", "估算", "code"),
    )
    sections = (
        Section(
            "本月汇总",
            (
                Table("全区（县）", "汇总", columns, [_cells(report["total"])]),
                Paragraph("为避免识别到个人，1–4 的数字以“<5”显示。"),
            ),
        ),
        Section("分乡镇（街道）", (Table("各乡镇", "乡镇", columns, [_cells(r) for r in report["towns"]]),)),
        Section("分学校", (Table("各学校", "学校", columns, [_cells(r) for r in report["schools"]]),)),
        Section(
            "案件进展",
            (
                Table(
                    "各步骤的案件数",
                    "进展",
                    (Column("step", "步骤"), Column("cases", "案件数", "int")),
                    report["funnel"],
                ),
            ),
        ),
        Section(
            "巩固率（普查核对）",
            (
                Table("巩固率", "巩固率", retention_columns, retention_rows, empty_text="缺少普查数据"),
                *(Paragraph(m, tone="pending") for m in retention.get("missing", [])),
            ),
        ),
    )
    notes = tuple(f"{r['name']}：{r['notes']}" for r in report["rules"])
    return Document(
        title=f"{meta.region_name}控辍保学月报",
        subtitle=f"{report['month']}（截至 {report['as_of']}）",
        issuer=meta.signer,
        cover=cover_facts(meta, ("月份", str(report["month"]))),
        verdict=None,
        sections=sections,
        notes=notes,
        generated_on=meta.generated_on,
        filename_stem=f"控辍保学月报_{meta.region_code}_{report['month']}",
    )
