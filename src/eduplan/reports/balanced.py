"""The county's 义务教育优质均衡 resource-allocation self-assessment, from the assessment's result dict.

The dict is ``QualityBalanceResult.as_dict()`` — what ``eduplan assess balanced --json`` prints and the web shows.
Nothing here computes an indicator: values, CVs, verdicts and gaps are copied; only labels, units and thresholds
are looked up in the standard the result names.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from eduplan.reports import charts
from eduplan.reports.document import Block, Column, Document, Facts, Figure, Paragraph, Section, Table, Verdict
from eduplan.reports.meta import ReportMeta, cover_facts, school_year, standard_line, standard_notes
from eduplan.standards.base import COMPARATOR_WORDS, Standard
from eduplan.standards.registry import get_standard

Result = Mapping[str, Any]
CV_DECIMALS = 3  # the standard displays three decimals
TARGET_WORDS = {"threshold": "达到标准值", "floor": "达到标准值的85%", "county_mean": "达到县域均值"}
# Header words for the wide school table, where the standard's full wording would not fit.
SHORT_NAMES = {
    "teachers_above_required_per100": "百生高学历教师",
    "backbone_teachers_per100": "百生骨干教师",
    "pe_art_teachers_per100": "百生体艺教师",
    "teaching_aux_area_per_student": "生均教辅用房",
    "sports_area_per_student": "生均体育场馆",
    "equipment_value_per_student": "生均仪器设备值",
    "multimedia_rooms_per100": "百生多媒体教室",
}


def _decimals(unit: str) -> int:
    return 2 if unit == "元" else 3


def _indicator_columns(standard: Standard, stage: str) -> tuple[Column, ...]:
    return tuple(
        Column(
            i.key,
            f"{SHORT_NAMES.get(i.key, i.name)}（{i.unit}，{COMPARATOR_WORDS[i.comparator]}{i.threshold(stage):g}）",
            "float",
            _decimals(i.unit),
            tone_from=f"met:{i.key}",
        )
        for i in standard.indicators
    )


def cv_table(standard: Standard, stage: str, st: Result) -> Table:
    rows = [
        {
            "name": i.name,
            "unit": i.unit,
            "mean": st["county_mean"].get(i.key),
            "sd": st["sd"].get(i.key),
            "cv": st["cv"].get(i.key),
            "limit": st["cv_threshold"],
            "passed": st["cv_passed"].get(i.key),
        }
        for i in standard.indicators
    ]
    columns = (
        Column("name", "指标"),
        Column("unit", "单位"),
        Column("mean", "县域均值", "float", 3),
        Column("sd", "标准差", "float", 3),
        Column("cv", "差异系数", "float", CV_DECIMALS),
        Column("limit", "上限", "float", 2),
        Column("passed", "结论", "verdict"),
    )
    composite = st.get("composite_cv")
    note = (
        f"七项差异系数的平均值（综合差异系数，仅供参考）：{composite:.{CV_DECIMALS}f}" if composite is not None else ""
    )
    return Table(f"{stage}校际差异系数", f"{stage}差异系数", columns, rows, note=note)


def school_table(standard: Standard, stage: str, st: Result) -> Table:
    rows = []
    for s in st["schools"]:
        row: dict[str, object] = {
            "school_code": s["school_code"],
            "name": s["name"] + ("（拆分）" if s["apportioned"] else ""),
            "students": s["students"],
            "met": s["met"],
            "passed": s["passed"],
        }
        for i in standard.indicators:
            row[i.key] = s["values"].get(i.key)
            ratio = s["ratios"].get(i.key)
            row[f"met:{i.key}"] = None if ratio is None else ratio >= 1
        rows.append(row)
    columns = (
        Column("school_code", "学校代码", "code"),
        Column("name", "学校名称", "code"),
        Column("students", "在校生", "int"),
        *_indicator_columns(standard, stage),
        Column("met", "达标项数", "int"),
        Column("passed", "结论", "verdict"),
    )
    note = "红色为未达到标准值的指标。学校达标：至少6项达到标准值，其余项不低于标准值的85%。"
    return Table(f"{stage}学校指标达标情况", f"{stage}学校", columns, rows, note=note)


def school_detail_table(standard: Standard, stages: Mapping[str, Result]) -> Table:
    """One row per school and indicator (value, threshold, ratio, met) — the workbook's long form."""
    rows = [
        {
            "stage": stage,
            "school_code": s["school_code"],
            "name": s["name"],
            "indicator": i.name,
            "unit": i.unit,
            "value": s["values"].get(i.key),
            "threshold": i.threshold(stage),
            "ratio": s["ratios"].get(i.key),
            "met": None if s["ratios"].get(i.key) is None else s["ratios"][i.key] >= 1,
        }
        for stage, st in stages.items()
        for s in st["schools"]
        for i in standard.indicators
    ]
    columns = (
        Column("stage", "学段", "code"),
        Column("school_code", "学校代码", "code"),
        Column("name", "学校名称"),
        Column("indicator", "指标"),
        Column("unit", "单位"),
        Column("value", "指标值", "float", 3),
        Column("threshold", "标准值", "float", 2),
        Column("ratio", "达标比例", "percent", 1),
        Column("met", "是否达标", "verdict"),
    )
    return Table("学校指标明细", "学校指标明细", columns, rows, in_pdf=False)


def gap_table(standard: Standard, stages: Mapping[str, Result]) -> Table:
    rows = [
        {
            "stage": stage,
            "school_code": s["school_code"],
            "name": s["name"],
            "met": s["met"],
            "indicator": standard.indicator(a["indicator"]).name,
            "before": a["value_before"],
            "amount": a["amount"],
            "unit": a["unit"],
            "after": a["value_after"],
            "target": TARGET_WORDS.get(a["target"], a["target"]),
        }
        for stage, st in stages.items()
        for s in st["schools"]
        if not s["passed"]
        for a in s["gap"]
    ]
    columns = (
        Column("stage", "学段", "code"),
        Column("school_code", "学校代码", "code"),
        Column("name", "学校名称"),
        Column("met", "达标项数", "int"),
        Column("indicator", "需补足的指标"),
        Column("before", "现值", "float", 3),
        Column("amount", "需增加", "float", 2),
        Column("unit", "单位"),
        Column("after", "增加后", "float", 3),
        Column("target", "目标"),
    )
    note = (
        "每所学校列出使其达标的最小增量组合（按各项增量占标准值的比例之和最小选取，人、间取整，㎡取整，万元取0.01）。"
    )
    return Table("未达标学校及达标差距（明细）", "达标差距", columns, rows, note=note, in_pdf=False)


def _addition_text(standard: Standard, a: Mapping[str, Any]) -> str:
    return f"{SHORT_NAMES.get(a['indicator'], standard.indicator(a['indicator']).name)} +{a['amount']:g}{a['unit']}"


def gap_summary_table(standard: Standard, stages: Mapping[str, Result]) -> Table:
    """One line per failing school: the additions that make it pass (the workbook has them one per row)."""
    rows = [
        {
            "stage": stage,
            "school_code": s["school_code"],
            "name": s["name"],
            "met": s["met"],
            "additions": "；".join(_addition_text(standard, a) for a in s["gap"]),
        }
        for stage, st in stages.items()
        for s in st["schools"]
        if not s["passed"]
    ]
    columns = (
        Column("stage", "学段", "code"),
        Column("school_code", "学校代码", "code"),
        Column("name", "学校名称", "code"),
        Column("met", "达标项数", "int"),
        Column("additions", "达标所需的最小增量", keep_between="；"),
    )
    note = (
        "增量使学校达到“至少6项达到标准值、其余项不低于85%”：按各项增量占标准值的比例之和最小选取，"
        "人、间取整，㎡取整，万元取0.01。现值、增加后的值和目标见工作簿“达标差距”表。"
    )
    return Table("未达标学校及达标差距", "未达标学校", columns, rows, note=note, empty_text="所有参评学校均已达标。")


def cv_gap_table(standard: Standard, stages: Mapping[str, Result]) -> Table:
    names = {s["school_code"]: s["name"] for st in stages.values() for s in st["schools"]}
    rows = [
        {
            "stage": stage,
            "indicator": standard.indicator(g["indicator"]).name,
            "cv": g["cv"],
            "limit": g["threshold"],
            "school": f"{names.get(lv['school_code'], '')}（{lv['school_code']}）",
            "value": lv["value"],
            "target": lv["target"],
            "target_kind": TARGET_WORDS.get(lv["target_kind"], lv["target_kind"]),
            "addition": lv["addition"],
            "unit": lv["unit"],
            "cv_after": lv["cv_after"],
        }
        for stage, st in stages.items()
        for g in st["cv_gaps"]
        for lv in g["levers"]
    ]
    columns = (
        Column("stage", "学段", "code"),
        Column("indicator", "指标"),
        Column("cv", "差异系数", "float", CV_DECIMALS),
        Column("limit", "上限", "float", 2),
        Column("school", "学校"),
        Column("value", "现值", "float", 3),
        Column("target", "目标值", "float", 3),
        Column("target_kind", "目标"),
        Column("addition", "需增加", "float", 2),
        Column("unit", "单位"),
        Column("cv_after", "单独调整后差异系数", "float", CV_DECIMALS),
    )
    note = "对每项超限的差异系数，列出单独调整后使差异系数下降最多的学校（最多5所）。"
    return Table(
        "差异系数超限指标的改进途径", "差异系数改进", columns, rows, note=note, empty_text="各项差异系数均未超限。"
    )


def items_table(result: Result, title: str = "人工填报项目") -> Table:
    """The hand-recorded items with their status; beside an item the census can check, what the check found
    (a hint only: the status is what a person recorded)."""
    rows = [
        {
            "dimension": i["dimension"],
            "name": i["name"],
            "veto": "是" if i["veto"] else "",
            "status": i["status_label"],
            "value": i["value"],
            "evidence": i["evidence"],
            "met": {"met": True, "not_met": False}.get(i["status"]),
            "census": (i.get("census_check") or {}).get("detail", ""),
            "census_met": (i.get("census_check") or {}).get("met"),
        }
        for i in result["items"]
    ]
    columns = (
        Column("dimension", "评估内容", "code"),
        Column("name", "项目"),
        Column("veto", "一票否决", "code"),
        Column("status", "状态", "code", tone_from="met"),
        Column("value", "填报值", "float", 1),
        Column("evidence", "佐证材料"),
        Column("census", "普查数据核对（参考）", tone_from="census_met"),
    )
    note = "普查数据核对只供填报时参考，项目状态以人工填报为准；核对未通过的学校见工作簿“普查核对学校”表。"
    has_checks = any(r["census"] for r in rows)
    return Table(title, "人工填报项目", columns if has_checks else columns[:-1], rows, note=note if has_checks else "")


def census_check_table(result: Result) -> Table:
    """The schools each census check of a hand-recorded item flags (workbook only)."""
    names = {s["school_code"]: s["name"] for st in result["stages"].values() for s in st["schools"]}
    names.update({s["school_code"]: s["name"] for s in result["excluded"]})
    rows = [
        {"item": i["name"], "school_code": code, "name": names.get(code, "")}
        for i in result["items"]
        if i.get("census_check")
        for code in i["census_check"]["schools"]
    ]
    columns = (Column("item", "项目"), Column("school_code", "学校代码", "code"), Column("name", "学校名称"))
    return Table("普查核对未通过的学校", "普查核对学校", columns, rows, in_pdf=False)


def excluded_table(result: Result) -> Table:
    columns = (
        Column("school_code", "学校代码", "code"),
        Column("name", "学校名称"),
        Column("school_type", "办学类型"),
        Column("stage", "学段", "code"),
        Column("students", "在校生", "int"),
        Column("reason", "原因"),
    )
    return Table("不参加评估的学校", "不参评学校", columns, result["excluded"], empty_text="无。")


def _stage_counts(st: Result) -> str:
    cv_ok = sum(bool(v) for v in st["cv_passed"].values())
    return (
        f"{len(st['cv_passed'])}项差异系数中{cv_ok}项不超过{st['cv_threshold']:.2f}；"
        f"参评学校{st['schools_total']}所，达标{st['schools_passed']}所"
    )


def _stage_summary(stage: str, st: Result) -> str:
    return f"{stage}：{_stage_counts(st)}"


def verdict(result: Result) -> Verdict:
    stages: Mapping[str, Result] = result["stages"]
    items = result["items"]
    counts = {label: sum(i["status_label"] == label for i in items) for label in ("达到", "未达到", "待记录")}
    detail = "；".join(
        [
            f"资源配置{'达标' if result['resource_passed'] else '未达标'}（"
            + "；".join(_stage_summary(k, v) for k, v in stages.items())
            + "）",
            f"人工填报项目{len(items)}项：达到{counts['达到']}项，未达到{counts['未达到']}项，待记录{counts['待记录']}项",
        ]
    )
    return Verdict(result["verdict"], result["passed"], detail + "。")


def stage_section(standard: Standard, stage: str, st: Result) -> Section:
    names = [i.name for i in standard.indicators]
    cvs = [st["cv"].get(i.key) for i in standard.indicators]
    by_met = [sum(s["met"] == n for s in st["schools"]) for n in range(len(names) + 1)]
    blocks: list[Block] = [
        Facts(
            (
                ("参评学校（学段）", f"{st['schools_total']}所"),
                ("达标学校", f"{st['schools_passed']}所"),
                ("差异系数上限", f"{st['cv_threshold']:.2f}（每项分别判定）"),
                ("本学段结论", "达标" if st["passed"] else "未达标"),
            )
        ),
        cv_table(standard, stage, st),
        # Drawn only for the PDF (a workbook never asks for a chart).
        Figure(
            f"{stage}差异系数",
            functools.partial(charts.cv_bars, names, cvs, st["cv_threshold"], f"{stage}各项指标校际差异系数"),
        ),
        Figure(
            f"{stage}学校达标项数分布",
            functools.partial(
                charts.count_bars,
                [f"{n}项" for n in range(len(names) + 1)],
                by_met,
                f"{stage}学校按达标项数分布",
                [n >= standard.rule("school_min_met").value() for n in range(len(names) + 1)],
            ),
            caption="绿色：达标项数满足“至少6项”；是否达标还取决于其余项不低于标准值的85%。",
            width_cm=12,
        ),
        school_table(standard, stage, st),
    ]
    return Section(f"{stage}资源配置", tuple(blocks))


def build(result: Result, meta: ReportMeta) -> Document:
    standard = get_standard(str(result["standard"]))
    stages: Mapping[str, Result] = result["stages"]
    summary = Section(
        "评估概况",
        (
            Paragraph(
                f"依据{standard_line(standard)}，对{meta.region_name}{school_year(meta.year)}义务教育学校资源配置"
                f"进行自评。参评学校按学段分别计算七项指标及其校际差异系数；政府保障程度、教育质量和社会认可度"
                f"由人工填报。"
            ),
            Facts(tuple((stage, _stage_counts(st)) for stage, st in stages.items())),
        ),
    )
    sections = [
        summary,
        *(stage_section(standard, stage, st) for stage, st in stages.items()),
        Section(
            "未达标学校及改进途径",
            (gap_summary_table(standard, stages), gap_table(standard, stages), cv_gap_table(standard, stages)),
        ),
        Section(
            "人工填报项目",
            (items_table(result, "人工填报项目（政府保障程度、教育质量、社会认可度）"), census_check_table(result)),
        ),
        Section("不参加评估的学校", (excluded_table(result),)),
        Section("学校指标明细", (school_detail_table(standard, stages),)),
    ]
    notes = [*map(str, result.get("notes", [])), *standard_notes(standard, result)]
    return Document(
        title=f"{meta.region_name}义务教育优质均衡发展资源配置自评报告",
        subtitle=school_year(meta.year),
        issuer=meta.signer,
        cover=cover_facts(meta, ("评估标准", standard_line(standard))),
        verdict=verdict(result),
        sections=tuple(sections),
        notes=tuple(notes),
        generated_on=meta.generated_on,
        filename_stem=f"优质均衡自评_{meta.region_code}_{meta.year}",
    )
