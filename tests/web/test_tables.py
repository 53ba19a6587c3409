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


@pytest.mark.django_db
def test_the_cockpit_cards_give_the_figures_and_the_lists_behind_them(web: WebWorld, as_role: Any) -> None:
    from eduplan.store.assessments import quality_balance_verdicts
    from eduplan.store.models import Region

    verdict = quality_balance_verdicts(Region.objects.get(code=web.county), 2023)[0].result
    assert verdict is not None
    failing = sum(1 for st in verdict["stages"].values() for s in st["schools"] if not s["passed"])
    client = as_role("leader")
    page = client.get(reverse("cockpit", kwargs={"region": web.county, "year": 2023}))
    cards = {c.key: (c.value, c.detail, c.url) for c in page.context["cards"]}
    assert cards == {
        "verdicts": ("1/1" if verdict["passed"] else "0/1", "共 1 个县（市、区）", "/r/441802/2023/assessments/"),
        "failing-schools": (
            str(failing),
            "义务教育学校（七项指标）",
            "/r/441802/2023/assessments/?p_verdict=%E6%9C%AA%E8%BE%BE%E6%A0%87",
        ),
        # 学前三年毛入园率 is on track (96.5 in 2022); one task, due 2022-12-31, is still 进行中.
        "off-track": ("0", "共 1 项指标", "/r/441802/2023/?i_track=是#plan-indicators"),
        "overdue": ("1", "1 份规划", "/r/441802/2023/#overdue-tasks"),
        # The three schools of the 2023 registry all have rows in the 2023 census.
        "completeness": ("100.0%", "3/3 所学校", "/r/441802/2023/schools/?reported=%E5%90%A6"),
    }
    seats = client.get(reverse("cockpit_seats", kwargs={"region": web.county, "year": 2023}))
    assert b'id="kpi-seat-gap"' in seats.content and b'href="/r/441802/2023/forecasts/"' in seats.content
