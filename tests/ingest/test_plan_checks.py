"""The consistency checks on Qingcheng's project tables, each reported with both locations."""

from __future__ import annotations

from pathlib import Path

from eduplan.ingest.plans import parse_lines, parse_plan_file

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def education_plan():  # type: ignore[no-untyped-def]
    return parse_plan_file(SEEDS / "000_287a84df7b129c81.txt")[0]


def test_expansion_table_total_investment_differs_from_its_rows() -> None:
    found = [d for d in education_plan().discrepancies if "合计投资 40,413" in d.message]
    assert len(found) == 1
    discrepancy = found[0]
    assert discrepancy.message == (
        "“附件2 二、改（扩）建学校”合计投资 40,413 万元，各行相加为 39,893 万元"
        "（附件1 “十四五”期间清城区义务教育阶段学校建设意向统计表用的是 39,893）"
    )
    # the 合计 row (line 709), the rows it totals (692–708), and 附件1's 小计 row that uses 39,893 (line 662)
    assert [location.line for location in discrepancy.locations] == [709, 692, 662]
    assert discrepancy.locations[0].text == "合 计 |  | 9720 | 4900 |  |  | 40413"


def test_received_school_7_text_seats_differ_from_its_column() -> None:
    found = [d for d in education_plan().discrepancies if "1,350" in d.message]
    assert len(found) == 1
    discrepancy = found[0]
    assert discrepancy.message.startswith("“附件2 三、接收小区配建学校”第 7 项")
    assert "文字写 1,620 个学位，学位列为 1,350" in discrepancy.message
    text, column = discrepancy.locations
    assert (text.line, column.line) == (723, 723)
    assert "办学规模为36个班、1620个学位的小学" in text.text
    assert column.text == "学位列 1,350"


def test_the_plan_totals_decide_the_seats_of_received_school_7() -> None:
    project = next(p for p in education_plan().projects if p.source.line == 723)
    assert project.seats == {"小学": 1620.0}
    assert project.uncertain is True
    assert project.reasons == ["学位取文字所写 1,620（合计按此计算），学位列为 1,350"]


def test_an_empty_investment_cell_with_an_amount_in_the_text_is_reported() -> None:
    found = [d for d in education_plan().discrepancies if "8,600" in d.message]
    assert [d.message for d in found] == [
        "“附件2 一、新建学校”第 7 项（清城区智慧初级中学（暂名））文字写投资 8,600 万元，投资列为 空"
    ]


def test_summary_tables_agree_with_the_detail_tables_otherwise() -> None:
    # 附件1 and 附件3 against 附件2 and 附件4: no summary discrepancy once item 7 takes 1,620.
    assert [d for d in education_plan().discrepancies if d.kind == "summary"] == []


SMALL_PLAN = """测试区教育发展规划（2021—2025年）

附件 1

幼儿园建设意向统计表

建设类别\t幼儿园数\t新增学位数\t计划投入资金（万元）
新建\t2\t600\t5000
总计\t2\t600\t5000

附件 2

一、新建幼儿园

编号\t建设项目\t启动时间\t完成时间\t计划投入资金(万元)\t责任单位
1\t新建测试区第一幼儿园，办学规模 9 个班、270 个学位。\t2021 年\t2022 年\t2000\t测试区政府
2\t新建测试区第二幼儿园，办学规模 12 个班、360 个学位。\t2022 年\t2023 年\t3500\t测试区政府
"""


def test_a_summary_row_that_disagrees_with_its_projects_is_reported_with_both_lines() -> None:
    (plan,) = parse_lines(SMALL_PLAN.split("\n"), "small.txt")
    messages = [(d.message, [loc.line for loc in d.locations]) for d in plan.discrepancies]
    # rows: 270 + 360 = 630 seats (the summary says 600), 2000 + 3500 = 5500 万元 (it says 5000)
    # the summary row (line 8, 总计 on line 9) and the first of the rows it sums (line 16)
    assert messages == [
        ("“附件1 幼儿园建设意向统计表”新建学前学位 600，明细表相加为 630", [8, 16]),
        ("“附件1 幼儿园建设意向统计表”新建投资 5,000，明细表相加为 5,500", [8, 16]),
        ("“附件1 幼儿园建设意向统计表”合计学前学位 600，明细表相加为 630", [9, 16]),
        ("“附件1 幼儿园建设意向统计表”合计投资 5,000，明细表相加为 5,500", [9, 16]),
    ]


def test_a_seat_total_in_the_text_is_checked_against_the_summary_table() -> None:
    lines = [
        "测试区教育发展规划（2021—2025年）",
        "",
        "预测增加公办幼儿园学位约 700 个。",
        "",
        *SMALL_PLAN.split("\n")[2:],
    ]
    (plan,) = parse_lines(lines, "small.txt")
    (found,) = [d for d in plan.discrepancies if d.kind == "text_total"]
    assert found.message == "正文写幼儿园学位 700 个，“附件1 幼儿园建设意向统计表”合计为 600"
    assert [location.line for location in found.locations] == [3, 11]


def test_qingcheng_text_totals_agree_with_its_summary_tables() -> None:
    # "预测增加公办小学学位约 32130 个，初中学位约 13300 个，合计增加公办中小学学位 45430 个" and
    # "预测增加公办幼儿园学位约 7020 个" (lines 275–281, again in 附件5) match 附件1 合计 and 附件3 总计.
    assert [d for d in education_plan().discrepancies if d.kind == "text_total"] == []


def test_a_changed_text_total_in_qingcheng_would_be_reported() -> None:
    text = (SEEDS / "000_287a84df7b129c81.txt").read_text(encoding="utf-8")
    changed = text.replace("合计增加公办中小学学位 45430 个", "合计增加公办中小学学位 45431 个", 1)
    education = parse_lines(changed.split("\n"), "000.txt")[0]
    (found,) = [d for d in education.discrepancies if d.kind == "text_total"]
    assert (
        found.message
        == "正文写中小学学位 45,431 个，“附件1 “十四五”期间清城区义务教育阶段学校建设意向统计表”合计为 45,430"
    )
    assert [location.line for location in found.locations] == [281, 667]
