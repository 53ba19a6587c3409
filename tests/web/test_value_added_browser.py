"""The 增值评价 charts drawn by ECharts in headless Chromium (the fixtures of tests/web/test_browser.py)."""

from __future__ import annotations

import pytest

from tests.web.test_browser import CANVAS_DRAWN, Session, browser_session  # noqa: F401  (the fixture)
from tests.web.world import ROLE_USERS, WebWorld

pytestmark = pytest.mark.browser


def _inked(s: Session) -> list[int]:
    s.page.wait_for_selector("[data-chart] canvas")
    s.page.wait_for_timeout(300)  # ECharts draws on the next animation frame
    return list(s.page.evaluate(CANVAS_DRAWN))


def test_the_caterpillar_chart_is_drawn(browser_session: Session, web: WebWorld) -> None:  # noqa: F811
    s = browser_session
    s.login(ROLE_USERS["leader"])
    s.page.goto(f"{s.base}/r/{web.county}/2023/value-added/?grade=6&subject=数学")
    inked = _inked(s)
    s.shot("value-added-441802-2023")
    # One chart: ECharts adds a second canvas to it (a hover layer, blank until the mouse is over a mark).
    assert s.page.locator("[data-chart]").count() == 1 and inked[0] > 500, inked
    assert s.page.locator("table tr").count() == 1 + 3  # the header and the three schools


def test_the_clerk_sees_his_schools_track_drawn(browser_session: Session, web: WebWorld) -> None:  # noqa: F811
    s = browser_session
    s.login(ROLE_USERS["clerk"])
    s.page.goto(f"{s.base}/schools/{web.school}/value-added/")
    inked = _inked(s)
    s.shot("value-added-clerk-track")
    assert len(inked) == 1 and inked[0] > 500, inked
    assert "河西小学" not in s.page.content()
