"""The acceptance of the web app on the demo, as `make demo` runs it: `eduplan demo` on a built demo store.

It prints the dashboard's address and each demo login with its role and scope; the leader's dashboard of 清城区 2023
draws real charts; the demo clerk sees one school and nothing else.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import CANVAS_DRAWN, CHROMIUM, CHROMIUM_ARGS, Session

PASSWORD = "eduplan-demo"  # eduplan.store.demo.DEMO_PASSWORD, as README tells it


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def demo_site(demo_env: dict[str, str]) -> Iterator[tuple[str, str]]:
    """``eduplan demo`` serving the demo store: (base URL, what it printed before serving)."""
    port = _free_port()
    exe = Path(sys.executable).parent / "eduplan"
    proc = subprocess.Popen(
        [str(exe), "demo", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **demo_env},
    )
    assert proc.stdout is not None
    printed: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        printed.append(line)
        if "serving at" in line:
            break
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):  # waitress binds right after printing
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=5).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield base, "".join(printed)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


class Visitor:
    """A browser-less visitor with its own cookies, logging in through the login form (CSRF token included)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str, str]:
        """(status, final URL, body)."""
        try:
            with self.opener.open(self.base + path, timeout=120) as response:
                return response.status, response.url, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.url or "", error.read().decode("utf-8", "replace")

    def login(self, username: str) -> str:
        _, _, form = self.get("/accounts/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert match, form
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": match.group(1), "username": username, "password": PASSWORD}
        ).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=data, headers={"Referer": self.base})
        with self.opener.open(request, timeout=120) as response:
            return str(response.url)


def test_the_demo_prints_its_address_and_logins(demo_site: tuple[str, str]) -> None:
    base, printed = demo_site
    assert f"清城区 2023 看板 / dashboard: {base}/r/441802/2023/" in printed
    assert "演示账号 / demo logins (密码 password: eduplan-demo)" in printed
    for username, role in (
        ("demo-admin", "系统管理员"),
        ("demo-leader", "局领导"),
        ("demo-analyst", "规划科"),
        ("demo-inspector", "督学"),
    ):
        assert re.search(rf"^  {username} +{role}  清远市 441800$", printed, re.M), printed
    assert re.search(r"^  demo-clerk +学校填报员  清城区\S+ \d{10}$", printed, re.M), printed


def test_the_demo_clerk_sees_his_school_only(demo_site: tuple[str, str]) -> None:
    base, printed = demo_site
    match = re.search(r"^  demo-clerk +学校填报员  (\S+) (\d{10})$", printed, re.M)
    assert match, printed
    name, code = match.groups()
    leader = Visitor(base)
    leader.login("demo-leader")
    status, _, body = leader.get("/api/regions/441802/schools/?year=2023")
    assert status == 200
    county_schools = [s["school_code"] for s in json.loads(body)]
    assert code in county_schools and len(county_schools) > 100

    clerk = Visitor(base)
    assert clerk.login("demo-clerk") == f"{base}/schools/{code}/"
    status, _, page = clerk.get(f"/schools/{code}/")
    assert status == 200 and f"<h1>{name}" in page
    assert [clerk.get(f"/schools/{other}/")[0] for other in county_schools[:20] if other != code] == [404] * 19
    assert clerk.get("/r/441802/2023/")[0] == 404
    assert clerk.get("/r/441802/2023/schools/")[0] == 404
    assert json.loads(clerk.get("/api/regions/")[2]) == []
    assert json.loads(clerk.get("/api/plans/")[2]) == []


def test_the_demo_dashboard_of_qingcheng_2023_has_real_numbers(demo_site: tuple[str, str]) -> None:
    base, _ = demo_site
    leader = Visitor(base)
    leader.login("demo-leader")
    status, _, page = leader.get("/r/441802/2023/")
    assert status == 200
    assert "<h1>清城区 · 2023–2024学年" in page
    assert len(re.findall(r'data-chart="chart-', page)) >= 4  # pupils, indicators by status, trajectories
    counts = dict(re.findall(r'规划指标 · (达成|正常推进|滞后|风险)</div><div class="big[^"]*">(\d+)<', page))
    assert set(counts) == {"达成", "正常推进", "滞后", "风险"} and sum(map(int, counts.values())) > 10, counts
    balance = leader.get("/r/441802/2023/panels/balance/")[2]
    assert re.search(r"小学 \d+/\d+ 校达标 初中 \d+/\d+ 校达标", balance), balance[:2000]
    assert 'data-chart="chart-cv-441802-小学"' in balance and 'data-chart="chart-cv-441802-初中"' in balance
    seats = leader.get("/r/441802/2023/panels/seats/")[2]
    assert "学位需求与供给" in seats and 'data-chart="chart-' in seats
    staffing = leader.get("/r/441802/2023/panels/staffing/")[2]
    assert "编制缺口" in staffing and "小学" in staffing


@pytest.mark.browser
def test_the_demo_dashboard_draws_its_charts(demo_site: tuple[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    from tests.web.test_browser import SCREENSHOTS

    base, _ = demo_site
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page: Any = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        s = Session(page, base)
        s.login("demo-leader", PASSWORD)
        page.goto(f"{base}/r/441802/2023/")
        for panel in ("balance", "seats", "staffing"):
            page.wait_for_selector(f"#panel-{panel} [data-chart] canvas", timeout=120_000)
        page.wait_for_timeout(300)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "demo-dashboard-441802-2023.png"), full_page=True)
        inked = page.evaluate(CANVAS_DRAWN)
        browser.close()
    assert len(inked) >= 10 and all(n > 500 for n in inked), inked
    assert s.outside_requests() == []
    assert s.errors == []


def test_the_demo_collection_shows_real_counts(demo_site: tuple[str, str]) -> None:
    """清城区 2023 on the completeness page: the demo's plan (eduplan.demo.collection, seed 20201) over the county's
    schools, the demo clerk's school left unreported — counted again here from the plan."""
    from eduplan.demo.collection import RETURN_REASON, demo_collection

    base, printed = demo_site
    match = re.search(r"^  demo-clerk +学校填报员  \S+ (\d{10})$", printed, re.M)
    assert match, printed
    leader = Visitor(base)
    leader.login("demo-analyst")
    codes = [s["school_code"] for s in json.loads(leader.get("/api/regions/441802/schools/?year=2023")[2])]
    plan = demo_collection(codes, 20201, match.group(1))
    status, _, page = leader.get("/r/441802/2023/collection/")
    assert status == 200
    total = re.search(r"<tr><th>合计</th>((?:<th class=\"num\">[\d,]+</th>){5})</tr>", page)
    assert total, page[:3000]
    shown = [int(n.replace(",", "")) for n in re.findall(r">([\d,]+)<", total.group(1))]
    missing = len(codes) - len(plan.approved) - len(plan.submitted) - len(plan.returned)
    assert shown == [len(codes), len(plan.submitted), len(plan.approved), len(plan.returned), missing]
    assert len(plan.approved) > 100 and len(plan.submitted) > 50 and len(plan.returned) == 1  # real counts
    assert RETURN_REASON in page  # the returned school is among those to chase, with its reason
