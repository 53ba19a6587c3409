"""Users and roles (系统管理员 only): the accounts inside the administrator's scope and their role changes."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eduplan.store.models.accounts import ROLES
from eduplan.web.access import get_user_scope_for_user, require_write, users_for_user
from eduplan.web.accounts import do_set_scope, do_unlock_login
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
    do_set_scope(request.user, target.user.get_username(), request.POST.get("role", ""), request.POST.get("where", ""))
    messages.success(request, f"已更新 {target.user.get_username()} 的角色与范围")
    return redirect("users")
