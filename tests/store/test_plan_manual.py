"""Plans typed in by hand: ``do_create_plan`` and ``do_add_plan_item``, each one transaction with its audit entry."""

from __future__ import annotations

import pytest

from eduplan.errors import NotFound, UsageError
from eduplan.store.models import AuditEntry, Plan, PlanProject
from eduplan.store.plans import do_add_plan_item, do_create_plan


def test_a_plan_typed_in_gets_its_items_each_confirmed_and_audited(world) -> None:  # type: ignore[no-untyped-def]
    plan = do_create_plan("某县“十四五”教育规划", "441802", 2021, 2025, issuing_body="某县人民政府")
    project = do_add_plan_item(
        plan.pk, "project", {"name": "城东小学", "stage": "小学", "seats": {"小学": 1350}, "investment": 8600.0}
    )
    assert (project.confirmed, project.source_file, project.seats, project.plan_id) == (
        True,
        "",
        {"小学": 1350},
        plan.pk,
    )
    entries = AuditEntry.objects.filter(action__startswith="plan.").order_by("pk")
    assert [(e.action, e.object_type, e.region_code, e.summary) for e in entries] == [
        ("plan.create", "Plan", "441802", "手工录入规划《某县“十四五”教育规划》（2021–2025）"),
        ("plan.add", "PlanProject", "441802", "为规划《某县“十四五”教育规划》手工添加项目：城东小学"),
    ]
    assert entries[1].after == {"name": "城东小学", "stage": "小学", "seats": {"小学": 1350}, "investment": 8600.0}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: do_create_plan("  ", "441802", 2021, 2025), "规划名称不能为空"),
        (lambda: do_create_plan("规划", "441802", 2025, 2021), "规划期不对：结束年 2021 早于起始年 2025"),
        (lambda: do_add_plan_item(1, "school", {"name": "x"}), "未知的条目类型“school”；应为 indicator、project、task"),
        (
            lambda: do_add_plan_item(1, "task", {"text": "x", "status": "已完成"}),
            "不能填写的字段：status；可填 text、responsible、deadline_text、deadline",
        ),
        (lambda: do_add_plan_item(1, "indicator", {"unit": "%"}), "指标缺少必填字段：name"),
    ],
)
def test_what_cannot_be_stored_is_refused_with_a_message_and_nothing_is_written(world, call, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as error:
        call()
    assert str(error.value) == message
    assert (Plan.objects.count(), PlanProject.objects.count(), _plan_audits()) == (0, 0, 0)


def test_an_item_of_a_plan_that_does_not_exist_is_not_found(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        do_add_plan_item(999, "indicator", {"name": "巩固率"})
    assert _plan_audits() == 0


def _plan_audits() -> int:
    return AuditEntry.objects.filter(action__startswith="plan.").count()
