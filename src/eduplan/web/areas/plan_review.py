"""The extraction review form: the fields ``store.plans`` lets an analyst correct, read from the form by their model type.

Only fields whose value changed are sent to ``do_correct_plan_item`` (so the audit's before/after names exactly
what the analyst changed); an unchanged form confirms the item with ``do_confirm_plan_item``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django.http import Http404

from eduplan.store.models import Plan
from eduplan.store.plans import CORRECTABLE, ITEM_MODELS, do_confirm_plan_item, do_correct_plan_item
from eduplan.web import forms
from eduplan.web.access import AnyUser

Item = Any  # PlanIndicator | PlanProject | PlanTask

# How the review form names the fields store.plans lets an analyst correct.
FIELD_LABELS: dict[str, str] = {
    "name": "名称",
    "unit": "单位",
    "group": "分组",
    "stage": "学段",
    "baseline_year": "基期年份",
    "baseline_value": "基期值",
    "target_year": "目标年份",
    "target_value": "目标值",
    "comparator": "比较方式",
    "nature": "指标属性",
    "metric": "对应普查指标",
    "category": "类别",
    "seats": "学位（JSON：学段及其学位数）",
    "classes": "班数",
    "area": "占地面积（㎡）",
    "floor_area": "建筑面积（㎡）",
    "investment": "投资（万元）",
    "start_year": "开工年份",
    "finish_year": "竣工年份",
    "responsible": "责任单位",
    "school_code": "学校标识码",
    "text": "任务",
    "deadline_text": "期限（原文）",
    "deadline": "期限（YYYY-MM-DD）",
}


def form_fields(kind: str, item: Item) -> list[dict[str, Any]]:
    """Each correctable field of an item: name, label, current text and, for a field with choices, the choices."""
    fields = []
    for name in CORRECTABLE[kind]:
        field = item._meta.get_field(name)
        choices = [str(c[0]) for c in field.choices] if field.choices else []
        if choices and field.blank and "" not in choices:
            choices.insert(0, "")  # a blank field must stay blank when the form is saved unchanged
        label = FIELD_LABELS.get(name, name)
        fields.append({"name": name, "label": label, "value": as_text(getattr(item, name)), "choices": choices})
    return fields


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


def review(user: AnyUser, kind: str, item: Item, form: Mapping[str, str]) -> Item:
    """Correct the fields the analyst changed, or confirm the item as it stands."""
    changes: dict[str, Any] = {}
    for name in CORRECTABLE[kind]:
        if name in form:
            value = forms.item_field(item._meta.get_field(name), form[name])
            if value != getattr(item, name) and not (value is None and getattr(item, name) in ("", None)):
                changes[name] = value
    if changes:
        return do_correct_plan_item(kind, item.pk, changes, user)
    return do_confirm_plan_item(kind, item.pk, user)
