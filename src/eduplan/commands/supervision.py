"""``eduplan supervision overdue``, ``eduplan supervision term`` and ``eduplan report supervision``: thin wrappers
over ``store.supervision`` (docs/supervision.md). Read-only: the loop's writes are the web's.

Nothing printed here names a school's responsible person (personal data, shown only on the audited pages)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from eduplan.commands import SCHOOL_YEAR
from eduplan.commands.groups import report, supervision
from eduplan.commands.reports import FORMAT

ON = click.DateTime(formats=["%Y-%m-%d"])


def _day(on: dt.datetime | None) -> dt.date:
    return on.date() if on is not None else dt.date.today()


def _term_options(command: Callable[..., None]) -> Callable[..., None]:
    """--region, --year, --plan and --on: which term, judged on which day."""
    for option in reversed((
        click.option("--region", "region_code", required=True, help="County code (6 digits), e.g. 441802."),
        click.option("--year", required=True, type=SCHOOL_YEAR, help="School year the term starts in (2023 = 2023–2024学年)."),
        click.option("--plan", default="", help="Plan id (default: the school year's latest plan)."),
        click.option("--on", type=ON, default=None, help="The day to judge overdue by, YYYY-MM-DD (default: today)."),
    )):  # fmt: skip
        command = option(command)
    return command


def _term(region_code: str, year: int, plan: str, today: dt.date) -> tuple[Any, dict[str, Any]]:
    from eduplan import store

    store.open_store()
    from eduplan.errors import UsageError
    from eduplan.store.regions import get_region
    from eduplan.store.supervision import office_figures

    region = get_region(region_code)
    _plans, figures = office_figures(region, year, plan, today)
    if figures is None:
        raise UsageError(f"{region.name}{year}学年没有督导计划")
    return region, figures


@supervision.command("overdue")
@click.option("--region", "region_code", required=True, help="Region code (county 6 digits, town 9), e.g. 441802.")
@click.option("--on", type=ON, default=None, help="The day to judge by, YYYY-MM-DD (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def overdue(region_code: str, on: dt.datetime | None, as_json: bool) -> None:
    """Rectifications past their deadline and still with the school (待整改 or 退回重改), by town and school."""
    from eduplan import store

    store.open_store()
    from eduplan.store.regions import get_region
    from eduplan.store.supervision import overdue_in

    region, today = get_region(region_code), _day(on)
    rows = overdue_in(region, today)
    if as_json:
        click.echo(json.dumps({"region": region.code, "today": str(today), "overdue": rows}, ensure_ascii=False))
        return
    click.echo(f"{region.name} 截至 {today} 逾期整改 {len(rows)} 项")
    for r in rows:
        click.echo(
            f"  {r['town_name']} {r['school_name']} {r['number']} {r['severity']} 期限 {r['deadline']}"
            f" 逾期 {r['days_late']} 天"
        )


@supervision.command("term")
@_term_options
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (the API's `term`).")
def term(region_code: str, year: int, plan: str, on: dt.datetime | None, as_json: bool) -> None:
    """A term's 校校到 coverage, rectification states and overdue count (the office page's figures)."""
    region, figures = _term(region_code, year, plan, _day(on))
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    cov, states = figures["coverage"], figures["rectifications"]
    share = "—" if cov["share"] is None else f"{cov['share'] * 100:.1f}%"
    click.echo(f"{region.name} {figures['plan']['name']}（{figures['plan']['start']} 至 {figures['plan']['end']}）")
    click.echo(f"  校校到：{cov['covered']}/{cov['schools']} 所学校（{share}），进校督导 {figures['visits']} 次")
    click.echo(
        f"  整改：下发 {states['total']}，已销号 {states['closed']}，待复查 {states['reported']}，"
        f"待整改 {states['open']}，退回 {states['returned']}，逾期 {states['overdue']}"
    )


@report.command("supervision")
@_term_options
@click.option("--format", "fmt", type=FORMAT, default=None, help="pdf or xlsx (default: from --out's suffix).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
def supervision_report(
    region_code: str, year: int, plan: str, on: dt.datetime | None, fmt: str | None, out: Path
) -> None:
    """The term 督导报告 (coverage, findings, rectifications, overdue, escalations): the numbers of
    `eduplan supervision term --json`."""
    from eduplan.errors import UsageError
    from eduplan.reports.files import output_folder, write_atomically
    from eduplan.reports.supervision import term_report

    output_folder(out)
    fmt = fmt or out.suffix.lstrip(".").lower()
    if fmt not in ("pdf", "xlsx"):
        raise UsageError(f"格式 {fmt!r} 不对：应为 pdf 或 xlsx（--format，或 --out 的扩展名）")
    region, figures = _term(region_code, year, plan, _day(on))
    content, _type, _name = term_report(region.name, figures, fmt)
    write_atomically(out, content)
    click.echo(f"已生成 {out}（{region.name}{figures['plan']['name']}督导报告）")
