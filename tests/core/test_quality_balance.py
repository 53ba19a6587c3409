"""优质均衡 on a hand-built county (tests/core/qb_county.py) and on published CVs."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from eduplan.core.manual_items import ItemRecord
from eduplan.core.quality_balance import assess_quality_balance, judge_cvs
from eduplan.errors import NotFound
from eduplan.standards.quality_balance import STANDARD

from .qb_county import COUNTY, county

KEYS = STANDARD.indicator_keys


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    schools, stages = county()
    return assess_quality_balance(schools, stages, region=COUNTY, year=2023)


def primary(result, code: str):  # type: ignore[no-untyped-def]
    return next(s for s in result.stages["小学"].schools if s.school_code == code)


def test_school_exactly_at_every_threshold_passes(result) -> None:  # type: ignore[no-untyped-def]
    a = primary(result, "A")
    assert a.met == 7 and a.passed
    assert a.values["equipment_value_per_student"] == 2000.0  # 200 万元 × 10000 / 1000


def test_school_with_seventh_at_86_percent_passes(result) -> None:  # type: ignore[no-untyped-def]
    b = primary(result, "B")
    assert (b.met, b.passed) == (6, True)
    assert b.ratios["sports_area_per_student"] == pytest.approx(0.86)


def test_school_with_seventh_at_84_percent_fails(result) -> None:  # type: ignore[no-untyped-def]
    c = primary(result, "C")
    assert (c.met, c.passed) == (6, False)
    assert c.ratios["sports_area_per_student"] == pytest.approx(0.84)


def test_school_meeting_five_fails(result) -> None:  # type: ignore[no-untyped-def]
    d = primary(result, "D")
    assert (d.met, d.passed) == (5, False)


def test_blank_values_are_listed_and_not_met() -> None:
    schools, stages = county()
    stages.loc[stages["school_code"] == "A", "multimedia_rooms"] = None
    a = primary(assess_quality_balance(schools, stages, region=COUNTY, year=2023), "A")
    assert a.missing == ["multimedia_rooms_per100"] and a.values["multimedia_rooms_per100"] is None
    assert (a.met, a.passed) == (6, False)  # a blank cannot show 85%
    assert [(g.indicator, g.amount, g.target) for g in a.gap] == [("multimedia_rooms_per100", 20.0, "floor")]


def test_left_out_kinds_are_listed_with_reasons(result) -> None:  # type: ignore[no-untyped-def]
    reasons = {e.school_code: e.reason for e in result.excluded}
    assert reasons == {"SP": "特殊教育学校不参加评估", "T30": "不足50人的教学点不参加评估"}
    assert "T50" in {s.school_code for s in result.stages["小学"].schools}  # 50 is not 不足50


def test_nine_year_school_is_split_and_its_shared_area_apportioned(result) -> None:  # type: ignore[no-untyped-def]
    # 23226 ㎡ on the 全校 row: 小学 part 9711.6 ㎡ for 166 pupils = 58.504 ㎡ each; 初中 part 13514.4 / 210.
    n_primary = primary(result, "N9")
    n_junior = next(s for s in result.stages["初中"].schools if s.school_code == "N9")
    assert n_primary.values["sports_area_per_student"] == pytest.approx(23226 / (166 + 1.1 * 210), abs=1e-9)
    assert n_junior.values["sports_area_per_student"] == pytest.approx(13514.4 / 210, abs=1e-3)
    assert n_primary.apportioned and n_junior.apportioned
    assert any("学生当量" in note for note in result.notes)


def test_county_fails_while_schools_fail_and_items_are_pending(result) -> None:  # type: ignore[no-untyped-def]
    assert result.resource_passed is False
    assert result.passed is False
    assert all(i.status == "pending" for i in result.items)


def test_json_has_the_issue_schema(result) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert {"region", "year", "standard", "passed", "stages"} <= set(doc)
    assert doc["region"] == COUNTY and doc["standard"] == "quality_balance_2017"
    stage = doc["stages"]["小学"]
    assert set(stage["cv"]) == set(KEYS) == set(stage["cv_passed"])
    assert stage["cv_threshold"] == 0.5
    first = stage["schools"][0]
    assert {"school_code", "values", "met", "passed", "gap"} <= set(first)
    assert set(first["values"]) == set(KEYS)


def test_unknown_county_is_not_found() -> None:
    schools, stages = county()
    with pytest.raises(NotFound, match="2023 年 440000 没有义务教育学校的学段数据"):
        assess_quality_balance(schools, stages, region="440000", year=2023)


# 鸠江区 2023 小学 (spec/standards.md §1.4, S6): L1 0.297929, 骨干教师 0.501787, mean of the seven 0.367503.
# Only those three numbers are published in the spec; the other five are set equal so the mean is 0.367503:
# (7 × 0.367503 − 0.297929 − 0.501787) / 5 = 0.354561.
JIUJIANG = dict(zip(KEYS, [0.297929, 0.501787, *[0.354561] * 5], strict=True))


def test_jiujiang_composite_passes_but_backbone_cv_fails_the_county() -> None:
    passed, all_passed, composite = judge_cvs(JIUJIANG, "小学", STANDARD)
    assert round(composite or 0, 4) == 0.3675 and (composite or 0) < 0.50
    assert passed["backbone_teachers_per100"] is False
    assert sum(passed.values()) == 6
    assert all_passed is False


def test_cv_exactly_at_limit_passes() -> None:
    passed, all_passed, _ = judge_cvs(dict.fromkeys(KEYS, 0.45), "初中", STANDARD)
    assert all_passed and all(passed.values())


def test_recorded_items_complete_the_verdict() -> None:
    schools, stages = county()
    keep = pd.Series(stages["school_code"]).isin(["A", "B"])
    manual = {item.key: ItemRecord(status="met") for item in STANDARD.manual_items}
    manual["recognition"] = ItemRecord(value=86.0, evidence="问卷 2023-11")
    result = assess_quality_balance(
        schools[schools["school_code"].isin(["A", "B"])], stages[keep], region=COUNTY, year=2023, manual=manual
    )
    assert result.resource_passed and result.passed is True
    manual["recognition"] = ItemRecord(value=84.9)
    result = assess_quality_balance(
        schools[schools["school_code"].isin(["A", "B"])], stages[keep], region=COUNTY, year=2023, manual=manual
    )
    assert result.passed is False


def test_schools_sheet_without_county_code_uses_the_head_of_region_code() -> None:
    schools, stages = county()
    schools = schools.drop(columns=["county_code"]).assign(region_code=COUNTY + "001")  # registered under a town
    result = assess_quality_balance(schools, stages, region=COUNTY, year=2023)
    assert {s.school_code for s in result.stages["小学"].schools} == {"A", "B", "C", "D", "T50", "N9"}


def test_store_bound_tables_give_the_same_result_and_the_county_is_a_parameter() -> None:
    from eduplan.engine import connect

    schools, stages = county()
    other = schools.assign(county_code="441898", school_code=schools["school_code"] + "x")
    other_stages = stages.assign(school_code=stages["school_code"] + "x")
    other_stages = other_stages[other_stages["school_code"].isin(["Ax", "Bx"])]
    con = connect()
    con.create_table("schools", pd.concat([schools, other], ignore_index=True).drop(columns=["parent_code"]))
    con.create_table("stages", pd.concat([stages, other_stages], ignore_index=True))
    bound = assess_quality_balance(con.table("schools"), con.table("stages"), region=COUNTY, year=2023)
    plain = assess_quality_balance(schools, stages, region=COUNTY, year=2023)
    assert bound.as_dict() == plain.as_dict()
    # The same cached expression, another county: only A and B of that county, both passing.
    second = assess_quality_balance(con.table("schools"), con.table("stages"), region="441898", year=2023)
    assert [(s.school_code, s.passed) for s in second.stages["小学"].schools] == [("Ax", True), ("Bx", True)]


def test_special_school_funding_is_judged_against_the_baseline_of_the_year() -> None:
    # spec §1.5 #7 and §6.5: 6000 元 from 2016, 7000 元 from the 2025 spring term (counted from school year 2025).
    schools, stages = county()
    manual = {"gov_07_special_funding": ItemRecord(value=6500.0, evidence="2023 决算")}

    def item(year: int) -> dict[str, object]:
        doc = assess_quality_balance(schools, stages, region=COUNTY, year=year, manual=manual).as_dict()
        return next(i for i in doc["items"] if i["key"] == "gov_07_special_funding")  # type: ignore[union-attr]

    assert (item(2024)["threshold"], item(2024)["status"]) == (6000.0, "met")
    assert (item(2025)["threshold"], item(2025)["status"]) == (7000.0, "not_met")
    manual["gov_07_special_funding"] = ItemRecord(value=7000.0)
    assert item(2025)["status"] == "met"  # 不低于 includes the bound
