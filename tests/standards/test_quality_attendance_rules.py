"""The quality and 控辍保学 rules quote their seed sentences exactly, and each record names a known source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eduplan.standards import attendance, quality

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def _flat(text: str) -> str:
    """The seed as one line: the published text breaks lines and spaces around numbers at random."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("quote", "seed"),
    [
        (quality.QUOTE_GAP, "002_84c94e432680b102.txt"),
        (quality.QUOTE_THREE_SCHOOLS, "002_84c94e432680b102.txt"),
        (quality.QUOTE_PROVINCE, "001_2a7c526d3bbe7c3e.txt"),
        (attendance.QUOTE_SEED, "002_84c94e432680b102.txt"),
        (attendance.QUOTE_RETENTION, "002_84c94e432680b102.txt"),
    ],
)
def test_each_quote_is_in_its_seed_as_published(quote: str, seed: str) -> None:
    assert _flat(quote) in _flat((SEEDS / seed).read_text(encoding="utf-8"))


def test_the_gap_limit_is_below_15_percent_exclusive() -> None:
    assert quality.GAP_LIMIT.passes(14.99)
    assert not quality.GAP_LIMIT.passes(15.0)  # 低于 15% excludes 15 itself


def test_gap_rate_is_the_shortfall_as_a_share_of_the_benchmark() -> None:
    assert quality.gap_rate(80.0, 68.0) == pytest.approx(15.0)
    assert quality.gap_rate(80.0, 84.0) == pytest.approx(-5.0)  # above the benchmark: negative
    with pytest.raises(ValueError, match="基准"):
        quality.gap_rate(0.0, 10.0)


def test_every_rule_cites_a_known_source() -> None:
    for rule in quality.RULES:
        assert rule.source in quality.QUALITY_SOURCES
        assert rule.as_dict()["source"]
    for case_rule in attendance.RULES:
        assert all(s in attendance.ATTENDANCE_SOURCES for s in case_rule.sources)
    assert attendance.HOME_VISIT.days == 3 and attendance.HOME_VISIT.status == "P"
