"""The teacher rules: every number cites a known source with a status; the retirement reform by hand."""

from __future__ import annotations

import pytest

from eduplan.standards.sources import SOURCES, STATUSES
from eduplan.standards.teachers import (
    ALL_STANDARDS,
    RETIREMENT_RULES,
    ROTATION,
    TEACHER_SOURCES,
    TRAINING,
    retirement_rule,
)

KNOWN = set(SOURCES) | set(TEACHER_SOURCES)


@pytest.mark.parametrize("standard", ALL_STANDARDS, ids=[s.id for s in ALL_STANDARDS])
def test_every_rule_cites_known_sources_with_a_status(standard: object) -> None:
    from eduplan.standards.base import Standard

    assert isinstance(standard, Standard)
    for rule in standard.rules:
        assert rule.status in STATUSES, rule.key
        assert rule.sources and set(rule.sources) <= KNOWN, (rule.key, rule.sources)
    assert set(standard.sources) <= KNOWN
    for rule in RETIREMENT_RULES:
        assert rule.status in STATUSES and set(rule.sources) <= KNOWN


def test_the_numbers_of_the_rules() -> None:
    assert ROTATION.rule("eligible_years_at_school").value() == 6
    assert ROTATION.rule("rotation_share_min").value() == 10
    assert ROTATION.rule("backbone_share_min").value() == 20
    assert TRAINING.rule("hours_per_cycle").value() == 360
    assert TRAINING.rule("cycle_years").value() == 5
    # A rule with one source is marked as such (status 1), and the unconfirmed pacing is U.
    assert TRAINING.rule("cycle_years").status == "1"
    assert TRAINING.unconfirmed() == [
        "未经证实（UNCONFIRMED）周期内进度：每年应完成 360 / 5 = 72 学时（按在职年数折算）："
        "“落后于进度”的判定是 eduplan 的做法，不是文件规定：已过年数 × 72 学时"
    ]


@pytest.mark.parametrize(
    ("sex", "post", "born", "retires"),
    [
        ("男", "专业技术岗", (1964, 12), (2024, 12)),  # reached 60 before 2025: no delay
        ("男", "专业技术岗", (1965, 1), (2025, 2)),  # first month of the reform: 60 years 1 month
        ("男", "专业技术岗", (1965, 5), (2025, 7)),  # 5th month: +2
        ("男", "管理岗", (1976, 8), (2039, 7)),  # +35 months
        ("男", "工勤技能岗", (1976, 9), (2039, 9)),  # +36: 63 years
        ("男", "专业技术岗", (1990, 3), (2053, 3)),  # capped at 63
        ("女", "专业技术岗", (1969, 12), (2024, 12)),
        ("女", "专业技术岗", (1970, 1), (2025, 2)),
        ("女", "管理岗", (1981, 12), (2039, 12)),  # 55 + 36 months = 58
        ("女", "工勤技能岗", (1975, 1), (2025, 2)),
        ("女", "工勤技能岗", (1975, 3), (2025, 5)),  # every 2 months one more
        ("女", "工勤技能岗", (1990, 1), (2045, 1)),  # capped at 55
        ("女", "", (1970, 1), (2025, 2)),  # unknown post: counted as 专业技术岗
    ],
)
def test_retirement_month(sex: str, post: str, born: tuple[int, int], retires: tuple[int, int]) -> None:
    assert retirement_rule(sex, post).retirement_month(*born) == retires
