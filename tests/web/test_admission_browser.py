"""In the browser: the admissions office runs the year's allocation, reads the results and tries a what-if."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest

from tests.web.test_access import ADMISSION_RUBRIC, ADMISSION_SEATS
from tests.web.test_browser import Session, browser_session  # noqa: F401 - the fixture
from tests.web.world import ROLE_USERS, WebWorld

pytestmark = pytest.mark.browser


def _inputs(w: WebWorld) -> None:
    """清城区 2025: 2 seats at 城南小学, 3 applicants with 6, 7 and 8 full years of 居住证 (48, 56, 64 points under
    the copy of gz-2021: 8 per full year; no other fact), no run yet."""
    from eduplan.store.admission import do_save_rubric, do_set_seats, do_store_applicants

    do_save_rubric(json.loads(ADMISSION_RUBRIC), region_code=w.county)
    do_set_seats(pd.read_csv(io.StringIO(ADMISSION_SEATS), dtype={"school_code": str}), region_code=w.county, year=2025)
    people = pd.DataFrame(
        [{"applicant": f"p{n}", "name": f"申请人{n}", "row": n + 1, "grade": 1, "area": "城区",
          "permit_start": dt.date(2019 - n, 5, 31), "choices": ["4418020001"]} for n in range(0, 3)]
    )  # fmt: skip
    do_store_applicants(people, region_code=w.county, year=2025, filename="清城申请.xlsx")


def test_the_office_runs_reads_the_results_and_tries_a_what_if(
    browser_session: Session,  # noqa: F811
    web: WebWorld,
) -> None:
    _inputs(web)
    s = browser_session
    s.login(ROLE_USERS["admissions"])
    s.page.goto(f"{s.base}/r/{web.county}/2025/admission/")
    assert "本年度尚无派位结果" in s.page.inner_text("main")
    form = s.page.locator("form[action$='/admission/run/']")
    form.locator("[name=seed]").fill("7")
    with s.page.expect_navigation():
        form.locator("button[type=submit]").click()
    facts = s.page.locator("dl.facts").inner_text()
    assert "7" in facts and "3 / 3" in facts  # seed; applicants / eligible
    row = s.page.locator("tr", has_text="城南小学").first.inner_text().split("\t")
    # 2 seats, 2 admitted by 志愿 (64 and 56 points), none by draw, lowest 56, one turned away (48 points)
    assert [c.strip() for c in row[4:]] == ["2", "2", "0", "56", "1"]
    s.page.wait_for_function("() => document.querySelectorAll('[data-chart] canvas').length > 0")
    s.shot("admission-run")
    s.page.click("text=申请人（实名，仅招生办）")
    s.page.wait_for_selector("text=申请人0")
    body = s.page.inner_text("main")
    assert "积分 64，排位第 1 名，第 1 志愿 城南小学 尚有学位，予以录取" in body
    s.page.goto(f"{s.base}/r/{web.county}/2025/admission/what-if/")
    s.page.fill("[name=seats]", "4418020001:1=3")
    with s.page.expect_navigation():
        s.page.click("form.card button[type=submit]")
    placed = s.page.locator("tr", has_text="录取").first.inner_text().split("\t")
    assert [c.strip() for c in placed[1:]] == ["2", "3"]  # published 2, what-if 3
    school = s.page.locator("tr", has_text="城南小学").first.inner_text().split("\t")
    assert [c.strip() for c in school[2:]] == ["2", "3", "2", "3", "56", "48"]
    s.shot("admission-what-if")
