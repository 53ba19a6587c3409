"""The yearly 学生体质健康状况 report of a region, from the result ``eduplan assess fitness --json`` prints
(``store.fitness.assess_fitness``): the county figure and its change, the rates per 学段, grade and sex, town and
school (small cells withheld), the item distribution, and the standard's caveats.

Every number is copied from the result: the workbook keeps them unrounded, the PDF shows two decimals.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eduplan.reports import charts
from eduplan.reports.document import Column, Document, Facts, Figure, Paragraph, Section, Table
from eduplan.reports.meta import ReportMeta, cover_facts, school_year

Result = Mapping[str, Any]
ITEM_NAMES = {"bmi": "体重指数（BMI）"}
SEX_NAMES = {"male": "男", "female": "女"}
GRADE_NAMES = {
    1: "一年级", 2: "二年级", 3: "三年级", 4: "四年级", 5: "五年级", 6: "六年级",
    7: "初一", 8: "初二", 9: "初三", 10: "高一", 11: "高二", 12: "高三",
}  # fmt: skip
RATE_COLUMNS = (
    Column("students", "学生数", "int"),
    Column("exempt", "免测/缓测", "int"),
    Column("scored", "计分人数", "int"),
    Column("pass_rate", "合格率（%）", "float", 2),
    Column("good_rate", "优良率（%）", "float", 2),
    Column("excellent_rate", "优秀率（%）", "float", 2),
    Column("obese_rate", "肥胖率（%）", "float", 2),
    Column("overweight_rate", "超重率（%）", "float", 2),
    Column("underweight_rate", "低体重率（%）", "float", 2),
    Column("myopia_rate", "近视率（%）", "float", 2),
    Column("note", "说明"),
)
INTERVAL_COLUMNS = (
    Column("pass_low", "合格率95%区间下限", "float", 2),
    Column("pass_high", "合格率95%区间上限", "float", 2),
)


def _row(row: Mapping[str, Any], **keys: Any) -> dict[str, Any]:
    out = {**keys, **row}
    out["note"] = "不足 5 人，比率不公布" if row.get("suppressed") else ""
    interval = row.get("pass_interval")
    out["pass_low"], out["pass_high"] = (interval or (None, None))[:2]
    return out


def _item_rows(result: Result) -> list[dict[str, Any]]:
    from eduplan.standards import fitness as fs

    names = {**ITEM_NAMES, **{k: v.name for k, v in fs.standard().items.items()}}
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for r in result["items"]:
        row = table.setdefault((r["stage"], r["item"]), {"stage": r["stage"], "item": names.get(r["item"], r["item"])})
        row[r["level"]] = r["students"]
    return [table[k] for k in sorted(table)]


def band_counts(county: Mapping[str, Any]) -> dict[str, int]:
    """Students per grade band of the annual total, from the county counts."""
    c = county["counts"]
    return {
        "优秀": c["excellent"],
        "良好": c["good"] - c["excellent"],
        "及格": c["passed"] - c["good"],
        "不及格": county["scored"] - c["passed"],
    }


def build(result: Result, meta: ReportMeta) -> Document:
    county = result["county"]
    previous = result.get("previous")
    facts: list[tuple[str, str]] = [
        ("测试学生", f"{county['students']}人（免测、缓测 {county['exempt']}人，不计分）"),
        ("合格率 / 优良率 / 优秀率", "、".join(_pct(county[k]) for k in ("pass_rate", "good_rate", "excellent_rate"))),
        (
            "肥胖率 / 超重率 / 低体重率",
            "、".join(_pct(county[k]) for k in ("obese_rate", "overweight_rate", "underweight_rate")),
        ),
        ("近视率（筛查）", _pct(county["myopia_rate"])),
    ]
    if previous:
        for key, label in (("pass_rate", "合格率"), ("good_rate", "优良率")):
            if previous.get(key) is not None and county.get(key) is not None:
                facts.append((f"{label}较{previous['year']}学年", f"{county[key] - previous[key]:+.2f} 个百分点"))
    bands = band_counts(county) if not county["suppressed"] else {}
    figure = (
        charts.count_bars(
            list(bands), list(bands.values()), f"{meta.region_name}{school_year(meta.year)}学年总分等级", None
        )
        if bands
        else None
    )
    stage_rows = [_row(r) for r in result["stages"]]
    grade_rows = [
        _row(r, grade_name=GRADE_NAMES.get(r["grade"], r["grade"]), sex_name=SEX_NAMES.get(r["sex"], r["sex"]))
        for r in result["grades"]
    ]
    town_rows = [_row(r) for r in result.get("towns", [])]
    school_rows = [_row(r) for r in result["schools"]]
    standard = result["standard"]
    sections = (
        Section(
            "总体情况",
            (
                Paragraph(
                    f"按{standard['citation']}对{meta.region_name}{school_year(meta.year)}学生体质健康测试成绩评分："
                    "学年总分 = 各单项得分 × 权重之和（标准分）+ 附加分；优秀 ≥ 90.0，良好 80.0–89.9，及格 60.0–79.9，"
                    "不及格 ≤ 59.9。合格率为及格及以上学生占计分学生的比例，优良率为良好及以上的比例。"
                ),
                Facts(tuple(facts)),
                *((Figure("学年总分等级分布", figure, caption="计分学生人数"),) if figure else ()),
            ),
        ),
        Section(
            "分学段", (Table("分学段体质健康状况", "分学段", (Column("stage", "学段"), *RATE_COLUMNS), stage_rows),)
        ),
        Section(
            "分年级、性别",
            (
                Table(
                    "分年级、性别体质健康状况",
                    "分年级性别",
                    (Column("grade_name", "年级"), Column("sex_name", "性别"), *RATE_COLUMNS),
                    grade_rows,
                ),
            ),
        ),
        Section(
            "分乡镇街道",
            (
                Table(
                    "分乡镇街道体质健康状况",
                    "分乡镇",
                    (Column("town_code", "乡镇街道代码", "code"), *RATE_COLUMNS),
                    town_rows,
                    empty_text="无",
                ),
            ),
        ),
        Section(
            "分学校",
            (
                Table(
                    "分学校体质健康状况",
                    "分学校",
                    (
                        Column("school_code", "学校代码", "code"),
                        Column("name", "学校名称"),
                        *RATE_COLUMNS,
                        *INTERVAL_COLUMNS,
                    ),
                    school_rows,
                    note="95%区间为 Wilson 区间：学生少的学校区间宽，排名差异可能只是偶然。",
                ),
            ),
        ),
        Section(
            "单项成绩分布",
            (
                Table(
                    "各单项得分等级人数（优秀 ≥ 90 分，良好 ≥ 80，及格 ≥ 60，不及格 < 60）",
                    "单项分布",
                    (
                        Column("stage", "学段"),
                        Column("item", "项目"),
                        Column("优秀", "优秀", "int"),
                        Column("良好", "良好", "int"),
                        Column("及格", "及格", "int"),
                        Column("不及格", "不及格", "int"),
                    ),
                    _item_rows(result),
                ),
            ),
        ),
    )
    notes = (
        f"依据：{standard['citation']}。",
        *standard["caveats"],
        *(f"未建模：{u}" for u in standard["unmodelled"]),
        f"近视：{result['myopia_definition']}。",
        "不足 5 名计分学生的单元不公布比率。学籍号在导入时已用密钥哈希假名化，报告与系统中均不保存原值和姓名。",
    )
    return Document(
        title=f"{meta.region_name}学生体质健康状况报告",
        subtitle=school_year(meta.year),
        issuer=meta.signer,
        cover=cover_facts(meta),
        verdict=None,
        sections=sections,
        notes=notes,
        generated_on=meta.generated_on,
        filename_stem=f"学生体质健康_{meta.region_code}_{meta.year}",
    )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}%"
