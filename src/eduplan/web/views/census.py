"""Census data: the years and their versions, the upload (dry run, located errors, confirm) and restore."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.errors import IngestError, UsageError
from eduplan.store.census import do_restore_census
from eduplan.store.jobs import do_submit_job
from eduplan.web import forms
from eduplan.web.access import (
    can_replace_census,
    can_write,
    census_versions_for_user,
    get_census_version_for_user,
    regions_in_scope,
    require_census_write,
    require_write,
    scope_of,
)
from eduplan.web.areas import census as census_upload
from eduplan.web.areas.jobs import get_finished_job
from eduplan.web.decorators import page


@page
def census_page(request: HttpRequest) -> HttpResponse:
    if scope_of(request.user).is_school:
        return redirect("home")
    versions = census_versions_for_user(request.user).order_by("-year", "-number")
    years = sorted({v.year for v in versions})
    replaceable = [y for y in years if can_replace_census(request.user, y)] if can_write(request.user, "census") else []
    context = {
        "active": "census",
        "versions": versions,
        "can_write": can_write(request.user, "census"),
        "replaceable": replaceable,  # years whose census this user's scope holds entirely
        # the counties whose own rows this user may restore (docs/collection.md)
        "counties": list(regions_in_scope(request.user).filter(level="county"))
        if can_write(request.user, "collection")
        else [],
    }
    return render(request, "web/census/census.html", context)


@page
def census_upload_page(request: HttpRequest) -> HttpResponse:
    """GET: the form (with ``?job=``: a finished check's result). POST with a file: the check (dry run) job. POST with
    a token: the confirmed import job."""
    require_write(request.user, "census")
    context: dict[str, object] = {"active": "census"}
    if request.method == "POST":
        year = forms.year(request.POST.get("year", ""))
        require_census_write(request.user, year)
        context["year"] = year
        try:
            if request.POST.get("token"):  # the confirmation: the import
                path = census_upload.kept_upload(request.POST["token"], request.POST.get("filename", ""))
                kind, title = "census.import", f"导入{year}学年普查数据（{path.name}）"
            else:  # the upload: the check (dry run)
                upload = request.FILES.get("file")
                if upload is None:
                    raise UsageError("请选择要上传的普查数据文件")
                census_upload.check_upload_size(upload.name or "upload.xlsx", upload.size or 0)
                path = census_upload.keep_upload(upload.read(), upload.name or "upload.xlsx")
                kind, title = "census.check", f"检查{year}学年普查数据（{path.name}）"
        except IngestError as exc:
            context.update(problems=exc.problems, total=exc.total)
            return render(request, "web/census/upload.html", context, status=400)  # refused: nothing stored
        # Both run as background jobs (docs/operations.md): the job's page shows the progress, then the result (the
        # check's on this page, with the confirm button).
        job = do_submit_job(
            kind, request.user, {"path": str(path), "year": year}, title=title, scope=scope_of(request.user).region_code
        )
        return redirect("job", job.pk)
    if request.GET.get("job"):
        return _checked(request, context)
    return render(request, "web/census/upload.html", context)


def _checked(request: HttpRequest, context: dict[str, object]) -> HttpResponse:
    """The result of a finished census.check job: the located problems (400), or the summary and the confirm form."""
    job = get_finished_job(request.user, request.GET["job"], "census.check")
    result = job.result
    context["year"] = result.get("year") or job.parameters.get("year")
    if job.state == "done":
        dry_run = {**result, "rows": dict(result["rows"]), "registry": dict(result["registry"])}
        context.update(dry_run=dry_run, token=result["token"])
        return render(request, "web/census/upload.html", context)
    if not job.finished:  # still queued or running: its page shows the progress
        return redirect("job", job.pk)
    if "problems" in result:
        context.update(problems=result["problems"], total=result["total"])
    else:
        context["error"] = job.error or job.message  # refused (out of scope, a lost file) or cancelled
    status = 403 if result.get("forbidden") else 400
    return render(request, "web/census/upload.html", context, status=status)  # refused: nothing stored


@page
@require_POST
def census_restore(request: HttpRequest, year: int, number: int) -> HttpResponse:
    version = get_census_version_for_user(request.user, forms.year(year), number)
    require_census_write(request.user, year, (version,))
    do_restore_census(version.year, version.number, request.user)
    messages.success(request, f"{year}学年已恢复为第{number}版")
    return redirect("census")
