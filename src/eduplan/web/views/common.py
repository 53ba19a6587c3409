"""Small helpers shared by the page views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from eduplan.store.models import Region
from eduplan.web.access import get_region_for_user


def region_for_page(request: HttpRequest, code: str, year: int) -> Region:
    """Fetch the region through the access helper and remember it (and the year) for the navigation."""
    region = get_region_for_user(request.user, code)
    request.session["region"] = region.code
    request.session["year"] = year
    return region


def chart_specs(**charts: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Charts for the template: an element id and the option (rendered with ``json_script``, which escapes it)."""
    return [{"id": f"chart-{name}", "option": opt} for name, opt in charts.items() if opt]
