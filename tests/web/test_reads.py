"""Reading writes nothing: a leader's report downloads keep no run and leave no audit entry; a kept run is reused."""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from eduplan.store.models import AnalysisRun, AuditEntry
from tests.web.conftest import client_for
from tests.web.world import ROLE_USERS, WebWorld


def _cover(response: Any) -> dict[str, Any]:
    import io

    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    sheet = book.worksheets[0]
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}


@pytest.mark.django_db
def test_a_leaders_downloads_write_nothing_and_reuse_a_kept_run(web: WebWorld) -> None:
    leader = client_for(ROLE_USERS["leader"])
    region = {"region": web.county, "year": 2023}
    before = (AuditEntry.objects.count(), AnalysisRun.objects.count())
    for kind in ("balanced", "basic", "class-size", "staffing"):  # (the test world has no kindergarten)
        response = leader.get(reverse("report_download", kwargs=region | {"name": f"{kind}.xlsx"}))
        assert response.status_code == 200, kind
        assert _cover(response)["运行记录"] == "未存档（按当前数据计算）", kind
    plan = leader.get(reverse("plan_report", kwargs={"plan_id": web.plan_id, "fmt": "xlsx"}))
    assert plan.status_code == 200
    assert (AuditEntry.objects.count(), AnalysisRun.objects.count()) == before
    # The planning office keeps a run (a POST, audited); the leader's download then names it.
    planning = client_for(ROLE_USERS["planning"])
    assert planning.post(reverse("assessment_run", kwargs=region), {"kind": "balanced"}).status_code == 302
    run = AnalysisRun.objects.get(kind="balanced")
    response = leader.get(reverse("report_download", kwargs=region | {"name": "balanced.xlsx"}))
    assert _cover(response)["运行记录"] == f"评估记录 #{run.pk}"
    assert AnalysisRun.objects.count() == before[1] + 1
