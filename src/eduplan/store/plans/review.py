"""An analyst's review of the extracted items: ``do_correct_plan_item`` and ``do_confirm_plan_item``, before and
after kept in the audit; the fields an analyst may correct.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from eduplan.errors import NotFound, UsageError
from eduplan.store import audit
from eduplan.store.models import (
    PlanIndicator,
    PlanProject,
    PlanTask,
)
from eduplan.store.plans.imports import UserLike, _jsonable

ITEM_MODELS: dict[str, type[PlanIndicator] | type[PlanProject] | type[PlanTask]] = {
    "indicator": PlanIndicator,
    "project": PlanProject,
    "task": PlanTask,
}
# Fields an analyst may correct, per kind of item.
CORRECTABLE: dict[str, tuple[str, ...]] = {
    "indicator": (
        "name",
        "unit",
        "group",
        "stage",
        "baseline_year",
        "baseline_value",
        "target_year",
        "target_value",
        "comparator",
        "nature",
        "metric",
    ),
    "project": (
        "name",
        "category",
        "stage",
        "seats",
        "classes",
        "area",
        "floor_area",
        "investment",
        "start_year",
        "finish_year",
        "responsible",
        "school_code",
    ),
    "task": ("text", "responsible", "deadline_text", "deadline"),
}


def _item(kind: str, item_id: int) -> PlanIndicator | PlanProject | PlanTask:
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise UsageError(f"未知的条目类型“{kind}”；应为 {'、'.join(ITEM_MODELS)}")
    try:
        return model.objects.select_related("plan").get(pk=item_id)
    except model.DoesNotExist:
        raise NotFound(f"{kind} {item_id} 不存在") from None


def do_correct_plan_item(kind: str, item_id: int, changes: dict[str, Any], user: UserLike = None) -> Any:
    """An analyst's correction: the item takes ``changes``, is marked confirmed, and the audit keeps before/after."""
    unknown = sorted(set(changes) - set(CORRECTABLE.get(kind, ())))
    if unknown:
        raise UsageError(f"不能修改的字段：{'、'.join(unknown)}；可改 {'、'.join(CORRECTABLE.get(kind, ()))}")
    with transaction.atomic():
        item = _item(kind, item_id)
        before = {name: getattr(item, name) for name in changes}
        for name, value in changes.items():
            setattr(item, name, value)
        item.confirmed = True
        item.save()
        audit.record(
            user,
            "plan.correct",
            f"Plan{kind.title()}",
            item.pk,
            region_code=item.plan.region_id,
            summary=f"更正规划《{item.plan.title}》的{kind} {item.pk}",
            before=_jsonable(before),
            after=_jsonable(changes),
        )
    return item


def do_confirm_plan_item(kind: str, item_id: int, user: UserLike = None) -> Any:
    """An analyst vouches for an extracted item as it stands."""
    with transaction.atomic():
        item = _item(kind, item_id)
        item.confirmed = True
        item.save(update_fields=["confirmed"])
        audit.record(
            user,
            "plan.confirm",
            f"Plan{kind.title()}",
            item.pk,
            region_code=item.plan.region_id,
            summary=f"确认规划《{item.plan.title}》的{kind} {item.pk}",
            after={"confirmed": True},
        )
    return item
