"""The region table shipped in the package (src/eduplan/data/regions/regions.csv) and the part of it
the demo province uses."""

from __future__ import annotations

from importlib import resources

import pandas as pd

REGION_COLUMNS: tuple[str, ...] = ("code", "name", "level", "parent_code", "synthetic")
PROVINCE_CODE = "440000"
DEMO_CITIES: tuple[str, ...] = ("441800", "440100")


def read_region_table() -> pd.DataFrame:
    """The shipped region table: code, name, level (province/city/county/town), parent_code, synthetic (0/1)."""
    path = resources.files("eduplan").joinpath("data/regions/regions.csv")
    with path.open("r", encoding="utf-8") as f:
        table = pd.read_csv(f, dtype={"code": str, "name": str, "level": str, "parent_code": str, "synthetic": int})
    table["parent_code"] = table["parent_code"].where(table["parent_code"].notna(), None)
    return table.loc[:, list(REGION_COLUMNS)]


def demo_regions(table: pd.DataFrame, county_codes: tuple[str, ...]) -> pd.DataFrame:
    """The province, the demo's cities, its counties and their towns, in the table's order."""
    towns = table["parent_code"].isin(county_codes) & (table["level"] == "town")
    keep = table["code"].isin((PROVINCE_CODE, *DEMO_CITIES, *county_codes)) | towns
    return table.loc[keep].reset_index(drop=True)


def town_codes_by_name(table: pd.DataFrame, county_code: str) -> dict[str, str]:
    towns = table.loc[(table["parent_code"] == county_code) & (table["level"] == "town")]
    return dict(zip(towns["name"], towns["code"], strict=True))
