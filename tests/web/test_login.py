"""Logging in: the form, the redirect, and django-axes' rate limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.web.world import PASSWORD


@pytest.fixture
def clerk(world: Any, settings: Any) -> str:
    from django.contrib.auth.models import User

    from eduplan.store.models import UserScope

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_user("t-login", password=PASSWORD)
    UserScope.objects.create(user=user, role="clerk", school_code=world.open_school)
    return "t-login"


@pytest.mark.django_db
def test_a_login_goes_where_the_user_was_sent_from(clerk: str) -> None:
    client = Client()
    assert client.get("/audit/")["Location"] == "/accounts/login/?next=/audit/"
    response = client.post("/accounts/login/", {"username": clerk, "password": PASSWORD, "next": "/audit/"})
    assert response["Location"] == "/audit/"


@pytest.mark.django_db
def test_a_login_never_redirects_off_the_site(clerk: str) -> None:
    response = Client().post(
        "/accounts/login/", {"username": clerk, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_a_wrong_password_is_refused_in_chinese(clerk: str) -> None:
    response = Client().post("/accounts/login/", {"username": clerk, "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


@pytest.mark.django_db
def test_five_failures_lock_the_account_out_even_for_the_right_password(clerk: str) -> None:
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": clerk, "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": clerk, "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
