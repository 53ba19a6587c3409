"""Assessments on the stored census: the run is kept with standard and census versions; items recorded by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from eduplan.errors import NotFound, UsageError
from eduplan.store.assessments import do_record_manual_item, run_assessment
from eduplan.store.census import do_load_census
from eduplan.store.models import AnalysisRun, AuditEntry
from tests.core.qb_county import AT_THRESHOLD


def load_2023(world, sports_area_of_moved: float = 6300.0) -> None:  # type: ignore[no-untyped-def]
    codes = [world.open_school, world.moved_school, world.new_school]
    schools = pd.DataFrame(
        {
            "school_code": codes,
            "name": ["城南小学", "河西小学", "新城小学"],
            "region_code": [world.town_fengcheng, world.town_dongcheng, world.town_dongcheng],
            "school_type": ["小学"] * 3,
            "sponsor": ["公办"] * 3,
            "inclusive": [None] * 3,
            "urban_rural": ["城区"] * 3,
        }
    )
    stages = pd.DataFrame([{"school_code": code, "stage": "小学", **AT_THRESHOLD} for code in codes])
    stages.loc[1, "sports_area"] = sports_area_of_moved  # 84% of 7.5 ㎡ × 1000
    do_load_census(2023, {"学校": schools, "学段": stages, "年级": pd.DataFrame(), "人口": pd.DataFrame()})


def test_run_is_kept_with_standard_and_census_versions(world) -> None:  # type: ignore[no-untyped-def]
    load_2023(world)
    payload, run = run_assessment("balanced", world.county, 2023)
    assert payload["passed"] is False and payload["census_version"] == 1
    moved = next(s for s in payload["stages"]["小学"]["schools"] if s["school_code"] == world.moved_school)
    assert moved["passed"] is False and [a["amount"] for a in moved["gap"]] == [75.0]
    stored = AnalysisRun.objects.get(pk=run.pk)
    assert (stored.kind, stored.standard_id, stored.standard_version) == ("balanced", "quality_balance_2017", "1")
    assert stored.census_version is not None and stored.census_version.number == 1
    assert stored.passed is False and stored.result["census_version"] == 1 and payload["run_id"] == run.pk


def test_a_second_census_version_is_named_in_the_new_run(world) -> None:  # type: ignore[no-untyped-def]
    load_2023(world)
    load_2023(world, sports_area_of_moved=7500.0)
    payload, _ = run_assessment("balanced", world.county, 2023)
    assert payload["census_version"] == 2 and payload["stages"]["小学"]["schools_passed"] == 3
    old, _ = run_assessment("balanced", world.county, 2023, census_version=1)
    assert old["stages"]["小学"]["schools_passed"] == 2


def test_recorded_items_join_the_verdict_and_are_audited(world) -> None:  # type: ignore[no-untyped-def]
    load_2023(world)
    do_record_manual_item(
        "quality_balance_2017", "recognition", world.county, 2023, status="达标", value=84.0, evidence="问卷"
    )
    payload, _ = run_assessment("balanced", world.county, 2023)
    recognition = next(i for i in payload["items"] if i["key"] == "recognition")
    assert (recognition["status"], recognition["value"], recognition["evidence"]) == ("not_met", 84.0, "问卷")
    assert AuditEntry.objects.filter(action="manual_item.record").count() == 1


def test_unknown_item_and_non_county_region_are_clear_errors(world) -> None:  # type: ignore[no-untyped-def]
    load_2023(world)
    with pytest.raises(NotFound, match="标准 quality_balance_2017 没有人工填报项目 'nope'"):
        do_record_manual_item("quality_balance_2017", "nope", world.county, 2023, status="达标")
    with pytest.raises(UsageError, match="评估以县（市、区）为单位：441802001 是 town 级区划"):
        run_assessment("balanced", world.town_fengcheng, 2023)


def test_class_size_and_basic_run_on_the_same_store(world) -> None:  # type: ignore[no-untyped-def]
    load_2023(world)
    basic, _ = run_assessment("basic", world.county, 2023)
    assert basic["standard"] == "basic_balance_2012" and "小学" in basic["stages"]
    with pytest.raises(NotFound, match="没有年级（班额）数据"):
        run_assessment("class-size", world.county, 2023)
