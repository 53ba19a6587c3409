"""Tasks: responsible departments and deadlines, from closing parentheses and from 002's task table."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from eduplan.ingest.plans import PlanDocument, parse_plan_file
from eduplan.ingest.plans.tasks import deadline_of, departments

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


@cache
def qingyuan_villages() -> PlanDocument:
    (plan,) = parse_plan_file(SEEDS / "002_84c94e432680b102.txt")
    return plan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024 年 3月底前以县（市、区）为单位制定城乡学校布局", ("2024年3月底前", 2024, 3)),
        ("到 2025 年，每个乡镇至少建有一所公办寄宿制学校", ("2025年", 2025, None)),
        ("2022年前，有效减轻学生过重校外培训负担", ("2022年前", 2022, None)),
        ("到2025年底，全市职业院校办学条件达标率达到90%以上", ("2025年底", 2025, None)),
        ("持续改善乡村学校办学条件", (None, None, None)),
    ],
)
def test_deadlines_are_read_as_written(text: str, expected: tuple[str | None, int | None, int | None]) -> None:
    from eduplan.ingest.plans.values import squash

    assert deadline_of(squash(text)) == expected


def test_departments_keep_bracketed_names_whole_and_mark_the_leads() -> None:
    everyone, leads = departments(
        "市教育局、各县（市、区）人民政府牵头，市发展改革局、市自然资源局、市交通运输局按职责分工负责"
    )
    assert everyone == ["市教育局", "各县（市、区）人民政府", "市发展改革局", "市自然资源局", "市交通运输局"]
    assert leads == ["市教育局", "各县（市、区）人民政府"]


def test_the_task_table_of_002_gives_each_deadline_its_departments() -> None:
    first = next(t for t in qingyuan_villages().tasks if t.deadline == "2024年3月底前")
    assert first.source.line == 557
    assert (first.deadline_year, first.deadline_month) == (2024, 3)
    assert first.section == "重点任务 1 城乡中小学校布局优化工程"
    assert first.lead == ["市教育局", "各县（市、区）人民政府"]
    assert first.responsible == ["市教育局", "各县（市、区）人民政府", "市发展改革局", "市自然资源局", "市交通运输局"]


def test_every_one_of_the_twelve_key_projects_has_tasks_with_departments() -> None:
    table = [t for t in qingyuan_villages().tasks if t.section.startswith("重点任务")]
    numbers = sorted({int(t.section.split()[1]) for t in table})
    assert numbers == list(range(1, 13))
    assert all(t.responsible for t in table)


def test_departments_without_a_lead_are_kept_without_inventing_one() -> None:
    # item 11 (职业院校办学条件达标工程) names "市教育局、各县（市、区）人民政府" with no 牵头
    eleventh = [t for t in qingyuan_villages().tasks if t.section.startswith("重点任务 11 ")]
    assert eleventh
    assert all((t.responsible, t.lead) == (["市教育局", "各县（市、区）人民政府"], []) for t in eleventh)


def test_task_table_lines_are_not_read_twice_as_running_text() -> None:
    assert sum(1 for t in qingyuan_villages().tasks if t.deadline == "2024年3月底前") == 1


def test_a_forecast_with_a_year_is_not_a_task() -> None:
    (education,) = parse_plan_file(SEEDS / "000_287a84df7b129c81.txt")
    # line 785 (附件5 编制说明): "预测至2025年需新建中小学学位6万" forecasts a need and assigns no work
    assert [t.source.line for t in education.tasks if t.source.line > 700] == []
    assert [t.deadline for t in education.tasks if t.source.line == 335] == ["2025年"]  # 到2025年…创建10所
