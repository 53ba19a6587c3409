"""Browser tests in headless Chromium (Debian's /usr/bin/chromium driven by Playwright), against the live server.

Each test saves a screenshot under test-artifacts/screenshots/, and every test checks that the browser asked
nothing of any host but the server itself and logged no console error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ARTIFACTS
from tests.web.world import CITY_ANALYST, PASSWORD, ROLE_USERS, WebWorld, current_tables

pytestmark = pytest.mark.browser

SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Session:
    """One browser page, recording every request and every console error."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():  # the POST and its redirect, before anything else navigates
            self.page.click("button[type=submit]")
        self.page.wait_for_load_state("networkidle")

    def upload_census(self, workbook: Path, year: int = 2023) -> None:
        """The census upload's first step (the dry run) with ``workbook``."""
        self.page.goto(f"{self.base}/census/upload/")
        self.page.fill("input[name=year]", str(year))
        self.page.set_input_files("input[name=file]", str(workbook))
        self.page.click("form[enctype] button[type=submit]")

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.base) or u.startswith("data:"))]


@pytest.fixture
def browser_session(live_server: Any, web: WebWorld, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the test itself are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make debs-test)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        session = Session(page, live_server.url)
        yield session
        browser.close()
    assert session.outside_requests() == []
    assert session.errors == []


CANVAS_DRAWN = """() => Array.from(document.querySelectorAll('[data-chart] canvas')).map(c => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let inked = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) inked++;
  return inked;
})"""


def test_school_clerk_sees_only_his_school(browser_session: Session, web: WebWorld) -> None:
    s = browser_session
    s.login(ROLE_USERS["clerk"])
    assert s.page.url == f"{s.base}/schools/{web.school}/"
    assert s.page.locator("h1").inner_text().startswith("城南小学")
    s.shot("clerk-school")
    # No other school's name anywhere, and another school of the same county is not found.
    body = s.page.content()
    assert "河西小学" not in body and "外县小学" not in body
    response = s.page.goto(f"{s.base}/schools/{web.sibling_school}/")
    assert response is not None and response.status == 404
    response = s.page.goto(f"{s.base}/r/{web.county}/2023/schools/")
    assert response is not None and response.status == 404
    s.errors.clear()  # the two 404s above are logged by Chromium as failed resources, on purpose


def test_upload_with_an_error_shows_the_located_error(browser_session: Session, web: WebWorld, tmp_path: Path) -> None:
    from eduplan.ingest.census_export import write_census_xlsx

    tables = current_tables(2023)
    tables["学校"].loc[1, "school_type"] = "小学校"  # not one of the contract's 办学类型: row 3, column D
    workbook = write_census_xlsx(tables, tmp_path / "普查2023.xlsx")
    s = browser_session
    s.login(CITY_ANALYST)
    s.upload_census(workbook)
    s.page.wait_for_selector("#problems")
    s.shot("census-upload-error")
    row = s.page.locator("table.problems tr", has_text="小学校")
    assert row.count() == 1
    # The refused upload is answered 400 (the page still lists why), which Chromium logs as a failed resource.
    assert [e for e in s.errors if "status of 400" not in e] == []
    s.errors.clear()
    cells = row.locator("td").all_inner_texts()
    assert cells[1:5] == ["学校", "3", "D", "学校!D3"]
    from eduplan.store.models import CensusVersion

    assert CensusVersion.objects.filter(year=2023).count() == 1  # nothing stored


def test_dashboard_draws_its_charts(browser_session: Session, web: WebWorld) -> None:
    s = browser_session
    s.login(ROLE_USERS["leader"])
    s.page.goto(f"{s.base}/r/{web.county}/2023/")
    for panel in ("balance", "seats", "staffing"):  # loaded by htmx after the page
        s.page.wait_for_selector(f"#panel-{panel}")
    s.page.wait_for_selector("#panel-balance [data-chart] canvas")
    s.page.wait_for_timeout(300)  # ECharts draws on the next animation frame
    s.shot("dashboard-441802-2023")
    inked = s.page.evaluate(CANVAS_DRAWN)
    assert len(inked) == 5, inked  # pupils, plan indicators by status, 小学 CVs, 小学 seats, staffing
    assert all(n > 500 for n in inked), inked
    assert "清城区" in s.page.locator("h1").inner_text()


def test_an_analyst_corrects_an_extracted_item_in_place(browser_session: Session, web: WebWorld) -> None:
    from eduplan.store.models import AuditEntry

    s = browser_session
    s.login(ROLE_USERS["planning"])
    s.page.goto(f"{s.base}/plans/{web.plan_id}/review/")
    card = s.page.locator(f"#indicator-{web.indicator_id}")
    card.locator("input[name=target_value]").fill("九十九")
    card.locator("button[type=submit]").click()
    s.page.wait_for_selector(".error-box")
    assert "target_value：'九十九' 的格式不对" in s.page.locator(".error-box").first.inner_text()
    s.errors.clear()  # Chromium logs the 400 response of the refused correction
    card.locator("input[name=target_value]").fill("99")
    card.locator("button[type=submit]").click()
    s.page.wait_for_selector(f"#indicator-{web.indicator_id} .tag.pass >> text=已保存")
    s.shot("plan-review-corrected")
    entry = AuditEntry.objects.get(action="plan.correct")
    assert (entry.username, entry.before, entry.after) == ("t-planning", {"target_value": 98.0}, {"target_value": 99.0})


TABLET = {"width": 768, "height": 1024}  # an iPad held upright: the narrowest screen the bureau's staff use
PAGE_WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def test_pages_fit_a_tablet_in_english(browser_session: Session, web: WebWorld) -> None:
    """At tablet width no page scrolls sideways (wide tables scroll inside their box), and English is picked once."""
    s = browser_session
    s.page.set_viewport_size(TABLET)
    s.page.goto(f"{s.base}/accounts/login/")
    with s.page.expect_navigation():  # the select submits its form; a goto before that lands would abort it
        s.page.select_option("select[name=language]", "en")
    s.page.wait_for_load_state("networkidle")
    s.login(ROLE_USERS["planning"])
    s.page.goto(f"{s.base}/r/{web.county}/2023/")
    for panel in ("balance", "seats", "staffing"):
        s.page.wait_for_selector(f"#panel-{panel}")
    s.page.wait_for_timeout(300)
    s.shot("dashboard-441802-2023-tablet-en")
    assert s.page.locator("h1").inner_text().startswith("清城区 · school year 2023–2024")
    assert s.page.locator("nav a.active").inner_text() == "Dashboard"
    assert s.page.evaluate(PAGE_WIDTH) == [768, 768]
    pages = [
        f"/r/{web.county}/2023/schools/",
        f"/r/{web.county}/2023/assessments/",
        f"/r/{web.county}/2023/forecasts/",
        f"/schools/{web.school}/",
        f"/schools/{web.school}/census/2023/",
        f"/plans/{web.plan_id}/",
        f"/plans/{web.plan_id}/review/",
        "/census/",
        "/census/upload/",
        "/audit/",
    ]
    for path in pages:
        s.page.goto(s.base + path)
        s.page.wait_for_load_state("networkidle")
        assert s.page.evaluate(PAGE_WIDTH) == [768, 768], path
    s.shot("audit-tablet-en")
