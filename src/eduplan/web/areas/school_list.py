"""The school list of a region and year as a worked table (``web.areas.tables``): one row per school on the year's
registry in the user's scope, with its county, town, 学段 and whether the year's current census holds its rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from eduplan.contract import SCHOOL_TYPES, SPONSORS, STAGES, STAGES_BY_SCHOOL_TYPE, URBAN_RURAL
from eduplan.store.models import CensusStage, Region, SchoolVersion
from eduplan.web.areas.tables import Col, Filter, Spec

YES, NO = "是", "否"


def reported_codes(year: int) -> set[str]:
    """The schools with rows in the year's current census version (what 数据完整性 counts)."""
    rows = CensusStage.objects.filter(version__year=year, version__is_current=True)
    return set(rows.values_list("school_code", flat=True).distinct())


def school_rows(versions: QuerySet[SchoolVersion], year: int) -> list[dict[str, Any]]:
    reported = reported_codes(year)
    counties = dict(Region.objects.filter(level="county").values_list("code", "name"))
    return [
        {
            "school_id": v.school_id,
            "name": v.name,
            "url": reverse("school", args=[v.school_id]),
            "county_code": v.county_code,
            "county": counties.get(v.county_code, v.county_code),
            "town_code": v.region.code,
            "town": v.region.name,
            "school_type": v.school_type,
            "stages": list(STAGES_BY_SCHOOL_TYPE.get(v.school_type, ())),
            "sponsor": v.sponsor,
            "urban_rural": v.urban_rural,
            "reported": YES if v.school_id in reported else NO,
            "reported_tone": "pass" if v.school_id in reported else "warn",
        }
        for v in versions.order_by("region_id", "school_id")
    ]


def school_spec(place: Region) -> Spec:
    """Columns and filters: the county filter for a city or province, the town filter for a county."""
    filters: list[Filter] = []
    if place.level in ("province", "city"):
        counties = Region.objects.filter(level="county", code__startswith=place.subtree_prefix()).order_by("code")
        filters.append(Filter("county", "县（市、区）", {c.code: c.name for c in counties}, field="county_code"))
    if place.level == "county":
        towns = place.children.order_by("code")
        filters.append(Filter("town", "乡镇街道", {t.code: t.name for t in towns}, field="town_code"))
    filters += [
        Filter("school_type", "办学类型", {t: t for t in SCHOOL_TYPES}),
        Filter("stage", "学段", {s: s for s in STAGES}, field="stages"),
        Filter("sponsor", "举办者", {s: s for s in SPONSORS}),
        Filter("urban_rural", "城乡分类", {u: u for u in URBAN_RURAL}),
        Filter("reported", "本学年已填报", {YES: YES, NO: NO}),
    ]
    columns = (
        Col("name", "学校名称", link="url"),
        Col("school_id", "学校标识码", "code"),
        Col("county", "县（市、区）"),
        Col("town", "乡镇街道"),
        Col("school_type", "办学类型", translate=True),
        Col("stages", "学段", sortable=False),
        Col("sponsor", "举办者"),
        Col("urban_rural", "城乡分类"),
        Col("reported", "本学年已填报", tone_from="reported_tone"),
    )
    return Spec(
        "school-list", "学校名录", columns, tuple(filters), search=("name", "school_id"),
        search_label="名称或标识码", page_size=100, sticky=True,
    )  # fmt: skip
