"""Pages are in Simplified Chinese by default, and in English when the user picks it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_login_page_is_chinese_by_default() -> None:
    body = Client().get("/accounts/login/").content.decode()
    assert '<html lang="zh-CN">' in body
    assert "<h1>登录</h1>" in body


@pytest.mark.django_db
def test_picking_english_translates_the_pages() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in body
    assert "<h1>Log in</h1>" in body
    assert "Regional Education Planning, Monitoring and Supervision" in body


@pytest.mark.django_db
def test_a_school_year_is_named_in_the_pages_language(web: Any, as_role: Any) -> None:
    client = as_role("leader")
    chinese = client.get("/r/441802/2023/schools/").content.decode()
    assert "<h1>清城区 · 2023–2024学年 · 学校名录" in chinese
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/r/441802/2023/schools/").content.decode()
    assert "<h1>清城区 · school year 2023–2024 · School registry" in english


def test_the_marked_vocabulary_equals_its_sources() -> None:
    from eduplan.core.plan_tracking import INDICATOR_STATUSES, PROJECT_STATUSES
    from eduplan.store.models.accounts import ROLES
    from eduplan.web.vocabulary import INDICATOR_STATUS_NAMES, PROJECT_STATUS_NAMES, ROLE_NAMES

    assert tuple(ROLES.values()) == ROLE_NAMES
    assert INDICATOR_STATUS_NAMES == INDICATOR_STATUSES
    assert PROJECT_STATUS_NAMES == PROJECT_STATUSES


@pytest.mark.django_db
def test_roles_and_plan_statuses_are_translated(web: Any, as_role: Any) -> None:
    client = as_role("leader")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/r/441802/2023/").content.decode()
    assert "t-leader · Bureau leader" in body
    assert "Plan indicators · On track" in body and "Plan indicators · At risk" in body
    assert '<td class="pass">On track</td>' in body  # 学前三年毛入园率: 96.5 in 2022 ≥ the planned 96.2


def test_every_template_text_has_its_english() -> None:
    """Each `{% translate "…" %}` literal of every template renders differently in English: a page added without
    its translations shows Chinese in the English interface."""
    import re
    from pathlib import Path

    from django.template import Context, Template
    from django.utils import translation

    templates = Path(__file__).resolve().parents[2] / "src" / "eduplan" / "web" / "templates"
    literals = {
        text
        for path in templates.rglob("*.html")
        for text in re.findall(r'{% translate "([^"]+)" %}', path.read_text(encoding="utf-8"))
    }
    assert len(literals) > 150
    with translation.override("en"):
        untranslated = sorted(
            text
            for text in literals
            if Template('{% load i18n %}{% translate "' + text + '" %}').render(Context()) == text
        )
    assert untranslated == []
