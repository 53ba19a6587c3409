"""Planner scenarios for the enrolment projection: a small TOML/JSON file or a web form, checked by pydantic.

Rates are percentages, as planners write them (``births_trend = -3`` is −3 % a year). Unknown keys, negative
rates and other bad values are reported together, each naming its key, and nothing is computed. See
docs/forecast.md for the effect of every key.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from eduplan.contract import GRADES_BY_STAGE, STAGES, county_of
from eduplan.core.enrolment import (
    BirthsAssumption,
    CensusYear,
    History,
    Projection,
    ProjectionSettings,
    build_history,
    project,
)
from eduplan.errors import IngestError, Problem, UsageError


class HousingEstate(BaseModel):
    """A new housing estate: from ``year`` on it adds ``dwellings × pupils_per_dwelling`` pupils to each stage."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    region_code: str = Field(pattern=r"^\d{6}(\d{3})?$")  # the town (9 digits) or county (6)
    year: int = Field(ge=2000, le=2100)  # first school year with residents
    dwellings: int = Field(ge=0)
    pupils_per_dwelling: dict[str, float]  # 学段 → pupils per dwelling

    @field_validator("pupils_per_dwelling")
    @classmethod
    def _stages_and_rates(cls, value: dict[str, float]) -> dict[str, float]:
        for stage, rate in value.items():
            if stage not in STAGES:
                raise ValueError(f"学段 {stage!r} 不是 {'、'.join(STAGES)} 之一")
            if rate < 0:
                raise ValueError(f"{stage} 的每户学生数不能为负数，实际为 {rate:g}")
        return value


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = ""
    births_trend: float | None = Field(default=None, gt=-100, le=100)  # % a year beyond the known births
    third_child_uplift: float = Field(default=0.0, ge=0, le=100)  # % more births (三孩政策)
    third_child_from: int | None = Field(default=None, ge=2000, le=2100)  # first birth year of the uplift
    migrant_share_change: float = Field(default=0.0, ge=-100, le=100)  # percentage points of 随迁子女 share
    migrant_change_by: int | None = Field(default=None, ge=2000, le=2100)  # year the change is complete
    housing: list[HousingEstate] = Field(default_factory=list)
    method: Literal["mean", "ses"] = "mean"
    averaging_years: int = Field(default=3, ge=1, le=10)
    smoothing: float = Field(default=0.4, gt=0, le=1)

    def settings(self) -> ProjectionSettings:
        return ProjectionSettings(self.method, self.averaging_years, self.smoothing)

    def births(self) -> BirthsAssumption:
        trend = None if self.births_trend is None else self.births_trend / 100
        return BirthsAssumption(trend, self.third_child_uplift / 100, self.third_child_from)

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump()


# pydantic error types → a sentence naming the key (STYLE 14: a table, not string surgery).
_MESSAGES: dict[str, str] = {
    "extra_forbidden": "未知的键 {loc}；可用的键：{allowed}",
    "missing": "缺少必填的键 {loc}",
    "greater_than_equal": "键 {loc} 不能小于 {ge}（负数的比率无意义），实际为 {input}",
    "greater_than": "键 {loc} 应大于 {gt}，实际为 {input}",
    "less_than_equal": "键 {loc} 不能大于 {le}，实际为 {input}",
    "literal_error": "键 {loc} 应为 {expected}，实际为 {input}",
    "string_pattern_mismatch": "键 {loc} 应为 6 位县级或 9 位乡镇街道区划代码，实际为 {input}",
    "value_error": "键 {loc}：{reason}",
    "int_parsing": "键 {loc} 应为整数，实际为 {input}",
    "int_from_float": "键 {loc} 应为整数，实际为 {input}",
    "float_parsing": "键 {loc} 应为数字，实际为 {input}",
    "finite_number": "键 {loc} 应为有限的数字，实际为 {input}",
}


def _allowed(loc: tuple[int | str, ...]) -> str:
    model: type[BaseModel] = HousingEstate if loc and loc[0] == "housing" else Scenario
    return "、".join(model.model_fields)


def _sentence(error: Any) -> str:
    loc = tuple(error["loc"])
    where = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
    # 0.0 → 0: bounds print as a planner writes them
    ctx = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in (error.get("ctx") or {}).items()}
    template = _MESSAGES.get(error["type"], "键 {loc}：{reason}")
    reason = str(ctx.get("error", error["msg"]))
    return template.format(loc=where, allowed=_allowed(loc), input=error.get("input"), reason=reason, **ctx)


def parse_scenario(data: Mapping[str, Any], source: str = "情景") -> Scenario:
    """Validate a scenario mapping (a parsed file or a web form); every problem is reported, none is guessed."""
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as exc:
        raise IngestError([Problem(file=source, message=_sentence(e)) for e in exc.errors()]) from None


def load_scenario(path: Path) -> Scenario:
    """A scenario from a ``.toml`` or ``.json`` file."""
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise UsageError(f"情景文件 {path.name} 应为 .toml 或 .json 文件")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"无法读取情景文件 {path}：{exc.strerror}") from None
    try:
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise IngestError([Problem(file=path.name, message=f"不是有效的 {suffix[1:].upper()}：{exc}")]) from None
    if not isinstance(data, dict):
        raise IngestError([Problem(file=path.name, message="情景文件的顶层应为键值表")])
    return parse_scenario(data, path.name)


def migrant_factor(share: float, change: float) -> float:
    """Enrolment multiplier when the 随迁子女 share moves from ``share`` to ``share + change`` with the local pupils
    unchanged: E' = (1 − m)·E / (1 − m'). The new share is held within [0, 0.95]."""
    new = min(max(share + change, 0.0), 0.95)
    return (1 - share) / (1 - new)


def check_housing(scenario: Scenario, history: History) -> None:
    """Every housing estate lies in a county being projected."""
    counties = set(history.county_of.values())
    problems = [
        Problem(
            file="情景",
            message=f"键 housing[{i}].region_code：{e.region_code} 不在所预测的区域（{'、'.join(sorted(counties))}）内",
        )
        for i, e in enumerate(scenario.housing)
        if county_of(e.region_code) not in counties
    ]
    if problems:
        raise IngestError(problems)


def apply_scenario(projection: Projection, history: History, scenario: Scenario) -> None:
    """Adjust the projected years (not the base year) for the migrant-share change and the housing estates."""
    base = projection.base_year
    if scenario.migrant_share_change:
        by = scenario.migrant_change_by
        for key, value in list(projection.cells.items()):
            area, stage, _grade, year = key
            if year <= base:
                continue
            ramp = 1.0 if by is None or by <= base else min(1.0, (year - base) / (by - base))
            share = history.migrant_share.get((area, stage), 0.0)
            projection.cells[key] = value * migrant_factor(share, scenario.migrant_share_change / 100 * ramp)
    check_housing(scenario, history)
    for i, estate in enumerate(scenario.housing):
        area = county_of(estate.region_code) if projection.level == "county" else estate.region_code
        if projection.level == "town" and len(estate.region_code) == 6:
            projection.notes.append(f"住宅项目 {estate.name or i} 只给了县级代码，未计入各镇街的预测")
            continue
        for stage, rate in estate.pupils_per_dwelling.items():
            grades = GRADES_BY_STAGE[stage]
            per_grade = estate.dwellings * rate / len(grades)
            for year in range(max(estate.year, base + 1), projection.to_year + 1):
                for grade in grades:
                    key = (area, stage, grade, year)
                    projection.cells[key] = projection.cells.get(key, 0.0) + per_grade


def forecast(
    census: Mapping[int, CensusYear], base_year: int, to_year: int, scenario: Scenario | None = None
) -> tuple[Projection, Projection]:
    """County- and town-level projections under a scenario (the default scenario changes nothing)."""
    scenario = scenario or Scenario()
    counties, towns = build_history(census, "county"), build_history(census, "town")
    check_housing(scenario, counties)
    county = project(counties, base_year, to_year, scenario.settings(), scenario.births())
    town = project(towns, base_year, to_year, scenario.settings(), scenario.births(), county=county)
    apply_scenario(county, counties, scenario)
    apply_scenario(town, towns, scenario)
    return county, town
