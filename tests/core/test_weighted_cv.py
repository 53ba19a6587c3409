"""The weighted CV against the published worked examples (spec/standards.md §1.4.1, S8 and S6)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from eduplan.core.weighted_cv import coefficient_of_variation, cv_after_each_change

PUPILS = [45, 37, 89, 76, 55]
BOOKS = [279, 137, 935, 160, 402]


def books_per_pupil() -> list[float]:
    return [b / p for b, p in zip(BOOKS, PUPILS, strict=True)]


def test_books_example_county_mean_is_the_aggregate_ratio() -> None:
    d = coefficient_of_variation(books_per_pupil(), PUPILS)
    assert d.mean == pytest.approx(1913 / 302)  # 6.334437
    assert round(d.mean or 0, 4) == 6.3344


def test_books_example_weighted_cv_is_0_5153() -> None:
    d = coefficient_of_variation(books_per_pupil(), PUPILS)
    assert d.sd == pytest.approx(3.263861, abs=1e-6)
    assert round(d.cv or 0, 4) == 0.5153
    assert d.n == 5


def test_books_example_unweighted_cv_is_0_4888_a_different_verdict() -> None:
    d = coefficient_of_variation(books_per_pupil())
    assert round(d.cv or 0, 4) == 0.4888
    # At a 0.50 limit the unweighted form would pass a county the official method fails.
    assert (d.cv or 0) <= 0.50 < (coefficient_of_variation(books_per_pupil(), PUPILS).cv or 0)


def test_schools_without_value_or_pupils_are_left_out() -> None:
    d = coefficient_of_variation([*books_per_pupil(), math.nan, 3.0], [*PUPILS, 10, 0])
    assert round(d.cv or 0, 4) == 0.5153 and d.n == 5


def test_empty_group_and_zero_mean_give_no_cv() -> None:
    assert coefficient_of_variation([], []).cv is None
    assert coefficient_of_variation([0.0, 0.0], [3, 4]).cv is None


def test_two_equal_schools_have_zero_cv() -> None:
    # Hand: both at 2.0 → S = 0.
    assert coefficient_of_variation([2.0, 2.0], [10, 30]).cv == 0.0


def test_two_school_case_by_hand() -> None:
    # Values 1 and 3, pupils 1 and 3: mean = (1 + 9)/4 = 2.5; S² = (1.5² + 3·0.5²)/4 = 0.75; CV = √0.75 / 2.5.
    assert coefficient_of_variation([1.0, 3.0], [1, 3]).cv == pytest.approx(math.sqrt(0.75) / 2.5)


def test_change_one_school_matches_full_recomputation() -> None:
    x = np.array(books_per_pupil())
    targets = np.array([7.0, 7.0, 10.5, 7.0, 7.5])
    fast = cv_after_each_change(x, PUPILS, targets)
    for i in range(5):
        changed = x.copy()
        changed[i] = targets[i]
        assert fast[i] == pytest.approx(coefficient_of_variation(changed, PUPILS).cv)
