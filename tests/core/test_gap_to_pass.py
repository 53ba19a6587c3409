"""The gap to pass, checked by re-running the assessment on the census plus the proposed additions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eduplan.core.gap_to_pass import cv_gap
from eduplan.core.quality_balance import assess_quality_balance
from eduplan.core.weighted_cv import coefficient_of_variation
from eduplan.standards.quality_balance import STANDARD

from .qb_county import COUNTY, county

# Which census column receives an addition to each indicator's numerator.
COLUMN = {
    "teachers_above_required_per100": "teachers_above_required",
    "backbone_teachers_per100": "backbone_teachers",
    "pe_art_teachers_per100": "pe_teachers",
    "teaching_aux_area_per_student": "teaching_aux_area",
    "sports_area_per_student": "sports_area",
    "equipment_value_per_student": "equipment_value",
    "multimedia_rooms_per100": "multimedia_rooms",
}


def passes_with(code: str, additions: dict[str, float]) -> bool:
    schools, stages = county()
    row = (stages["school_code"] == code) & (stages["stage"] == "小学")
    for key, amount in additions.items():
        stages.loc[row, COLUMN[key]] = stages.loc[row, COLUMN[key]] + amount
    result = assess_quality_balance(schools, stages, region=COUNTY, year=2023)
    return next(s for s in result.stages["小学"].schools if s.school_code == code).passed


def gap_of(code: str) -> dict[str, float]:
    schools, stages = county()
    result = assess_quality_balance(schools, stages, region=COUNTY, year=2023)
    school = next(s for s in result.stages["小学"].schools if s.school_code == code)
    return {a.indicator: a.amount for a in school.gap}


def test_school_at_84_percent_needs_75_square_metres_of_sports_area() -> None:
    # 6300 ㎡ for 1000 pupils; 85% of 7.5 ㎡ × 1000 = 6375 ㎡ → add 75 ㎡.
    assert gap_of("C") == {"sports_area_per_student": 75.0}
    assert passes_with("C", {"sports_area_per_student": 75.0})
    assert not passes_with("C", {"sports_area_per_student": 74.0})


def test_two_short_indicators_leave_the_cheaper_one_at_85_percent() -> None:
    # D: 35 of 42 qualified teachers, 6 of 10 backbone. Leaving backbone at 85% costs +7 teachers and +3 backbone
    # (7/42 + 3/10 = 0.467 of the thresholds); leaving teachers at 85% (35.7 → 36) costs +1 and +4 backbone
    # (1/42 + 4/10 = 0.424): cheaper.
    gap = gap_of("D")
    assert gap == {"teachers_above_required_per100": 1, "backbone_teachers_per100": 4}
    assert passes_with("D", gap)
    assert not passes_with("D", {**gap, "teachers_above_required_per100": 0})
    assert not passes_with("D", {**gap, "backbone_teachers_per100": 3})


def test_passing_schools_have_no_gap() -> None:
    assert gap_of("A") == {} and gap_of("B") == {}


def test_equipment_gap_is_in_wan_yuan() -> None:
    # 1000 pupils with 150 万元: 1500 元 each = 75%; the rest at threshold, so equipment must reach 85%:
    # 1700 元 × 1000 = 170 万元 → add 20.00 万元; 19.99 would leave it at 1699.9 元.
    schools, stages = county()
    stages.loc[stages["school_code"] == "A", "equipment_value"] = 150.0
    result = assess_quality_balance(schools, stages, region=COUNTY, year=2023)
    a = next(s for s in result.stages["小学"].schools if s.school_code == "A")
    assert [(g.indicator, g.unit, g.amount) for g in a.gap] == [("equipment_value_per_student", "万元", 20.0)]
    assert a.gap[0].value_after == pytest.approx(1700.0)


def test_cv_lever_brings_a_school_to_the_threshold_and_says_the_new_cv() -> None:
    # Two schools: E 100 pupils with 0 backbone teachers, F 300 pupils with 6 (2 per 100).
    # Mean = (0·100 + 2·300)/400 = 1.5; S² = (100·1.5² + 300·0.5²)/400 = 0.75 → CV = √0.75/1.5 = 0.5774 > 0.50.
    # E brought to 1 per 100 (+1 teacher): mean 1.75, S² = (100·0.75² + 300·0.25²)/400 = 0.1875 → CV 0.2474.
    ind = STANDARD.indicator("backbone_teachers_per100")
    values, students, numerators = np.array([0.0, 2.0]), np.array([100.0, 300.0]), np.array([0.0, 6.0])
    cv = coefficient_of_variation(values, students).cv or 0.0
    assert cv == pytest.approx(np.sqrt(0.75) / 1.5)
    gap = cv_gap(ind, ["E", "F"], values, numerators, students, students, cv, 0.50, 1.0)
    assert gap.excess == pytest.approx(np.sqrt(0.75) / 1.5 - 0.50)
    assert [(lv.school_code, lv.target, lv.addition) for lv in gap.levers] == [("E", 1.0, 1.0)]
    assert gap.levers[0].cv_after == pytest.approx(np.sqrt(0.1875) / 1.75)
    assert gap.cv_if_all_levers == pytest.approx(np.sqrt(0.1875) / 1.75)


def test_failing_cv_in_a_county_lists_levers() -> None:
    schools, stages = county()
    # Give A 60 backbone teachers (6 per 100): the backbone CV of the county rises above 0.50.
    stages.loc[stages["school_code"] == "A", "backbone_teachers"] = 60
    result = assess_quality_balance(schools, stages, region=COUNTY, year=2023)
    primary = result.stages["小学"]
    assert primary.cv_passed["backbone_teachers_per100"] is False
    gap = next(g for g in primary.cv_gaps if g.indicator == "backbone_teachers_per100")
    assert gap.levers and all(lv.cv_after < gap.cv for lv in gap.levers)
    assert pd.Series([lv.cv_reduction for lv in gap.levers]).is_monotonic_decreasing


def random_county(seed: int = 42, n: int = 25) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Primary schools of 60–1500 pupils, each measure at 60–120% of its threshold amount (seeded)."""
    import random

    rng = random.Random(seed)
    template = county()[0].iloc[0].to_dict()
    rows, school_rows = [], []
    for i in range(n):
        code, pupils = f"R{i:02d}", rng.randint(60, 1500)
        school_rows.append({**template, "school_code": code, "name": code})
        row: dict[str, object] = {"school_code": code, "stage": "小学", "students": pupils}
        for ind in STANDARD.indicators:
            amount = ind.threshold("小学") * pupils / ind.scale * rng.uniform(0.6, 1.2)
            digits = 2 if ind.addition_step < 1 else (1 if ind.unit == "㎡" else 0)
            row[COLUMN[ind.key]] = round(amount, digits)
        row.update(music_teachers=0, art_teachers=0)
        rows.append(row)
    return pd.DataFrame(school_rows), pd.DataFrame(rows)


def test_every_gap_of_a_seeded_random_county_passes_and_one_step_less_does_not() -> None:
    schools, stages = random_county()
    result = assess_quality_balance(schools, stages, region=COUNTY, year=2023)
    failing = [s for s in result.stages["小学"].schools if not s.passed]
    assert len(failing) >= 10  # the seed gives a county with many failing schools

    def run(additions: dict[tuple[str, str], float]) -> dict[str, bool]:
        changed = stages.copy()
        for (code, key), amount in additions.items():
            changed.loc[changed["school_code"] == code, COLUMN[key]] += amount
        rerun = assess_quality_balance(schools, changed, region=COUNTY, year=2023)
        return {s.school_code: s.passed for s in rerun.stages["小学"].schools}

    plan = {(s.school_code, a.indicator): a.amount for s in failing for a in s.gap}
    assert all(run(plan).values())
    for school in failing[:5]:
        for a in school.gap:
            less = {**plan, (school.school_code, a.indicator): a.amount - STANDARD.indicator(a.indicator).addition_step}
            assert run(less)[school.school_code] is False, (school.school_code, a.indicator)
