"""``eduplan forecast seats|backtest`` and ``eduplan assess staffing``: thin wrappers over core and store.

The method and the JSON are documented in docs/forecast.md and docs/staffing.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from eduplan.commands import SCHOOL_YEAR
from eduplan.commands.groups import assess, forecast
from eduplan.contract import county_of
from eduplan.errors import UsageError

if TYPE_CHECKING:
    from eduplan.core.seats import SeatForecast

MAX_HORIZON = 15  # years; grade-progression ratios say little beyond that


def _echo_json(payload: dict[str, Any]) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _not_a_town(region_code: str) -> None:
    """Forecasts run on a county (or larger): a town's first junior grade is its share of its county's, and its
    projects are planned by the county, so a town alone would be projected wrongly."""
    from eduplan.store.regions import get_region

    region = get_region(region_code)
    if region.level == "town":
        raise UsageError(
            f"--region {region_code}（{region.name}）是镇街：预测按县（区）进行，请用所属县（区）{county_of(region_code)}，"
            "结果中按镇街列出"
        )


@forecast.command("seats")
@click.option("--region", "region_code", required=True, help="Region code (county 6 digits, or a city).")
@click.option("--from", "from_year", required=True, type=SCHOOL_YEAR, help="First projected school year.")
@click.option("--to", "to_year", required=True, type=SCHOOL_YEAR, help="Last projected school year.")
@click.option(
    "--scenario", "scenario_file", type=click.Path(dir_okay=False, path_type=Path), help="Scenario .toml/.json"
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (docs/forecast.md).")
def forecast_seats(region_code: str, from_year: int, to_year: int, scenario_file: Path | None, as_json: bool) -> None:
    """Seat demand, capacity and gaps per town and county, with the plan project pipeline."""
    if to_year < from_year or to_year - from_year >= MAX_HORIZON:
        raise UsageError(f"--to 应在 --from 之后，且最多预测 {MAX_HORIZON} 年（--from {from_year} --to {to_year}）")
    from eduplan.core.scenarios import Scenario, load_scenario

    scenario = load_scenario(scenario_file) if scenario_file else Scenario()  # a bad file fails before any work
    from eduplan import store

    store.open_store()
    _not_a_town(region_code)
    from eduplan.store.forecasts import seat_forecast_with_gaps
    from eduplan.store.runs import do_record_run

    outcome = seat_forecast_with_gaps(region_code, from_year - 1, to_year, scenario)
    history, base, county, town = outcome.history, outcome.base_year, outcome.county, outcome.town
    result, names = outcome.result, outcome.names
    payload = {
        "region_code": region_code,
        "from_year": from_year,
        "to_year": to_year,
        "base_year": base,
        "census_versions": {str(y): c.version for y, c in sorted(history.items())},
        "scenario": scenario.as_dict() | {"file": scenario_file.name if scenario_file else None},
        "names": names,
        "town_gaps": _gaps(result, names, "town"),
        "county_gaps": _gaps(result, names, "county"),  # 高中 is only here (county-wide, docs/forecast.md §4)
        **result.as_dict(),
        "enrolment": {"county": county.as_dict(), "notes": town.notes},
    }
    parameters = {"from": from_year, "to": to_year, "scenario": payload["scenario"]}
    do_record_run(
        "seats", region_code, base, payload, parameters=parameters, census_version_id=history[base].version_id
    )
    if as_json:
        _echo_json(payload)
        return
    _print_seats(result, names, from_year)


def _gaps(result: SeatForecast, names: dict[str, str], level: str) -> list[dict[str, Any]]:
    """One line per town (or county) and stage whose demand outgrows its seats, keyed ``town_code``/``town`` (or
    ``county_code``/``county``)."""
    rows = (a.gap_summary(names, result.base_year) for a in result.gaps(level))
    return [{f"{level}_code": row.pop("area_code"), level: row.pop("area"), **row} for row in rows]


def _print_seats(result: SeatForecast, names: dict[str, str], from_year: int) -> None:
    click.echo(f"学位预测：基年 {result.base_year}，预测 {from_year}–{result.to_year} 学年")
    for a in result.areas:
        if a.level != "county":
            continue
        last = a.years[-1]
        click.echo(
            f"{names.get(a.area_code, a.area_code)} {a.stage}：{result.to_year} 年需求 {last.demand:,.0f}，学位 {last.capacity:,.0f}，"
            f"缺口 {last.seat_gap:,.0f}（缺口始于 {a.gap_opens or '—'}）"
        )
    gaps = result.gaps("town")
    click.echo(f"出现学位缺口的镇街学段：{len(gaps)}")
    for a in gaps:
        closing = (
            "；".join(f"{e.project.name[:30]}（{e.project.finish_year}，{e.verdict}）" for e in a.projects)
            or "无规划项目"
        )
        click.echo(
            f"  {names.get(a.area_code, a.area_code)} {a.stage}：{a.gap_opens} 年起缺位，{a.status}，"
            f"最大剩余缺口 {a.shortfall:,.0f}；项目：{closing}"
        )
        if a.uncertain:
            click.echo(f"    待定项目 {len(a.uncertain)} 个，若建成剩余缺口 {a.shortfall_if_uncertain_built:,.0f}")
    for note in result.notes:
        click.echo(f"提示：{note}")


@forecast.command("backtest")
@click.option("--region", "region_code", required=True, help="Region code (county 6 digits, or a city).")
@click.option("--origin", required=True, type=SCHOOL_YEAR, help="Last school year the forecast may use.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def forecast_backtest(region_code: str, origin: int, as_json: bool) -> None:
    """Forecast the later census years from data up to --origin and report the error (MAPE) per county and stage."""
    from eduplan import store

    store.open_store()
    _not_a_town(region_code)
    from eduplan.core.enrolment import backtest
    from eduplan.store.forecasts import census_history, region_names
    from eduplan.store.runs import do_record_run

    history = census_history(region_code)
    result = backtest(history, origin)
    names = region_names({r.area_code for r in result.rows})
    payload = result.as_dict() | {"region_code": region_code, "names": names}
    version = history[origin].version_id if origin in history else None
    do_record_run("backtest", region_code, origin, payload, parameters={"origin": origin}, census_version_id=version)
    if as_json:
        _echo_json(payload)
        return
    years = "、".join(str(y) for y in result.years)
    click.echo(f"回测：以 {origin} 学年及以前的数据预测 {years} 学年，平均绝对百分比误差（MAPE）")
    for r in result.rows:
        pairs = "，".join(
            f"{y} 实际 {o:,.0f} 预测 {p:,.0f}" for y, o, p in zip(r.years, r.observed, r.projected, strict=True)
        )
        click.echo(f"  {names.get(r.area_code, r.area_code)} {r.stage}：MAPE {r.mape:.2f}%（{pairs}）")


@assess.command("staffing")
@click.option("--region", "region_code", required=True, help="Region code (county 6 digits, or a city).")
@click.option("--year", required=True, type=SCHOOL_YEAR, help="School year (2023 = 2023–2024学年).")
@click.option("--standard", "version", type=click.Choice(["2014", "2001"]), default="2014", show_default=True)
@click.option("--include-private", is_flag=True, help="Count 民办 schools too (they have no 编制).")
@click.option("--to", "to_year", type=SCHOOL_YEAR, default=None, help="Also project the need up to this year.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (docs/staffing.md).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write an .xlsx report.")
def assess_staffing(
    region_code: str,
    year: int,
    version: str,
    include_private: bool,
    to_year: int | None,
    as_json: bool,
    out: Path | None,
) -> None:
    """Posts required by the 编制 norm against authorized posts and staff on establishment; subject gaps."""
    from eduplan import store
    from eduplan.commands.assess import check_xlsx_path, write_xlsx

    check_xlsx_path(out)

    store.open_store()
    from eduplan.store.census import census_frames
    from eduplan.store.forecasts import census_history
    from eduplan.store.staffing import do_run_staffing

    census = census_frames(region_code, year)
    projection = None
    if to_year is not None:
        if to_year <= year:
            raise UsageError(f"--to {to_year} 应晚于 --year {year}")
        from eduplan.core.enrolment import build_history, project

        projection = project(build_history(census_history(region_code, up_to=year), "county"), year, to_year)
    result, run = do_run_staffing(
        census,
        region_code,
        year,
        version=version,
        include_private=include_private,
        projection=projection,
        to_year=to_year,
    )
    payload, names = run.result, run.result["names"]
    if out is not None:
        schools = dict(zip(census.schools["school_code"].astype(str), census.schools["name"].astype(str), strict=True))
        write_xlsx("staffing", payload, out, f"运行记录 #{run.pk}", schools)
    if as_json:
        _echo_json(payload)
        return
    click.echo(f"教职工编制测算（{result.standard_id}），{year} 学年，{'含民办' if include_private else '公办学校'}")
    click.echo("区域  学段  学生数  按标准应核编制  核定编制  在编教职工  编制缺口  缺员")
    for t in result.totals:
        click.echo(
            f"{names.get(t.area_code, t.area_code)}  {t.stage}  {t.students:,.0f}  {t.required:,.0f}  {t.authorized:,.0f}  "
            f"{t.on_establishment:,.0f}  {t.post_gap:,.0f}  {t.staff_gap:,.0f}"
        )
    for s in result.subjects:
        where = f"{names.get(s.area_code, s.area_code)} {s.stage} {s.subject}"
        if s.gap is not None:
            click.echo(f"{where}：现有 {s.teachers:,.0f}，缺 {s.gap:,.0f}（{s.rule}）")
        elif s.schools:
            click.echo(
                f"{where}：现有 {s.teachers:,.0f}，{len(s.schools_without)} 所学校没有（{s.schools} 所学校填报）"
            )
    for n in result.projected:
        click.echo(
            f"预测 {n.year} {names.get(n.area_code, n.area_code)} {n.stage}：学生 {n.students:,.0f}，"
            f"应核编制 {n.required:,.0f}，现核定 {n.authorized:,.0f}，缺口 {n.required - n.authorized:,.0f}"
        )
    for m in result.projected_subjects:
        click.echo(
            f"预测 {m.year} {names.get(m.area_code, m.area_code)} {m.stage} 体育艺术教师：需 {m.needed:,.0f}，"
            f"现有 {m.teachers:,.0f}，缺 {m.gap:,.0f}"
        )
    for line in result.unconfirmed:
        click.echo(f"注意：{line}")
    if out is not None:
        click.echo(f"已写入 {out}")
