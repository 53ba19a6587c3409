"""``eduplan import monitoring``, ``eduplan assess quality``, ``eduplan attendance report`` and the two reports:
thin wrappers over ingest, store and core (docs/quality.md, docs/attendance.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from eduplan.commands.groups import assess, import_, report
from eduplan.commands.reports import FORMAT, _write


@import_.command("monitoring")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--region", "region_code", required=True, help="County code (6 digits) the figures belong to.")
def import_monitoring(file: Path, region_code: str) -> None:
    """Import published monitoring results (国家/省级质量监测, 区域抽测) from a workbook (docs/quality.md)."""
    from eduplan import store

    store.open_store()
    from eduplan.store.quality import check_monitoring, do_import_monitoring

    imported = do_import_monitoring(region_code, check_monitoring(file, region_code), file.name)
    click.echo(f"已导入 {file.name}：{imported.rows} 行监测结果（第 {imported.number} 版）")


@assess.command("quality")
@click.option("--region", "region_code", required=True, help="County code (6 digits), e.g. 441802.")
@click.option("--year", required=True, type=click.IntRange(1990, 2100), help="School year (2023 = 2023–2024学年).")
@click.option("--subject", required=True, help="Subject as in the score files, e.g. 数学.")
@click.option("--grade", required=True, help="Grade, e.g. 8, 八年级 or 初二.")
@click.option("--exam", default=None, help="The exam (needed when there are several).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (docs/quality.md).")
def assess_quality(region_code: str, year: int, subject: str, grade: str, exam: str | None, as_json: bool) -> None:
    """学业质量: mean, 合格率/优秀率 and 差异率 against the county's 城区优质学校 (< 15%)."""
    from eduplan import store

    store.open_store()
    from eduplan.store.quality import quality_result

    result = quality_result(region_code, year, grade, subject, exam)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    c = result["county"]
    click.echo(f"{result['region_name']} {year}学年 {result['grade']}年级{result['subject']}（{result['exam']}）")
    click.echo(f"全县：{c['students']} 人，平均分 {c['mean']}，合格率 {c['pass_rate']}%，优秀率 {c['excellent_rate']}%")
    for s in result["schools"]:
        gap = "—" if s["gap_rate"] is None else f"{s['gap_rate']:.2f}%"
        click.echo(f"  {s['school_code']} {s['name']}：平均分 {s['mean']}，差异率 {gap}")


@report.command("quality")
@click.option("--region", "region_code", required=True, help="County code (6 digits), e.g. 441802.")
@click.option("--year", required=True, type=int, help="School year (2023 = 2023–2024学年).")
@click.option("--subject", required=True, help="Subject, e.g. 数学.")
@click.option("--grade", required=True, help="Grade, e.g. 8.")
@click.option("--exam", default=None, help="The exam (needed when there are several).")
@click.option("--format", "fmt", type=FORMAT, default=None, help="pdf or xlsx (default: from --out's suffix).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
def quality_report(
    region_code: str, year: int, subject: str, grade: str, exam: str | None, fmt: str | None, out: Path
) -> None:
    """学业质量 report: the numbers of `eduplan assess quality --json`."""
    params = {"region": region_code, "year": year, "grade": grade, "subject": subject, "exam": exam}
    _write("quality", params, fmt, out)


@report.command("attendance")
@click.option("--region", "region_code", required=True, help="Region code, e.g. 441802.")
@click.option("--year", required=True, type=int, help="School year of the 巩固率 check.")
@click.option("--month", required=True, help="Month of the report, YYYY-MM.")
@click.option("--format", "fmt", type=FORMAT, default=None, help="pdf or xlsx (default: from --out's suffix).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
def attendance_report(region_code: str, year: int, month: str, fmt: str | None, out: Path) -> None:
    """控辍保学 monthly report (aggregates; counts of 1–4 shown as <5)."""
    _write("attendance", {"region": region_code, "year": year, "month": month}, fmt, out)
