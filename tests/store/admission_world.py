"""A small 花都 (440114) admission world for the store, web and report tests: 3 schools, 6 applicants (spec §4 toy)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from eduplan.core.admission import PUBLIC, PURCHASED

DISTRICT = "440114"
YEAR = 2025
SEATS = pd.DataFrame(
    {
        "school_code": ["4401140001", "4401140002", "4401140003"],
        "name": ["新华街第一小学", "秀全小学", "花都民办实验学校"],
        "area": ["城区", "城区", "城区"],
        "grade": [1, 1, 1],
        "kind": [PUBLIC, PUBLIC, PURCHASED],
        "seats": [2, 1, 2],
    }
)


def regions() -> None:
    from eduplan.store.models import Region

    for code, name, level, parent in (("44", "广东省", "province", None), ("4401", "广州市", "city", "44"),
                                      (DISTRICT, "花都区", "county", "4401")):  # fmt: skip
        Region.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent_id": parent})


def applicant(
    name: str, permit_years: int, pension_months: int, education: str, choices: list[str]
) -> dict[str, object]:
    """An eligible 一年级 applicant scored under gz-2021 at 2025-05-31: 8 × permit years + 2 × (pension months // 12)
    + 30 (age 35) + education."""
    return {
        "applicant": name,
        "name": f"孩子{name}",
        "row": 0,
        "grade": 1,
        "area": "城区",
        "permit_start": dt.date(2025 - permit_years, 5, 31),
        "ins_pension_months": pension_months,
        "birth_date": dt.date(1990, 1, 1),
        "education": education,
        "city_points_valid": True,
        "hukou_local": False,
        "child_birth_date": dt.date(2019, 3, 1),
        "choices": choices,
    }


X, Y, Z = SEATS["school_code"]
APPLICANTS = pd.DataFrame(
    [
        applicant("a1", 6, 60, "本科", [X, Y]),  # 48 + 10 + 30 + 30 = 118, 省五年 batch
        applicant("a2", 4, 48, "研究生", [X, Y, Z]),  # 32 + 8 + 30 + 30 = 100
        applicant("a3", 3, 36, "本科", [Y, X]),  # 24 + 6 + 30 + 30 = 90
        applicant("a4", 5, 72, "高中", [Y]),  # 40 + 12 + 30 + 10 = 92, 省五年 batch
        applicant("a5", 3, 36, "专科", [Y, Z]),  # 24 + 6 + 30 + 20 = 80
        applicant("a6", 1, 0, "初中及以下", [X]),  # 8 + 0 + 30 = 38
    ]
).assign(row=range(2, 8))
