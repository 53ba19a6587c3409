"""The read-only JSON API: its OpenAPI description covers every endpoint, and answers are scoped like the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.test_access import url_names
from tests.web.world import WebWorld


def test_openapi_describes_every_api_url() -> None:
    from django.urls import get_resolver

    from eduplan.web.openapi import ENDPOINTS

    routes = {
        "/" + str(p.pattern).replace("<str:", "{").replace("<int:", "{").replace(">", "}")
        for p in get_resolver().url_patterns
        if str(p.pattern).startswith("api/")
    }
    assert routes == set(ENDPOINTS)
    assert {n for n in url_names() if n.startswith("api_")} == {
        "api_openapi",
        "api_regions",
        "api_region_schools",
        "api_school",
        "api_census_versions",
        "api_plans",
        "api_plan",
        "api_quality_balance",
        "api_value_added",
        "api_quality",
        "api_audit",
        "api_teachers",  # docs/teachers.md
        "api_supervision",
        "api_visit",  # docs/supervision.md
        "api_rectification",
    }


@pytest.mark.django_db
def test_the_api_needs_a_session(web: WebWorld) -> None:
    response = Client().get(reverse("api_regions"))
    assert response.status_code == 401
    assert response.json() == {"error": "未登录 / authentication required"}


@pytest.mark.django_db
def test_the_api_is_read_only(web: WebWorld, as_role: Any) -> None:
    assert as_role("admin").post(reverse("api_regions")).status_code == 405


@pytest.mark.django_db
def test_regions_are_the_users_subtree(web: WebWorld, as_role: Any) -> None:
    codes = [r["code"] for r in as_role("leader").get(reverse("api_regions")).json()]
    assert codes == ["441802", "441802001", "441802002"]
    assert as_role("clerk").get(reverse("api_regions")).json() == []


@pytest.mark.django_db
def test_schools_of_a_year_follow_the_registry(web: WebWorld, as_role: Any) -> None:
    url = reverse("api_region_schools", kwargs={"code": web.county})
    in_2021 = [s["school_code"] for s in as_role("leader").get(url, {"year": 2021}).json()]
    in_2023 = [s["school_code"] for s in as_role("leader").get(url, {"year": 2023}).json()]
    assert in_2021 == ["4418020001", "4418020002", "4418020003"]  # 新城小学 opened in 2022
    assert in_2023 == ["4418020001", "4418020002", "4418020004"]  # 石角小学教学点 closed in 2022
    missing = as_role("leader").get(url)
    assert missing.status_code == 400
    assert missing.json() == {"error": "缺少参数 year（学年，如 2023）"}


@pytest.mark.django_db
def test_a_school_history_shows_its_move(web: WebWorld, as_role: Any) -> None:
    body = as_role("leader").get(reverse("api_school", kwargs={"code": web.sibling_school})).json()
    assert [(v["valid_from"], v["valid_to"], v["change"], v["region_code"]) for v in body["history"]] == [
        (2019, 2021, "开办", "441802001"),
        (2021, None, "迁址", "441802002"),
    ]


@pytest.mark.django_db
def test_out_of_scope_is_404_without_data(web: WebWorld, as_role: Any) -> None:
    response = as_role("leader").get(reverse("api_school", kwargs={"code": web.other_school}))
    assert response.status_code == 404
    assert response.json() == {"error": "未找到 / not found"}


@pytest.mark.django_db
def test_a_plan_carries_its_tracking(web: WebWorld, as_role: Any) -> None:
    body = as_role("planning").get(reverse("api_plan", kwargs={"plan_id": web.plan_id})).json()
    (indicator,) = body["indicators"]
    assert indicator["actuals"] == {"2021": 96.0, "2022": 96.5}
    assert [t["overdue"] for t in body["tasks"]] == [True]
