"""``eduplan import scores FILE`` and ``eduplan assess value-added``: thin wrappers over ingest and core."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from eduplan.commands import SCHOOL_YEAR
from eduplan.commands.groups import assess, import_


def _registry_codes(year: int, prefix: str = "") -> set[str]:
    from eduplan.store.registry import registry_frame

    return set(registry_frame(year, prefix)["school_code"])


@import_.command("scores")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the import summary as JSON.")
def import_scores(file: Path, as_json: bool) -> None:
    """Import student scores (CSV or xlsx, docs/scores.md); 学籍号 are pseudonymised, never stored."""
    from eduplan import store

    store.open_store()
    from eduplan.ingest.scores import read_scores
    from eduplan.store.scores import do_import_scores, import_summary_line

    checked = read_scores(file, _registry_codes)
    summary = do_import_scores(checked, file.name)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(import_summary_line(file.name, summary))
    for warning in summary.warnings:
        click.echo(f"提示 / warning: {warning}")


@assess.command("value-added")
@click.option("--region", "region_code", required=True, help="Region code (county 6 digits, town 9 digits).")
@click.option("--year", required=True, type=SCHOOL_YEAR, help="School year (2023 = 2023–2024学年).")
@click.option("--subject", required=True, help="Subject as in the score files, e.g. 数学.")
@click.option("--grade", required=True, help="Grade, e.g. 7, 七年级 or 初一.")
@click.option("--exam", default=None, help="This year's exam (needed when there are several).")
@click.option("--prior-exam", default=None, help="Last year's exam (needed when there are several).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (docs/value-added.md).")
def assess_value_added(
    region_code: str, year: int, subject: str, grade: str, exam: str | None, prior_exam: str | None, as_json: bool
) -> None:
    """School value-added (增值评价) for one grade, subject and year, with 95% intervals."""
    from eduplan import store

    store.open_store()
    from eduplan.store.value_added import Wanted, do_run_value_added

    result, _ = do_run_value_added(Wanted(region_code, year, grade, subject, exam, prior_exam))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    _print_table(result)


def _print_table(result: dict[str, Any]) -> None:
    click.echo(
        f"{result['region_name']} {result['year']} 学年 {result['grade']} 年级{result['subject']}增值评价"
        f"（本次：{result['exam']}；前测：{result['prior_exam']}）"
    )
    click.echo(
        f"模型 score ~ prior + (1|school)，REML：斜率 {result['coefficients']['prior']:.4f}，"
        f"学校间方差 τ² {result['tau2']:.4g}，学生层方差 σ² {result['sigma2']:.4g}，学生 {result['students']} 人"
    )
    for warning in result["warnings"]:
        click.echo(f"提示：{warning}")
    click.echo("学校标识码  学校名称  学生数  缺前测  增值  标准差  95%区间  判断")
    for s in sorted(result["schools"], key=lambda s: -s["effect"]):
        click.echo(
            f"{s['school_code']}  {s['name']}  {s['students']}  {s['students_without_prior']}  "
            f"{s['effect']:+.2f}  {s['sd']:.2f}  [{s['lower']:+.2f}, {s['upper']:+.2f}]  {s['flag_label']}"
        )
