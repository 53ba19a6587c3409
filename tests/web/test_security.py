"""Production hardening: `manage.py check --deploy` is clean, secrets come only from the environment, cookies are
secure, a production store has no demo logins, and the audit trail has no way to be changed through the app.

Login rate limiting is in test_login.py, CSRF on every form in test_access.py.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import run_eduplan
from tests.web.world import WebWorld


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDUPLAN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return (
        env
        | {
            "DJANGO_SETTINGS_MODULE": "eduplan.settings",
            "EDUPLAN_PRODUCTION": "1",
            "EDUPLAN_SECRET_KEY": secrets.token_urlsafe(64),
            "EDUPLAN_ALLOWED_HOSTS": "eduplan.example.gov.cn",
            "EDUPLAN_VAR": str(tmp_path),
            "EDUPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'eduplan.sqlite3'}",
        }
        | extra
    )


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False, timeout=120
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=_production_env(tmp_path),
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_take_the_secret_from_the_environment_and_secure_the_cookies(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(64)
    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.SECRET_KEY, s.DEBUG,"
        " s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.ALLOWED_HOSTS]))"
    )
    result = _python(code, _production_env(tmp_path, EDUPLAN_SECRET_KEY=key))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [key, False, True, True, True, True, 31536000, ["eduplan.example.gov.cn"]]


@pytest.mark.parametrize("key", ["", "too-short"])
def test_production_refuses_to_start_without_a_real_secret(tmp_path: Path, key: str) -> None:
    result = _python("import django; django.setup()", _production_env(tmp_path, EDUPLAN_SECRET_KEY=key))
    assert result.returncode != 0
    assert "EDUPLAN_PRODUCTION=1 needs EDUPLAN_SECRET_KEY (at least 50 random characters)" in result.stderr


def test_a_production_store_has_no_demo_logins(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    result = run_eduplan("init", env=env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "eduplan.sqlite3") as db:
        assert db.execute("select count(*) from auth_user").fetchone() == (0,)
        assert db.execute("select count(*) from store_region").fetchone()[0] > 0  # init did run


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_audit_trail_cannot_be_changed_through_the_app(web: WebWorld, as_role: Any, method: str) -> None:
    from eduplan.store.models import AuditEntry

    before = list(AuditEntry.objects.values_list("id", "summary"))
    admin = as_role("admin")
    assert getattr(admin, method)(reverse("audit")).status_code == 405
    assert getattr(admin, method)(reverse("api_audit")).status_code == 405
    assert list(AuditEntry.objects.values_list("id", "summary")) == before


def test_no_template_or_stylesheet_names_another_host() -> None:
    """The browser tests watch the pages they open; this covers every template and our own CSS and JS as well."""
    import re

    web = Path(__file__).resolve().parents[2] / "src" / "eduplan" / "web"
    files = [*(web / "templates").rglob("*.html"), *(web / "static" / "web").iterdir()]
    assert len(files) > 20
    outside = re.compile(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|url\(|@import", re.I)
    found = {f.name: m.group(0) for f in files if (m := outside.search(f.read_text(encoding="utf-8")))}
    assert found == {}
