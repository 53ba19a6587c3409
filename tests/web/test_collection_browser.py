"""In the browser: the yearly collection (填报 → 检查 → 上报 → 审核, docs/collection.md), the county office's restore of
its own county, and the administrator creating an account that then logs in."""

from __future__ import annotations

import pytest

from eduplan.store.models import CensusGrade, CensusStage, CensusVersion
from tests.web.test_browser import Session, browser_session  # noqa: F401 - the fixture
from tests.web.world import ROLE_USERS, WebWorld

pytestmark = pytest.mark.browser


def _switch(s: Session, username: str, password: str | None = None) -> None:
    s.page.context.clear_cookies()
    if password is None:
        s.login(username)
    else:
        s.login(username, password)


def _submit(s: Session) -> None:
    with s.page.expect_navigation():
        s.page.click("button[value=submit]")


def test_a_typo_is_stopped_on_its_field_and_only_approved_data_go_live(
    browser_session: Session,  # noqa: F811
    web: WebWorld,
) -> None:
    s = browser_session
    form_url = f"{s.base}/schools/{web.school}/census/2023/"
    s.login(ROLE_USERS["clerk"])
    s.page.goto(form_url)
    # The report's case: grade 1 = 9,999,999 pupils and the 学段 total raised to match (9,999,999 + 5 × 160).
    s.page.fill("input[aria-label='小学 1年级 在校生数']", "9999999")
    s.page.fill("input[aria-label='小学 在校生数']", "10000799")
    _submit(s)
    s.page.wait_for_selector("#refused")
    s.shot("collection-refused-on-the-field")
    assert (
        s.page.locator("#refused").inner_text() == "未上报：3 处错误，1 处提醒未填写原因。请按各栏下的提示修改后再上报"
    )
    message = s.page.locator("#f-年级-小学-1-students-msg").inner_text()
    assert message.startswith("平均每班 2,499,999.8 人（9,999,999 人 ÷ 4 班），超过 132 人，不可能")
    assert s.page.locator("input[aria-label='小学 1年级 在校生数']").input_value() == "9999999"  # his input is kept
    assert [e for e in s.errors if "status of 400" not in e] == []
    s.errors.clear()  # the refused submission is answered 400, which Chromium logs as a failed resource
    # Corrected: the grade back to 160, the total to 960, and one more teacher.
    s.page.fill("input[aria-label='小学 1年级 在校生数']", "160")
    s.page.fill("input[aria-label='小学 在校生数']", "960")
    s.page.fill("input[aria-label='小学 专任教师数']", "53")
    _submit(s)
    assert s.page.locator("#status .tag").inner_text() == "已上报待审核"
    assert s.page.locator("input[aria-label='小学 专任教师数']").count() == 0  # locked while under review

    # The county office: completeness of 清城区 (城南小学 submitted; 河西小学 and 新城小学 not reported), then return.
    _switch(s, ROLE_USERS["planning"])
    s.page.goto(f"{s.base}/r/{web.county}/2023/collection/")
    total = s.page.locator("#completeness tr").last.locator("th").all_inner_texts()
    assert total == ["合计", "3", "1", "0", "0", "2"]
    assert s.page.locator("#chase td:first-child").all_inner_texts() == ["河西小学", "新城小学"]
    s.shot("collection-completeness")
    with s.page.expect_navigation():
        s.page.click("#pending a:has-text('审核')")
    assert s.page.locator("#changes tr").nth(1).locator("td").all_inner_texts()[:3] == [
        "学段 · 小学 · 专任教师数",
        "52",
        "53",
    ]
    s.page.fill("#review-form input[name=reason]", "教师数与人事科名册不符，请核对")
    with s.page.expect_navigation():
        s.page.click("#review-form button[value=return]")
    assert s.page.locator("#completeness tr").last.locator("th").all_inner_texts()[4] == "1"  # 已退回

    # The clerk submits again (his view of the reason: tests/web/test_school_census.py); the office approves.
    from eduplan.store.collection import do_submit, submission_of

    submission = submission_of(web.school, 2023)
    assert submission is not None and submission.return_reason == "教师数与人事科名册不符，请核对"
    do_submit(None, submission)
    s.page.goto(f"{s.base}/schools/{web.school}/census/2023/review/")
    with s.page.expect_navigation():
        s.page.click("#review-form button[value=approve]")
    assert s.page.locator("#completeness tr").last.locator("th").all_inner_texts()[3] == "1"  # 已审核通过
    current = CensusVersion.objects.get(year=2023, is_current=True)
    assert (current.number, current.source) == (2, "collection")
    assert CensusStage.objects.get(version=current, school_code=web.school).teachers == 53
    assert not CensusGrade.objects.filter(students=9_999_999).exists()  # never in any version


def test_the_office_restores_its_county_and_the_admin_creates_a_clerk(
    browser_session: Session,  # noqa: F811
    web: WebWorld,
) -> None:
    from eduplan.store.census import do_load_census
    from tests.web.world import current_tables

    tables = current_tables(2023)
    stages = tables["学段"]
    stages.loc[stages["school_code"] == web.school, "teachers"] = 99  # a bad version 2 of both counties
    stages.loc[stages["school_code"] == web.other_school, "teachers"] = 23
    do_load_census(2023, tables, filename="有误的第二版")
    s = browser_session
    s.login(ROLE_USERS["planning"])
    s.page.goto(f"{s.base}/census/")
    row = s.page.locator("tr", has_text="web-world-2023")
    with s.page.expect_navigation():
        row.locator("form.restore-county button").click()
    assert "清城区的2023学年普查数据已恢复为第1版（存为第3版）" in s.page.locator(".messages").inner_text()
    s.shot("census-county-restored")
    current = CensusVersion.objects.get(year=2023, is_current=True)
    teachers = dict(CensusStage.objects.filter(version=current).values_list("school_code", "teachers"))
    assert (teachers[web.school], teachers[web.other_school]) == (52, 23)  # 清新区 keeps its own rows

    _switch(s, ROLE_USERS["admin"])
    s.page.goto(f"{s.base}/users/")
    form = s.page.locator("#new-user")
    form.locator("[name=username]").fill("clerk-xinxing")
    form.locator("[name=password]").fill("initial-pass-1")
    form.locator("[name=role]").select_option("clerk")
    form.locator("[name=where]").fill("4418020004")
    with s.page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "已新建用户 clerk-xinxing" in s.page.locator(".messages").inner_text()
    assert "4418020004" in s.page.locator("#user-clerk-xinxing").inner_text()
    s.shot("users-created")
    _switch(s, "clerk-xinxing", "initial-pass-1")
    assert s.page.url == f"{s.base}/schools/4418020004/"
