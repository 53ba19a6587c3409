"""The extraction review form: the fields ``store.plans`` lets an analyst correct, read from the form by their model type.

Only fields whose value changed are sent to ``do_correct_plan_item`` (so the audit's before/after names exactly
what the analyst changed); an unchanged form confirms the item with ``do_confirm_plan_item``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.http import Http404

from eduplan.errors import UsageError
from eduplan.store.models import Plan
from eduplan.store.plans import CORRECTABLE, ITEM_MODELS, do_confirm_plan_item, do_correct_plan_item
from eduplan.web.access import AnyUser

Item = Any  # PlanIndicator | PlanProject | PlanTask


def get_item_for_plan(plan: Plan, kind: str, item_id: int) -> Item:
    """An item of a plan the caller already fetched through ``access.get_plan_for_user``."""
    model = ITEM_MODELS.get(kind)
    item = model.objects.filter(plan=plan, pk=item_id).first() if model is not None else None
    if item is None:
        raise Http404("没有这一条规划内容")
    return item


def as_text(value: Any) -> str:
    """How a field's value shows in the form."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _parse(field: models.Field[Any, Any], raw: str) -> Any:
    raw = raw.strip()
    if isinstance(field, models.CharField | models.TextField):
        if field.choices and raw not in {c[0] for c in field.choices}:
            raise UsageError(f"{field.name}：{raw!r} 不是可选值 {'、'.join(str(c[0]) for c in field.choices)} 之一")
        return raw
    if raw == "":
        return None
    try:
        if isinstance(field, models.JSONField):
            return json.loads(raw)
        if isinstance(field, models.DateField):
            return dt.date.fromisoformat(raw)
        if isinstance(field, models.FloatField):
            return float(raw)
        return int(raw)
    except ValueError:
        raise UsageError(f"{field.name}：{raw!r} 的格式不对（应为{field.description}）") from None


def review(user: AnyUser, kind: str, item: Item, form: Mapping[str, str]) -> Item:
    """Correct the fields the analyst changed, or confirm the item as it stands."""
    changes: dict[str, Any] = {}
    for name in CORRECTABLE[kind]:
        if name in form:
            value = _parse(item._meta.get_field(name), form[name])
            if value != getattr(item, name) and not (value is None and getattr(item, name) in ("", None)):
                changes[name] = value
    if changes:
        return do_correct_plan_item(kind, item.pk, changes, user)
    return do_confirm_plan_item(kind, item.pk, user)
