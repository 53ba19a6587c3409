"""ECharts options built from numbers other modules computed. Presentation only: no indicator is computed here."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext

Option = dict[str, Any]

PASS = "#2f855a"
WARN = "#b7791f"
FAIL = "#c53030"
CLASS_COLOURS = {"pass": PASS, "warn": WARN, "fail": FAIL}  # the CSS classes of eduplan.css, as chart colours
BRAND = "#1d4e89"
PALETTE = ["#1d4e89", "#d69e2e", "#2f855a", "#805ad5", "#c05621", "#3182ce", "#b83280"]
# The legend's row (below the title) and the value axis' name (the unit, above the plot) must not share a line.
LEGEND = {"top": 24}


EMPTY_TEXT = "暂无数据"


def _numbers(data: Any) -> list[float]:
    """The numeric values of a series' data (numbers, ``{"value": …}`` items; pairs give their last number)."""
    out: list[float] = []
    for item in data or ():
        value = item.get("value") if isinstance(item, dict) else item
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out.append(float(value))
    return out


def _nice(value: float, up: bool) -> float:
    """``value`` rounded outward to two significant digits (an axis end a reader can read)."""
    if value == 0:
        return 0.0
    step = 10 ** (math.floor(math.log10(abs(value))) - 1)
    return float((math.ceil(value / step) if up else math.floor(value / step)) * step)


def fitted(option: Option) -> Option:
    """Every chart as the pages show it: a value axis that carries a target line (``markLine``) is sized to hold both
    the data and the target (ECharts sizes an axis to its data only, so a target above it was cut off); a chart
    without data says "暂无数据" instead of drawing empty axes."""
    series = option.get("series") or []
    values = [v for s in series for v in _numbers(s.get("data"))]
    if not values:
        option["graphic"] = [
            {
                "type": "text",
                "left": "center",
                "top": "middle",
                "style": {"text": gettext(EMPTY_TEXT), "fontSize": 14, "fill": "#718096"},
            }
        ]
    for axis_name in ("yAxis", "xAxis"):
        axis = option.get(axis_name)
        if not isinstance(axis, dict) or axis.get("type") != "value":
            continue
        targets = [
            float(d[axis_name])
            for s in series
            for d in (s.get("markLine") or {}).get("data", ())
            if isinstance(d, dict) and isinstance(d.get(axis_name), (int, float))
        ]
        if not targets:
            continue
        low, high = min([*values, *targets]), max([*values, *targets])
        pad = (high - low) * 0.08 or abs(high) * 0.08 or 1.0
        if "max" not in axis or not isinstance(axis["max"], (int, float)) or axis["max"] < high:
            axis["max"] = _nice(high + pad, up=True)
        if axis.get("scale") or low < 0:
            axis["min"] = _nice(low - pad, up=False) if not (low >= 0 and low - pad < 0) else 0
    return option


def tooltip_text(text: str) -> str:
    """User text for an ECharts tooltip ``formatter`` string, which ECharts renders as HTML and in which it replaces
    ``{a}``, ``{b}``, ``{c}``: escaped for HTML, braces as character references (shown as themselves)."""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def _base(title: str) -> Option:
    return {
        "color": PALETTE,
        "title": {"text": title, "left": 0, "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 16, "right": 24, "top": 80, "bottom": 24, "containLabel": True},
        "animation": False,
    }


def lines_by_year(
    title: str, years: Sequence[int], series: Mapping[str, Sequence[float | None]], unit: str = ""
) -> Option:
    """One line per named series over school years."""
    option = _base(title)
    option.update(
        legend=LEGEND,
        xAxis={"type": "category", "data": [str(y) for y in years]},
        yAxis={"type": "value", "name": unit},
        series=[{"name": name, "type": "line", "data": list(values)} for name, values in series.items()],
    )
    return fitted(option)


def cv_bars(
    title: str,
    labels: Mapping[str, str],
    cvs: Mapping[str, float | None],
    threshold: float,
    urls: Mapping[str, str] | None = None,
) -> Option:
    """Each indicator's CV as a horizontal bar, red where it exceeds the threshold, with the threshold as a line;
    with ``urls`` (indicator → the schools behind it) a click on a bar opens them."""
    keys = list(cvs)
    known = [float(v) for v in cvs.values() if v is not None]
    data = [
        {
            "value": None if cvs[k] is None else round(float(cvs[k] or 0), 4),
            "itemStyle": {"color": PASS if cvs[k] is not None and float(cvs[k] or 0) <= threshold else FAIL},
        }
        | _link(urls, k)
        for k in keys
    ]
    option = _base(title)
    option.update(
        grid={"left": 8, "right": 40, "top": 40, "bottom": 24, "containLabel": True},
        yAxis={
            "type": "category",
            "data": [labels.get(k, k) for k in keys],
            "inverse": True,
            "axisLabel": {"width": 150, "overflow": "truncate"},
        },
        xAxis={"type": "value", "max": round(max([threshold, *known]) * 1.15, 2)},
        series=[
            {
                "name": "差异系数",
                "type": "bar",
                "data": data,
                "label": {"show": True, "position": "right", "formatter": "{c}"},
                "markLine": {
                    "symbol": "none",
                    "lineStyle": {"color": FAIL, "type": "dashed"},
                    "label": {"formatter": f"≤ {threshold}", "position": "start"},  # above the bars, not the axis
                    "data": [{"xAxis": threshold}],
                },
            }
        ],
    )
    return fitted(option)


def trajectory(
    title: str,
    actuals: Mapping[int, float],
    baseline: tuple[int, float] | None,
    target: tuple[int, float] | None,
    unit: str = "",
) -> Option:
    """Actual values by year, the straight path from baseline to target, and the target as a line."""
    years = sorted({*actuals, *(p[0] for p in (baseline, target) if p is not None)})
    if years:
        years = list(range(years[0], years[-1] + 1))
    path: list[float | None] = [None] * len(years)
    if baseline is not None and target is not None and target[0] > baseline[0]:
        step = (target[1] - baseline[1]) / (target[0] - baseline[0])
        path = [
            round(baseline[1] + step * (y - baseline[0]), 4) if baseline[0] <= y <= target[0] else None for y in years
        ]
    observed = [actuals.get(y, baseline[1] if baseline and y == baseline[0] else None) for y in years]
    option = _base(title)
    series: list[Option] = [
        {"name": "实际", "type": "line", "data": observed, "connectNulls": True, "symbolSize": 7},
        {"name": "规划路径", "type": "line", "data": path, "lineStyle": {"type": "dashed"}, "symbol": "none"},
    ]
    if target is not None:
        series[0]["markLine"] = {
            "symbol": "none",
            "lineStyle": {"color": FAIL, "type": "dashed"},
            # The unit is user text (from a plan document): passed as the line's name, never as a template.
            "label": {"formatter": "{b}", "position": "insideEndTop"},
            "data": [{"yAxis": target[1], "name": f"目标 {target[1]:g}{unit}"}],
        }
    option.update(
        legend=LEGEND,
        xAxis={"type": "category", "data": [str(y) for y in years]},
        yAxis={"type": "value", "name": unit, "scale": True},
        series=series,
    )
    return fitted(option)


def timeline(title: str, rows: Sequence[tuple[str, int, int]]) -> Option:
    """Projects as horizontal bars from start year to finish year (a stacked transparent offset)."""
    names = [r[0] for r in rows]
    option = _base(title)
    option.update(
        tooltip={"trigger": "item"},
        grid={"left": 8, "right": 24, "top": 40, "bottom": 30, "containLabel": True},
        xAxis={"type": "value", "min": min((r[1] for r in rows), default=2020), "interval": 1},
        yAxis={"type": "category", "data": names, "inverse": True, "axisLabel": {"width": 220, "overflow": "truncate"}},
        series=[
            {"type": "bar", "stack": "t", "itemStyle": {"color": "transparent"}, "data": [r[1] for r in rows]},
            {
                "name": "建设期",
                "type": "bar",
                "stack": "t",
                "itemStyle": {"color": BRAND},
                "data": [max(r[2] - r[1], 0) + 1 for r in rows],
            },
        ],
    )
    return fitted(option)


def coloured_bars(
    title: str,
    counts: Mapping[str, float],
    classes: Mapping[str, str],
    series_name: str,
    urls: Mapping[str, str] | None = None,
) -> Option:
    """One bar per category, coloured as the page colours it (``classes``: category → pass / warn / fail); with
    ``urls`` (category → the list behind the bar) a click on a bar opens its list (``static/web/charts.js``)."""
    option = grouped_bars(title, list(counts), {series_name: list(counts.values())})
    option["series"][0]["data"] = [
        {"value": n, "itemStyle": {"color": CLASS_COLOURS.get(classes.get(k, ""), BRAND)}} | _link(urls, k)
        for k, n in counts.items()
    ]
    option.pop("legend")
    return fitted(option)


def grouped_bars(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    unit: str = "",
    urls: Mapping[str, str] | None = None,
) -> Option:
    """Bars of several series per category (e.g. demand and capacity per town); with ``urls`` (category → the list
    behind it) each bar links to its category's list."""
    option = _base(title)
    option.update(
        legend=LEGEND,
        xAxis={"type": "category", "data": list(categories), "axisLabel": {"interval": 0, "rotate": 30}},
        yAxis={"type": "value", "name": unit},
        series=[
            {
                "name": name,
                "type": "bar",
                "data": _linked(categories, values, urls),
            }
            for name, values in series.items()
        ],
    )
    return option


def _linked(categories: Sequence[str], values: Sequence[float | None], urls: Mapping[str, str] | None) -> list[Any]:
    if not urls:
        return list(values)
    return [{"value": v} | _link(urls, c) for c, v in zip(categories, values, strict=True)]


def _link(urls: Mapping[str, str] | None, key: str) -> Option:
    """A data item's link: a path on this server (charts.js opens nothing else)."""
    url = (urls or {}).get(key, "")
    return {"url": url} if url.startswith("/") and not url.startswith("//") else {}


def region_map(
    title: str,
    geo: tuple[str, str] | None,
    areas: Sequence[Mapping[str, str]],
    points: Sequence[Mapping[str, Any]],
) -> Option:
    """Areas coloured (``areas``: name, colour, url) on the boundaries ``geo`` (the map's name and the URL of its
    GeoJSON on this server, which charts.js loads and registers first), and points (name, lon, lat, colour, url) on
    them; without boundaries, the points alone on longitude and latitude axes. A click on an area or a point opens
    its url. Names reach the tooltips escaped (``tooltip_text``)."""
    option = _base(title)
    option["tooltip"] = {"trigger": "item"}
    scatter: Option = {
        "name": "学校",
        "type": "scatter",
        "symbolSize": 5,
        "data": [
            {
                "name": str(p["name"]),
                "value": [round(float(p["lon"]), 5), round(float(p["lat"]), 5)],
                "itemStyle": {"color": p.get("colour", BRAND)},
                "tooltip": {"formatter": tooltip_text(str(p["name"]))},
            }
            | _link({"u": str(p.get("url", ""))}, "u")
            for p in points
        ],
    }
    if geo is None:
        option.update(
            xAxis={"type": "value", "scale": True, "name": "经度"},
            yAxis={"type": "value", "scale": True, "name": "纬度"},
            series=[scatter],
        )
        return option
    name, url = geo
    links = {str(a["name"]): str(a.get("url", "")) for a in areas}
    option.update(
        geoUrl=url if url.startswith("/") else "",
        links={k: v for k, v in links.items() if v.startswith("/") and not v.startswith("//")},
        geo={
            "map": name,
            "roam": True,
            "label": {"show": True, "fontSize": 10},
            "itemStyle": {"areaColor": "#edf2f7", "borderColor": "#718096"},
            "emphasis": {"label": {"show": True}, "itemStyle": {"areaColor": "#bee3f8"}},
            "regions": [{"name": str(a["name"]), "itemStyle": {"areaColor": a["colour"]}} for a in areas],
            "tooltip": {"show": True},
        },
        series=[scatter | {"coordinateSystem": "geo"}],
    )
    return fitted(option)


def caterpillar(title: str, schools: Sequence[Mapping[str, Any]]) -> Option:
    """Each school's value-added as a dot and its 95% interval as a line, in the order given (best first); green
    where the interval lies above zero, red below, grey across it. ``schools``: name, effect, lower, upper, flag."""
    colours = {"above": PASS, "below": FAIL}
    names = [str(s["name"]) for s in schools]
    option = _base(title)
    option.update(
        tooltip={"trigger": "item"},
        grid={"left": 8, "right": 24, "top": 40, "bottom": 30, "containLabel": True},
        yAxis={"type": "category", "data": names, "inverse": True, "axisLabel": {"width": 160, "overflow": "truncate"}},
        xAxis={"type": "value", "name": "分", "scale": True},
        series=[
            {
                "name": "95%区间",
                "type": "lines",
                "coordinateSystem": "cartesian2d",
                "silent": True,
                "data": [
                    {
                        "coords": [[round(s["lower"], 2), name], [round(s["upper"], 2), name]],
                        "lineStyle": {"color": colours.get(str(s["flag"]), "#718096"), "width": 2},
                    }
                    for s, name in zip(schools, names, strict=True)
                ],
            },
            {
                "name": "增值",
                "type": "scatter",
                "symbolSize": 8,
                "data": [
                    {
                        "value": [round(s["effect"], 2), name],
                        "itemStyle": {"color": colours.get(str(s["flag"]), "#718096")},
                        "tooltip": {
                            "formatter": f"{tooltip_text(name)}：{s['effect']:+.2f}（95%区间 {s['lower']:+.2f} ~ {s['upper']:+.2f}）"
                        },
                    }
                    for s, name in zip(schools, names, strict=True)
                ],
                "markLine": {
                    "symbol": "none",
                    "silent": True,
                    "lineStyle": {"color": "#718096", "type": "dashed"},
                    "label": {"show": False},
                    "data": [{"xAxis": 0}],
                },
            },
        ],
    )
    return fitted(option)


def track(title: str, points: Sequence[Mapping[str, Any]]) -> Option:
    """A school's value-added by school year: the estimate, and its 95% interval as two grey dashed lines."""
    years = [str(p["year"]) for p in points]
    option = _base(title)
    option.update(
        legend=LEGEND,
        xAxis={"type": "category", "data": years},
        yAxis={"type": "value", "name": "分", "scale": True},
        series=[
            {
                "name": "95%区间下限",
                "type": "line",
                "data": [round(p["lower"], 2) for p in points],
                "lineStyle": {"type": "dashed"},
                "itemStyle": {"color": "#718096"},
            },
            {"name": "增值", "type": "line", "data": [round(p["effect"], 2) for p in points], "symbolSize": 8},
            {
                "name": "95%区间上限",
                "type": "line",
                "data": [round(p["upper"], 2) for p in points],
                "lineStyle": {"type": "dashed"},
                "itemStyle": {"color": "#718096"},
            },
        ],
    )
    return fitted(option)
