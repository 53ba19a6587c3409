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
