"""Each plan indicator's status and trajectory, from core's plan tracking (nothing judged here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eduplan.core.plan_tracking import TargetSpec, YearStatus, indicator_status
from eduplan.store.models import PlanIndicator
from eduplan.web import charts


@dataclass(frozen=True)
class IndicatorView:
    indicator: PlanIndicator
    actuals: dict[int, float]
    status: YearStatus | None
    chart: dict[str, Any] | None


def spec_of(indicator: PlanIndicator) -> TargetSpec | None:
    if indicator.target_year is None or indicator.baseline_year is None:
        return None
    return TargetSpec(
        baseline_year=indicator.baseline_year,
        baseline_value=indicator.baseline_value,
        target_year=indicator.target_year,
        target_value=indicator.target_value,
        comparator=indicator.comparator,
        unit=indicator.unit,
    )


def indicator_view(indicator: PlanIndicator, year: int) -> IndicatorView:
    """The latest status up to ``year`` and the trajectory chart (actuals, planned path, target line)."""
    actuals = {a.year: a.value for a in indicator.actuals.all() if a.year <= year}
    spec = spec_of(indicator)
    status = indicator_status(spec, actuals, max(actuals)) if spec is not None and actuals else None
    baseline = (
        (indicator.baseline_year, indicator.baseline_value)
        if indicator.baseline_year and indicator.baseline_value is not None
        else None
    )
    target = (
        (indicator.target_year, indicator.target_value)
        if indicator.target_year and indicator.target_value is not None
        else None
    )
    chart = charts.trajectory(indicator.name, actuals, baseline, target, indicator.unit) if actuals or target else None
    return IndicatorView(indicator, actuals, status, chart)


STATUS_CLASS = {"达成": "pass", "正常推进": "pass", "滞后": "warn", "风险": "fail"}
