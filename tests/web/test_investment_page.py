"""The 投入测算 page: a scenario solved from the page, shown per school and CV, compared, exported; bad input is
a 400 page with the reason; user text is escaped."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from eduplan.store.models import AnalysisRun
from tests.web.conftest import client_for
from tests.web.world import WebWorld


def test_a_scenario_is_solved_shown_compared_and_exported(web: WebWorld) -> None:
    client = client_for("t-planning")
    page = reverse("investment", args=[web.county, 2023])
    response = client.post(page + "run/", {"variant": "least_cost", "time_limit": "20", "name": "<b>方案</b>"})
    assert response.status_code == 302
    run = AnalysisRun.objects.filter(kind="investment").latest("id")
    body = client.get(f"{page}?run={run.pk}&compare={run.pk}").content.decode()
    assert "&lt;b&gt;方案&lt;/b&gt;" in body and "<b>方案</b>" not in body  # escaped
    assert "差异系数（测算前后）" in body and "方案比较" in body
    assert f"{run.result['cost']:.2f}" in body
    pdf = client.get(reverse("investment_report", args=[web.county, 2023, run.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("investment_report", args=[web.county, 2023, run.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_bad_input_is_a_400_with_the_reason(web: WebWorld) -> None:
    client = client_for("t-planning")
    page = reverse("investment", args=[web.county, 2023])
    response = client.post(page + "run/", {"variant": "budget", "budget": "很多"})
    assert response.status_code == 400 and "预算应为数字" in response.content.decode()
    response = client.post(page + "costs/", {"multimedia_room": "-2"})
    assert response.status_code == 400 and "不小于 0" in response.content.decode()


def test_a_scenario_runs_as_a_job_that_reports_the_solver_and_a_cancel_keeps_the_best_plan(
    web: WebWorld, monkeypatch: Any
) -> None:
    from eduplan.store.jobs import JobContext
    from eduplan.store.models import Job

    notes: list[str] = []
    note = JobContext.note
    monkeypatch.setattr(
        JobContext, "note", lambda self, percent, message: (notes.append(message), note(self, percent, message))
    )
    client = client_for("t-planning")
    page = reverse("investment", args=[web.county, 2023])
    response = client.post(page + "run/", {"variant": "least_cost", "time_limit": "20", "name": "甲"})
    job = Job.objects.filter(kind="investment.solve").latest("id")
    assert response["Location"] == reverse("job", args=[job.pk])
    run = AnalysisRun.objects.filter(kind="investment").latest("id")
    assert job.state == "done" and job.result["url"] == f"{page}?run={run.pk}"
    assert job.result["text"] == f"已存档测算记录 #{run.pk}：总投入 {run.result['cost']:,.2f} 万元"
    assert notes[0] == "正在读取普查数据和单价" and notes[-1].startswith("求解中")  # the solver reports as it goes
    assert f"当前最优 {run.result['cost']:,.2f} 万元" in notes[-1]

    # The owner presses 取消 once the solve has started (the job's first step passed): the solver stops at its first
    # check and keeps its best plan so far.
    asked = iter([False])
    monkeypatch.setattr(JobContext, "cancel_requested", lambda self: next(asked, True))
    client.post(page + "run/", {"variant": "least_cost", "time_limit": "20", "name": "乙"})
    cancelled = AnalysisRun.objects.filter(kind="investment").latest("id")
    assert cancelled.pk != run.pk and cancelled.result["status"] == "cancelled"
    body = client.get(f"{page}?run={cancelled.pk}").content.decode()
    assert "已取消" in body
