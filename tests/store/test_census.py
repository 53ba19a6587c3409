from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from openpyxl import load_workbook

from eduplan.errors import NotFound
from eduplan.store.census import census_frames, do_load_census, do_restore_census, get_version
from eduplan.store.census_export import do_export_census
from eduplan.store.models import AuditEntry, CensusStage, CensusVersion


def census_2021(world, primary_students: int = 600) -> dict[str, pd.DataFrame]:
    codes = [world.open_school, world.moved_school, world.closed_school]
    schools = pd.DataFrame(
        {
            "school_code": codes,
            "name": ["城南小学", "河西小学", "石角小学教学点"],
            "region_code": [world.town_fengcheng, world.town_dongcheng, world.town_dongcheng],
            "school_type": ["小学", "小学", "小学教学点"],
            "sponsor": ["公办"] * 3,
            "inclusive": [None] * 3,
            "urban_rural": ["城区", "城区", "乡村"],
        }
    )
    stages = pd.DataFrame(
        {
            "school_code": codes,
            "stage": ["小学"] * 3,
            "students": [primary_students, 400, 18],
            "classes": [12, 9, 2],
            "teachers": [30, 22, 3],
            "equipment_value": [150.5, 80.0, None],
        }
    )
    population = pd.DataFrame(
        {
            "region_code": [world.town_fengcheng, world.town_dongcheng],
            "year": [2021, 2021],
            "age": [0, 0],
            "resident": [900, 700],
        }
    )
    return {"学校": schools, "学段": stages, "年级": pd.DataFrame(), "人口": population}


def test_a_load_becomes_the_current_version_with_its_file_and_an_audit_entry(world):
    version = do_load_census(2021, census_2021(world), file_bytes=b"xlsx-bytes", filename="c.xlsx")
    assert (version.year, version.number, version.is_current) == (2021, 1, True)
    assert bytes(version.original_file) == b"xlsx-bytes"
    assert version.sha256 == hashlib.sha256(b"xlsx-bytes").hexdigest()
    assert version.row_counts == {"学校": 3, "学段": 3, "年级": 0, "人口": 2}
    entry = AuditEntry.objects.get(action="census.import")
    assert entry.after["current_version"] == 1


def test_frames_are_resolved_to_the_years_registry_and_region(world):
    do_load_census(2021, census_2021(world))
    town = census_frames(world.town_dongcheng, 2021)
    assert sorted(town.stages["school_code"]) == [world.moved_school, world.closed_school]
    assert town.population["resident"].tolist() == [700]
    county = census_frames(world.county, 2021)
    assert county.stages.set_index("school_code").loc[world.open_school, "students"] == 600
    # NULL stays NULL, never zero.
    assert pd.isna(county.stages.set_index("school_code").loc[world.closed_school, "equipment_value"])


def test_a_countys_rows_picked_from_the_whole_sheet_equal_its_own_query(world, monkeypatch):
    from eduplan.store import census

    do_load_census(2021, census_2021(world))
    town = census_frames(world.town_dongcheng, 2021)  # the whole 学段 sheet read once, the town's rows picked
    assert town.stages["school_code"].tolist() == [world.moved_school, world.closed_school]  # upload order
    census._FRAMES.clear()
    monkeypatch.setattr(census, "WHOLE_SHEET_ROWS", 0)  # every sheet read with the schools in the query
    queried = census_frames(world.town_dongcheng, 2021)
    pd.testing.assert_frame_equal(town.stages, queried.stages)
    pd.testing.assert_frame_equal(town.grades, queried.grades)


def test_a_second_load_is_a_new_version_and_restore_brings_the_first_back(world):
    do_load_census(2021, census_2021(world, primary_students=600))
    do_load_census(2021, census_2021(world, primary_students=650))
    assert census_frames(world.county, 2021).stages["students"].sum() == 650 + 400 + 18
    do_restore_census(2021, 1)
    assert get_version(2021).number == 1
    assert census_frames(world.county, 2021).stages["students"].sum() == 600 + 400 + 18
    assert list(CensusVersion.objects.filter(year=2021).values_list("number", "is_current")) == [(1, True), (2, False)]


def test_restoring_a_version_that_does_not_exist_says_how_to_list_them(world):
    do_load_census(2021, census_2021(world))
    with pytest.raises(NotFound, match="2021学年没有第 7 版普查数据（eduplan versions census --year 2021 列出各版）"):
        do_restore_census(2021, 7)


def test_a_failed_load_leaves_nothing_behind(world):
    do_load_census(2021, census_2021(world))
    bad = census_2021(world)
    bad["学段"] = bad["学段"].assign(students=["many", 1, 2])  # not a number: the database refuses it
    with pytest.raises(Exception):  # noqa: B017 - any database error; the point is the rollback
        do_load_census(2021, bad)
    assert list(CensusVersion.objects.values_list("number", "is_current")) == [(1, True)]
    assert CensusStage.objects.count() == 3


def test_export_writes_the_contract_sheets_with_chinese_headers_and_is_reproducible(world, tmp_path):
    do_load_census(2021, census_2021(world))
    first = do_export_census(2021, tmp_path / "a.xlsx")
    second = do_export_census(2021, tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()
    book = load_workbook(first, read_only=True)
    assert book.sheetnames == ["学校", "学段", "年级", "人口"]
    header = next(book["学段"].iter_rows(min_row=1, max_row=1, values_only=True))
    assert header[:4] == ("学校标识码", "学段", "在校生数", "班级数")
    rows = list(book["学段"].iter_rows(min_row=2, values_only=True))
    assert rows[0][:4] == (world.open_school, "小学", 600, 12)
    assert rows[2][header.index("教学仪器设备值")] is None
