"""Census hints for 优质均衡 items 3 (专用教室), 4 (学校规模) and 5 (班额), on a hand-built county."""

from __future__ import annotations

import pandas as pd

from eduplan.core.census_checks import quality_balance_checks
from eduplan.core.quality_balance import assess_quality_balance
from eduplan.standards.quality_balance import STANDARD

from .qb_county import AT_THRESHOLD, COUNTY


def census() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    schools = pd.DataFrame(
        {
            "school_code": ["S1", "S2", "S3", "S4", "T", "SP", "X"],
            "name": ["甲", "乙", "丙", "丁", "点", "特", "外"],
            "school_type": ["小学", "小学", "九年一贯制学校", "小学", "小学教学点", "特殊教育学校", "小学"],
            "county_code": [COUNTY] * 6 + ["441898"],
        }
    )
    stages = pd.DataFrame(
        [
            ("S1", "小学", 1900, 24, 2, 2),  # 24 classes need 2 rooms of each kind: met
            ("S2", "小学", 2001, 25, 2, 3),  # 25 classes need 3: music short; 2001 > 2000
            ("S3", "小学", 1300, 13, None, None),
            ("S3", "初中", 1200, 11, None, None),
            ("S3", "全校", None, None, 2, 2),  # 24 classes, rooms on the 全校 row; 2500 ≤ 2500
            ("T", "小学", 30, 3, 0, 0),  # 教学点: not checked
            ("S4", "小学", 600, 12, None, None),  # rooms not reported: listed, not judged
            ("SP", "小学", 80, 8, 0, 0),  # excluded kind
            ("X", "小学", 3000, 60, 0, 0),  # another county
        ],
        columns=["school_code", "stage", "students", "classes", "music_rooms", "art_rooms"],
    )
    grades = pd.DataFrame(
        [("S1", "小学", "1", 0), ("S2", "小学", "2", 1), ("S3", "初中", "8", 2), ("X", "小学", "1", 5)],
        columns=["school_code", "stage", "grade", "classes_over_standard"],
    )
    return schools, stages, grades


def test_rooms_sizes_and_classes_checked_from_the_census() -> None:
    checks = quality_balance_checks(*census(), region=COUNTY, standard=STANDARD)
    rooms, size, classes = (checks[k] for k in ("gov_03_music_art_rooms", "gov_04_school_size", "gov_05_class_size"))
    assert (rooms.met, rooms.schools) == (False, ["S2"])
    assert rooms.detail.endswith("，1 所未填报专用教室数")
    assert (size.met, size.schools) == (False, ["S2"])
    assert (classes.met, classes.schools) == (False, ["S2", "S3"])
    assert classes.detail == "2 所学校有超过 45 人（小学）/ 50 人（初中）的班级，共 3 个班"


def test_checks_appear_beside_the_pending_items_of_the_assessment() -> None:
    schools, _, grades = census()
    full = pd.DataFrame([{"school_code": "S1", "stage": "小学", **AT_THRESHOLD}])
    result = assess_quality_balance(schools, full, region=COUNTY, year=2023, grades=grades)
    items = {i["key"]: i for i in result.as_dict()["items"]}  # type: ignore[union-attr]
    assert items["gov_05_class_size"]["status"] == "pending"
    assert items["gov_05_class_size"]["census_check"]["schools"] == ["S2", "S3"]
    assert items["gov_01_layout"]["census_check"] is None


def test_engine_bound_tables_give_the_same_checks_as_frames() -> None:
    from eduplan.engine import connect

    schools, stages, grades = census()
    con = connect()
    for name, frame in (("schools", schools), ("stages", stages), ("grades", grades)):
        con.create_table(name, frame)
    bound = quality_balance_checks(
        con.table("schools"), con.table("stages"), con.table("grades"), region=COUNTY, standard=STANDARD
    )
    plain = quality_balance_checks(schools, stages, grades, region=COUNTY, standard=STANDARD)
    assert bound == plain
    assert bound["gov_05_class_size"].schools == ["S2", "S3"]  # X is in another county
