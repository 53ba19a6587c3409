"""CLI commands by domain; each module attaches its commands to the groups of ``eduplan.cli``."""

from __future__ import annotations

from typing import Any


def store_user(username: str | None) -> Any:
    """The store user a command's writes are recorded under (``--user NAME``), as the web records the signed-in
    user; None without a name (the audit then says ``system``)."""
    if not username:
        return None
    from django.contrib.auth.models import User

    from eduplan.errors import UsageError

    user = User.objects.filter(username=username).first()
    if user is None:
        raise UsageError(f"没有用户 {username}：--user 应为网页中已有的用户名")
    return user
