"""The county's 义务教育基本均衡 (2012) CV table, from ``BasicBalanceResult.as_dict()`` (``eduplan assess basic --json``).

Values and verdicts are copied from the result; indicator names and units come from the standard.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eduplan.reports.balanced import excluded_table, items_table
from eduplan.reports.document import Column, Document, Paragraph, Section, Table, Verdict
from eduplan.reports.meta import ReportMeta, cover_facts, school_year, standard_line, standard_notes
from eduplan.standards.registry import get_standard

Result = Mapping[str, Any]


def cv_table(result: Result) -> Table:
    standard = get_standard(str(result["standard"]))
    stages = list(result["stages"])
    rows: list[dict[str, object]] = []
    for ind in standard.indicators:
        row: dict[str, object] = {"name": ind.name, "unit": ind.unit}
        for stage in stages:
            st = result["stages"][stage]
            row[f"mean:{stage}"] = st["county_mean"].get(ind.key)
            row[f"cv:{stage}"] = st["cv"].get(ind.key)
        rows.append(row)
    for label, key in (("综合差异系数", "composite_cv"), ("上限", "composite_limit")):
        rows.append({"name": label, **{f"cv:{s}": result["stages"][s][key] for s in stages}})
    rows.append({"name": "结论", **{f"verdict:{s}": result["stages"][s]["passed"] for s in stages}})
    columns: list[Column] = [Column("name", "指标"), Column("unit", "单位", "code")]
    for stage in stages:
        columns += [
            Column(f"mean:{stage}", f"{stage}全县平均", "number"),
            Column(f"cv:{stage}", f"{stage}差异系数", "float", 3),
            Column(f"verdict:{stage}", f"{stage}结论", "verdict"),
        ]
    note = "差异系数按学生数加权；综合差异系数为可计算各项的平均值，小学≤0.65、初中≤0.55为达标。"
    return Table("校际差异系数", "差异系数", tuple(columns), rows, note=note)


def school_table(result: Result) -> Table:
    """Each school's eight values, the schools the CVs are computed over (absent from runs kept before they were)."""
    standard = get_standard(str(result["standard"]))
    rows = [
        {"stage": stage, "name": f"{s['name']}（{s['school_code']}）", "students": s["students"], **s["values"]}
        for stage, st in result["stages"].items()
        for s in st.get("school_values", [])
    ]
    columns = (
        Column("stage", "学段", "code"),
        Column("name", "学校"),
        Column("students", "学生数", "int"),
        *(Column(i.key, f"{i.name}（{i.unit}）", "number") for i in standard.indicators),
    )
    note = "各校指标值按学段计算（九年一贯制等学校按学段拆分）；空白为普查中没有的数据。"
    return Table("参评学校各项指标", "学校指标", columns, rows, note=note, empty_text="本存档记录未保存各校指标值。")


def build(result: Result, meta: ReportMeta) -> Document:
    standard = get_standard(str(result["standard"]))
    detail = "；".join(
        f"{stage}综合差异系数 {st['composite_cv']:.3f}（上限 {st['composite_limit']:g}）"
        for stage, st in result["stages"].items()
        if st["composite_cv"] is not None
    )
    return Document(
        title=f"{meta.region_name}义务教育基本均衡差异系数报告",
        subtitle=school_year(meta.year),
        issuer=meta.signer,
        cover=cover_facts(meta, ("评估标准", standard_line(standard))),
        verdict=Verdict(result["verdict"], result["passed"], detail),
        sections=(
            Section(
                "评估概况",
                (
                    Paragraph(
                        f"依据{standard_line(standard)}，计算{meta.region_name}{school_year(meta.year)}"
                        "义务教育学校校际差异系数。"
                    ),
                ),
            ),
            Section("校际差异系数", (cv_table(result),)),
            Section("参评学校各项指标", (school_table(result),)),
            Section("人工填报项目", (items_table(result),)),
            Section("未参加评估的学校", (excluded_table(result),)),
        ),
        notes=(*standard_notes(standard, result), *map(str, result.get("notes", []))),
        generated_on=meta.generated_on,
        filename_stem=f"基本均衡差异系数_{meta.region_code}_{meta.year}",
    )
