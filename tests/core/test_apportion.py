"""全校 resources apportioned by pupil equivalents (spec/standards.md §1.4.3, the S10 worked example)."""

from __future__ import annotations

import pandas as pd
import pytest

from eduplan.core.apportion import apportion_shared

WEIGHTS = {"小学": 1.0, "初中": 1.1, "高中": 1.32}


def run(rows: list[dict[str, object]]) -> pd.DataFrame:
    out = apportion_shared(pd.DataFrame(rows), WEIGHTS)
    return out.set_index(["school_code", "stage"]).sort_index()


def test_nine_year_school_books_split_9711_6_and_13514_4() -> None:
    # 166 小学 + 210 初中 pupils, 23 226 books on the 全校 row:
    # 23226 / (166 + 1.1·210) = 58.504 per primary-equivalent → 9 711.6 and 13 514.4.
    out = run(
        [
            {"school_code": "S9", "stage": "小学", "students": 166, "books": None},
            {"school_code": "S9", "stage": "初中", "students": 210, "books": None},
            {"school_code": "S9", "stage": "全校", "students": None, "books": 23226},
        ]
    )
    assert out.loc[("S9", "小学"), "books"] == pytest.approx(9711.6, abs=0.05)
    assert out.loc[("S9", "初中"), "books"] == pytest.approx(13514.4, abs=0.05)
    assert bool(out.loc[("S9", "小学"), "apportioned"])
    assert "全校" not in out.index.get_level_values("stage")


def test_complete_secondary_splits_one_to_one_point_two() -> None:
    # 完全中学 初中 300, 高中 250, 1100 ㎡ shared: 初中 share = 300 / (300 + 1.2·250) = 0.5 → 550 each.
    out = run(
        [
            {"school_code": "W", "stage": "初中", "students": 300, "sports_area": 100.0},
            {"school_code": "W", "stage": "高中", "students": 250, "sports_area": 0.0},
            {"school_code": "W", "stage": "全校", "students": None, "sports_area": 1100.0},
        ]
    )
    assert out.loc[("W", "初中"), "sports_area"] == pytest.approx(650.0)  # own 100 + 550
    assert out.loc[("W", "高中"), "sports_area"] == pytest.approx(550.0)


def test_school_without_whole_row_keeps_its_values_and_blanks() -> None:
    out = run(
        [
            {"school_code": "P", "stage": "小学", "students": 400, "books": 8000, "sports_area": None},
        ]
    )
    assert out.loc[("P", "小学"), "books"] == 8000
    assert pd.isna(out.loc[("P", "小学"), "sports_area"])
    assert not bool(out.loc[("P", "小学"), "apportioned"])
