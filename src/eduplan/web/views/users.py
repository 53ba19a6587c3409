"""Users and roles (系统管理员 only): the accounts inside the administrator's scope: create, role and scope,
deactivate, new password, login lock — each audited in the store."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.errors import UsageError
from eduplan.store.accounts import (
    check_role,
    do_create_user,
    do_reset_password,
    do_set_active,
    do_set_scope,
    do_unlock_login,
)
from eduplan.store.models.accounts import ROLE_CLERK, ROLES
from eduplan.web.access import (
    get_region_for_user,
    get_user_scope_for_user,
    require_write,
    schools_in_scope,
    users_for_user,
)
from eduplan.web.decorators import page


@page
def users_page(request: HttpRequest) -> HttpResponse:
    scopes = users_for_user(request.user).order_by("user__username")
    return render(request, "web/users/users.html", {"active": "users", "scopes": scopes, "roles": ROLES})


@page
@require_POST
def user_scope(request: HttpRequest, user_id: int) -> HttpResponse:
    target = get_user_scope_for_user(request.user, user_id)
    require_write(request.user, "users")
    if "unlock" in request.POST:  # the reset path for a user locked out after failed logins
        do_unlock_login(request.user, target.user.get_username())
        messages.success(request, f"已解除 {target.user.get_username()} 的登录锁定")
        return redirect("users")
    role, where = _role_and_scope(request)
    do_set_scope(request.user, target.user.get_username(), role, where)
    messages.success(request, f"已更新 {target.user.get_username()} 的角色与范围")
    return redirect("users")


def _role_and_scope(request: HttpRequest) -> tuple[str, str]:
    """The posted role and scope, the scope inside the administrator's own (a school code for a clerk)."""
    role, where = check_role(request.POST.get("role", "")), request.POST.get("where", "").strip()
    if role == ROLE_CLERK:
        if not schools_in_scope(request.user).filter(school_id=where).exists():
            raise UsageError(f"学校标识码 {where!r} 不在您的管理范围内")
        return role, where
    return role, get_region_for_user(request.user, where).code


@page
@require_POST
def user_create(request: HttpRequest) -> HttpResponse:
    users_for_user(request.user)  # administrators only (403)
    require_write(request.user, "users")
    role, where = _role_and_scope(request)
    username = request.POST.get("username", "")
    do_create_user(request.user, username, request.POST.get("password", ""), role, where)
    messages.success(request, f"已新建用户 {username.strip()}，请把初始密码交给本人")
    return redirect("users")


@page
@require_POST
def user_account(request: HttpRequest, user_id: int) -> HttpResponse:
    """Deactivate, reactivate, or set a new password for an account in the administrator's scope."""
    target = get_user_scope_for_user(request.user, user_id)
    require_write(request.user, "users")
    username, action = target.user.get_username(), request.POST.get("action", "")
    if action == "reset":
        do_reset_password(request.user, username, request.POST.get("password", ""))
        messages.success(request, f"已重置 {username} 的密码，请把新密码交给本人")
    elif action in ("deactivate", "activate"):
        do_set_active(request.user, username, action == "activate")
        messages.success(request, f"已{'启用' if action == 'activate' else '停用'}用户 {username}")
    else:
        raise UsageError("操作不对：应为 停用、启用 或 重置密码")
    return redirect("users")
