"""``eduplan collection`` and ``eduplan restore county`` in process, on tests/web/world.py's two counties."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from eduplan.cli import main
from eduplan.store.models import AuditEntry, CensusStage, CensusVersion
from tests.web.world import WebWorld, build


@pytest.fixture(autouse=True)
def _store_is_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eduplan.store.open_store", lambda: None)  # the test database is already open


@pytest.fixture
def web(world: Any, settings: Any) -> WebWorld:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the world's dozen users
    return build(world.county)


@pytest.mark.django_db
def test_the_collection_of_a_county_is_counted_per_town(web: WebWorld) -> None:
    from eduplan.store.collection import do_save_draft, do_submit
    from eduplan.store.registry import current_version

    school = current_version(web.school, 2023)
    assert school is not None
    do_submit(None, do_save_draft(None, school, 2023, {}))
    result = CliRunner().invoke(main, ["collection", "--region", "441802", "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "区域\t学校数\t已上报待审核\t已审核通过\t已退回\t未上报",
        "凤城街道\t1\t1\t0\t0\t0",
        "东城街道\t2\t0\t0\t0\t2",
        "清城区\t3\t1\t0\t0\t2",
        "催报：4418020002 河西小学（未上报）",
        "催报：4418020004 新城小学（未上报）",
    ]
    data = json.loads(CliRunner().invoke(main, ["collection", "--region", "441800", "--year", "2023", "--json"]).stdout)
    assert [(a["code"], a["total"], a["counts"]["missing"]) for a in data["areas"]] == [
        ("441802", 3, 2),
        ("441803", 1, 1),
        ("441800", 4, 3),
    ]


@pytest.mark.django_db
def test_a_county_is_restored_from_the_command_line(web: WebWorld) -> None:
    from eduplan.store.census import do_load_census
    from tests.web.world import current_tables

    tables = current_tables(2023)
    tables["学段"].loc[tables["学段"]["school_code"] == web.school, "teachers"] = 99
    do_load_census(2023, tables, filename="有误")
    args = ["restore", "county", "--year", "2023", "--version", "1", "--county", "441802", "--user", "t-planning"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "清城区的2023学年普查数据已恢复为第1版（存为第3版）"
    current = CensusVersion.objects.get(year=2023, is_current=True)
    assert CensusStage.objects.get(version=current, school_code=web.school).teachers == 52
    assert AuditEntry.objects.get(action="census.restore_county").username == "t-planning"
    missing = CliRunner().invoke(main, ["restore", "county", "--year", "2023", "--version", "9", "--county", "441802"])
    assert missing.exit_code == 3
    assert (
        missing.stderr
        == "错误 / error: 2023学年没有第 9 版的普查数据（用 eduplan import census FILE --year 2023 导入）\n"
    )
