"""Tracking one school's value-added across stored runs."""

from __future__ import annotations

import pytest

from eduplan.core.value_added_track import school_track


def run(year: int, sigma2: float, effect: float, school: str = "4418020001") -> dict[str, object]:
    return {
        "year": year,
        "grade": "7",
        "subject": "数学",
        "sigma2": sigma2,
        "schools": [
            {
                "school_code": school,
                "students": 40,
                "effect": effect,
                "lower": effect - 2,
                "upper": effect + 2,
                "flag": "above" if effect > 2 else "not_distinguishable",
            },
            {
                "school_code": "4418020002",
                "students": 30,
                "effect": -1.0,
                "lower": -3.0,
                "upper": 1.0,
                "flag": "not_distinguishable",
            },
        ],
    }


def test_points_are_by_year_with_effects_in_student_sd_units() -> None:
    # σ̂² = 400 (SD 20) in 2023, 900 (SD 30) in 2022: +6 and +4.5 points are +0.3 and +0.15 SD.
    track = school_track([run(2023, 400.0, 6.0), run(2022, 900.0, 4.5)], "4418020001")
    assert [(p.year, p.effect, p.effect_in_sd, p.flag) for p in track] == [
        (2022, 4.5, pytest.approx(0.15), "above"),
        (2023, 6.0, pytest.approx(0.3), "above"),
    ]


def test_a_later_run_of_the_same_year_replaces_the_earlier_one() -> None:
    track = school_track([run(2023, 400.0, 6.0), run(2023, 400.0, 1.0)], "4418020001")
    assert [(p.year, p.effect) for p in track] == [(2023, 1.0)]
    assert track[0].as_dict()["flag"] == "not_distinguishable"


def test_a_school_in_no_run_has_no_points() -> None:
    assert school_track([run(2023, 400.0, 6.0)], "4418029999") == []
