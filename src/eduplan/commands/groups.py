"""The ``eduplan`` click group and its subgroups, which the command modules of ``eduplan.commands`` attach to.

Domain errors become a one-line message and the exit status of their class (2 usage, 3 bad data or missing store).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from eduplan import __version__
from eduplan.errors import EduplanError


class EduplanGroup(click.Group):
    """Turns domain errors into a message and an exit status instead of a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("standalone_mode", True)
        try:
            return super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.exceptions.Abort:
            click.echo("已取消 / aborted", err=True)
            sys.exit(1)
        except click.UsageError as exc:
            # One line: which command, and what was wrong with its arguments.
            where = exc.ctx.command_path if exc.ctx else "eduplan"
            click.echo(f"{where}: {exc.format_message()} (see '{where} --help')", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EduplanError as exc:
            click.echo(f"错误 / error: {exc}", err=True)
            sys.exit(exc.exit_status)


@click.group(cls=EduplanGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """eduplan — 区域教育规划监测与督导平台."""


@main.group(name="import", cls=EduplanGroup)
def import_() -> None:
    """Import regions, census workbooks, plan documents and student scores."""


@main.group(cls=EduplanGroup)
def export() -> None:
    """Export stored data in the formats of the data contracts."""


@main.group(cls=EduplanGroup)
def template() -> None:
    """Write empty templates for data entry."""


@main.group(cls=EduplanGroup)
def assess() -> None:
    """Run an assessment (优质均衡, 基本均衡, 学前普及普惠, staffing, class size, value-added)."""


@main.group(cls=EduplanGroup)
def forecast() -> None:
    """Enrolment and seat forecasts."""


@main.group(cls=EduplanGroup)
def report() -> None:
    """PDF and Excel reports."""


@main.group(cls=EduplanGroup)
def plan() -> None:
    """Show and review imported plans."""


@main.group(cls=EduplanGroup)
def supervision() -> None:
    """The supervision loop: overdue rectifications and a term's figures (docs/supervision.md)."""


@main.group(cls=EduplanGroup)
def versions() -> None:
    """List stored versions."""


class RestoreGroup(EduplanGroup):
    """``eduplan restore census …`` restores a version; ``eduplan restore FILE`` a whole backup (``restore store``)."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-") and "store" in self.commands:
            return "store", self.commands["store"], args
        return super().resolve_command(ctx, args)


@main.group(cls=RestoreGroup)
def restore() -> None:
    """Make an earlier version current again, or restore a whole backup (eduplan restore FILE)."""


@main.command()
def version() -> None:
    """Print eduplan's version."""
    click.echo(f"eduplan {__version__}")
