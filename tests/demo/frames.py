"""Helpers that cut the demo's frames down to one county and year."""

from __future__ import annotations

import pandas as pd

from eduplan.demo import DemoProvince


def with_schools(demo: DemoProvince, year: int, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of a 学段/年级 frame joined to their school's type, sponsor, inclusive flag and region."""
    schools = demo.census[year].schools[["school_code", "school_type", "sponsor", "inclusive", "region_code"]]
    return frame.merge(schools, on="school_code", how="left", validate="many_to_one")


def stage_rows(demo: DemoProvince, year: int, county: str) -> pd.DataFrame:
    """A county's 学段 rows of one year, 全校 rows left out, with school attributes."""
    rows = with_schools(demo, year, demo.census[year].stages)
    return rows.loc[rows["region_code"].str.startswith(county) & (rows["stage"] != "全校")]
