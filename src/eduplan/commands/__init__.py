"""CLI commands by domain; each module attaches its commands to the groups of ``commands.groups``, and
``eduplan.cli`` lists every module."""

from __future__ import annotations

from typing import Any

import click

from eduplan.contract import school_year
from eduplan.errors import UsageError


class SchoolYear(click.ParamType[int, Any]):
    """A ``--year`` option: ``contract.school_year``'s rule and message (the web forms and the store say the same)."""

    name = "year"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            return school_year(value)
        except UsageError as exc:
            self.fail(str(exc), param, ctx)


SCHOOL_YEAR = SchoolYear()


def store_user(username: str | None) -> Any:
    """The store user a command's writes are recorded under (``--user NAME``), as the web records the signed-in
    user; None without a name (the audit then says ``system``)."""
    if not username:
        return None
    from django.contrib.auth.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise UsageError(f"没有用户 {username}：--user 应为网页中已有的用户名")
    return user
