"""Background jobs in-process (django-tasks' immediate backend, tests/conftest.py): progress, result, cancel, time
limit, errors in Chinese, and the recovery of jobs whose worker died. The worker process: test_jobs_worker.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from eduplan.errors import IngestError, Problem
from eduplan.store.jobs import CRASHED, JobContext, do_cancel_job, do_recover_jobs, do_submit_job, job_kind
from eduplan.store.models import AuditEntry, Job, Region

seen: list[tuple[int, str]] = []


@job_kind("test.steps", "测试：分步", time_limit=60)
def _steps(ctx: JobContext) -> dict[str, Any]:
    for percent in (20, 60):
        ctx.step(percent, f"第 {percent} 步")
        seen.append(tuple(Job.objects.values_list("progress", "message").get(pk=ctx.job.pk)))
    return {"text": f"合计 {ctx.parameters['n'] * 2}", "url": "/census/"}


@job_kind("test.cancelled", "测试：运行中取消", time_limit=60)
def _cancelled(ctx: JobContext) -> dict[str, Any]:
    ctx.step(10, "读取")
    do_cancel_job(Job.objects.get(pk=ctx.job.pk), ctx.user)  # the owner presses 取消 while the job runs
    ctx.step(50, "写入")  # stops here
    Region.objects.create(code="990000", name="不应写入", level="province")
    return {}


@job_kind("test.slow", "测试：超时", time_limit=1)
def _slow(ctx: JobContext) -> dict[str, Any]:
    ctx.step(10, "写入")
    with transaction.atomic():
        Region.objects.create(code="990001", name="超时前写入", level="province")
        time.sleep(5)  # stopped by the time limit inside the transaction
    return {}


@job_kind("test.bad_file", "测试：文件有误", time_limit=60)
def _bad_file(ctx: JobContext) -> dict[str, Any]:
    raise IngestError([Problem("普查.xlsx", "应为整数", sheet="学校", row=3, column="F", found="abc")])


@job_kind("test.bug", "测试：程序错误", time_limit=60)
def _bug(ctx: JobContext) -> dict[str, Any]:
    raise ZeroDivisionError


@pytest.fixture
def owner(db: Any) -> User:
    return User.objects.create_user("t-job-owner")


def test_a_job_records_its_steps_its_result_and_its_submission_in_the_audit(owner: User) -> None:
    seen.clear()
    job = do_submit_job("test.steps", owner, {"n": 21}, title="分步任务", scope="441802")
    assert seen == [(20, "第 20 步"), (60, "第 60 步")]
    assert (job.state, job.progress, job.message, job.error) == ("done", 100, "已完成", "")
    assert job.result == {"text": "合计 42", "url": "/census/"}
    assert job.started_at is not None and job.finished_at is not None and job.task_id
    entry = AuditEntry.objects.get(action="jobs.submit")
    assert (entry.username, entry.object_id, entry.summary, entry.region_code) == (
        "t-job-owner",
        str(job.pk),
        "提交后台任务：分步任务",
        "441802",
    )


def test_a_job_cancelled_while_running_stops_at_its_next_step_and_writes_nothing(owner: User) -> None:
    job = do_submit_job("test.cancelled", owner, {}, title="取消")
    assert (job.state, job.progress, job.message) == ("cancelled", 10, "已取消；未保存任何结果")
    assert not Region.objects.filter(code="990000").exists()
    assert AuditEntry.objects.filter(action="jobs.cancel").count() == 1


def test_a_queued_job_cancelled_never_runs(owner: User, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    job = do_submit_job("test.steps", owner, {"n": 1}, title="排队")
    assert job.state == "queued"
    job = do_cancel_job(job, owner)
    assert (job.state, job.message) == ("cancelled", "已取消")
    from eduplan.store.jobs import execute_job

    assert execute_job(job.pk) == "skipped"


def test_a_job_over_its_time_limit_is_stopped_inside_its_step_and_its_transaction_rolled_back(owner: User) -> None:
    started = time.monotonic()
    job = do_submit_job("test.slow", owner, {}, title="超时")
    assert time.monotonic() - started < 4  # stopped after 1 s, not after the 5 s sleep
    assert (job.state, job.error) == ("failed", "超过时限（1 秒），已停止；未保存任何结果")
    assert not Region.objects.filter(code="990001").exists()


def test_a_bad_file_fails_with_its_located_problems_and_a_bug_with_a_message_not_a_traceback(owner: User) -> None:
    job = do_submit_job("test.bad_file", owner, {}, title="坏文件")
    assert (job.state, job.error) == ("failed", "普查.xlsx:学校!F3: 应为整数，实际为 abc")
    assert job.result["problems"][0]["cell"] == "学校!F3" and job.result["total"] == 1
    job = do_submit_job("test.bug", owner, {}, title="程序错误")
    assert (job.state, job.error) == ("failed", "内部错误，任务已停止，未保存任何结果（详情已记入服务器日志）")


def test_a_running_job_whose_worker_is_gone_is_failed_at_the_next_worker_start(owner: User) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host, now = socket.gethostname(), timezone.now()

    def running(worker: str, started_ago: int) -> Job:
        started = now - timedelta(seconds=started_ago)
        return Job.objects.create(
            kind="test.steps",
            owner=owner,
            title=worker,
            state="running",
            worker=worker,
            started_at=started,
            time_limit=600,
        )

    gone = running(f"{host}:{dead.pid}", 5)  # its process has ended
    alive = running(f"{host}:{os.getppid()}", 5)  # a live process (pytest's parent), within its time
    overdue = running(f"{host}:{os.getppid()}", 600 + 61)  # alive, but past its time limit and the grace minute
    elsewhere = running("other-host:1", 5)  # another host's worker within its time: cannot tell, left alone
    assert sorted(do_recover_jobs(now)) == sorted([gone.pk, overdue.pk])
    states = dict(Job.objects.values_list("pk", "state"))
    assert [states[j.pk] for j in (gone, alive, overdue, elsewhere)] == ["failed", "running", "failed", "running"]
    assert Job.objects.get(pk=gone.pk).error == CRASHED
    assert AuditEntry.objects.filter(action="jobs.recover").count() == 2
