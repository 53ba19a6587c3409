"""Worked tables (web/areas/tables.py): the school list sorted, filtered, searched, paginated and exported."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from eduplan.store.registry import do_open_school
from tests.web.world import WebWorld


def _ids(response: Any) -> list[str]:
    return [row["school_id"] for row in response.context["table"].page]


@pytest.mark.django_db
def test_the_school_list_sorts_filters_and_tells_who_has_not_reported(web: WebWorld, as_role: Any) -> None:
    # A school opened in 2023 that the 2023 census does not hold: the one not yet reported.
    do_open_school("4418020009", 2023, name="东城幼儿园", region_id="441802002", school_type="幼儿园",
                   sponsor="民办", urban_rural="城区")  # fmt: skip
    client = as_role("leader")
    url = reverse("schools", kwargs={"region": web.county, "year": 2023})
    assert _ids(client.get(url)) == ["4418020001", "4418020002", "4418020004", "4418020009"]
    assert _ids(client.get(url, {"sort": "-name"})) == ["4418020002", "4418020004", "4418020001", "4418020009"]
    assert _ids(client.get(url, {"reported": "否"})) == ["4418020009"]
    assert _ids(client.get(url, {"stage": "小学", "town": "441802002"})) == ["4418020002", "4418020004"]
    assert _ids(client.get(url, {"stage": "学前", "sponsor": "民办"})) == ["4418020009"]
    page = client.get(url, {"q": "4418020009"}).content.decode()
    assert '<a href="/schools/4418020009/" hx-boost="false">东城幼儿园</a>' in page
    assert "1 行（共 4 行）" in page


@pytest.mark.django_db
def test_the_school_list_exports_the_filtered_rows_as_shown(web: WebWorld, as_role: Any) -> None:
    url = reverse("schools", kwargs={"region": web.county, "year": 2023})
    response = as_role("leader").get(url, {"town": "441802002", "sort": "-school_id", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[1]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "学校名称",
        "学校标识码",
        "县（市、区）",
        "乡镇街道",
        "办学类型",
        "学段",
        "举办者",
        "城乡分类",
        "本学年已填报",
    ]
    assert rows[1:] == [
        ["新城小学", "4418020004", "清城区", "东城街道", "小学", "小学", "公办", "城区", "是"],
        ["河西小学", "4418020002", "清城区", "东城街道", "小学", "小学", "公办", "城区", "是"],
    ]
    cover = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert ["乡镇街道", "东城街道"] in cover


BAD_QUERIES = [
    (
        {"sort": "password"},
        "排序列 'password' 不对：应为 name（学校名称）、school_id（学校标识码）、county（县（市、区））、",
    ),
    ({"sort": "-stages"}, "reported（本学年已填报） 之一（前加 - 为降序）"),
    ({"page": "0"}, "页码 '0' 不对：应为从 1 起的整数"),
    ({"school_type": "大学"}, "筛选条件“办学类型”的值 '大学' 不对：应为"),
    ({"town": "441803001"}, "筛选条件“乡镇街道”的值 '441803001' 不对：应为 凤城街道、东城街道 之一，或留空"),
    ({"export": "csv"}, "导出格式 'csv' 不对：应为 xlsx"),
]


@pytest.mark.django_db
def test_a_bad_table_parameter_is_a_400_in_chinese(web: WebWorld, as_role: Any) -> None:
    client = as_role("leader")
    for query, message in BAD_QUERIES:
        response = client.get(reverse("schools", kwargs={"region": web.county, "year": 2023}), query)
        assert response.status_code == 400, query
        assert message in response.content.decode().replace("&#x27;", "'"), query
