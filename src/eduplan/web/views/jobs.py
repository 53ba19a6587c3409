"""Background jobs: the user's list (我的任务), one job's page with the progress it polls, cancel, download."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.errors import NotFound
from eduplan.store.jobs import KINDS, do_cancel_job, job_file
from eduplan.store.models import Job
from eduplan.web.areas.jobs import get_job_for_user, result_page, visible_jobs
from eduplan.web.decorators import page


def _context(job: Job, request: HttpRequest) -> dict[str, object]:
    kind = KINDS.get(job.kind)
    return {
        "job": job,
        "kind_label": kind.label if kind else job.kind,
        "mine": job.owner_id == request.user.pk,
        "has_file": job_file(job) is not None,
    }


@page
def jobs_page(request: HttpRequest) -> HttpResponse:
    jobs = list(visible_jobs(request.user)[:100])
    labels = {name: kind.label for name, kind in KINDS.items()}
    rows = [(job, labels.get(job.kind, job.kind), job_file(job) is not None) for job in jobs]
    return render(request, "web/jobs/jobs.html", {"active": "jobs", "rows": rows})


@page
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_job_for_user(request.user, job_id)
    target = result_page(job)
    if target:  # finished, and its result has a page of its own
        return redirect(target)
    return render(request, "web/jobs/job.html", {"active": "jobs", **_context(job, request)})


@page
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The htmx partial the job's page polls every second until the job has finished (then, for a job whose result
    has a page of its own, htmx is sent there)."""
    job = get_job_for_user(request.user, job_id)
    response = render(request, "web/jobs/_progress.html", _context(job, request))
    target = result_page(job)
    if target:
        response["HX-Redirect"] = target
    return response


@page
@require_POST
def job_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_job_for_user(request.user, job_id)
    if job.owner_id != request.user.pk:
        raise PermissionDenied("只有提交任务的用户可以取消它")
    if not job.finished:
        do_cancel_job(job, request.user)
    return redirect("job", job.pk)


@page
def job_download(request: HttpRequest, job_id: int) -> FileResponse:
    job = get_job_for_user(request.user, job_id)
    path = job_file(job)
    if path is None:
        raise NotFound("该任务没有可下载的文件（尚未完成或已失败）")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
