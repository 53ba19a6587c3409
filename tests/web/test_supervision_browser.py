"""The supervision loop in headless Chromium across three roles: the inspector visits and finds, the school's clerk
answers with evidence, the inspector re-checks and closes; an overdue one is escalated by the 督导室, and the office
page shows the hand-counted coverage and overdue figures (fixtures of tests/web/test_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.store.models.supervision import Rectification
from tests.web.supervision_world import PNG, supervision_ids
from tests.web.test_browser import Session, browser_session  # noqa: F401  (the fixture)
from tests.web.world import ROLE_USERS, WebWorld

pytestmark = pytest.mark.browser


def _as(s: Session, role: str) -> None:
    s.page.context.clear_cookies()
    s.login(ROLE_USERS[role])


def test_the_loop_across_inspector_clerk_and_office(browser_session: Session, web: WebWorld, tmp_path: Path) -> None:  # noqa: F811
    ids = supervision_ids(web)
    s = browser_session
    photo = tmp_path / "消防通道.png"
    photo.write_bytes(PNG)
    report = tmp_path / "整改说明.pdf"
    report.write_bytes(b"%PDF-1.4 demo")

    # The inspector: his 责任区 holds 城南小学; he records a visit with one 不合格 item and a photo.
    _as(s, "inspector")
    s.page.goto(f"{s.base}/supervision/")
    assert "城南小学" in s.page.locator(".card").first.inner_text()
    s.page.goto(f"{s.base}/schools/{web.school}/supervision/visit/")
    s.page.fill("input[name=date]", "2023-12-04")
    s.page.select_option("select[name=result_regular_05]", "不合格")
    s.page.fill("input[name=note_regular_05]", "师德承诺书未签订")
    s.page.select_option("select[name=severity_regular_05]", "较重")
    s.page.fill("input[name=responsible_regular_05]", "刘书记")
    s.page.fill("input[name=deadline_regular_05]", "2023-12-20")
    s.page.set_input_files("input[name=evidence]", str(photo))
    with s.page.expect_navigation():
        s.page.click("#visit-form button[type=submit]")
    s.shot("supervision-school-after-visit")
    rect = Rectification.objects.get(item_key="regular_05")
    assert rect.number == "清城督整〔2023〕4号"
    assert s.page.locator("#rectifications", has_text="师德承诺书未签订").count() == 1

    # The clerk of 城南小学 answers with a PDF.
    _as(s, "clerk")
    s.page.goto(f"{s.base}/supervision/")
    with s.page.expect_navigation():
        s.page.click(f"text={rect.number}")
    s.page.fill("#report-form textarea[name=text]", "全体教师已签订师德承诺书")
    s.page.set_input_files("#report-form input[name=evidence]", str(report))
    with s.page.expect_navigation():
        s.page.click("#report-form button[type=submit]")
    assert s.page.locator("#state").inner_text() == "已报告待复查"

    # The inspector re-checks and closes it.
    _as(s, "inspector")
    s.page.goto(f"{s.base}/rectifications/{rect.pk}/")
    with s.page.expect_navigation():
        s.page.click("#recheck-form button[value=close]")
    assert s.page.locator("#state").inner_text() == "已销号"
    s.shot("supervision-rectification-closed")

    # The 督导室 summons the school of an overdue one, and reads the term.
    _as(s, "supervision")
    s.page.goto(f"{s.base}/rectifications/{ids['rect']}/")
    assert s.page.locator("#state").inner_text() == "待整改（逾期）"
    s.page.select_option("#action-form select[name=kind]", "约谈")
    s.page.fill("#action-form input[name=date]", "2023-12-05")
    s.page.fill("#action-form input[name=who]", "城南小学校长")
    s.page.fill("#action-form input[name=document]", "清城督办〔2023〕9号")
    with s.page.expect_navigation():
        s.page.click("#action-form button[type=submit]")
    s.page.goto(f"{s.base}/r/{web.county}/2023/supervision/")
    s.page.wait_for_selector("[data-chart] canvas")
    s.page.wait_for_timeout(300)
    s.shot("supervision-office-441802-2023")
    # Hand count: 城南小学 and 河西小学 visited, 新城小学 not (2 of 3); overdue: the open one at 城南小学 and the
    # one at 河西小学 (deadline 2023-11-30); the one answered waits for its 复查; the new one is closed.
    coverage = s.page.locator("#coverage").inner_text()
    assert "已达次数的学校\n2" in coverage and "覆盖率\n67%" in coverage
    assert "逾期\n2" in s.page.locator("#states").inner_text()
    assert s.page.locator("#overdue tr").count() == 1 + 2
    assert "清城督办〔2023〕9号" in s.page.content()
