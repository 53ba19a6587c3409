"""Plans typed in by hand, when no document is at hand: ``do_create_plan`` (title, region, period) and
``do_add_plan_item`` (an indicator, project or task added to a plan). Each one transaction, one audit entry.

An item typed in by hand has no source file and is confirmed: its author vouches for it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from eduplan.errors import UsageError
from eduplan.store import audit
from eduplan.store.models import Plan
from eduplan.store.plans.imports import UserLike, _fit, _jsonable, get_plan
from eduplan.store.plans.review import CORRECTABLE, ITEM_MODELS
from eduplan.store.regions import get_region

# What a hand-made item must name, per kind.
REQUIRED: dict[str, tuple[str, ...]] = {"indicator": ("name",), "project": ("name",), "task": ("text",)}
KIND_LABELS = {"indicator": "指标", "project": "项目", "task": "任务"}


def do_create_plan(
    title: str,
    region_code: str,
    period_start: int,
    period_end: int,
    user: UserLike = None,
    *,
    issuing_body: str = "",
    doc_number: str = "",
    issue_date: date | None = None,
) -> Plan:
    """A plan typed in by hand: no source file; its items are added with ``do_add_plan_item``."""
    title = title.strip()
    if not title:
        raise UsageError("规划名称不能为空")
    if period_end < period_start:
        raise UsageError(f"规划期不对：结束年 {period_end} 早于起始年 {period_start}")
    with transaction.atomic():
        plan = Plan(
            title=title,
            region=get_region(region_code),
            period_start=period_start,
            period_end=period_end,
            issuing_body=issuing_body.strip(),
            doc_number=doc_number.strip(),
            issue_date=issue_date,
            imported_by=user if isinstance(user, User) else None,
        )
        _fit(plan, []).save()
        audit.record(
            user,
            "plan.create",
            "Plan",
            plan.pk,
            region_code=plan.region_id,
            summary=f"手工录入规划《{plan.title}》（{period_start}–{period_end}）",
            after={"title": plan.title, "period_start": period_start, "period_end": period_end},
        )
    return plan


def do_add_plan_item(plan_id: int, kind: str, fields: dict[str, Any], user: UserLike = None) -> Any:
    """Add an indicator, project or task typed in by hand to a plan; ``fields`` are those an analyst may correct."""
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise UsageError(f"未知的条目类型“{kind}”；应为 {'、'.join(ITEM_MODELS)}")
    unknown = sorted(set(fields) - set(CORRECTABLE[kind]))
    if unknown:
        raise UsageError(f"不能填写的字段：{'、'.join(unknown)}；可填 {'、'.join(CORRECTABLE[kind])}")
    missing = [name for name in REQUIRED[kind] if not str(fields.get(name) or "").strip()]
    if missing:
        raise UsageError(f"{KIND_LABELS[kind]}缺少必填字段：{'、'.join(missing)}")
    with transaction.atomic():
        plan = get_plan(plan_id)
        values = {name: value for name, value in fields.items() if value is not None}
        item: Any = model(plan=plan, confirmed=True, **values)
        _fit(item).save()
        label = fields.get("name") or str(fields.get("text", ""))[:40]
        audit.record(
            user,
            "plan.add",
            f"Plan{kind.title()}",
            item.pk,
            region_code=plan.region_id,
            summary=f"为规划《{plan.title}》手工添加{KIND_LABELS[kind]}：{label}",
            after=_jsonable(values),
        )
    return item
