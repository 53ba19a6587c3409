"""``eduplan import fitness`` / ``eduplan assess fitness`` as a user runs them (a fresh SQLite store)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_eduplan
from tests.store.test_fitness import HEADER, ROWS

OPEN_SCHOOL = """
from eduplan import store
store.setup()
from eduplan.store.registry import do_open_school
do_open_school("4418029901", 2019, name="测试小学", region_id="441802", school_type="小学", sponsor="公办",
               urban_rural="城区")
"""


def test_import_and_assess(tmp_path: Path) -> None:
    env = {
        "EDUPLAN_VAR": str(tmp_path),
        "EDUPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'eduplan.sqlite3'}",
        "EDUPLAN_PSEUDONYM_KEY": "cli-test-key-0123456789",
    }
    assert run_eduplan("init", env=env).returncode == 0
    assert subprocess.run([sys.executable, "-c", OPEN_SCHOOL], env={**os.environ, **env}, check=False).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nG1,张三,3,1班,男,300,17,2300,9.1,16.3,126,48,,,\n", encoding="utf-8")
    result = run_eduplan("import", "fitness", str(bad), "--school", "4418029901", "--year", "2023", env=env)
    assert result.returncode == 3
    assert "bad.csv:体测成绩!F2: “身高”不可能是这个值；应为 80–230 厘米，实际为 300" in result.stderr
    assert not (tmp_path / "fitness" / "2023").exists() or not any((tmp_path / "fitness" / "2023").iterdir())
    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    result = run_eduplan("import", "fitness", str(good), "--school", "4418029901", "--year", "2023", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "已导入 good.csv：学校 4418029901 2023 学年体测成绩第 1 版，7 名学生，其中免测/缓测 1 名"
    )
    result = run_eduplan("assess", "fitness", "--region", "441802", "--year", "2023", "--json", env=env)
    assert result.returncode == 0, result.stderr
    county = json.loads(result.stdout)["county"]
    assert (county["scored"], county["counts"]["passed"], county["counts"]["excellent"]) == (6, 5, 5)
