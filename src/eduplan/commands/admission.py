"""``eduplan import applicants``, ``eduplan template applicants`` and ``eduplan admission seats|run`` (积分入学)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from eduplan.commands import store_user
from eduplan.commands.groups import EduplanGroup, import_, main, template

REGION = click.option("--region", "region_code", required=True, help="District code (6 digits), e.g. 440114.")
YEAR = click.option("--year", required=True, type=click.IntRange(2000, 2100), help="Admission year, e.g. 2025.")
USER = click.option("--user", "username", default=None, help="Store user the write is recorded under.")


@main.group(cls=EduplanGroup)
def admission() -> None:
    """积分入学: seats, allocation runs (docs/admission.md)."""


@template.command("applicants")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def template_applicants(file: Path) -> None:
    """Write the empty 积分入学 applicant workbook (sheet 申请人 and 填写说明)."""
    from eduplan.ingest.admission import write_template

    write_template(file)
    click.echo(f"已写出 {file}")


@import_.command("applicants")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@REGION
@YEAR
@USER
def import_applicants(file: Path, region_code: str, year: int, username: str | None) -> None:
    """Import a year's 积分入学 applications (xlsx); numbers pseudonymised; any error stores nothing (exit 3)."""
    from eduplan import store

    store.open_store()
    from eduplan.store.admission import do_import_applicants

    source = do_import_applicants(file, region_code=region_code, year=year, user=store_user(username))
    click.echo(f"已导入 {file.name}：{source.rows} 份申请（{year} 年第 {source.number} 版）")


@admission.command("seats")
@REGION
@YEAR
@click.option("--file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV with school_code,name,area,grade,kind,seats (kind 公办 or 民办（政府购买学位）), or capacity "
                   "and hukou,policy,reserve instead of seats (seats = capacity minus those).")  # fmt: skip
@click.option("--from-census", is_flag=True, help="Use the seats the last census suggests (public schools).")
@click.option("--from-forecast", is_flag=True,
              help="Print (store nothing) the seat forecast's entry-grade intake per public school beside the census "
                   "suggestion, as a CSV to fill in hukou,policy,reserve and give back with --file.")  # fmt: skip
@USER
def admission_seats(
    region_code: str, year: int, file: Path | None, from_census: bool, from_forecast: bool, username: str | None
) -> None:
    """Set the year's seats for 积分入学 per school and grade."""
    import pandas as pd

    from eduplan import store
    from eduplan.errors import UsageError

    store.open_store()
    from eduplan.store.admission import default_seats, do_set_seats, forecast_seats, seats_after_deductions

    if from_forecast:
        if file is not None or from_census:
            raise UsageError("--from-forecast 只输出建议，不能与 --file 或 --from-census 同用")
        rows = forecast_seats(region_code, year).assign(hukou=0, policy=0, reserve=0)
        click.echo(rows.to_csv(index=False), nl=False)
        return
    if (file is None) == (not from_census):
        raise UsageError("请给出 --file、--from-census 或 --from-forecast 之一")
    rows = pd.read_csv(file, dtype={"school_code": str}) if file is not None else default_seats(region_code, year)
    rows = seats_after_deductions(rows)
    count = do_set_seats(rows, region_code=region_code, year=year, user=store_user(username))
    click.echo(f"已保存 {year} 年积分入学学位 {count} 校次，共 {int(rows['seats'].sum()) if count else 0} 个")


@admission.command("run")
@REGION
@YEAR
@click.option("--rubric", "rubric_ref", default="", help="Rubric CODE or CODE@VERSION (default: the policy's).")
@click.option("--seed", type=int, default=None, help="Lottery seed (stored with the run; default today's date).")
@click.option("--json", "as_json", is_flag=True, help="Print the district and per-school results as JSON.")
@USER
def admission_run(
    region_code: str, year: int, rubric_ref: str, seed: int | None, as_json: bool, username: str | None
) -> None:
    """Score and allocate the year's applicants; store the run (exit 3 when data are missing or bad)."""
    from eduplan import store

    store.open_store()
    from eduplan.store.admission import do_run_admission

    code, _, version = rubric_ref.partition("@")
    run = do_run_admission(
        region_code, year, rubric_code=code, rubric_version=int(version) if version else None, seed=seed,
        user=store_user(username),
    )  # fmt: skip
    district = run.result["district"]
    if as_json:
        body = {k: run.result[k] for k in ("policy", "rubric", "seed", "fingerprint", "district", "schools")}
        click.echo(json.dumps({"run": run.pk, **body}, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"派位完成（运行 {run.pk}，种子 {run.parameters['seed']}）：申请 {district['applicants']} 人，"
        f"录取 {district['placed']} 人（公办 {district['placed_public']}，购买民办 {district['placed_purchased']}）；"
        f"公办占比 {district['share_public']}%，公办+购买 {district['share_public_purchased']}%"
    )
