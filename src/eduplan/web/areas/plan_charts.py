"""Charts of a plan from ``store.plans.plan_detail`` (statuses are core's plan tracking; nothing judged here)."""

from __future__ import annotations

from typing import Any

from eduplan.core.plan_tracking import ACHIEVED, AT_RISK, BEHIND, DELAYED, FINISHED, ON_TRACK
from eduplan.web import charts

STATUS_CLASS = {ACHIEVED: "pass", ON_TRACK: "pass", BEHIND: "warn", AT_RISK: "fail", DELAYED: "fail", FINISHED: "pass"}


def latest_status(indicator: dict[str, Any]) -> dict[str, Any] | None:
    track = indicator.get("track") or []
    return track[-1] if track else None


def trajectory_chart(indicator: dict[str, Any]) -> dict[str, Any] | None:
    """Actuals, the planned path from baseline to target, and the target line."""
    actuals = {int(y): float(v) for y, v in indicator["actuals"].items()}
    baseline = (
        (indicator["baseline_year"], indicator["baseline_value"])
        if indicator["baseline_year"] and indicator["baseline_value"] is not None
        else None
    )
    target = (
        (indicator["target_year"], indicator["target_value"])
        if indicator["target_year"] and indicator["target_value"] is not None
        else None
    )
    if not actuals and target is None:
        return None
    return charts.trajectory(indicator["name"], actuals, baseline, target, indicator["unit"])


def project_timeline(projects: list[dict[str, Any]]) -> dict[str, Any] | None:
    rows = [(p["name"], p["start_year"], p["finish_year"]) for p in projects if p["start_year"] and p["finish_year"]]
    return charts.timeline("建设项目进度", rows) if rows else None


def decorate(detail: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Add each indicator's latest status and chart id in place; return the charts by name."""
    by_name: dict[str, dict[str, Any]] = {}
    for indicator in (*detail["indicators"], *detail["targets"]):
        indicator["latest"] = latest_status(indicator)
        chart = trajectory_chart(indicator)
        indicator["chart_id"] = f"chart-ind-{indicator['id']}" if chart else ""
        if chart:
            by_name[f"ind-{indicator['id']}"] = chart
    return by_name
