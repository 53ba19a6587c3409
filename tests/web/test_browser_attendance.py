"""In the browser: a clerk reports a case whose home visit is already overdue; the office sees it flagged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.web.test_browser import Session, browser_session  # noqa: F401 - the fixture
from tests.web.world import ROLE_USERS, WebWorld

pytestmark = pytest.mark.browser


def test_a_clerks_case_with_an_overdue_visit_is_flagged_for_the_office(
    browser_session: Session,  # noqa: F811
    web: WebWorld,
) -> None:
    s = browser_session
    s.login(ROLE_USERS["clerk"])
    s.page.goto(f"{s.base}/schools/{web.school}/cases/")
    absent = (date.today() - timedelta(days=10)).isoformat()
    form = s.page.locator("form[action$='/cases/new/']")
    for name, value in {
        "student_id": "G4418020001009",
        "name": "赵小军",
        "birth_year": "2012",
        "grade": "6",
        "responsible": "周老师",
        "absent_since": absent,
        "reported_on": absent,
    }.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("[name=reason]").select_option("外出务工")
    with s.page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "/cases/" in s.page.url
    assert "无理由未返校满 3 天应家访：未家访" in s.page.locator("#overdue").inner_text()
    s.shot("attendance-case-overdue")
    s.page.context.clear_cookies()
    s.login(ROLE_USERS["planning"])
    s.page.goto(f"{s.base}/r/{web.county}/2023/attendance/cases/")
    row = s.page.locator("tr", has_text="赵小军")
    assert "未家访" in row.inner_text() and "周老师" in row.inner_text()
    # the office follows the case up: a home visit today is late and stays flagged as late; 复学 closes the case
    with s.page.expect_navigation():
        row.locator("a").first.click()
    today = date.today().isoformat()
    for step in ("家访", "复学"):
        form = s.page.locator("form[action$='/steps/']")
        form.locator("[name=step]").select_option(step)
        form.locator("[name=on]").fill(today)
        with s.page.expect_navigation():
            form.locator("button[type=submit]").click()
        if step == "家访":
            assert f"家访晚于期限（{today}）" in s.page.locator("#overdue").inner_text()
    assert "已结案（复学" in s.page.locator("dl.facts").inner_text()
    s.page.goto(f"{s.base}/r/{web.county}/2023/attendance/")
    s.page.wait_for_selector("[data-chart=chart-funnel] canvas")
    s.shot("attendance-monthly")
