"""The access matrix: every URL pattern × every role × an object in scope and one out of scope.

The URL conf is walked, so a new URL without a rule in RULES fails ``test_every_url_has_a_rule``.
Out of scope is always 403 or 404 and never shows out-of-scope data; in scope, a role reads what its
scope holds and writes only where its role may (else 403).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from eduplan.store.models import SupervisionNote
from tests.web.conftest import client_for
from tests.web.world import OUTSIDER, ROLE_USERS, WebWorld

# Text that only out-of-scope objects carry: it must never appear in a response to a 清城区 user.
OUT_OF_SCOPE_TEXT = ("外县小学", "4418030001", "清新区", "范围外指标", "范围外的发现", OUTSIDER)
# A clerk's scope is one school (城南小学): its sibling schools of the same county are out of it too.
OUT_OF_CLERK_SCOPE_TEXT = (*OUT_OF_SCOPE_TEXT, "河西小学", "新城小学", "石角小学教学点", "4418020002")


@dataclass(frozen=True)
class Objects:
    """The keyword arguments of a URL for an object in and out of the test users' scope."""

    inside: dict[str, Any]
    outside: dict[str, Any] | None  # None: the URL names no object (a list page); its content is checked instead


@dataclass(frozen=True)
class Rule:
    kind: str  # public | list | region | school | plan | census | user | admin
    objects: Callable[[WebWorld, dict[str, int]], Objects]
    method: str = "get"
    area: str | None = None  # the write area a role needs (access.WRITES); None for reads
    data: dict[str, str] = field(default_factory=dict)
    query: str = ""


def _none(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({}, None)


def _region(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"region": w.county, "year": 2023}, {"region": w.other_county, "year": 2023})


def _school(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"code": w.school}, {"code": w.other_school})


def _note(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects(
        {"code": w.school, "note_id": ids["note"]},
        {"code": w.other_school, "note_id": ids["other_note"]},
    )


def _plan(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"plan_id": w.plan_id}, {"plan_id": w.other_plan_id})


def _plan_item(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects(
        {"plan_id": w.plan_id, "kind": "indicator", "item_id": w.indicator_id},
        {"plan_id": w.other_plan_id, "kind": "indicator", "item_id": w.other_indicator_id},
    )


def _census(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"year": 2022, "number": 1}, {"year": 2022, "number": 99})


def _user(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"user_id": ids["leader"]}, {"user_id": ids["outsider"]})


def _api_region(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"code": w.county}, {"code": w.other_county})


def _api_region_year(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"code": w.county, "year": 2023}, {"code": w.other_county, "year": 2023})


RULES: dict[str, Rule] = {
    "login": Rule("public", _none),
    "logout": Rule("public", _none, method="post"),
    "set_language": Rule("public", _none, method="post", data={"language": "en", "next": "/"}),
    "home": Rule("list", _none),
    "pick": Rule("list", _none),
    "dashboard": Rule("region", _region),
    "dashboard_panel": Rule("region", lambda w, i: _with(_region(w, i), name="balance")),
    "schools": Rule("region", _region),
    "assessments": Rule("region", _region),
    "assessment_run": Rule("region", _region, "post", "assessments", {"kind": "balanced"}),
    "assessment_item": Rule("region", _region, "post", "assessments", {"item_key": "gov_01_layout", "status": "达标"}),
    "forecasts": Rule("region", _region),
    "value_added": Rule("region", _region, query="?grade=6&subject=%E6%95%B0%E5%AD%A6"),
    "value_added_report": Rule(
        "region", lambda w, i: _with(_region(w, i), fmt="xlsx"), query="?grade=6&subject=%E6%95%B0%E5%AD%A6"
    ),
    "school_value_added": Rule("school", _school, query="?grade=6&subject=%E6%95%B0%E5%AD%A6"),
    "reports": Rule("region", _region),
    "report_download": Rule("region", lambda w, i: _with(_region(w, i), name="census.xlsx")),
    "school": Rule("school", _school),
    "add_note": Rule("school", _school, "post", "supervision", {"year": "2023", "finding": "功能室不足"}),
    "rectify_note": Rule("school", _note, "post", "rectification", {"rectification": "已补齐", "status": "已整改"}),
    "census": Rule("census", _none),
    "census_upload": Rule("census", _none, area="census"),
    "census_restore": Rule("census", _census, "post", "census"),
    "plans": Rule("list", _none),
    "plan": Rule("plan", _plan),
    "plan_review": Rule("plan", _plan),
    "plan_report": Rule("plan", lambda w, i: _with(_plan(w, i), fmt="xlsx")),
    "plan_correct": Rule("plan", _plan_item, "post", "plans", {"name": "学前三年毛入园率", "target_value": "98"}),
    "audit": Rule("list", _none),
    "users": Rule("admin", _none),
    "user_scope": Rule("admin", _user, "post", "users", {"role": "leader", "where": "441802"}),
    "api_openapi": Rule("list", _none),
    "api_regions": Rule("list", _none),
    "api_region_schools": Rule("region", _api_region, query="?year=2023"),
    "api_school": Rule("school", _school),
    "api_census_versions": Rule("list", _none),
    "api_plans": Rule("list", _none),
    "api_plan": Rule("plan", _plan),
    "api_quality_balance": Rule("region", _api_region_year),
    "api_audit": Rule("list", _none),
}


def _with(objects: Objects, **extra: Any) -> Objects:
    return Objects({**objects.inside, **extra}, {**(objects.outside or {}), **extra})


def url_names() -> list[str]:
    names: list[str] = []

    def walk(patterns: list[Any]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns)
            elif isinstance(p, URLPattern):
                assert p.name, f"URL pattern {p.pattern} has no name, so no rule can cover it"
                names.append(p.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_has_a_rule() -> None:
    names = url_names()
    assert sorted(set(names) - set(RULES)) == [], "add a rule to RULES for each new URL"
    assert sorted(set(RULES) - set(names)) == [], "RULES names a URL that no longer exists"


def expected_inside(role: str, rule: Rule) -> set[int]:
    """The status a role gets for the object in its scope."""
    from eduplan.web.access import WRITES

    if role == "clerk" and rule.kind in ("region", "plan", "census"):
        if rule.objects is not _none:
            return {404}  # a region, plan or census version: never inside one school's scope
        if rule.area is None:
            return {302}  # the census list sends a clerk back to his school
    if rule.kind == "admin" and role != "admin":
        return {403}
    if rule.area is not None and rule.area not in WRITES[role]:
        return {403}
    return {200, 302}


def _call(client: Client, rule: Rule, name: str, kwargs: dict[str, Any]) -> Any:
    url = reverse(name, kwargs=kwargs) + rule.query
    return client.post(url, rule.data) if rule.method == "post" else client.get(url)


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return str(response.content.decode("utf-8", "replace"))


@pytest.fixture
def ids(web: WebWorld) -> dict[str, int]:
    note = SupervisionNote.objects.create(school_code=web.school, year=2023, finding="校园安全台账不全")
    other = SupervisionNote.objects.create(school_code=web.other_school, year=2023, finding="范围外的发现")
    users = {u.username: u.pk for u in User.objects.all()}
    return {"note": note.pk, "other_note": other.pk, "leader": users["t-leader"], "outsider": users[OUTSIDER]}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RULES))
def test_access_matrix(name: str, web: WebWorld, ids: dict[str, int]) -> None:
    rule = RULES[name]
    objects = rule.objects(web, ids)
    if rule.kind == "public":
        assert _call(Client(), rule, name, objects.inside).status_code in (200, 302)
        return
    anonymous = _call(Client(), rule, name, objects.inside)
    assert anonymous.status_code in (302, 401, 405), f"{name}: anonymous got {anonymous.status_code}"
    if anonymous.status_code == 302:
        assert anonymous["Location"].startswith("/accounts/login/")
    for role, username in ROLE_USERS.items():
        client = client_for(username)
        if objects.outside is not None:
            outside = _call(client, rule, name, objects.outside)
            assert outside.status_code in (403, 404), f"{name} as {role}, out of scope: {outside.status_code}"
        inside = _call(client, rule, name, objects.inside)
        expected = expected_inside(role, rule)
        assert inside.status_code in expected, f"{name} as {role}, in scope: {inside.status_code}, expected {expected}"
        if inside.status_code == 200:
            body = _body(inside)
            hidden = OUT_OF_CLERK_SCOPE_TEXT if role == "clerk" else OUT_OF_SCOPE_TEXT
            leaked = [text for text in hidden if text in body]
            assert leaked == [], f"{name} as {role} shows out-of-scope data: {leaked}"


@pytest.mark.django_db
def test_a_user_without_a_scope_sees_nothing(web: WebWorld) -> None:
    User.objects.create_user("t-noscope", password="x")
    client = Client()
    client.force_login(User.objects.get(username="t-noscope"))
    assert client.get(reverse("dashboard", kwargs={"region": web.county, "year": 2023})).status_code == 404
    assert client.get(reverse("api_regions")).status_code == 404


@pytest.mark.django_db
def test_clerk_school_list_holds_his_school_only(web: WebWorld) -> None:
    from eduplan.web.access import schools_in_scope

    clerk = User.objects.get(username=ROLE_USERS["clerk"])
    assert [v.school_id for v in schools_in_scope(clerk, 2023)] == [web.school]


@pytest.mark.django_db
def test_forms_need_the_csrf_token(web: WebWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username=ROLE_USERS["planning"]))
    url = reverse("census_restore", kwargs={"year": 2022, "number": 1})
    assert client.post(url).status_code == 403
