"""Plan work in the browser: upload a plan document (read in a second request, with progress), type a plan in,
add items by hand, and enter the yearly tracking (actuals, project progress, task status).

Every write is one ``store.plans`` ``do_*`` function (one transaction, audited); every object is fetched through
``web.access`` (out of scope is 404), every write needs the ``plans`` right (403); a form that does not validate is
answered 400 with the message on its field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from eduplan.errors import IngestError, UsageError
from eduplan.store.plans import plan_detail
from eduplan.web.access import (
    can_write,
    get_plan_for_user,
    get_region_for_user,
    regions_in_scope,
    require_write,
    scope_of,
)
from eduplan.web.areas import plan_upload
from eduplan.web.areas.plan_entry import ITEM_FORMS, ITEM_LABELS, TRACK_FORMS, PlanForm, UploadForm, add_item
from eduplan.web.areas.plan_review import get_item_for_plan
from eduplan.web.decorators import page


def _regions(request: HttpRequest) -> Any:
    return regions_in_scope(request.user).exclude(level="town").order_by("code")


def _initial_region(request: HttpRequest) -> dict[str, str]:
    return {"region": scope_of(request.user).region_code}


@page
def plan_new(request: HttpRequest) -> HttpResponse:
    """A plan typed in by hand: title, region, period (then its items, on the plan's page)."""
    require_write(request.user, "plans")
    form = PlanForm(_regions(request), request.POST or None, initial=_initial_region(request))
    if request.method == "POST":
        if form.is_valid():
            plan = form.save(request.user)
            messages.success(request, f"已创建规划《{plan.title}》：请逐条添加指标、项目和任务")
            return redirect("plan", plan.pk)
        return render(request, "web/plans/new.html", {"active": "plans", "form": form}, status=400)
    return render(request, "web/plans/new.html", {"active": "plans", "form": form})


@page
def plan_upload_page(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: keep the file and answer at once with a page that reads it (``plan_upload_read``)."""
    require_write(request.user, "plans")
    form = UploadForm(_regions(request), request.POST or None, request.FILES or None, initial=_initial_region(request))
    context: dict[str, Any] = {"active": "plans", "form": form}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "web/plans/upload.html", context, status=400)
        upload = form.cleaned_data["file"]
        try:
            path = plan_upload.keep_upload(upload.read(), upload.name or "plan.txt")
        except IngestError as exc:
            context.update(problems=exc.problems, total=exc.total)
            return render(request, "web/plans/upload.html", context, status=400)
        context["kept"] = {"token": plan_upload.token_of(path), "name": path.name, "size": path.stat().st_size}
        context["region"] = form.cleaned_data["region"]
    return render(request, "web/plans/upload.html", context)


@page
@require_POST
def plan_upload_read(request: HttpRequest) -> HttpResponse:
    """Read the kept file and store its plans; htmx is sent on to the review page, a plain POST redirected there."""
    require_write(request.user, "plans")
    region = get_region_for_user(request.user, request.POST.get("region", ""))
    token, name = plan_upload.check_token(request.POST.get("token", ""), request.POST.get("filename", ""))
    replace = request.POST.get("replace") == "1"
    stored = list(plan_upload.stored_already(request.user, token, region.code)) if not replace else []
    if stored:
        messages.info(request, f"文件 {name} 已导入为规划《{stored[0].title}》，未重复导入")
        plans = stored
    else:
        try:
            plans, left_out = plan_upload.read_upload(request.user, token, name, region.code, replace=replace)
        except IngestError as exc:
            context = {"problems": exc.problems, "total": exc.total, "name": name}
            return render(request, "web/plans/_upload_problems.html", context, status=400)
        except plan_upload.Duplicate as exc:
            context = {"stored": exc.plans, "name": name, "token": token, "region": region.code}
            return render(request, "web/plans/_upload_duplicate.html", context, status=400)
        counts = "；".join(
            f"《{p.title}》指标 {p.indicators.count()}、项目 {p.projects.count()}、任务 {p.tasks.count()}"
            for p in plans
        )
        messages.success(request, f"已读取 {name}：{counts}。请逐条核对")
        for message in left_out:
            messages.info(request, message)
    target = reverse("plan_review", args=[plans[0].pk])
    if request.headers.get("HX-Request"):
        response = render(request, "web/plans/_upload_done.html", {"plans": plans, "target": target})
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@page
def plan_upload_progress(request: HttpRequest) -> HttpResponse:
    """How far the reading of an uploaded file is (the upload page asks every second); the last answer stops asking."""
    require_write(request.user, "plans")
    state = plan_upload.reading_progress(request.GET.get("token", ""))
    return render(request, "web/plans/_upload_progress.html", {"state": state, "token": request.GET.get("token", "")})


@page
def plan_add_item(request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
    """An indicator, project or task added to a plan by hand."""
    plan = get_plan_for_user(request.user, plan_id)
    form_class = ITEM_FORMS.get(kind)
    if form_class is None:
        raise UsageError(f"未知的条目类型“{kind}”；应为 {'、'.join(ITEM_FORMS)}")
    require_write(request.user, "plans")
    form = form_class(request.POST or None, initial={"comparator": "≥"})
    context = {"active": "plans", "plan": plan, "kind": kind, "label": ITEM_LABELS[kind], "form": form}
    if request.method == "POST":
        if form.is_valid():
            add_item(request.user, plan.pk, kind, form)
            messages.success(request, f"已添加{ITEM_LABELS[kind]}")
            return redirect(f"{reverse('plan', args=[plan.pk])}#{kind}s")
        return render(request, "web/plans/add_item.html", context, status=400)
    return render(request, "web/plans/add_item.html", context)


def _track_rows(plan: Any, failed: tuple[str, int, Any] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every item of the plan with its tracking and its form (the refused one bound, with its errors)."""
    detail = plan_detail(plan, dt.date.today())
    year = dt.date.today().year
    initial = {"indicator": {"year": year}, "project": {"year": year}, "task": {}}
    sections: dict[str, list[dict[str, Any]]] = {}
    for kind, items in (
        ("indicator", detail["indicators"] + detail["targets"]),
        ("project", detail["projects"]),
        ("task", detail["tasks"]),
    ):
        rows = []
        for item in items:
            if failed and failed[:2] == (kind, item["id"]):
                form = failed[2]
            else:
                form = TRACK_FORMS[kind](initial=initial[kind] | ({"status": item["status"]} if kind == "task" else {}))
            rows.append({"kind": kind, "item": item, "form": form})
        sections[kind] = rows
    return sections


@page
def plan_track(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The yearly tracking of a plan: each indicator's actuals, each project's progress, each task's status."""
    plan = get_plan_for_user(request.user, plan_id)
    context = {
        "active": "plans",
        "plan": plan,
        "sections": _track_rows(plan),
        "can_write": can_write(request.user, "plans"),
    }
    return render(request, "web/plans/track.html", context)


@page
@require_POST
def plan_track_save(request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    item = get_item_for_plan(plan, kind, item_id)
    require_write(request.user, "plans")
    form = TRACK_FORMS[kind](request.POST)
    htmx = bool(request.headers.get("HX-Request"))
    if not form.is_valid():
        sections = _track_rows(plan, (kind, item.pk, form))
        if htmx:
            row = next(r for r in sections[kind] if r["item"]["id"] == item.pk)
            return render(request, "web/plans/_track_row.html", row | {"plan": plan, "can_write": True}, status=400)
        context = {"active": "plans", "plan": plan, "sections": sections, "can_write": True}
        return render(request, "web/plans/track.html", context, status=400)
    form.save(request.user, item.pk)
    if htmx:
        row = next(r for r in _track_rows(plan)[kind] if r["item"]["id"] == item.pk)
        return render(request, "web/plans/_track_row.html", row | {"plan": plan, "can_write": True, "saved": True})
    messages.success(request, "已保存")
    return redirect(f"{reverse('plan_track', args=[plan.pk])}#{kind}-{item.pk}")
