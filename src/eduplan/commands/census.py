"""Census commands: the entry template, and importing a workbook or CSV folder as a new version."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from eduplan.commands import SCHOOL_YEAR, store_user
from eduplan.commands.groups import import_, template
from eduplan.errors import IngestError


@template.command("census")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.xlsx to write.")
def template_census(out: Path) -> None:
    """Write an empty census workbook with drop-downs, formats and a 说明 sheet."""
    from eduplan.ingest.census_template import write_census_template

    click.echo(f"已写出模板 {write_census_template(out)}")


@import_.command("census")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--year", required=True, type=SCHOOL_YEAR, help="School year (2023 = 2023–2024学年).")
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change; store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result or the located errors as JSON.")
@click.option("--user", "username", help="The store user recorded as having loaded the file (default: none).")
def import_census(file: Path, year: int, dry_run: bool, as_json: bool, username: str | None) -> None:
    """Import a census workbook (xlsx), a folder of CSV files or a zip of them as a new version of a school year."""
    from eduplan import store

    store.open_store()
    from eduplan.store.census_import import do_import_census

    user = store_user(username)
    try:
        result = do_import_census(file, year, user, dry_run=dry_run)
    except IngestError as error:
        if not as_json:
            raise
        payload = {
            "ok": False,
            "file": file.name,
            "year": year,
            "total": error.total,
            "errors": [p.as_dict() for p in error.problems],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        sys.exit(error.exit_status)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        return
    rows = "，".join(f"{name} {count} 行" for name, count in result.rows.items())
    registry = "，".join(f"{k} {v} 所" for k, v in result.registry.items()) or "无变化"
    if result.dry_run:
        click.echo(f"检查通过（未导入）：{file.name}，{year}学年；{rows}；名录将变更：{registry}")
    else:
        click.echo(f"已导入 {file.name} 为 {year}学年 第{result.version}版；{rows}；名录变更：{registry}")
    for warning in result.warnings:
        click.echo(f"提示 / warning: {warning}")
