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


MIN_PASSWORD = 10


def _check_password(password: str, username: str) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if len(password) < MIN_PASSWORD:
        raise UsageError(f"密码至少 {MIN_PASSWORD} 位")
    try:
        validate_password(password, get_user_model()(username=username))
    except ValidationError as exc:
        raise UsageError("密码不符合要求：" + "；".join(exc.messages)) from None


def do_create_user(actor: UserLike, username: str, password: str, role: str, where: str) -> UserScope:
    """A new account with its role and scope (``where`` as for ``do_set_scope``), audited; the password is the
    initial one the administrator hands over."""
    username = username.strip()
    if not username or len(username) > 150 or any(c.isspace() for c in username):
        raise UsageError("用户名不能为空、不能含空格，且不超过 150 个字符")
    check_role(role)
    _check_password(password, username)
    model = get_user_model()
    with transaction.atomic():
        if model.objects.filter(username=username).exists():
            raise UsageError(f"用户 {username!r} 已存在")
        user = model.objects.create_user(username=username, password=password)
        scope = do_set_scope(actor, username, role, where)
        audit.record(
            actor,
            "user.create",
            "User",
            username,
            summary=f"新建用户 {username}：{ROLES[role]} · {where}",
            after=_snapshot(scope),
            region_code=_region_of(user),
        )
        return scope


def _region_of(user: Any) -> str:
    """Where a user's audit entries are placed: his region, or his school's region."""
    scope = UserScope.objects.filter(user=user).first()
    if scope is None:
        return ""
    return scope.region_id or _school_region(scope.school_code)


def _account(actor: UserLike, username: str) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UsageError(f"用户 {username!r} 不存在")
    if actor is not None and user.pk == actor.pk:
        raise UsageError("不能停用自己或重置自己的密码（请另一位系统管理员操作）")
    return user


def do_set_active(actor: UserLike, username: str, active: bool) -> None:
    """Deactivate (the user can no longer log in; nothing of his is deleted) or reactivate an account, audited."""
    with transaction.atomic():
        user = _account(actor, username)
        before = user.is_active
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(
            actor,
            "user.activate" if active else "user.deactivate",
            "User",
            username,
            summary=f"{'启用' if active else '停用'}用户 {username}",
            before={"is_active": before},
            after={"is_active": active},
            region_code=_region_of(user),
        )


def do_reset_password(actor: UserLike, username: str, password: str) -> None:
    """Set a new password for ``username`` (the administrator hands it over), audited without the password."""
    with transaction.atomic():
        user = _account(actor, username)
        _check_password(password, username)
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(
            actor,
            "user.reset_password",
            "User",
            username,
            summary=f"重置用户 {username} 的密码",
            region_code=_region_of(user),
        )
