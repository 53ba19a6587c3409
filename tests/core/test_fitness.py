"""Scoring by 《国家学生体质健康标准（2014年修订）》: hand-checked students and a hand-counted small school.

All students of this module are scored in one query (``scored``): one row per case, looked up by ``student``.
"""

from __future__ import annotations

from typing import Any

import ibis
import pandas as pd
import pytest

from eduplan.core import fitness as cf
from eduplan.standards import fitness as fs

CASES = (("male", 3), ("female", 3), ("male", 8), ("female", 8), ("male", 11), ("female", 11))


def student(sid: str, sex: str, grade: int, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(cf.INPUT_COLUMNS)
    row.update(student=sid, school_code="A", grade=grade, sex=sex, status="", height=100.0, weight=17.0)
    row.update(vision_left=None, vision_right=None)
    row.update(values)
    return row


def edge_rows() -> list[dict[str, Any]]:
    """For each case, item and non-empty level: a value exactly at the threshold, and one step worse."""
    std = fs.standard()
    rows = []
    for sex, grade in CASES:
        for key, item in std.items.items():
            if not item.applies(sex, grade):
                continue
            step = 10.0**-item.decimals * (1 if item.direction == "lower_is_better" else -1)
            for i, threshold in enumerate(item.levels(sex, grade)):
                if threshold is None:
                    continue
                rows.append(student(f"edge-{sex}-{grade}-{key}-{i}-at", sex, grade, **{key: threshold}))
                rows.append(
                    student(f"edge-{sex}-{grade}-{key}-{i}-worse", sex, grade, **{key: round(threshold + step, 1)})
                )
    return rows


def p3(**v: Any) -> dict[str, Any]:
    """三年级男生 with every item at a chosen value (defaults: BMI 17.0 正常, everything at its 50-point value)."""
    base = dict(vital_capacity=840, run_50m=11.7, sit_and_reach=-1.6, rope_skip_1min=31, sit_up_1min=14)
    return {**base, **v}


HAND = [
    # 三年级男 weights: BMI 15, 肺活量 15, 50米 20, 坐位体前屈 20, 跳绳 20, 仰卧起坐 10.
    # 59.9: BMI 100×15 + 肺活量 66 (1140 ml)×15 + 50×20 ×3 + 仰卧起坐 50×10 = 1500 + 990 + 3000 + 500 = 5990
    student("p3-59.9", "male", 3, **p3(vital_capacity=1140)),
    # 60.0: 肺活量 60 (900 ml) and 仰卧起坐 60 (16): 1500 + 900 + 3000 + 600 = 6000
    student("p3-60.0", "male", 3, **p3(vital_capacity=900, sit_up_1min=16)),
    # rope bonus: 126 is the 100-point value; 176 is 50 above → 25 rows of 2 → capped at 20 points
    student("p3-rope-cap", "male", 3, **p3(rope_skip_1min=176)),
    # 129 = 3 above → 1 point (the lower row); standard 1500 + 15×50 + 20×(50+50+100) + 10×50 = 6750 → 67.5 + 1
    student("p3-rope-3", "male", 3, **p3(vital_capacity=840, rope_skip_1min=129)),
    # 初二女 weights: BMI 15, 肺活量 15, 50米 20, 坐位体前屈 10, 立定跳远 10, 仰卧起坐 10, 800米 20.
    # 79.9: 1500 + 66 (1800 ml)×15 + 100 (8.0 s)×20 + 50 ×10 ×3 + 100 (3'30")×20 = 1500+990+2000+1500+2000 = 7990
    student(
        "j8f-79.9",
        "female",
        8,
        vital_capacity=1800,
        run_50m=8.0,
        sit_and_reach=2.1,
        standing_long_jump=139,
        sit_up_1min=19,
        run_800m=210,
    ),
    # 80.0: 肺活量 60 (1500 ml), 坐位体前屈 60 (2.9): 1500+900+2000+(60+50+50)×10+2000 = 8000
    student(
        "j8f-80.0",
        "female",
        8,
        vital_capacity=1500,
        run_50m=8.0,
        sit_and_reach=2.9,
        standing_long_jump=139,
        sit_up_1min=19,
        run_800m=210,
    ),
    # 高二男 weights: BMI 15, 肺活量 15, 50米 20, 坐位体前屈 10, 立定跳远 10, 引体向上 10, 1000米 20.
    # 89.9: 1500 + 66 (3160 ml)×15 + 2000 + 100×10 ×2 + 引体向上 50 (7)×10 + 1000米 100 (3'25") ×20 = 8990, no bonus
    student(
        "s11m-89.9",
        "male",
        11,
        vital_capacity=3160,
        run_50m=7.0,
        sit_and_reach=24.3,
        standing_long_jump=265,
        pull_up=7,
        run_1000m=205,
    ),
    # 90.0: 肺活量 60 (2800 ml) → 8900, and 1000米 201 s = 4 s under 3'25" → 1 bonus point → 90.0
    student(
        "s11m-90.0",
        "male",
        11,
        vital_capacity=2800,
        run_50m=7.0,
        sit_and_reach=24.3,
        standing_long_jump=265,
        pull_up=7,
        run_1000m=201,
    ),
    # bonus cap: 32 pull-ups (15 above 17) → 10, 1000米 165 s (40 s under) → 10; all items 100 → 100 + 20 = 120
    student(
        "s11m-cap",
        "male",
        11,
        vital_capacity=4740,
        run_50m=7.0,
        sit_and_reach=24.3,
        standing_long_jump=265,
        pull_up=32,
        run_1000m=165,
    ),
    # 初二女 仰卧起坐 54 = 3 above 51 → 1 point; 800米 203 s = 7 s under 3'30" → 1 point (5 s row)
    student(
        "j8f-bonus",
        "female",
        8,
        vital_capacity=2900,
        run_50m=8.0,
        sit_and_reach=22.7,
        standing_long_jump=200,
        sit_up_1min=54,
        run_800m=203,
    ),
    # empty 引体向上 cells: 高二 12 → 76 (78 is empty); 初一 0 → 0, 1 → 30 (20 and 10 empty)
    student("pull-11-12", "male", 11, pull_up=12),
    student("pull-7-0", "male", 7, pull_up=0),
    student("pull-7-1", "male", 7, pull_up=1),
    student("pull-8-1", "male", 8, pull_up=1),
    # BMI bands at 0.1 (height 100 cm → BMI = weight): 三年级男 13.8 低体重, 13.9 正常, 19.4 正常, 19.5 超重,
    # 22.1 超重, 22.2 肥胖; 19.44 rounds to 19.4, 19.46 to 19.5
    *[student(f"bmi-{w}", "male", 3, weight=w) for w in (13.8, 13.9, 19.4, 19.5, 22.1, 22.2, 19.44, 19.46)],
    # 免测 kept, not scored; a missing item makes the student incomplete (no total)
    student("exempt", "male", 3, status="免测", **p3()),
    student("missing", "male", 3, **p3(rope_skip_1min=None)),
]


@pytest.fixture(scope="module")
def scored() -> pd.DataFrame:
    frame = pd.DataFrame(edge_rows() + HAND)
    return cf.score_students(ibis.memtable(frame)).to_pandas().set_index("student")


def test_every_level_edge_of_every_item_for_a_primary_junior_and_senior_grade_of_each_sex(scored: pd.DataFrame) -> None:
    std = fs.standard()
    checked = 0
    for sex, grade in CASES:
        for key, item in std.items.items():
            if not item.applies(sex, grade):
                continue
            levels = item.levels(sex, grade)
            present = [(i, std.score_levels[i]) for i, v in enumerate(levels) if v is not None]
            for n, (i, level) in enumerate(present):
                below = present[n + 1][1] if n + 1 < len(present) else 0
                assert scored.loc[f"edge-{sex}-{grade}-{key}-{i}-at", f"score_{key}"] == level
                assert scored.loc[f"edge-{sex}-{grade}-{key}-{i}-worse", f"score_{key}"] == below, (key, i)
                checked += 1
    # 34 item columns (5 per sex in 三年级, 6 in 初二 and 高二) × 20 levels, minus the 11 empty 引体向上 cells
    # (初二: 78/74/70/66/62 and 10; 高二: 78/74/70/66/62)
    assert checked == 669


@pytest.mark.parametrize(
    ("sid", "total", "band"),
    [
        ("p3-59.9", 59.9, "不及格"),
        ("p3-60.0", 60.0, "及格"),
        ("j8f-79.9", 79.9, "及格"),
        ("j8f-80.0", 80.0, "良好"),
        ("s11m-89.9", 89.9, "良好"),
        ("s11m-90.0", 90.0, "优秀"),
        ("s11m-cap", 120.0, "优秀"),
        ("p3-rope-3", 68.5, "及格"),
    ],
)
def test_totals_at_the_grade_band_edges(scored: pd.DataFrame, sid: str, total: float, band: str) -> None:
    assert scored.loc[sid, "total"] == total
    assert scored.loc[sid, "band"] == band


def test_bonus_rows_and_caps(scored: pd.DataFrame) -> None:
    assert scored.loc["p3-rope-cap", "bonus_rope_skip_1min"] == 20
    assert scored.loc["p3-rope-3", "bonus_rope_skip_1min"] == 1
    assert (scored.loc["s11m-cap", "bonus_pull_up"], scored.loc["s11m-cap", "bonus_run_1000m"]) == (10, 10)
    assert scored.loc["s11m-cap", "bonus"] == 20
    assert scored.loc["s11m-90.0", "bonus"] == 1
    assert (scored.loc["j8f-bonus", "bonus_sit_up_1min"], scored.loc["j8f-bonus", "bonus_run_800m"]) == (1, 1)
    assert scored.loc["j8f-bonus", "total"] == 102.0


def test_empty_pull_up_cells_cannot_be_scored(scored: pd.DataFrame) -> None:
    assert scored.loc["pull-11-12", "score_pull_up"] == 76
    assert scored.loc["pull-7-0", "score_pull_up"] == 0
    assert scored.loc["pull-7-1", "score_pull_up"] == 30
    assert scored.loc["pull-8-1", "score_pull_up"] == 20


def test_bmi_bands_at_one_decimal(scored: pd.DataFrame) -> None:
    got = {w: (scored.loc[f"bmi-{w}", "bmi_band"], scored.loc[f"bmi-{w}", "score_bmi"]) for w in (13.8, 13.9, 19.4)}
    assert got == {13.8: ("低体重", 80), 13.9: ("正常", 100), 19.4: ("正常", 100)}
    assert [scored.loc[f"bmi-{w}", "bmi_band"] for w in (19.5, 22.1, 22.2, 19.44, 19.46)] == [
        "超重",
        "超重",
        "肥胖",
        "正常",
        "超重",
    ]
    assert scored.loc["bmi-22.2", "score_bmi"] == 60


def test_exempt_and_incomplete_students_are_kept_without_a_total(scored: pd.DataFrame) -> None:
    assert bool(scored.loc["exempt", "exempt"]) and not bool(scored.loc["exempt", "complete"])
    assert pd.isna(scored.loc["exempt", "total"]) and pd.isna(scored.loc["exempt", "band"])
    assert not bool(scored.loc["missing", "complete"]) and pd.isna(scored.loc["missing", "total"])
    assert scored.loc["missing", "score_vital_capacity"] == 50  # the items it has are still scored


def small_school() -> pd.DataFrame:
    """School S (7 students) and school T (4, suppressed). Totals by hand, 三年级男, weights as in HAND:
    s1 59.9 不及格; s2 60.0 及格; s3 all 100 (BMI 19.5 超重 → 80): 97.0 优秀; s4 all 100 + rope 136 (+5): 105.0 优秀;
    s5 BMI 22.2 肥胖 (60) others 100: 94.0 优秀; s6 免测; s7 p3 defaults with 肺活量 1700 (80): 1500+1200+3000+500
    = 62.0 及格. Vision: s1 4.9/5.0 (myopic), s2 5.0/5.0, s3 5.1/4.8 (myopic), s4 5.0/5.2, s5 none, s6 4.0/4.0
    (myopic), s7 5.0/5.0."""
    best = dict(vital_capacity=2300, run_50m=9.1, sit_and_reach=16.3, rope_skip_1min=126, sit_up_1min=48)
    rows = [
        student("s1", "male", 3, school_code="S", vision_left=4.9, vision_right=5.0, **p3(vital_capacity=1140)),
        student(
            "s2",
            "male",
            3,
            school_code="S",
            vision_left=5.0,
            vision_right=5.0,
            **p3(vital_capacity=900, sit_up_1min=16),
        ),
        student("s3", "male", 3, school_code="S", weight=19.5, vision_left=5.1, vision_right=4.8, **best),
        student("s4", "male", 3, school_code="S", vision_left=5.0, vision_right=5.2, **{**best, "rope_skip_1min": 136}),
        student("s5", "male", 3, school_code="S", weight=22.2, **best),
        student("s6", "male", 3, school_code="S", status="缓测", vision_left=4.0, vision_right=4.0),
        student("s7", "male", 3, school_code="S", vision_left=5.0, vision_right=5.0, **p3(vital_capacity=1700)),
    ]
    rows += [student(f"t{i}", "female", 3, school_code="T", **best) for i in range(4)]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def school() -> ibis.Table:
    """The small school scored once, kept as a table (the rates compile against the stored result)."""
    return ibis.memtable(cf.score_students(ibis.memtable(small_school())).to_pyarrow())


def test_rates_of_a_small_school_are_hand_counted(school: ibis.Table) -> None:
    scored = school
    totals = scored.filter(scored.school_code == "S").order_by("student").total.to_pandas().tolist()
    assert totals[:5] == [59.9, 60.0, 97.0, 105.0, 94.0] and pd.isna(totals[5]) and totals[6] == 62.0
    s, t = cf.fitness_rates(scored, ["school_code"])
    assert (s.students, s.exempt, s.scored, s.suppressed) == (7, 1, 6, False)
    # 6 scored: passed 5 (s2..s5, s7), good 3 (s3, s4, s5), excellent 3
    assert s.rates["pass_rate"] == pytest.approx(500 / 6)
    assert s.rates["good_rate"] == 50.0 and s.rates["excellent_rate"] == 50.0
    # BMI of the 6 measured, not exempt (s6 has a BMI of 17.0 but is 缓测): 超重 s3, 肥胖 s5
    assert s.counts["bmi_measured"] == 6
    assert s.rates["overweight_rate"] == pytest.approx(100 / 6) and s.rates["obese_rate"] == pytest.approx(100 / 6)
    assert s.rates["underweight_rate"] == 0.0
    # vision screened 6 (s5 has none): myopic s1, s3, s6
    assert (s.counts["vision_screened"], s.counts["myopic"], s.rates["myopia_rate"]) == (6, 3, 50.0)
    low, high = s.pass_interval or (0.0, 0.0)
    assert low == pytest.approx(43.65, abs=0.01) and high == pytest.approx(96.99, abs=0.01)
    assert t.key == {"school_code": "T"} and t.suppressed and t.rates["pass_rate"] is None
    assert t.as_dict()["scored"] is None and t.students == 4


def test_the_county_figure_and_item_distribution(school: ibis.Table) -> None:
    scored = school
    (county,) = cf.fitness_rates(scored)
    assert (county.scored, county.counts["passed"], county.counts["good"]) == (10, 9, 7)
    dist = cf.item_distribution(scored, ["school_code"]).to_pandas()
    bmi = dist[(dist.school_code == "S") & (dist["item"] == "bmi")].set_index("level").students.to_dict()
    assert bmi == {"优秀": 4, "良好": 1, "及格": 1}


def test_graduation_score() -> None:
    assert cf.graduation_score(80.0, [70.0, 74.0]) == 76.0


@pytest.mark.parametrize(
    ("name", "stage", "key"),
    [
        ("中小学生体质健康标准合格率(%)", None, "fitness_pass_rate"),
        ("中小学生体质健康标准优良率(%)", None, "fitness_good_rate"),
        ("初中学生体质健康优良率（%）", None, "fitness_junior_good_rate"),
        ("普通高中学生体质健康优良率（%）", None, "fitness_senior_good_rate"),
        ("学生体质健康优良率", "小学", "fitness_primary_good_rate"),
        ("儿童青少年近视率", None, "fitness_myopia_rate"),
        ("中小学生心理健康合格率(%)", None, None),
    ],
)
def test_plan_indicator_wording_suggests_a_fitness_metric(name: str, stage: str | None, key: str | None) -> None:
    assert cf.suggest_plan_metric(name, stage) == key
    assert key is None or key in cf.PLAN_METRICS
