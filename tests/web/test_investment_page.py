"""The 投入测算 page: a scenario solved from the page, shown per school and CV, compared, exported; bad input is
a 400 page with the reason; user text is escaped."""

from __future__ import annotations

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
