"""Faults of the machine answer cleanly: the database unreachable is a 503 page (JSON under /api/) saying nothing
was saved, a full disk during an upload a 507 with nothing kept, and the next request works once the fault is gone."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from django.db.utils import OperationalError
from django.test import Client

from tests.web.world import CITY_ANALYST, PASSWORD, WebWorld


def _broken(exc: BaseException) -> Any:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return fail


def test_an_unreachable_database_is_a_503_saying_nothing_was_saved(
    web: WebWorld, as_role: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = as_role("planning")
    down = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with monkeypatch.context() as patched:
        patched.setattr("eduplan.web.views.api.regions_in_scope", _broken(down))
        patched.setattr("eduplan.web.views.schools.schools_in_scope", _broken(down))
        api = client.get("/api/regions/")
        page = client.get(f"/r/{web.county}/2023/schools/")
    assert api.status_code == 503 and api["Retry-After"] == "30"
    assert api.json() == {
        "error": "数据库暂时无法访问：本次操作没有保存。请稍候半分钟再试；如持续出现，请联系系统管理员。"
    }
    assert page.status_code == 503 and "<h1>数据库暂时无法访问</h1>" in page.content.decode()
    # The fault gone, the same requests answer again without any restart.
    assert client.get("/api/regions/").status_code == 200
    assert client.get(f"/r/{web.county}/2023/schools/").status_code == 200


def test_a_full_disk_during_an_upload_is_a_507_and_keeps_nothing(
    web: WebWorld, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: Any
) -> None:
    from eduplan.store.models import AuditEntry, CensusVersion

    settings.MEDIA_ROOT = tmp_path
    city = Client()
    assert city.login(username=CITY_ANALYST, password=PASSWORD)  # the census right over every school of the year
    before = (CensusVersion.objects.count(), AuditEntry.objects.count())
    full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(
        Path, "replace", _broken(full)
    )  # the upload's last step: its bytes never become the file (any workbook will do: nothing reads it)
    with open(Path(__file__).parents[1] / "data" / "bad_census" / "bad_enum.xlsx", "rb") as book:
        response = city.post("/census/upload/", {"year": 2023, "file": book})
    assert response.status_code == 507 and "<h1>服务器存储空间已满</h1>" in response.content.decode()
    assert (CensusVersion.objects.count(), AuditEntry.objects.count()) == before
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # no partial upload left behind


@pytest.mark.django_db(transaction=True)
def test_a_postgresql_restart_costs_no_eduplan_restart(live_server: Any, web: WebWorld) -> None:
    """Every server connection killed, as a PostgreSQL restart does: the next request on the same keep-alive
    connection (the same server thread, the same persistent database connection) answers 200 or a clean 503, and
    the one after it 200 — eduplan itself is never restarted."""
    import requests
    from django.contrib.auth import get_user_model
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: runs in make test-postgres (SQLite has no server to restart)")
    client = Client()
    client.force_login(get_user_model().objects.get(username=CITY_ANALYST))
    browser = requests.Session()
    browser.cookies.set("sessionid", client.cookies["sessionid"].value)
    assert browser.get(f"{live_server.url}/api/regions/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1  # the live server's connection was among them
    statuses = [browser.get(f"{live_server.url}/api/regions/").status_code for _ in range(2)]
    assert statuses[0] in (200, 503) and statuses[1] == 200, statuses
