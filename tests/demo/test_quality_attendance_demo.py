"""The demo's quality marks, monitoring figures and 控辍保学 cases: deterministic and calibrated as documented."""

from __future__ import annotations

from datetime import date

import pandas as pd

from eduplan.demo.attendance import CASES, demo_cases
from eduplan.demo.quality import benchmark_schools, monitoring_rows
from eduplan.standards import attendance as a
from eduplan.store.attendance import NewCase, check_new_case

SCHOOLS = pd.DataFrame(
    {
        "school_code": ["A", "B", "C", "D", "E"],
        "region_code": ["441802001", "441802001", "441802101", "441802102", "441802001"],
        "school_type": ["小学", "初级中学", "小学", "九年一贯制学校", "小学"],
        "sponsor": ["公办", "公办", "公办", "公办", "民办"],
        "urban_rural": ["城区", "城区", "乡村", "镇区", "城区"],
    }
)
TODAY = date(2026, 12, 7)


def test_the_bureau_marks_the_best_public_urban_schools() -> None:
    means = pd.DataFrame({"school_code": ["A", "B", "C", "E"], "mean": [80.0, 70.0, 90.0, 95.0]})
    assert benchmark_schools(means, SCHOOLS) == ["A", "B"]  # C is rural, E private


def test_the_county_is_below_the_province_as_the_seed_aims_to_close() -> None:
    for row in monitoring_rows("441802", 2023):
        assert row["mean"] < row["province_mean"] and row["pass_rate"] < row["province_pass_rate"]


def test_demo_cases_are_deterministic_valid_and_ordered() -> None:
    cases = demo_cases(SCHOOLS, "441802", TODAY, seed=7)
    assert cases == demo_cases(SCHOOLS, "441802", TODAY, seed=7)
    assert len(cases) == CASES
    for c in cases:
        steps = [s for s, _ in c.steps]
        assert steps[0] == a.REPORT and [d for _, d in c.steps] == sorted(d for _, d in c.steps)
        assert all(s not in a.CLOSING_STEPS for s in steps[:-1])  # nothing after the case closed
        reported = c.steps[0][1]
        new = NewCase(
            c.school_code,
            c.student_id,
            c.name,
            c.birth_year,
            c.grade,
            c.kind,
            c.reason,
            c.responsible,
            c.absent_since,
            reported,
            c.groups,
        )
        assert check_new_case(new) == [], c
    assert {c.school_code for c in cases} <= {"A", "B", "C", "D", "E"}
    open_cases = [c for c in cases if c.steps[-1][0] not in a.CLOSING_STEPS]
    assert 0 < len(open_cases) < len(cases) / 2
