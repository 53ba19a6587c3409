"""Plan work in the browser: upload a plan document (read in a background job, with progress), type a plan in,
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
from eduplan.store.jobs import do_submit_job
from eduplan.store.plans import plan_detail
from eduplan.web.access import (
    can_write,
    get_plan_for_user,
    get_region_for_user,
    plans_for_user,
    regions_in_scope,
    require_write,
    scope_of,
)
from eduplan.web.areas import plan_upload
from eduplan.web.areas.jobs import get_finished_job
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
    """GET: the form (with ``?job=``: a finished reading's problems or duplicate). POST: keep the file and start
    reading it in a background job (``_start_reading``)."""
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
        region = get_region_for_user(request.user, form.cleaned_data["region"])
        return _start_reading(request, plan_upload.token_of(path), path.name, region.code, replace=False)
    if request.GET.get("job"):
        return _read_result(request, context)
    return render(request, "web/plans/upload.html", context)


@page
@require_POST
def plan_upload_read(request: HttpRequest) -> HttpResponse:
    """Read a kept file again (the 替换原有规划 button: ``replace=1``), in a background job."""
    require_write(request.user, "plans")
    region = get_region_for_user(request.user, request.POST.get("region", ""))
    token, name = plan_upload.check_token(request.POST.get("token", ""), request.POST.get("filename", ""))
    return _start_reading(request, token, name, region.code, replace=request.POST.get("replace") == "1")


def _start_reading(request: HttpRequest, token: str, name: str, region: str, *, replace: bool) -> HttpResponse:
    """The very file a plan of the region was read from leads to that plan; any other is read in the ``plan.read``
    job, whose page shows the progress (a PDF's pages) and goes on to the review page."""
    stored = list(plan_upload.stored_already(request.user, token, region)) if not replace else []
    if stored:
        messages.info(request, f"文件 {name} 已导入为规划《{stored[0].title}》，未重复导入")
        target = reverse("plan_review", args=[stored[0].pk])
    else:
        parameters = {"token": token, "filename": name, "region": region, "replace": replace}
        title = f"{'重新读取并替换' if replace else '读取'}规划文件（{name}）"
        job = do_submit_job("plan.read", request.user, parameters, title=title, scope=region)
        target = reverse("job", args=[job.pk])
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


def _read_result(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """A finished ``plan.read`` job: on to the review page; or the file's located problems, or the stored plans
    holding the same document with the 替换 button (400)."""
    job = get_finished_job(request.user, request.GET["job"], "plan.read")
    result = job.result
    if not job.finished:
        return redirect("job", job.pk)
    if job.state == "done" and "plans" in result:
        messages.success(request, result["text"])
        for message in result["left_out"]:
            messages.info(request, message)
        return redirect(result["url"])
    if job.state == "done":  # the region holds the document already
        plans = list(plans_for_user(request.user).filter(pk__in=result["duplicate"]).order_by("pk"))
        context["duplicate"] = {"stored": plans, "name": result["filename"], "token": result["token"]}
        context["duplicate"]["region"] = result["region"]
    elif "problems" in result:
        context.update(problems=result["problems"], total=result["total"])
    else:
        context["error"] = job.error or job.message
    return render(request, "web/plans/upload.html", context, status=403 if result.get("forbidden") else 400)


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
