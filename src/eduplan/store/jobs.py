"""Background jobs: long work (imports, reports, city-wide runs, OCR) out of the request (docs/operations.md).

The queue is django-tasks' database backend (``django_tasks_db``): a table in the store itself, on SQLite and on
PostgreSQL alike, with no broker; ``eduplan worker`` (started by ``eduplan serve`` and ``eduplan demo``) runs its
``db_worker`` loop. What a page shows and polls is a :class:`~eduplan.store.models.Job` row: state, progress and
message, result or error in Chinese.

A job kind is a function registered with :func:`job_kind`, given a :class:`JobContext`:

- ``ctx.step(percent, message)`` between steps records the progress, and stops the job when its owner cancelled it
  (cooperative cancel) or its time is up;
- the kind's time limit is also enforced from outside the job's code where the worker can (an interval timer in the
  worker's main thread), so a step that hangs is stopped too;
- each job's store write is ONE ``do_*`` call (one transaction): a job stopped, failed or killed half-way leaves the
  store as it was before — a killed worker's open transaction is rolled back by the database, and the next worker
  start (:func:`do_recover_jobs`) marks the job failed.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from eduplan.errors import EduplanError, IngestError
from eduplan.store.audit import record
from eduplan.store.models import Job

logger = logging.getLogger(__name__)

# A running job whose worker is gone is failed at the next worker start; a worker elsewhere (another host) cannot be
# asked whether it lives, so its jobs are failed once their time limit and this much more have passed.
GRACE = timedelta(seconds=60)
CRASHED = "后台进程在任务运行中中断（服务器重启或进程被终止）；本任务的写入已全部撤销，请重新提交"


class JobCancelled(Exception):
    """The owner cancelled the job: raised by :meth:`JobContext.step`."""


class JobTimeLimit(BaseException):
    """The job's time is up. A BaseException, so that no ``except Exception`` in a job's code swallows it."""


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str  # in Chinese, for the pages
    time_limit: int  # seconds
    handler: Callable[[JobContext], dict[str, Any]]


KINDS: dict[str, JobKind] = {}


def job_kind(name: str, label: str, time_limit: int) -> Callable[[Callable[[JobContext], dict[str, Any]]], Any]:
    """Register a job kind: ``@job_kind("census.import", "导入普查数据", 1800)`` over ``def run(ctx) -> result``.

    The result is a JSON object: ``text`` (what the page says when the job is done), ``url`` (where to go next),
    ``file`` (a file the job wrote in ``ctx.folder()``, offered for download)."""

    def register(handler: Callable[[JobContext], dict[str, Any]]) -> Callable[[JobContext], dict[str, Any]]:
        KINDS[name] = JobKind(name, label, time_limit, handler)
        return handler

    return register


class JobContext:
    """What a job's function gets: its row, its owner, its parameters, progress and cancel, its folder."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.deadline = time.monotonic() + job.time_limit

    @property
    def user(self) -> User:
        return self.job.owner

    @property
    def parameters(self) -> dict[str, Any]:
        return dict(self.job.parameters)

    def step(self, percent: int, message: str) -> None:
        """Record progress (0–100) and a message; stop here if the job was cancelled or its time is up."""
        if time.monotonic() > self.deadline:
            raise JobTimeLimit
        if self.cancel_requested():
            raise JobCancelled
        self.note(percent, message)

    def note(self, percent: int, message: str) -> None:
        """Record progress without stopping: for work that stops itself at :meth:`cancel_requested` and keeps what it
        has (a solver's best plan so far)."""
        percent = max(0, min(100, int(percent)))
        Job.objects.filter(pk=self.job.pk).update(progress=percent, message=message[:200])

    def cancel_requested(self) -> bool:
        return Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists()

    def folder(self) -> Path:
        """The job's own folder for the files it writes (reports), under ``var/jobs/<id>/``."""
        return job_folder(self.job)


def job_folder(job: Job) -> Path:
    path = Path(settings.JOBS_DIR) / str(job.pk)
    path.mkdir(parents=True, exist_ok=True)
    return path


def job_file(job: Job) -> Path | None:
    """The file a finished job offers for download, if any (only a plain name inside the job's folder)."""
    name = str(job.result.get("file", "")) if job.state == "done" else ""
    if not name or Path(name).name != name:
        return None
    path = Path(settings.JOBS_DIR) / str(job.pk) / name
    return path if path.is_file() else None


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def do_submit_job(
    kind: str,
    user: AbstractBaseUser | AnonymousUser,
    parameters: dict[str, Any],
    *,
    title: str,
    scope: str = "",
) -> Job:
    """Queue a job (audited) for the worker; with the immediate backend (tests) it has run when this returns."""
    spec = KINDS[kind]
    if not isinstance(user, User):
        raise PermissionDenied("请先登录")
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, parameters=parameters, owner=user, scope=scope, title=title[:200], time_limit=spec.time_limit
        )
        record(user, "jobs.submit", "Job", job.pk, summary=f"提交后台任务：{job.title}", region_code=scope)
    queued = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(queued.id)[:64])
    job.refresh_from_db()
    return job


def do_cancel_job(job: Job, user: AbstractBaseUser | AnonymousUser) -> Job:
    """Cancel: a queued job at once; a running one stops at its next step (its writes, if any, are not made)."""
    with transaction.atomic():
        if Job.objects.filter(pk=job.pk, state="queued").update(
            state="cancelled", cancel_requested=True, message="已取消", finished_at=timezone.now()
        ):
            pass
        elif job.state == "running":
            Job.objects.filter(pk=job.pk).update(cancel_requested=True, message="正在取消……")
        record(user, "jobs.cancel", "Job", job.pk, summary=f"取消后台任务：{job.title}", region_code=job.scope)
    job.refresh_from_db()
    return job


@task()
def run_job(job_id: int) -> str:
    """The one django-tasks task: run the job row ``job_id`` (its kind's function), recording how it ended."""
    return execute_job(job_id)


def execute_job(job_id: int) -> str:
    claimed = Job.objects.filter(pk=job_id, state="queued").update(
        state="running", started_at=timezone.now(), worker=worker_id(), message="开始运行"
    )
    if not claimed:  # cancelled before it started, or already run
        return "skipped"
    job = Job.objects.select_related("owner").get(pk=job_id)
    spec = KINDS.get(job.kind)
    if spec is None:
        return _finish(job_id, "failed", error=f"未知的后台任务类型 {job.kind}")
    try:
        with _time_limit(job.time_limit):
            result = spec.handler(JobContext(job))
    except JobCancelled:
        return _finish(job_id, "cancelled", message="已取消；未保存任何结果")
    except JobTimeLimit:
        return _finish(job_id, "failed", error=f"超过时限（{job.time_limit} 秒），已停止；未保存任何结果")
    except IngestError as exc:
        problems = [p.as_dict() for p in exc.problems]
        return _finish(
            job_id, "failed", error=str(exc) or "文件有误", result={"problems": problems, "total": exc.total}
        )
    except (EduplanError, PermissionDenied) as exc:
        refused = {"forbidden": True} if isinstance(exc, PermissionDenied) else None  # a page answers it with 403
        return _finish(job_id, "failed", error=str(exc) or "无权执行此操作", result=refused)
    except Exception:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        return _finish(job_id, "failed", error="内部错误，任务已停止，未保存任何结果（详情已记入服务器日志）")
    return _finish(job_id, "done", result=result, message="已完成")


def _finish(
    job_id: int, state: str, *, message: str = "", error: str = "", result: dict[str, Any] | None = None
) -> str:
    fields: dict[str, Any] = {"state": state, "finished_at": timezone.now(), "message": message or error[:200]}
    if error:
        fields["error"] = error
    if result is not None:
        fields["result"] = result
    if state == "done":
        fields["progress"] = 100
    Job.objects.filter(pk=job_id).update(**fields)
    return state


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Raise JobTimeLimit in the job after ``seconds``, wherever it is (the worker runs jobs in its main thread;
    elsewhere — a test's live server thread — only the check in ``step`` applies)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise JobTimeLimit

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _alive(worker: str, started: datetime | None, limit: int, now: datetime) -> bool:
    host, _, pid = worker.rpartition(":")
    if started is None or now > started + timedelta(seconds=limit) + GRACE:
        return False
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another host's worker, within its time: cannot tell
    if int(pid) == os.getpid():
        return False  # this very process is starting anew: what it ran before is gone
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def do_recover_jobs(now: datetime | None = None) -> list[int]:
    """Mark failed every running job whose worker is gone (called when a worker starts); their ids.

    Their store writes were one transaction each, which the database rolled back when the worker died."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    failed: list[int] = []
    for job in Job.objects.filter(state="running"):
        if _alive(job.worker, job.started_at, job.time_limit, now):
            continue
        with transaction.atomic():
            if Job.objects.filter(pk=job.pk, state="running").update(
                state="failed", error=CRASHED, message=CRASHED[:200], finished_at=now
            ):
                if job.task_id:
                    DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                        status="FAILED", finished_at=now
                    )
                record(None, "jobs.recover", "Job", job.pk, summary=f"后台任务中断，标为失败：{job.title}")
                failed.append(job.pk)
    return failed
