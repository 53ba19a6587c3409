"""The 投入测算 report (PDF and workbook) of one investment scenario, from the stored plan (``InvestmentPlan.as_dict()``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eduplan.reports.document import Column, Document, Facts, Paragraph, Section, Table, Verdict
from eduplan.reports.meta import ReportMeta, cover_facts, school_year, standard_line
from eduplan.standards.investment import DEFAULT_UNIT_COSTS, INVESTMENT_SOURCES, RESOURCES
from eduplan.standards.quality_balance import STANDARD

Result = Mapping[str, Any]
STATUS_WORDS = {
    "optimal": "已证明最优",
    "time_limit": "达到时限（给出当前最好方案与差距）",
    "cancelled": "已取消（给出取消时的最好方案与差距）",
    "infeasible": "无可行方案",
}
INDICATOR_NAMES = {i.key: i.name for i in STANDARD.indicators}
RESOURCE_NAMES = {r.key: (r.name, r.unit) for r in RESOURCES}

PART_COLUMNS = (
    Column("school_code", "学校代码", "code"),
    Column("name", "学校名称"),
    Column("stage", "学段"),
    Column("students", "在校生", "int"),
    Column("what", "投入内容", keep_between="；"),
    Column("cost", "投入（万元）", "float", 2),
    Column("before", "测算前", "verdict", tone_from="passed_before"),
    Column("after", "测算后", "verdict", tone_from="passed_after"),
    Column("exempt", "低于标准（≥85%）的一项"),
)
CV_COLUMNS = (
    Column("stage", "学段"),
    Column("indicator", "指标"),
    Column("before", "测算前差异系数", "float", 3),
    Column("after", "测算后差异系数", "float", 3),
    Column("limit", "上限", "float", 2),
    Column("verdict", "测算后", "verdict", tone_from="passed"),
)
RESOURCE_COLUMNS = (
    Column("resource", "投入项目"),
    Column("amount", "数量", "float", 2),
    Column("unit", "单位"),
    Column("cost", "投入（万元）", "float", 2),
)
COST_COLUMNS = (
    Column("name", "单价项目"),
    Column("unit", "计量单位"),
    Column("value", "单价（万元）", "float", 4),
    Column("status", "依据等级", "code"),
    Column("notes", "说明"),
)


def additions_text(additions: Mapping[str, float]) -> str:
    return "；".join(f"{RESOURCE_NAMES[k][0]} {v:g} {RESOURCE_NAMES[k][1]}" for k, v in additions.items())


def part_rows(result: Result) -> list[dict[str, Any]]:
    return [
        {
            **p,
            "what": additions_text(p["additions"]),
            "before": p["passed_before"],
            "after": p["passed_after"],
            "exempt": INDICATOR_NAMES.get(p["exempt"] or "", ""),
        }
        for p in result["parts"]
    ]


def cv_rows(result: Result) -> list[dict[str, Any]]:
    rows = []
    for st in result["stages"]:
        for key, after in st["cv_after"].items():
            rows.append(
                {
                    "stage": st["stage"],
                    "indicator": INDICATOR_NAMES[key],
                    "before": st["cv_before"][key],
                    "after": after,
                    "limit": st["cv_limit"],
                    "verdict": st["cv_passed_after"][key],
                    "passed": st["cv_passed_after"][key],
                }
            )
    return rows


def resource_rows(result: Result) -> list[dict[str, Any]]:
    totals: dict[str, float] = {}
    for p in result["parts"]:
        for key, amount in p["additions"].items():
            totals[key] = totals.get(key, 0.0) + float(amount)
    costs = result["unit_costs"]
    rows = []
    for r in RESOURCES:
        if r.key in totals:
            per_unit = sum(
                costs[k] * (result["staff_years"] if u.recurring else 1)
                for k in r.costs
                for u in DEFAULT_UNIT_COSTS
                if u.key == k
            )
            rows.append({"resource": r.name, "amount": totals[r.key], "unit": r.unit, "cost": totals[r.key] * per_unit})
    return rows


def build(result: Result, meta: ReportMeta) -> Document:
    passed_after = sum(1 for p in result["parts"] if p["passed_after"])
    total = len(result["parts"]) or sum(int(s["parts_total"]) for s in result["stages"])
    cvs = cv_rows(result)
    cv_ok = sum(1 for r in cvs if r["passed"])
    feasible = result["cost"] is not None
    detail = (
        f"总投入 {result['cost']:.2f} 万元；测算后达标学校 {passed_after}/{total} 所；差异系数达标 {cv_ok}/{len(cvs)} 项"
        if feasible
        else "在登记的条件下没有可行方案"
    )
    everything = feasible and passed_after == total and cv_ok == len(cvs)
    gap = result.get("gap")
    facts = (
        ("测算方案", str(result.get("name", result["variant"]))),
        ("预算（万元）", "—" if result.get("budget") is None else f"{result['budget']:.2f}"),
        ("求解结果", STATUS_WORDS.get(str(result["status"]), str(result["status"]))),
        ("最优性差距", "—" if gap is None else f"{100 * float(gap):.3f}%"),
        ("求解用时（秒）", f"{float(result['seconds']):.1f}"),
        ("人员经费计算年数", str(result["staff_years"])),
    )
    costs = [{**u.as_dict(), "value": result["unit_costs"].get(u.key, u.value)} for u in DEFAULT_UNIT_COSTS]
    return Document(
        title=f"{meta.region_name}义务教育优质均衡投入测算报告",
        subtitle=school_year(meta.year),
        issuer=meta.signer,
        cover=cover_facts(meta, ("依据标准", standard_line(STANDARD))),
        verdict=Verdict("测算后全部达标" if everything else "测算后仍有未达标", everything, detail),
        sections=(
            Section("测算概要", (Facts(facts), Paragraph(detail))),
            Section("各学段差异系数（测算前后）", (Table("各学段差异系数", "差异系数", CV_COLUMNS, cvs),)),
            Section("按投入项目汇总", (Table("按投入项目汇总", "投入项目", RESOURCE_COLUMNS, resource_rows(result)),)),
            Section(
                "各校投入",
                (Table("各校投入", "各校投入", PART_COLUMNS, [r for r in part_rows(result) if r["additions"]]),),
            ),
            Section("单价", (Table("单价", "单价", COST_COLUMNS, costs),)),
        ),
        notes=(
            "测算模型：每所学校至少6项指标达标、余项不低于85%；每项指标学生加权差异系数不超过上限（二阶锥约束，精确求解）；"
            "一名高于规定学历的体育、艺术教师同时计入两项指标。",
            "方案由评估程序本身复核：把投入加到普查数据上重新评估，结果即本报告“测算后”各列。",
            "单价多为假设值，须由教育局按本地实际填写；来源：" + "；".join(INVESTMENT_SOURCES.values()),
            *(str(n) for n in result.get("notes", [])),
        ),
        generated_on=meta.generated_on,
        filename_stem=f"投入测算_{meta.region_code}_{meta.year}",
    )


def document(payload: dict[str, Any], run_label: str) -> Document:
    """A kept scenario's payload (``store.investment``) as the 投入测算 report; the CLI and the page share it."""
    from eduplan.store.regions import get_region

    region = get_region(str(payload["region"]))
    meta = ReportMeta(
        region.code,
        region.name,
        int(str(payload["year"])),
        f"{payload['year']}学年普查 第{payload['census_version']}版",
        run=run_label,
    )
    return build(payload, meta)
