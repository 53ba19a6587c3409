"""Headers every answer carries (CSP, no-store), the login lock a stranger cannot abuse, the idle timeout, and
the production switches (DEBUG impossible, proxy TLS header, HSTS, Chinese error pages)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.web.test_security import _production_env, _python
from tests.web.world import PASSWORD, ROLE_USERS, WebWorld


@pytest.mark.django_db
def test_pages_and_the_api_carry_a_csp_without_inline_script_and_no_store(web: WebWorld, as_role: Any) -> None:
    leader = as_role("leader")
    for url in (f"/r/{web.county}/2023/", f"/r/{web.county}/2023/value-added/", "/api/regions/", "/audit/"):
        response = leader.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'self'", csp
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert "no-store" in response["Cache-Control"], url
    # Static files keep their cache (WhiteNoise answers them before the no-store middleware).
    static = Client().get("/static/web/charts.js")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")


def test_no_template_has_an_inline_script_or_handler() -> None:
    """The CSP refuses them: every script is a static file, every chart option JSON data (json_script)."""
    import re

    web = Path(__file__).resolve().parents[2] / "src" / "eduplan" / "web" / "templates"
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:", re.I)
    found = {f.name: m.group(0) for f in web.rglob("*.html") if (m := inline.search(f.read_text(encoding="utf-8")))}
    assert found == {}


@pytest.fixture
def locked_world(web: WebWorld, settings: Any) -> str:
    settings.AXES_ENABLED = True
    return ROLE_USERS["planning"]


def _try(username: str, password: str, address: str) -> int:
    response = Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})
    return response.status_code


@pytest.mark.django_db
def test_attempts_while_locked_do_not_restart_the_cool_off(locked_world: str) -> None:
    user = locked_world
    start = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(4):
            assert _try(user, "wrong", "203.0.113.9") == 200
        assert _try(user, "wrong", "203.0.113.9") == 429  # the fifth failure locks
        assert _try(user, PASSWORD, "203.0.113.9") == 429
        # The stranger tries again every minute during the 15 minutes ...
        for minute in range(1, 15):
            clock.move_to(start + dt.timedelta(minutes=minute))
            assert _try(user, "wrong", "203.0.113.9") == 429
        # ... and the lock still ends 15 minutes after the fifth failure.
        clock.move_to(start + dt.timedelta(minutes=15, seconds=1))
        assert _try(user, PASSWORD, "203.0.113.9") == 302


@pytest.mark.django_db
def test_a_stranger_elsewhere_does_not_lock_the_user_out(locked_world: str) -> None:
    user = locked_world
    for _ in range(6):
        _try(user, "wrong", "198.51.100.7")
    assert _try(user, PASSWORD, "198.51.100.7") == 429
    assert _try(user, PASSWORD, "192.0.2.10") == 302  # the user's own address


@pytest.mark.django_db
def test_an_admin_lifts_a_lock(locked_world: str) -> None:
    from click.testing import CliRunner

    from eduplan.cli import main

    user = locked_world
    for _ in range(5):
        _try(user, "wrong", "203.0.113.9")
    assert _try(user, PASSWORD, "203.0.113.9") == 429
    result = CliRunner().invoke(main, ["unlock", user])
    assert result.exit_code == 0, result.output
    assert f"已解除 {user} 的登录锁定" in result.output
    assert _try(user, PASSWORD, "203.0.113.9") == 302


@pytest.mark.django_db
def test_an_idle_session_ends_and_an_active_one_goes_on(web: WebWorld, as_role: Any, settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client = as_role("leader")
        page = reverse("audit")
        for minutes in (20, 40, 60):  # a request every 20 minutes keeps it alive
            clock.move_to(start + dt.timedelta(minutes=minutes))
            assert client.get(page).status_code == 200, minutes
        clock.move_to(start + dt.timedelta(minutes=60 + 31))
        assert client.get(page)["Location"] == f"/accounts/login/?next={page}"


def test_production_refuses_debug_and_trusts_the_proxy_tls_header(tmp_path: Path) -> None:
    refused = _python("import django; django.setup()", _production_env(tmp_path, EDUPLAN_DEBUG="1"))
    assert refused.returncode != 0
    assert "debug pages are never served in production" in refused.stderr
    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.DEBUG, s.SECURE_PROXY_SSL_HEADER,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS]))"
    )
    result = _python(code, _production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '[false, ["HTTP_X_FORWARDED_PROTO", "https"], 31536000, true]'


def test_the_demo_runs_without_debug(tmp_path: Path) -> None:
    env = {k: v for k, v in _production_env(tmp_path).items() if k not in ("EDUPLAN_PRODUCTION", "EDUPLAN_SECRET_KEY")}
    result = _python("from django.conf import settings as s; print(s.DEBUG)", env)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.django_db
def test_errors_are_chinese_pages_without_a_traceback(web: WebWorld, as_role: Any, settings: Any) -> None:
    settings.DEBUG = False
    leader = as_role("leader")
    missing = leader.get("/no-such-page/")
    assert missing.status_code == 404
    body = missing.content.decode()
    assert "页面不存在" in body and "URLconf" not in body and "eduplan.web.urls" not in body
    from django.template.loader import get_template

    assert "服务器内部错误" in get_template("500.html").render()


@pytest.mark.django_db
def test_an_admin_lifts_a_lock_on_the_users_page(locked_world: str) -> None:
    from django.contrib.auth.models import User

    from eduplan.store.models import AuditEntry

    def as_role(role: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=ROLE_USERS[role]))
        return client

    user = locked_world
    for _ in range(5):
        _try(user, "wrong", "203.0.113.9")
    assert _try(user, PASSWORD, "203.0.113.9") == 429
    target = User.objects.get(username=user)
    # Another role may not; the administrator of the county may.
    assert as_role("leader").post(reverse("user_scope", args=[target.pk]), {"unlock": "1"}).status_code == 403
    assert _try(user, PASSWORD, "203.0.113.9") == 429
    done = as_role("admin").post(reverse("user_scope", args=[target.pk]), {"unlock": "1"})
    assert done.status_code == 302
    assert _try(user, PASSWORD, "203.0.113.9") == 302
    assert AuditEntry.objects.filter(action="user.unlock", object_id=user).count() == 1
