"""Running the assessments a page shows: the census from the store, the verdict from core."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eduplan.core.quality_balance import assess_all_counties
from eduplan.errors import NotFound
from eduplan.standards.quality_balance import STANDARD as QUALITY_BALANCE
from eduplan.store.assessments import ASSESSMENTS, manual_records
from eduplan.store.census import census_frames
from eduplan.store.models import Region


@dataclass(frozen=True)
class CountyVerdict:
    county: Region
    result: dict[str, Any] | None  # QualityBalanceResult.as_dict(), or None with a reason
    reason: str = ""


INDICATOR_LABELS: dict[str, str] = {i.key: i.name for i in QUALITY_BALANCE.indicators}
INDICATOR_UNITS: dict[str, str] = {i.key: i.unit for i in QUALITY_BALANCE.indicators}


def thresholds(stages: list[str]) -> dict[str, dict[str, float]]:
    """The standard's threshold of each indicator, per 学段 (what a school's value is held against)."""
    return {stage: {i.key: i.threshold(stage) for i in QUALITY_BALANCE.indicators} for stage in stages}


def quality_balance(region: Region, counties: list[Region], year: int) -> list[CountyVerdict]:
    """The 优质均衡 verdict of each county, from the current census version of ``year``."""
    if not counties:
        return []
    try:
        frames = census_frames(region.code, year)
    except NotFound as exc:
        return [CountyVerdict(c, None, str(exc)) for c in counties]
    if len(counties) == 1:
        # The same computation as a kept run (store.assessments), with the hand-recorded items of the county.
        code = counties[0].code
        manual = manual_records(QUALITY_BALANCE.id, code, year)
        try:
            result = ASSESSMENTS["balanced"].compute(frames, code, year, manual)
        except NotFound as exc:
            return [CountyVerdict(counties[0], None, str(exc))]
        return [CountyVerdict(counties[0], result.as_dict())]
    results = assess_all_counties(frames.schools, frames.stages, year=year) if len(frames.stages) else {}
    return [
        CountyVerdict(c, results[c.code].as_dict())
        if c.code in results
        else CountyVerdict(c, None, "无义务教育学段数据")
        for c in counties
    ]
