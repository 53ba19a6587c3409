"""积分入学 reports from a stored run's JSON (``store.admission``): the per-school results notice and the district
summary, each as PDF and workbook. Every number is copied from the run's result; nothing is recomputed here.

Cells with fewer than 5 applicants admitted by 志愿 do not show their lowest points (small-cell rule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from eduplan.reports.document import Column, Document, Facts, Paragraph, Section, Table
from eduplan.reports.pdf import render_pdf
from eduplan.reports.xlsx import render_xlsx

SMALL = 5
SCHOOL_COLUMNS = (
    Column("school_code", "学校标识码", "code"),
    Column("name", "学校名称"),
    Column("grade", "年级", "int"),
    Column("area", "片区"),
    Column("kind", "类型"),
    Column("seats", "学位", "int"),
    Column("filled", "录取", "int"),
    Column("by_choice", "按志愿录取", "int"),
    Column("by_draw", "滑档/补录", "int"),
    Column("left", "剩余学位", "int"),
    Column("lowest_points", "最低录取积分", "number"),
    Column("turned_away", "志愿已满未录取", "int"),
)
HOW_COLUMNS = (Column("how", "结果"), Column("count", "人数", "int"))
PLAN_COLUMNS = (
    Column("name", "规划指标"),
    Column("definition", "口径"),
    Column("baseline", "基期值（%）", "number"),
    Column("target_year", "目标年", "code"),
    Column("target", "目标值（%）", "number"),
    Column("run_share", "本次（%）", "number"),
    Column("run_share_with_enrolled", "含在校（%）", "number"),
)


def school_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for s in result["schools"]:
        row = dict(s)
        if 0 < s["by_choice"] < SMALL:
            row["lowest_points"] = None  # shown as — : fewer than 5 admitted
        rows.append(row)
    return rows


def _cover(result: Mapping[str, Any], region_name: str, year: int) -> tuple[tuple[str, str], ...]:
    return (
        ("区域", region_name),
        ("年度", str(year)),
        ("规则", str(result["policy"])),
        ("积分细则", f"{result['rubric']['id']} v{result['rubric']['version']}"),
        ("随机种子", str(result["seed"])),
        ("输入指纹", str(result["fingerprint"])[:16]),
    )


def notice(result: Mapping[str, Any], region_name: str, year: int, today: dt.date) -> Document:
    """各校录取结果通知: per school seats, admitted, lowest admitted points, turned away."""
    table = Table("各校积分入学录取结果", "各校结果", SCHOOL_COLUMNS, school_rows(result),
                  note=f"最低录取积分只计按志愿录取者，不含滑档、补录；按志愿录取不足 {SMALL} 人的学校不公布最低积分。")  # fmt: skip
    notes = tuple(result.get("unconfirmed", ()))
    return Document(
        title=f"{region_name}{year}年来穗人员随迁子女积分入学录取结果",
        subtitle="各校录取结果通知",
        issuer=f"{region_name}教育局",
        cover=_cover(result, region_name, year),
        verdict=None,
        sections=(Section("各校结果", (table,)),),
        notes=notes,
        generated_on=today,
        filename_stem=f"积分入学各校结果_{year}",
    )


def summary(result: Mapping[str, Any], region_name: str, year: int, today: dt.date) -> Document:
    """全区汇总: applicants, placed in public and purchased seats, the shares the plans set targets on."""
    d = result["district"]
    facts = [
        ("申请人数", f"{d['applicants']}"),
        ("符合条件", f"{d['eligible']}"),
        ("录取（公办）", f"{d['placed_public']}"),
        ("录取（政府购买民办学位）", f"{d['placed_purchased']}"),
        ("公办学位占比（本次申请）", f"{d['share_public']}%"),
        ("公办+购买学位占比（本次申请）", f"{d['share_public_purchased']}%"),
        ("购买学位补贴（元/年）", f"{d['purchased_subsidy_yuan']}"),
        ("学位总数 / 剩余", f"{d['seats']} / {d['seats_left']}"),
    ]
    if "share_public_with_enrolled" in d:
        facts.append(("含在校随迁子女：公办占比", f"{d['share_public_with_enrolled']}%"))
        facts.append(("含在校随迁子女：公办+购买占比", f"{d['share_public_purchased_with_enrolled']}%"))
    how = [{"how": k, "count": v} for k, v in d["by_how"].items()]
    blocks = (
        Facts(tuple(facts)),
        Table("录取方式", "录取方式", HOW_COLUMNS, how),
        Table(
            "规划指标",
            "规划指标",
            PLAN_COLUMNS,
            result.get("plan_indicators", []),
            empty_text="本区规划中没有随迁子女就读比例指标",
        ),
        Paragraph("本次占比只计本年度申请人；含在校随迁子女的占比把上一次普查的在校随迁子女计入分子和分母。"),
    )
    return Document(
        title=f"{region_name}{year}年积分入学全区汇总",
        subtitle="随迁子女公办（含购买）学位",
        issuer=f"{region_name}教育局",
        cover=_cover(result, region_name, year),
        verdict=None,
        sections=(
            Section("全区汇总", blocks),
            Section("各校结果", (Table("各校结果", "各校结果", SCHOOL_COLUMNS, school_rows(result)),)),
        ),
        notes=tuple(result.get("unconfirmed", ())),
        generated_on=today,
        filename_stem=f"积分入学全区汇总_{year}",
    )


BUILDERS = {"notice": notice, "summary": summary}


def render(kind: str, fmt: str, result: Mapping[str, Any], region_name: str, year: int, today: dt.date) -> bytes:
    doc = BUILDERS[kind](result, region_name, year, today)
    return render_pdf(doc) if fmt == "pdf" else render_xlsx(doc)
