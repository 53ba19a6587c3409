"""Accounts: a user's role and scope, written only here (``do_set_scope``), audited with before and after.

Who may give which scope is the web's access check (``web.access``): the view resolves the region or school inside
the actor's own scope and hands it here; the store checks the role, the user and that nobody changes himself.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from eduplan.errors import UsageError
from eduplan.store import audit
from eduplan.store.models import SchoolVersion, UserScope
from eduplan.store.models.accounts import ROLE_CLERK, ROLES
from eduplan.store.runs import UserLike


def _snapshot(scope: UserScope | None) -> dict[str, Any] | None:
    if scope is None:
        return None
    return {"role": scope.role, "region": scope.region_id, "school_code": scope.school_code}


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UsageError(f"角色 {role!r} 不对：应为 {'、'.join(ROLES)} 之一")
    return role


def do_set_scope(actor: UserLike, username: str, role: str, where: str) -> UserScope:
    """Give ``username`` a role and a scope: ``where`` is a region code, or a school code for a 学校填报员 (the caller
    has checked that it lies inside the actor's own scope)."""
    check_role(role)
    region_id, school_code = (None, where) if role == ROLE_CLERK else (where, "")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UsageError(f"用户 {username!r} 不存在")
    if actor is not None and user.pk == actor.pk:
        raise UsageError("不能修改自己的角色与范围（请另一位系统管理员修改）")
    with transaction.atomic():
        scope = UserScope.objects.filter(user=user).first()
        before = _snapshot(scope)
        scope, _ = UserScope.objects.update_or_create(
            user=user, defaults={"role": role, "region_id": region_id, "school_code": school_code}
        )
        region_code = region_id or _school_region(school_code)
        audit.record(
            actor,
            "user.scope",
            "User",
            username,
            summary=f"{username}：{ROLES[role]} · {where}",
            before=before,
            after=_snapshot(scope),
            region_code=region_code,
        )
    return scope


def _school_region(code: str) -> str:
    return SchoolVersion.objects.filter(school_id=code).values_list("region_id", flat=True).last() or ""


def do_unlock_login(actor: UserLike, username: str) -> int:
    """Lift ``username``'s login lock (django-axes) at every address, audited; how many lock records went."""
    from axes.utils import reset

    with transaction.atomic():
        count = int(reset(username=username))
        audit.record(actor, "user.unlock", "User", username, summary=f"解除 {username} 的登录锁定（{count} 条记录）")
    return count
