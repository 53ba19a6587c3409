"""A synthetic county for the investment plan's tests and benchmark (pure, seeded).

Shape of a real county (as the demo province and ``bench/bench_quality_balance.py``): mostly 小学, some 初中 and
九年一贯制 schools (their shared sports ground and equipment on a 全校 row), a few 教学点; every indicator
spread around its threshold so that some schools fail the 6-of-7 rule and a town-centre school or two pull
some CVs over their limit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eduplan import contract as c

TYPES = (c.PRIMARY, c.JUNIOR, c.NINE_YEAR, c.TEACHING_POINT)
TYPE_SHARE = (0.62, 0.18, 0.12, 0.08)


def synthetic_county(
    n_schools: int, seed: int = 7, county: str = "449901", centres: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(学校, 学段) frames of one county with ``n_schools`` schools, ``centres`` of them rich town-centre schools
    (default: one per 40 schools, at least one)."""
    rng = np.random.default_rng(seed)
    types = rng.choice(np.array(TYPES), size=n_schools, p=np.array(TYPE_SHARE))
    codes = np.array([f"{county}{i:04d}" for i in range(n_schools)])
    schools = pd.DataFrame(
        {
            "school_code": codes,
            "name": [f"学校{i}" for i in range(n_schools)],
            "school_type": types,
            "sponsor": c.SPONSOR_PUBLIC,
            "urban_rural": rng.choice(np.array(c.URBAN_RURAL), size=n_schools),
            "region_code": county,
            "county_code": county,
        }
    )
    frames = []
    for stage, kinds, factor in (
        (c.STAGE_PRIMARY, (c.PRIMARY, c.NINE_YEAR, c.TEACHING_POINT), 1.0),
        (c.STAGE_JUNIOR, (c.JUNIOR, c.NINE_YEAR), 1.25),
    ):
        has = np.isin(types, kinds)
        k = int(has.sum())
        point = types[has] == c.TEACHING_POINT
        students = np.where(point, rng.integers(50, 120, k), rng.integers(200, 1800, k)).astype(float)
        per = students / 100.0

        def around(mean: float, spread: float = 0.18, k: int = k) -> np.ndarray:
            return np.asarray(np.maximum(rng.normal(mean, mean * spread, k), 0.0))

        frames.append(
            pd.DataFrame(
                {
                    "school_code": codes[has],
                    "stage": stage,
                    "students": students,
                    "teachers": np.round(per * around(6.5 * factor, 0.1)),
                    "teachers_above_required": np.round(per * around(5.0 * factor)),
                    "backbone_teachers": np.round(per * around(1.25, 0.3)),
                    "pe_teachers": np.round(per * around(0.55)),
                    "music_teachers": np.round(per * around(0.22)),
                    "art_teachers": np.round(per * around(0.22)),
                    "teaching_aux_area": np.round(students * around(5.2 * factor), 1),
                    "sports_area": np.round(students * around(8.5 * factor, 0.25), 1),
                    "equipment_value": np.round(students * around(2300.0 * factor) / 10000.0, 2),
                    "multimedia_rooms": np.round(per * around(2.7)),
                }
            )
        )
    through = types == c.NINE_YEAR
    whole = pd.DataFrame(
        {
            "school_code": codes[through],
            "stage": c.STAGE_WHOLE_SCHOOL,
            "sports_area": np.round(rng.uniform(6000, 14000, int(through.sum())), 1),
            "equipment_value": np.round(rng.uniform(150, 400, int(through.sum())), 2),
        }
    )
    stages = pd.concat([*frames, whole], ignore_index=True)
    # Town-centre schools: big, with much more sports ground, equipment and multimedia rooms than the rest.
    n_centres = max(1, n_schools // 40) if centres is None else centres
    centre = stages["school_code"].isin(codes[:n_centres]) & (stages["stage"] != c.STAGE_WHOLE_SCHOOL)
    stages.loc[centre, "students"] = 2400.0
    for col, per_student in (("sports_area", 30.0), ("equipment_value", 0.9), ("multimedia_rooms", 0.09)):
        stages.loc[centre, col] = np.round(2400.0 * per_student, 2)
    shared = stages["school_code"].isin(codes[through]) & (stages["stage"] != c.STAGE_WHOLE_SCHOOL)
    stages.loc[shared, ["sports_area", "equipment_value"]] = np.nan
    return schools, stages
