"""A small hand-checked census world for the forecast tests (enrolment, scenarios, seats, staffing)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

COUNTY = "441899"
TOWN_A, TOWN_B = "441899001", "441899002"


@dataclass(frozen=True)
class Census:
    schools: pd.DataFrame
    stages: pd.DataFrame
    grades: pd.DataFrame
    population: pd.DataFrame


def census(
    grades: dict[tuple[str, str, str], int],
    births: dict[tuple[str, int], int],
    towns: dict[str, str] | None = None,
) -> Census:
    """One year's tables. ``grades``: (school_code, stage, grade) → students; ``towns``: school → town code."""
    towns = towns or {}
    codes = sorted({s for s, _, _ in grades})
    schools = pd.DataFrame(
        {
            "school_code": codes,
            "region_code": [towns.get(c, TOWN_A) for c in codes],
            "county_code": COUNTY,
        }
    )
    g = pd.DataFrame(
        [{"school_code": s, "stage": st, "grade": gr, "students": n, "classes": 1} for (s, st, gr), n in grades.items()]
    )
    stages = g.groupby(["school_code", "stage"], as_index=False)["students"].sum().assign(migrant_students=0)
    pop = pd.DataFrame([{"region_code": r, "year": y, "age": 0, "resident": b} for (r, y), b in births.items()])
    return Census(schools, stages, g, pop)


# spec/methods.md §2.2: grades 1–3 of 2019–2023 and births 2013–2019.
WORKED = {
    2019: (1000, 980, 960),
    2020: (1040, 1010, 985),
    2021: (1080, 1045, 1020),
    2022: (1050, 1090, 1050),
    2023: (1100, 1060, 1095),
}
WORKED_BIRTHS = {2013: 1250, 2014: 1300, 2015: 1350, 2016: 1310, 2017: 1375, 2018: 1280, 2019: 1200}


def worked_census() -> dict[int, Census]:
    births = {(COUNTY, y): b for y, b in WORKED_BIRTHS.items()}
    return {
        year: census({("S1", "小学", str(g + 1)): n for g, n in enumerate(row)}, births) for year, row in WORKED.items()
    }
