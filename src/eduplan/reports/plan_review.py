"""The plan's implementation review (规划实施中期评估), from the plan's tracking dict.

The dict is ``store.plans.plan_detail(plan, today)`` — what ``eduplan plan show ID --json`` prints and the plan pages
show — taken as of the end of the review year. Statuses, projections and project tracking are copied from it;
the report only picks each indicator's latest year up to the review year and adds up project rows into the
progress table's group totals.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from eduplan import contract as c
from eduplan.reports import charts
from eduplan.reports.document import Block, Column, Document, Facts, Figure, Paragraph, Section, Table, Tone, Verdict
from eduplan.reports.meta import ReportMeta, chinese_date

Detail = Mapping[str, Any]
STATUS_TONES: dict[str, Tone] = {"达成": "pass", "正常推进": "pass", "滞后": "pending", "风险": "fail"}
PROJECT_TONES: dict[str, Tone] = {"竣工": "pass", "在建": "", "未开工": "", "延期": "fail"}
TASK_STATUSES = ("已完成", "进行中", "未开始")
NO_DEPARTMENT = "未明确责任部门"
MAX_CHARTS = 12  # trajectories printed; the workbook has every indicator


def latest(item: Mapping[str, Any], year: int) -> Mapping[str, Any] | None:
    """The tracking entry of the latest year with an actual, up to the review year."""
    entries = [t for t in item["track"] if t["year"] <= year]
    return entries[-1] if entries else None


def indicator_rows(items: Sequence[Mapping[str, Any]], year: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for item in items:
        now = latest(item, year)
        status = (now["status"] or f"无法判断（{now['reason']}）") if now else "无实际值"
        target = "" if item["target_value"] is None else f"{item['target_value']:g}"
        rows.append(
            {
                "name": item["name"],
                "stage": item["stage"],
                "unit": item["unit"],
                "baseline_year": item["baseline_year"],
                "baseline": item["baseline_value"],
                "target_year": item["target_year"],
                "target": f"{item['comparator']}{target}",
                "year": now["year"] if now else None,
                "actual": now["actual"] if now else None,
                "expected": now["expected"] if now else None,
                "projected": now["projected"] if now else None,
                "status": status,
                "tone": STATUS_TONES.get(now["status"] or "", "") if now else "",
                "line": item["source"].get("line"),
            }
        )
    return rows


INDICATOR_COLUMNS = (
    Column("name", "指标"),
    Column("stage", "学段", "code"),
    Column("unit", "单位", "code"),
    Column("baseline_year", "基期年", "int"),
    Column("baseline", "基期值", "number"),
    Column("target_year", "目标年", "int"),
    Column("target", "目标值", "code"),
    Column("year", "最新年份", "int"),
    Column("actual", "最新值", "number"),
    Column("expected", "进度线值", "number"),
    Column("projected", "目标年预测", "number"),
    Column("status", "状态", tone_from="tone"),
    Column("line", "原文行", "int"),
)


def project_rows(projects: Sequence[Mapping[str, Any]]) -> list[dict[str, object]]:
    return [
        {
            "name": p["name"],
            "category": p["category"],
            "stage": p["stage"],
            "seats": p["tracking"]["seats_planned"],
            "delivered": p["tracking"]["seats_delivered"],
            "investment": p["tracking"]["investment_planned"],
            "spent": p["tracking"]["investment_spent"],
            "start": p["start_year"],
            "finish": p["finish_year"] if p["finish_year"] is not None else "待定",
            "status": p["tracking"]["status"],
            "tone": PROJECT_TONES.get(p["tracking"]["status"], ""),
            "responsible": p["responsible"],
        }
        for p in projects
    ]


PROJECT_COLUMNS = (
    Column("name", "项目"),
    Column("category", "类别", "code"),
    Column("stage", "学段", "code"),
    Column("seats", "规划学位", "int"),
    Column("delivered", "已交付学位", "int"),
    Column("investment", "规划投资（万元）", "number"),
    Column("spent", "已完成投资（万元）", "number"),
    Column("start", "开工年", "int"),
    Column("finish", "竣工年", "code"),
    Column("status", "状态", "code", tone_from="tone"),
    Column("responsible", "责任单位"),
)


def _share(done: float, planned: float) -> float | None:
    return done / planned if planned else None


def _level(stage: object) -> str:
    return "学前教育" if stage == c.STAGE_PRESCHOOL else "义务教育"


def plan_totals(rollups: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], Mapping[str, Any]]:
    """The plan's own subtotal per (学前/义务教育, category) and total per level ("合计"): the first table that gives
    it (the summary tables come before the project tables). A table about kindergartens (幼儿园, 学前) is 学前."""
    found: dict[tuple[str, str], Mapping[str, Any]] = {}
    for r in rollups:
        if r["stage"] is None:
            level = "学前教育" if any(w in str(r["table"]) for w in ("幼儿园", "学前")) else "义务教育"
            found.setdefault((level, r["category"] or "合计"), r)
    return found


def progress_groups(
    rows: Sequence[Mapping[str, Any]], rollups: Sequence[Mapping[str, Any]] = ()
) -> list[dict[str, object]]:
    """Project rows added up per 学前/义务教育 and category, with a total per group (the plan's own tables split so),
    next to the plan's own totals for the same group."""
    totals = plan_totals(rollups)
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for r in rows:
        level = _level(r["stage"])
        groups.setdefault((level, str(r["category"] or "未分类")), []).append(r)
        groups.setdefault((level, "合计"), []).append(r)
    out = []
    for (level, category), members in sorted(
        groups.items(), key=lambda kv: (kv[0][0] != "义务教育", kv[0][1] == "合计")
    ):
        seats = sum(float(m["seats"] or 0) for m in members)
        delivered = sum(float(m["delivered"] or 0) for m in members)
        investment = sum(float(m["investment"] or 0) for m in members)
        spent = sum(float(m["spent"] or 0) for m in members)
        own = totals.get((level, category), {})
        out.append(
            {
                "plan_seats": own.get("total_seats"),
                "plan_investment": own.get("investment"),
                "level": level,
                "category": category,
                "count": len(members),
                "finished": sum(m["status"] == "竣工" for m in members),
                "delayed": sum(m["status"] == "延期" for m in members),
                "seats": seats,
                "delivered": delivered,
                "seat_share": _share(delivered, seats),
                "investment": investment,
                "spent": spent,
                "money_share": _share(spent, investment),
            }
        )
    return out


GROUP_COLUMNS = (
    Column("level", "层次", "code"),
    Column("category", "类别", "code"),
    Column("count", "项目数", "int"),
    Column("finished", "已竣工", "int"),
    Column("delayed", "延期", "int"),
    Column("plan_seats", "规划汇总表学位", "int"),
    Column("seats", "项目合计学位", "int"),
    Column("delivered", "已交付学位", "int"),
    Column("seat_share", "学位完成比例", "percent", 1),
    Column("plan_investment", "规划汇总表投资（万元）", "number"),
    Column("investment", "项目合计投资（万元）", "number"),
    Column("spent", "已完成投资（万元）", "number"),
    Column("money_share", "投资完成比例", "percent", 1),
)

ROLLUP_COLUMNS = (
    Column("table", "规划原文汇总表"),
    Column("category", "类别", "code"),
    Column("count", "项目数", "int"),
    Column("total_seats", "学位", "int"),
    Column("investment", "投资（万元）", "number"),
    Column("line", "原文行", "int"),
)


def rollup_rows(rollups: Sequence[Mapping[str, Any]]) -> list[dict[str, object]]:
    """The plan's own subtotals and totals (a row per category of each table, and each table's total)."""
    return [
        {
            "table": r["table"],
            "category": r["category"] or "合计",
            "count": r["count"],
            "total_seats": r["total_seats"],
            "investment": r["investment"],
            "line": r["source"].get("line"),
        }
        for r in rollups
        if r["stage"] is None
    ]


def department_rows(tasks: Sequence[Mapping[str, Any]]) -> list[dict[str, object]]:
    by_lead: dict[str, list[Mapping[str, Any]]] = {}
    for t in tasks:
        by_lead.setdefault(t["responsible"][0] if t["responsible"] else NO_DEPARTMENT, []).append(t)
    return [
        {
            "department": lead,
            "total": len(items),
            **{status: sum(t["status"] == status for t in items) for status in TASK_STATUSES},
            "overdue": sum(bool(t["overdue"]) for t in items),
        }
        for lead, items in sorted(by_lead.items(), key=lambda kv: (kv[0] == NO_DEPARTMENT, kv[0]))
    ]


DEPARTMENT_COLUMNS = (
    Column("department", "牵头部门"),
    Column("total", "任务数", "int"),
    *(Column(s, s, "int") for s in TASK_STATUSES),
    Column("overdue", "逾期", "int"),
)


def task_rows(tasks: Sequence[Mapping[str, Any]]) -> list[dict[str, object]]:
    return [
        {
            "text": t["text"],
            "responsible": "、".join(t["responsible"]) or NO_DEPARTMENT,
            "deadline": t["deadline"],
            "status": t["status"],
            "overdue": "逾期" if t["overdue"] else "",
            "tone": "fail" if t["overdue"] else "",
            "line": t["source"].get("line"),
        }
        for t in tasks
    ]


TASK_COLUMNS = (
    Column("text", "任务"),
    Column("responsible", "责任部门"),
    Column("deadline", "期限", "code"),
    Column("status", "状态", "code"),
    Column("overdue", "逾期", "code", tone_from="tone"),
    Column("line", "原文行", "int"),
)


def discrepancy_rows(items: Sequence[Mapping[str, Any]]) -> list[dict[str, object]]:
    return [
        {
            "message": d["message"],
            "lines": "、".join(str(n) for n in sorted({loc["line"] for loc in d["locations"] if loc.get("line")})),
        }
        for d in items
    ]


def _trajectories(items: Sequence[Mapping[str, Any]], year: int) -> list[Block]:
    figures: list[Block] = []
    for item in items:
        actuals = {int(y): float(v) for y, v in item["actuals"].items() if int(y) <= year}
        if not actuals or len(figures) >= MAX_CHARTS:
            continue
        now = latest(item, year)
        baseline = (item["baseline_year"], item["baseline_value"]) if item["baseline_value"] is not None else None
        target = (item["target_year"], item["target_value"]) if item["target_value"] is not None else None
        projection = (item["target_year"], now["projected"]) if now and now["projected"] is not None else None
        draw = functools.partial(  # drawn only for the PDF (a chart takes a good part of a second)
            charts.trajectory,
            actuals,
            title=item["name"],
            unit=item["unit"],
            baseline=baseline,
            target=target,
            projection=projection,
        )
        figures.append(Figure(item["name"], draw, width_cm=8))
    return figures


def summary(detail: Detail, year: int) -> tuple[Verdict, tuple[tuple[str, str], ...]]:
    indicators = [*detail["indicators"], *detail["targets"]]
    statuses = Counter(((latest(i, year) or {}).get("status") or "无法判断") for i in indicators)
    projects = detail["projects"]
    project_statuses = Counter(p["tracking"]["status"] for p in projects)
    tasks = detail["tasks"]
    overdue = sum(bool(t["overdue"]) for t in tasks)
    pairs = (
        ("指标与量化目标", "，".join(f"{s}{n}项" for s, n in statuses.most_common())),
        ("建设项目", "，".join(f"{s}{n}个" for s, n in project_statuses.most_common())),
        (
            "重点任务",
            "，".join(f"{s}{sum(t['status'] == s for t in tasks)}项" for s in TASK_STATUSES) + f"，逾期{overdue}项",
        ),
        ("原文核查", f"发现不一致{len(detail['discrepancies'])}处"),
    )
    attention = statuses["风险"] + statuses["滞后"] + project_statuses["延期"] + overdue
    label = "需关注事项：" + (
        f"风险指标{statuses['风险']}项、滞后指标{statuses['滞后']}项、延期项目{project_statuses['延期']}个、逾期任务{overdue}项"
        if attention
        else "无"
    )
    return Verdict(label, None if attention else True), pairs


def build(detail: Detail, meta: ReportMeta, year: int, as_of: date) -> Document:
    """``detail`` is ``plan_detail(plan, today=as_of)``, ``as_of`` the end of the review year (or today, if earlier)."""
    plan = detail["plan"]
    verdict, pairs = summary(detail, year)
    indicators = indicator_rows(detail["indicators"], year)
    targets = indicator_rows(detail["targets"], year)
    projects = project_rows(detail["projects"])
    title = f"《{plan['title']}》实施中期评估报告"
    sections = (
        Section(
            "评估概况",
            (
                Paragraph(
                    f"本报告依据《{plan['title']}》（{plan['doc_number'] or '无文号'}）所列主要指标、建设项目和重点任务，"
                    f"对截至{year}年底的实施进展进行评估。指标状态按规划期进度线和趋势预测判定（见方法说明）。"
                ),
                Facts(pairs),
            ),
        ),
        Section(
            "主要指标完成情况",
            (
                Table("主要发展指标", "主要指标", INDICATOR_COLUMNS, indicators),
                Table("规划文本中的量化目标", "量化目标", INDICATOR_COLUMNS, targets, empty_text="无。"),
                *_trajectories([*detail["indicators"], *detail["targets"]], year),
            ),
        ),
        Section(
            "建设项目推进情况",
            (
                Table(
                    "项目推进汇总（按层次和类别）",
                    "项目汇总",
                    GROUP_COLUMNS,
                    progress_groups(projects, detail["rollups"]),
                    note="规划汇总表：规划原文统计表的小计、合计；项目合计：各项目行相加。两者不同之处见“原文不一致”。",
                ),
                Table("规划原文的项目汇总", "规划汇总表", ROLLUP_COLUMNS, rollup_rows(detail["rollups"])),
                Table("建设项目明细", "建设项目", PROJECT_COLUMNS, projects),
            ),
        ),
        Section(
            "重点任务落实情况",
            (
                Table("按牵头部门统计", "任务按部门", DEPARTMENT_COLUMNS, department_rows(detail["tasks"])),
                Table(
                    "逾期任务",
                    "逾期任务",
                    TASK_COLUMNS,
                    [r for r in task_rows(detail["tasks"]) if r["overdue"]],
                    empty_text="无逾期任务。",
                ),
                Table("全部任务", "全部任务", TASK_COLUMNS, task_rows(detail["tasks"]), in_pdf=False),
            ),
        ),
        Section(
            "规划文本核查发现的不一致",
            (
                Table(
                    "不一致之处",
                    "原文不一致",
                    (Column("message", "问题"), Column("lines", "原文行", "code")),
                    discrepancy_rows(detail["discrepancies"]),
                    empty_text="未发现不一致。",
                ),
            ),
        ),
    )
    notes = (
        "指标状态：进度线为基期值到目标值的直线；趋势预测为基期值与历年实际值的最小二乘直线在目标年的取值。"
        "达成＝实际值已满足目标；正常推进＝未达成但不低于进度线；滞后＝低于进度线、方向正确且预测至少完成计划变化的一半；"
        "风险＝其余低于进度线的情形。“保持”类目标：满足为达成，差距不超过目标水平的2%为滞后，否则为风险。",
        "没有基期值的比率类目标在达成前无法判断；计数类目标（所、个、人等）无基期值时按0起算。",
        "建设项目状态以各年度上报进度为准；未按计划开工或竣工的项目判为延期。已交付学位为各年交付数累计，已完成投资为上报累计数。",
        f"任务逾期：截至{chinese_date(as_of)}已过期限且未完成；没有期限的任务不判逾期。",
        f"规划原文：{plan['file']}；原文行号指该文件的行。",
    )
    return Document(
        title=title,
        subtitle=f"（截至{year}年）",
        issuer=meta.signer,
        cover=(
            ("规划名称", f"《{plan['title']}》"),
            ("文号", plan["doc_number"] or "—"),
            ("印发单位", plan["issuer"] or "—"),
            ("规划期", f"{plan['period_start']}—{plan['period_end']}年" if plan["period_start"] else "—"),
            ("行政区域", f"{meta.region_name}（{meta.region_code}）"),
            ("评估年度", f"{year}年"),
            ("数据版本", meta.data_version),
            ("生成日期", chinese_date(meta.generated_on)),
        ),
        verdict=verdict,
        sections=sections,
        notes=notes,
        generated_on=meta.generated_on,
        filename_stem=f"规划中期评估_{plan['id']}_{year}",
    )
