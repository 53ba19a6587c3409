"""The region table shipped in the package (src/eduplan/data/regions/regions.csv)."""

from __future__ import annotations

import pandas as pd
import pytest

from eduplan.demo.regions import demo_regions, read_region_table, town_codes_by_name


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return read_region_table()


def test_guangdong_has_21_cities_and_122_county_level_units(table: pd.DataFrame) -> None:
    assert table.loc[table["level"] == "province", "code"].tolist() == ["440000"]
    assert (table["level"] == "city").sum() == 21
    assert (table["level"] == "county").sum() == 122


def test_qingyuan_counties_have_their_gb_t_2260_codes(table: pd.DataFrame) -> None:
    counties = table.loc[table["parent_code"] == "441800"].set_index("code")["name"].to_dict()
    assert counties == {
        "441802": "清城区",
        "441803": "清新区",
        "441821": "佛冈县",
        "441823": "阳山县",
        "441825": "连山壮族瑶族自治县",
        "441826": "连南瑶族自治县",
        "441881": "英德市",
        "441882": "连州市",
    }


@pytest.mark.parametrize(("code", "name"), [("440103", "荔湾区"), ("440114", "花都区"), ("440100", "广州市")])
def test_guangzhou_regions_of_the_seeds(table: pd.DataFrame, code: str, name: str) -> None:
    assert table.set_index("code").at[code, "name"] == name


def test_every_parent_is_in_the_table_one_level_up(table: pd.DataFrame) -> None:
    levels = table.set_index("code")["level"]
    up = {"city": "province", "county": "city", "town": "county"}
    for row in table.loc[table["level"] != "province"].itertuples():
        assert levels[row.parent_code] == up[row.level], row.code


def test_towns_are_nine_digits_under_their_county_and_marked_synthetic(table: pd.DataFrame) -> None:
    towns = table.loc[table["level"] == "town"]
    assert towns["code"].str.fullmatch(r"\d{9}").all()
    assert (towns["code"].str[:6] == towns["parent_code"]).all()
    assert (towns["synthetic"] == 1).all()
    assert table["code"].is_unique


def test_qingcheng_has_its_four_streets_and_four_towns(table: pd.DataFrame) -> None:
    assert set(town_codes_by_name(table, "441802")) == {
        "凤城街道",
        "东城街道",
        "洲心街道",
        "横荷街道",
        "源潭镇",
        "龙塘镇",
        "石角镇",
        "飞来峡镇",
    }


def test_demo_subset_holds_the_province_the_demo_cities_the_given_counties_and_their_towns(table: pd.DataFrame) -> None:
    counties = ("441802", "440103")
    subset = demo_regions(table, counties)
    assert subset["level"].value_counts().to_dict() == {"town": 30, "county": 2, "city": 2, "province": 1}
