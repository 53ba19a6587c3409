"""ECharts options of the quality and 控辍保学 pages, from numbers core computed (presentation only)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from eduplan.web.charts import BRAND, FAIL, PASS, WARN, Option, _base, fitted


def distribution(title: str, bands: Sequence[Mapping[str, Any]]) -> Option:
    option = _base(title)
    option.update(
        xAxis={"type": "category", "data": [b["band"] for b in bands], "name": "得分率"},
        yAxis={"type": "value", "name": "人数"},
        series=[{"name": "人数", "type": "bar", "data": [b["students"] for b in bands], "itemStyle": {"color": BRAND}}],
    )
    return fitted(option)


def gap_bars(title: str, schools: Sequence[Mapping[str, Any]], limit: float) -> Option:
    """Each school's 差异率 as a bar (green below the limit, red at or above), the limit as a dashed line."""
    rows = [s for s in schools if s.get("gap_rate") is not None]
    option = _base(title)
    option.update(
        grid={"left": 8, "right": 48, "top": 40, "bottom": 24, "containLabel": True},
        yAxis={"type": "category", "data": [s["name"] or s["school_code"] for s in rows], "inverse": True},
        xAxis={"type": "value", "name": "%"},
        series=[
            {
                "name": "差异率",
                "type": "bar",
                "data": [
                    {"value": round(s["gap_rate"], 2), "itemStyle": {"color": PASS if s["gap_passed"] else FAIL}}
                    for s in rows
                ],
                "label": {"show": True, "position": "right", "formatter": "{c}%"},
                "markLine": {
                    "symbol": "none",
                    "lineStyle": {"color": FAIL, "type": "dashed"},
                    "label": {"formatter": f"< {limit:g}%", "position": "start"},
                    "data": [{"xAxis": limit}],
                },
            }
        ],
    )
    return fitted(option)


def attainment_vs_value_added(title: str, schools: Sequence[Mapping[str, Any]]) -> Option:
    """One point per school: mean score across, value-added up; the quadrant a school falls in is the point."""
    points = [s for s in schools if s.get("mean") is not None and s.get("value_added") is not None]
    option = _base(title)
    option["tooltip"] = {"trigger": "item"}
    option.update(
        xAxis={"type": "value", "name": "平均分", "scale": True},
        yAxis={"type": "value", "name": "增值（分）"},
        series=[
            {
                "name": "学校",
                "type": "scatter",
                "symbolSize": 10,
                "data": [
                    {
                        "name": s["name"] or s["school_code"],
                        "value": [round(s["mean"], 2), round(s["value_added"], 2)],
                        "itemStyle": {"color": WARN if s.get("urban_rural") != "城区" else BRAND},
                    }
                    for s in points
                ],
                "label": {"show": True, "position": "right", "formatter": "{b}", "fontSize": 10},
                "labelLayout": {"hideOverlap": True},
                "markLine": {
                    "symbol": "none",
                    "lineStyle": {"type": "dashed"},
                    "label": {"show": False},
                    "data": [{"yAxis": 0}],
                },
            }
        ],
    )
    return fitted(option)


def case_funnel(title: str, steps: Sequence[Mapping[str, Any]]) -> Option:
    option = _base(title)
    option["tooltip"] = {"trigger": "item"}
    option.update(
        series=[
            {
                "name": "案件",
                "type": "funnel",
                "sort": "none",
                "top": 40,
                "label": {"formatter": "{b}：{c}"},
                "data": [{"name": s["step"], "value": s["cases"]} for s in steps],
            }
        ]
    )
    return fitted(option)
