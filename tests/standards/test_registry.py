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
    # U records: the weighting switch, the apportionment weights, the 教学点 exclusion, the 特教 funding figure and
    # the three veto items only the fuller (unread) veto list names.
    assert len(lines) == 7
    assert all(line.startswith("未经证实（UNCONFIRMED）") for line in lines)
    assert any("不足50人的教学点" in line for line in lines)
    assert any("弄虚作假" in line for line in lines)


# Every value shared/spec/standards.md marks UNCONFIRMED (U) that a standard implements, and where it is flagged:
# (standard id, record key or None for the standard's own notes, the spec section).
SPEC_UNCONFIRMED = [
    ("quality_balance_2017", "veto_unfilled_posts", "§1 fuller veto list"),
    ("quality_balance_2017", "veto_safety_incident", "§1 fuller veto list"),
    ("quality_balance_2017", "veto_falsification", "§1 fuller veto list"),
    ("quality_balance_2017", "teaching_point_min_students", "§1.1 national scope wording"),
    ("quality_balance_2017", None, "§1.1 national scope wording"),
    ("quality_balance_2017", "school_floor_ratio", "§1.3 national wording of the 85% rule"),
    ("quality_balance_2017", "cv_student_weighted", "§1.4.1 weighting for 优质均衡"),
    ("quality_balance_2017", None, "§1.4.1 official rounding rule"),
    ("quality_balance_2017", "pupil_equivalent_weight", "§1.4.3 split applied to 优质均衡, split set"),
    ("quality_balance_2017", "gov_07_special_funding", "§1.5 #7 6000 元"),
    ("quality_balance_2017", "q_09_monitoring", "§1.6 #9 definition of 校际差异率"),
    ("quality_balance_2017", "recognition", "§1.7 survey list"),
    ("basic_balance_2012", "composite_cv_limit", "§1.8 no single-CV limit"),
    ("preschool_2020", None, "§2.2 full national item list"),
    ("preschool_2020", "gov_town_public_center", "§2.2 national wording"),
    ("preschool_2020", "gov_public_funding", "§2.2 funding figures"),
    ("preschool_2020", "gov_non_establishment_pay", "§2.2 75%"),
    ("preschool_2020", "quality_space", "§2.2 space norms"),
    ("preschool_2020", "class_size_compliance_rate", "§2.2 班额达标率 85%"),
    ("staffing_2014", None, "§3.1 document number and title"),
    ("staffing_2014", "non_teaching_share_cap", "§3.1 non-teaching caps"),
    ("staffing_2014", "special_school_students_per_post", "§3.1 special schools 1:4"),
    ("staffing_2014", "posts_rounding", "§3.1 rounding"),
    ("staffing_2001", "students_per_post.农村", "§3.1 census area mapping (inference)"),
    ("kindergarten_staffing_2013", None, "§3.2 document number"),
    ("psych_teachers", "school_share_2025", "§3.3 ratio per N students"),
]


def _flags_unconfirmed(text: str) -> bool:
    return "未经证实" in text or "未证实" in text or "（U）" in text or "U）" in text


@pytest.mark.parametrize(
    ("standard_id", "key", "what"), SPEC_UNCONFIRMED, ids=[f"{s}:{k}" for s, k, _ in SPEC_UNCONFIRMED]
)
def test_every_unconfirmed_value_of_the_spec_is_flagged(standard_id: str, key: str | None, what: str) -> None:
    standard = get_standard(standard_id)
    if key is None:
        assert any(_flags_unconfirmed(note) for note in standard.notes), what
        return
    record = next(r for r in (*standard.indicators, *standard.rules, *standard.manual_items) if r.key == key)
    assert record.status == "U" or _flags_unconfirmed(record.notes), what


def test_unknown_standard_is_not_found_with_the_known_ids() -> None:
    with pytest.raises(NotFound, match="没有标准 'nope'；已有：quality_balance_2017"):
        get_standard("nope")
