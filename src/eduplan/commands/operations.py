"""Operator commands: lift a login lock, back up and restore the whole store (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

import click

from eduplan.commands.groups import main, restore


@main.command()
@click.argument("username")
def unlock(username: str) -> None:
    """Lift the login lock of USERNAME (django-axes) at every address, e.g. after the user called the office."""
    from eduplan import store

    store.open_store()
    from axes.utils import reset

    count = reset(username=username)
    click.echo(f"已解除 {username} 的登录锁定（{count} 条记录）")


@main.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def backup(out: Path) -> None:
    """Back up the whole store to OUT (a tar file): database, score files and pseudonym key, at one moment."""
    from eduplan import store

    store.open_store()
    from eduplan.store.backup import do_backup, manifest_lines

    manifest = do_backup(out)
    click.echo(f"已备份到 {out}：{manifest_lines(manifest)}")


@restore.command("store")
@click.argument("backup_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace the store now.")
def restore_store(backup_file: Path, yes: bool) -> None:
    """Replace the whole store with the backup FILE (written by eduplan backup). Stop the web server first."""
    from eduplan import store

    store.open_store()
    from eduplan.store.backup import do_restore, manifest_lines

    if not yes:
        click.confirm(f"用 {backup_file} 替换当前的全部数据（数据库、成绩文件、密钥）？", abort=True)
    manifest = do_restore(backup_file)
    click.echo(f"已从 {backup_file} 恢复：{manifest_lines(manifest)}")
