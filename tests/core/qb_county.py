"""A small county built by hand for the 优质均衡 tests (小学 thresholds 4.2, 1, 0.9, 4.5, 7.5, 2000 元, 2.3).

Every primary school has 1000 pupils, so the threshold amounts are whole numbers: 42 teachers above the
required qualification, 10 backbone, 9 PE/art, 4500 ㎡ teaching rooms, 7500 ㎡ sports, 200 万元 equipment
(2000 元 × 1000), 23 multimedia rooms.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

COUNTY = "441899"

AT_THRESHOLD: dict[str, Any] = {
    "students": 1000,
    "teachers_above_required": 42,
    "backbone_teachers": 10,
    "pe_teachers": 4,
    "music_teachers": 3,
    "art_teachers": 2,
    "teaching_aux_area": 4500.0,
    "sports_area": 7500.0,
    "equipment_value": 200.0,
    "multimedia_rooms": 23,
}


def school(code: str, school_type: str = "小学", county: str = COUNTY) -> dict[str, Any]:
    return {
        "school_code": code,
        "name": f"学校{code}",
        "school_type": school_type,
        "sponsor": "公办",
        "urban_rural": "城区",
        "region_code": county,
        "county_code": county,
        "parent_code": None,
    }


def stage(code: str, stage_name: str = "小学", **changes: Any) -> dict[str, Any]:
    return {"school_code": code, "stage": stage_name, **AT_THRESHOLD, **changes}


def county() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A at every threshold (passes); B sports at 86% (passes); C sports at 84% (fails);
    D 35 of 42 qualified teachers and 6 of 10 backbone (fails); a special school, a 30-pupil and a
    50-pupil 教学点; a nine-year school whose sports area is on its 全校 row."""
    schools = [school(x) for x in "ABCD"] + [
        school("SP", "特殊教育学校"),
        school("T30", "小学教学点"),
        school("T50", "小学教学点"),
        school("N9", "九年一贯制学校"),
    ]
    stages = [
        stage("A"),
        stage("B", sports_area=6450.0),  # 6450 / 1000 / 7.5 = 0.86
        stage("C", sports_area=6300.0),  # 0.84
        stage("D", teachers_above_required=35, backbone_teachers=6),
        stage("SP", students=80),
        stage("T30", students=30),
        stage(
            "T50",
            students=50,
            teachers_above_required=3,
            backbone_teachers=1,
            pe_teachers=1,
            music_teachers=0,
            art_teachers=0,
            teaching_aux_area=225.0,
            sports_area=375.0,
            equipment_value=10.0,
            multimedia_rooms=2,
        ),
        stage("N9", "小学", students=166, sports_area=None),
        stage("N9", "初中", students=210, sports_area=None),
        {"school_code": "N9", "stage": "全校", "sports_area": 23226.0},
    ]
    return pd.DataFrame(schools), pd.DataFrame(stages)
