"""Plans: the list in scope; a plan's indicators (trajectories), projects (table, timeline), tasks; the review page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.store.plans import plan_detail, review_year
from eduplan.web.access import can_write, get_plan_for_user, plans_for_user, require_write
from eduplan.web.areas.plan_charts import STATUS_CLASS, decorate, project_timeline
from eduplan.web.areas.plan_review import form_fields, get_item_for_plan, review
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs


@page
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = plans_for_user(request.user).order_by("region_id", "id")
    context = {"active": "plans", "plans": plans, "can_write": can_write(request.user, "plans")}
    return render(request, "web/plans/list.html", context)


@page
def plan_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    detail = plan_detail(plan, dt.date.today())
    indicator_charts = decorate(detail)
    specs = chart_specs(timeline=project_timeline(detail["projects"]), **indicator_charts)
    scheduled = sum(1 for p in detail["projects"] if p["start_year"] and p["finish_year"])
    context = {
        "active": "plans",
        "plan": plan,
        "detail": detail,
        "specs": specs,
        "status_class": STATUS_CLASS,
        "timeline_height": 70 + 24 * scheduled,
        "review_year": review_year(plan),
        "can_write": can_write(request.user, "plans"),
    }
    return render(request, "web/plans/plan.html", context)


@page
def plan_review(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Every extracted item, the unconfirmed first, each with its source line and a correction form."""
    plan = get_plan_for_user(request.user, plan_id)
    sections = []
    for kind, label, items in (
        ("indicator", "指标", plan.indicators.order_by("confirmed", "id")),
        ("project", "建设项目", plan.projects.order_by("confirmed", "id")),
        ("task", "任务", plan.tasks.order_by("confirmed", "id")),
    ):
        rows = [(item, form_fields(kind, item)) for item in items]
        sections.append((kind, label, rows))
    context = {"active": "plans", "plan": plan, "sections": sections, "can_write": can_write(request.user, "plans")}
    return render(request, "web/plans/review.html", context)


@page
@require_POST
def plan_correct(request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    item = get_item_for_plan(plan, kind, item_id)
    require_write(request.user, "plans")
    item = review(request.user, kind, item, request.POST.dict())
    if request.headers.get("HX-Request"):  # htmx swaps the item's card in place
        context = {"plan": plan, "kind": kind, "item": item, "fields": form_fields(kind, item), "saved": True}
        return render(request, "web/plans/_review_item.html", context | {"can_write": True})
    messages.success(request, "已保存并标记为已核对")
    return redirect(f"/plans/{plan.pk}/review/#{kind}-{item.pk}")
