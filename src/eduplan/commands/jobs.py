"""The background-job worker (docs/operations.md, "Background jobs")."""

from __future__ import annotations

import click

from eduplan.commands.groups import main


@main.command()
@click.option("--batch", is_flag=True, help="Run the jobs waiting now, then exit (instead of waiting for more).")
@click.option(
    "--interval", default=1.0, show_default=True, type=click.FloatRange(0.1, 60), help="Seconds between looks."
)
def worker(batch: bool, interval: float) -> None:
    """Run background jobs (imports, reports, city-wide runs, OCR) as the web pages queue them.

    First marks failed every job whose worker died (its store write, one transaction, was rolled back)."""
    from eduplan import store

    store.open_store()
    from django.core.management import call_command

    from eduplan.store.jobs import do_recover_jobs, worker_id

    failed = do_recover_jobs()
    if failed:
        click.echo(f"后台任务 {'、'.join(map(str, failed))} 的进程已中断，已标为失败", err=True)
    click.echo(f"后台任务进程已启动 / worker {worker_id()} started", err=True)
    arguments = ["--no-startup-delay", "--no-reload", "--interval", str(interval), "--worker-id", worker_id()[:64]]
    call_command("db_worker", *arguments, *(["--batch"] if batch else []), verbosity=0)
