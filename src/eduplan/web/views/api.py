"""The read-only JSON API under /api/: same login, same scope helpers as the pages (out of scope is 404)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from eduplan.store.assessments import quality_balance_verdicts
from eduplan.store.models import SchoolVersion
from eduplan.store.plans import plan_detail
from eduplan.web import forms
from eduplan.web.access import (
    audit_for_user,
    census_versions_for_user,
    get_plan_for_user,
    get_region_for_user,
    get_school_for_user,
    plans_for_user,
    regions_in_scope,
    schools_in_scope,
)
from eduplan.web.areas.value_added import region_value_added_for_user
from eduplan.web.decorators import api
from eduplan.web.openapi import openapi_document

Json = dict[str, Any]
SCHOOL_FIELDS = ("school_id", "name", "school_type", "sponsor", "inclusive", "urban_rural", "region_id", "group_name")


def _school(v: SchoolVersion) -> Json:
    row = {f: getattr(v, f) for f in SCHOOL_FIELDS}
    row["school_code"] = row.pop("school_id")
    row["region_code"] = row.pop("region_id")
    return row | {"valid_from": v.valid_from, "valid_to": v.valid_to, "change": v.change, "end_reason": v.end_reason}


@api
def api_openapi(request: HttpRequest) -> Json:
    return openapi_document()


@api
def api_regions(request: HttpRequest) -> list[Json]:
    return [
        {"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_id}
        for r in regions_in_scope(request.user)
    ]


@api
def api_region_schools(request: HttpRequest, code: str) -> list[Json]:
    region = get_region_for_user(request.user, code)
    year = forms.required_year(request.GET)
    return [_school(v) for v in schools_in_scope(request.user, year, region).order_by("school_id")]


@api
def api_school(request: HttpRequest, code: str) -> Json:
    history = get_school_for_user(request.user, code)
    return {"school_code": code, "history": [_school(v) for v in history]}


@api
def api_census_versions(request: HttpRequest) -> list[Json]:
    fields = ("year", "number", "is_current", "source", "filename", "sha256", "loaded_at", "row_counts")
    return list(census_versions_for_user(request.user).order_by("year", "number").values(*fields))


@api
def api_plans(request: HttpRequest) -> list[Json]:
    fields = ("id", "title", "doc_number", "region_id", "period_start", "period_end")
    return list(plans_for_user(request.user).values(*fields))


@api
def api_plan(request: HttpRequest, plan_id: int) -> Json:
    return plan_detail(get_plan_for_user(request.user, plan_id))


@api
def api_quality_balance(request: HttpRequest, code: str, year: int) -> list[Json]:
    region = get_region_for_user(request.user, code)
    return [
        {"county_code": v.county.code, "county": v.county.name, "result": v.result, "reason": v.reason}
        for v in quality_balance_verdicts(region, forms.year(year))
    ]


@api
def api_value_added(request: HttpRequest, code: str, year: int) -> Json:
    """增值评价 of the region's schools in the user's scope: the page's numbers (``eduplan assess value-added --json``
    cut to the scope), the grades and subjects to choose from, or why there is nothing to show."""
    region = get_region_for_user(request.user, code)
    grade, subject = forms.grade_and_subject(request.GET)
    view = region_value_added_for_user(request.user, region, forms.year(year), grade, subject, forms.exams(request.GET))
    choices = [{"grade": g, "subject": s} for g, s in view.choices]
    return {"choices": choices, "result": view.result, "message": view.message}


@api
def api_quality(request: HttpRequest, code: str, year: int) -> Json:
    """学业质量 of the region's schools in the user's scope (``eduplan assess quality --json`` cut to the scope)."""
    year = forms.year(year)
    from eduplan.web.areas.quality import region_quality_for_user

    region = get_region_for_user(request.user, code)
    grade, subject = request.GET.get("grade", ""), request.GET.get("subject", "")
    view = region_quality_for_user(request.user, region, year, grade, subject, request.GET.get("exam") or None)
    choices = [{"grade": g, "subject": s} for g, s in view.choices]
    return {"choices": choices, "result": view.result, "message": view.message}


@api
def api_audit(request: HttpRequest) -> list[Json]:
    entries = audit_for_user(request.user)
    for key in ("object_type", "object_id", "username", "action"):
        if value := forms.text(request.GET, key):
            entries = entries.filter(**{key: value})
    fields = ("at", "username", "action", "object_type", "object_id", "region_code", "summary", "before", "after")
    return list(entries.values(*fields)[:500])
