"""The yearly collection from the command line (docs/collection.md): completeness, and a county's own restore.

The same store functions as the web: ``store.collection.completeness`` and ``do_restore_county``.
"""

from __future__ import annotations

import json

import click

from eduplan.commands import SCHOOL_YEAR, store_user
from eduplan.commands.groups import main, restore


@main.command("collection")
@click.option("--region", "region_code", required=True, help="County (per town) or city (per county) code.")
@click.option("--year", required=True, type=SCHOOL_YEAR)
@click.option("--json", "as_json", is_flag=True, help="Print the counts and the schools to chase as JSON.")
def collection_status(region_code: str, year: int, as_json: bool) -> None:
    """Completeness of a year's collection: submitted, approved, returned, not submitted, and the schools to chase."""
    from eduplan import store

    store.open_store()
    from eduplan.errors import NotFound
    from eduplan.store.collection import MISSING, completeness
    from eduplan.store.models import Region
    from eduplan.store.registry import versions_in_year

    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise NotFound(f"没有区划 {region_code}")
    result = completeness(year, versions_in_year(year, region.subtree_prefix()), region)
    rows = [(t.code, t.name, t.total, t.counts) for t in [*result.towns, result.total]]
    chase = [{"school_code": v.school_id, "name": v.name, "state": s, "reason": r} for v, s, r in result.chase]
    if as_json:
        out = {
            "region": region.code,
            "year": year,
            "areas": [dict(zip(("code", "name", "total", "counts"), r, strict=True)) for r in rows],
        }
        click.echo(json.dumps({**out, "chase": chase}, ensure_ascii=False))
        return
    click.echo("区域\t学校数\t已上报待审核\t已审核通过\t已退回\t未上报")
    for _code, name, total, counts in rows:
        click.echo(
            f"{name}\t{total}\t{counts['submitted']}\t{counts['approved']}\t{counts['returned']}\t{counts[MISSING]}"
        )
    for school in chase:
        state = "已退回" if school["state"] == "returned" else "未上报"
        click.echo(f"催报：{school['school_code']} {school['name']}（{state}）{school['reason']}")


@restore.command("county")
@click.option("--year", required=True, type=SCHOOL_YEAR)
@click.option("--version", "number", required=True, type=int)
@click.option("--county", "county_code", required=True, help="The county whose rows return to that version.")
@click.option("--user", "username", default=None, help="Store user the restore is recorded under (audit).")
def restore_county(year: int, number: int, county_code: str, username: str | None) -> None:
    """Make one county's census rows of an earlier version current again; other counties' rows stay."""
    from eduplan import store

    store.open_store()
    from eduplan.errors import NotFound
    from eduplan.store.collection import do_restore_county
    from eduplan.store.models import Region

    county = Region.objects.filter(code=county_code).first()
    if county is None:
        raise NotFound(f"没有区划 {county_code}")
    version = do_restore_county(store_user(username), year, county, number)
    click.echo(f"{county.name}的{year}学年普查数据已恢复为第{number}版（存为第{version.number}版）")
