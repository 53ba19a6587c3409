"""Hostile text imported into the store never runs as script: school names from a census workbook and plan text
(indicator name and unit, project name) reach chart labels, tooltips, attributes and the JSON of every chart page,
which Chromium opens while the mouse sweeps each chart (tooltips show on hover).

It fails on any script run (a dialog, a request the injected <img> would make, or the CSP refusing an inline
handler, which Chromium logs as a console error the session fixture counts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.test_browser import Session, browser_session  # noqa: F401  (the fixture)
from tests.web.world import ROLE_USERS, WebWorld, current_tables

pytestmark = pytest.mark.browser

IMG = '"><img src=x onerror=alert(1)>'
SCRIPT = "</script><script>alert(2)</script>"
TEMPLATE = "{b}<b onmouseover=alert(3)>{c}</b>'"
HOSTILE = {"4418020001": f"城南{IMG}", "4418020002": f"河西{SCRIPT}", "4418020004": f"新城{TEMPLATE}"}


def _import_hostile_names(tmp_path: Path, web: WebWorld) -> None:
    from eduplan.ingest.census_export import write_census_xlsx
    from eduplan.store.census_import import do_import_census
    from eduplan.store.models import PlanIndicator, PlanProject

    for year in (2023,):
        tables = current_tables(year)
        schools = tables["学校"]
        schools["name"] = [HOSTILE.get(c, n) for c, n in zip(schools["school_code"], schools["name"], strict=True)]
        do_import_census(write_census_xlsx(tables, tmp_path / f"普查{year}.xlsx"), year)
    PlanIndicator.objects.filter(pk=web.indicator_id).update(name=f"入园率{IMG}", unit=f"%{SCRIPT}")
    PlanProject.objects.filter(plan_id=web.plan_id).update(name=f"工程{TEMPLATE}{IMG}")


# The dashboard's panels arrive after the page (hx-trigger="load", swapped in whole): wait until none is pending,
# then until every chart has its instance and its option.
EVERY_CHART_READY = """() => !document.querySelector('[hx-trigger="load"]') && !document.querySelector('.htmx-request')
  && Array.from(document.querySelectorAll('[data-chart]')).every(el => {
  const chart = echarts.getInstanceByDom(el);
  return chart && chart.getOption() && chart.getOption().series;
})"""


SHOW_EVERY_TIP = """() => Array.from(document.querySelectorAll('[data-chart]')).map(el => {
  const chart = echarts.getInstanceByDom(el);
  let tips = 0;
  chart.getOption().series.forEach((series, s) => {
    (series.data || []).forEach((_, d) => { chart.dispatchAction({type: 'showTip', seriesIndex: s, dataIndex: d}); tips++; });
  });
  return tips;
})"""


def _hover_charts(s: Session) -> list[int]:
    """Show the tooltip of every data point of every chart (as hovering each does), then sweep the mouse over
    each chart (axis tooltips, mark lines); the number of tooltips shown per chart."""
    s.page.wait_for_selector("[data-chart] canvas")
    # charts.js draws each chart on its own turn: wait until every one has its instance and its option.
    s.page.wait_for_function(EVERY_CHART_READY)
    tips = list(s.page.evaluate(SHOW_EVERY_TIP))
    for el in s.page.locator("[data-chart]").all():
        if (box := el.bounding_box()) is None:
            continue
        for i in range(1, 8):
            for j in range(1, 5):
                s.page.mouse.move(box["x"] + box["width"] * i / 8, box["y"] + box["height"] * j / 5)
    s.page.wait_for_timeout(100)
    return tips


def test_hostile_imported_names_never_run_as_script(
    browser_session: Session,  # noqa: F811
    web: WebWorld,
    tmp_path: Path,
) -> None:
    _import_hostile_names(tmp_path, web)
    s = browser_session
    dialogs: list[str] = []
    s.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    s.login(ROLE_USERS["leader"])
    pages = {
        f"/r/{web.county}/2023/": 1,
        f"/r/{web.county}/2023/value-added/?grade=6&subject=数学": 1,
        f"/plans/{web.plan_id}/": 2,
        f"/schools/{web.school}/": 1,
        f"/r/{web.county}/2023/forecasts/": 1,
    }
    for url, charts in pages.items():
        response = s.page.goto(s.base + url)
        assert response is not None and response.status == 200, url
        tips = _hover_charts(s)
        assert len(tips) >= charts and all(tips), (url, tips)
        # The hostile text is shown as text where it is shown at all.
        assert s.page.locator("img[src=x]").count() == 0, url
    # The year picker submits its form from app.js (inline handlers are refused by the CSP).
    s.page.goto(s.base + f"/r/{web.county}/2023/")
    with s.page.expect_navigation():
        s.page.select_option("select[name=year]", "2022")
    assert "2022" in s.page.url, s.page.url
    # The tooltip of the caterpillar holds the name as text.
    s.page.goto(s.base + f"/r/{web.county}/2023/value-added/?grade=6&subject=数学")
    assert IMG in s.page.locator("table").first.inner_text()
    s.shot("xss-hostile-names")
    assert dialogs == []
    assert [u for u in s.requests if u.rstrip("/").endswith("/x")] == []
    assert s.errors == []
