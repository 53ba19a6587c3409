"""The 优质均衡 numbers, checked against the text of spec/standards.md §1.2–1.4 (not against the code)."""

from __future__ import annotations

import pytest

from eduplan.standards.quality_balance import STANDARD

# (key, 小学, 初中) from the table in §1.2.
PUBLISHED = [
    ("teachers_above_required_per100", 4.2, 5.3),
    ("backbone_teachers_per100", 1, 1),
    ("pe_art_teachers_per100", 0.9, 0.9),
    ("teaching_aux_area_per_student", 4.5, 5.8),
    ("sports_area_per_student", 7.5, 10.2),
    ("equipment_value_per_student", 2000, 2500),
    ("multimedia_rooms_per100", 2.3, 2.4),
]


def test_seven_indicators_in_the_published_order() -> None:
    assert STANDARD.indicator_keys == tuple(k for k, _, _ in PUBLISHED)


@pytest.mark.parametrize(("key", "primary", "junior"), PUBLISHED)
def test_thresholds_are_the_published_ones(key: str, primary: float, junior: float) -> None:
    ind = STANDARD.indicator(key)
    assert (ind.threshold("小学"), ind.threshold("初中")) == (primary, junior)
    assert ind.comparator == ">="


def test_value_exactly_at_a_threshold_meets_it() -> None:
    assert STANDARD.indicator("sports_area_per_student").passes(7.5, "小学")
    assert not STANDARD.indicator("sports_area_per_student").passes(7.4999, "小学")


def test_cv_limits_and_school_rule() -> None:
    assert STANDARD.rule("cv_limit").value("小学") == 0.50
    assert STANDARD.rule("cv_limit").value("初中") == 0.45
    assert STANDARD.rule("school_min_met").value() == 6
    assert STANDARD.rule("school_floor_ratio").value() == 0.85


def test_complete_secondary_weights_agree_with_the_pupil_equivalents() -> None:
    weights = STANDARD.rule("pupil_equivalent_weight")
    complete = STANDARD.rule("complete_secondary_weight")
    assert (weights.value("小学"), weights.value("初中"), weights.value("高中")) == (
        1.0,
        1.1,
        1.32,
    )
    # 1.32 / 1.1 = 1.2: the 完全中学 split 1 : 1.2 is the same apportionment.
    assert weights.value("高中") / weights.value("初中") == pytest.approx(complete.value("高中"))


def test_excluded_school_kinds() -> None:
    assert STANDARD.excluded_school_types == ("特殊教育学校", "中等职业学校")
    assert STANDARD.rule("teaching_point_min_students").value() == 50


def test_equipment_threshold_is_yuan_while_census_is_wan_yuan() -> None:
    ind = STANDARD.indicator("equipment_value_per_student")
    assert ind.unit == "元" and ind.scale == 10000 and ind.addition_unit == "万元"


def test_hand_recorded_dimensions_are_complete() -> None:
    dims = [m.dimension for m in STANDARD.manual_items]
    assert dims.count("政府保障程度") == 15
    assert dims.count("教育质量") == 9
    assert dims.count("社会认可度") == 1
