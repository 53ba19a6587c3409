"""core/teachers on small rosters counted by hand."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from eduplan.core import teachers as tc

DEFAULTS: dict[str, Any] = {
    "school_code": "A",
    "stage": "小学",
    "sex": "女",
    "birth_year": 1985,
    "birth_month": 6,
    "post_kind": "专业技术岗",
    "education": "本科",
    "title": "二级",
    "establishment": "在编",
    "subjects": "语文",
    "backbone_level": "",
    "certificate": "小学教师资格",
}


def roster(*rows: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame([DEFAULTS | {"teacher_id": f"t{i}"} | r for i, r in enumerate(rows, 1)])


def periods(*rows: tuple[str, str, int, int | None]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["teacher_id", "school_code", "valid_from", "valid_to"])


def transfers(*rows: tuple[str, int, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["teacher_id", "year", "kind", "from_school", "to_school"])


# ---- rotation: the 6-year edge, the shares, the due list


def rotation_world() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    # Year 2023. t1 at A since 2017: exactly 6 years → eligible. t2 since 2018: 5 years → not.
    # t3 since 2010 (13 years), 县级骨干, rotated (交流) A→B in 2023: its A period ends at 2023.
    # t4 since 2015, 临聘: out of scope. t5 since 2016 at 高中: out of scope (not 义务教育).
    # t6 since 2012, 校级骨干, 支教 A→C in 2023 (rotation, but 校级 is not 县级以上骨干).
    # t7 since 2016, 调动 A→B in 2023: an ordinary transfer, not a rotation; was eligible, still due.
    # t8 since 2009, 区管校聘, at B, not moved → eligible, due.
    r = roster(
        {},
        {},
        {"school_code": "B", "backbone_level": "县级"},
        {"establishment": "临聘"},
        {"stage": "高中"},
        {"school_code": "C", "backbone_level": "校级"},
        {"school_code": "B"},
        {"school_code": "B", "establishment": "区管校聘"},
    )
    p = periods(
        ("t1", "A", 2017, None),
        ("t2", "A", 2018, None),
        ("t3", "A", 2010, 2023),
        ("t3", "B", 2023, None),
        ("t4", "A", 2015, None),
        ("t5", "A", 2016, None),
        ("t6", "A", 2012, 2023),
        ("t6", "C", 2023, None),
        ("t7", "A", 2016, 2023),
        ("t7", "B", 2023, None),
        ("t8", "B", 2009, None),
    )
    t = transfers(("t3", 2023, "交流", "A", "B"), ("t6", 2023, "支教", "A", "C"), ("t7", 2023, "调动", "A", "B"))
    return r, p, t


def test_rotation_eligibility_edge_and_shares() -> None:
    result = tc.rotation(*rotation_world(), 2023)
    # eligible: t1 (6 years exactly), t3, t6, t7, t8 → 5; t2 has 5 years, t4 临聘, t5 高中.
    assert result.eligible == 5
    assert result.rotated == 2  # t3 交流, t6 支教; t7's 调动 does not count
    assert result.rotated_eligible == 2
    assert result.share == 40.0  # 2 / 5
    assert result.rotated_backbone == 1  # t3 县级; t6 校级 does not count
    assert result.backbone_share == 50.0  # 1 / 2
    assert result.share_met is True and result.backbone_met is True
    assert list(result.due["teacher_id"]) == ["t8", "t7", "t1"]  # 14, 7, 6 years
    assert list(result.due["years"]) == [14, 7, 6]
    schools = result.schools.set_index("school_code")
    assert schools.loc["A"].to_dict() == {"eligible": 4, "gave": 2, "received": 0}
    assert schools.loc["B"].to_dict() == {"eligible": 1, "gave": 0, "received": 1}
    assert schools.loc["C"].to_dict() == {"eligible": 0, "gave": 0, "received": 1}
    assert "due" not in result.as_dict() and len(result.as_dict(named=True)["due"]) == 3


def test_rotation_a_year_earlier_t1_is_not_yet_eligible() -> None:
    r, p, t = rotation_world()
    result = tc.rotation(r, p, t, 2022)
    # 2022: t1 has 5 years (not), t3 12, t6 10, t7 6 (exactly), t8 13; nobody rotated.
    assert result.eligible == 4
    assert (result.rotated, result.share, result.backbone_share) == (0, 0.0, None)
    assert result.share_met is False and result.backbone_met is None


def test_rotation_below_the_shares() -> None:
    # 11 eligible teachers, one rotated, not 骨干: 1/11 = 9.09% < 10%, 骨干 0% < 20%.
    r = roster(*({} for _ in range(11)))
    p = periods(*((f"t{i}", "A", 2010, None) for i in range(1, 12)))
    result = tc.rotation(r, p, transfers(("t1", 2023, "交流", "A", "B")), 2023)
    assert result.eligible == 11 and result.share == pytest.approx(9.0909, abs=1e-4)
    assert result.share_met is False and result.backbone_share == 0.0 and result.backbone_met is False


# ---- training: the 360 window


def test_training_window_completion_and_behind() -> None:
    # Cycle 2021–2025 (anchor 2021), judged in 2023 (third year): schedule 3 × 72 = 216.
    r = roster({}, {}, {}, {"school_code": "B"})
    p = periods(("t1", "A", 2000, None), ("t2", "A", 2000, None), ("t3", "A", 2022, None), ("t4", "B", 2000, None))
    hours = pd.DataFrame(
        [
            ("t1", 2019, "网络研修", 500.0),  # before the cycle: does not count
            ("t1", 2021, "集中培训", 200.0),
            ("t1", 2023, "校本研修", 160.0),  # 360 exactly → completed
            ("t2", 2021, "集中培训", 100.0),
            ("t2", 2022, "集中培训", 115.0),  # 215 < 216 → behind
            ("t3", 2022, "新教师培训", 144.0),  # joined 2022: 2 × 72 = 144 → on schedule
            ("t4", 2024, "集中培训", 400.0),  # after 2023: not yet counted → 0 → behind
        ],
        columns=["teacher_id", "year", "kind", "hours"],
    )
    result = tc.training(r, hours, p, 2023, cycle_anchor=2021)
    assert result.cycle == (2021, 2025)
    per = result.per_teacher.set_index("teacher_id")
    assert per["hours"].to_dict() == {"t1": 360.0, "t2": 215.0, "t3": 144.0, "t4": 0.0}
    assert per["target"].to_dict() == {"t1": 216.0, "t2": 216.0, "t3": 144.0, "t4": 216.0}
    assert (result.completed, result.behind, result.completion_rate) == (1, 2, 25.0)
    assert result.schools.set_index("school_code")["behind"].to_dict() == {"A": 1, "B": 1}
    # Hours by year and kind in the cycle so far (2019 and 2024 left out); aggregates suppress groups under 5.
    kinds = [tuple(x) for x in result.by_kind[["year", "kind", "teachers", "hours"]].to_numpy()]
    assert kinds == [
        (2021, "集中培训", 2, 300.0),
        (2022, "新教师培训", 1, 144.0),
        (2022, "集中培训", 1, 115.0),
        (2023, "校本研修", 1, 160.0),
    ]
    assert all(row["hours"] is None for row in result.as_dict()["by_kind"])
    assert result.as_dict(named=True)["by_kind"][0]["hours"] == 300.0
    # Five years on, 2026 starts a new cycle: nothing counted yet, target 72.
    later = tc.training(r, hours, p, 2026, cycle_anchor=2021)
    assert later.cycle == (2026, 2030) and later.completed == 0 and later.behind == 4


# ---- age pyramid and retirements


def test_age_pyramid_and_suppression() -> None:
    r = roster(
        {"birth_year": 1999},  # 24 in 2023
        {"birth_year": 1998, "sex": "男"},  # 25
        {"birth_year": 1964},  # 59
        {"birth_year": 1963, "sex": "男", "school_code": "B"},  # 60
    )
    pyramid = tc.age_pyramid(r, 2023, by="school_code")
    a = pyramid[pyramid["group"] == "A"].set_index("band")
    assert a.loc["25岁以下", "女"] == 1 and a.loc["25–29岁", "男"] == 1 and a.loc["55–59岁", "女"] == 1
    assert int(a[["男", "女"]].to_numpy().sum()) == 3
    b = pyramid[pyramid["group"] == "B"].set_index("band")
    assert b.loc["60岁及以上", "男"] == 1
    shown = tc.suppress_small(pyramid, "group_size", ["男", "女"])
    assert shown["suppressed"].all()  # 3 and 1 teachers: both groups under 5
    assert shown["男"].isna().all() and shown["group_size"].isna().all()
    five = roster(*({} for _ in range(5)))
    assert not tc.suppress_small(tc.age_pyramid(five, 2023), "group_size", ["男", "女"])["suppressed"].any()


def test_retirements_per_year_for_ten_years() -> None:
    r = roster(
        {"sex": "男", "birth_year": 1964, "birth_month": 3},  # 60 in 2024-03: already past in 2024 → counted 2025
        {"sex": "男", "birth_year": 1965, "birth_month": 11},  # 60 + 3 months (11th month of reform) → 2026-02
        {"sex": "女", "birth_year": 1970, "birth_month": 10},  # 55 + 3 → 2026-01
        {"sex": "女", "birth_year": 1976, "birth_month": 6, "post_kind": "工勤技能岗"},  # 50 + 9 → 2027-03
        {"sex": "女", "birth_year": 1990},  # far beyond 2034
        {"sex": "男", "birth_year": 1974, "birth_month": 12},  # 60 + 30 months (2034-12 base → k=119) → 2037-06: out
    )
    dates = tc.retirement_dates(r).set_index("teacher_id")
    assert dates.loc["t2"].to_dict() == {"retire_year": 2026, "retire_month": 2}
    assert dates.loc["t3"].to_dict() == {"retire_year": 2026, "retire_month": 1}
    assert dates.loc["t4"].to_dict() == {"retire_year": 2027, "retire_month": 3}
    assert dates.loc["t6"].to_dict() == {"retire_year": 2037, "retire_month": 6}
    wave = tc.retirements(r, 2024).set_index("year")["retiring"]
    assert list(wave.index) == list(range(2025, 2035))
    assert wave.to_dict() == {2025: 1, 2026: 2, 2027: 1} | {y: 0 for y in range(2028, 2035)}


# ---- 职称 structure and the balance counts


def test_title_structure() -> None:
    r = roster(
        {"title": "高级"},
        {"title": "一级"},
        {"title": "二级"},
        {"title": "未评"},
        {"stage": "初中", "title": "正高级"},
        {"stage": "初中", "title": "高级"},
        {"stage": "初中", "title": "三级"},
    )
    out = tc.title_structure(r).set_index("group")
    assert out.loc["小学", ["高级", "一级", "二级", "未评", "teachers"]].tolist() == [1, 1, 1, 1, 4]
    assert out.loc["小学", "senior_share"] == 25.0 and out.loc["小学", "senior_target"] == 15.0
    assert out.loc["初中", "senior_share"] == pytest.approx(66.6667, abs=1e-4)
    assert out.loc["初中", "senior_target"] == 30.0
    assert out.loc["小学", "mid_share"] == 25.0 and np.isnan(out.loc["小学", "own_senior"])  # no own ratios recorded
    assert out.loc["小学", "senior_within"] is None
    # The bureau's 岗位设置: 小学 高级 ≤ 20% and 中级 ≤ 30%; 初中 高级 ≤ 70% (no 中级 ratio).
    own = {"小学": {"senior_share": 20.0, "mid_share": 30.0}, "初中": {"senior_share": 70.0, "mid_share": None}}
    mine = tc.title_structure(r, own=own).set_index("group")
    assert mine.loc["小学", ["own_senior", "own_mid"]].tolist() == [20.0, 30.0]
    assert (mine.loc["小学", "senior_within"], mine.loc["小学", "mid_within"]) == (False, True)  # 25% > 20%; 25% ≤ 30%
    assert mine.loc["初中", "senior_within"] is True and mine.loc["初中", "mid_within"] is None  # 66.7% ≤ 70%


def test_balance_counts_from_people() -> None:
    r = roster(
        {"education": "专科", "title": "一级", "subjects": "体育"},  # 小学: 专科 is above the required level
        {"education": "中专", "subjects": "音乐;语文", "backbone_level": "县级", "certificate": ""},
        {"education": "研究生", "title": "高级", "subjects": "美术", "backbone_level": "校级"},
        {"stage": "初中", "education": "专科", "title": "正高级", "backbone_level": "市级"},  # 初中 needs 本科
        {"stage": "初中", "education": "本科", "subjects": "数学;体育", "certificate": "无"},
    )
    counts = tc.balance_counts(r).set_index("stage")
    assert counts.loc["小学", list(tc.BALANCE_COLUMNS)].tolist() == [3, 2, 1, 1, 2, 1, 1, 1, 1, 2, 1, 2]
    assert counts.loc["初中", list(tc.BALANCE_COLUMNS)].tolist() == [2, 1, 1, 0, 2, 1, 0, 0, 0, 1, 1, 1]


def test_registry_vs_census_lists_every_disagreement() -> None:
    r = roster({}, {"title": "一级"}, {"school_code": "B", "stage": "初中"})
    people = tc.balance_counts(r)
    census = pd.DataFrame(
        [
            {"school_code": "A", "stage": "小学", "teachers": 2, "mid_title_plus_teachers": 1},  # agrees
            {
                "school_code": "B",
                "stage": "初中",
                "teachers": 2,
                "mid_title_plus_teachers": np.nan,
            },  # blank: not compared
            {"school_code": "C", "stage": "小学", "teachers": 4, "mid_title_plus_teachers": 0},  # not in registry
            {"school_code": "A", "stage": "全校", "teachers": np.nan, "mid_title_plus_teachers": np.nan},
        ]
    )
    diff = tc.registry_vs_census(people, census, ["teachers", "mid_title_plus_teachers"])
    rows = [tuple(x) for x in diff[["school_code", "stage", "measure", "registry", "census"]].to_numpy()]
    assert rows == [("B", "初中", "teachers", 1, 2)]
    # C has teachers in the census and none in the registry: a coverage gap, listed apart.
    assert tc.missing_from_registry(people, census) == ["C"]
    # A school the census does not hold at all is listed for every measure.
    extra = tc.balance_counts(roster({"school_code": "D"}))
    listed = tc.registry_vs_census(extra, census, ["teachers"])
    assert [tuple(x) for x in listed[["school_code", "stage", "measure", "registry"]].to_numpy()] == [
        ("D", "小学", "teachers", 1)
    ]
    # Consistent data: nothing listed.
    assert tc.registry_vs_census(people, people.copy(), ["teachers", "mid_title_plus_teachers"]).empty


def test_with_registry_counts_feeds_the_census_rows() -> None:
    people = tc.balance_counts(roster({"title": "一级"}, {"title": "三级"}))
    stages = pd.DataFrame(
        [
            {"school_code": "A", "stage": "小学", "students": 100},
            {"school_code": "Z", "stage": "小学", "students": 50},
        ]
    )
    out = tc.with_registry_counts(stages, people, ["mid_title_plus_teachers"])
    assert out["mid_title_plus_teachers"].iloc[0] == 1.0 and np.isnan(out["mid_title_plus_teachers"].iloc[1])


def test_plan_metrics() -> None:
    r, p, t = rotation_world()
    metrics = tc.plan_metrics(r, tc.rotation(r, p, t, 2023), None)
    assert metrics["teacher_rotation_share"] == 40.0
    assert metrics["teacher_backbone_share"] == 12.5  # t3 县级 of 8 (t6 校级 not)
    assert metrics["teacher_bachelor_share_compulsory"] == 100.0  # 7 义务教育 teachers, all 本科
    assert metrics["teacher_training_completion"] is None


def test_the_staffing_forecast_counts_who_leaves() -> None:
    totals = [{"area_code": "441802", "stage": "小学", "staff_on_establishment": 100}]
    projected = [
        {"area_code": "441802", "stage": "小学", "year": 2024, "required_posts": 110},
        {"area_code": "441802", "stage": "小学", "year": 2025, "required_posts": 112},
        {"area_code": "441802", "stage": "初中", "year": 2025, "required_posts": 50},  # no base figure: left out
    ]
    retiring = pd.DataFrame({"group": ["小学", "小学", "初中"], "year": [2024, 2025, 2025], "retiring": [3, 4, 9]})
    rows = tc.staff_after_leavers(totals, projected, retiring)
    # 2024: 100 − 3 = 97 remain, 110 − 97 = 13 short; 2025: 100 − 7 = 93, 112 − 93 = 19.
    assert [(r["year"], r["retired_since_base"], r["staff_remaining"], r["staff_gap_with_leavers"]) for r in rows] == [
        (2024, 3, 97, 13),
        (2025, 7, 93, 19),
    ]


def test_retirements_by_subject_and_the_subject_forecast() -> None:
    # Base year 2024. Dates as in test_retirements_per_year_for_ten_years.
    r = roster(
        {"sex": "男", "birth_year": 1964, "birth_month": 3, "subjects": "体育"},  # → 2025 (already past)
        {"sex": "男", "birth_year": 1965, "birth_month": 11, "subjects": "体育;语文"},  # → 2026-02
        {"sex": "女", "birth_year": 1970, "birth_month": 10, "subjects": "语文"},  # → 2026-01
        {"sex": "女", "birth_year": 1990, "subjects": "音乐"},  # far later
        {
            "sex": "女",
            "birth_year": 1971,
            "birth_month": 1,
            "subjects": "美术",
            "stage": "初中",
        },  # 55 + 4 months → 2026-05
    )
    summary = tc.retirement_summary_by_subject(r, 2024)
    rows = [tuple(x) for x in summary[["stage", "subject", "teachers", "within_5", "within_10"]].to_numpy()]
    assert rows == [
        ("初中", "美术", 1, 1, 1),
        ("小学", "体育", 2, 2, 2),
        ("小学", "语文", 1, 1, 1),
        ("小学", "音乐", 1, 0, 0),
    ]
    need = [{"stage": "小学", "year": 2026, "needed": 5}, {"stage": "小学", "year": 2025, "needed": 4}]
    out = tc.subject_staff_after_leavers(r, 2024, [2025, 2026], need)
    primary = out[out["stage"] == "小学"].set_index(["subject", "year"])
    # 体育: 2 now; 1 gone by 2025, 2 by 2026. 体育艺术合计 (体育 + 音乐): 3 now → 2 in 2025, 1 in 2026.
    assert primary.loc[("体育", 2025), ["teachers", "retired_since_base", "remaining"]].tolist() == [2, 1, 1]
    assert primary.loc[("体育", 2026), "remaining"] == 0 and np.isnan(primary.loc[("体育", 2026), "needed"])
    assert primary.loc[("体育艺术合计", 2025), ["remaining", "needed", "gap_with_leavers"]].tolist() == [2, 4, 2]
    assert primary.loc[("体育艺术合计", 2026), ["remaining", "needed", "gap_with_leavers"]].tolist() == [1, 5, 4]
    junior = out[out["stage"] == "初中"].set_index(["subject", "year"])
    assert junior.loc[("体育艺术合计", 2026), "remaining"] == 0 and np.isnan(
        junior.loc[("体育艺术合计", 2026), "needed"]
    )
    assert tc.subject_staff_after_leavers(r, 2024, [2024], need).empty  # nothing projected after the base year
