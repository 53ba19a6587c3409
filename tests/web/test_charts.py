"""web/charts.py: the drill-down links carried in chart data, and the map's two forms (boundaries, or points alone)."""

from __future__ import annotations

from eduplan.web import charts


def test_a_bar_links_only_to_a_path_on_this_server() -> None:
    urls = {"滞后": "/r/441802/2023/?i_status=%E6%BB%9E%E5%90%8E", "风险": "https://evil.example/", "达成": "//evil"}
    option = charts.coloured_bars("规划指标进展", {"滞后": 2, "风险": 1, "达成": 3}, {"滞后": "warn"}, "指标数", urls)
    data = option["series"][0]["data"]
    assert [d.get("url") for d in data] == ["/r/441802/2023/?i_status=%E6%BB%9E%E5%90%8E", None, None]
    assert [d["value"] for d in data] == [2, 1, 3]


def test_the_map_colours_areas_on_boundaries_and_escapes_school_names() -> None:
    areas = [{"name": "清城区", "colour": charts.FAIL, "url": "/r/441802/2023/assessments/"}]
    points = [{"name": "<b>城南{a}小学</b>", "lon": 113.051234, "lat": 23.7, "url": "/schools/4418020001/"}]
    option = charts.region_map("清城区", ("441800", "/static/vendor/geo/441800.json"), areas, points)
    assert option["geoUrl"] == "/static/vendor/geo/441800.json"
    assert option["geo"]["regions"] == [{"name": "清城区", "itemStyle": {"areaColor": charts.FAIL}}]
    assert option["links"] == {"清城区": "/r/441802/2023/assessments/"}
    point = option["series"][0]["data"][0]
    assert point["value"] == [113.05123, 23.7] and point["url"] == "/schools/4418020001/"
    assert point["tooltip"]["formatter"] == "&lt;b&gt;城南&#123;a&#125;小学&lt;/b&gt;"
    assert option["series"][0]["coordinateSystem"] == "geo"


def test_without_boundaries_the_map_is_the_points_alone() -> None:
    points = [{"name": "甲小学", "lon": 113.0, "lat": 23.0}, {"name": "乙小学", "lon": 113.5, "lat": 24.0}]
    option = charts.region_map("广东省", None, [], points)
    assert "geo" not in option and "geoUrl" not in option
    assert (option["xAxis"]["name"], option["yAxis"]["name"]) == ("经度", "纬度")
    assert [p["value"] for p in option["series"][0]["data"]] == [[113.0, 23.0], [113.5, 24.0]]
