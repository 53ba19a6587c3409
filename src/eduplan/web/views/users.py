"""Users and roles (系统管理员 only): the accounts inside the administrator's scope and their role changes."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.errors import UsageError
from eduplan.store.accounts import check_role, do_set_scope, do_unlock_login
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
    return render(request, "web/users.html", {"active": "users", "scopes": scopes, "roles": ROLES})


@page
@require_POST
def user_scope(request: HttpRequest, user_id: int) -> HttpResponse:
    target = get_user_scope_for_user(request.user, user_id)
    require_write(request.user, "users")
    if "unlock" in request.POST:  # the reset path for a user locked out after failed logins
        do_unlock_login(request.user, target.user.get_username())
        messages.success(request, f"已解除 {target.user.get_username()} 的登录锁定")
        return redirect("users")
    role, where = check_role(request.POST.get("role", "")), request.POST.get("where", "").strip()
    if role == ROLE_CLERK:  # the scope given lies inside the administrator's own
        if not schools_in_scope(request.user).filter(school_id=where).exists():
            raise UsageError(f"学校标识码 {where!r} 不在您的管理范围内")
    else:
        where = get_region_for_user(request.user, where).code
    do_set_scope(request.user, target.user.get_username(), role, where)
    messages.success(request, f"已更新 {target.user.get_username()} 的角色与范围")
    return redirect("users")
