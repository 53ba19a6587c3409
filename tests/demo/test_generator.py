"""The demo generator: deterministic, internally consistent, and with the registry history tests rely on."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eduplan import contract as c
from eduplan.demo import (
    DEMO_CLOSED_2022,
    DEMO_MOVED,
    DEMO_RENAMED,
    DemoProvince,
    generate_demo,
    read_region_table,
    registry_for_year,
)
from eduplan.errors import UsageError
from eduplan.ingest.census_validate import validate_census

from .frames import stage_rows, with_schools

YEARS = range(2019, 2024)


def test_same_seed_gives_identical_frames() -> None:
    first, second = generate_demo(7, range(2021, 2023)), generate_demo(7, range(2021, 2023))
    pd.testing.assert_frame_equal(first.registry_events, second.registry_events)
    pd.testing.assert_frame_equal(first.population, second.population)
    for year in (2021, 2022):
        for name, frame in first.census[year].sheets().items():
            pd.testing.assert_frame_equal(frame, second.census[year].sheets()[name])


def test_another_seed_gives_other_schools(province: DemoProvince) -> None:
    other = generate_demo(8, range(2020, 2021))
    assert not other.census[2020].stages["students"].equals(province.census[2020].stages["students"])


def test_sheets_carry_the_contracts_columns_in_order(province: DemoProvince) -> None:
    sheets = province.census[2020].sheets()
    assert list(sheets) == ["学校", "学段", "年级", "人口"]
    for sheet in c.SHEETS:
        assert tuple(sheets[sheet.name].columns) == sheet.keys


@pytest.mark.parametrize("year", YEARS)
def test_stage_totals_are_the_sums_of_their_grades(province: DemoProvince, year: int) -> None:
    census = province.census[year]
    sums = census.grades.groupby(["school_code", "stage"])[["students", "classes"]].sum()
    stages = census.stages.loc[census.stages["stage"] != c.STAGE_WHOLE_SCHOOL].set_index(["school_code", "stage"])
    joined = stages[["students", "classes"]].join(sums, rsuffix="_grades", how="outer")
    assert (joined["students"] == joined["students_grades"]).all()
    assert (joined["classes"] == joined["classes_grades"]).all()


@pytest.mark.parametrize("year", YEARS)
def test_teacher_counts_nest(province: DemoProvince, year: int) -> None:
    s = province.census[year].stages
    s = s.loc[s["stage"] != c.STAGE_WHOLE_SCHOOL]
    assert (s["teachers_above_required"] <= s["teachers"]).all()
    assert (s["teachers_postgraduate"] <= s["teachers_bachelor_plus"]).all()
    assert (s["teachers_bachelor_plus"] <= s["teachers_associate_plus"]).all()
    assert (s["teachers_associate_plus"] <= s["teachers"]).all()
    assert (s["certified_teachers"] <= s["teachers"]).all()
    posts = s.dropna(subset=["staff_on_establishment"])
    assert (posts["staff_on_establishment"] <= posts["authorized_posts"]).all()


@pytest.mark.parametrize("year", YEARS)
def test_class_size_bands_fit_in_the_classes(province: DemoProvince, year: int) -> None:
    g = province.census[year].grades
    assert (g["classes_over_standard"] <= g["classes"]).all()
    assert (g["classes_56_65"] + g["classes_66_plus"] <= g["classes_over_standard"]).all()
    assert ((g["classes"] > 0) == (g["students"] > 0)).all()


def test_each_school_reports_the_stages_its_type_allows(province: DemoProvince) -> None:
    rows = with_schools(province, 2020, province.census[2020].stages)
    rows = rows.loc[rows["stage"] != c.STAGE_WHOLE_SCHOOL]
    reported = rows.groupby("school_code")["stage"].agg(frozenset)
    types = province.census[2020].schools.set_index("school_code")["school_type"]
    for code, stages in reported.items():
        assert stages == frozenset(c.STAGES_BY_SCHOOL_TYPE[types[code]]), code


def test_nine_year_schools_have_primary_and_junior_rows(province: DemoProvince) -> None:
    rows = with_schools(province, 2020, province.census[2020].stages)
    nine = rows.loc[rows["school_type"] == c.NINE_YEAR]
    assert nine["school_code"].nunique() > 10
    assert (nine.groupby("school_code")["stage"].agg(set) >= {c.STAGE_PRIMARY, c.STAGE_JUNIOR}).all()


def test_shared_resources_on_a_whole_school_row_are_not_repeated_on_stage_rows(province: DemoProvince) -> None:
    stages = province.census[2020].stages
    whole = stages.loc[stages["stage"] == c.STAGE_WHOLE_SCHOOL]
    assert len(whole) > 5
    assert whole["teachers"].isna().all() and whole["students"].isna().all()
    assert whole["teaching_aux_area"].notna().all()
    parts = stages.loc[stages["school_code"].isin(whole["school_code"]) & (stages["stage"] != c.STAGE_WHOLE_SCHOOL)]
    assert parts["teaching_aux_area"].isna().all() and parts["teachers"].notna().all()


def test_school_codes_are_ten_digits_and_unique_each_year(province: DemoProvince) -> None:
    for year in YEARS:
        codes = province.census[year].schools["school_code"]
        assert codes.str.fullmatch(r"\d{10}").all() and codes.is_unique


def test_census_schools_are_the_registry_of_their_year(province: DemoProvince) -> None:
    for year in YEARS:
        registry = registry_for_year(province.registry_events, year)
        census = province.census[year].schools
        assert registry["school_code"].is_unique
        merged = census.merge(registry, on="school_code", suffixes=("", "_reg"), validate="one_to_one")
        assert len(merged) == len(census) == len(registry)
        for key in ("name", "region_code", "sponsor", "school_type"):
            assert (merged[key] == merged[f"{key}_reg"]).all(), key


def test_versions_of_a_school_follow_each_other_without_gaps(province: DemoProvince) -> None:
    events = province.registry_events
    ended = events.dropna(subset=["valid_to"])
    assert (ended["valid_to"] > ended["valid_from"]).all()  # the store's version_ends_after_it_starts
    for _code, versions in events.groupby("school_code"):
        ends = versions["valid_to"].tolist()[:-1]
        assert ends == versions["valid_from"].tolist()[1:]
        assert versions["change"].iloc[0] == "开办"


def test_every_region_code_is_in_the_region_table(province: DemoProvince) -> None:
    known = set(read_region_table()["code"])
    demo_regions = set(province.regions["code"])
    assert demo_regions <= known
    for year in YEARS:
        assert set(province.census[year].schools["region_code"]) <= demo_regions
        assert set(province.census[year].population["region_code"]) <= demo_regions
    assert set(province.registry_events["region_code"]) <= demo_regions
    assert set(province.population["region_code"]) <= demo_regions


def test_school_closed_in_2022_is_in_the_2021_registry_only(province: DemoProvince) -> None:
    registry_2021 = registry_for_year(province.registry_events, 2021)["school_code"]
    registry_2022 = registry_for_year(province.registry_events, 2022)["school_code"]
    assert DEMO_CLOSED_2022 in set(registry_2021) and DEMO_CLOSED_2022 not in set(registry_2022)
    assert DEMO_CLOSED_2022 in set(province.census[2021].schools["school_code"])
    assert DEMO_CLOSED_2022 not in set(province.census[2022].schools["school_code"])
    last = province.registry_events.query("school_code == @DEMO_CLOSED_2022").iloc[-1]
    assert (last["valid_to"], last["end_reason"]) == (2022, "撤销")


def test_moved_school_counts_in_its_old_town_before_and_its_new_town_after(province: DemoProvince) -> None:
    def town_of(year: int) -> str:
        s = province.census[year].schools
        return str(s.loc[s["school_code"] == DEMO_MOVED.code, "region_code"].iloc[0])

    assert town_of(DEMO_MOVED.year - 1) == DEMO_MOVED.from_town == "441802001"
    assert town_of(DEMO_MOVED.year) == DEMO_MOVED.to_town == "441802003"
    move = province.registry_events.query("school_code == @DEMO_MOVED.code and change == '迁址'")
    assert move["valid_from"].tolist() == [2021]


def test_renamed_school_keeps_its_code(province: DemoProvince) -> None:
    code, year, new_name = DEMO_RENAMED
    assert new_name == "清远市银盏林场长隆学校"
    names = {y: province.census[y].schools.set_index("school_code").at[code, "name"] for y in (year - 1, year)}
    assert names == {2021: "清远市银盏林场学校", 2022: "清远市银盏林场长隆学校"}


def test_a_merged_school_names_a_school_open_when_it_merges(province: DemoProvince) -> None:
    merged = province.registry_events.dropna(subset=["merged_into"])
    assert len(merged) >= 5
    assert (merged["end_reason"] == "合并").all()
    for row in merged.itertuples():
        assert row.merged_into in set(province.census[int(row.valid_to)].schools["school_code"])


def test_schools_open_and_close_over_the_years(province: DemoProvince) -> None:
    codes = {y: set(province.census[y].schools["school_code"]) for y in YEARS}
    for before, after in itertools.pairwise(YEARS):
        assert codes[after] - codes[before], f"no school opened in {after}"
        assert codes[before] - codes[after], f"no school closed in {after}"


def test_births_rise_to_2017_and_fall_after(province: DemoProvince) -> None:
    pop = province.population
    births = pop.loc[(pop["region_code"] == "441802") & (pop["age"] == 0)].set_index("year")["resident"]
    assert births.idxmax() == 2017
    assert births.loc[2014] < births.loc[2016] < births.loc[2017]
    assert births.loc[2017] > births.loc[2018] > births.loc[2020] > births.loc[2023]


def test_population_rows_cover_ages_0_to_17(province: DemoProvince) -> None:
    pop = province.census[2020].population
    assert sorted(pop["age"].unique()) == list(range(18))
    assert (pop["year"] == 2020).all() and (pop["resident"] > 0).all()


def test_teaching_points_with_fewer_than_20_pupils_exist(province: DemoProvince) -> None:
    rows = stage_rows(province, 2020, "44")
    points = rows.loc[rows["school_type"] == c.TEACHING_POINT]
    assert ((points["students"] > 0) & (points["students"] < 20)).sum() >= 10


def test_classes_of_56_and_more_exist(province: DemoProvince) -> None:
    g = province.census[2019].grades
    assert g["classes_56_65"].sum() > 0 and g["classes_66_plus"].sum() > 0


@pytest.mark.parametrize(
    ("column", "threshold"),  # standards.md §1.2, 小学
    [("teaching_aux_area", 4.5), ("sports_area", 7.5)],
)
def test_some_qingcheng_primary_schools_fall_below_a_threshold(
    province: DemoProvince, column: str, threshold: float
) -> None:
    rows = stage_rows(province, 2020, "441802")
    primary = rows.loc[(rows["school_type"] == c.PRIMARY) & (rows["students"] >= 50)]
    per_pupil = primary[column] / primary["students"]
    assert 0 < (per_pupil < threshold).sum() < len(primary)


def weighted_cv(values: np.ndarray, pupils: np.ndarray) -> float:
    """standards.md §1.4.1: student-weighted population CV."""
    w = pupils / pupils.sum()
    mean = float((w * values).sum())
    return float(np.sqrt((w * (values - mean) ** 2).sum())) / mean


def test_weighted_cv_formula_matches_the_standards_fixture() -> None:
    pupils = np.array([45, 37, 89, 76, 55], dtype=float)  # standards.md §1.4.1, S8
    books = np.array([279, 137, 935, 160, 402], dtype=float)
    assert weighted_cv(books / pupils, pupils) == pytest.approx(0.515257, abs=1e-6)


def test_yingde_primary_sports_area_cv_fails_0_50(province: DemoProvince) -> None:
    rows = stage_rows(province, 2020, "441881")
    primary = rows.loc[(rows["school_type"] == c.PRIMARY) & (rows["students"] >= 50)]
    pupils = primary["students"].to_numpy(dtype=float)
    assert weighted_cv(primary["sports_area"].to_numpy(dtype=float) / pupils, pupils) > 0.50


def test_qingcheng_central_towns_fill_up(province: DemoProvince) -> None:
    central = ("441802001", "441802002", "441802003")  # 凤城, 东城, 洲心
    pupils = []
    for year in YEARS:
        rows = stage_rows(province, year, "441802")
        pupils.append(int(rows.loc[rows["region_code"].isin(central) & (rows["stage"] == "小学"), "students"].sum()))
    assert pupils == sorted(pupils) and pupils[-1] > 1.1 * pupils[0]
    grades = with_schools(province, 2023, province.census[2023].grades)
    over = grades.loc[grades["region_code"].isin(central) & (grades["stage"] == "小学"), "classes_over_standard"]
    assert over.sum() > 0


@pytest.mark.parametrize(
    ("seed", "years", "message"),
    [
        (-1, range(2019, 2024), "演示数据的随机种子应为非负整数，实际为 -1"),
        (1, range(1980, 1985), "演示数据的学年应为 1991–2040 之间连续的年份，实际为 1980–1984"),
        (1, range(2020, 2020), "演示数据的学年应为 1991–2040 之间连续的年份，实际为 2020–2019"),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(seed: int, years: range, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        generate_demo(seed, years)
    assert str(caught.value) == message


def test_parent_schools_are_open_whenever_their_teaching_points_are(province: DemoProvince) -> None:
    for year in YEARS:
        schools = province.census[year].schools
        parents = schools["parent_code"].dropna()
        assert len(parents) > 0
        assert set(parents) <= set(schools["school_code"]), year


@pytest.mark.parametrize("year", [2019, 2023])
def test_the_census_passes_the_importers_checks(province: DemoProvince, year: int, tmp_path: Path) -> None:
    for name, frame in province.census[year].sheets().items():
        out = frame.copy()
        if "inclusive" in out:
            out["inclusive"] = out["inclusive"].map({True: "是", False: "否"})
        out.to_csv(tmp_path / f"{name}.csv", index=False)
    valid = validate_census(tmp_path, known_regions=set(read_region_table()["code"]))
    assert [str(w) for w in valid.warnings] == []
    assert len(valid.tables["学校"]) == len(province.census[year].schools)


_DIGEST = """
import hashlib
from eduplan.demo import generate_demo
d = generate_demo(5, range(2022, 2023))
h = hashlib.sha256(d.registry_events.to_csv(index=False).encode())
for frame in d.census[2022].sheets().values():
    h.update(frame.to_csv(index=False).encode())
print(h.hexdigest())
"""


def test_same_seed_gives_identical_frames_in_processes_with_other_hash_seeds() -> None:
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", _DIGEST], env=env, capture_output=True, text=True, check=True)
        digests.add(done.stdout.strip())
    assert len(digests) == 1
