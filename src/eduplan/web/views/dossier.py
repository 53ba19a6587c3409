"""The county's 创建 dossier: every hand-recorded item of 优质均衡 and 学前普及普惠 with status, evidence files,
who confirmed it and when, and what is missing; analysts attach evidence files here and record the status on the
assessments page (the existing manual-items form)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.store.dossier import do_attach_dossier_evidence, dossier
from eduplan.store.supervision import Upload
from eduplan.web.access import can_write, require_write
from eduplan.web.decorators import page
from eduplan.web.views.common import region_for_page


@page
def dossier_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    items = dossier(place, year) if place.level == "county" else []
    context = {"active": "assessments", "region": place, "year": year, "items": items}
    context.update(can_attach=can_write(request.user, "assessments") and place.level == "county")
    context["complete"] = sum(not i["missing"] for i in items)
    return render(request, "web/supervision/dossier.html", context)


@page
@require_POST
def dossier_evidence(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    require_write(request.user, "assessments")
    uploads = [Upload(f.name or "未命名", f.read()) for f in request.FILES.getlist("evidence")]
    post = request.POST
    done = do_attach_dossier_evidence(
        request.user, post.get("standard", ""), post.get("item_key", ""), place, year, uploads
    )
    messages.success(request, f"已上传证明材料 {done} 份" if done else "没有选择文件，未上传")
    return redirect("dossier", place.code, year)
