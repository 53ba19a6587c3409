from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import run_eduplan


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def store_env(tmp_path: Path) -> dict[str, str]:
    return {"EDUPLAN_VAR": str(tmp_path), "EDUPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'eduplan.sqlite3'}"}


def test_version_prints_the_package_version():
    result = run_eduplan("version")
    assert (result.returncode, result.stdout) == (0, "eduplan 0.1.0\n")


def test_a_wrong_argument_is_one_line_and_exit_status_2():
    result = run_eduplan("export", "census", "--year", "abc", "--out", "x.xlsx")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "eduplan export census: Invalid value for '--year': 学年 'abc' 不对：应为 1990–2100 之间的四位年份"
        "（2023 表示 2023–2024学年） (see 'eduplan export census --help')"
    ]


def test_a_missing_store_says_how_to_create_it(tmp_path):
    result = run_eduplan(
        "export", "census", "--year", "2020", "--out", str(tmp_path / "c.xlsx"), env=store_env(tmp_path)
    )
    assert result.returncode == 3
    assert result.stderr.strip() == (
        f"错误 / error: 数据库不存在：SQLite {tmp_path / 'eduplan.sqlite3'}。先运行 `eduplan init`（或 `make demo`）创建。"
    )


def test_init_creates_the_store_with_the_shipped_regions(tmp_path):
    result = run_eduplan("init", env=store_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "行政区划" in result.stdout
    missing_year = run_eduplan(
        "export", "census", "--year", "2020", "--out", str(tmp_path / "c.xlsx"), env=store_env(tmp_path)
    )
    assert missing_year.returncode == 3
    assert "2020学年没有当前版本的普查数据" in missing_year.stderr
    assert not (tmp_path / "c.xlsx").exists()


def test_serve_answers_200_on_a_free_port(tmp_path):
    env = store_env(tmp_path)
    assert run_eduplan("init", env=env).returncode == 0
    port = free_port()
    exe = Path(sys.executable).parent / "eduplan"
    import os

    server = subprocess.Popen(
        [str(exe), "serve", "--port", str(port)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        status = None
        deadline = time.monotonic() + 90  # generous: CI machines are small and may be busy
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    status = response.status
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_store_older_than_the_code_says_to_upgrade_then_works(tmp_path):
    import os

    env = store_env(tmp_path)
    assert run_eduplan("init", env=env).returncode == 0
    # Take the store back to its first migration, as a store made by an older eduplan would be.
    back = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "store", "0001", "--settings", "eduplan.settings"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert back.returncode == 0, back.stderr
    migrations = Path(__file__).resolve().parents[2] / "src" / "eduplan" / "store" / "migrations"
    later = len(list(migrations.glob("0[0-9][0-9][0-9]_*.py"))) - 1
    result = run_eduplan("serve", "--port", str(free_port()), env=env, timeout=60)
    assert result.returncode == 3
    assert result.stderr.strip() == (
        f"错误 / error: 数据库 SQLite {tmp_path / 'eduplan.sqlite3'} 的表结构比程序旧（{later} 个迁移未执行）。"
        "运行 `eduplan init` 升级（数据保留）。"
    )
    # Every command that opens the store refuses it the same way, before writing anything.
    assert run_eduplan("versions", "census", "--year", "2020", env=env).stderr == result.stderr
    assert run_eduplan("init", env=env).returncode == 0
    assert run_eduplan("versions", "census", "--year", "2020", env=env).returncode == 0


def test_every_command_module_is_registered():
    """cli.py lists the command modules explicitly: a module of commands/ left out of it would never be loaded."""
    import pkgutil

    import eduplan.commands
    from eduplan.cli import COMMAND_MODULES

    modules = {m.name for m in pkgutil.iter_modules(eduplan.commands.__path__)} - {"groups"}
    assert sorted(m.__name__.rsplit(".", 1)[1] for m in COMMAND_MODULES) == sorted(modules)
