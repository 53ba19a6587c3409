"""The plan review from a small hand-made plan_detail dict (the shape of docs/plans.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eduplan.reports import plan_review
from eduplan.reports.meta import ReportMeta
from eduplan.reports.xlsx import render_xlsx

SOURCE = {"file": "plan.txt", "line": 10, "text": ""}


def _project(
    name: str, category: str, stage: str, seats: float, delivered: float, money: float | None, spent: float, status: str
) -> dict[str, Any]:
    tracking = {
        "status": status,
        "seats_planned": seats,
        "seats_delivered": delivered,
        "investment_planned": money,
        "investment_spent": spent,
        "delayed": status == "延期",
        "delivered_by_year": {},
    }
    return {
        "id": 1,
        "name": name,
        "category": category,
        "stage": stage,
        "seats": {stage: seats},
        "investment": money,
        "start_year": 2021,
        "finish_year": 2023,
        "responsible": "区教育局",
        "tracking": tracking,
        "source": SOURCE,
    }


DETAIL: dict[str, Any] = {
    "plan": {
        "id": 7,
        "title": "测试区教育发展规划",
        "issuer": "测试区人民政府",
        "doc_number": "测府〔2021〕1号",
        "issue_date": None,
        "region": "441899",
        "period_start": 2021,
        "period_end": 2025,
        "file": "plan.txt",
    },
    "indicators": [
        {
            "name": "学前三年毛入园率",
            "unit": "%",
            "stage": "学前",
            "baseline_year": 2020,
            "baseline_value": 90.0,
            "target_year": 2025,
            "target_value": 95.0,
            "comparator": "≥",
            "actuals": {"2022": 91.0, "2024": 94.0},
            "track": [
                {"year": 2022, "actual": 91.0, "expected": 92.0, "projected": 93.5, "status": "滞后", "reason": ""},
                {"year": 2024, "actual": 94.0, "expected": 94.0, "projected": 95.0, "status": "正常推进", "reason": ""},
            ],
            "source": SOURCE,
        },
    ],
    "targets": [],
    "projects": [
        _project("新建第一小学", "新建", "小学", 2160, 2160, 16000, 16000, "竣工"),
        _project("新建第二小学", "新建", "小学", 1000, 0, 9000, 4500, "在建"),
        _project("扩建幼儿园", "改扩建", "学前", 360, 0, 2500, 0, "延期"),
    ],
    "rollups": [
        {
            "table": "附件1 义务教育学校建设统计表",
            "category": "新建",
            "stage": None,
            "count": 2,
            "total_seats": 3160,
            "investment": 25000,
            "source": SOURCE,
        },
        {
            "table": "附件3 幼儿园建设统计表",
            "category": "改扩建",
            "stage": None,
            "count": 1,
            "total_seats": 360,
            "investment": 2600,
            "source": SOURCE,
        },
    ],
    "tasks": [
        {
            "text": "甲",
            "responsible": ["区教育局", "区财政局"],
            "deadline": "2023年",
            "status": "已完成",
            "overdue": False,
            "source": SOURCE,
        },
        {
            "text": "乙",
            "responsible": ["区教育局"],
            "deadline": "2022年6月底前",
            "status": "进行中",
            "overdue": True,
            "source": SOURCE,
        },
        {"text": "丙", "responsible": [], "deadline": "", "status": "未开始", "overdue": False, "source": SOURCE},
    ],
    "discrepancies": [
        {"message": "合计与各行之和不符", "locations": [{"line": 12}, {"line": 9}, {"line": 12}], "kind": "table_total"}
    ],
}


def test_an_indicator_shows_its_latest_year_up_to_the_review_year() -> None:
    [row] = plan_review.indicator_rows(DETAIL["indicators"], 2023)
    assert (row["year"], row["actual"], row["expected"], row["projected"], row["status"]) == (
        2022,
        91.0,
        92.0,
        93.5,
        "滞后",
    )
    assert row["tone"] == "pending" and row["target"] == "≥95"


def test_an_indicator_without_actuals_by_then_says_so() -> None:
    [row] = plan_review.indicator_rows(DETAIL["indicators"], 2021)
    assert (row["year"], row["status"]) == (None, "无实际值")


def test_projects_add_up_per_level_and_category_next_to_the_plans_own_totals() -> None:
    groups = {
        (g["level"], g["category"]): g
        for g in plan_review.progress_groups(plan_review.project_rows(DETAIL["projects"]), DETAIL["rollups"])
    }
    new = groups["义务教育", "新建"]
    # 2160 + 1000 seats planned, 2160 delivered; 16000 + 9000 万元 planned, 16000 + 4500 spent.
    assert (new["count"], new["seats"], new["delivered"], new["investment"], new["spent"]) == (
        2,
        3160,
        2160,
        25000,
        20500,
    )
    assert new["seat_share"] == pytest.approx(2160 / 3160) and new["money_share"] == pytest.approx(20500 / 25000)
    assert (new["plan_seats"], new["plan_investment"]) == (3160, 25000)
    kindergarten = groups["学前教育", "改扩建"]
    assert (kindergarten["delayed"], kindergarten["plan_investment"], kindergarten["investment"]) == (1, 2600, 2500)
    assert groups["学前教育", "合计"]["plan_seats"] is None  # the plan gives no 学前 grand total here


def test_tasks_count_by_lead_department_with_the_unassigned_last() -> None:
    assert plan_review.department_rows(DETAIL["tasks"]) == [
        {"department": "区教育局", "total": 2, "已完成": 1, "进行中": 1, "未开始": 0, "overdue": 1},
        {"department": "未明确责任部门", "total": 1, "已完成": 0, "进行中": 0, "未开始": 1, "overdue": 0},
    ]


def test_a_discrepancy_lists_its_lines_once_each_in_order() -> None:
    assert plan_review.discrepancy_rows(DETAIL["discrepancies"]) == [
        {"message": "合计与各行之和不符", "lines": "9、12"}
    ]


def test_the_summary_names_what_needs_attention() -> None:
    verdict, pairs = plan_review.summary(DETAIL, 2023)
    assert verdict.label == "需关注事项：风险指标0项、滞后指标1项、延期项目1个、逾期任务1项"
    assert verdict.passed is None
    assert dict(pairs)["重点任务"] == "已完成1项，进行中1项，未开始1项，逾期1项"


def test_the_workbook_has_every_task_and_only_overdue_ones_in_the_overdue_sheet() -> None:
    import io

    import openpyxl

    meta = ReportMeta("441899", "测试区", 2023, "规划库第 7 号", generated_on=date(2024, 1, 5))
    doc = plan_review.build(DETAIL, meta, 2023, date(2023, 12, 31))
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))
    assert [r[0] for r in book["全部任务"].iter_rows(min_row=2, values_only=True)] == ["甲", "乙", "丙"]
    assert [r[0] for r in book["逾期任务"].iter_rows(min_row=2, values_only=True)] == ["乙"]
    assert doc.filename_stem == "规划中期评估_7_2023"
