"""What the census can say about three hand-recorded 优质均衡 items (政府保障程度 3, 4 and 5).

* gov_03 every 12 classes at least one music and one art room: rooms ≥ ⌈classes / 12⌉ of each kind (the room
  areas, 96 / 90 ㎡, are not in the census);
* gov_04 school size: 小学、初中 ≤ 2000 pupils, 一贯制 ≤ 2500 in the compulsory stages (caps of ``class_size``);
* gov_05 every class ≤ 45 (小学) / 50 (初中): no class above the standard size in the 年级 sheet.

A check is a hint shown beside the item (``census_check``); the item's status is still what a person records,
since the method allows relaxations the census cannot see (older schools, small rural schools).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eduplan import contract as c
from eduplan.core.census_input import TableLike, as_table, county_schools_frame, county_stage_rows, schools_in_county
from eduplan.core.class_size import school_cap
from eduplan.core.manual_items import CensusCheck
from eduplan.standards.base import Standard
from eduplan.standards.class_size import STANDARD as CLASS_SIZE

ROOM_KEYS = ("music_rooms", "art_rooms")
CLASSES_PER_ROOM = 12


def quality_balance_checks(
    schools: TableLike, stages: TableLike, grades: TableLike, *, region: str, standard: Standard
) -> dict[str, CensusCheck]:
    measures = ("students", "classes", *ROOM_KEYS)
    rows = county_stage_rows(schools, stages, ("school_code", "name", "school_type", "county_code"), measures, region)
    left_out = [*standard.excluded_school_types, c.TEACHING_POINT]
    rows = rows[~rows["school_type"].isin(left_out)]
    crowded = _classes_over_standard(schools, grades, region, left_out)
    checks = {"gov_03_music_art_rooms": _rooms(rows), "gov_04_school_size": _sizes(rows)}
    checks["gov_05_class_size"] = CensusCheck(
        met=crowded.empty,
        detail=f"{len(crowded)} 所学校有超过 45 人（小学）/ 50 人（初中）的班级，共 {int(crowded['n'].sum())} 个班",
        schools=sorted(crowded["school_code"].astype(str)),
    )
    return checks


def _classes_over_standard(schools: TableLike, grades: TableLike, region: str, left_out: list[str]) -> pd.DataFrame:
    """``school_code`` and ``n``: the compulsory classes above the standard size, for the schools that have any."""
    if isinstance(schools, pd.DataFrame) and isinstance(grades, pd.DataFrame):
        s = county_schools_frame(schools, region)  # in memory already: no engine round trip (see county_stage_rows)
        g = grades[grades["school_code"].isin(s.loc[~s["school_type"].isin(left_out), "school_code"])]
        g = g[g["stage"].isin(c.COMPULSORY_STAGES)]
        n = pd.to_numeric(g["classes_over_standard"], errors="coerce").groupby(g["school_code"]).sum()
        return n[n > 0].rename("n").reset_index()
    st = schools_in_county(schools, region)
    st = st.filter(~st.school_type.isin(left_out))
    t = as_table(grades)
    t = t.filter(t.stage.isin(c.COMPULSORY_STAGES) & t.school_code.isin(st.school_code))
    t = t.group_by("school_code").aggregate(n=t.classes_over_standard.cast("float64").sum())
    crowded: pd.DataFrame = t.filter(t.n > 0).to_pyarrow().to_pandas()
    return crowded


def _rooms(rows: pd.DataFrame) -> CensusCheck:
    classes = rows[rows["stage"].isin(c.COMPULSORY_STAGES)].groupby("school_code")["classes"].sum()
    reported = rows.groupby("school_code")[list(ROOM_KEYS)].sum(min_count=1).reindex(classes.index)  # 全校 rows count
    blank = reported.isna().all(axis=1) & (classes > 0)  # no room figure at all: not reported, not judged
    rooms = reported.fillna(0)
    needed = np.ceil(classes / CLASSES_PER_ROOM)
    short = (classes > 0) & ~blank & ((rooms["music_rooms"] < needed) | (rooms["art_rooms"] < needed))
    failing = [str(code) for code in classes.index[short.to_numpy()]]
    unreported = f"，{int(blank.sum())} 所未填报专用教室数" if blank.any() else ""
    return CensusCheck(
        met=not failing,
        detail=f"{len(failing)} 所学校音乐或美术专用教室少于每12个班1间（未计面积；不含教学点）{unreported}",
        schools=sorted(failing),
    )


def _sizes(rows: pd.DataFrame) -> CensusCheck:
    compulsory = rows[rows["stage"].isin(c.COMPULSORY_STAGES)]
    totals = compulsory.groupby(["school_code", "school_type"], as_index=False)["students"].sum()
    failing = []
    for code, kind, students in totals.itertuples(index=False):
        cap = school_cap(str(kind), CLASS_SIZE)
        if cap is not None and students > cap:  # "不超过" includes the cap
            failing.append(str(code))
    return CensusCheck(
        met=not failing,
        detail=f"{len(failing)} 所学校义务教育阶段在校生超过规模上限（小学、初中2,000人，一贯制2,500人）",
        schools=sorted(failing),
    )
