"""An indicator table's comparators (≥, >, ≤, =, 保持, 保持高水平), groups and 预期性/约束性 column."""

from __future__ import annotations

from eduplan.core.plan_tracking import TargetSpec, indicator_status
from eduplan.ingest.plans import parse_lines

TABLE = """某县教育事业发展“十四五”规划（2021—2025年）

主要指标

类别\t指标\t2020年\t2025年\t属性
学前教育\t学前三年毛入园率（%）\t96.5\t≥98\t预期性
\t公办园在园幼儿占比（%）\t45\t>50\t约束性
义务教育\t大班额比例（%）\t6.2\t≤1\t约束性
\t九年义务教育巩固率（%）\t97\t保持\t
\t义务教育学校数（所）\t105\t113\t
\t残疾儿童入学率（%）\t95\t保持98\t
高中教育\t高中阶段毛入学率（%）\t98\t保持高水平\t预期性
"""


def test_every_comparator_group_and_nature_is_read_from_its_cell() -> None:
    (plan,) = parse_lines(TABLE.split("\n"), "plan.txt")
    rows = [
        (i.source.line, i.group, i.name, i.unit, i.baseline_value, i.comparator, i.target_value, i.nature)
        for i in plan.indicators
    ]
    assert rows == [
        (6, "学前教育", "学前三年毛入园率", "%", 96.5, "≥", 98.0, "预期性"),
        (7, "学前教育", "公办园在园幼儿占比", "%", 45.0, ">", 50.0, "约束性"),
        (8, "义务教育", "大班额比例", "%", 6.2, "≤", 1.0, "约束性"),
        (9, "义务教育", "九年义务教育巩固率", "%", 97.0, "保持", None, None),
        (10, "义务教育", "义务教育学校数", "所", 105.0, "=", 113.0, None),
        (11, "义务教育", "残疾儿童入学率", "%", 95.0, "保持", 98.0, None),
        (12, "高中教育", "高中阶段毛入学率", "%", 98.0, "保持高水平", None, "预期性"),
    ]
    assert not any(i.uncertain for i in plan.indicators)
    assert all((i.baseline_year, i.target_year) == (2020, 2025) for i in plan.indicators)


def test_a_plain_keep_target_is_judged_against_its_baseline_level() -> None:
    # 保持 with no number keeps the baseline 97: 96 is short by 1 ≤ 2% of 97 (1.94) → 滞后; 95 by 2 → 风险
    spec = TargetSpec(2020, 97.0, 2025, None, "保持", "%")
    assert [indicator_status(spec, {2022: a}, 2022).status for a in (97.5, 96.0, 95.0)] == ["达成", "滞后", "风险"]
