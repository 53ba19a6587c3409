"""``eduplan assess balanced|basic|preschool|class-size`` and ``eduplan assess record``: thin wrappers over store.

(``eduplan assess staffing`` lives in commands/forecast.py and writes its workbook with ``write_xlsx`` here.)

Each run is kept with the standard's id and version and the census version (``store.assessments``); the JSON is
the result's ``as_dict()`` documented in docs/assessments.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from eduplan.commands import SCHOOL_YEAR
from eduplan.commands.groups import assess
from eduplan.errors import UsageError


def _run(kind: str, region_code: str, year: int, census_version: int | None, as_json: bool, out: Path | None) -> None:
    check_xlsx_path(out)
    from eduplan import store

    store.open_store()
    from eduplan.store.assessments import run_assessment

    payload, run = run_assessment(kind, region_code, year, census_version=census_version)
    if out is not None:
        write_xlsx(kind, payload, out, f"评估记录 #{run.pk}")
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _print_summary(kind, payload)
    if out is not None:
        click.echo(f"已写入 {out}")


def check_xlsx_path(out: Path | None) -> None:
    """Before any work: ``--out`` must name an .xlsx file."""
    if out is not None and out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out 应为 .xlsx 文件，实际为 {out.name}")


def write_xlsx(
    kind: str, payload: dict[str, Any], out: Path, run_label: str, school_names: dict[str, str] | None = None
) -> None:
    """The workbook of an assessment's result (the same document ``eduplan report`` renders), written atomically."""
    from eduplan.reports.files import write_atomically
    from eduplan.reports.meta import ReportMeta
    from eduplan.reports.render import build_assessment
    from eduplan.reports.xlsx import render_xlsx
    from eduplan.store.regions import get_region

    region = get_region(str(payload.get("region") or payload.get("region_code")))
    data_version = f"{payload['year']}学年普查 第{payload['census_version']}版"
    meta = ReportMeta(region.code, region.name, int(payload["year"]), data_version, run=run_label)
    doc = build_assessment(kind, payload, meta, school_names)
    write_atomically(out, render_xlsx(doc))


def _print_summary(kind: str, payload: dict[str, Any]) -> None:
    from eduplan.standards.registry import get_standard

    names = {i.key: i.name for i in get_standard(str(payload["standard"])).indicators}
    click.echo(f"{payload['standard_title']}：{payload['region']} {payload['year']}学年 — {payload['verdict']}")
    click.echo(
        f"（标准版本 {payload['standard_version']}，普查第 {payload['census_version']} 版，评估记录 #{payload['run_id']}）"
    )
    if kind in ("balanced", "basic"):
        for stage, st in payload["stages"].items():
            cvs = "，".join(f"{names[k]} {v:.3f}" if v is not None else f"{names[k]} —" for k, v in st["cv"].items())
            click.echo(f"{stage} 差异系数：{cvs}")
            if kind == "balanced":
                failing = [s for s in st["schools"] if not s["passed"]]
                click.echo(
                    f"{stage} 学校：{st['schools_passed']}/{st['schools_total']} 达标；综合（仅供参考）{st['composite_cv']:.3f}"
                )
                for s in failing:
                    adds = "；".join(f"{names[a['indicator']]} +{a['amount']:g}{a['unit']}" for a in s["gap"])
                    click.echo(f"  未达标 {s['school_code']} {s['name']}（{s['met']}/7 项）：{adds}")
            else:
                click.echo(f"{stage} 综合差异系数 {st['composite_cv']:.3f}（上限 {st['composite_limit']}）")
    elif kind == "preschool":
        for ind in payload["indicators"].values():
            value = "—" if ind["value"] is None else f"{ind['value']:.1f}"
            gap = f"，差 {ind['gap']:g} {ind['gap_unit']}" if ind["gap"] else ""
            click.echo(
                f"{ind['name']}：{value}{ind['unit']}（{ind['comparator']} {ind['threshold']:g}）{'达标' if ind['passed'] else '未达标'}{gap}"
            )
    else:
        for stage, st in payload["stages"].items():
            click.echo(
                f"{stage}：{st['classes']} 个班，超标准班额 {st['over_standard']}，大班额 {st['large']}，超大班额 {st['super_large']}"
            )
        for s in payload["schools"]:
            if s["over_cap"]:
                click.echo(f"  规模超标 {s['school_code']} {s['name']}：{s['students']} 人（上限 {s['cap']}）")
    pending = sum(1 for i in payload.get("items", []) if i["status"] == "pending")
    if pending:
        click.echo(f"人工填报项目：{pending} 项待记录（eduplan assess record …）")
    for line in payload.get("unconfirmed", []):
        click.echo(f"注意：{line}")


def _command(kind: str, help_text: str) -> None:
    @assess.command(kind, help=help_text)
    @click.option("--region", "region_code", required=True, help="County code (6 digits).")
    @click.option("--year", required=True, type=SCHOOL_YEAR, help="School year (2023 = 2023–2024学年).")
    @click.option("--census-version", type=int, default=None, help="A stored census version (default: current).")
    @click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (docs/assessments.md).")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write an .xlsx report.")
    def command(region_code: str, year: int, census_version: int | None, as_json: bool, out: Path | None) -> None:
        _run(kind, region_code, year, census_version, as_json, out)


_command("balanced", "义务教育优质均衡 (教督〔2017〕6号): schools, CVs, verdict and the gap to pass.")
_command("basic", "义务教育基本均衡 (教督〔2012〕3号): the eight CVs and the composite.")
_command("preschool", "学前教育普及普惠 (教督〔2020〕1号): the computable indicators.")
_command("class-size", "Class sizes (大班额, 超大班额) and school sizes against the norms.")


@assess.command("record")
@click.option("--standard", "standard_id", required=True, help="Standard id, e.g. quality_balance_2017.")
@click.option("--item", "item_key", required=True, help="Item key (docs/assessments.md lists them).")
@click.option("--region", "region_code", required=True)
@click.option("--year", required=True, type=SCHOOL_YEAR)
@click.option("--status", required=True, type=click.Choice(["未填报", "达标", "未达标", "不适用"]))
@click.option("--value", type=float, default=None, help="A measured value (e.g. 社会认可度 86.5).")
@click.option("--evidence", default="", help="Where the evidence is (document, survey, date).")
def record_item(
    standard_id: str, item_key: str, region_code: str, year: int, status: str, value: float | None, evidence: str
) -> None:
    """Record a hand-assessed item (政府保障程度, 教育质量, 社会认可度 …) with its evidence."""
    from eduplan import store

    store.open_store()
    from eduplan.store.assessments import do_record_manual_item

    do_record_manual_item(standard_id, item_key, region_code, year, status=status, value=value, evidence=evidence)
    click.echo(f"已记录 {standard_id} {item_key} {region_code} {year}：{status}")
