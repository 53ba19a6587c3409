"""Schools: the year's list with filters, and one school's history across years and registry changes."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.contract import SCHOOL_TYPES, SCHOOLS, SPONSORS, STAGE_WHOLE_SCHOOL, URBAN_RURAL
from eduplan.store.collection import collection_years
from eduplan.store.models import CensusStage, SupervisionNote
from eduplan.store.supervision import NOTE_STATUSES, do_add_note, do_update_rectification
from eduplan.store.teachers import roster_years
from eduplan.web import charts, forms
from eduplan.web.access import (
    can_see_named_teachers,
    can_write,
    get_note_for_user,
    get_school_for_user,
    require_write,
    schools_in_scope,
)
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page

FILTERS = {"school_type": SCHOOL_TYPES, "sponsor": SPONSORS, "urban_rural": URBAN_RURAL}
FILTER_LABELS = {k: SCHOOLS.column(k).label for k in FILTERS}


@page
def school_list(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    qs = schools_in_scope(request.user, year, place).order_by("region_id", "school_id")
    chosen = {key: request.GET.get(key, "") for key in FILTERS}
    for key, value in chosen.items():
        if value in FILTERS[key]:
            qs = qs.filter(**{key: value})
    if q := forms.text(request.GET, "q"):
        qs = qs.filter(Q(name__contains=q) | Q(school__code__startswith=q))
    towns = place.children.order_by("code") if place.level == "county" else []
    if (town := forms.region_code(request.GET, "town")) and town.startswith(place.subtree_prefix()):
        qs = qs.filter(region__code__startswith=town)
    page_obj = Paginator(qs, 100).get_page(request.GET.get("page"))
    filters = [{"key": k, "label": FILTER_LABELS[k], "values": v, "chosen": chosen[k]} for k, v in FILTERS.items()]
    context = {"active": "schools", "region": place, "year": year, "page": page_obj, "filters": filters}
    context.update(q=q, towns=towns, town=town, total=qs.count())
    return render(request, "web/schools.html", context)


@page
def school_page(request: HttpRequest, code: str) -> HttpResponse:
    history = get_school_for_user(request.user, code)
    rows = list(
        CensusStage.objects.filter(school_code=code, version__is_current=True)
        .values("version__year", "stage", "students", "classes", "teachers")
        .order_by("version__year", "stage")
    )
    years = sorted({r["version__year"] for r in rows})
    by_stage: dict[str, list[int | None]] = {}
    for r in rows:
        by_stage.setdefault(r["stage"], [None] * len(years))[years.index(r["version__year"])] = r["students"]
    by_stage.pop(STAGE_WHOLE_SCHOOL, None)
    specs = chart_specs(students=charts.lines_by_year("在校生数（人）", years, by_stage, "人") if years else None)
    context = {
        "active": "schools",
        "school": history[-1],
        "history": history,
        "census": rows,
        "specs": specs,
        "notes": SupervisionNote.objects.filter(school_code=code).order_by("-created_at"),
        "can_note": can_write(request.user, "supervision"),
        "can_rectify": can_write(request.user, "rectification"),
        "can_fix": can_write(request.user, "school_census"),
        "collect_years": collection_years(),  # the year of the latest census and the next (docs/collection.md)
        "statuses": NOTE_STATUSES,
        "teacher_years": roster_years() if can_see_named_teachers(request.user, code) else [],
    }
    return render(request, "web/school.html", context)


@page
@require_POST
def add_note(request: HttpRequest, code: str) -> HttpResponse:
    history = get_school_for_user(request.user, code)
    require_write(request.user, "supervision")
    do_add_note(request.user, history[-1], request.POST.get("year", ""), request.POST.get("finding", ""))
    return redirect("school", code)


@page
@require_POST
def rectify_note(request: HttpRequest, code: str, note_id: int) -> HttpResponse:
    note = get_note_for_user(request.user, code, note_id)
    require_write(request.user, "rectification")
    do_update_rectification(request.user, note, request.POST.get("rectification", ""), request.POST.get("status", ""))
    return redirect("school", code)
