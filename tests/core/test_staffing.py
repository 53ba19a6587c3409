from __future__ import annotations

import pandas as pd
import pytest

from eduplan.core import staffing as sf
from eduplan.core.enrolment import Projection, ProjectionSettings

from .forecast_world import COUNTY, TOWN_A

NaN = float("nan")


def schools(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """(school_code, sponsor, urban_rural) rows in one county."""
    return pd.DataFrame(
        [
            {"school_code": c, "sponsor": sp, "urban_rural": ur, "region_code": TOWN_A, "county_code": COUNTY}
            for c, sp, ur in rows
        ]
    )


def stages(*rows: dict[str, object]) -> pd.DataFrame:
    keys = ("students", "classes", "authorized_posts", "staff_on_establishment", "pe_teachers", "music_teachers",
            "art_teachers", "psych_teachers")  # fmt: skip
    return pd.DataFrame([{k: NaN for k in keys} | r for r in rows])


# Seed 000 line 195 (清城区, September 2020): about 125,000 public pupils need 7,308 posts by the norm; 5,251 posts
# are authorized (缺编 2,057) and 4,842 staff are on establishment (缺员 2,466). With ~91,000 primary and ~34,000
# junior pupils: 91,000/19 + 34,000/13.5 = 4,789.47 + 2,518.52 = 7,307.99 → 7,308.
QINGCHENG = (
    schools(("P", "公办", "城区"), ("J", "公办", "城区"), ("M", "民办", "城区")),
    stages(
        {
            "school_code": "P",
            "stage": "小学",
            "students": 91000,
            "authorized_posts": 3400,
            "staff_on_establishment": 3150,
        },
        {
            "school_code": "J",
            "stage": "初中",
            "students": 34000,
            "authorized_posts": 1851,
            "staff_on_establishment": 1692,
        },
        {"school_code": "M", "stage": "小学", "students": 5000, "authorized_posts": 0, "staff_on_establishment": 0},
    ),
)


def test_qingcheng_2020_seed_arithmetic() -> None:
    result = sf.assess_staffing(*QINGCHENG, year=2020)
    total = result.total(COUNTY, "合计")
    assert total.students == 125000  # the private school has no 编制 and is left out
    assert round(total.required) == 7308
    assert (total.authorized, total.on_establishment) == (5251, 4842)
    assert round(total.post_gap) == 2057
    assert round(total.staff_gap) == 2466
    assert result.total(COUNTY, "小学").required == pytest.approx(91000 / 19)
    assert result.total(COUNTY, "初中").required == pytest.approx(34000 / 13.5)
    assert result.total("全部", "合计").as_dict()["post_gap"] == 2057


def test_2001_standard_uses_the_rural_ratio_for_a_rural_school() -> None:
    data = schools(("R", "公办", "乡村")), stages({"school_code": "R", "stage": "小学", "students": 2300})
    assert sf.assess_staffing(*data, version="2001").total(COUNTY, "小学").required == pytest.approx(100)  # 2300/23
    assert sf.assess_staffing(*data).total(COUNTY, "小学").required == pytest.approx(2300 / 19)


def test_kindergarten_needs_at_least_one_staff_per_seven_children() -> None:
    data = schools(("K", "公办", "城区")), stages({"school_code": "K", "stage": "学前", "students": 70, "classes": 2})
    assert sf.assess_staffing(*data).total(COUNTY, "学前").required == pytest.approx(10)


def test_blank_posts_are_counted_as_unreported_not_as_zero_gap() -> None:
    data = schools(("A", "公办", "城区")), stages({"school_code": "A", "stage": "小学", "students": 190})
    result = sf.assess_staffing(*data)
    assert result.total(COUNTY, "小学").unreported == 1
    assert result.schools[0].as_dict()["post_gap"] is None


# A: 300 pupils need ⌈2.7⌉ = 3 PE/music/art teachers, has 1 → gap 2; B: 100 pupils need 1, has 3 → no gap.
PE_ART = (
    schools(("A", "公办", "城区"), ("B", "公办", "城区")),
    stages(
        {"school_code": "A", "stage": "小学", "students": 300, "pe_teachers": 1, "music_teachers": 0, "art_teachers": 0,
         "authorized_posts": 12},
        {"school_code": "B", "stage": "小学", "students": 100, "pe_teachers": 1, "music_teachers": 1, "art_teachers": 1,
         "authorized_posts": 6},
    ),
)  # fmt: skip


def test_pe_and_art_teachers_against_0_9_per_100_pupils() -> None:
    data = PE_ART
    subjects = {(s.stage, s.subject): s for s in sf.assess_staffing(*data).subjects}
    combined = subjects[("小学", "体育艺术合计")]
    assert (combined.teachers, combined.needed, combined.gap) == (4, 4, 2)
    assert subjects[("小学", "音乐")].schools_without == ("A",)
    assert subjects[("小学", "体育")].schools_without == ()


def test_every_school_needs_a_full_time_psychology_teacher() -> None:
    data = (
        schools(("A", "公办", "城区"), ("B", "公办", "城区"), ("C", "公办", "城区")),
        stages(
            {"school_code": "A", "stage": "小学", "students": 300, "psych_teachers": 0},
            {"school_code": "A", "stage": "初中", "students": 200, "psych_teachers": 1},  # a 九年一贯制: one is enough
            {"school_code": "B", "stage": "小学", "students": 300, "psych_teachers": 0},
            {"school_code": "C", "stage": "小学", "students": 300},  # not reported: left out
        ),
    )
    (psych,) = [s for s in sf.assess_staffing(*data).subjects if s.subject == "心理健康"]
    assert (psych.schools, psych.schools_without, psych.gap) == (2, ("B",), 1)


def test_projected_need_from_the_enrolment_projection() -> None:
    projection = Projection("county", 2023, 2025, ProjectionSettings(), {(COUNTY, "小学", "1", 2025): 1900.0})
    data = (
        schools(("A", "公办", "城区")),
        stages({"school_code": "A", "stage": "小学", "students": 190, "authorized_posts": 8}),
    )
    (need,) = sf.assess_staffing(*data, projection=projection).projected
    assert (need.year, need.required, need.authorized) == (2025, 100, 8)  # 1900 / 19
    assert need.as_dict()["post_gap"] == 92


def test_result_lists_the_unconfirmed_norms() -> None:
    result = sf.assess_staffing(*QINGCHENG)
    assert any("取整" in line for line in result.unconfirmed)


def test_projected_need_counts_only_the_public_share_of_future_pupils() -> None:
    # Base year: 190 public + 190 private primary pupils → half of the 3800 projected pupils are public: 1900 / 19.
    projection = Projection("county", 2023, 2025, ProjectionSettings(), {(COUNTY, "小学", "1", 2025): 3800.0})
    data = (
        schools(("A", "公办", "城区"), ("M", "民办", "城区")),
        stages(
            {"school_code": "A", "stage": "小学", "students": 190, "authorized_posts": 8},
            {"school_code": "M", "stage": "小学", "students": 190},
        ),
    )
    (need,) = sf.assess_staffing(*data, projection=projection).projected
    assert (need.students, need.required) == (1900, 100)
    (every,) = sf.assess_staffing(*data, projection=projection, public_only=False).projected
    assert every.required == 200


def test_projected_pe_and_art_need_grows_with_each_school_pupils() -> None:
    # Base year: A 300 pupils with 1 PE/music/art teacher, B 100 with 3 → 400 public primary pupils.
    # Projected: 600 in 2024 (×1.5) and 800 in 2025 (×2), spread as today: A 450 / 600, B 150 / 200.
    # 2024: A ⌈0.009·450⌉ = ⌈4.05⌉ = 5 (gap 4), B ⌈1.35⌉ = 2 (has 3) → needed 7, gap 4.
    # 2025: A ⌈5.4⌉ = 6 (gap 5), B ⌈1.8⌉ = 2 → needed 8, gap 5.
    projection = Projection(
        "county",
        2023,
        2025,
        ProjectionSettings(),
        {(COUNTY, "小学", "1", 2024): 600.0, (COUNTY, "小学", "1", 2025): 800.0},
    )
    data = PE_ART
    result = sf.assess_staffing(*data, projection=projection)
    rows = [(p.year, p.students, p.needed, p.teachers, p.gap) for p in result.projected_subjects]
    assert rows == [(2024, 600, 7, 4, 4), (2025, 800, 8, 4, 5)]
    assert result.as_dict()["projected_subjects"][0] == {  # type: ignore[index]
        "area_code": COUNTY,
        "stage": "小学",
        "subject": "体育艺术合计",
        "year": 2024,
        "students": 600,
        "needed": 7,
        "teachers": 4,
        "gap": 4,
    }
