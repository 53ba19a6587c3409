"""The leaders' cockpit (驾驶舱) of a region and year: the few figures that matter, each linking to the list behind
it, and a map of the counties coloured by their 优质均衡 verdict with the schools as points.

Every figure comes from the function its own page uses (the verdicts of ``store.assessments``, the seat forecast of
``web.areas.forecasts``, the plans of ``web.areas.dashboard``, the census rows of ``web.areas.school_list``): the
cockpit computes nothing of its own, so its figures and its pages' figures cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.templatetags.static import static
from django.urls import reverse

from eduplan.core.plan_tracking import AT_RISK, BEHIND
from eduplan.core.scenarios import Scenario
from eduplan.store.assessments import CountyVerdict, quality_balance_verdicts
from eduplan.store.models import Region, SchoolVersion
from eduplan.web import charts
from eduplan.web.areas.assessment_tables import FAILED, STAGE_PREFIX
from eduplan.web.areas.dashboard import plan_summary
from eduplan.web.areas.forecasts import seat_forecast_for
from eduplan.web.areas.school_list import NO, reported_codes

# Cities whose county boundaries are vendored (static/vendor/geo/<code>.json, see static/vendor/README.md).
GEO_CITIES = ("440100", "441800")
GREY = "#a0aec0"
VERDICT_COLOURS = {True: charts.PASS, False: charts.FAIL, None: charts.WARN}
OFF_TRACK = (BEHIND, AT_RISK)


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: str
    detail: str
    tone: str  # pass / warn / fail / ""
    url: str


def _verdict_cards(place: Region, year: int, verdicts: list[CountyVerdict]) -> list[Card]:
    judged = [v for v in verdicts if v.result]
    passed = sum(1 for v in judged if v.result and v.result["passed"])
    failing = [
        s for v in judged for st in (v.result or {})["stages"].values() for s in st["schools"] if not s["passed"]
    ]
    url = reverse("assessments", args=[place.code, year])
    if place.level == "county" and judged:
        school_url = url + "?" + urlencode({f"{STAGE_PREFIX[s]}verdict": FAILED for s in judged[0].result["stages"]})  # type: ignore[index]
    else:
        school_url = url
    tone = "" if not judged else "pass" if passed == len(judged) else "fail"
    return [
        Card("verdicts", "优质均衡评估达标县", f"{passed}/{len(judged)}", f"共 {len(verdicts)} 个县（市、区）", tone, url),
        Card("failing-schools", "未达标学校", f"{len(failing):,}", "义务教育学校（七项指标）", "fail" if failing else "pass", school_url),
    ]  # fmt: skip


def seat_card(place: Region, year: int) -> Card:
    url = reverse("forecasts", args=[place.code, year])
    seats = seat_forecast_for(place, year, year + 5, Scenario())
    if not seats.available:
        return Card("seat-gap", "学位缺口（五年内）", "—", seats.message[:40], "", url)
    short = [r for r in seats.rows if r["shortfall"] > 0]
    total = round(sum(r["shortfall"] for r in short))
    detail = f"{len(short)} 个镇街学段规划项目后仍缺学位"
    return Card("seat-gap", "学位缺口（五年内）", f"{total:,}", detail, "fail" if total else "pass", url)


def _plan_cards(place: Region, year: int, today: dt.date) -> list[Card]:
    plans = plan_summary(place, today, charts_for=0)
    off = sum(plans.status_counts.get(s, 0) for s in OFF_TRACK)
    url = reverse("dashboard", args=[place.code, year])
    return [
        Card("off-track", "规划指标滞后或有风险", str(off), f"共 {len(plans.indicators)} 项指标",
             "fail" if off else "pass", f"{url}?i_track=是#plan-indicators"),
        Card("overdue", "逾期未完成任务", str(len(plans.overdue)), f"{len(plans.plans)} 份规划",
             "fail" if plans.overdue else "pass", f"{url}#overdue-tasks"),
    ]  # fmt: skip


def _completeness_card(place: Region, year: int, schools: QuerySet[SchoolVersion]) -> Card:
    codes = set(schools.values_list("school_id", flat=True))
    reported = len(codes & reported_codes(year))
    share = reported / len(codes) if codes else 0.0
    url = reverse("schools", args=[place.code, year]) + "?" + urlencode({"reported": NO})
    tone = "pass" if share >= 0.999 else "warn" if share >= 0.9 else "fail"
    return Card(
        "completeness", "数据完整性（本学年已填报）", f"{share:.1%}", f"{reported:,}/{len(codes):,} 所学校", tone, url
    )


def cards(place: Region, year: int, schools: QuerySet[SchoolVersion], today: dt.date) -> tuple[list[Card], Any]:
    """The cockpit's quick cards, and the verdicts (for the map); the seat gap (a forecast, seconds for a city) is
    :func:`seat_card`, loaded after the page."""
    verdicts = quality_balance_verdicts(place, year)
    out = [*_verdict_cards(place, year, verdicts), *_plan_cards(place, year, today)]
    out.append(_completeness_card(place, year, schools))
    return out, verdicts


def map_chart(place: Region, year: int, verdicts: list[CountyVerdict], schools: QuerySet[SchoolVersion]) -> Any:
    """Counties coloured by verdict (green 达标, red 未达标, amber 待定, grey without a verdict) on their city's
    boundaries, schools as points coloured by their own result; a region whose city has no boundaries: points alone."""
    city = place.code[:4] + "00" if place.level in ("city", "county", "town") else ""
    geo = (city, static(f"vendor/geo/{city}.json")) if city in GEO_CITIES else None
    areas = [
        {
            "name": v.county.name,
            "colour": VERDICT_COLOURS[v.result["passed"]] if v.result else GREY,
            "url": reverse("assessments", args=[v.county.code, year]),
        }
        for v in verdicts
    ]
    school_passed: dict[str, bool] = {}
    for v in verdicts:
        for st in (v.result or {}).get("stages", {}).values():
            for s in st["schools"]:
                school_passed[s["school_code"]] = school_passed.get(s["school_code"], True) and bool(s["passed"])
    points = [
        {
            "name": name,
            "lon": lon,
            "lat": lat,
            "colour": {True: charts.PASS, False: charts.FAIL}.get(school_passed.get(code), charts.BRAND),  # type: ignore[arg-type]
            "url": reverse("school", args=[code]),
        }
        for code, name, lon, lat in schools.filter(lon__isnull=False, lat__isnull=False).values_list(
            "school_id", "name", "lon", "lat"
        )
    ]
    option = charts.region_map(f"{place.name} 优质均衡评估与学校分布", geo, areas, points)
    if geo is not None and place.level in ("county", "town") and points:  # the city's map, zoomed on the schools
        lons = [float(p["lon"] or 0) for p in points]
        lats = [float(p["lat"] or 0) for p in points]
        option["geo"]["center"] = [round(sum(lons) / len(lons), 4), round(sum(lats) / len(lats), 4)]
        option["geo"]["zoom"] = 2.5
    return option


LEGEND = (("达标", charts.PASS), ("未达标", charts.FAIL), ("待定", charts.WARN), ("无评估结果", GREY))
