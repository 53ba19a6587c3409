"""Walk every standard record: each number cites known sources and carries the spec's status letter."""

from __future__ import annotations

import pytest

from eduplan.errors import NotFound
from eduplan.standards.base import Indicator, ManualItem, Rule, Standard
from eduplan.standards.registry import STANDARDS, get_standard
from eduplan.standards.sources import SOURCES, STATUSES

RECORDS: list[tuple[str, Indicator | Rule | ManualItem]] = [
    (f"{s.id}:{r.key}", r) for s in STANDARDS.values() for r in (*s.indicators, *s.rules, *s.manual_items)
]


def test_the_four_assessments_and_the_staffing_norms_are_registered() -> None:
    assert set(STANDARDS) == {
        "quality_balance_2017",
        "basic_balance_2012",
        "preschool_2020",
        "class_size",
        "staffing_2014",
        "staffing_2001",
        "kindergarten_staffing_2013",
        "psych_teachers",
    }


@pytest.mark.parametrize(("where", "record"), RECORDS, ids=[w for w, _ in RECORDS])
def test_every_record_cites_known_sources_with_a_status(where: str, record: Indicator | Rule | ManualItem) -> None:
    assert record.status in STATUSES, where
    assert record.sources, f"{where} has no citation"
    unknown = [s for s in record.sources if s not in SOURCES]
    assert not unknown, f"{where} cites unknown sources {unknown}"


@pytest.mark.parametrize("standard", list(STANDARDS.values()), ids=list(STANDARDS))
def test_every_standard_has_document_version_and_unique_keys(
    standard: Standard,
) -> None:
    assert standard.version and standard.document_number and standard.title
    keys = [r.key for r in (*standard.indicators, *standard.rules, *standard.manual_items)]
    assert len(keys) == len(set(keys))
    assert all(s in SOURCES for s in standard.sources)


def test_unconfirmed_items_are_listed_for_reports() -> None:
    lines = get_standard("quality_balance_2017").unconfirmed()
    # The weighting switch, the apportionment weights, the 教学点 exclusion and the 特教 funding figure are U.
    assert len(lines) == 4
    assert all(line.startswith("未经证实（UNCONFIRMED）") for line in lines)
    assert any("不足50人的教学点" in line for line in lines)


def test_unknown_standard_is_not_found_with_the_known_ids() -> None:
    with pytest.raises(NotFound, match="没有标准 'nope'；已有：quality_balance_2017"):
        get_standard("nope")
