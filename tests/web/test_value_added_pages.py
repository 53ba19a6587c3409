"""The 增值评价 pages on the web world's hand case (tests/web/scores.py): the numbers, the chart, and who sees what."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.core.test_value_added import SD
from tests.web.conftest import client_for
from tests.web.scores import LAMBDA
from tests.web.world import OUTSIDER, WebWorld

Z = 1.959963984540054
# Best first: 新城小学 +10λ, 城南小学 −2λ, 河西小学 −8λ (all three intervals clear zero).
EXPECTED = [("新城小学", 10 * LAMBDA), ("城南小学", -2 * LAMBDA), ("河西小学", -8 * LAMBDA)]
QUERY = {"grade": "6", "subject": "数学"}


def _chart(body: str, name: str) -> Any:
    match = re.search(rf'<script id="chart-{name}" type="application/json">(.*?)</script>', body, re.S)
    assert match, f"no chart {name}"
    return json.loads(match.group(1))


def _page(client: Client, w: WebWorld, region: str | None = None) -> str:
    response = client.get(reverse("value_added", args=[region or w.county, 2023]), QUERY)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_analyst_sees_every_school_of_the_county_best_first(web: WebWorld, as_role: Any) -> None:
    body = _page(as_role("planning"), web)
    rows = re.findall(r'<a href="/schools/\d+/value-added/[^"]*">([^<]+)</a></td>\s*<td class="num">(\d+)</td>', body)
    assert rows == [(name, "3") for name, _ in EXPECTED]
    for name, effect in EXPECTED:
        assert f"{effect:+.2f}" in body.split(name, 1)[1].split("</tr>")[0]
    assert "外县小学" not in body
    assert "τ²" in body and f"{250 / 3:.3f}" in body
    assert '<option value="6|数学" selected>' in body


@pytest.mark.django_db
def test_the_form_choice_picks_the_grade_and_subject(web: WebWorld, as_role: Any) -> None:
    """Grade 5 (2022) has no earlier exam: the year is listed as not estimable, with the reason."""
    url = reverse("school_value_added", args=[web.school])
    body = as_role("clerk").get(url, {"choice": "5|数学"}).content.decode()
    assert '<option value="5|数学" selected>' in body
    assert "2022 学年：上一学年（2021）该批学生的数学没有成绩" in body
    assert "没有可估计增值的学年" in body


@pytest.mark.django_db
def test_the_caterpillar_chart_carries_each_school_and_its_interval(web: WebWorld, as_role: Any) -> None:
    chart = _chart(_page(as_role("leader"), web), "caterpillar")
    lines, dots = chart["series"]
    assert chart["yAxis"]["data"] == [name for name, _ in EXPECTED]
    assert [d["value"] for d in dots["data"]] == [[round(e, 2), n] for n, e in EXPECTED]
    assert [d["coords"] for d in lines["data"]] == [
        [[round(e - Z * SD, 2), n], [round(e + Z * SD, 2), n]] for n, e in EXPECTED
    ]
    assert [d["itemStyle"]["color"] for d in dots["data"]] == ["#2f855a", "#c53030", "#c53030"]  # above, below, below


@pytest.mark.django_db
def test_a_county_with_one_school_says_so(web: WebWorld) -> None:
    body = _page(client_for(OUTSIDER), web, web.other_county)
    assert "只有 1 所学校有可用成绩，至少需要 3 所学校才能估计学校间方差 τ²" in body


@pytest.mark.django_db
def test_the_clerk_sees_his_own_school_only(web: WebWorld, as_role: Any) -> None:
    clerk = as_role("clerk")
    response = clerk.get(reverse("school_value_added", args=[web.school]), QUERY)
    assert response.status_code == 200
    body = response.content.decode()
    chart = _chart(body, "track")
    assert chart["xAxis"]["data"] == ["2023"]
    assert chart["series"][1]["data"] == [round(-2 * LAMBDA, 2)]
    assert f"{-2 * LAMBDA:+.2f}" in body and "河西小学" not in body and "新城小学" not in body
    assert clerk.get(reverse("school_value_added", args=[web.sibling_school]), QUERY).status_code == 404
    assert clerk.get(reverse("value_added", args=[web.county, 2023]), QUERY).status_code == 404


@pytest.mark.django_db
def test_the_workbook_from_the_page_holds_the_same_numbers(web: WebWorld, as_role: Any) -> None:
    response = as_role("planning").get(reverse("value_added_report", args=[web.county, 2023, "xlsx"]), QUERY)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["学校增值"].iter_rows(values_only=True))
    header = rows[0]
    got = [(r[header.index("学校名称")], r[header.index("增值（分）")]) for r in rows[1:]]
    assert [n for n, _ in got] == [n for n, _ in EXPECTED]
    assert [e for _, e in got] == pytest.approx([e for _, e in EXPECTED], rel=1e-9)


@pytest.mark.django_db
def test_the_api_gives_the_pages_numbers(web: WebWorld, as_role: Any) -> None:
    data = as_role("leader").get(reverse("api_value_added", args=[web.county, 2023]), QUERY).json()
    assert data["choices"] == [{"grade": "6", "subject": "数学"}] and data["message"] == ""
    result = data["result"]
    assert [(s["name"], s["effect"]) for s in result["schools"]] == [
        (n, pytest.approx(e, rel=1e-9)) for n, e in EXPECTED
    ]
    assert result["tau2"] == pytest.approx(250 / 3, rel=1e-9)
    assert result["unestimated_schools"] == []
    outsider = client_for(OUTSIDER).get(reverse("api_value_added", args=[web.county, 2023]), QUERY)
    assert outsider.status_code == 404


@pytest.mark.django_db
def test_the_exams_are_passed_on_and_an_unknown_one_is_named(web: WebWorld, as_role: Any) -> None:
    client = as_role("planning")
    body = _page(client, web)
    link = reverse("value_added_report", args=[web.county, 2023, "xlsx"])
    assert (
        f"{link}?grade=6&amp;subject=%E6%95%B0%E5%AD%A6&amp;exam=%E5%85%AD%E5%B9%B4%E7%BA%A7%E6%9C%9F%E6%9C%AB&amp;"
        in body
    )
    # The PDF is generated as a background job, with the same exams.
    assert f'action="{reverse("report_job", args=[web.county, 2023, "value-added.pdf"])}"' in body
    assert '<input type="hidden" name="exam" value="六年级期末">' in body
    url = reverse("value_added", args=[web.county, 2023])
    named = client.get(url, {**QUERY, "exam": "六年级期末", "prior_exam": "五年级期末"}).content.decode()
    assert f"{10 * LAMBDA:+.2f}" in named
    unknown = client.get(url, {**QUERY, "exam": "期中"}).content.decode()
    assert "2023 学年 6 年级数学没有名为“期中”的考试；已有：六年级期末" in unknown
    report = client.get(reverse("value_added_report", args=[web.county, 2023, "xlsx"]), {**QUERY, "exam": "期中"})
    assert report.status_code == 404
