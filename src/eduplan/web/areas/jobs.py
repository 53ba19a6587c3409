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
from eduplan.store.jobs import JobContext, job_kind
from eduplan.store.models import Job, Region
from eduplan.store.models.accounts import ROLE_ADMIN
from eduplan.web.access import AnyUser, get_region_for_user, scope_of
from eduplan.web.areas import census as census_upload


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
