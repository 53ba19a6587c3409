"""The county's 学前教育普及普惠 self-assessment, from ``PreschoolResult.as_dict()`` (``eduplan assess preschool --json``).

Values, verdicts and gaps are copied from the result; labels and the comparator words come from the standard.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eduplan.reports.balanced import items_table
from eduplan.reports.document import Column, Document, Facts, Paragraph, Section, Table, Verdict
from eduplan.reports.meta import ReportMeta, cover_facts, school_year, standard_line, standard_notes
from eduplan.standards.base import COMPARATOR_WORDS
from eduplan.standards.registry import get_standard

Result = Mapping[str, Any]


def indicator_table(result: Result) -> Table:
    rows = [
        {
            "name": i["name"],
            "unit": i["unit"],
            "value": i["value"],
            "threshold": f"{COMPARATOR_WORDS.get(i['comparator'], i['comparator'])}{i['threshold']:g}",
            "numerator": i["numerator"],
            "denominator": i["denominator"],
            "passed": i["passed"],
            "gap": f"{i['gap']:g}{i['gap_unit']}" if i["gap"] is not None else "",
        }
        for i in result["indicators"].values()
    ]
    columns = (
        Column("name", "指标"),
        Column("unit", "单位", "code"),
        Column("value", "指标值", "float", 2),
        Column("threshold", "标准", "code"),
        Column("numerator", "分子", "number"),
        Column("denominator", "分母", "number"),
        Column("passed", "结论", "verdict"),
        Column("gap", "达标尚需"),
    )
    return Table("普及普惠主要指标", "主要指标", columns, rows)


def kindergarten_table(result: Result) -> Table:
    columns = (
        Column("school_code", "幼儿园代码", "code"),
        Column("name", "幼儿园名称"),
        Column("sponsor", "举办者", "code"),
        Column("inclusive_label", "普惠性", "code"),
        Column("children", "在园幼儿", "int"),
        Column("classes", "班数", "int"),
        Column("teachers", "专任教师", "int"),
        Column("children_per_teacher", "生师比（幼儿/专任教师）", "float", 2),
    )
    rows = [
        {**k, "inclusive_label": {True: "是", False: "否"}.get(k.get("inclusive"), "")} for k in result["kindergartens"]
    ]
    return Table("幼儿园明细", "幼儿园", columns, rows)


def build(result: Result, meta: ReportMeta) -> Document:
    standard = get_standard(str(result["standard"]))
    indicators = list(result["indicators"].values())
    met = sum(bool(i["passed"]) for i in indicators)
    verdict = Verdict(
        result["verdict"],
        result["passed"],
        f"可计算指标{len(indicators)}项中达标{met}项（{'全部达标' if result['computed_passed'] else '未全部达标'}）；"
        f"人工填报项目{len(result['items'])}项。",
    )
    sections = (
        Section(
            "评估概况",
            (
                Paragraph(
                    f"依据{standard_line(standard)}，对{meta.region_name}{school_year(meta.year)}学前教育普及普惠情况进行自评。"
                ),
                Facts(
                    (("幼儿园", f"{len(result['kindergartens'])}所"), ("可计算指标达标", f"{met}/{len(indicators)}项"))
                ),
            ),
        ),
        Section("普及普惠主要指标", (indicator_table(result),)),
        Section("人工填报项目", (items_table(result),)),
        Section("幼儿园明细", (kindergarten_table(result),)),
    )
    return Document(
        title=f"{meta.region_name}学前教育普及普惠自评报告",
        subtitle=school_year(meta.year),
        issuer=meta.signer,
        cover=cover_facts(meta, ("评估标准", standard_line(standard))),
        verdict=verdict,
        sections=sections,
        notes=tuple(standard_notes(standard, result)),
        generated_on=meta.generated_on,
        filename_stem=f"学前普及普惠自评_{meta.region_code}_{meta.year}",
    )
