"""The one school-year rule and the region-code rules of ``eduplan.contract``."""

from __future__ import annotations

import pytest

from eduplan.contract import SCHOOL_YEAR_RULE, county_of, level_of, school_year, subtree_prefix
from eduplan.errors import UsageError


@pytest.mark.parametrize(("code", "prefix"), [("440000", "44"), ("441800", "4418"), ("441802", "441802")])
def test_region_prefix(code: str, prefix: str) -> None:  # moved from tests/core/test_plan_metrics.py
    assert subtree_prefix(code) == prefix


@pytest.mark.parametrize(
    ("code", "level", "prefix"),
    [
        ("440000", "province", "44"),
        ("441800", "city", "4418"),
        ("441802", "county", "441802"),
        ("441802100", "town", "441802100"),
        ("441802100000", "town", "441802100"),
        ("441802100201", "village", "441802100201"),
    ],
)
def test_level_and_subtree_of_a_code(code: str, level: str, prefix: str) -> None:
    assert level_of(code) == level
    assert subtree_prefix(code) == prefix
    assert subtree_prefix(code, level) == prefix


def test_a_code_of_no_known_length_has_no_level() -> None:
    with pytest.raises(ValueError, match="4418021"):
        level_of("4418021")


def test_county_of_a_town_or_school_region() -> None:
    assert county_of("441802100") == "441802"
    assert county_of("441802") == "441802"


@pytest.mark.parametrize(("raw", "year"), [("2023", 2023), (2023, 2023), (" 1990 ", 1990), ("2100", 2100)])
def test_a_school_year_in_bounds(raw: object, year: int) -> None:
    assert school_year(raw) == year


@pytest.mark.parametrize("raw", ["", "abc", "-1", "1989", "2101", "99999999999", "２０２３", "2023.0", "23", True])
def test_a_school_year_out_of_bounds_says_the_one_rule(raw: object) -> None:
    with pytest.raises(UsageError) as caught:
        school_year(raw)
    assert str(caught.value).endswith(SCHOOL_YEAR_RULE)
    assert "1990–2100" in str(caught.value)
