"""The extraction review: an analyst corrects or confirms an item the plan parser extracted, every change audited.

(``do_correct_plan_item`` belongs with the store's plan functions; it lives here until ``store.plans`` offers one.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.http import Http404

from eduplan.errors import UsageError
from eduplan.store import audit
from eduplan.store.models import Plan, PlanIndicator, PlanProject, PlanTask
from eduplan.store.models.plans import COMPARATORS, PROJECT_CATEGORIES, TASK_STATUSES
from eduplan.web.access import AnyUser

Item = PlanIndicator | PlanProject | PlanTask
KINDS: dict[str, type[PlanIndicator] | type[PlanProject] | type[PlanTask]] = {
    "indicator": PlanIndicator,
    "project": PlanProject,
    "task": PlanTask,
}
# The fields an analyst may correct, with their type: text, int, float, date, or a tuple of allowed values.
EDITABLE: dict[str, dict[str, Any]] = {
    "indicator": {
        "name": "text",
        "unit": "text",
        "stage": "text",
        "baseline_year": "int",
        "baseline_value": "float",
        "target_year": "int",
        "target_value": "float",
        "comparator": COMPARATORS,
        "metric": "text",
    },
    "project": {
        "name": "text",
        "category": ("", *PROJECT_CATEGORIES),
        "stage": "text",
        "classes": "int",
        "investment": "float",
        "start_year": "int",
        "finish_year": "int",
        "responsible": "text",
    },
    "task": {"text": "text", "deadline_text": "text", "deadline": "date", "status": TASK_STATUSES},
}


def get_item_for_plan(plan: Plan, kind: str, item_id: int) -> Item:
    """An item of a plan the caller already fetched through ``access.get_plan_for_user``."""
    model = KINDS.get(kind)
    item = model.objects.filter(plan=plan, pk=item_id).first() if model is not None else None
    if item is None:
        raise Http404("没有这一条规划内容")
    return item


def _parse(field: str, kind: Any, raw: str) -> Any:
    raw = raw.strip()
    if isinstance(kind, tuple):
        if raw not in kind:
            raise UsageError(f"{field}：{raw!r} 不在可选值 {'、'.join(v for v in kind if v)} 中")
        return raw
    if kind == "text":
        return raw
    if raw == "":
        return None
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        return dt.date.fromisoformat(raw)
    except ValueError:
        expected = {"int": "整数", "float": "数字", "date": "日期 YYYY-MM-DD"}[kind]
        raise UsageError(f"{field}：应为{expected}，实际为 {raw!r}") from None


def _snapshot(item: models.Model, fields: Mapping[str, Any]) -> dict[str, Any]:
    data = {f: getattr(item, f) for f in fields}
    data["confirmed"] = getattr(item, "confirmed", False)
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def do_correct_plan_item(user: AnyUser, kind: str, item: Item, values: Mapping[str, str]) -> Item:
    """Apply the analyst's values (only fields present in ``values``), mark the item confirmed, audit before/after."""
    fields = EDITABLE[kind]
    changes = {f: _parse(f, fields[f], values[f]) for f in fields if f in values}
    with transaction.atomic():
        before = _snapshot(item, fields)
        for name, value in changes.items():
            setattr(item, name, value)
        item.confirmed = True
        item.save()
        after = _snapshot(item, fields)
        changed = sorted(k for k in after if after[k] != before[k])
        audit.record(
            user,
            "plan.confirm" if set(changed) <= {"confirmed"} else "plan.correct",
            f"Plan{kind.capitalize()}",
            item.pk,
            summary=f"{item.plan.title[:60]}：{'、'.join(changed) or '确认无误'}",
            before=before,
            after=after,
            region_code=item.plan.region_id,
        )
    return item
