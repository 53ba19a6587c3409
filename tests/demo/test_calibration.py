"""The generated demo matches every figure the seed plans publish for its regions (docs/demo-data.md),
each within 2% (counts exactly). Expected values are the seeds' own numbers, typed in here."""

from __future__ import annotations

import pandas as pd
import pytest

from eduplan import contract as c
from eduplan.demo import DemoProvince

from .frames import stage_rows, with_schools

QINGCHENG, HUADU, YINGDE = "441802", "440114", "441881"
COMPULSORY_TYPES = (c.PRIMARY, c.JUNIOR, c.NINE_YEAR, c.COMPLETE_SECONDARY, c.TWELVE_YEAR)


def schools(province: DemoProvince, year: int, county: str) -> pd.DataFrame:
    frame = province.census[year].schools
    return frame.loc[frame["region_code"].str.startswith(county)]


def residents(province: DemoProvince, county: str, year: int, ages: range) -> int:
    pop = province.population
    rows = pop.loc[(pop["region_code"] == county) & (pop["year"] == year) & pop["age"].isin(list(ages))]
    return int(rows["resident"].sum())


def share(rows: pd.DataFrame, part: str, whole: str = "teachers") -> float:
    return float(rows[part].sum()) / float(rows[whole].sum())


# --- 清城区 2020 (000_287a84df7b129c81.txt) -------------------------------------------------------


def test_qingcheng_has_105_compulsory_schools_83_public(province: DemoProvince) -> None:  # l.299-300
    s = schools(province, 2020, QINGCHENG)
    compulsory = s.loc[s["school_type"].isin(COMPULSORY_TYPES)]
    assert len(compulsory) == 105
    assert (compulsory["sponsor"] == c.SPONSOR_PUBLIC).sum() == 83


def test_qingcheng_has_204_kindergartens_14_public_190_private(province: DemoProvince) -> None:  # l.294-295, 167
    kg = schools(province, 2020, QINGCHENG).query("school_type == '幼儿园'")
    assert len(kg) == 204
    assert (kg["sponsor"] == c.SPONSOR_PUBLIC).sum() == 14
    assert (kg["sponsor"] == c.SPONSOR_PRIVATE).sum() == 190


def opened_between(province: DemoProvince, county: str, first: int, last: int) -> pd.DataFrame:
    """Schools in the 2020 registry whose first version (开办) falls in [first, last]."""
    events = province.registry_events
    founded = events.groupby("school_code")["valid_from"].min()
    s = schools(province, 2020, county).set_index("school_code")
    return s.loc[founded.reindex(s.index).between(first, last)]


def test_qingcheng_private_kindergartens_grew_from_134_in_2016_to_190(province: DemoProvince) -> None:  # l.165-167
    opened = opened_between(province, QINGCHENG, 2017, 2020)
    assert ((opened["school_type"] == c.KINDERGARTEN) & (opened["sponsor"] == c.SPONSOR_PRIVATE)).sum() == 190 - 134


def test_qingcheng_has_171_public_or_inclusive_kindergartens(province: DemoProvince) -> None:  # l.165
    kg = schools(province, 2020, QINGCHENG).query("school_type == '幼儿园'")
    assert ((kg["sponsor"] == c.SPONSOR_PUBLIC) | (kg["inclusive"] == True)).sum() == 171  # noqa: E712


def test_qingcheng_has_15_teaching_points(province: DemoProvince) -> None:  # l.161
    assert (schools(province, 2020, QINGCHENG)["school_type"] == c.TEACHING_POINT).sum() == 15


def test_qingcheng_public_compulsory_pupils_pass_125000(province: DemoProvince) -> None:  # l.195
    rows = stage_rows(province, 2020, QINGCHENG)
    public = rows.loc[(rows["sponsor"] == c.SPONSOR_PUBLIC) & (rows["school_type"] != c.SPECIAL)]
    primary = int(public.loc[public["stage"] == c.STAGE_PRIMARY, "students"].sum())
    junior = int(public.loc[public["stage"] == c.STAGE_JUNIOR, "students"].sum())
    assert 125_000 < primary + junior < 125_000 * 1.02
    assert primary == pytest.approx(91_000, rel=0.02)
    assert junior == pytest.approx(34_000, rel=0.02)
    # The plan's 7,308 required posts are these pupils at the 编制 standard 小学 1:19, 初中 1:13.5.
    assert primary / 19 + junior / 13.5 == pytest.approx(7_308, rel=0.02)


def test_qingcheng_posts_5251_and_staff_4842(province: DemoProvince) -> None:  # l.195
    rows = stage_rows(province, 2020, QINGCHENG)
    public = rows.loc[
        (rows["sponsor"] == c.SPONSOR_PUBLIC)
        & rows["stage"].isin(c.COMPULSORY_STAGES)
        & (rows["school_type"] != c.SPECIAL)
    ]
    assert int(public["authorized_posts"].sum()) == pytest.approx(5_251, rel=0.02)
    assert int(public["staff_on_establishment"].sum()) == pytest.approx(4_842, rel=0.02)


@pytest.mark.parametrize(("year", "teachers"), [(2020, 4_842 + 880 + 1_225), (2021, 4_842 + 880 + 1_225 + 400 + 150)])
def test_qingcheng_public_teachers_are_establishment_plus_bought_plus_temporary(
    province: DemoProvince, year: int, teachers: int
) -> None:  # l.195: 在编 4,842, 购买服务 880 (+400), 临聘 1,225, 公开招聘 +150
    rows = stage_rows(province, year, QINGCHENG)
    public = rows.loc[
        (rows["sponsor"] == c.SPONSOR_PUBLIC)
        & rows["stage"].isin(c.COMPULSORY_STAGES)
        & (rows["school_type"] != c.SPECIAL)
    ]
    assert int(public["teachers"].sum()) == pytest.approx(teachers, rel=0.02)


def test_qingcheng_residents_1119900_with_21_11_percent_aged_0_to_14(province: DemoProvince) -> None:  # l.785
    totals = province.resident_totals
    total = int(totals.loc[(totals["region_code"] == QINGCHENG) & (totals["year"] == 2020), "resident_total"].iloc[0])
    assert total == pytest.approx(1_119_900, rel=0.02)
    assert residents(province, QINGCHENG, 2020, range(0, 15)) / total == pytest.approx(0.2111, rel=0.02)


@pytest.mark.parametrize(
    ("stage", "column", "published"),
    [
        (c.STAGE_PRIMARY, "teachers_bachelor_plus", 0.8137),  # l.311
        (c.STAGE_PRIMARY, "teachers_postgraduate", 0.011),  # l.314
        (c.STAGE_JUNIOR, "teachers_bachelor_plus", 0.965),  # l.315
        (c.STAGE_JUNIOR, "teachers_postgraduate", 0.015),  # l.316
    ],
)
def test_qingcheng_public_teacher_qualifications(
    province: DemoProvince, stage: str, column: str, published: float
) -> None:
    rows = stage_rows(province, 2020, QINGCHENG)
    public = rows.loc[(rows["sponsor"] == c.SPONSOR_PUBLIC) & (rows["stage"] == stage)]
    assert share(public, column) == pytest.approx(published, rel=0.02)


def test_qingcheng_public_kindergarten_teachers_at_least_90_percent_associate(province: DemoProvince) -> None:
    rows = stage_rows(province, 2020, QINGCHENG)  # l.309: 公办园大专以上学历占比 ≥90
    public = rows.loc[(rows["sponsor"] == c.SPONSOR_PUBLIC) & (rows["stage"] == c.STAGE_PRESCHOOL)]
    assert share(public, "teachers_associate_plus") >= 0.90


def test_qingcheng_inclusive_preschool_share_at_least_80_percent(province: DemoProvince) -> None:  # l.297
    kg = stage_rows(province, 2020, QINGCHENG).query("stage == '学前'")
    inclusive = kg.loc[(kg["sponsor"] == c.SPONSOR_PUBLIC) | (kg["inclusive"] == True)]  # noqa: E712
    assert inclusive["students"].sum() / kg["students"].sum() >= 0.80


def test_qingcheng_preschool_gross_enrolment_at_least_98_percent(province: DemoProvince) -> None:  # l.296
    pupils = stage_rows(province, 2020, QINGCHENG).query("stage == '学前'")["students"].sum()
    assert pupils / residents(province, QINGCHENG, 2020, range(3, 6)) >= 0.98


def test_qingcheng_308_disabled_pupils_in_regular_classes(province: DemoProvince) -> None:  # l.167
    assert int(stage_rows(province, 2020, QINGCHENG)["disabled_students"].sum()) == 308


def test_qingcheng_special_school_has_92_pupils(province: DemoProvince) -> None:  # l.167
    rows = stage_rows(province, 2020, QINGCHENG)
    assert int(rows.loc[rows["school_type"] == c.SPECIAL, "students"].sum()) == pytest.approx(92, rel=0.02)


# --- 花都区 2020 (004_458e35a3c5bc5943.txt) --------------------------------------------------------


def test_huadu_public_kindergartens_hold_52_12_percent(province: DemoProvince) -> None:  # l.9
    kg = stage_rows(province, 2020, HUADU).query("stage == '学前'")
    public = kg.loc[kg["sponsor"] == c.SPONSOR_PUBLIC, "students"].sum()
    assert public / kg["students"].sum() == pytest.approx(0.5212, rel=0.02)


def test_huadu_public_and_inclusive_kindergartens_hold_83_33_percent(province: DemoProvince) -> None:  # l.9
    kg = stage_rows(province, 2020, HUADU).query("stage == '学前'")
    inclusive = kg.loc[(kg["sponsor"] == c.SPONSOR_PUBLIC) | (kg["inclusive"] == True), "students"]  # noqa: E712
    assert inclusive.sum() / kg["students"].sum() == pytest.approx(0.8333, rel=0.02)


@pytest.mark.parametrize(
    ("stage", "column", "published"),
    [
        (c.STAGE_PRESCHOOL, "teachers_associate_plus", 0.935),  # l.95
        (c.STAGE_PRIMARY, "teachers_bachelor_plus", 0.59),  # l.100
        (c.STAGE_JUNIOR, "teachers_bachelor_plus", 0.8723),  # l.105
        (c.STAGE_SENIOR, "teachers_postgraduate", 0.0932),  # l.110
    ],
)
def test_huadu_teacher_qualifications(province: DemoProvince, stage: str, column: str, published: float) -> None:
    rows = stage_rows(province, 2020, HUADU)
    assert share(rows.loc[rows["stage"] == stage], column) == pytest.approx(published, rel=0.02)


def test_huadu_34_63_percent_of_compulsory_migrant_pupils_in_public_schools(province: DemoProvince) -> None:
    rows = stage_rows(province, 2020, HUADU)  # l.130
    compulsory = rows.loc[rows["stage"].isin(c.COMPULSORY_STAGES)]
    public = compulsory.loc[compulsory["sponsor"] == c.SPONSOR_PUBLIC, "migrant_students"].sum()
    assert public / compulsory["migrant_students"].sum() == pytest.approx(0.3463, rel=0.02)


def test_huadu_preschool_gross_enrolment_100_51_percent(province: DemoProvince) -> None:  # l.75
    pupils = stage_rows(province, 2020, HUADU).query("stage == '学前'")["students"].sum()
    assert pupils / residents(province, HUADU, 2020, range(3, 6)) == pytest.approx(1.0051, rel=0.02)


def test_huadu_senior_gross_enrolment_105_08_percent(province: DemoProvince) -> None:  # l.90
    pupils = stage_rows(province, 2020, HUADU).query("stage == '高中'")["students"].sum()
    assert pupils / residents(province, HUADU, 2020, range(15, 18)) == pytest.approx(1.0508, rel=0.02)


def test_huadu_12_education_groups_cover_58_schools(province: DemoProvince) -> None:  # l.9
    grouped = schools(province, 2020, HUADU)["group_name"].dropna()
    assert (grouped.nunique(), len(grouped)) == (12, 58)


# --- 荔湾区 (003_e74825d3866fe507.txt) --------------------------------------------------------------


def test_liwan_opened_24_public_schools_and_kindergartens_in_2016_to_2020(province: DemoProvince) -> None:  # l.88
    opened = opened_between(province, "440103", 2016, 2020)
    assert ((opened["sponsor"] == c.SPONSOR_PUBLIC) & (opened["school_type"] != c.TEACHING_POINT)).sum() == 24


def test_liwan_has_3_plus_6_education_groups(province: DemoProvince) -> None:  # l.92
    assert schools(province, 2020, "440103")["group_name"].dropna().nunique() == 3 + 6


# --- 清远市 (001_2a7c526d3bbe7c3e.txt, 002_84c94e432680b102.txt) -----------------------------------


def test_qingyuan_17_schools_with_c_or_d_rated_buildings_in_2023(province: DemoProvince) -> None:  # 002 l.107
    rows = with_schools(province, 2023, province.census[2023].stages)
    qingyuan = rows.loc[rows["region_code"].str.startswith("4418")]
    assert qingyuan.loc[qingyuan["dangerous_area"].fillna(0) > 0, "school_code"].nunique() == 17


def test_qingyuan_compulsory_classes_of_56_and_more_are_gone_by_2023(province: DemoProvince) -> None:  # 002 l.117
    for year, gone in ((2019, False), (2023, True)):
        grades = with_schools(province, year, province.census[year].grades)
        compulsory = grades.loc[grades["region_code"].str.startswith("4418") & grades["stage"].isin(["小学", "初中"])]
        big = int((compulsory["classes_56_65"] + compulsory["classes_66_plus"]).sum())
        assert (big == 0) is gone


def test_qingyuan_teaching_points_under_20_pupils_remain_in_2023(province: DemoProvince) -> None:  # 002 l.96
    rows = stage_rows(province, 2023, "4418")
    points = rows.loc[rows["school_type"] == c.TEACHING_POINT]
    assert (points["students"] < 20).sum() > 0


@pytest.mark.parametrize(
    ("stage", "column", "target"),
    [  # 001 l.215: 2025 targets 75% / 94% / 14%, not yet reached in 2020
        (c.STAGE_PRIMARY, "teachers_bachelor_plus", 0.75),
        (c.STAGE_JUNIOR, "teachers_bachelor_plus", 0.94),
        (c.STAGE_SENIOR, "teachers_postgraduate", 0.14),
    ],
)
def test_qingyuan_2020_qualifications_below_the_2025_targets(
    province: DemoProvince, stage: str, column: str, target: float
) -> None:
    rows = stage_rows(province, 2020, "4418")
    assert share(rows.loc[rows["stage"] == stage], column) < target


@pytest.mark.parametrize(
    ("stage", "target"),  # 001 l.228: senior posts 幼儿园 8%, 小学 15%, 初中 30%, 高中 40% by 2025
    [(c.STAGE_PRESCHOOL, 0.08), (c.STAGE_PRIMARY, 0.15), (c.STAGE_JUNIOR, 0.30), (c.STAGE_SENIOR, 0.40)],
)
def test_qingyuan_2020_senior_titles_below_the_2025_targets(province: DemoProvince, stage: str, target: float) -> None:
    rows = stage_rows(province, 2020, "4418")
    assert share(rows.loc[rows["stage"] == stage], "senior_title_teachers") < target


PRIMARY_INDICATORS = {  # standards.md §1.2, per 100 pupils or per pupil
    "teachers_above_required": 100.0,
    "backbone_teachers": 100.0,
    "teaching_aux_area": 1.0,
    "sports_area": 1.0,
    "equipment_value": 10_000.0,
    "multimedia_rooms": 100.0,
}


def weighted_cv(values: pd.Series, pupils: pd.Series) -> float:
    """standards.md §1.4.1: student-weighted population CV."""
    w = pupils / pupils.sum()
    mean = float((w * values).sum())
    return float(((w * (values - mean) ** 2).sum()) ** 0.5) / mean


def test_liannan_the_model_county_keeps_every_primary_cv_within_0_50(province: DemoProvince) -> None:  # 002 l.505
    rows = stage_rows(province, 2020, "441826")
    primary = rows.loc[(rows["school_type"] == c.PRIMARY) & (rows["students"] >= 50)]
    pupils = primary["students"].astype(float)
    arts = primary["pe_teachers"] + primary["music_teachers"] + primary["art_teachers"]
    cvs = {key: weighted_cv(primary[key].astype(float) * k / pupils, pupils) for key, k in PRIMARY_INDICATORS.items()}
    cvs["pe_music_art"] = weighted_cv(arts.astype(float) * 100 / pupils, pupils)
    assert max(cvs.values()) <= 0.50, cvs


@pytest.mark.parametrize("county", ["441821", "441826", "441882"])
def test_counties_due_for_the_preschool_assessment_run_half_their_places_publicly(
    province: DemoProvince, county: str
) -> None:  # 001 l.94: 佛冈县、连南县、连州市 to pass 普及普惠 by 2025 (shares assumed 0.46-0.52)
    kg = stage_rows(province, 2020, county).query("stage == '学前'")
    public = kg.loc[kg["sponsor"] == c.SPONSOR_PUBLIC, "students"].sum() / kg["students"].sum()
    assert 0.45 <= public <= 0.53
