"""The census upload's check and import as background jobs in the browser: the upload and the confirmation answer
with the job's page, which shows its state and progress while it waits, polls, and shows the result once the job has
run (the check's result on the upload page, where the confirm button is)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import Session, browser_session  # noqa: F401  (the fixture)
from tests.web.world import CITY_ANALYST, WebWorld, current_tables

pytestmark = pytest.mark.browser

DONE = "() => document.querySelector('#job-progress')?.dataset.state === 'done'"


def test_the_census_import_shows_its_progress_then_its_result(
    browser_session: Session,  # noqa: F811
    web: WebWorld,
    tmp_path: Path,
    settings: Any,
) -> None:
    from eduplan.ingest.census_export import write_census_xlsx
    from eduplan.store.jobs import execute_job
    from eduplan.store.models import CensusVersion, Job

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued until we run it
    workbook = write_census_xlsx(current_tables(2023), tmp_path / "普查2023.xlsx")
    s = browser_session
    s.login(CITY_ANALYST)
    # The page's polls pass through this handler, which Playwright runs only while the test waits on the page: the
    # jobs below run while no request reaches the test server (one database connection shared with the test).
    s.page.route("**/progress/", lambda route: route.continue_())
    s.upload_census(workbook)  # the check (dry run) is a job too: its page polls, then shows the check's result
    s.page.wait_for_selector('#job-progress[data-state="queued"] progress')
    check = Job.objects.get(kind="census.check")
    assert execute_job(check.pk) == "done"
    s.page.wait_for_selector("#dry-run", timeout=30_000)  # the poll sent the page on to the result
    assert s.page.url == f"{s.base}/census/upload/?job={check.pk}"
    with s.page.expect_navigation():
        s.page.click('button:has-text("确认导入")')
    s.page.wait_for_selector('#job-progress[data-state="queued"] progress')
    assert s.page.locator("#job-state").inner_text() == "排队中"
    assert "任务在后台运行" in s.page.locator("#job-progress").inner_text()
    s.shot("census-import-job-queued")
    job = Job.objects.get(kind="census.import")
    assert CensusVersion.objects.get(year=2023, is_current=True).number == 1
    assert execute_job(job.pk) == "done"
    s.page.wait_for_function(DONE, timeout=30_000)
    s.shot("census-import-job-done")
    assert s.page.locator("#job-result").inner_text() == "已导入 普查2023.xlsx：2023学年第2版，现为当前版本"
    assert CensusVersion.objects.get(year=2023, is_current=True).number == 2
    s.page.click("#job-next")
    s.page.wait_for_load_state("networkidle")
    assert s.page.url == f"{s.base}/census/"
    s.page.goto(f"{s.base}/jobs/")
    assert s.page.locator("#jobs tr[data-state=done]").count() == 2  # the check and the import
