"""The county's class sizes and school sizes, from ``ClassSizeResult.as_dict()`` (``eduplan assess class-size --json``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eduplan.reports.document import Column, Document, Section, Table, Verdict
from eduplan.reports.meta import ReportMeta, cover_facts, school_year, standard_line, standard_notes
from eduplan.standards.registry import get_standard

Result = Mapping[str, Any]

STAGE_COLUMNS = (
    Column("stage", "学段", "code"),
    Column("classes", "班数", "int"),
    Column("over_standard", "超标准班额班数", "int"),
    Column("over_standard_share", "占比（%）", "float", 1),
    Column("large", "大班额（56人以上）", "int"),
    Column("large_share", "占比（%）", "float", 1),
    Column("super_large", "超大班额（66人以上）", "int"),
    Column("super_large_share", "占比（%）", "float", 1),
    Column("schools_with_large_classes", "有大班额的学校", "int"),
)

SCHOOL_COLUMNS = (
    Column("school_code", "学校代码", "code"),
    Column("name", "学校名称"),
    Column("school_type", "办学类型"),
    Column("students", "在校生", "int"),
    Column("cap", "规模上限", "int"),
    Column("size", "规模", "verdict", tone_from="within_cap"),
    Column("classes", "班数", "int"),
    Column("over_standard", "超标准班额班数", "int"),
    Column("large", "大班额", "int"),
    Column("super_large", "超大班额", "int"),
)


def build(result: Result, meta: ReportMeta) -> Document:
    standard = get_standard(str(result["standard"]))
    stages = list(result["stages"].values())
    schools = [{**s, "size": not s["over_cap"], "within_cap": not s["over_cap"]} for s in result["schools"]]
    flagged = [s for s in schools if s["over_cap"] or s["over_standard"] or s["large"]]
    over_cap = sum(1 for s in schools if s["over_cap"])
    detail = (
        "；".join(f"{st['stage']} 超标准班额 {st['over_standard']}/{st['classes']} 班" for st in stages)
        + f"；规模超上限的学校 {over_cap} 所"
    )
    return Document(
        title=f"{meta.region_name}班额与学校规模报告",
        subtitle=school_year(meta.year),
        issuer=meta.signer,
        cover=cover_facts(meta, ("依据标准", standard_line(standard))),
        verdict=Verdict(result["verdict"], result["passed"], detail),
        sections=(
            Section("各学段班额", (Table("各学段班额", "班额", STAGE_COLUMNS, stages),)),
            Section(
                "超标准班额或超规模的学校",
                (Table("超标准班额或超规模的学校", "问题学校", SCHOOL_COLUMNS, flagged),),
            ),
            Section(
                "学校明细",
                (Table("学校明细", "学校明细", SCHOOL_COLUMNS, schools, in_pdf=False),),
            ),
        ),
        notes=tuple(standard_notes(standard, result)),
        generated_on=meta.generated_on,
        filename_stem=f"班额与学校规模_{meta.region_code}_{meta.year}",
    )
