"""``eduplan report balanced|preschool|staffing|plan|value-added``: a signed-off document as PDF or Excel.

Each command renders the whole report in memory first; only a finished report is written, through a temporary
file in the target folder that is renamed over ``--out``. Bad input (no census for the year, no such plan) is an
error message and no file.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click

from eduplan.commands import SCHOOL_YEAR
from eduplan.commands.groups import report

FORMAT = click.Choice(["pdf", "xlsx"])


def _write(kind: str, params: dict[str, Any], fmt: str | None, out: Path) -> None:
    from eduplan.reports.files import output_folder, write_atomically
    from eduplan.reports.render import render_report

    output_folder(out)
    fmt = fmt or out.suffix.lstrip(".").lower()
    started = time.perf_counter()
    rendered = render_report(kind, params, fmt)
    write_atomically(out, rendered.content)
    seconds = time.perf_counter() - started
    click.echo(f"已生成 {out}（{len(rendered.content) / 1024:,.0f} KB，{seconds:.1f} 秒）")


def _region_report(kind: str, help_text: str) -> None:
    @report.command(kind, help=help_text)
    @click.option("--region", "region_code", required=True, help="County code (6 digits), e.g. 441802.")
    @click.option("--year", required=True, type=SCHOOL_YEAR, help="School year (2023 = 2023–2024学年).")
    @click.option("--format", "fmt", type=FORMAT, default=None, help="pdf or xlsx (default: from --out's suffix).")
    @click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
    def command(region_code: str, year: int, fmt: str | None, out: Path) -> None:
        _write(kind, {"region": region_code, "year": year}, fmt, out)


_region_report("balanced", "义务教育优质均衡 resource-allocation self-assessment of a county.")
_region_report("basic", "义务教育基本均衡 assessment report of a county.")
_region_report("preschool", "学前教育普及普惠 self-assessment of a county.")
_region_report("class-size", "班额与学校规模 (class and school sizes) report of a county.")
_region_report("staffing", "教职工编制 (staffing norm) report of a county.")


@report.command("plan")
@click.option("--plan", "plan_id", required=True, type=int, help="Plan id (see eduplan plan show).")
@click.option("--year", required=True, type=int, help="Review year: progress up to the end of this year.")
@click.option("--format", "fmt", type=FORMAT, default=None, help="pdf or xlsx (default: from --out's suffix).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
def plan_report(plan_id: int, year: int, fmt: str | None, out: Path) -> None:
    """规划实施中期评估: indicators, projects, tasks and discrepancies of a plan up to a year."""
    _write("plan", {"plan": plan_id, "year": year}, fmt, out)


@report.command("value-added")
@click.option("--region", "region_code", required=True, help="Region code (county 6 digits), e.g. 441802.")
@click.option("--year", required=True, type=SCHOOL_YEAR, help="School year (2023 = 2023–2024学年).")
@click.option("--subject", required=True, help="Subject as in the score files, e.g. 数学.")
@click.option("--grade", required=True, help="Grade, e.g. 8, 八年级 or 初二.")
@click.option("--exam", default=None, help="This year's exam (needed when there are several).")
@click.option("--prior-exam", default=None, help="Last year's exam (needed when there are several).")
@click.option("--format", "fmt", type=FORMAT, default=None, help="pdf or xlsx (default: from --out's suffix).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
def value_added_report(
    region_code: str,
    year: int,
    subject: str,
    grade: str,
    exam: str | None,
    prior_exam: str | None,
    fmt: str | None,
    out: Path,
) -> None:
    """增值评价 of a region's schools for one grade and subject: the numbers of `eduplan assess value-added --json`."""
    params = {"region": region_code, "year": year, "grade": grade, "subject": subject}
    _write("value-added", params | {"exam": exam, "prior_exam": prior_exam}, fmt, out)
