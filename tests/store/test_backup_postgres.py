"""``eduplan backup`` and ``eduplan restore`` on PostgreSQL (``pg_dump``/``pg_restore``): the same script and the
same byte-identical exports as on SQLite (tests/cli/test_backup.py), run in ``make test-postgres`` against a
database of its own on the throwaway cluster."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_backup import backup_and_restore


@pytest.mark.django_db
def test_a_postgresql_store_is_backed_up_and_restored_byte_identically(tmp_path: Path) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: runs in make test-postgres (tests/cli/test_backup.py covers SQLite)")
    url = os.environ["EDUPLAN_DATABASE_URL"]
    name = f"backup_{os.getpid()}"
    _create_database(connection, name)
    try:
        backup_and_restore(tmp_path, url.rsplit("/", 1)[0] + f"/{name}")
    finally:
        _drop_database(connection, name)


def _create_database(connection: Any, name: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')


def _drop_database(connection: Any, name: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
