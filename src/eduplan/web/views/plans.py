"""Plans: the list in scope; a plan's indicators (trajectories), projects (table, timeline), tasks; the review page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.web import charts
from eduplan.web.access import can_write, get_plan_for_user, plans_for_user, require_write
from eduplan.web.decorators import page
from eduplan.web.plan_review import EDITABLE, do_correct_plan_item, get_item_for_plan
from eduplan.web.plan_status import STATUS_CLASS, indicator_view
from eduplan.web.views.common import chart_specs


@page
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = plans_for_user(request.user).order_by("region_id", "id")
    return render(request, "web/plans.html", {"active": "plans", "plans": plans})


@page
def plan_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    today = dt.date.today()
    views = [indicator_view(i, today.year) for i in plan.indicators.prefetch_related("actuals")]
    projects = list(plan.projects.select_related("town").prefetch_related("progress"))
    scheduled = [(p.name, p.start_year, p.finish_year) for p in projects if p.start_year and p.finish_year]
    specs = chart_specs(
        timeline=charts.timeline("建设项目进度", scheduled) if scheduled else None,
        **{f"ind-{v.indicator.pk}": v.chart for v in views},
    )
    context = {
        "active": "plans",
        "plan": plan,
        "indicators": views,
        "projects": projects,
        "tasks": plan.tasks.all(),
        "today": today,
        "specs": specs,
        "status_class": STATUS_CLASS,
        "timeline_height": 60 + 26 * len(scheduled),
    }
    return render(request, "web/plan.html", context)


@page
def plan_review(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Every extracted item, the uncertain and unconfirmed first, each with its source line and a correction form."""
    plan = get_plan_for_user(request.user, plan_id)
    sections = [
        ("indicator", "指标", plan.indicators.order_by("confirmed", "id")),
        ("project", "建设项目", plan.projects.order_by("confirmed", "id")),
        ("task", "任务", plan.tasks.order_by("confirmed", "id")),
    ]
    context = {
        "active": "plans",
        "plan": plan,
        "sections": [(kind, label, items, list(EDITABLE[kind])) for kind, label, items in sections],
        "can_write": can_write(request.user, "plans"),
        "editable": EDITABLE,
    }
    return render(request, "web/plan_review.html", context)


@page
@require_POST
def plan_correct(request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    item = get_item_for_plan(plan, kind, item_id)
    require_write(request.user, "plans")
    do_correct_plan_item(request.user, kind, item, {k: v for k, v in request.POST.items() if k in EDITABLE[kind]})
    messages.success(request, "已保存并标记为已核对")
    return redirect(f"/plans/{plan.pk}/review/#{kind}-{item.pk}")
