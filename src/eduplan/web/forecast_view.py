"""Seat demand against capacity for a region, from the forecasts module (nothing projected here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eduplan.core.scenarios import Scenario
from eduplan.store.models import Region


@dataclass
class ForecastView:
    available: bool
    message: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def seat_forecast_for(region: Region, year: int, to_year: int, scenario: Scenario) -> ForecastView:
    try:
        from eduplan.store import forecasts
    except ImportError:
        return ForecastView(False, "学位预测模块尚未接入（store.forecasts）；情景表单已可校验。")
    del forecasts, region, year, to_year, scenario
    return ForecastView(False, "学位预测模块尚未接入。")
