"""The teacher structure and rotation report (PDF and Excel) from ``store.teachers.assess_teachers`` — aggregates
only, groups of fewer than 5 teachers suppressed as on the page; the cover says who exported it and when."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from eduplan.reports.document import Column, Document, Facts, Paragraph, Section, Table, Verdict
from eduplan.reports.meta import ReportMeta, cover_facts, school_year, standard_line
from eduplan.standards.teachers import ROTATION, TITLES, TRAINING

Result = Mapping[str, Any]

ROTATION_COLUMNS = (
    Column("school_code", "学校代码", "code"),
    Column("name", "学校名称"),
    Column("eligible", "符合交流条件", "int"),
    Column("gave", "交流出", "int"),
    Column("received", "交流入", "int"),
)
TRAINING_COLUMNS = (
    Column("school_code", "学校代码", "code"),
    Column("name", "学校名称"),
    Column("teachers", "教师", "int"),
    Column("completed", "已完成360学时", "int"),
    Column("behind", "落后于进度", "int"),
)
TITLE_COLUMNS = (
    Column("group", "学段", "code"),
    *(Column(t, t, "int") for t in TITLES),
    Column("teachers", "合计", "int"),
    Column("senior_share", "高级占比（%）", "float", 1),
    Column("senior_target", "目标（%）", "float", 0),
    Column("own_senior", "区定高级岗位比例（%）", "float", 1, tone_from="senior_within"),
    Column("mid_share", "中级（一级）占比（%）", "float", 1),
    Column("own_mid", "区定中级岗位比例（%）", "float", 1, tone_from="mid_within"),
)
PYRAMID_COLUMNS = (
    Column("group", "区域/学校", "code"),
    Column("band", "年龄段"),
    Column("男", "男", "int"),
    Column("女", "女", "int"),
)
WAVE_COLUMNS = (Column("year", "年份", "code"), Column("retiring", "达到法定退休年龄", "int"))
SUBJECT_WAVE_COLUMNS = (
    Column("stage", "学段", "code"),
    Column("subject", "任教学科", "code"),
    Column("teachers", "现有教师", "int"),
    Column("within_5", "5年内退休", "int"),
    Column("within_10", "10年内退休", "int"),
)
BALANCE_COLUMNS = (
    Column("school_code", "学校代码", "code"),
    Column("name", "学校名称"),
    Column("stage", "学段", "code"),
    Column("teachers", "专任教师", "int"),
    Column("teachers_above_required", "高于规定学历", "int"),
    Column("backbone_teachers", "县级以上骨干", "int"),
    Column("pe_teachers", "体育", "int"),
    Column("music_teachers", "音乐", "int"),
    Column("art_teachers", "美术", "int"),
    Column("senior_title_teachers", "高级职称", "int"),
    Column("mid_title_plus_teachers", "中级及以上职称", "int"),
)
SUPPRESSED = "不足 5 名教师的分组不显示明细（表中为空）。"


def _pct(value: object) -> str:
    return "—" if value is None else f"{float(value):.1f}%"  # type: ignore[arg-type]


def build(result: Result, meta: ReportMeta, exported_by: str, exported_at: datetime) -> Document:
    r, t = result["rotation"], result["training"]
    passed = None if r["share_met"] is None else bool(r["share_met"] and r["backbone_met"])
    detail = (
        f"交流 {r['rotated']} / 符合条件 {r['eligible']} 人（{_pct(r['share'])}，应≥{r['share_min']:g}%）；"
        f"骨干占 {_pct(r['backbone_share'])}（应≥{r['backbone_share_min']:g}%）"
    )
    label = {True: "交流轮岗比例达标", False: "交流轮岗比例未达标", None: "待定"}[passed]
    cover = cover_facts(
        meta,
        ("依据", f"{standard_line(ROTATION)}；{standard_line(TRAINING)}"),
        ("导出人", exported_by or "system"),
        ("导出时间", exported_at.strftime("%Y-%m-%d %H:%M")),
    )
    wave = result["retirements"]
    return Document(
        title=f"{meta.region_name}教师队伍结构与交流轮岗报告",
        subtitle=school_year(meta.year),
        issuer=meta.signer,
        cover=cover,
        verdict=Verdict(label, passed, detail),
        sections=(
            Section(
                "交流轮岗",
                (
                    Facts(
                        (
                            ("符合交流条件", str(r["eligible"])),
                            ("交流轮岗", f"{r['rotated']}（其中符合条件 {r['rotated_eligible']}）"),
                            ("交流比例", _pct(r["share"])),
                            ("骨干占交流人数", _pct(r["backbone_share"])),
                            ("待交流", str(r["due_count"])),
                        )
                    ),
                    Table("各校交流情况", "交流轮岗", ROTATION_COLUMNS, r["schools"]),
                ),
            ),
            Section(
                "继续教育",
                (
                    Facts(
                        (
                            ("周期", f"{t['cycle'][0]}–{t['cycle'][1]}"),
                            ("完成 360 学时", f"{t['completed']} / {t['teachers']}（{_pct(t['completion_rate'])}）"),
                            ("落后于进度", str(t["behind"])),
                        )
                    ),
                    Table("各校完成情况", "继续教育", TRAINING_COLUMNS, t["schools"], note=SUPPRESSED),
                ),
            ),
            Section(
                "结构与退休",
                (
                    Table("职称结构", "职称", TITLE_COLUMNS, result["titles"], note=SUPPRESSED),
                    Table("年龄结构", "年龄", PYRAMID_COLUMNS, result["age_pyramid"], note=SUPPRESSED),
                    Table(
                        "今后十年达到法定退休年龄的教师",
                        "退休",
                        WAVE_COLUMNS,
                        [{**w, "year": str(w["year"])} for w in wave],
                    ),
                    Table(
                        "按学段、任教学科的退休",
                        "学科退休",
                        SUBJECT_WAVE_COLUMNS,
                        result.get("retirements_by_subject", []),
                        note=SUPPRESSED,
                    ),
                    Paragraph(
                        "退休年龄按性别和岗位类别，含 2025 年起渐进式延迟法定退休年龄（节奏为未证实参数，见 docs/teachers.md）。"
                    ),
                ),
            ),
            Section(
                "均衡指标所需教师数（按人统计）",
                (Table("各校教师数", "均衡指标", BALANCE_COLUMNS, result["balance"], note=SUPPRESSED),),
            ),
        ),
        notes=(*ROTATION.notes, *ROTATION.unconfirmed(), *TRAINING.unconfirmed()),
        generated_on=meta.generated_on,
        filename_stem=f"教师队伍_{meta.region_code}_{meta.year}",
    )


def render_teacher_report(region_code: str, year: int, fmt: str, exported_by: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the aggregate teacher report of a region and year, for the web and
    ``eduplan report teachers``; the cover names the exporter and the time. The caller checks the scope."""
    from eduplan.errors import UsageError
    from eduplan.store.regions import get_region
    from eduplan.store.teachers import assess_teachers

    if fmt not in ("pdf", "xlsx"):
        raise UsageError(f"格式应为 pdf 或 xlsx，实际为 {fmt!r}")
    region = get_region(region_code)
    result = assess_teachers(region.code, year, named=False)
    meta = ReportMeta(region.code, region.name, year, f"{year}学年 教师名册 第{result['roster_version']}版")
    doc = build(result, meta, exported_by, datetime.now())
    if fmt == "pdf":
        from eduplan.reports.pdf import render_pdf

        return render_pdf(doc), "application/pdf", f"{doc.filename_stem}.pdf"
    from eduplan.reports.xlsx import render_xlsx

    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return render_xlsx(doc), xlsx, f"{doc.filename_stem}.xlsx"
