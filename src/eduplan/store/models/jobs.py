"""Background jobs (docs/operations.md, "Background jobs"): one row per piece of long work a user started.

The queue itself is django-tasks' database backend (``django_tasks_db``): this row is what the pages show and poll —
the job's kind, parameters, owner and scope, its state, progress and message, its result or its error in Chinese.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Job(models.Model):
    STATES = {
        "queued": "排队中",
        "running": "运行中",
        "done": "已完成",
        "failed": "失败",
        "cancelled": "已取消",
    }
    FINISHED = ("done", "failed", "cancelled")

    kind = models.CharField(max_length=40, db_index=True)  # a kind registered in store/jobs.py (KINDS)
    parameters = models.JSONField(default=dict)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    scope = models.CharField(max_length=20, blank=True, default="")  # the region or school code the job is about
    title = models.CharField(max_length=200)  # in the user's words: 导入 2023学年普查数据（census.xlsx）
    state = models.CharField(max_length=10, choices=list(STATES.items()), default="queued", db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100
    message = models.CharField(max_length=200, blank=True, default="")
    result = models.JSONField(default=dict, blank=True)  # {"text": …, "url": …, "file": name under the job folder}
    error = models.TextField(blank=True, default="")  # in Chinese, for the user
    cancel_requested = models.BooleanField(default=False)
    time_limit = models.PositiveIntegerField()  # seconds, from the kind
    task_id = models.CharField(max_length=64, blank=True, default="")  # the django-tasks result id
    worker = models.CharField(max_length=100, blank=True, default="")  # host:pid of the worker running it
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "created_at"])]

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def state_label(self) -> str:
        return self.STATES.get(self.state, self.state)
