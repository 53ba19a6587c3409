"""What the census can say about three hand-recorded 优质均衡 items (政府保障程度 3, 4 and 5).

* gov_03 every 12 classes at least one music and one art room: rooms ≥ ⌈classes / 12⌉ of each kind (the room
  areas, 96 / 90 ㎡, are not in the census);
* gov_04 school size: 小学、初中 ≤ 2000 pupils, 一贯制 ≤ 2500 in the compulsory stages (caps of ``class_size``);
* gov_05 every class ≤ 45 (小学) / 50 (初中): no class above the standard size in the 年级 sheet.

A check is a hint shown beside the item (``census_check``); the item's status is still what a person records,
since the method allows relaxations the census cannot see (older schools, small rural schools).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from eduplan import contract as c
from eduplan.core.census_input import (
    TableLike,
    as_table,
    county_schools_frame,
    county_stage_rows,
    isin,
    schools_in_county,
)
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
        checked = s["school_code"].to_numpy()[~isin(s["school_type"].to_numpy(), left_out)]
        code = grades["school_code"].to_numpy()
        keep = isin(code, checked) & isin(grades["stage"].to_numpy(), c.COMPULSORY_STAGES)
        over = pd.to_numeric(grades["classes_over_standard"], errors="coerce").to_numpy(dtype=np.float64)[keep]
        school, codes = _schools_of(code[keep])
        n = np.bincount(school, weights=np.nan_to_num(over), minlength=len(codes))
        return pd.DataFrame({"school_code": codes[n > 0], "n": n[n > 0]})
    st = schools_in_county(schools, region)
    st = st.filter(~st.school_type.isin(left_out))
    t = as_table(grades)
    t = t.filter(t.stage.isin(c.COMPULSORY_STAGES) & t.school_code.isin(st.school_code))
    t = t.group_by("school_code").aggregate(n=t.classes_over_standard.cast("float64").sum())
    crowded: pd.DataFrame = t.filter(t.n > 0).to_pyarrow().to_pandas()
    return crowded


def _schools_of(codes: npt.NDArray[Any]) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
    """Each row's school as an index into the sorted school codes (a groupby key, as arrays)."""
    school, unique = pd.factorize(codes, sort=True)
    return school, np.asarray(unique, dtype=object)


def _sum(school: npt.NDArray[np.intp], values: npt.NDArray[np.float64], n: int) -> npt.NDArray[np.float64]:
    """Per school, the sum of the values, a blank counting as 0 (``groupby().sum()``)."""
    return np.asarray(np.bincount(school, weights=np.nan_to_num(values), minlength=n), dtype=np.float64)


def _rooms(rows: pd.DataFrame) -> CensusCheck:
    school, codes = _schools_of(rows["school_code"].to_numpy())
    compulsory = isin(rows["stage"].to_numpy(), c.COMPULSORY_STAGES)
    n = len(codes)
    has_classes = np.bincount(school[compulsory], minlength=n) > 0  # schools with a 小学 or 初中 row
    classes = _sum(school[compulsory], rows["classes"].to_numpy(dtype=np.float64)[compulsory], n)
    rooms = {}
    reported = np.zeros(n, dtype=bool)  # any room figure, 全校 rows included
    for key in ROOM_KEYS:
        values = rows[key].to_numpy(dtype=np.float64)
        reported |= np.bincount(school, weights=~np.isnan(values), minlength=n) > 0
        rooms[key] = _sum(school, values, n)
    blank = has_classes & ~reported & (classes > 0)  # no room figure at all: not reported, not judged
    needed = np.ceil(classes / CLASSES_PER_ROOM)
    short = (rooms["music_rooms"] < needed) | (rooms["art_rooms"] < needed)
    failing = [str(code) for code in codes[has_classes & (classes > 0) & ~blank & short]]
    unreported = f"，{int(blank.sum())} 所未填报专用教室数" if blank.any() else ""
    return CensusCheck(
        met=not failing,
        detail=f"{len(failing)} 所学校音乐或美术专用教室少于每12个班1间（未计面积；不含教学点）{unreported}",
        schools=sorted(failing),
    )


def _sizes(rows: pd.DataFrame) -> CensusCheck:
    compulsory = isin(rows["stage"].to_numpy(), c.COMPULSORY_STAGES)
    school, codes = _schools_of(rows["school_code"].to_numpy()[compulsory])
    students = _sum(school, rows["students"].to_numpy(dtype=np.float64)[compulsory], len(codes))
    kinds = np.empty(len(codes), dtype=object)
    kinds[school] = rows["school_type"].to_numpy()[compulsory]  # one kind per school (the registry's)
    failing = []
    for code, kind, total in zip(codes.tolist(), kinds.tolist(), students.tolist(), strict=True):
        cap = school_cap(str(kind), CLASS_SIZE) if isinstance(kind, str) else None  # no kind: no cap
        if cap is not None and total > cap:  # "不超过" includes the cap
            failing.append(str(code))
    return CensusCheck(
        met=not failing,
        detail=f"{len(failing)} 所学校义务教育阶段在校生超过规模上限（小学、初中2,000人，一贯制2,500人）",
        schools=sorted(failing),
    )
