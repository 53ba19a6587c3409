"""Operator commands: lift a login lock, back up and restore the whole store (docs/operations.md)."""

from __future__ import annotations

import click

from eduplan.cli import main


@main.command()
@click.argument("username")
def unlock(username: str) -> None:
    """Lift the login lock of USERNAME (django-axes) at every address, e.g. after the user called the office."""
    from eduplan import store

    store.open_store()
    from axes.utils import reset

    count = reset(username=username)
    click.echo(f"已解除 {username} 的登录锁定（{count} 条记录）")
