"""控辍保学 for the pages: the only way views reach cases.

Named records (pupils' names) go to the responsible office — roles that hold the ``attendance`` area (admin,
规划科, 督导室) within their region — and to a school's clerk for his own school. Everyone else in the region sees
the monthly aggregates only, with small cells suppressed. Out of scope is 404; in scope without the role, 403.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from eduplan.store.models import AttendanceCase
from eduplan.web.access import AnyUser, can_write, require_write, scope_of


def _in_scope(user: AnyUser) -> QuerySet[AttendanceCase]:
    scope = scope_of(user)
    if scope.is_school:
        return AttendanceCase.objects.filter(school_code=scope.school_code)
    return AttendanceCase.objects.filter(region_code__startswith=scope.prefix)


def cases_for_user(user: AnyUser) -> QuerySet[AttendanceCase]:
    """The named register of the user's scope (403 for a role that may not see names)."""
    require_write(user, "attendance")
    return _in_scope(user)


def aggregate_cases_for_user(user: AnyUser, prefix: str) -> QuerySet[AttendanceCase]:
    """Cases under a region prefix the caller already fetched in scope, for the aggregates (no names leave)."""
    return _in_scope(user).filter(region_code__startswith=prefix)


def may_see_names(user: AnyUser) -> bool:
    return can_write(user, "attendance")


def get_case_for_user(user: AnyUser, case_id: int) -> AttendanceCase:
    case = _in_scope(user).filter(pk=case_id).first()
    if case is None:
        raise Http404("不在权限范围内的案件")
    require_write(user, "attendance")
    return case
