"""我的任务 and a job's page: who sees which job, cancel from the page (its owner only), the polled partial."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from eduplan.store.models import AuditEntry, Job
from tests.web.conftest import client_for
from tests.web.world import OUTSIDER, ROLE_USERS, WebWorld


def _job(username: str, scope: str, title: str, state: str = "queued") -> Job:
    owner = User.objects.get(username=username)
    return Job.objects.create(kind="census.import", owner=owner, scope=scope, title=title, state=state, time_limit=60)


@pytest.mark.django_db
def test_a_user_lists_his_own_jobs_and_the_administrator_those_of_his_scope(web: WebWorld) -> None:
    _job(ROLE_USERS["clerk"], web.school, "城南小学填报员的任务")
    _job(ROLE_USERS["leader"], web.county, "局领导的任务")
    _job(OUTSIDER, web.other_county, "外县的任务")

    def titles(username: str) -> list[str]:
        body = client_for(username).get(reverse("jobs")).content.decode()
        return [t for t in ("城南小学填报员的任务", "局领导的任务", "外县的任务") if t in body]

    assert titles(ROLE_USERS["clerk"]) == ["城南小学填报员的任务"]
    assert titles(ROLE_USERS["leader"]) == ["局领导的任务"]
    assert titles(ROLE_USERS["planning"]) == []
    assert titles(ROLE_USERS["admin"]) == ["城南小学填报员的任务", "局领导的任务"]  # 清城区's administrator
    assert titles(OUTSIDER) == ["外县的任务"]


@pytest.mark.django_db
def test_the_owner_cancels_a_queued_job_from_its_page_and_the_page_stops_polling(web: WebWorld, as_role: Any) -> None:
    job = _job(ROLE_USERS["leader"], web.county, "局领导的任务")
    client = as_role("leader")
    partial = client.get(reverse("job_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in partial and 'data-state="queued"' in partial and "取消任务" in partial
    assert as_role("admin").post(reverse("job_cancel", args=[job.pk])).status_code == 403  # sees it, may not cancel
    response = client.post(reverse("job_cancel", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("job", args=[job.pk])
    job.refresh_from_db()
    assert (job.state, job.message) == ("cancelled", "已取消")
    partial = client.get(reverse("job_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' not in partial and "已取消" in partial
    assert AuditEntry.objects.filter(action="jobs.cancel", username=ROLE_USERS["leader"]).count() == 1
