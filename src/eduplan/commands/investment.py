"""``eduplan assess invest`` (solve and keep an investment scenario) and ``eduplan assess unit-costs``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from eduplan.commands.groups import assess
from eduplan.errors import UsageError

if TYPE_CHECKING:
    pass

_years = click.IntRange(1990, 2100)


@assess.command("invest")
@click.argument("region_code")
@click.option("--year", type=_years, required=True, help="学年（起始年份）")
@click.option("--variant", type=click.Choice(["least_cost", "budget"]), default="least_cost", show_default=True)
@click.option("--budget", type=float, default=None, help="预算（万元），--variant budget 时必填")
@click.option("--solver", type=click.Choice(["oa", "scip"]), default="oa", show_default=True)
@click.option("--time-limit", type=float, default=60.0, show_default=True, help="求解时限（秒）")
@click.option("--limit-posts", is_flag=True, help="新增教师不超过普查的空编数（核定编制 − 在编教职工）")
@click.option("--name", default="", help="方案名称")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="写出 .xlsx 投入测算表")
def invest(
    region_code: str,
    year: int,
    variant: str,
    budget: float | None,
    solver: str,
    time_limit: float,
    limit_posts: bool,
    name: str,
    as_json: bool,
    out: Path | None,
) -> None:
    """义务教育优质均衡投入测算：达标最低成本，或预算内达标学校最多。"""
    from eduplan.commands.assess import check_xlsx_path

    check_xlsx_path(out)
    from eduplan import store

    store.open_store()
    from eduplan.store.investment import do_plan_investment

    payload, run = do_plan_investment(
        region_code,
        year,
        variant=variant,
        budget=budget,
        solver=solver,
        time_limit=time_limit,
        limit_posts=limit_posts,
        name=name,
    )
    if out is not None:
        from eduplan.reports import investment
        from eduplan.reports.files import write_atomically
        from eduplan.reports.xlsx import render_xlsx

        write_atomically(out, render_xlsx(investment.document(payload, f"测算记录 #{run.pk}")))
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _print_plan(payload)
    if out is not None:
        click.echo(f"已写入 {out}")


def _print_plan(payload: dict[str, Any]) -> None:
    from eduplan.reports.investment import STATUS_WORDS, additions_text, cv_rows

    cost = payload["cost"]
    click.echo(
        f"{payload['region']} {payload['year']}学年 投入测算（{payload['name']}）：{STATUS_WORDS.get(str(payload['status']))}"
    )
    if cost is None:
        click.echo("  没有可行方案")
        return
    gap = payload.get("gap")
    click.echo(
        f"  总投入 {float(cost):.2f} 万元；最优性差距 {0 if gap is None else 100 * float(gap):.3f}%；用时 {float(payload['seconds']):.1f} 秒"
    )
    for part in payload["parts"]:
        if part["additions"]:
            click.echo(
                f"  {part['school_code']} {part['name']} {part['stage']}：{additions_text(part['additions'])}（{part['cost']:.2f} 万元）"
            )
    for row in cv_rows(payload):
        mark = "达标" if row["passed"] else "未达标"
        click.echo(
            f"  {row['stage']} {row['indicator']} 差异系数 {row['before']:.3f} → {row['after']:.3f}（≤{row['limit']:.2f}，{mark}）"
        )
    again = payload.get("reassessed")
    if isinstance(again, dict):
        click.echo(f"  复核（普查数据加上方案后重新评估）：资源配置{'达标' if again['resource_passed'] else '未达标'}")


@assess.command("unit-costs")
@click.argument("region_code")
@click.option("--year", type=_years, required=True)
@click.option("--set", "pairs", multiple=True, metavar="KEY=万元", help="修改一项单价（可重复）；不给则显示当前单价")
@click.option("--staff-years", type=click.IntRange(1, 30), default=None, help="人员经费计入年数")
@click.option("--note", default="", help="说明（来源、文号）")
def unit_costs(region_code: str, year: int, pairs: tuple[str, ...], staff_years: int | None, note: str) -> None:
    """显示或修改县（乡镇）的投入单价（每次修改生成新版本并记入审计）。"""
    from eduplan import store

    store.open_store()
    from eduplan.standards.investment import DEFAULT_UNIT_COSTS
    from eduplan.store.investment import do_set_unit_costs, unit_costs_for

    current = unit_costs_for(region_code, year)
    if pairs or staff_years is not None:
        changes: dict[str, float | str] = dict(current.costs)
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep:
                raise UsageError(f"--set 应为 KEY=数值，实际为 {pair!r}")
            changes[key.strip()] = value.strip()
        version = do_set_unit_costs(
            region_code, year, changes, staff_years=staff_years or current.staff_years, note=note
        )
        click.echo(f"已保存 {region_code} {year} 单价第{version.number}版")
        current = unit_costs_for(region_code, year)
    label = "默认单价" if current.number is None else f"第{current.number}版"
    click.echo(f"{region_code} {year} 投入单价（{label}，人员经费计 {current.staff_years} 年）")
    for u in DEFAULT_UNIT_COSTS:
        click.echo(f"  {u.key:<26} {current.costs[u.key]:>10.4f} 万元/{u.unit}  {u.name}")
