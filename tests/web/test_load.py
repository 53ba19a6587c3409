"""The load test in its short form (#17): readers and writers at once against the real server (`eduplan serve`,
waitress, with its job worker) on a SQLite store of its own: no error, no `database is locked`. The 5-minute form
with 20 readers and 2 writers on the demo store is `bench/bench_web_load.py --acceptance`.

Where the tests run on PostgreSQL (`make test-postgres`: EDUPLAN_DATABASE_URL names a PostgreSQL server), the same
load runs a second time on a PostgreSQL store of its own: a database created on that server for the test (migrated,
then dropped).

Every request writes too (the session is renewed on each one); the writers submit report jobs (a job row, its
queue entry, an audit entry each).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
from bench_load import Client, _free_port  # noqa: E402

READS = ("/jobs/", "/census/", "/api/regions/", "/audit/")
READERS, WRITERS, SECONDS = 4, 2, 4.0


SERVER_URL = os.environ.get("EDUPLAN_DATABASE_URL", "")
STORES = ["sqlite", *(["postgresql"] if SERVER_URL.startswith("postgres") else [])]


@contextmanager
def _store(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of an empty migrated store of the test's own: a copy of the migrated SQLite file, or a database
    created (and migrated) on the PostgreSQL server of the test run, dropped afterwards."""
    if kind == "sqlite":
        shutil.copy(request.getfixturevalue("migrated_sqlite"), tmp_path / "eduplan.sqlite3")
        yield f"sqlite:///{tmp_path / 'eduplan.sqlite3'}"
        return
    import psycopg

    server = urlsplit(SERVER_URL)
    name = f"eduplan_load_{os.getpid()}"
    url = urlunsplit(server._replace(path=f"/{name}"))
    admin = urlunsplit(server._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    try:
        env = {**os.environ, "EDUPLAN_VAR": str(tmp_path), "EDUPLAN_DATABASE_URL": url}
        code = "from eduplan import store; store.migrate()"
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=600)
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.parametrize("kind", STORES)
def test_readers_and_writers_at_once_get_no_error_and_no_locked_database(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with _store(kind, tmp_path, request) as url:
        _load(url, tmp_path)


def _load(url: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "EDUPLAN_VAR": str(tmp_path),
        "EDUPLAN_DATABASE_URL": url,
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
        "EDUPLAN_WORKER": "0",  # the jobs stay queued: the worker process is tests/store/test_jobs_worker.py's
    }
    subprocess.run([sys.executable, "-m", "tests.web.load_store"], env=env, cwd=REPO, check=True, timeout=300)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "eduplan.cli", "serve", "--port", str(port)], env=env, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    outcomes: list[tuple[str, int]] = []
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        clients = [Client(base, "demo-admin") for _ in range(READERS + WRITERS)]
        stop = time.monotonic() + SECONDS
        lock = threading.Lock()

        def read(client: Client, offset: int) -> None:
            i = offset
            while time.monotonic() < stop:
                status, _ = client.get(READS[i % len(READS)])
                i += 1
                with lock:
                    outcomes.append(("read", status))

        def write(client: Client) -> None:
            while time.monotonic() < stop:
                status, body = client.post("/r/441802/2023/reports/staffing.pdf/job/", {})
                with lock:
                    outcomes.append(("write", status if 'id="job-progress"' in body else -status))

        threads = [threading.Thread(target=read, args=(c, n)) for n, c in enumerate(clients[:READERS])]
        threads += [threading.Thread(target=write, args=(c,)) for c in clients[READERS:]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
    text = log.read_text(errors="replace")
    assert "database is locked" not in text and "Traceback" not in text, text[-2000:]
    assert {kind for kind, _ in outcomes} == {"read", "write"}
    assert [o for o in outcomes if o[1] != 200] == []
    assert sum(kind == "read" for kind, _ in outcomes) >= READERS  # each reader finished requests
