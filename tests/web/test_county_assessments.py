"""The 基本均衡 and 学前普及普惠 county pages show the core's result (values asserted against core functions)."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pandas as pd
import pytest
from django.urls import reverse

from eduplan.core.basic_balance import assess_basic_balance
from eduplan.core.preschool import assess_preschool
from eduplan.store.census import census_frames
from tests.web.world import WebWorld, current_tables


def _text(body: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.decode()))


@pytest.mark.django_db
def test_the_basic_balance_page_shows_the_core_verdict_and_each_school(web: WebWorld, as_role: Any) -> None:
    frames = census_frames(web.county, 2023)
    core = assess_basic_balance(frames.schools, frames.stages, region=web.county, year=2023)
    primary = core.stages["小学"]
    client = as_role("leader")
    page = client.get(reverse("basic_balance", kwargs={"region": web.county, "year": 2023}))
    assert page.status_code == 200
    text = _text(page.content)
    assert page.context["result"] is not None, page.context["reason"]
    # 3 schools, equal areas per pupil: the composite is the mean of the teacher ratios' small CVs (达标 ≤ 0.65).
    assert f"小学（3 所学校）：综合差异系数 {primary.composite_cv:.3f} （≤ 0.65，达标）" in text
    assert primary.composite_cv is not None and primary.composite_cv < 0.02
    rows = {r["school_code"]: r for r in page.context["tables"]["小学"].page}
    assert set(rows) == {"4418020001", "4418020002", "4418020004"}
    assert rows["4418020001"]["teachers_per_student"] == round(52 / 960, 4)  # 52 teachers, 960 pupils
    assert rows["4418020001"]["below"] == 2  # both teacher ratios under the county's weighted means
    below = client.get(page.request["PATH_INFO"], {"p_position": "不低于全县平均"}).context["tables"]["小学"]
    assert [r["school_code"] for r in below.page] == ["4418020002"]
    # The report names the schools it speaks of: each one's values in the workbook.
    report = client.get(reverse("report_download", kwargs={"region": web.county, "year": 2023, "name": "basic.xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(report.content))["学校指标"]
    listed = [(r[1].value, r[2].value) for r in sheet.iter_rows(min_row=2)]
    assert listed == [("城南小学（4418020001）", 960), ("河西小学（4418020002）", 630), ("新城小学（4418020004）", 420)]
    city = client.get(reverse("basic_balance", kwargs={"region": "441800", "year": 2023}))
    assert city.status_code == 404  # above the leader's scope


@pytest.mark.django_db
def test_the_preschool_page_lists_the_kindergartens_behind_each_indicator(web: WebWorld, as_role: Any) -> None:
    from eduplan.store.census import do_load_census
    from eduplan.store.registry import do_open_school

    page = reverse("preschool", kwargs={"region": web.county, "year": 2023})
    client = as_role("leader")
    assert "没有学前学段数据" in client.get(page).content.decode()  # the world has no kindergarten yet
    do_open_school("4418020008", 2023, name="凤城幼儿园", region_id="441802001", school_type="幼儿园",
                   sponsor="公办", urban_rural="城区")  # fmt: skip
    tables = current_tables(2023)
    tables["学校"].loc[len(tables["学校"])] = {**tables["学校"].iloc[0].to_dict(), "school_code": "4418020008",
                                              "name": "凤城幼儿园", "school_type": "幼儿园", "inclusive": True}  # fmt: skip
    kg = {"school_code": "4418020008", "stage": "学前", "students": 180, "classes": 6, "teachers": 12}
    kg |= {"nursery_staff": 6, "certified_teachers": 11}
    tables["学段"] = pd.concat([tables["学段"], pd.DataFrame([kg])], ignore_index=True)
    grades = [{"school_code": "4418020008", "stage": "学前", "grade": g, "students": 60, "classes": 2} for g in ("小班", "中班", "大班")]  # fmt: skip
    tables["年级"] = pd.concat([tables["年级"], pd.DataFrame(grades)], ignore_index=True)
    do_load_census(2023, tables, source="test", filename="with-kindergarten")
    frames = census_frames(web.county, 2023)
    core = assess_preschool(
        frames.schools, frames.stages, frames.grades, frames.population, region=web.county, year=2023
    )
    response = client.get(page)
    assert response.status_code == 200
    text = _text(response.content)
    assert [k["name"] for k in response.context["tables"]["学前"].page] == ["凤城幼儿园"]
    row = text[text.index("凤城幼儿园 4418020008") :][:60]
    kg_core = core.kindergartens[0]
    inclusive = {True: "是", False: "否"}[bool(kg_core["inclusive"])]
    assert kg_core["children_per_teacher"] == 15.0  # 180 children / 12 teachers
    assert row.startswith(f"凤城幼儿园 4418020008 公办 {inclusive} 180 6 12 15 "), row
    for ind in core.indicators:
        word = "达标" if ind.passed else "未达标"
        assert f"{ind.name} {ind.value:,.2f}".rstrip("0").rstrip(".") in text or ind.value is None, ind.name
        assert response.content.decode().count(f'data-key="{ind.key}"') == 1
        assert word in text
