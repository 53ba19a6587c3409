"""The one place that reads and checks the parameters of a page's query or form.

Every view takes its school years, forecast horizon, scenario, exams, grade and subject, region codes and plan item
fields through these functions, so the same mistake gets the same Chinese message everywhere; each raises
``UsageError``, which the ``page`` and ``api`` wrappers (``web.decorators``) answer with 400 and the message.
The rules themselves live below the web: the school year and region codes in ``contract``, the scenario in
``core.scenarios``, a plan item's fields in its model.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from eduplan.contract import STAGES, level_of, school_year
from eduplan.core.scenarios import Scenario, parse_scenario
from eduplan.core.seats import COUNTY_WIDE_STAGES
from eduplan.errors import IngestError, UsageError

Params = Mapping[str, str]

# The longest forecast the page draws, in years after the base year.
FORECAST_HORIZON = 15
FORECAST_DEFAULT = 7
INT_LIMIT = 2**31 - 1
TEXT_LIMIT = 200  # a name, exam or filter: longer is not a value anyone typed


def year(raw: object, label: str = "学年") -> int:
    """A school year from a path, query or form (``contract.school_year``: 1990–2100, one message)."""
    return school_year(raw, label)


def required_year(params: Params, key: str = "year") -> int:
    """The school year a query must name (``?year=2023``)."""
    raw = params.get(key, "")
    if not raw.strip():
        raise UsageError(f"缺少参数 {key}（学年，如 2023）")
    return year(raw)


def optional_year(params: Params, key: str, default: int) -> int:
    """The school year a query may name; ``default`` when it names none."""
    raw = params.get(key, "")
    return year(raw) if raw.strip() else default


def to_year(params: Params, base: int) -> int:
    """The last year of a forecast from ``base``: 1–15 years on, 7 when the form names none."""
    raw = params.get("to_year", "").strip()
    if not raw:
        return base + FORECAST_DEFAULT
    first, last = base + 1, base + FORECAST_HORIZON
    if not raw.isascii() or not raw.isdigit() or not first <= int(raw) <= last:
        raise UsageError(f"预测终止年 {raw} 不对：应在 {first}–{last} 之间")
    return int(raw)


def text(params: Params, key: str) -> str:
    """A free-text parameter (a name, an exam, a search), trimmed; control characters and overlong text refused."""
    value = params.get(key, "").strip()
    if len(value) > TEXT_LIMIT or any(ord(c) < 32 for c in value):
        raise UsageError(f"参数 {key} 不对：应为不超过 {TEXT_LIMIT} 个字的文字")
    return value


def region_code(params: Params, key: str = "region") -> str:
    """A 统计用区划代码 (6, 9 or 12 digits); "" when the query names none."""
    code = params.get(key, "").strip()
    if not code:
        return ""
    try:
        if not code.isascii() or not code.isdigit():
            raise ValueError(code)
        level_of(code)
    except ValueError:
        raise UsageError(f"区划代码 {code!r} 不对：应为 6、9 或 12 位数字（统计用区划代码）") from None
    return code


def exams(params: Params) -> tuple[str | None, str | None]:
    """This year's and last year's exam, when the query names them (a year may hold several)."""
    return text(params, "exam") or None, text(params, "prior_exam") or None


def grade_and_subject(params: Params) -> tuple[str, str]:
    """The grade and subject asked for: ``grade`` and ``subject``, or the form's ``choice`` ("8|数学")."""
    choice = text(params, "choice")
    if "|" in choice:
        grade, subject = choice.split("|", 1)
        return grade.strip(), subject.strip()
    return text(params, "grade"), text(params, "subject")


def number(raw: str, label: str = "数值") -> float | None:
    """A number typed into a form; None when left empty."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise UsageError(f"{label} {raw!r} 不对：应为数字，或留空")
    return value


# --- The scenario form of the forecasts page ----------------------------------------------------------------------

# Scenario's fields a person sets by hand, plus one housing estate (a scenario file may hold more).
SCENARIO_FIELDS = (
    "births_trend",
    "third_child_uplift",
    "third_child_from",
    "migrant_share_change",
    "migrant_change_by",
    "method",
    "averaging_years",
)
HOUSING_FIELDS = ("name", "region_code", "year", "dwellings")  # form names housing_<field>
HOUSING_PUPILS = "housing_pupils_"  # + 学段: pupils per dwelling
ESTATE_STAGES = tuple(s for s in STAGES if s not in COUNTY_WIDE_STAGES)  # an estate's pupils per dwelling by 学段


def _housing(params: Params) -> list[dict[str, Any]]:
    """The form's estate, when it names a number of dwellings; its stages are those given a rate."""
    if not params.get("housing_dwellings"):
        return []
    estate: dict[str, Any] = {k: params[f"housing_{k}"] for k in HOUSING_FIELDS if params.get(f"housing_{k}")}
    estate["pupils_per_dwelling"] = {
        key.removeprefix(HOUSING_PUPILS): value
        for key, value in params.items()
        if key.startswith(HOUSING_PUPILS) and value != ""
    }
    return [estate]


def scenario(params: Params) -> Scenario:
    """The scenario the forecasts form sets (``core.scenarios`` checks every value)."""
    data: dict[str, Any] = {k: v for k, v in params.items() if k in SCENARIO_FIELDS and v != ""}
    housing = _housing(params)
    if housing:
        data["housing"] = housing
    try:
        return parse_scenario(data, source="情景表单")
    except IngestError as exc:
        raise UsageError(str(exc)) from None


# --- A plan item's fields on the review form -----------------------------------------------------------------------


def item_field(field: models.Field[Any, Any], raw: str) -> Any:
    """One field of a plan item as the review form sends it, parsed by the model field's type."""
    raw = raw.strip()
    if isinstance(field, models.CharField | models.TextField):
        if field.choices and raw not in {c[0] for c in field.choices} and not (field.blank and raw == ""):
            raise UsageError(f"{field.name}：{raw!r} 不是可选值 {'、'.join(str(c[0]) for c in field.choices)} 之一")
        return raw
    if raw == "":
        return None
    try:
        if isinstance(field, models.JSONField):
            return json.loads(raw)
        if isinstance(field, models.DateField):
            return dt.date.fromisoformat(raw)
        if isinstance(field, models.FloatField):
            number = float(raw)
            if not math.isfinite(number):
                raise ValueError(raw)
            return number
        value = int(raw)
    except ValueError:
        raise UsageError(f"{field.name}：{raw!r} 的格式不对（应为{field.description}）") from None
    if abs(value) > INT_LIMIT:  # what every database's integer column holds
        raise UsageError(f"{field.name}：{raw!r} 不对：数值过大")
    return value


# --- The query of a worked table (web/areas/tables.py): sort, page, search, filters, export ------------------------


@dataclass(frozen=True)
class TableQuery:
    """What a table's query asks for; each key carries the table's prefix (two tables on one page keep apart)."""

    sort: str = ""  # a column key; "" for the table's own order
    descending: bool = False
    page: int = 1
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # filter key → the chosen value
    export: bool = False


def table_query(
    params: Params, prefix: str, sortable: Mapping[str, str], filters: Mapping[str, tuple[str, Mapping[str, str]]]
) -> TableQuery:
    """A table's parameters checked against its columns (``sortable``: key → label) and filters (key → label and
    the values one may choose, value → label). ``{prefix}sort=-key`` sorts descending; ``{prefix}export=xlsx``
    asks for the workbook of every matching row."""
    raw_sort = params.get(f"{prefix}sort", "").strip()
    key = raw_sort.removeprefix("-")
    if raw_sort and key not in sortable:
        named = "、".join(f"{k}（{label}）" for k, label in sortable.items())
        raise UsageError(f"排序列 {raw_sort!r} 不对：应为 {named} 之一（前加 - 为降序）")
    raw_page = params.get(f"{prefix}page", "").strip() or "1"
    if not raw_page.isascii() or not raw_page.isdigit() or not 1 <= int(raw_page) <= INT_LIMIT:
        raise UsageError(f"页码 {raw_page!r} 不对：应为从 1 起的整数")
    chosen: dict[str, str] = {}
    for name, (label, values) in filters.items():
        value = params.get(f"{prefix}{name}", "").strip()
        if value and value not in values:
            raise UsageError(f"筛选条件“{label}”的值 {value!r} 不对：应为 {'、'.join(values.values())} 之一，或留空")
        if value:
            chosen[name] = value
    export = params.get(f"{prefix}export", "").strip()
    if export not in ("", "xlsx"):
        raise UsageError(f"导出格式 {export!r} 不对：应为 xlsx")
    q = text(params, f"{prefix}q")
    return TableQuery(key, raw_sort.startswith("-"), int(raw_page), q, chosen, export == "xlsx")
