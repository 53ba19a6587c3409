"""``eduplan import scores FILE`` and ``eduplan assess value-added``: thin wrappers over ingest and core."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from eduplan.cli import assess, import_
from eduplan.errors import UsageError

if TYPE_CHECKING:
    from eduplan.core.value_added_data import ValueAddedRun


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
    from django.db import transaction

    from eduplan.ingest.score_store import do_import_scores
    from eduplan.ingest.scores import read_scores
    from eduplan.store import audit

    checked = read_scores(file, _registry_codes)
    summary = do_import_scores(checked, file.name)
    with transaction.atomic():
        audit.record(None, "scores.import", "Scores", file.name, summary=_summary_line(file.name, summary.as_dict()))
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(_summary_line(file.name, summary.as_dict()))
    for warning in summary.warnings:
        click.echo(f"提示 / warning: {warning}")


def _summary_line(name: str, summary: dict[str, object]) -> str:
    years = "、".join(str(y) for y in summary["years"])  # type: ignore[attr-defined]
    return (
        f"已导入 {name}：{summary['rows']} 行成绩，{summary['students']} 名学生，{summary['schools']} 所学校，"
        f"学年 {years}；替换旧成绩 {summary['replaced']} 行；缺考（成绩空白）{summary['without_score']} 行"
    )


@assess.command("value-added")
@click.option("--region", "region_code", required=True, help="Region code (county 6 digits, town 9 digits).")
@click.option("--year", required=True, type=click.IntRange(1990, 2100), help="School year (2023 = 2023–2024学年).")
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
    from eduplan.core.value_added_data import Selection, evaluate_value_added
    from eduplan.engine import connect
    from eduplan.ingest.score_store import current_snapshot, score_table
    from eduplan.ingest.scores import normalise_grade
    from eduplan.store.models import AnalysisRun
    from eduplan.store.regions import get_region
    from eduplan.store.registry import registry_frame

    normal_grade = normalise_grade(grade)
    if normal_grade is None:
        raise UsageError(f"--grade {grade!r} 无法识别：应为 1–12，或 七年级、初一、高二")
    region = get_region(region_code)
    registry = registry_frame(year, region.subtree_prefix())
    names = dict(zip(registry["school_code"], registry["name"], strict=True))
    if not names:
        raise UsageError(f"{region.name}（{region_code}）在 {year} 学年的学校名录中没有学校")
    chosen = Selection(year, normal_grade, subject, exam, prior_exam, schools=set(names))
    run = evaluate_value_added(score_table(connect()), chosen, region_code=region_code)
    result = run.as_dict()
    for school in result["schools"]:
        school["name"] = names.get(school["school_code"], "")
    AnalysisRun.objects.create(
        kind="value_added",
        region=region,
        year=year,
        parameters={
            "grade": normal_grade,
            "subject": subject,
            "exam": run.exam,
            "prior_exam": run.prior_exam,
            "scores_snapshot": current_snapshot(),
        },
        result=result,
    )
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    _print_table(run, region.name, names)


def _print_table(run: ValueAddedRun, region_name: str, names: dict[str, str]) -> None:
    from eduplan.core.value_added import FLAG_LABELS

    fit = run.fit
    click.echo(
        f"{region_name} {run.year} 学年 {run.grade} 年级{run.subject}增值评价（本次：{run.exam}；前测：{run.prior_exam}）"
    )
    click.echo(
        f"模型 score ~ prior + (1|school)，REML：斜率 {fit.coefficients['prior']:.4f}，"
        f"学校间方差 τ² {fit.tau2:.4g}，学生层方差 σ² {fit.sigma2:.4g}，学生 {fit.students} 人"
    )
    for warning in fit.warnings:
        click.echo(f"提示：{warning}")
    click.echo("学校标识码  学校名称  学生数  缺前测  增值  标准差  95%区间  判断")
    for s in sorted(fit.schools, key=lambda s: -s.effect):
        click.echo(
            f"{s.school_code}  {names.get(s.school_code, '')}  {s.students}  {s.students_without_prior}  "
            f"{s.effect:+.2f}  {s.sd:.2f}  [{s.lower:+.2f}, {s.upper:+.2f}]  {FLAG_LABELS[s.flag]}"
        )
