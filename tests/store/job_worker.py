"""The test side of tests/store/test_jobs_worker.py: two job kinds that exist only in tests, and the real worker.

Usage: python -m tests.store.job_worker submit   — queue a quick job and one that hangs in its transaction
       python -m tests.store.job_worker ARGS…    — `eduplan worker ARGS…` with those kinds known
"""

from __future__ import annotations

import sys
import time
from typing import Any


def register() -> None:
    from django.db import transaction

    from eduplan.store.jobs import JobContext, job_kind
    from eduplan.store.models import Region

    @job_kind("test.quick", "测试：立即完成", time_limit=60)
    def quick(ctx: JobContext) -> dict[str, Any]:
        ctx.step(50, "一半")
        return {"text": "完成"}

    @job_kind("test.hang", "测试：在事务中停住", time_limit=600)
    def hang(ctx: JobContext) -> dict[str, Any]:
        ctx.step(10, "写入中")
        with transaction.atomic():
            Region.objects.create(code="990000", name="任务写入", level="province")
            print("IN TRANSACTION", file=sys.stderr, flush=True)
            time.sleep(600)
        return {"text": "不应完成"}


def main(arguments: list[str]) -> None:
    from eduplan import cli, store

    store.setup()
    register()
    if arguments == ["submit"]:
        from django.contrib.auth.models import User

        from eduplan.store.jobs import do_submit_job

        user = User.objects.create_user("t-worker-owner")
        for kind in ("test.quick", "test.hang"):
            print(do_submit_job(kind, user, {}, title=kind).pk)
        return
    cli.main(["worker", *arguments], prog_name="eduplan")


if __name__ == "__main__":
    main(sys.argv[1:])
