"""The real worker process (`eduplan worker`, django-tasks' db_worker) on a SQLite store of its own: it picks up the
queued jobs; killed in the middle of a job's transaction, it leaves nothing written, and the next worker start marks
that job failed."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from eduplan.store.jobs import CRASHED

REPO = Path(__file__).resolve().parents[2]


def _helper(env: dict[str, str], *arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.job_worker", *arguments],
        env={**os.environ, **env},
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_worker_runs_queued_jobs_and_a_killed_job_is_failed_and_rolled_back_on_restart(
    tmp_path: Path, migrated_sqlite: Path
) -> None:
    database = tmp_path / "eduplan.sqlite3"
    shutil.copy(migrated_sqlite, database)
    env = {"EDUPLAN_VAR": str(tmp_path), "EDUPLAN_DATABASE_URL": f"sqlite:///{database}"}
    submitted = _helper(env, "submit")
    out, err = submitted.communicate(timeout=120)
    assert submitted.returncode == 0, err
    quick, hang = (int(line) for line in out.split())

    def jobs() -> dict[int, tuple[str, int, str]]:
        with sqlite3.connect(database) as db:
            rows = db.execute("select id, state, progress, error from store_job").fetchall()
        return {row[0]: (row[1], row[2], row[3]) for row in rows}

    assert jobs() == {quick: ("queued", 0, ""), hang: ("queued", 0, "")}
    worker = _helper(env, "--interval", "0.2")
    assert worker.stderr is not None
    lines = []
    while (line := worker.stderr.readline()) != "IN TRANSACTION\n":
        assert line, f"the worker ended early: {''.join(lines)}"
        lines.append(line)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=60)
    assert jobs() == {quick: ("done", 100, ""), hang: ("running", 10, "")}

    restarted = _helper(env, "--batch")
    _, err = restarted.communicate(timeout=120)
    assert restarted.returncode == 0, err
    assert f"后台任务 {hang} 的进程已中断，已标为失败" in err
    assert jobs() == {quick: ("done", 100, ""), hang: ("failed", 10, CRASHED)}
    with sqlite3.connect(database) as db:
        assert db.execute("select count(*) from store_region where code = '990000'").fetchone() == (0,)
        assert sorted(db.execute("select status from django_tasks_database_dbtaskresult").fetchall()) == [
            ("FAILED",),
            ("SUCCESSFUL",),
        ]
