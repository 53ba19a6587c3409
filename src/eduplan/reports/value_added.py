"""The value-added (增值评价) report of a region, grade and subject, from the result ``eduplan assess value-added
--json`` prints (``store.value_added``): the model's estimates, a caterpillar chart and the table of schools.

Every number is copied from the result; the workbook keeps them unrounded, the PDF shows two decimals.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eduplan.reports import charts
from eduplan.reports.document import Column, Document, Facts, Figure, Paragraph, Section, Table
from eduplan.reports.meta import ReportMeta, cover_facts, school_year

Result = Mapping[str, Any]
TONES = {"above": "pass", "below": "fail", "not_distinguishable": ""}

SCHOOL_COLUMNS = (
    Column("rank", "序号", "int"),
    Column("school_code", "学校代码", "code"),
    Column("name", "学校名称"),
    Column("students", "纳入模型学生数", "int"),
    Column("students_without_prior", "缺前测学生数", "int"),
    Column("effect", "增值（分）", "float", 2, tone_from="tone"),
    Column("sd", "标准差", "float", 2),
    Column("lower", "95%区间下限", "float", 2),
    Column("upper", "95%区间上限", "float", 2),
    Column("shrinkage", "收缩系数", "float", 3),
    Column("residual_mean", "收缩前残差均值", "float", 2),
    Column("flag_label", "判断", "code", tone_from="tone"),
)
MODEL_COLUMNS = (
    Column("term", "参数"),
    Column("estimate", "估计值", "float", 4),
    Column("standard_error", "标准误", "float", 4),
)


def title(result: Result) -> str:
    return f"{result['grade']}年级{result['subject']}增值评价"


def school_rows(result: Result) -> list[dict[str, Any]]:
    """The schools, best value-added first (as the CLI's table), each with its rank and colour."""
    ranked = sorted(result["schools"], key=lambda s: -s["effect"])
    return [{**s, "rank": i, "tone": TONES[s["flag"]]} for i, s in enumerate(ranked, start=1)]


def model_rows(result: Result) -> list[dict[str, Any]]:
    names = {"(Intercept)": "截距", "prior": "前测成绩（斜率）"}
    rows: list[dict[str, Any]] = [
        {"term": names.get(k, k), "estimate": v, "standard_error": result["standard_errors"][k]}
        for k, v in result["coefficients"].items()
    ]
    rows.append({"term": "学校间方差 τ²", "estimate": result["tau2"], "standard_error": None})
    rows.append({"term": "学生层方差 σ²", "estimate": result["sigma2"], "standard_error": None})
    rows.append({"term": "REML 准则", "estimate": result["reml_criterion"], "standard_error": None})
    return rows


def build(result: Result, meta: ReportMeta) -> Document:
    rows = school_rows(result)
    above = sum(r["flag"] == "above" for r in rows)
    below = sum(r["flag"] == "below" for r in rows)
    figure = charts.caterpillar(
        [r["name"] or r["school_code"] for r in rows],
        [r["effect"] for r in rows],
        [r["lower"] for r in rows],
        [r["upper"] for r in rows],
        f"{meta.region_name}{school_year(meta.year)}{title(result)}（95%区间）",
    )
    summary = Facts(
        (
            ("纳入模型学生", f"{result['students']}人"),
            ("缺少前测成绩（未纳入）", f"{result['students_without_prior']}人"),
            ("缺考（成绩空白）", f"{result['students_without_score']}人"),
            ("估计增值的学校", f"{len(rows)}所"),
            ("显著高于平均 / 显著低于平均", f"{above}所 / {below}所"),
        )
    )
    unestimated = [{"school_code": code} for code in result["unestimated_schools"]]
    sections = (
        Section(
            "评价概况",
            (
                Paragraph(
                    f"以{result['exam']}为本次成绩、同一批学生上一学年的{result['prior_exam']}为前测成绩，"
                    f"对{meta.region_name}{school_year(meta.year)}{title(result)}进行测算。"
                    "增值是学校对学生进步的净影响：与前测成绩相同的学生相比，本校学生多（少）得的分数。"
                ),
                summary,
                *(Paragraph(w, tone="pending") for w in result["warnings"]),
            ),
        ),
        Section(
            "学校增值",
            (
                Figure(
                    "学校增值及其95%区间",
                    figure,
                    caption="绿色：区间在0以上；红色：区间在0以下；灰色：与平均无显著差异",
                ),
                Table("学校增值估计", "学校增值", SCHOOL_COLUMNS, rows, note="按增值从高到低排列。"),
            ),
        ),
        Section("模型估计", (Table("固定效应与方差成分", "模型估计", MODEL_COLUMNS, model_rows(result)),)),
        Section(
            "未估计增值的学校",
            (
                Table(
                    "没有具有前测成绩学生的学校",
                    "未估计学校",
                    (Column("school_code", "学校代码", "code"),),
                    unestimated,
                    empty_text="无",
                ),
            ),
        ),
    )
    notes = (
        f"模型：{result['model']}。成绩 = 截距 + 斜率 × 前测成绩 + 学校增值 u_j + 学生误差；u_j ~ N(0, τ²)，方差成分按 REML 估计。",
        "学校增值为经验贝叶斯估计（条件众数）：学生少的学校向0收缩更多；95%区间 = 增值 ± 1.96 × 标准差。",
        "区间在0以上（以下）的学校判为显著高于（低于）平均；区间跨0的学校与平均无显著差异，不宜据此排名。",
        "学籍号在导入时已用密钥哈希假名化，报告与系统中均不保存原值。",
    )
    return Document(
        title=f"{meta.region_name}{title(result)}报告",
        subtitle=school_year(meta.year),
        issuer=meta.signer,
        cover=cover_facts(meta, ("本次考试", str(result["exam"])), ("前测考试", str(result["prior_exam"]))),
        verdict=None,
        sections=sections,
        notes=notes,
        generated_on=meta.generated_on,
        filename_stem=f"增值评价_{meta.region_code}_{meta.year}_{result['grade']}年级{result['subject']}",
    )
