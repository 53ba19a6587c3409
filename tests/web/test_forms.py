"""Bad parameters on every page: a 400 with a message (or the page ignoring a filter it does not know), never a 500.

The URL conf is walked through the access matrix's rules (tests/web/test_access.py), so a new page is walked too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from eduplan.contract import SCHOOL_YEAR_RULE
from tests.web.test_access import RULES, Rule, _body, ids  # noqa: F401  (ids: the notes' fixture)
from tests.web.world import ROLE_USERS, WebWorld

BAD_VALUES = ("abc", "99999999999", "-1e400|\x00%")
HUGE = 99999999999  # more than a database integer column holds
# Every parameter a page or the API reads, each given each bad value in turn.
PARAMETERS = (
    "year",
    "to_year",
    "region",
    "town",
    "grade",
    "subject",
    "choice",
    "exam",
    "prior_exam",
    "page",
    "q",
    "births_trend",
    "method",
    "averaging_years",
    "housing_dwellings",
    "object_type",
    "number",
)


def _admin() -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=ROLE_USERS["admin"]))
    return client


def _message(response: Any) -> str:
    if response["Content-Type"].startswith("application/json"):
        return str(json.loads(response.content)["error"])
    return _body(response).replace("&#x27;", "'")


def _get(client: Client, name: str, rule: Rule, kwargs: dict[str, Any], query: dict[str, str]) -> Any:
    url = reverse(name, kwargs=kwargs)
    if rule.method == "post":
        data = rule.data("admin") if callable(rule.data) else rule.data
        return client.post(url, {**data, **query})
    return client.get(url, query)


@pytest.mark.django_db
def test_no_page_answers_500_to_bad_parameters(web: WebWorld, ids: dict[str, int]) -> None:  # noqa: F811
    client = _admin()
    failures = []
    for name, rule in sorted(RULES.items()):
        if rule.kind == "public":
            continue
        kwargs = rule.objects(web, ids).inside
        for value in BAD_VALUES:
            query = dict.fromkeys(PARAMETERS, value)
            response = _get(client, name, rule, kwargs, query)
            if response.status_code >= 500:
                failures.append((name, value, response.status_code))
            elif response.status_code == 400:
                message = _message(response)
                # A wrong value says what is wrong (不对/应为); a form missing its fields asks for them (请填写/请选择);
                # a form posted again names what it would duplicate (已存在).
                words = ("不对", "应为", "请填写", "请选择", "已存在", "不必重复")
                assert any(w in message for w in words), (name, value, message[-300:])
        # The numbers in the path too: a school year, a plan, a census version, a note or a user far out of range.
        huge = {k: HUGE for k, v in kwargs.items() if isinstance(v, int)}
        if huge:
            response = _get(client, name, rule, kwargs | huge, {})
            if response.status_code >= 500 or response.status_code not in (400, 404):
                failures.append((name, str(huge), response.status_code))
    assert failures == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/r/441802/2023/forecasts/?to_year=abc", "预测终止年 abc 不对"),
        ("/r/441802/2023/forecasts/?to_year=99999999999", "预测终止年 99999999999 不对"),
        ("/r/441802/2023/forecasts/?to_year=2040", "预测终止年 2040 不对：应在 2024–2038 之间"),
        ("/r/441802/99999999999/forecasts/", f"学年 '99999999999' 不对：{SCHOOL_YEAR_RULE}"),
        ("/r/441802/1989/schools/", f"学年 '1989' 不对：{SCHOOL_YEAR_RULE}"),
        ("/pick/?region=441802&year=abc", f"学年 'abc' 不对：{SCHOOL_YEAR_RULE}"),
        ("/api/regions/441802/schools/?year=-1", f"学年 '-1' 不对：{SCHOOL_YEAR_RULE}"),
        ("/api/regions/441802/schools/", "缺少参数 year"),
    ],
)
def test_a_bad_parameter_says_what_is_wrong(web: WebWorld, url: str, message: str) -> None:
    response = _admin().get(url)
    assert response.status_code == 400
    assert message in _message(response)


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["-1", "99999999999", "abc"])
def test_the_plan_report_refuses_a_bad_year(web: WebWorld, year: str) -> None:
    response = _admin().get(reverse("plan_report", kwargs={"plan_id": web.plan_id, "fmt": "xlsx"}), {"year": year})
    assert response.status_code == 400
    assert f"学年 '{year}' 不对：{SCHOOL_YEAR_RULE}" in _message(response)
