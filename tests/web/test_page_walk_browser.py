"""Every page of the test world in headless Chromium, in English: the grouped menu stays on one line at 1280 and
1024 px wide (no second line, no sideways scroll), and a screenshot of each page is kept under
test-artifacts/screenshots/pages/ (docs/development.md). The text checks of the same pages, in both locales, are
tests/web/test_polish.py's (cheaper without a browser)."""

from __future__ import annotations

import contextlib

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.web.test_access import RULES, ids  # noqa: F401  (the ids fixture)
from tests.web.test_browser import SCREENSHOTS, Session, browser_session  # noqa: F401  (the fixture)
from tests.web.test_polish import NOT_A_PAGE
from tests.web.world import ROLE_USERS, WebWorld

pytestmark = pytest.mark.browser
PAGES = SCREENSHOTS / "pages"

# The tops of the menu's entries (links and groups) and the page's width against the window's.
MENU = """() => {
  const items = Array.from(document.querySelectorAll('header.top nav > a, header.top nav > details > summary'));
  return {tops: [...new Set(items.map(e => Math.round(e.getBoundingClientRect().top)))], count: items.length,
          scroll: document.documentElement.scrollWidth, width: window.innerWidth};
}"""


def _menu_fits(s: Session, where: str) -> None:
    # charts.js resizes every chart on the window's resize event: give it its turn after a new viewport width (a
    # chart still wider then is the failure the last assertion names).
    with contextlib.suppress(PlaywrightTimeout):
        s.page.wait_for_function("() => document.documentElement.scrollWidth === window.innerWidth", timeout=5000)
    menu = s.page.evaluate(MENU)
    assert menu["count"] >= 5, where
    spread = max(menu["tops"]) - min(menu["tops"])  # a link and a group's summary may sit a pixel apart
    assert spread < 10, f"{where}: the menu wraps into a second line (its entries' tops {sorted(menu['tops'])})"
    assert menu["scroll"] == menu["width"], f"{where}: the page scrolls sideways ({menu['scroll']} px)"


def test_every_page_in_english_fits_its_menu_and_is_kept_as_a_screenshot(
    browser_session: Session,  # noqa: F811
    web: WebWorld,
    ids: dict[str, int],  # noqa: F811
) -> None:
    s = browser_session
    s.login(ROLE_USERS["admin"])  # the longest menu: the administrator also has 用户
    s.page.goto(f"{s.base}/r/{web.county}/2023/")  # the region and year of the menu's links
    for lang in ("zh-hans", "en"):
        with s.page.expect_navigation():
            s.page.select_option("header.top select[name=language]", lang)
        for width in (1280, 1024):
            s.page.set_viewport_size({"width": width, "height": 900})
            _menu_fits(s, f"{lang} at {width} px")
    assert s.page.locator("header.top nav details.menu summary").all_inner_texts() == [
        "Data",
        "Analysis",
        "People",
        "Supervision",
        "System",
    ]
    s.page.click("header.top nav details.menu summary >> text=Analysis")  # a group opens on a click, above the page
    assert s.page.locator("header.top nav details.menu[open] a").all_inner_texts()[:2] == ["Assessments", "Forecasts"]
    s.page.mouse.click(600, 600)
    assert s.page.locator("header.top nav details.menu[open]").count() == 0
    s.page.set_viewport_size({"width": 1024, "height": 800})
    PAGES.mkdir(parents=True, exist_ok=True)
    pages = 0
    for name, rule in sorted(RULES.items()):
        if rule.method != "get" or rule.kind == "public":
            continue
        url = reverse(name, kwargs=rule.objects(web, ids).inside) + rule.query
        if NOT_A_PAGE.search(url) or name.endswith(
            ("_report", "_panel", "_seats", "_workbook", "_progress", "_download")
        ):
            continue  # files and page fragments
        response = s.page.goto(s.base + url)
        if response is None or response.status != 200 or "text/html" not in response.headers["content-type"]:
            continue
        pages += 1
        assert s.errors == [], url
        _menu_fits(s, url)
        s.page.screenshot(path=str(PAGES / f"{name}.png"))  # the window only: a full page costs more
    assert pages >= 40
