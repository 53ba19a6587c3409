"""``eduplan admission seats|run`` and ``eduplan import applicants`` as a user runs them (a fresh SQLite store)."""

from __future__ import annotations

import json
from pathlib import Path

from eduplan.ingest.admission import write_applicants
from tests.conftest import run_eduplan
from tests.store.admission_world import APPLICANTS, DISTRICT, SEATS


def test_seats_import_and_run_from_the_command_line(tmp_path: Path) -> None:
    env = {"EDUPLAN_VAR": str(tmp_path), "EDUPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'eduplan.sqlite3'}",
           "EDUPLAN_PSEUDONYM_KEY": "cli-test-key-0123456789"}  # fmt: skip
    where = ("--region", DISTRICT, "--year", "2025")
    assert run_eduplan("init", env=env).returncode == 0
    SEATS.to_csv(tmp_path / "seats.csv", index=False)
    seats = run_eduplan("admission", "seats", *where, "--file", str(tmp_path / "seats.csv"), env=env)
    assert seats.stdout.strip() == "已保存 2025 年积分入学学位 3 校次，共 5 个", seats.stderr
    missing = run_eduplan("admission", "run", *where, env=env)
    assert (missing.returncode, missing.stderr.strip()) == (3, "错误 / error: 2025 年尚未导入积分入学申请")
    bad = APPLICANTS.assign(choices=[["4401149999"], *list(APPLICANTS["choices"][1:])])
    write_applicants(tmp_path / "bad.xlsx", bad)
    refused = run_eduplan("import", "applicants", str(tmp_path / "bad.xlsx"), *where, env=env)
    assert refused.returncode == 3
    assert "bad.xlsx:申请人!" in refused.stderr and "该校没有本年度积分入学学位" in refused.stderr
    write_applicants(tmp_path / "good.xlsx", APPLICANTS)
    imported = run_eduplan("import", "applicants", str(tmp_path / "good.xlsx"), *where, env=env)
    assert imported.stdout.strip() == "已导入 good.xlsx：6 份申请（2025 年第 1 版）", imported.stderr
    ran = run_eduplan("admission", "run", *where, "--seed", "5", "--json", env=env)
    assert ran.returncode == 0, ran.stderr
    district = json.loads(ran.stdout)["district"]
    assert (district["placed"], district["placed_public"], district["placed_purchased"]) == (5, 3, 2)
