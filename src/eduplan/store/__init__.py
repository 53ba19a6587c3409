"""The operational store (Django models) and the code that moves tables between it and core.

Call :func:`setup` before touching a model from outside Django (the CLI, scripts, benchmarks).
"""

from __future__ import annotations

import os


def setup() -> None:
    """Configure Django with ``eduplan.settings`` (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eduplan.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def open_store() -> None:
    """Set up Django and check the store exists and is as new as the code; say how to create or upgrade it if not."""
    setup()
    from django.conf import settings
    from django.db import connection
    from django.db.utils import Error as DatabaseError

    from eduplan.errors import StoreMissing

    where = describe_store()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        from pathlib import Path

        path = Path(str(db["NAME"]))
        if not path.exists() or path.stat().st_size == 0:
            raise StoreMissing(f"数据库不存在：{where}。先运行 `eduplan init`（或 `make demo`）创建。")
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as exc:
        raise StoreMissing(
            f"无法打开数据库 {where}：{exc}。检查 EDUPLAN_DATABASE_URL，或运行 `eduplan init`。"
        ) from None
    if "store_region" not in tables:
        raise StoreMissing(f"数据库 {where} 尚未初始化。运行 `eduplan init` 创建表结构。")
    # A store older than the code would fail later, half-way, on the first new column: refuse it up front.
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise StoreMissing(
            f"数据库 {where} 的表结构比程序旧（{len(pending)} 个迁移未执行）。运行 `eduplan init` 升级（数据保留）。"
        )


def describe_store() -> str:
    """Where the store is, without the password."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('USER', '')}@{db.get('HOST', '')}:{db.get('PORT', '')}/{db.get('NAME', '')}"


def migrate(verbosity: int = 0) -> None:
    """Create or upgrade the store's tables."""
    setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
