"""``eduplan import fitness``, ``eduplan assess fitness`` and ``eduplan template fitness``: thin wrappers over
ingest, store and core (docs/fitness.md)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import click

from eduplan.commands import store_user
from eduplan.commands.groups import assess, import_, template


def _school_in_registry(code: str, year: int) -> None:
    from eduplan.errors import UsageError
    from eduplan.store.registry import current_version

    if current_version(code, year) is None:
        raise UsageError(f"学校标识码 {code} 不在 {year} 学年的学校名录中")


@import_.command("fitness")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--school", "school_code", required=True, help="学校标识码 of the school the file is for.")
@click.option(
    "--year", required=True, type=click.IntRange(1990, 2100), help="Test year = school year (2023 = 2023–2024学年)."
)
@click.option("--user", "username", default=None, help="Record the import under this web user.")
@click.option("--json", "as_json", is_flag=True, help="Print the import summary as JSON.")
def import_fitness(file: Path, school_code: str, year: int, username: str | None, as_json: bool) -> None:
    """Import one school's raw fitness results (体测成绩, CSV or xlsx); 学籍号 are pseudonymised, names never read."""
    from eduplan import store

    store.open_store()
    from eduplan.ingest.fitness import read_fitness
    from eduplan.store.fitness import do_import_fitness

    _school_in_registry(school_code, year)
    checked = read_fitness(file, school_code=school_code)
    summary = do_import_fitness(
        checked,
        year=year,
        school_code=school_code,
        file=file.name,
        sha256=hashlib.sha256(file.read_bytes()).hexdigest(),
        user=store_user(username),
    )
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(summary.line(file.name))
    for warning in checked.warnings:
        click.echo(f"提示 / warning: {warning}")


@assess.command("fitness")
@click.option("--region", "region_code", required=True, help="Region code (county 6 digits, town 9 digits).")
@click.option("--year", required=True, type=click.IntRange(1990, 2100), help="Test year (2023 = 2023–2024学年).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (docs/fitness.md).")
def assess_fitness(region_code: str, year: int, as_json: bool) -> None:
    """学生体质健康: 合格率, 优良率, 优秀率, BMI and 近视 rates by the 2014 standard, per 学段, grade, town, school."""
    from eduplan import store

    store.open_store()
    from eduplan.store.fitness import assess_fitness as run

    result = run(region_code, year)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    _print(result)


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value:.2f}"


def _print(result: dict[str, Any]) -> None:
    c = result["county"]
    click.echo(f"{result['region_name']} {result['year']} 学年学生体质健康（{result['standard']['citation']}）")
    click.echo(
        f"全区：测试 {c['students']} 人，免测/缓测 {c['exempt']} 人；合格率 {_pct(c['pass_rate'])}%，"
        f"优良率 {_pct(c['good_rate'])}%，优秀率 {_pct(c['excellent_rate'])}%，肥胖率 {_pct(c['obese_rate'])}%，"
        f"近视率 {_pct(c['myopia_rate'])}%"
    )
    click.echo("学段  合格率  优良率  优秀率  肥胖率")
    for s in result["stages"]:
        click.echo(
            f"{s['stage']}  {_pct(s['pass_rate'])}  {_pct(s['good_rate'])}  {_pct(s['excellent_rate'])}  "
            f"{_pct(s['obese_rate'])}"
        )
    click.echo("学校标识码  学校名称  学生数  合格率  优良率  （不足 5 人的学校不显示比率）")
    for s in result["schools"]:
        click.echo(f"{s['school_code']}  {s['name']}  {s['students']}  {_pct(s['pass_rate'])}  {_pct(s['good_rate'])}")
    for caveat in result["standard"]["caveats"]:
        click.echo(f"说明：{caveat}")


@template.command("fitness")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Where to write the .xlsx.")
def template_fitness(out: Path) -> None:
    """The workbook schools fill in with their raw fitness results."""
    from eduplan.ingest.fitness import template_bytes

    out.write_bytes(template_bytes())
    click.echo(f"已写出 {out}")


def _register_report() -> None:
    from eduplan.commands.reports import _region_report

    _region_report("fitness", "学生体质健康状况 yearly report of a county (PDF or Excel, numbers as --json).")


_register_report()
