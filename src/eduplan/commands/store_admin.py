"""Commands that create, fill, serve and export the store: init, demo, serve, regions, census versions."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import click

from eduplan.commands import SCHOOL_YEAR
from eduplan.commands.groups import export, import_, main, restore, versions


@main.command()
def init() -> None:
    """Create the store (tables and the region table shipped with eduplan)."""
    from eduplan import store

    store.migrate()
    from eduplan.store.regions import do_load_shipped_regions

    count = do_load_shipped_regions()
    click.echo(f"数据库已就绪：{store.describe_store()}；行政区划 {count} 条")


@main.command()
@click.option("--no-serve", is_flag=True, help="Build the demo and exit instead of serving it.")
@click.option("--seed", default=20201, show_default=True, help="Seed of the demo generator.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def demo(no_serve: bool, seed: int, host: str, port: int) -> None:
    """Build the demo province (idempotent) and serve it."""
    from eduplan import store

    store.migrate()
    from eduplan.demo.seed import DEMO_PASSWORD, DEMO_USERS, do_build_demo

    bar: Any = None

    def step(message: str, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="演示数据 / demo", show_eta=False, show_pos=True)
            bar.__enter__()
        bar.label = message
        bar.update(1)

    try:
        result = do_build_demo(seed=seed, progress=step)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if result["created"]:
        click.echo(f"演示数据已生成：学年 {result['years'][0]}–{result['years'][-1]}，规划 {result['plans']} 份")
    else:
        click.echo("演示数据已存在，直接使用（make demo-reset 重新生成）")
    from eduplan.demo.admission_seed import USERNAME as ADMISSIONS_USER  # 积分入学: 招生办 of 花都区

    _echo_demo_logins(DEMO_PASSWORD, (*DEMO_USERS, (ADMISSIONS_USER, "admissions")))
    if not no_serve:
        from eduplan.store.models import CensusVersion

        year = CensusVersion.objects.filter(is_current=True).order_by("-year").values_list("year", flat=True).first()
        click.echo(f"清城区 {year} 看板 / dashboard: http://{host}:{port}/r/441802/{year}/")
        _serve(host, port)


def _echo_demo_logins(password: str, users: tuple[tuple[str, str], ...]) -> None:
    """Each demo login with its role and scope, read back from the store (what the login will really see)."""
    from eduplan.store.models import SchoolVersion, UserScope
    from eduplan.store.models.accounts import ROLES

    click.echo(f"演示账号 / demo logins (密码 password: {password})")
    scopes = {s.user.username: s for s in UserScope.objects.select_related("user", "region")}
    for username, role in users:
        scope = scopes.get(username)
        if scope is None:
            where = "—"
        elif scope.region is not None:
            where = f"{scope.region.name} {scope.region.code}"
        else:
            school = SchoolVersion.objects.filter(school_id=scope.school_code).order_by("-valid_from").first()
            where = f"{school.name if school else ''} {scope.school_code}".strip()
        click.echo(f"  {username:<15} {ROLES.get(role, role)}  {where}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve(host: str, port: int) -> None:
    """Serve the web app."""
    _serve(host, port)


def _serve(host: str, port: int) -> None:
    from eduplan import store

    store.open_store()
    from django.conf import settings
    from waitress import serve as waitress_serve

    from eduplan.web.wsgi import application

    click.echo(f"eduplan 已启动 / serving at http://{host}:{port}/  (Ctrl+C 停止)")
    worker = _start_worker() if settings.START_WORKER else None
    # SIGTERM (systemd, a test) ends the server through the `finally` below, which stops the worker too.
    signal.signal(signal.SIGTERM, _exit)
    try:
        # docs/operations.md: a request body above the largest upload limit is cut off by the server itself.
        waitress_serve(
            application,
            host=host,
            port=port,
            threads=settings.SERVER_THREADS,
            ident="eduplan",
            max_request_body_size=max(settings.UPLOAD_LIMITS.values()) + 1024 * 1024,
            channel_timeout=settings.SERVER_TIMEOUT,
            connection_limit=settings.SERVER_CONNECTIONS,
        )
    finally:
        if worker is not None:
            worker.terminate()  # the worker finishes its current job's step, then stops (db_worker's SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _start_worker() -> subprocess.Popen[bytes]:
    """The background-job worker beside the web server (docs/operations.md, "Background jobs"): one process."""
    return subprocess.Popen([sys.executable, "-m", "eduplan.cli", "worker"])


@import_.command("regions")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_regions(file: Path) -> None:
    """Add regions from a CSV with columns code, name, parent_code."""
    from eduplan import store

    store.open_store()
    from eduplan.store.regions import do_import_regions

    click.echo(f"已导入行政区划 {do_import_regions(file)} 条")


@export.command("census")
@click.option("--year", required=True, type=SCHOOL_YEAR, help="School year (2023 = 2023–2024学年).")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="FILE.xlsx, or a folder for CSV files.")
@click.option("--version", "number", type=int, default=None, help="A stored version (default: the current one).")
def export_census(year: int, out: Path, number: int | None) -> None:
    """Export a census year in the format of the census data contract."""
    from eduplan import store

    store.open_store()
    from eduplan.store.census_export import do_export_census

    click.echo(f"已导出 {do_export_census(year, out, number)}")


@versions.command("census")
@click.option("--year", required=True, type=SCHOOL_YEAR)
def versions_census(year: int) -> None:
    """List the stored versions of a census year."""
    from eduplan import store

    store.open_store()
    from eduplan.store.models import CensusVersion

    rows = CensusVersion.objects.filter(year=year).order_by("number").select_related("loaded_by")
    if not rows:
        click.echo(f"{year}学年尚无普查数据")
        return
    for v in rows:
        mark = "*" if v.is_current else " "
        who = v.loaded_by.get_username() if v.loaded_by else v.source
        stamp = v.loaded_at.strftime("%Y-%m-%d %H:%M")
        click.echo(f"{mark} 第{v.number}版  {stamp}  {who}  {v.filename}  {v.sha256[:12]}")


@restore.command("census")
@click.option("--year", required=True, type=SCHOOL_YEAR)
@click.option("--version", "number", required=True, type=int)
@click.option("--user", "username", default=None, help="Store user the restore is recorded under (audit).")
def restore_census(year: int, number: int, username: str | None) -> None:
    """Make an earlier version of a census year current again."""
    from eduplan import store

    store.open_store()
    from eduplan.commands import store_user
    from eduplan.store.census import do_restore_census

    do_restore_census(year, number, store_user(username))
    click.echo(f"{year}学年已恢复为第{number}版")
