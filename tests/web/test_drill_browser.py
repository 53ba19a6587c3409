"""Browser tests of the worked tables, the cockpit's drill-down and its map (issue 15), in headless Chromium.

The ``browser_session`` fixture (tests/web/test_browser.py) fails a test on any request outside the server and on any
console error.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.web.test_browser import Session, browser_session  # noqa: F401  (the fixture)
from tests.web.world import ROLE_USERS, WebWorld

pytestmark = pytest.mark.browser

ROW_NAMES = (
    "() => Array.from(document.querySelectorAll('#school-list tbody tr td:first-child')).map(td => td.innerText)"
)
ROWS_ARE = f"(want) => ({ROW_NAMES})().join() === want"


def test_the_school_list_sorts_filters_and_exports_in_place(browser_session: Session, web: WebWorld) -> None:  # noqa: F811
    s = browser_session
    s.login(ROLE_USERS["leader"])
    s.page.goto(f"{s.base}/r/{web.county}/2023/schools/")
    assert s.page.evaluate(ROW_NAMES) == ["城南小学", "河西小学", "新城小学"]
    s.page.click("#school-list th a[data-sort=name]")  # ascending: by code point 城 < 新 < 河
    s.page.wait_for_function(ROWS_ARE, arg="城南小学,新城小学,河西小学")
    s.page.click("#school-list th a[data-sort=name]")  # again: descending
    s.page.wait_for_function(ROWS_ARE, arg="河西小学,新城小学,城南小学")
    assert s.page.url.endswith("/schools/?sort=-name")  # the state is in the URL (htmx pushed it)
    s.page.select_option("#school-list select[name=town]", "441802002")  # 东城街道: 河西小学 moved there in 2021
    s.page.wait_for_function(ROWS_ARE, arg="河西小学,新城小学")
    s.shot("school-list-sorted-filtered")
    with s.page.expect_download() as download:
        s.page.click("#school-list a.export")
    path = download.value.path()
    assert path is not None
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    rows = [[c.value for c in row][:5] for row in book.worksheets[1].iter_rows()]
    assert rows == [
        ["学校名称", "学校标识码", "县（市、区）", "乡镇街道", "办学类型"],
        ["河西小学", "4418020002", "清城区", "东城街道", "小学"],
        ["新城小学", "4418020004", "清城区", "东城街道", "小学"],
    ]


COLOURED_PIXELS = """(rgb) => {
  const c = document.querySelector('[data-chart=chart-map] canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] === rgb[0] && d[i + 1] === rgb[1] && d[i + 2] === rgb[2]) n++;
  return n;
}"""


def test_the_cockpit_maps_the_verdict_and_drills_down_to_a_school(browser_session: Session, web: WebWorld) -> None:  # noqa: F811
    from eduplan.store.assessments import quality_balance_verdicts
    from eduplan.store.models import Region
    from eduplan.web.charts import FAIL, PASS

    verdict = quality_balance_verdicts(Region.objects.get(code=web.county), 2023)[0].result
    assert verdict is not None
    failing = sorted(s["name"] for st in verdict["stages"].values() for s in st["schools"] if not s["passed"])
    assert failing  # the world's 小学 fall short of the seven indicators (tests/web/test_pages.py)
    s = browser_session
    s.login(ROLE_USERS["leader"])
    s.page.goto(f"{s.base}/r/{web.county}/2023/cockpit/")
    s.page.wait_for_selector("#kpi-seat-gap .big")  # the seat card, loaded after the page
    s.page.wait_for_function("() => { const el = document.querySelector('[data-chart=chart-map]');"
                             " return el && el.dataset.drawn && echarts.getInstanceByDom(el); }")  # fmt: skip
    s.page.wait_for_timeout(300)  # ECharts draws on the next animation frame
    s.shot("cockpit-441802-2023")
    regions = s.page.evaluate(
        "() => echarts.getInstanceByDom(document.querySelector('[data-chart=chart-map]')).getOption().geo[0].regions"
    )
    colour = PASS if verdict["passed"] else FAIL
    coloured = {r["name"]: r["itemStyle"]["areaColor"] for r in regions if "areaColor" in r.get("itemStyle", {})}
    assert coloured == {"清城区": colour}  # the county of the page; the city's other counties stay uncoloured
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    assert s.page.evaluate(COLOURED_PIXELS, rgb) > 2000  # 清城区 is filled with its verdict's colour
    assert s.page.locator("#kpi-failing-schools .big").inner_text() == str(len(failing))
    s.page.click("#kpi-failing-schools")
    s.page.wait_for_selector("#matrix-p tbody tr")
    names = s.page.evaluate(
        "() => Array.from(document.querySelectorAll('#matrix-p tbody td:first-child')).map(td => td.innerText)"
    )
    assert sorted(names) == failing
    s.page.click(f"#matrix-p tbody a >> text={failing[0]}")
    s.page.wait_for_selector("h1")
    assert s.page.locator("h1").inner_text().startswith(failing[0])
