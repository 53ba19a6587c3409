"""Schools: the year's list with filters, and one school's history across years and registry changes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.contract import STAGE_WHOLE_SCHOOL
from eduplan.store.collection import collection_years
from eduplan.store.models import CensusStage, SupervisionNote
from eduplan.store.supervision import NOTE_STATUSES, do_add_note, do_update_rectification
from eduplan.store.teachers import roster_years
from eduplan.web import charts
from eduplan.web.access import (
    can_see_named_teachers,
    can_write,
    get_note_for_user,
    get_school_for_user,
    require_write,
    schools_in_scope,
)
from eduplan.web.areas import tables
from eduplan.web.areas.school_list import school_rows as school_list_rows
from eduplan.web.areas.school_list import school_spec as school_list_spec
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page


@page
def school_list(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """The year's schools in the user's scope: sorted, filtered, searched, paginated and exported by one helper."""
    place = region_for_page(request, region, year)
    rows = school_list_rows(schools_in_scope(request.user, year, place), year)
    table = tables.work(request, school_list_spec(place), rows)
    if table.query.export:
        return tables.xlsx_response(table, place.name, [("区域", place.name), ("学年", f"{year}–{year + 1}学年")])
    context = {"active": "schools", "region": place, "year": year, "table": table}
    return render(request, "web/schools/list.html", context)


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
    return render(request, "web/schools/school.html", context)


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
