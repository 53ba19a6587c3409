"""In the browser, without a command line: a planner uploads a plan as a PDF, reviews the items beside their source
(page and table row, or page and line), corrects one and confirms another, then enters an indicator's actual and a
project's progress for the year.

The PDF is the plan reader's format fixture (tests/data/plans/formats/text.pdf, printed by WeasyPrint with a running
header and page numbers: a ruled indicator table on page 1, an unruled project list on page 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import PAGE_WIDTH, TABLET, Session, browser_session  # noqa: F401 - the fixture
from tests.web.world import PASSWORD, ROLE_USERS, WebWorld

pytestmark = pytest.mark.browser

PDF = Path(__file__).parents[1] / "data" / "plans" / "formats" / "text.pdf"
TITLE = "某某县教育事业发展“十四五”规划"


def test_a_planner_uploads_reviews_and_tracks_a_plan(
    browser_session: Session,  # noqa: F811
    web: WebWorld,
    tmp_path: Path,
    settings: Any,
) -> None:
    from eduplan.store.models import AuditEntry, IndicatorActual, Plan, ProjectProgress

    settings.MEDIA_ROOT = tmp_path / "media"
    document = tmp_path / "某某县规划.pdf"
    document.write_bytes(PDF.read_bytes())
    s = browser_session
    s.page.goto(f"{s.base}/accounts/login/?next=/plans/")  # straight to the plans (the dashboard is not tested here)
    s.page.fill("#id_username", ROLE_USERS["planning"])
    s.page.fill("#id_password", PASSWORD)
    with s.page.expect_navigation():
        s.page.click("button[type=submit]")
    s.page.click("text=上传规划文件")
    s.page.set_input_files("input[name=file]", str(document))
    s.page.click("form[enctype] button[type=submit]")
    s.page.wait_for_url("**/review/")  # the reading job's page (the job ran at once here) sent the browser on
    assert any(url.startswith(f"{s.base}/jobs/") for url in s.requests)
    plan = Plan.objects.get(title=TITLE)
    indicator = plan.indicators.get(name="学前三年毛入园率", kind="table")
    project = plan.projects.get(name="城东小学")

    card = s.page.locator(f"#indicator-{indicator.pk}")
    assert card.locator(".where").inner_text() == "出处：某某县规划.pdf 第 1 页表 1 第 2 行"
    assert card.locator(".source").inner_text() == "1 | 学前三年毛入园率（%） | 90.2 | ≥95 | 预期性"
    where = s.page.locator(f"#project-{project.pk} .where").inner_text()
    assert where == "出处：某某县规划.pdf 第 2 页第 8 行"
    card.locator("input[name=target_value]").fill("96")  # corrected
    card.locator("button[type=submit]").click()
    s.page.wait_for_selector(f"#indicator-{indicator.pk} .tag.pass >> text=已保存")
    s.page.locator(f"#project-{project.pk} button[type=submit]").click()  # confirmed as it stands
    s.page.wait_for_selector(f"#project-{project.pk} .tag.pass >> text=已核对")
    s.shot("plan-upload-reviewed")

    s.page.goto(f"{s.base}/plans/{plan.pk}/track/")
    row = s.page.locator(f"#indicator-{indicator.pk}")
    row.locator("input[name=year]").fill("1999")
    row.locator("input[name=value]").fill("97.1")
    row.locator("button[type=submit]").click()
    s.page.wait_for_selector(f"#indicator-{indicator.pk} .field-error >> text=年份应为 2000–2100 之间的年份")
    s.errors.clear()  # Chromium logs the 400 answer of the refused form
    row = s.page.locator(f"#indicator-{indicator.pk}")
    row.locator("input[name=year]").fill("2023")
    row.locator("button[type=submit]").click()
    s.page.wait_for_selector(f"#indicator-{indicator.pk} .tag >> text=2023：97.10")
    row = s.page.locator(f"#project-{project.pk}")
    row.locator("input[name=year]").fill("2023")
    row.locator("select[name=status]").select_option("在建")
    row.locator("input[name=seats_delivered]").fill("0")
    row.locator("input[name=investment_spent]").fill("3000")
    row.locator("button[type=submit]").click()
    s.page.wait_for_selector(f"#project-{project.pk} .tag.pass >> text=已保存")
    s.shot("plan-tracked")
    s.page.set_viewport_size(TABLET)  # the source beside the item, the form beside the tracking: stacked on a tablet
    for path in (f"/plans/{plan.pk}/track/", f"/plans/{plan.pk}/review/", "/plans/upload/", "/plans/new/"):
        s.page.goto(s.base + path)
        assert s.page.evaluate(PAGE_WIDTH) == [768, 768], path

    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.confirmed) == (96.0, True)
    assert IndicatorActual.objects.get(indicator=indicator).value == 97.1
    progress = ProjectProgress.objects.get(project=project)
    assert (progress.year, progress.status, progress.seats_delivered, progress.investment_spent) == (
        2023,
        "在建",
        0,
        3000.0,
    )
    actions = AuditEntry.objects.filter(username="t-planning").order_by("pk").values_list("action", flat=True)
    assert list(actions) == [
        "jobs.submit",  # the reading job
        "plan.import",
        "plan.correct",
        "plan.confirm",
        "plan.actual",
        "plan.progress",
    ]
