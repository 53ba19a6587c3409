"""In the browser, without a command line: a planner uploads a plan file, reviews the items beside their source,
corrects one and confirms another, then enters an indicator's actual and a project's progress for the year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.plan_files import TITLE, write_plan_docx
from tests.web.test_browser import Session, browser_session  # noqa: F401 - the fixture
from tests.web.world import ROLE_USERS, WebWorld

pytestmark = pytest.mark.browser


def test_a_planner_uploads_reviews_and_tracks_a_plan(
    browser_session: Session,  # noqa: F811
    web: WebWorld,
    tmp_path: Path,
    settings: Any,
) -> None:
    from eduplan.store.models import AuditEntry, IndicatorActual, Plan, ProjectProgress

    settings.MEDIA_ROOT = tmp_path / "media"
    document = write_plan_docx(tmp_path / "测试县规划.docx")
    s = browser_session
    s.login(ROLE_USERS["planning"])
    s.page.goto(f"{s.base}/plans/")
    s.page.click("text=上传规划文件")
    s.page.set_input_files("input[name=file]", str(document))
    s.page.click("form[enctype] button[type=submit]")
    s.page.wait_for_url("**/review/")  # the upload page read the file (htmx) and sent the browser on
    assert any(url.endswith("/plans/upload/read/") for url in s.requests)
    plan = Plan.objects.get(title=TITLE)
    indicator = plan.indicators.get(name="学前三年毛入园率")
    project = plan.projects.get()

    card = s.page.locator(f"#indicator-{indicator.pk}")
    assert card.locator(".where").inner_text() == "出处：测试县规划.docx 第6行"
    assert card.locator(".source").inner_text() == "学前教育 | 学前三年毛入园率（%） | 96.5 | ≥98 | 预期性"
    card.locator("input[name=target_value]").fill("98.5")  # corrected
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
    s.page.wait_for_selector(f"#indicator-{indicator.pk} .field-error >> text=年份应在 2000–2100 之间")
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

    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.confirmed) == (98.5, True)
    assert IndicatorActual.objects.get(indicator=indicator).value == 97.1
    progress = ProjectProgress.objects.get(project=project)
    assert (progress.year, progress.status, progress.seats_delivered, progress.investment_spent) == (
        2023,
        "在建",
        0,
        3000.0,
    )
    actions = AuditEntry.objects.filter(username="t-planning").order_by("pk").values_list("action", flat=True)
    assert list(actions) == ["plan.import", "plan.correct", "plan.confirm", "plan.actual", "plan.progress"]
