"""积分入学 scoring: hand-scored applicants at every rubric edge, and the spec's worked examples (§2.1.1, §2.3.1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from eduplan.core.admission_score import batches, eligibility, score
from eduplan.standards.admission import POLICIES, RUBRICS, RubricRow

GZ = RUBRICS["gz-2021"]
CUTOFF = dt.date(2024, 5, 31)


def total(rubric_id: str, cutoff: dt.date = CUTOFF, **facts: object) -> float:
    scored = score(pd.DataFrame([facts]), RUBRICS[rubric_id], cutoff)
    return int(scored.total[0]) / 100


def row_points(rubric_id: str, row: str, cutoff: dt.date = CUTOFF, **facts: object) -> float:
    scored = score(pd.DataFrame([facts]), RUBRICS[rubric_id], cutoff)
    return int(scored.points[row].iloc[0]) / 100


def test_guangzhou_worked_example_a_scores_185() -> None:
    a = {
        "permit_start": dt.date(2018, 1, 31),  # 6 y 4 m → 6 full years → 48
        "rental_start": dt.date(2018, 5, 31),  # 6 y → 30, capped at 20
        "moved_out_start": dt.date(2021, 5, 31),  # 3 y → 6
        **{f"ins_{k}_months": 60 for k in ("pension", "medical", "unemployment", "injury", "maternity")},  # 50
        "fund_months": 36,  # 3 y → 6
        "birth_date": dt.date(1986, 1, 1),  # 38 → 30
        "education": "专科",  # 20
        "skill": "中级工",  # 5
    }
    assert total("gz-2021", **a) == 185


def test_guangzhou_worked_example_b_scores_230() -> None:
    b = {
        "permit_start": dt.date(2014, 5, 31),  # 10 y → 80
        "owns_home": True,  # 20
        "ins_pension_months": 96,
        "ins_medical_months": 96,
        "ins_unemployment_months": 96,
        "ins_injury_months": 96,
        "ins_maternity_months": 72,  # 8,8,8,8,6 → 76
        "birth_date": dt.date(1982, 2, 28),  # 42 y 3 m → 30 − 2×3 = 24
        "education": "本科",  # 30
    }
    assert total("gz-2021", **b) == 230


def test_dongguan_2021_worked_example_scores_125() -> None:
    facts = {"permit_start": dt.date(2016, 1, 10)}
    facts |= {f"ins_{k}_months": 60 for k in ("pension", "medical", "unemployment", "injury", "maternity")}
    # 2016-01-10 → 2021-05-20, both ends counted: 1 957 days → 65 spans of 30 days; 5 × 60 × 0.2 = 60.0
    assert total("dg-2021", dt.date(2021, 5, 20), **facts) == 125.0


def test_dongguan_2023_rate_of_one_and_a_half_per_30_days_at_its_own_cutoff() -> None:
    # the row's cut-off 2023-04-30 wins over the run's; 2016-01-10 → 2023-04-30 = 2 668 days → 88 spans → 132
    assert row_points("dg-2023", "permit", dt.date(2023, 6, 1), permit_start=dt.date(2016, 1, 10)) == 132.0


@pytest.mark.parametrize(
    ("start", "years"),
    [
        (dt.date(2019, 6, 1), 4),  # one day short of the 5th anniversary
        (dt.date(2019, 5, 31), 5),  # the anniversary is the cut-off itself
        (dt.date(2024, 6, 1), 0),  # starts after the cut-off
        (None, 0),
    ],
)
def test_a_full_year_counts_on_its_anniversary(start: dt.date | None, years: int) -> None:
    assert row_points("gz-2021", "permit", permit_start=start) == 8 * years


def test_a_29_february_start_reaches_its_anniversary_on_28_february() -> None:
    assert row_points("gz-2021", "permit", dt.date(2021, 2, 28), permit_start=dt.date(2020, 2, 29)) == 8
    assert row_points("gz-2021", "permit", dt.date(2021, 2, 27), permit_start=dt.date(2020, 2, 29)) == 0


@pytest.mark.parametrize(("months", "points"), [(11, 0), (12, 2), (23, 2), (24, 4)])
def test_insurance_months_count_in_full_years(months: int, points: int) -> None:
    assert row_points("gz-2021", "ins_pension", ins_pension_months=months) == points


@pytest.mark.parametrize(("cutoff", "months"), [(dt.date(2024, 2, 28), 0), (dt.date(2024, 2, 29), 1)])
def test_a_full_month_from_the_31st_is_reached_on_the_last_day_of_a_short_month(cutoff: dt.date, months: int) -> None:
    # 番禺 2015 就业: 0.4 per full month (a part month scores 0)
    assert total("panyu-2015", cutoff, employment_months=None, permit_start=None) == 0
    rubric = replace(
        RUBRICS["panyu-2015"],
        rows=(RubricRow("m", 1, "就业", "就业", "permit_start", "full_month", 0.4, "1", ("E4",)),),
        item_caps={},
    )
    scored = score(pd.DataFrame([{"permit_start": dt.date(2024, 1, 31)}]), rubric, cutoff)
    assert int(scored.counts["m"].iloc[0]) == months


@pytest.mark.parametrize(("years", "points"), [(3, 15), (4, 20), (7, 20)])
def test_rental_is_capped_at_20(years: int, points: int) -> None:
    assert row_points("gz-2021", "home_rented", rental_start=dt.date(2024 - years, 5, 31)) == points


def test_moved_out_is_capped_at_10() -> None:
    assert row_points("gz-2021", "moved_out", moved_out_start=dt.date(2018, 5, 31)) == 10


def test_owned_and_rented_homes_take_the_highest_only() -> None:
    both = {"owns_home": True, "rental_start": dt.date(2022, 5, 31)}  # 20 vs 10
    assert total("gz-2021", **both) == 20
    scored = score(pd.DataFrame([both]), GZ, CUTOFF)
    lines = {line["row"]: line for line in scored.breakdown(0)}
    assert lines["home_rented"]["points"] == 0
    assert lines["home_rented"]["note"] == "住所取最高，本行不计"
    # a tie (20 and a capped 20): the first row in table order is counted, never both
    tie = {"owns_home": True, "rental_start": dt.date(2014, 5, 31)}
    assert total("gz-2021", **tie) == 20


def test_education_and_skill_levels_take_the_highest_only() -> None:
    assert total("gz-2021", education="研究生") == 30
    assert total("gz-2021", education="初中及以下") == 0
    # 中级工 5 and working in the trade 5: one group, so 5 (whether they stack is UNCONFIRMED)
    assert total("gz-2021", skill="中级工", skill_in_trade=True) == 5
    assert total("gz-2021", skill="初级职称或高级工", skill_in_trade=True) == 10


@pytest.mark.parametrize(
    ("birth", "points"),
    [
        (dt.date(1984, 5, 31), 30),  # exactly 40 on the cut-off
        (dt.date(1984, 5, 30), 28),  # 40 years and a day: a part of a year counts as a year
        (dt.date(1983, 5, 31), 28),  # exactly 41
        (dt.date(1983, 5, 30), 26),  # 41 years and a day
        (dt.date(2005, 1, 1), 30),  # 19
        (dt.date(1969, 5, 31), 0),  # 55: 30 − 2×15 = 0
        (dt.date(1960, 1, 1), 0),  # 64: floored at 0, never negative
    ],
)
def test_age_deductions(birth: dt.date, points: int) -> None:
    assert row_points("gz-2021", "age", birth_date=birth) == points


@pytest.mark.parametrize(("birth", "points"), [(dt.date(1994, 6, 1), 30), (dt.date(1993, 5, 31), 20)])
def test_2018_age_bands(birth: dt.date, points: int) -> None:
    # 2018 trial table: 18–30 → 30; 31–40 → 20 (full age at the cut-off)
    assert total("gz-2018", birth_date=birth) == points


@pytest.mark.parametrize(("start", "points"), [(dt.date(2022, 4, 19), 1.0), (dt.date(2022, 4, 20), 0.0)])
def test_dongguan_30_day_spans_count_both_ends(start: dt.date, points: float) -> None:
    assert row_points("dg-2022", "permit", dt.date(2022, 5, 18), permit_start=start) == points


def test_dongguan_days_before_2010_do_not_count() -> None:
    # 2010-01-01 → 2022-05-18 = 4 521 days → 150 spans
    assert row_points("dg-2022", "permit", permit_start=dt.date(2005, 3, 1)) == 150


def test_a_couple_scores_together_up_to_the_item_cap() -> None:
    # 番禺 2015 就业: (30 + 40) months × 0.4 = 28, item cap 25
    scored = score(
        pd.DataFrame([{"employment_months": 30, "spouse_employment_months": 40}]), RUBRICS["panyu-2015"], CUTOFF
    )
    assert int(scored.raw["employment"].iloc[0]) == 2800
    assert int(scored.total[0]) == 2500
    assert scored.breakdown(0)[-1] == {
        "row": "cap:就业",
        "item": "就业",
        "name": "项目上限",
        "points": -3.0,
        "note": "",
    }


def test_the_total_is_floored_at_zero_and_rounded_half_up() -> None:
    penalty = RubricRow("debt", 1, "减分", "失信", "owns_home", "flat", -15, "U", ("SPEC",))
    bonus = RubricRow("quarter", 2, "加分", "x", "skill_in_trade", "flat", 0.25, "U", ("SPEC",))
    floored = replace(GZ, rows=(penalty, bonus), floor_total=0)
    assert int(score(pd.DataFrame([{"owns_home": True}]), floored, CUTOFF).total[0]) == 0
    one_decimal = replace(GZ, rows=(bonus,), floor_total=None, decimals=1)
    assert int(score(pd.DataFrame([{"skill_in_trade": True}]), one_decimal, CUTOFF).total[0]) == 30  # 0.25 → 0.3


def test_an_unconfirmed_row_is_flagged_in_the_breakdown() -> None:
    scored = score(pd.DataFrame([{"skill_in_trade": True}]), GZ, CUTOFF)
    line = next(line for line in scored.breakdown(0) if line["row"] == "skill_in_trade")
    assert line["status"] == "U"
    assert line["unconfirmed"] is True
    assert GZ.unconfirmed() == ["未经证实（UNCONFIRMED）技术能力·从事与职业资格相应工种：5 分（技术能力：取最高）"]


def test_gates_name_what_each_applicant_fails() -> None:
    policy = POLICIES["huadu-2025"]  # cut-off 2025-05-31; 一年级 6 by 2025-08-31
    frame = pd.DataFrame(
        [
            {"permit_start": dt.date(2024, 5, 31), "city_points_valid": True, "hukou_local": False, "grade": 1,
             "child_birth_date": dt.date(2019, 8, 31)},
            {"permit_start": dt.date(2024, 6, 1), "city_points_valid": True, "hukou_local": False, "grade": 1,
             "child_birth_date": dt.date(2019, 9, 1)},
            {"permit_start": dt.date(2020, 1, 1), "city_points_valid": False, "hukou_local": True, "grade": 7,
             "child_birth_date": dt.date(2013, 9, 1)},
        ]
    )  # fmt: skip
    ok, failed = eligibility(frame, policy)
    assert ok.tolist() == [True, False, False]
    assert failed == [
        [],
        ["居住证连续满1年", "一年级：当年8月31日前满6周岁"],
        ["非本市户籍", "来穗积分有效且不在异议/调整中"],
    ]


def test_five_year_batch_needs_both_permit_and_insurance() -> None:
    policy = POLICIES["huadu-2025"]
    frame = pd.DataFrame(
        [
            {"permit_start": dt.date(2020, 5, 31), "ins_pension_months": 60},
            {"permit_start": dt.date(2020, 6, 1), "ins_pension_months": 80},
            {"permit_start": dt.date(2010, 1, 1), "ins_pension_months": 59},
        ]
    )
    assert batches(frame, policy).tolist() == [0, 1, 1]


@pytest.mark.parametrize(
    ("start", "points"),
    [
        (dt.date(2012, 5, 31), 14.6),  # 36 months: 0.35 × 36 = 12.6, + 2 for the valid permit
        (dt.date(2010, 6, 1), 22.65),  # 59 months, one short of 5 years: 0.35 × 59 = 20.65, + 2
        (dt.date(2010, 5, 31), 30.0),  # exactly 60 months: 28 (the cumulative row's 21 is not counted), + 2
        (dt.date(2010, 3, 1), 30.7),  # 62 months: 28 + 0.35 × 2 = 28.7, + 2
        (dt.date(2007, 5, 31), 35.0),  # 96 months: 28 + 0.35 × 36 = 40.6, + 2 = 42.6 → the item cap 35
    ],
)
def test_panyu_2015_residence_is_piecewise_at_five_years_within_its_item_cap(start: dt.date, points: float) -> None:
    """番禺 2015 居住年限 (E4, status 1): continuous ≥ 5 years 28 + 0.35 per month beyond, else 0.35 per month."""
    assert total("panyu-2015", dt.date(2015, 5, 31), permit_start=start) == points
