"""Background jobs on the web: who sees which job, and the job kinds the pages start (docs/operations.md).

The kinds register with ``store.jobs.job_kind`` when this module is imported; ``web.apps.WebConfig.ready`` imports
it, so the worker process (``eduplan worker``) knows them too. Each kind's store write is one ``do_*`` call, one
transaction: a job stopped half-way stores nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from eduplan.errors import NotFound
from eduplan.store.investment import MAX_TIME_LIMIT
from eduplan.store.jobs import KINDS, JobContext, job_kind
from eduplan.store.models import Job, Region
from eduplan.store.models.accounts import ROLE_ADMIN
from eduplan.web.access import AnyUser, get_region_for_user, scope_of
from eduplan.web.areas import census as census_upload
from eduplan.web.areas import plan_upload


def visible_jobs(user: AnyUser) -> QuerySet[Job]:
    """A user sees his own jobs; an administrator also every job about a region or school in his scope."""
    scope = scope_of(user)  # 404 without a scope
    jobs = Job.objects.select_related("owner")
    if scope.role == ROLE_ADMIN and scope.prefix:
        return jobs.filter(Q(owner_id=user.pk) | Q(scope__startswith=scope.prefix))
    return jobs.filter(owner_id=user.pk)


def get_job_for_user(user: AnyUser, job_id: int) -> Job:
    job = visible_jobs(user).filter(pk=job_id).first()
    if job is None:
        raise NotFound(f"没有编号为 {job_id} 的任务（或不在您的权限范围内）")
    return job


def result_page(job: Job) -> str | None:
    """Where a finished job's page sends its user on: a job whose result is shown by a page of its own (the census
    check's problems or summary and confirm button, on the census upload page); None for the others."""
    pages = {"census.check": "census_upload", "plan.read": "plan_upload"}
    if job.kind in pages and job.state in ("done", "failed"):
        return f"{reverse(pages[job.kind])}?job={job.pk}"
    return None


def get_finished_job(user: AnyUser, job_id: str, kind: str) -> Job:
    """A job of ``kind`` the user may see (404 otherwise), whose result a page of its own shows."""
    job = get_job_for_user(user, int(job_id)) if job_id.isdigit() else None
    if job is None or job.kind != kind:
        raise NotFound(f"没有编号为 {job_id} 的{KINDS[kind].label}任务")
    return job


@job_kind("plan.read", "读取规划文件", time_limit=1800)
def plan_read(ctx: JobContext) -> dict[str, Any]:
    """Read an uploaded plan document (a scanned PDF's OCR page by page) and store its plans for review.

    Done: the plans stored (the review page of the first is next), or — the region holds the document already —
    those plans, for the analyst to replace them or not."""
    params = ctx.parameters
    try:  # the owner's scope, checked again where the work is done
        region = get_region_for_user(ctx.user, str(params["region"]))
    except Http404 as exc:
        raise NotFound(str(exc)) from None
    token, name, replace = str(params["token"]), str(params["filename"]), bool(params["replace"])

    reached = [5]

    def progress(stage: str, done: int, total: int) -> None:  # per page of a PDF (its text, then its OCR): 5–90 %
        reached[0] = max(reached[0], 5 + 85 * done // total if total else 0)
        ctx.step(reached[0], f"{stage} {done}/{total}" if total else stage)

    ctx.step(2, f"正在读取 {name}")
    try:
        plans, left_out = plan_upload.read_upload(ctx.user, token, name, region.code, progress, replace=replace)
    except plan_upload.Duplicate as exc:
        ids = [p.pk for p in exc.plans]
        return {"duplicate": ids, "token": token, "filename": name, "region": region.code, "text": f"{name} 已导入过"}
    counts = "；".join(
        f"《{p.title}》指标 {p.indicators.count()}、项目 {p.projects.count()}、任务 {p.tasks.count()}" for p in plans
    )
    return {
        "plans": [p.pk for p in plans],
        "text": f"已读取 {name}：{counts}。请逐条核对",
        "left_out": left_out,
        "url": reverse("plan_review", args=[plans[0].pk]),
    }


@job_kind("census.check", "检查普查数据（试运行）", time_limit=900)
def census_check(ctx: JobContext) -> dict[str, Any]:
    """The census upload's first step: the dry run of a kept upload in the owner's scope (nothing stored).

    Done: the check's summary (rows, registry changes, warnings) and the token the confirmation posts; a file with
    errors fails the job with every located problem (``store.jobs.execute_job`` keeps them in the result)."""
    params = ctx.parameters
    path, year = Path(params["path"]), int(params["year"])
    if not path.is_file():
        raise NotFound("上传的文件已失效，请重新上传")
    ctx.step(10, f"正在检查 {path.name}（读取各工作表并逐行核对）")
    checked = census_upload.dry_run(path, year, ctx.user)
    summary = checked.as_dict()
    return {
        **summary,
        # as [key, value] pairs: PostgreSQL's jsonb does not keep a dict's key order (the sheets' order, 学校 first)
        "rows": list(summary["rows"].items()),
        "registry": list(summary["registry"].items()),
        "token": path.parent.name,
        "text": f"{checked.file} 检查通过（{year}学年），尚未写入：请查看结果并确认导入",
        "url": f"{reverse('census_upload')}?job={ctx.job.pk}",  # = result_page(job)
    }


@job_kind("census.import", "导入普查数据", time_limit=1800)
def census_import(ctx: JobContext) -> dict[str, Any]:
    """The confirmed census import of a checked upload: checked again in the owner's scope, then stored."""
    params = ctx.parameters
    path, year = Path(params["path"]), int(params["year"])
    if not path.is_file():
        raise NotFound("上传的文件已失效，请重新上传")
    owner: User = ctx.user
    ctx.step(5, f"正在检查 {path.name}")
    census_upload.dry_run(path, year, owner)
    ctx.step(45, "检查通过，正在写入数据库（一次事务：全部写入或全部不写）")
    result = census_upload.import_checked(path, year, owner)
    return {
        "text": f"已导入 {result.file}：{year}学年第{result.version}版，现为当前版本",
        "url": reverse("census"),
    }


REPORT_KINDS = ("balanced", "basic", "preschool", "class-size", "staffing", "value-added")


def report_title(title: str, region: Region, year: int, fmt: str) -> str:
    return f"生成{title}（{region.name} {year}学年，{fmt.upper()}）"


@job_kind("report.render", "生成报告", time_limit=1800)
def render_report_job(ctx: JobContext) -> dict[str, Any]:
    """A report of ``eduplan.reports`` (the 优质均衡 PDF, a city's value-added …) written to the job's folder."""
    from eduplan.reports.render import render_report

    params = ctx.parameters
    kind, fmt, report_params = str(params["kind"]), str(params["fmt"]), dict(params["params"])
    if kind not in REPORT_KINDS:
        raise NotFound(f"没有这种报告：{kind}")
    try:  # the owner's scope, checked again where the work is done
        get_region_for_user(ctx.user, str(report_params["region"]))
    except Http404 as exc:
        raise NotFound(str(exc)) from None
    ctx.step(10, "正在汇总数据、计算并排版（大区域需要一两分钟）")
    report = render_report(kind, report_params, fmt)
    ctx.step(95, "正在保存文件")
    (ctx.folder() / report.filename).write_bytes(report.content)
    return {"text": f"已生成 {report.filename}", "file": report.filename}


@job_kind("investment.solve", "投入测算", time_limit=int(MAX_TIME_LIMIT) + 300)
def investment_solve(ctx: JobContext) -> dict[str, Any]:
    """A 投入测算 scenario solved and kept: the page shows the solver's best plan and bound as it goes; a cancel stops
    the solve and keeps the best plan found so far (checked by the assessment like any other)."""
    from eduplan.core.investment_solve import Progress
    from eduplan.store.investment import do_plan_investment

    params = ctx.parameters
    region, year, time_limit = str(params["region"]), int(params["year"]), float(params["time_limit"])
    try:  # the owner's scope, checked again where the work is done
        get_region_for_user(ctx.user, region)
    except Http404 as exc:
        raise NotFound(str(exc)) from None
    ctx.step(2, "正在读取普查数据和单价")

    def progress(p: Progress) -> None:
        found = "尚无可行方案" if p.objective is None else f"当前最优 {p.objective:,.2f} 万元"
        gap = "" if p.gap is None else f"，与下界相差 {p.gap:.1%}"
        ctx.note(5 + int(90 * min(p.seconds / time_limit, 1.0)), f"求解中（{p.seconds:.0f} 秒）：{found}{gap}")

    payload, run = do_plan_investment(
        region,
        year,
        variant=str(params["variant"]),
        budget=params.get("budget"),
        solver=str(params["solver"]),
        time_limit=time_limit,
        limit_posts=bool(params.get("limit_posts")),
        name=str(params.get("name", "")),
        user=ctx.user,
        progress=progress,
        cancel=ctx.cancel_requested,
    )
    cost = payload["cost"]
    return {
        "text": f"已存档测算记录 #{run.pk}：" + ("无可行方案" if cost is None else f"总投入 {cost:,.2f} 万元"),
        "url": f"{reverse('investment', args=[region, year])}?run={run.pk}",
    }
