"""A small hand-made county for learning quality: two benchmark urban schools, three rural ones (one too small).

Hand values (full mark 100, cut scores 60 / 85):
U1 90 80 85 95 70 → mean 84, 合格 5/5, 优秀 3/5 (60%);  U2 76 70 72 74 78 → mean 74, 合格 100%, 优秀 0.
Benchmark = (84 + 74) / 2 = 79.
R1 70 60 65 55 75 (and one absent) → mean 65, 合格 4/5 = 80%; 差异率 (79 − 65)/79 = 17.7215…% ≥ 15: fails.
R2 80 70 75 72 68 → mean 73, 差异率 6/79 = 7.5949…%: passes.   R3 50 60 40 → 3 pupils: suppressed.
County: 23 pupils, Σ 1630, mean 70.8696, 合格 20/23, 优秀 3/23; town 441802101 (R1, R3): 8 pupils, mean 59.375.
"""

from __future__ import annotations

import pandas as pd

COUNTY = "441802"
SCORES = {
    "U1": [90, 80, 85, 95, 70],
    "U2": [76, 70, 72, 74, 78],
    "R1": [70, 60, 65, 55, 75, None],
    "R2": [80, 70, 75, 72, 68],
    "R3": [50, 60, 40],
}


def scores() -> pd.DataFrame:
    rows = []
    for school, marks in SCORES.items():
        for i, mark in enumerate(marks):
            rows.append(
                {
                    "student": f"{school}-{i}",
                    "school_code": school,
                    "school_year": 2023,
                    "grade": "8",
                    "subject": "数学",
                    "score": None if mark is None else float(mark),
                    "exam": "期末",
                    "full_mark": 100.0,
                }
            )
    # another subject and another year must not leak in
    rows.append(rows[0] | {"subject": "语文", "score": 10.0})
    rows.append(rows[0] | {"school_year": 2022, "score": 10.0})
    return pd.DataFrame(rows)


def schools() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "school_code": ["U1", "U2", "R1", "R2", "R3"],
            "name": ["城一小", "城二小", "乡一小", "镇二小", "乡三小"],
            "region_code": ["441802001", "441802001", "441802101", "441802102", "441802101"],
            "urban_rural": ["城区", "城区", "乡村", "镇区", "乡村"],
            "benchmark": [True, True, False, False, False],
        }
    )
