"""The demo roster reproduces the census's teacher counts per school and 学段, and shows rotation."""

from __future__ import annotations

import pandas as pd
import pytest

from eduplan.core import teachers as tc
from eduplan.demo.teachers import generate_teachers

SCHOOLS = pd.DataFrame(
    {
        "school_code": ["P1", "P2", "J1", "M1"],
        "sponsor": ["公办", "公办", "公办", "民办"],
        "name": ["甲", "乙", "丙", "丁"],
    }
)


def _row(code: str, stage: str, n: int, **counts: int) -> dict[str, object]:
    base = {"teachers_postgraduate": 1, "teachers_bachelor_plus": n // 2, "teachers_associate_plus": n - 2}
    base |= {"backbone_teachers": n // 10, "pe_teachers": 3, "music_teachers": 2, "art_teachers": 2}
    base |= {"certified_teachers": n - 1, "senior_title_teachers": n // 8, "staff_on_establishment": n - 5}
    above = base["teachers_associate_plus"] if stage == "小学" else base["teachers_bachelor_plus"]
    return {"school_code": code, "stage": stage, "teachers": n, "teachers_above_required": above} | base | counts


STAGES = pd.DataFrame(
    [
        _row("P1", "小学", 120),
        _row("P2", "小学", 90),
        _row("J1", "初中", 80),
        _row("M1", "小学", 40, staff_on_establishment=0),
        {"school_code": "P1", "stage": "全校", "teachers": None},
    ]
)


def test_the_roster_has_the_census_counts() -> None:
    demo = generate_teachers(SCHOOLS, STAGES, 2023, seed=7)
    roster = demo.rosters[2023]
    assert len(roster) == 330 and roster["teacher_id"].is_unique
    counts = tc.balance_counts(roster)
    assert tc.registry_vs_census(counts, STAGES).empty  # every measure both hold agrees
    public = roster[roster["school_code"] != "M1"]
    assert (public["establishment"] == "在编").sum() == 115 + 85 + 75
    assert set(roster.loc[roster["school_code"] == "M1", "establishment"]) == {"其他"}


def test_the_year_before_has_the_movers_at_their_origin() -> None:
    demo = generate_teachers(SCHOOLS, STAGES, 2023, seed=7)
    now, before, moves = demo.rosters[2023], demo.rosters[2022], demo.transfers[2023]
    assert len(moves) > 0 and set(moves["kind"]) <= {"交流", "支教", "调动"}
    for move in moves.itertuples():
        old = before[before["teacher_id"] == move.teacher_id].iloc[0]
        assert old["school_code"] == move.from_school != move.to_school
        assert old["since"] <= 2017  # eligible when they moved
        assert now.loc[now["teacher_id"] == move.teacher_id, "school_code"].item() == move.to_school
    newcomers = set(now.loc[now["since"] == 2023, "teacher_id"]) - set(moves["teacher_id"])
    assert newcomers and not newcomers & set(before["teacher_id"])
    assert set(demo.training[2022]["year"]) == {2021, 2022} and set(demo.training[2023]["year"]) == {2023}


def test_on_the_demo_roster_the_quality_indicators_from_people_equal_the_censuss() -> None:
    from eduplan.core.quality_balance import assess_quality_balance
    from tests.core.qb_county import AT_THRESHOLD, COUNTY, school

    codes = ["4418990001", "4418990002", "4418990003"]
    schools = pd.DataFrame([school(code) | {"sponsor": "公办"} for code in codes])
    others = {k: v for k, v in AT_THRESHOLD.items() if "teachers" not in k}
    stages = pd.DataFrame([_row(code, "小学", 60 + 10 * i) | others for i, code in enumerate(codes)])
    roster = generate_teachers(schools, stages, 2023, seed=3).rosters[2023]
    people = tc.balance_counts(roster)
    census = assess_quality_balance(schools, stages, region=COUNTY, year=2023).as_dict()
    mixed = tc.with_registry_counts(stages, people, tc.QUALITY_TEACHER_COLUMNS)
    registry = assess_quality_balance(schools, mixed, region=COUNTY, year=2023).as_dict()
    assert tc.compare_indicators(registry, census)["disagreements"] == []
    # One school's roster with two 骨干 fewer: that school's 骨干 indicator differs, and only it is listed.
    fewer = people.copy()
    fewer.loc[fewer["school_code"] == codes[1], "backbone_teachers"] -= 2
    changed = assess_quality_balance(
        schools, tc.with_registry_counts(stages, fewer, tc.QUALITY_TEACHER_COLUMNS), region=COUNTY, year=2023
    ).as_dict()
    listed = tc.compare_indicators(changed, census)["disagreements"]
    # 70 teachers → 7 骨干 in the census (n // 10), 5 in the roster; 1000 pupils: 0.7 against 0.5 per 100.
    assert [(d["school_code"], d["indicator"]) for d in listed] == [(codes[1], "backbone_teachers_per100")]
    assert (listed[0]["registry"], listed[0]["census"]) == (pytest.approx(0.5), pytest.approx(0.7))
