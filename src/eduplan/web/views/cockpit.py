"""The leaders' cockpit (驾驶舱): one screen of the figures that matter, each a link to the list behind it, and a map."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eduplan.web.access import schools_in_scope
from eduplan.web.areas import cockpit
from eduplan.web.decorators import page
from eduplan.web.views.common import chart_specs, region_for_page


@page
def cockpit_page(request: HttpRequest, region: str, year: int) -> HttpResponse:
    place = region_for_page(request, region, year)
    schools = schools_in_scope(request.user, year, place)
    cards, verdicts = cockpit.cards(place, year, schools, dt.date.today())
    specs = chart_specs(map=cockpit.map_chart(place, year, verdicts, schools))
    context = {"active": "cockpit", "region": place, "year": year, "cards": cards, "specs": specs}
    context["colours"] = cockpit.LEGEND
    return render(request, "web/cockpit/cockpit.html", context)


@page
def cockpit_seats(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """The seat-gap card, loaded after the page (a city's forecast takes seconds)."""
    place = region_for_page(request, region, year)
    return render(request, "web/cockpit/_kpi.html", {"c": cockpit.seat_card(place, year)})
