"""Who may see and change what: the only way views and the API reach data.

A user's scope is a region subtree or one school (``store.UserScope``). Every fetch goes through
``schools_in_scope`` or a ``get_<thing>_for_user`` helper, which filter in the query; an object
outside the scope raises ``Http404`` (its existence is not leaked), and a write by a role that may
not write raises ``PermissionDenied`` (403) after the object was found in scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from eduplan.store.models import (
    AuditEntry,
    CensusPopulation,
    CensusSchool,
    CensusVersion,
    Plan,
    Region,
    SchoolVersion,
    SupervisionNote,
    UserScope,
)
from eduplan.store.models.accounts import (
    ANALYST_ROLES,
    ROLE_ADMIN,
    ROLE_ADMISSIONS,
    ROLE_CLERK,
    ROLE_INSPECTOR,
    ROLE_LEADER,
    ROLE_PERSONNEL,
    ROLE_SUPERVISION,
)
from eduplan.store.models.supervision import Evidence, Rectification, Visit
from eduplan.store.registry import versions_in_year
from eduplan.store.supervision import area_codes, in_area, school_region, wider_counties

AnyUser = AbstractBaseUser | AnonymousUser

# What each role may change. Reading follows the scope alone.
# "school_census": one school's own census rows (the collection form, docs/collection.md), as against "census", a
# whole year's workbook.
AREAS = (
    "census",
    "school_census",
    "registry",
    "plans",
    "assessments",
    "forecasts",
    "supervision",
    "rectification",
    "users",
    "teachers",  # named teacher records (docs/teachers.md): the personnel office, admins, a clerk for his school
    "attendance",  # 控辍保学 cases: reading the named register and writing it (docs/attendance.md)
    "admission",  # 积分入学: rubrics, seats, applicants, runs (招生办 and admins only)
    "fitness",  # a school's raw fitness results (web/views/fitness.py)
    "collection",  # reviewing schools' submitted census rows and restoring the county's own (docs/collection.md)
    "supervision_office",  # the 督导室's settings: 责任区, visits due, inspectors' reading (docs/supervision.md)
)
WRITES: dict[str, frozenset[str]] = {
    ROLE_ADMIN: frozenset(AREAS),
    ROLE_LEADER: frozenset(),
    # Named teacher records are the personnel office's, 控辍保学 cases the planning/supervision offices',
    # 积分入学 the admissions office's.
    # The 督导室's own settings (责任区, visits due, inspectors' reading) are the supervision office's and admins'.
    **{role: frozenset(AREAS) - {"users", "teachers", "admission", "supervision_office"} for role in ANALYST_ROLES},
    ROLE_SUPERVISION: frozenset(AREAS) - {"users", "teachers", "admission"},
    ROLE_PERSONNEL: frozenset(AREAS) - {"users", "attendance", "admission", "supervision_office"},
    ROLE_INSPECTOR: frozenset({"supervision"}),
    ROLE_CLERK: frozenset({"rectification", "school_census", "teachers", "attendance", "fitness"}),
    ROLE_ADMISSIONS: frozenset({"admission"}),
}
# Who may see applicants' personal data (named 积分入学 applicants): the admissions office and administrators.
PERSONAL_DATA_ROLES: dict[str, frozenset[str]] = {"admission": frozenset({ROLE_ADMIN, ROLE_ADMISSIONS})}


@dataclass(frozen=True)
class Scope:
    role: str
    region_code: str  # "" for a school clerk
    prefix: str  # the region subtree's code prefix; "" for a school clerk
    school_code: str  # "" for a region user

    @property
    def is_school(self) -> bool:
        return bool(self.school_code)


def scope_of(user: AnyUser) -> Scope:
    """The user's scope; a user without one (or not logged in) sees nothing."""
    if not user.is_authenticated:
        raise Http404
    try:
        scope = UserScope.objects.select_related("region").get(user_id=user.pk)
    except UserScope.DoesNotExist:
        raise Http404 from None
    if scope.region is not None:
        return Scope(scope.role, scope.region.code, scope.region.subtree_prefix(), "")
    return Scope(scope.role, "", "", scope.school_code)


def can_write(user: AnyUser, area: str) -> bool:
    return area in WRITES.get(scope_of(user).role, frozenset())


def require_write(user: AnyUser, area: str) -> None:
    if not can_write(user, area):
        raise PermissionDenied("当前角色没有修改此项的权限")


def may_see_personal(user: AnyUser, domain: str) -> bool:
    scope = scope_of(user)
    return not scope.is_school and scope.role in PERSONAL_DATA_ROLES.get(domain, frozenset())


def require_personal(user: AnyUser, domain: str) -> None:
    if not may_see_personal(user, domain):
        raise PermissionDenied("只有招生办和系统管理员可以查看申请人个人信息")


def regions_in_scope(user: AnyUser) -> QuerySet[Region]:
    """The regions a region user may pick (none for a school clerk)."""
    scope = scope_of(user)
    if scope.is_school:
        return Region.objects.none()
    return Region.objects.filter(code__startswith=scope.prefix).exclude(level="village")


def get_region_for_user(user: AnyUser, code: str) -> Region:
    if not (
        code.isascii() and code.isdigit()
    ):  # a 统计用区划代码 is digits; anything else (a NUL byte too) is not looked up at all
        raise Http404("不在权限范围内的区划")
    region = regions_in_scope(user).filter(code=code).first()
    if region is None:
        raise Http404("不在权限范围内的区划")
    return region


def _school_filter(scope: Scope) -> Q:
    if scope.is_school:
        return Q(school_id=scope.school_code)
    return Q(region__code__startswith=scope.prefix)


def schools_in_scope(user: AnyUser, year: int | None = None, region: Region | None = None) -> QuerySet[SchoolVersion]:
    """Registry versions the user may see: those of ``year`` (all years if None), optionally within ``region``."""
    scope = scope_of(user)
    qs = versions_in_year(year) if year is not None else SchoolVersion.objects.all()
    qs = qs.filter(_school_filter(scope))
    if region is not None:
        qs = qs.filter(region__code__startswith=region.subtree_prefix())
    return qs.select_related("region")


def get_school_for_user(user: AnyUser, code: str) -> list[SchoolVersion]:
    """The school's registry history, if any of its versions lies in the user's scope."""
    if not (code.isascii() and code.isdigit()):  # a 学校标识码 is digits: a NUL byte is never sent to the database
        raise Http404("不在权限范围内的学校")
    history = list(schools_in_scope(user).filter(school_id=code).order_by("valid_from"))
    if not history:
        raise Http404("不在权限范围内的学校")
    # A school that moved between regions: show its whole history once one version is in scope.
    return list(SchoolVersion.objects.filter(school_id=code).select_related("region").order_by("valid_from"))


def census_versions_for_user(user: AnyUser) -> QuerySet[CensusVersion]:
    """Census versions are workbooks of many schools: region users see their list, clerks do not."""
    if scope_of(user).is_school:
        return CensusVersion.objects.none()
    return CensusVersion.objects.select_related("loaded_by").defer("original_file")


def get_census_version_for_user(user: AnyUser, year: int, number: int) -> CensusVersion:
    version = census_versions_for_user(user).filter(year=year, number=number).first()
    if version is None:
        raise Http404("没有这一版普查数据")
    return version


def require_census_write(user: AnyUser, year: int, versions: tuple[CensusVersion, ...] = ()) -> None:
    """Importing or restoring a census version replaces a whole school year: every school's rows at once.

    So it needs the census right and a scope that holds every school of that year (the registry and the current
    version) and of ``versions`` (a version about to become current); a county user cannot replace a
    neighbour's census. Out of scope is 403: the user sees the census list, so its existence is no secret.
    """
    require_write(user, "census")
    scope = scope_of(user)
    current = CensusVersion.objects.filter(year=year, is_current=True)
    versions_ids = [v.pk for v in versions] + list(current.values_list("pk", flat=True))
    outside = (
        versions_in_year(year).exclude(region__code__startswith=scope.prefix).exists()
        or CensusSchool.objects.filter(version_id__in=versions_ids)
        .exclude(region_code__startswith=scope.prefix)
        .exists()
        or CensusPopulation.objects.filter(version_id__in=versions_ids)
        .exclude(region_code__startswith=scope.prefix)
        .exists()
    )
    if outside:
        raise PermissionDenied(
            f"{year}学年的普查数据含有您权限范围以外的学校或区划：普查按整个学年的工作簿导入和恢复，"
            "请由权限范围覆盖全部学校的用户操作"
        )


def can_replace_census(user: AnyUser, year: int) -> bool:
    """Whether the page should offer to import or restore ``year`` (the POST checks again)."""
    try:
        require_census_write(user, year)
    except PermissionDenied:
        return False
    return True


def require_regions_in_scope(user: AnyUser, region_codes: Iterable[str]) -> None:
    """Every region a write would place data in lies in the user's scope (e.g. the schools of an uploaded file)."""
    scope = scope_of(user)
    if scope.is_school or any(not code.startswith(scope.prefix) for code in region_codes):
        raise PermissionDenied("文件中有学校或人口数据位于您的权限范围以外，未导入任何数据")


def plans_for_user(user: AnyUser) -> QuerySet[Plan]:
    scope = scope_of(user)
    if scope.is_school:
        return Plan.objects.none()
    return Plan.objects.filter(region__code__startswith=scope.prefix).select_related("region")


def get_plan_for_user(user: AnyUser, plan_id: int) -> Plan:
    plan = plans_for_user(user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404("不在权限范围内的规划")
    return plan


def audit_for_user(user: AnyUser) -> QuerySet[AuditEntry]:
    """Entries of the user's region subtree, and entries about no region (census workbooks, the demo).

    A school clerk sees the entries about his school only.
    """
    scope = scope_of(user)
    if scope.is_school:
        return AuditEntry.objects.filter(object_type="School", object_id=scope.school_code)
    schools = SchoolVersion.objects.filter(region__code__startswith=scope.prefix).values("school_id")
    unplaced = Q(region_code="") & ~Q(object_type="School")  # census workbooks, the demo build
    return AuditEntry.objects.filter(
        Q(region_code__startswith=scope.prefix) | unplaced | Q(object_type="School", object_id__in=schools)
    )


def users_for_user(user: AnyUser) -> QuerySet[UserScope]:
    """The accounts an administrator manages: those scoped inside his region (or to its schools)."""
    scope = scope_of(user)
    if scope.role != ROLE_ADMIN or scope.is_school:
        raise PermissionDenied("只有系统管理员可以管理用户")
    schools = SchoolVersion.objects.filter(region__code__startswith=scope.prefix).values("school_id")
    return UserScope.objects.filter(
        Q(region__code__startswith=scope.prefix) | Q(school_code__in=schools)
    ).select_related("user", "region")


def get_user_scope_for_user(user: AnyUser, user_id: int) -> UserScope:
    found = users_for_user(user).filter(user_id=user_id).first()
    if found is None:
        raise Http404("不在权限范围内的用户")
    return found


def require_named_teachers(user: AnyUser, school_code: str = "") -> None:
    """Named teacher records (one row per person) are for the personnel office and admins of the region, and for a
    school clerk about his own school only (a region-wide list never); everyone else sees aggregates (403)."""
    require_write(user, "teachers")
    scope = scope_of(user)
    if scope.is_school and (not school_code or school_code != scope.school_code):
        raise PermissionDenied("学校填报员只能查看本校教师")


def can_see_named_teachers(user: AnyUser, school_code: str = "") -> bool:
    try:
        require_named_teachers(user, school_code)
    except PermissionDenied:
        return False
    return True


def get_admission_rubric_for_user(user: AnyUser, code: str, version: int | None = None) -> Any:
    """A 积分入学 rubric: a shipped one, or a bureau's stored version whose district lies in the user's scope."""
    from eduplan.errors import NotFound
    from eduplan.store.admission import get_rubric

    scope = scope_of(user)
    try:
        rubric, stored = get_rubric(code, version)
    except NotFound:
        raise Http404("没有这份积分细则") from None
    if stored is not None and (scope.is_school or not (stored.region_id or "").startswith(scope.prefix)):
        raise Http404("不在权限范围内的积分细则")
    return rubric


# --- supervision (issue 18): notes, rectifications, evidence, and the inspector's 责任区 ---------------------------


def _school_codes_q(user: AnyUser, field: str = "school_code") -> Q:
    """The schools whose supervision records the user reads: his scope's, and for an inspector only those of his
    责任区 today unless the county's office lets inspectors read the rest (``wider_counties``)."""
    scope = scope_of(user)
    if scope.is_school:
        return Q(**{field: scope.school_code})
    schools = SchoolVersion.objects.filter(region__code__startswith=scope.prefix).values("school_id")
    within = Q(**{f"{field}__in": schools})
    if scope.role == ROLE_INSPECTOR:
        readable = Q(**{f"{field}__in": area_codes(user, dt.date.today())})
        for county in wider_counties(user, scope.region_code):
            county_schools = SchoolVersion.objects.filter(region__code__startswith=county).values("school_id")
            readable |= Q(**{f"{field}__in": county_schools})
        within &= readable
    return within


def require_supervision_read(user: AnyUser, school_code: str) -> None:
    """An inspector reads a school's supervision records only in his 责任区 today, unless the county's office
    allows read-only access to the rest of the county: out of it is 404, like any object out of scope. (Whether the
    school is in his scope at all is ``get_school_for_user``'s check, made first.)"""
    scope = scope_of(user)
    if scope.role != ROLE_INSPECTOR or in_area(user, school_code, dt.date.today()):
        return
    region = school_region(school_code)
    if not any(region.startswith(county) for county in wider_counties(user, scope.region_code)):
        raise Http404("这所学校不在您的责任区内")


def get_note_for_user(user: AnyUser, school_code: str, note_id: int) -> SupervisionNote:
    get_school_for_user(user, school_code)
    note = SupervisionNote.objects.filter(pk=note_id, school_code=school_code).first()
    if note is None:
        raise Http404("没有这条督导记录")
    return note


def rectifications_for_user(user: AnyUser) -> QuerySet[Rectification]:
    return Rectification.objects.filter(_school_codes_q(user))


def get_rectification_for_user(user: AnyUser, rect_id: int) -> Rectification:
    rect = rectifications_for_user(user).filter(pk=rect_id).first()
    if rect is None:
        raise Http404("没有这条整改通知")
    return rect


def get_visit_for_user(user: AnyUser, visit_id: int) -> Visit:
    visit = Visit.objects.filter(_school_codes_q(user), pk=visit_id).first()
    if visit is None:
        raise Http404("没有这次督导记录")
    return visit


def get_evidence_for_user(user: AnyUser, evidence_id: int) -> Evidence:
    """A school's evidence by the school's scope; a county's 创建 dossier evidence by the region (never a clerk's)."""
    scope = scope_of(user)
    county = Q(manual_item__isnull=False, region_code__startswith=scope.prefix) if not scope.is_school else Q(pk=None)
    schools = Q(manual_item__isnull=True) & _school_codes_q(user)
    found = Evidence.objects.filter(schools | county, pk=evidence_id).first()
    if found is None:
        raise Http404("没有这份证明材料")
    return found


def can_supervise(user: AnyUser, school_code: str, on: dt.date) -> bool:
    """The supervision right, and for an inspector the school in his 责任区 on that day."""
    if not can_write(user, "supervision"):
        return False
    return scope_of(user).role != ROLE_INSPECTOR or in_area(user, school_code, on)


def require_supervise(user: AnyUser, school_code: str, on: dt.date) -> None:
    require_write(user, "supervision")
    if not can_supervise(user, school_code, on):
        raise PermissionDenied("这所学校不在您的责任区内：督学只能督导和复查本人责任区的学校")


def may_see_responsible(user: AnyUser, school_code: str, on: dt.date) -> bool:
    """A rectification's responsible person is named only to the office responsible (督导室, admins), to the
    inspector whose 责任区 holds the school that day, and to the school's own clerk; everyone else in scope sees a
    pseudonym (docs/supervision.md)."""
    scope = scope_of(user)
    if scope.is_school:
        return scope.school_code == school_code
    if scope.role == ROLE_INSPECTOR:
        return in_area(user, school_code, on)
    return scope.role in (ROLE_ADMIN, ROLE_SUPERVISION)
