"""Template helpers: the top navigation (scoped to the user) and small number formats."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.http import Http404
from django.utils.translation import get_language, gettext

from eduplan.store.models.accounts import ROLES
from eduplan.web.access import scope_of

register = template.Library()


@register.inclusion_tag("web/common/_nav.html", takes_context=True)
def topnav(context: dict[str, Any], active: str = "") -> dict[str, Any]:
    request = context["request"]
    user = request.user
    out: dict[str, Any] = {"request": request, "user": user, "active": active, "scope": None}
    if not user.is_authenticated:
        return out
    try:
        scope = scope_of(user)
    except Http404:
        return out
    out.update(
        scope=scope,
        role_label=ROLES.get(scope.role, scope.role),
        region=request.session.get("region", ""),
        year=request.session.get("year", ""),
    )
    return out


@register.filter
def pct(value: Any, digits: int = 1) -> str:
    """0.873 → 87.3%."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{digits}f}%"


@register.filter
def num(value: Any, digits: int = 2) -> str:
    if value is None or value == "":
        return "—"
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.{digits}f}"


@register.filter
def school_year(year: Any) -> str:
    """2023 → 2023–2024学年 (School year 2023–2024): a school year is named by the year it starts."""
    if year is None or year == "":
        return "—"
    return gettext("%(start)s–%(end)s学年") % {"start": int(year), "end": int(year) + 1}


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def final(items: Any) -> Any:
    """The last of a (prefetched) queryset or list, or None: Django's ``last`` filter cannot index a queryset."""
    rows = list(items)
    return rows[-1] if rows else None


@register.filter
def as_json(value: Any) -> str:
    """A JSON value as JSON text (an audit entry's before and after), not Python's repr."""
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@register.filter
def join_list(value: Any) -> Any:
    """A list of a vocabulary shown in one cell (a school's 学段): its items in the page's language, joined with 、
    (", " in English); anything else as it is."""
    if not isinstance(value, list | tuple):
        return value
    return ("、" if (get_language() or "zh").startswith("zh") else ", ").join(gettext(str(v)) for v in value)


# Where a census version came from (CensusVersion.source), in words.
CENSUS_SOURCES = {"import": "导入", "demo": "演示数据", "collection": "网上填报审核通过", "county": "按县区恢复"}


@register.filter
def census_source(source: str) -> str:
    """import → 导入, collection → 网上填报审核通过: a census version's source in the page's language."""
    return gettext(CENSUS_SOURCES[source]) if source in CENSUS_SOURCES else source
