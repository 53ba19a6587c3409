"""``eduplan import teachers``, ``eduplan assess teachers``, ``eduplan template teachers``, ``eduplan versions
teachers``, ``eduplan restore teachers``: thin wrappers over ``store.teachers`` (docs/teachers.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from eduplan.commands import store_user
from eduplan.commands.groups import assess, import_, report, restore, template, versions

_years = click.IntRange(1990, 2100)


@import_.command("teachers")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", required=True, type=_years, help="School year of the roster (2023 = 2023–2024学年).")
@click.option("--user", "username", default=None, help="Record the import under this web user.")
@click.option("--json", "as_json", is_flag=True, help="Print the stored version as JSON.")
def import_teachers(file: Path, year: int, username: str | None, as_json: bool) -> None:
    """Import a teacher roster workbook; 身份证号 are pseudonymised at once, never stored."""
    from eduplan import store

    store.open_store()
    from eduplan.store.teachers import do_import_teachers

    version = do_import_teachers(file, year, user=store_user(username))
    summary = {"year": year, "version": version.number, "rows": version.row_counts, "sha256": version.sha256}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    rows = version.row_counts
    click.echo(
        f"{year}学年 教师名册 第{version.number}版：教师 {rows['teachers']} 名（沿用其他学校 {rows['carried_forward']} 名），"
        f"交流调动 {rows['transfers']} 条，培训记录 {rows['training']} 条"
    )
    for warning in version.warnings:
        click.echo(f"提示 / warning: {warning['message']}（{warning['sheet']}!{warning['column']}{warning['row']}）")


@template.command("teachers")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def template_teachers(out: Path) -> None:
    """Write the empty roster workbook (three sheets and a 说明 sheet)."""
    from eduplan.ingest.teachers import write_template

    click.echo(f"已写入 {write_template(out)}")


@versions.command("teachers")
@click.option("--year", type=_years, default=None)
def versions_teachers(year: int | None) -> None:
    """List the roster versions."""
    from eduplan import store

    store.open_store()
    from eduplan.store.models import RosterVersion

    qs = RosterVersion.objects.all() if year is None else RosterVersion.objects.filter(year=year)
    for v in qs:
        mark = "＊" if v.is_current else " "
        click.echo(f"{mark} {v.year}学年 第{v.number}版 {v.loaded_at:%Y-%m-%d %H:%M} {v.filename} {v.row_counts}")


@restore.command("teachers")
@click.option("--year", required=True, type=_years)
@click.option("--version", "number", required=True, type=int)
@click.option("--user", "username", default=None)
def restore_teachers(year: int, number: int, username: str | None) -> None:
    """Make an earlier roster version of a year current again."""
    from eduplan import store

    store.open_store()
    from eduplan.store.teachers import do_restore_teachers

    do_restore_teachers(year, number, user=store_user(username))
    click.echo(f"{year}学年 教师名册已恢复为第{number}版")


@assess.command("teachers")
@click.option("--region", "region_code", required=True, help="Region code (county 6 digits).")
@click.option("--year", required=True, type=_years)
@click.option("--cycle-start", default=2021, type=_years, help="A first year of a five-year training cycle.")
@click.option("--json", "as_json", is_flag=True, help="Print the aggregate result as JSON (docs/teachers.md).")
@click.option("--census", "with_census", is_flag=True, help="Also compare the registry with the census.")
def assess_teachers_command(region_code: str, year: int, cycle_start: int, as_json: bool, with_census: bool) -> None:
    """Rotation, training, age, retirements, 职称 and balance counts from the roster (aggregates only)."""
    from eduplan import store

    store.open_store()
    from eduplan.store.teachers import assess_teachers, registry_census_comparison

    payload: dict[str, Any] = assess_teachers(region_code, year, cycle_anchor=cycle_start)
    if with_census:
        payload["census_comparison"] = registry_census_comparison(region_code, year)
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _print(payload)


def _pct(value: object) -> str:
    return "—" if value is None else f"{float(value):.1f}%"  # type: ignore[arg-type]


def _print(p: dict[str, Any]) -> None:
    r, t = p["rotation"], p["training"]
    click.echo(f"{p['region']} {p['year']}学年 教师名册第{p['roster_version']}版：{p['teachers']} 名教师")
    click.echo(
        f"交流轮岗：符合条件 {r['eligible']} 人，交流 {r['rotated']} 人（{_pct(r['share'])}，应不低于 {r['share_min']:g}%）；"
        f"其中骨干 {r['rotated_backbone']} 人（{_pct(r['backbone_share'])}，应不低于 {r['backbone_share_min']:g}%）；"
        f"待交流 {r['due_count']} 人"
    )
    click.echo(
        f"继续教育 {t['cycle'][0]}–{t['cycle'][1]} 周期：完成 360 学时 {t['completed']} 人（{_pct(t['completion_rate'])}），"
        f"落后于进度 {t['behind']} 人"
    )
    wave = "，".join(f"{w['year']}年 {w['retiring']}" for w in p["retirements"])
    click.echo(f"今后十年退休人数：{wave}")
    if "census_comparison" in p:
        diff = p["census_comparison"]["disagreements"]
        click.echo(f"名册与普查不一致 {len(diff)} 处")
        for d in diff[:20]:
            click.echo(
                f"  {d['school_code']} {d.get('name') or ''} {d['stage']} {d['measure']}：名册 {d['registry']}，普查 {d['census']}"
            )


@report.command("teachers")
@click.option("--region", "region_code", required=True, help="Region code.")
@click.option("--year", required=True, type=_years)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="A .pdf or .xlsx file.")
@click.option("--user", "username", default=None, help="Name the exporter on the cover (a web user).")
def report_teachers(region_code: str, year: int, out: Path, username: str | None) -> None:
    """The teacher structure and rotation report (aggregates), PDF or Excel by the file's suffix."""
    from eduplan import store

    store.open_store()
    from eduplan.reports.files import write_atomically
    from eduplan.reports.teachers import render_teacher_report

    user = store_user(username)
    content, _, _ = render_teacher_report(
        region_code, year, out.suffix.lower().lstrip("."), user.username if user else ""
    )
    write_atomically(out, content)
    click.echo(f"已写入 {out}")


@assess.command("title-ratios")
@click.argument("region_code")
@click.option(
    "--set", "pairs", multiple=True, metavar="学段=高级[/中级]", help="登记一个学段的岗位设置比例（%，可重复）"
)
@click.option("--document", default="", help="规定比例的文件（文号）")
@click.option("--user", "username", default=None, help="Record the change under this web user.")
def title_ratios(region_code: str, pairs: tuple[str, ...], document: str, username: str | None) -> None:
    """显示或登记县（市、区）自定的岗位设置比例（高级、中级岗位占比；修改记入审计）。"""
    from eduplan import store
    from eduplan.errors import UsageError

    store.open_store()
    from eduplan.store.teachers import do_set_title_ratios
    from eduplan.store.teachers import title_ratios as stored

    if pairs:
        ratios: dict[str, tuple[object, object]] = {}
        for pair in pairs:
            stage, sep, value = pair.partition("=")
            if not sep:
                raise UsageError(f"--set 应为 学段=高级[/中级]，实际为 {pair!r}")
            senior, _, mid = value.partition("/")
            ratios[stage.strip()] = (senior.strip(), mid.strip())
        do_set_title_ratios(region_code, ratios, document=document, user=store_user(username))
    current = stored(region_code)
    if not current:
        click.echo(f"{region_code} 没有登记岗位设置比例（职称结构只与清远市目标比较）")
        return
    for stage, r in current.items():
        mid = "—" if r["mid_share"] is None else f"{r['mid_share']:g}%"
        click.echo(f"{stage}：高级 {r['senior_share']:g}%，中级 {mid}  {r['document']}")
